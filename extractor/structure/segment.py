"""Segment normalised text into a section tree (I./1./2.1./a) headings) and content blocks.

Heading words give each section a kind (rules/sections.yaml). Numbered lines
are headings only when they read like one: marked as a heading in the source,
followed by their own bullets or items, or short and not a sentence. Numbered
running paragraphs ("1. Ngân sách nhà nước thực hiện theo ...") stay content.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.models import Block, NormalisedText, Section
from .kinds import ContentCues, content_kind, part_kind
from ..read.normalise import construct
from ..core.rules import load_rules


class _InlineHeadings(BaseModel):
    not_in_label: str
    group_label: str
    value_after: str
    max_label: int
    examples: list[dict] = []
    counterexamples: list[str] = []


class _SectionRules(BaseModel):
    kinds: dict[str, list[str]]
    content: dict
    inline_headings: _InlineHeadings
    sub_overrides: list[str] = []
    closing_starts: list[str]
    appendix: str
    value_line: str = ""
    lead_in_line: str = ""
    value_line_examples: list[str] = []
    value_line_counterexamples: list[str] = []
    appendix_examples: list[dict[str, Optional[str]]] = []
    appendix_counterexamples: list[str] = []
    preamble_titles: list[str]
    articles: str
    examples: list[dict[str, str]] = []
    counterexamples: list[str] = []


class _Compiled:
    def __init__(self, r: _SectionRules):
        self.cues = [
            (kind, patterns.compile(rf"(?<!\p{{L}}){regex.escape(cue)}(?!\p{{L}})", regex.IGNORECASE))
            for kind, cues in r.kinds.items()
            for cue in cues
        ]
        self.sub_overrides = set(r.sub_overrides)
        self.any_closing = patterns.compile("|".join(f"(?:{p})" for p in r.closing_starts))
        self.titles = [patterns.compile(p) for p in r.preamble_titles]
        self.appendix = patterns.compile(r.appendix)
        self.value_line = patterns.compile(r.value_line, regex.IGNORECASE) if r.value_line else None
        self.lead_in_line = patterns.compile(r.lead_in_line, regex.IGNORECASE) if r.lead_in_line else None
        self.article = patterns.compile(r.articles)
        self.content = ContentCues(r.content)
        inline = r.inline_headings
        # A label of bodies before a colon that has a duty after it (the head nouns are those of
        # the organisation sub-headings, content.organization.sub_heading).
        self.inline_label = patterns.compile(
            rf"(?:{r.content['organization']['sub_heading']})[^:;\n]{{0,{inline.max_label}}}?(?=\s*:\s*\S)",
            regex.IGNORECASE)
        self.not_in_label = patterns.compile(inline.not_in_label)
        self.group_label = patterns.compile(rf"(?:{inline.group_label})(?=\s*:\s*\S)", regex.IGNORECASE)
        self.value_after = patterns.compile(inline.value_after, regex.IGNORECASE)
        # "<label>: <value>" and nothing after it but an ending.
        self.value_item = patterns.compile(rf"[^:;\n]{{3,160}}?{inline.value_after}\s*[;.,]?\s*$", regex.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("sections.yaml", _SectionRules))


def kinds_in(heading: str) -> list[tuple[int, int, str, str]]:
    """(position, -length, kind, cue as written) of every kind cue in a heading, earliest first."""
    found = []
    for kind, rx in _rules().cues:
        m = rx.search(heading)
        if m:
            found.append((m.start(), -(m.end() - m.start()), kind, m.group(0)))
    return sorted(found)


def heading_kind(heading: str) -> Optional[str]:
    """Kind named first in a heading, or None.

    >>> heading_kind("MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP")
    'goals'
    >>> heading_kind("Sở Tài chính") is None
    True
    """
    found = kinds_in(heading)
    return found[0][2] if found else None


_ROMAN = patterns.compile(r"^(?P<label>[IVX]{1,5})\s*[.)]\s*(?P<text>\S.*)$")
_NUM_DOTTED = patterns.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<text>\S.*)$")
# "2.500 bản sách ..." is a number opening a line, not item 2: no digit right after the dot.
_NUM = patterns.compile(r"^(?P<label>\d{1,2})\s*[.)](?!\d)\s*(?P<text>\S.*)$")
_LETTER = patterns.compile(r"^(?P<label>[a-zđ]\d?)\)\s*(?P<text>.*)$")  # "a) ", "a1) "
# Word's list glyphs pasted as text: "◦", "▪", "➢", and "o" before a capital (its second-level bullet).
_BULLET = patterns.compile(r"^(?P<label>[-–—+•*◦▪➢]|o(?=\s+\p{Lu}))\s*(?P<text>\S.*)$")
_SENTENCE_INSIDE = patterns.compile(r"[.;:!?]\s+\p{Lu}")
# The classes start with disjoint characters, so the first one tells which patterns can match.
# (a bullet "o" before a capital is tried before the letters: "o) ..." stays a letter item)
_FIRST = patterns.compile(r"(?P<roman>[IVX])|(?P<num>\d)|(?P<bullet>[-–—+•*◦▪➢]|o(?=\s+\p{Lu}))|(?P<letter>[a-zđ])")
_CANDIDATES = {
    "roman": (("roman", _ROMAN),),
    "num": (("num", _NUM_DOTTED), ("num", _NUM)),
    "letter": (("letter", _LETTER),),
    "bullet": (("bullet", _BULLET),),
}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _is_roman(s: str) -> bool:
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    # Reject malformed numerals such as "IIII" or "VV" by round-tripping small values.
    return 0 < total <= 20 and s == _to_roman(total)


def _to_roman(n: int) -> str:
    out = ""
    for v, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += sym
            n -= v
    return out


@dataclass
class _Line:
    start: int
    end: int
    text: str
    marked: bool
    indent: int
    cls: str  # roman | num | letter | bullet | text
    label: Optional[str] = None
    body_start: int = 0  # offset (absolute) where the text after the label starts
    heading: bool = False
    level: int = 0
    inline: Optional[int] = None  # a body heading written inline: offset of its colon (the duty follows)
    after_blank: bool = False  # a blank line stood before it in the source


def _classify(norm: NormalisedText) -> list[_Line]:
    out = []
    for ln in norm.lines:
        text = norm.text[ln.start:ln.end]
        item = _Line(ln.start, ln.end, text, ln.marked, ln.indent, "text", body_start=ln.start,
                     after_blank=ln.after_blank)
        first = _FIRST.match(text)
        for cls, rx in _CANDIDATES[first.lastgroup] if first else ():
            m = rx.match(text)
            if m and (cls != "roman" or _is_roman(m.group("label"))):
                item.cls, item.label = cls, m.group("label")
                item.body_start = ln.start + m.start("text")
                break
        out.append(item)
    return out


def _reads_as_heading(body: str) -> bool:
    """Short, one phrase, not a finished sentence."""
    body = body.strip().rstrip("*").strip()
    if not (0 < len(body) <= 250 and not _SENTENCE_INSIDE.search(body) and body[-1] not in ".;,"):
        return False
    value_line = _rules().value_line
    return value_line is None or not value_line.search(body)  # "1.1. Thư viện tỉnh ...: 100%" is a target


def _opens_children(lines: list[_Line], i: int) -> bool:
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None:
        return False
    cur = lines[i]
    if nxt.cls == "bullet" or (nxt.cls == "letter" and cur.cls != "letter"):
        return True
    if cur.cls == "num" and nxt.cls == "num" and nxt.label.startswith(cur.label + "."):
        return True
    return cur.cls == "roman" and nxt.cls == "num"


def segment(norm: NormalisedText) -> tuple[list[Section], list[Block]]:
    """Section tree (preamble, numbered parts, closing) and content blocks of a normalised plan."""
    r = _rules()
    lines = _classify(norm)
    text = norm.text
    n_text = len(text)

    first_part = next((i for i, ln in enumerate(lines) if ln.cls == "roman"), None)
    has_roman = first_part is not None
    if first_part is None:
        first_part = next((i for i, ln in enumerate(lines) if ln.cls == "num" and heading_kind(ln.text)), len(lines))
    closing = next((i for i, ln in enumerate(lines) if i > first_part and r.any_closing.match(ln.text)), len(lines))
    article_parts, closing = _article_parts(lines, first_part, closing, text)

    # Decide which lines are headings and at what level.
    cur_num_level = 1
    enumerating: Optional[int] = None  # depth of numbered items that continue a sentence ending with ':'
    for i in range(first_part, closing):
        ln = lines[i]
        prev = lines[i - 1] if i > 0 else None
        # "Điều 1. Phê duyệt ... với các nội dung chủ yếu sau:" opens parts, not an enumeration
        if ln.cls == "num" and prev is not None and prev.cls == "text" and not prev.heading and prev.text.endswith(":") \
                and not (article_parts and r.article.match(prev.text)):
            enumerating = ln.label.count(".")
        elif ln.cls == "roman" or (ln.cls == "num" and enumerating is not None and ln.label.count(".") < enumerating):
            enumerating = None
        if i in article_parts:  # "Điều 2. Tổ chức thực hiện": a part of the plan the decision holds
            ln.heading, ln.level, ln.label, ln.body_start = True, 1, None, article_parts[i]
            cur_num_level, enumerating = 1, None
            continue
        if r.article.match(ln.text):
            continue
        body = text[ln.body_start:ln.end]
        if ln.cls == "roman":
            ln.heading, ln.level = True, 1
            cur_num_level = 1
        elif ln.cls == "num":
            if enumerating == ln.label.count(".") and not _opens_children(lines, i):
                continue  # an item of an enumeration introduced by "...: " is content, bold or not
            if r.lead_in_line is not None and not ln.marked and r.lead_in_line.match(body.strip()):
                continue  # "1. Tỷ lệ thư viện có cung cấp dịch vụ ... năm 2026:" then its items: a target's lead-in
            if ln.marked or _opens_children(lines, i) or (
                _reads_as_heading(body) and not (i + 1 < len(lines) and lines[i + 1].cls == "num" and lines[i + 1].label == ln.label)
            ):
                ln.heading = True
                ln.level = ln.label.count(".") + 1 + (1 if has_roman else 0)
                cur_num_level = ln.level
        elif ln.cls == "letter":
            if _rules().value_item.match(body) or (r.value_line is not None and r.value_line.search(body)
                                                   and not ln.marked):
                # "c) Thư viện tư nhân: 20%.", "c) Thư viện cơ sở giáo dục phổ thông đạt 80%.": the last item
                # of a list of values, whatever follows
                continue
            if ln.marked or _opens_children(lines, i) or (body.endswith(":") and len(body) <= 100):
                ln.heading, ln.level = True, cur_num_level + 1
        elif ln.cls == "text" and ln.text.isupper() and len(ln.text) < 100:
            found = kinds_in(ln.text)
            if found and found[0][0] == 0:
                ln.heading, ln.level, ln.label = True, 1, None
                cur_num_level = 1
    _inline_headings(lines, first_part, closing, text, has_roman)

    # Fields of each section, turned into Section models once their ends are known.
    sections: list[dict] = []
    owner: list[Optional[int]] = [None] * len(lines)  # index into sections for each line

    def add(level, label, heading, kind, start, parent, evidence="") -> int:
        sections.append(dict(
            section_id=f"s{len(sections) + 1:03d}", parent_id=parent, level=level, label=label,
            heading=heading, kind=kind, start_char=start, end_char=n_text,
            kind_evidence=evidence, kind_confidence=1.0,
        ))
        return len(sections) - 1

    if first_part > 0 and lines:
        title = next((ln.text for ln in lines[:first_part] if any(p.match(ln.text) for p in r.titles)), None)
        title = title.rstrip(":") if title else None
        pre = add(1, None, title, "preamble", 0, None, "position: before the first part")
        for i in range(first_part):
            owner[i] = pre

    stack: list[int] = []
    for i in range(first_part, closing):
        ln = lines[i]
        if ln.heading:
            while stack and sections[stack[-1]]["level"] >= ln.level:
                stack.pop()
            heading = _heading_text(text[ln.body_start:ln.inline if ln.inline is not None else ln.end])
            parent = sections[stack[-1]] if stack else None
            idx = add(ln.level, ln.label, heading, None, ln.start, parent["section_id"] if parent else None)
            stack.append(idx)
            owner[i] = idx
        else:
            owner[i] = stack[-1] if stack else None

    if closing < len(lines):
        opening = r.any_closing.match(lines[closing].text) or r.article.match(lines[closing].text)
        words = opening.group(0)
        cur = add(1, None, None, "closing", lines[closing].start, None, f"words: '{words}'")
        for i in range(closing, len(lines)):
            m = r.appendix.match(lines[i].text)
            if m:  # an appendix: a part of its own, labelled by the words naming it ("PHỤ LỤC I")
                title = (m.group("title") or _next_line_title(lines, i)).strip(" *")
                cur = add(1, m.group("label"), title, None, lines[i].start, None)
            owner[i] = cur

    # Close spans: a section ends where the next section of the same or higher level begins.
    ends = [n_text] * len(sections)
    for a, sa in enumerate(sections):
        for sb in sections[a + 1:]:
            if sb["level"] <= sa["level"] or sb["kind"] == "closing" and sa["kind"] != "closing":
                ends[a] = sb["start_char"]
                break
    for sa, end in zip(sections, ends):
        while end > sa["start_char"] and text[end - 1] in "\n ":
            end -= 1
        sa["end_char"] = end
    _decide_kinds(sections, text)
    models = [construct(Section, **sa) for sa in sections]

    return models, _blocks(lines, owner, models)


def _next_line_title(lines: list[_Line], i: int) -> str:
    """The title of an appendix whose label stands alone ("PHỤ LỤC I"): the line under it, if any."""
    return lines[i + 1].text if i + 1 < len(lines) else ""


def _heading_text(heading: str) -> Optional[str]:
    """A heading as stored: as written, except that a heading naming bodies drops the colon that
    introduces their duties ("a) Sở Văn hóa, Thể thao và Du lịch:" is the heading "Sở Văn hóa,
    Thể thao và Du lịch"); a heading of a topic keeps it ("2.2. Đối với bảo tàng:"). None when
    empty (a part opened by an article that is a lead-in)."""
    heading = heading.strip()
    if heading.endswith(":") and _rules().content.body_heading.match(heading):
        heading = heading[:-1].rstrip()
    return heading or None


def _article_parts(lines: list[_Line], first: int, closing: int, text: str) -> tuple[dict[int, int], int]:
    """Articles that are parts of the plan when a decision holds the plan itself, and where the
    closing then begins.

    A decision that approves the programme in its articles ("Điều 1. Phê duyệt Chương trình ...
    với các nội dung chủ yếu sau:" right before "1. Mục tiêu") writes the plan's parts as the
    article's numbered items, then its organisation part as an article of its own ("Điều 2. Tổ
    chức thực hiện", or a lead-in "Điều 2. Giao các sở ... cụ thể như sau:" before the bodies'
    items). Such a later article is a top-level part, unlabelled: {line index: offset where its
    heading starts}, the end of the line for a lead-in (no heading; the kind comes from what it
    holds). The first article that is neither ("Điều 3. Quyết định này có hiệu lực ...", the
    execution clause) opens the closing. A decision that attaches its plan states its articles
    before the plan's first part: nothing changes for it.
    """
    r = _rules()
    if not (0 < first < len(lines) and r.article.match(lines[first - 1].text)
            and lines[first - 1].text.rstrip().endswith(":")):
        return {}, closing
    parts: dict[int, int] = {}
    for i in range(first, closing):
        m = r.article.match(lines[i].text)
        if m is None:
            continue
        start = lines[i].start + m.end()
        while start < lines[i].end and text[start].isspace():
            start += 1
        body = text[start:lines[i].end]
        if _reads_as_heading(body) and kinds_in(body) and kinds_in(body)[0][0] == 0:
            parts[i] = start
        elif body.rstrip().endswith(":"):
            parts[i] = lines[i].end
        else:
            return parts, i
    return parts, closing


def inline_label_end(body: str) -> Optional[int]:
    """End of the label when a numbered line reads "<bodies>: <duty>", else None.

    The label opens with a body's head noun and holds no verb of a duty (rules/sections.yaml
    `inline_headings`): "Sở Tài chính: Căn cứ khả năng cân đối ngân sách, ..." has the label "Sở
    Tài chính"; "Sở Tài chính bố trí kinh phí theo nội dung sau: ..." has none.

    >>> body = "Sở Tài chính: Căn cứ khả năng cân đối ngân sách, tham mưu bố trí kinh phí."
    >>> body[:inline_label_end(body)]
    'Sở Tài chính'
    """
    r = _rules()
    m = r.inline_label.match(body)
    if m is None or r.not_in_label.search(m.group(0)):
        m = r.group_label.match(body)
        return m.end() if m else None
    # "a) Thư viện trường đại học: 95%;" is an item of a list of values, not a body and its duty.
    return None if r.value_after.match(body, m.end()) else m.end()


def _inline_headings(lines: list[_Line], first: int, closing: int, text: str, has_roman: bool) -> None:
    """Numbered or lettered lines "<bodies>: <duty>" among body headings are body headings too.

    "4. Sở Thông tin và Truyền thông" (a heading, its duties below it), then "5. Sở Tài chính:
    Căn cứ ..., tham mưu ..." and "6. Sở Kế hoạch và Đầu tư: Chủ trì ...": the numbering runs on,
    so 5 and 6 are headings of the same level whose duty is written after the colon. So do
    lettered ones ("b) Sở Giáo dục và Đào tạo:" with its bullets, then "c) Sở Lao động - Thương
    binh và Xã hội: chủ trì ..."), and a label grouping duties rather than naming bodies ("l) Chế
    độ báo cáo: Các sở ... báo cáo ...", rules/sections.yaml `group_label`). A line counts when the
    line numbered one before or after it at the same depth is a body heading (or such a line
    itself). Where no line of the run is a heading (every body written "<bodies>: <duty>"), they
    stay numbered paragraphs.
    """
    r = _rules()
    cands: dict[int, int] = {}
    for i in range(first, closing):
        ln = lines[i]
        if ln.cls in ("num", "letter") and not r.article.match(ln.text):
            end = inline_label_end(text[ln.body_start:ln.end])
            if end is not None:
                cands[i] = ln.body_start + end
    changed = True
    while changed:
        changed = False
        for i, colon in cands.items():
            ln = lines[i]
            if ln.inline is not None:
                continue
            near = [j for j in _neighbours(lines, i, first, closing) if _body_heading(lines[j], text)]
            if near:
                ln.inline, ln.heading = colon, True
                ln.level = lines[near[0]].level if ln.cls == "letter" else \
                    ln.label.count(".") + 1 + (1 if has_roman else 0)
                changed = True


def _body_heading(ln: _Line, text: str) -> bool:
    """A numbered heading naming a body (its own line, or a body heading written inline)."""
    return ln.heading and (ln.inline is not None or bool(_rules().content.body_heading.match(text[ln.body_start:ln.end])))


def _neighbours(lines: list[_Line], i: int, first: int, closing: int) -> list[int]:
    """The lines right before and after line i in its numbering, within the same part: for a
    numbered line, the same depth and prefix, number one less and one more; for a lettered line,
    the nearest lettered lines before and after it under the same heading above them."""
    if lines[i].cls == "letter":
        return _letter_neighbours(lines, i, first, closing)
    label = lines[i].label
    head, _, last = label.rpartition(".")
    want = {f"{head}.{int(last) + d}" if head else str(int(last) + d) for d in (-1, 1)}
    out = []
    for step in (-1, 1):
        j = i + step
        while first <= j < closing and lines[j].cls != "roman":
            if lines[j].cls == "num" and lines[j].label in want:
                out.append(j)
                break
            j += step
    return out


def _letter_neighbours(lines: list[_Line], i: int, first: int, closing: int) -> list[int]:
    """The nearest lettered lines before and after line i, not past a heading of another class
    (a numbered or Roman part, a part opened by an article)."""
    out = []
    for step in (-1, 1):
        j = i + step
        while first <= j < closing and not (lines[j].heading and lines[j].cls != "letter") \
                and lines[j].cls not in ("num", "roman"):
            if lines[j].cls == "letter":
                out.append(j)
                break
            j += step
    return out


def _decide_kinds(sections: list[dict], text: str) -> None:
    """Kind, evidence and confidence of every numbered section (preamble and closing are set).

    A top-level part by its heading words, else by what it holds, else by where it stands
    (extractor/structure/kinds.py). A sub-section keeps its part's kind unless its own heading
    starts with a cue of a kind its part's heading also names, or of a kind in sub_overrides, or
    its part's kind came from content or position.
    """
    r = _rules()
    by_id = {s["section_id"]: s for s in sections}
    subs: dict[str, list[str]] = {}
    for s in sections:
        if s["parent_id"] is not None:
            subs.setdefault(s["parent_id"], []).append(s["heading"] or "")
    previous: Optional[str] = None
    for s in sections:
        if s["kind"] is not None:
            continue  # preamble, closing
        found = kinds_in(s["heading"] or "")
        if s["parent_id"] is None:
            cue = (found[0][2], found[0][3]) if found else None
            content = None if cue else content_kind(r.content, text[s["start_char"]:s["end_char"]],
                                                     subs.get(s["section_id"], []))
            s["kind"], s["kind_evidence"], s["kind_confidence"] = part_kind(cue, content, previous)
            previous = s["kind"]
            continue
        parent = by_id[s["parent_id"]]
        part = parent
        while part["parent_id"] is not None:
            part = by_id[part["parent_id"]]
        s["kind"], s["kind_evidence"], s["kind_confidence"] = parent["kind"], "parent", parent["kind_confidence"]
        if found and found[0][0] == 0:
            own = found[0][2]
            # A part whose kind no heading word gave defers to its sub-headings' own words.
            if own in r.sub_overrides or part["kind_confidence"] < 1.0 or any(
                    k == own for _, _, k, _ in kinds_in(part["heading"] or "")):
                s["kind"], s["kind_evidence"], s["kind_confidence"] = own, f"heading: '{found[0][3]}'", 1.0


def _opens_a_list(ln: _Line, prev: _Line, kind: Optional[str]) -> bool:
    """In goals and tasks, a line ending with ":" after an item that ended its sentence is a lead-in
    of its own ("- ... 100% năm 2030." then "Về ứng dụng công nghệ thông tin ...:"), not the item's
    second paragraph: the bullets after it are its list (extract/targets.py)."""
    return kind in ("goals", "tasks") and ln.text.rstrip().endswith(":") and prev.text.rstrip()[-1:] in ".;"


def _after_a_target_item(ln: _Line, prev: _Line) -> bool:
    """"1.9. Cuộc trưng bày ... hằng năm: ít nhất 06 cuộc", a blank line, then "Lộ trình thực hiện ...":
    a paragraph set apart after an item that is one target statement is its own, not the item's."""
    value_line = _rules().value_line
    return ln.after_blank and prev.cls != "text" and value_line is not None and bool(value_line.search(prev.text))


def _blocks(lines: list[_Line], owner: list[Optional[int]], sections: list[Section]) -> list[Block]:
    """Bullets, lettered or numbered items and paragraphs; wrapped paragraphs extend the item above."""
    blocks: list[dict] = []
    last_top: Optional[int] = None
    last_top_indent = 0
    prev_section = None
    for i, ln in enumerate(lines):
        if ln.heading and ln.inline is not None and owner[i] is not None:
            # the duty written after a body heading's colon is that heading's first paragraph
            start = ln.inline + 1
            while start < ln.end and ln.text[start - ln.start].isspace():
                start += 1
            blocks.append(dict(section_id=sections[owner[i]].section_id, kind="paragraph", marker=None, depth=0,
                               parent=None, start_char=start, end_char=ln.end))
        if ln.heading or owner[i] is None:
            prev_section = owner[i]
            last_top = None
            continue
        sid = sections[owner[i]].section_id
        if owner[i] != prev_section:
            last_top = None
        prev_section = owner[i]
        if ln.cls == "text" and blocks and last_top is not None and blocks[-1]["section_id"] == sid \
                and not _opens_a_list(ln, lines[i - 1], sections[owner[i]].kind) \
                and not _after_a_target_item(ln, lines[i - 1]):
            blocks[-1]["end_char"] = ln.end  # continuation paragraph of the item above
            continue
        kind = {"bullet": "bullet", "letter": "item", "num": "item"}.get(ln.cls, "paragraph")
        depth, parent = 0, None
        if ln.cls == "bullet" and last_top is not None and (ln.label == "+" or ln.indent > last_top_indent):
            depth, parent = 1, last_top
        blocks.append(dict(section_id=sid, kind=kind, marker=ln.label, depth=depth, parent=parent,
                           start_char=ln.body_start, end_char=ln.end))
        if depth == 0 and kind != "paragraph":
            last_top, last_top_indent = len(blocks) - 1, ln.indent
        elif depth == 0:
            last_top = None
    return [construct(Block, **b) for b in blocks]
