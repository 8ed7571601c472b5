"""Duty assignments: one row per (duty item, agency) of the organisation part.

How plans are written (and what this module relies on):

* The organisation part (kind 'organization') has one sub-heading per body,
  "1. Sở Văn hóa, Thể thao và Du lịch", sometimes naming several bodies
  ("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh") or opening with "Đề nghị" (bodies
  the provincial committee can only ask). Grouping sub-headings that name no
  body ("Cấp tỉnh", "Chế độ báo cáo") pass their blocks on unchanged.
* Under a body heading, each top-level list item (lettered item or '-'
  bullet) is one duty; items of a deeper kind ('+' under '-', '-' under 'a)')
  belong to the item above. Without list items, each paragraph is a duty.
* Items outside any body heading (numbered running paragraphs continuing the
  headings' numbering, bullets directly under the part) name their own
  bodies at the start: "Các sở, ban, ngành ... và Ủy ban nhân dân quận, huyện
  báo cáo ...", "Giao Sở Tài chính ...". An item under a body heading that
  opens with "<body>: ...", or under a group of bodies ("Các sở, ban, ngành
  khác") that opens with one of them, belongs to that body. Under a heading naming
  several bodies ("Sở Tài chính, Sở Kế hoạch và Đầu tư"), an item opening with some
  of them ("- Sở Kế hoạch và Đầu tư tham mưu ...") is theirs alone.
* An unnumbered line "Sở ... có trách nhiệm:" before a list acts as a heading
  for the items below it (and is a duty itself only when it states a lead or
  coordinating role).
* An item may name its bodies after a frame ("Căn cứ nhiệm vụ được phân công
  tại Phụ lục ..., các sở, ban, ngành ... chủ động ..."), or as a label before a
  colon, read as a heading is ("Thư viện tỉnh, Bảo tàng tỉnh: ..."). An item
  opening with "Đề nghị <bodies>" is a duty of those bodies whatever heading it
  sits under. A paragraph that stops inside its sentence (a comma, "và" ...) goes
  on in the next one.
* Duties are items of the organisation part, and "Giao <body> ..." sentences of
  the closing paragraph; the articles of a decision issuing the plan are not.

Role, partners, requested and deadline come from rules/duties.yaml; bodies
from rules/agencies.yaml (see extractor/agencies.py).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from .agencies import AgencyMention, body_list, group_by_code, heading_bodies, is_generic, opens_with_generic, other_code
from .agencies import rules as agency_rules
from ..core.models import Assignment, Block, PlanWarning, Section, SegmentedPlan
from ..core.rules import load_rules
from ..read.tables import is_row
from .duty_tables import duty_table_assignments


class _Roles(BaseModel):
    lead: list[str]
    coordinate: list[str]
    report: list[str]


class _Deadlines(BaseModel):
    dated: list[str]
    recurring: list[str]


class _DutyRules(BaseModel):
    requested: str
    subject_lead_ins: str
    subject_frames: str
    openers: str
    roles: _Roles
    partner_cue: str
    lead_in_end: str
    unfinished_end: str
    assigned_elsewhere: str
    deadlines: _Deadlines
    examples: dict = {}


_FLAGS = regex.IGNORECASE | regex.V0


def _rx(p: str) -> regex.Pattern:
    return patterns.compile(p.replace(" ", r"\s+"), _FLAGS)


def _alt(ps: list[str]) -> regex.Pattern:
    return _rx("|".join(f"(?:{p})" for p in ps))


class _Compiled:
    def __init__(self, r: _DutyRules):
        self.requested = _rx(r.requested)
        self.lead_ins = _rx(r.subject_lead_ins)
        self.frames = _rx(r.subject_frames)
        self.openers = _rx(r.openers)
        self.roles = [(role, _alt(getattr(r.roles, role))) for role in ("lead", "coordinate", "report")]
        self.partner_cue = _rx(r.partner_cue)
        self.lead_in_end = _rx(r.lead_in_end)
        self.unfinished = _rx(r.unfinished_end)
        self.assigned_elsewhere = _rx(r.assigned_elsewhere)
        self.dated = _alt(r.deadlines.dated)
        self.recurring = _alt(r.deadlines.recurring)


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("duties.yaml", _DutyRules))


# --------------------------------------------------------------------------- #
# Small pure helpers (each tested on its own)
# --------------------------------------------------------------------------- #

_LEAD_PUNCT = patterns.compile(r"[\s:;,.\-–]*")
# A short bracket right after a body's name gives its abbreviation ("Sở Văn hóa, Thể thao và Du lịch
# (Sở VHTTDL): Chủ trì, ..."): the duty's opening words come after it.
_NAME_BRACKET = patterns.compile(r"\s*\((?![Nn]ăm\b)[^()\n]{1,40}\)")
_DECIMAL = re.compile(r"\d")  # stdlib \d is str.isdecimal, a subset of str.isdigit


def strip_requested(text: str, pos: int = 0) -> tuple[bool, int]:
    """(opens with "Đề nghị", position after it).

    >>> strip_requested("Đề nghị Ban Tuyên giáo Tỉnh ủy")
    (True, 8)
    """
    m = _rules().requested.match(text, pos)
    return (True, m.end()) if m else (False, pos)


def _past_name_bracket(text: str, pos: int) -> int:
    """Where the words after a name's abbreviation in brackets start (pos itself when there is none)."""
    bracket = _NAME_BRACKET.match(text, pos)
    return _LEAD_PUNCT.match(text, bracket.end()).end() if bracket else pos


def duty_role(text: str, pos: int = 0) -> str:
    """Role of a duty from its opening words: lead, coordinate, report or implement.

    >>> duty_role("Chủ trì, phối hợp với các cơ quan liên quan triển khai Kế hoạch")
    'lead'
    >>> duty_role("Chủ động phối hợp với Sở Tài chính")
    'coordinate'
    >>> duty_role("Thường xuyên kiểm tra, đánh giá; định kỳ báo cáo")
    'implement'
    >>> duty_role("Sở Thông tin và Truyền thông (Sở TTTT): Chủ trì hướng dẫn các cơ quan báo chí")
    'lead'
    """
    r = _rules()
    pos = _past_name_bracket(text, _LEAD_PUNCT.match(text, pos).end())
    for _ in range(6):
        m = r.openers.match(text, pos)
        if not m or m.end() == pos:
            # The item may name its body again after a frame ("Trên cơ sở ..., hằng năm Sở ... có
            # trách nhiệm chủ trì"): the role is read after the name.
            bodies, end = body_list(text, pos)
            if not bodies or end == pos:
                break
            pos = _past_name_bracket(text, _LEAD_PUNCT.match(text, end).end())
            continue
        pos = _LEAD_PUNCT.match(text, m.end()).end()
    for role, rx in r.roles:
        if rx.match(text, pos):
            return role
    return "implement"


def duty_partners(text: str, mentions: Optional[list[AgencyMention]] = None) -> list[str]:
    """Codes of the bodies named after "phối hợp (với)" anywhere in the duty, in order.

    >>> duty_partners("Chủ trì, phối hợp với Sở VHTTDL, các Sở, ban, ngành, đoàn thể có liên quan chỉ đạo")
    ['dept_culture', 'other_departments', 'fatherland_front']
    >>> duty_partners("Phối hợp với các cơ quan, đơn vị liên quan triển khai mô hình")
    []
    """
    out: list[str] = []
    for m in _rules().partner_cue.finditer(text):
        found, _ = body_list(text, m.end(), mentions)
        out.extend(a.code for a in found)
    return list(dict.fromkeys(out))


def duty_deadline(text: str) -> Optional[str]:
    """The first dated deadline and the first recurrence stated in a duty, in text order.

    >>> duty_deadline("báo cáo kết quả về Sở định kỳ hằng năm (trước ngày 30 tháng 11) để tổng hợp")
    'định kỳ hằng năm, trước ngày 30 tháng 11'
    >>> duty_deadline("Xây dựng chuyên mục tuyên truyền") is None
    True
    """
    r = _rules()
    # Dates need digits (str.isdigit); a regex scan finds the usual ones far faster than a loop.
    has_digit = _DECIMAL.search(text) is not None or any(map(str.isdigit, text))
    dated = r.dated.search(text) if has_digit else None
    found = [m for m in (dated, r.recurring.search(text)) if m]
    if not found:
        return None
    found.sort(key=lambda m: m.start())
    return ", ".join(" ".join(m.group(0).split()) for m in found)


def subject_bodies(text: str, pos: int = 0, mentions: Optional[list[AgencyMention]] = None
                   ) -> tuple[bool, list[AgencyMention], int]:
    """Bodies an item names for itself at its start: (requested, bodies, end of the subject).

    A frame before the subject is skipped ("Căn cứ nhiệm vụ được phân công tại Phụ lục, các sở,
    ban, ngành ... chủ động ..."); a label written "<bodies>: ..." is read as a heading is, so
    that single institutions count ("Thư viện tỉnh, Bảo tàng tỉnh: chủ động ...").

    >>> req, bodies, end = subject_bodies("Đề nghị Ủy ban MTTQ Việt Nam tỉnh phối hợp tuyên truyền")
    >>> req, [b.code for b in bodies]
    (True, ['fatherland_front'])
    """
    r = _rules()
    requested, pos = strip_requested(text, pos)
    for _ in range(3):
        m = r.lead_ins.match(text, pos) or r.frames.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    bodies, end = body_list(text, pos, mentions)
    if not text[end:].lstrip().startswith(":"):
        labelled = _label_bodies(text, pos)
        if labelled is not None:
            bodies, end = labelled
    return requested, bodies, end


_LABEL_END = patterns.compile(r"[:.;\n]")


def _label_bodies(text: str, pos: int) -> Optional[tuple[list[AgencyMention], int]]:
    """(bodies, end) when the words from pos to a colon are bodies and nothing else, read as a
    heading's are (institutions included); None otherwise."""
    m = _LABEL_END.search(text, pos, pos + 200)
    if m is None or m.group(0) != ":":
        return None
    label = text[:m.start()]
    bodies, end = body_list(label, pos, heading=True)
    rest = label[end:].strip()
    if not bodies or rest and not is_generic(rest):
        return None  # the label says more than which bodies ("Sở Tài chính bố trí kinh phí: ...")
    return bodies, end


# --------------------------------------------------------------------------- #
# Structure: headings -> bodies, blocks -> duty items
# --------------------------------------------------------------------------- #


@dataclass
class _Heading:
    bodies: list[tuple[str, str, float]]  # (code, name as written, confidence)
    requested: bool
    inline: Optional[tuple[int, int]] = None  # span of a duty written in the heading itself
    collective: bool = False  # a group of bodies ("Các sở, ban, ngành"): its items may name one of them


@dataclass
class _Duty:
    section_id: Optional[str]
    start: int
    end: int
    first_end: int  # end of the top-level item (its deeper items follow)
    default: Optional[_Heading]  # bodies of the heading (or lead-in line) the item sits under
    lead_in: bool = False  # a paragraph introducing a list ("... có nhiệm vụ:")
    paragraph: bool = False  # a plain paragraph, not a list item


def _heading(sec: Section, text: str) -> Optional[_Heading]:
    """Bodies of an organisation sub-heading, or None for a grouping heading ("Cấp tỉnh").

    A heading naming only a generic group ("Các cơ quan, đơn vị liên quan")
    keeps it as other:<name>, so that the duties under it are not dropped.
    """
    h = sec.heading or ""
    if not h:
        return None
    base = text.find(h, sec.start_char)
    requested, pos = strip_requested(h)
    m = _rules().lead_ins.match(h, pos)
    if m:
        pos = m.end()
    region = h[pos:]
    found = heading_bodies(region)
    if not found:
        name = h[pos:].split(":", 1)[0].strip(" .;,")
        if name and is_generic(name):
            return _Heading([(other_code(name), name, 0.5)], requested, collective=True)
        return None
    inline = None
    colon = h.find(":", pos)
    tail = colon + 1 if colon >= 0 else pos + found[-1].end
    rest = h[tail:].strip(" :;,.")
    if base >= 0 and rest and (colon >= 0 or not h[pos + found[-1].end:].lstrip().startswith(",")):
        s = base + h.index(rest, tail)
        inline = (s, s + len(rest))
    bodies = group_by_code(found, region)
    collective = all(code in agency_rules().collective for code, _, _ in bodies)
    return _Heading(bodies, requested, inline, collective)


def _cls(b: Block) -> Optional[str]:
    """List class of a block: N (numbered), L (lettered), D ('-' bullet), P ('+'), None (paragraph)."""
    if b.kind == "item":
        return "N" if (b.marker or "").isdigit() else "L"
    if b.kind == "bullet":
        return "P" if b.marker == "+" else "D"
    return None


def _items(blocks: list[Block], all_blocks: list[Block], text: str) -> list[list[Block]]:
    """Group a section's blocks into duty items: a top-level item and the deeper items under it.

    The first list marker of the section sets the top level. A '+' under a '-'
    (or a '-' under 'a)') belongs to the item above; a '-' indented under a
    '-' is a sub-item only when the item above ends with a colon (a stray
    space in a converted document does not make a sub-item).
    """
    top = next((_cls(b) for b in blocks if _cls(b)), None)
    groups: list[list[Block]] = []
    for b in blocks:
        c = _cls(b)
        parent = all_blocks[b.parent] if b.depth == 1 and b.parent is not None else None
        nested = parent is not None and (
            _cls(parent) != c or text[parent.start_char:parent.end_char].rstrip().endswith(":"))
        if groups and _cls(groups[-1][0]) is not None and c is not None and (c != top or nested) \
                and not _body_line(b, text):
            groups[-1].append(b)
        elif groups and c is None and _unfinished(groups[-1][-1], text):
            groups[-1].append(b)  # a line break inside the sentence above, not a new duty
        elif groups and c is None and len(groups[-1]) == 1 and _cls(groups[-1][0]) is None \
                and _label_only(groups[-1][0], text):
            groups[-1].append(b)  # "Sở Tài chính:" on a line of its own, then its duty
        else:
            groups.append([b])
    return groups


def _body_line(b: Block, text: str) -> bool:
    """Does an item open with a line that is only the names of bodies ("c) Sở Khoa học và Công nghệ", its
    duties on the lines below)? Such an item is a body's heading, never part of the item above."""
    block = text[b.start_char:b.end_char]
    if "\n" not in block:
        return False
    line = block.split("\n", 1)[0].strip()
    requested, bodies, end = subject_bodies(line)
    return bool(bodies) and not line[end:].strip(" :.")


def _label_only(b: Block, text: str) -> bool:
    """Is a paragraph only the names of bodies and a colon ("Sở Tài chính:"), its duty in the next one?"""
    line = text[b.start_char:b.end_char].strip()
    if not line.endswith(":") or "\n" in line:
        return False
    requested, bodies, end = subject_bodies(line)
    return bool(bodies) and not line[end:].strip(" :")


def _unfinished(b: Block, text: str) -> bool:
    """True when a paragraph stops inside a sentence (rules/duties.yaml `unfinished_end`): the
    next paragraph goes on with it, as when a PDF's text breaks a line before a capital."""
    return bool(_rules().unfinished.search(text, max(b.start_char, b.end_char - 12), b.end_char))


def _sibling_numbers(sec: Section, blocks: list[Block]) -> set[int]:
    """Positions (in `blocks`) of numbered running paragraphs continuing the heading's numbering.

    "9. Đề nghị ..." followed by an item "10. Các sở, ban, ngành ... báo cáo ..."
    is a sibling of heading 9 (a duty of the bodies it names), not part of it.
    """
    label = (sec.label or "").split(".")[-1]
    if not label.isdigit():
        return set()
    expected, out = int(label) + 1, set()
    for i, b in enumerate(blocks):
        if b.kind == "item" and (b.marker or "").isdigit() and int(b.marker) == expected:
            out.add(i)
            expected += 1
    return out


def _split_lead_ins(blocks: list[Block], text: str) -> list[Block]:
    """Split off lines inside a block that open a new body's duties.

    Converted documents often glue an unnumbered "Sở Văn hóa, Thể thao và Du
    lịch có trách nhiệm:" line (or "Sở Tài chính: ...") to the item above it.
    A line that starts with a body and ends with a colon, or writes
    "<body>: ...", becomes a paragraph of its own.
    """
    out: list[Block] = []
    for b in blocks:
        start = b.start_char
        nl = text.find("\n", start, b.end_char)
        while nl >= 0:
            line_end = text.find("\n", nl + 1, b.end_char)
            line_end = b.end_char if line_end < 0 else line_end
            line = text[nl + 1:line_end]
            _, bodies, end = subject_bodies(line)
            if bodies and (line.rstrip().endswith(":") or line[end:].lstrip().startswith(":")):
                out.append(b.model_copy(update={"start_char": start, "end_char": nl}) if start == b.start_char
                           else Block.model_construct(section_id=b.section_id, kind="paragraph", start_char=start, end_char=nl))
                start = nl + 1
            nl = text.find("\n", nl + 1, b.end_char)
        if start == b.start_char:
            out.append(b)
        else:
            out.append(Block.model_construct(section_id=b.section_id, kind="paragraph", start_char=start, end_char=b.end_char))
    return out


def _before_table(b: Block, text: str) -> Optional[Block]:
    """The block up to the first table row in it (a duty table is read by duty_tables.py), or None."""
    nl = text.find("\n", b.start_char, b.end_char)
    if is_row(text[b.start_char:nl if nl >= 0 else b.end_char]):
        return None
    cut = text.find("\n|", b.start_char, b.end_char)
    return b if cut < 0 else b.model_copy(update={"end_char": cut})


def _duties(plan: SegmentedPlan) -> tuple[list[_Duty], dict[str, Optional[_Heading]]]:
    """Duty items of the organisation part, each with the heading it sits under."""
    text = plan.text
    org = {s.section_id: s for s in plan.sections if s.kind == "organization"}
    # A part (level 1) names no body, but for a numbered heading of one: "1. Sở Văn hóa, ..." under
    # "Điều 2. Tổ chức thực hiện" of a decision that holds its plan in its articles.
    heads = {sid: _heading(s, text) if s.level > 1 or (s.label or "").isdigit() else None for sid, s in org.items()}

    def context(sid: Optional[str]) -> Optional[_Heading]:
        """The nearest organisation heading (the section's own or an ancestor's) that names bodies."""
        while sid in org:
            if heads[sid] is not None:
                return heads[sid]
            sid = org[sid].parent_id
        return None

    by_section: dict[str, list[Block]] = {sid: [] for sid in org}
    tabled: set[int] = set()  # starts of blocks a table row follows directly
    for b in plan.blocks:
        if b.section_id in by_section and (cut := _before_table(b, text)) is not None:
            by_section[b.section_id].append(cut)
            nxt = text.find("\n", cut.end_char + 1)
            if is_row(text[cut.end_char + 1:nxt if nxt >= 0 else len(text)]):
                tabled.add(cut.start_char)

    out: list[_Duty] = []
    for sid, sec in org.items():
        blocks = by_section[sid]
        ctx = context(sid)
        siblings = _sibling_numbers(sec, blocks) if heads[sid] is not None else set()
        parent = sec.parent_id if sec.parent_id in org else sid
        for i in sorted(siblings):
            out.append(_Duty(parent, blocks[i].start_char, blocks[i].end_char, blocks[i].end_char, context(parent)))
        own = _split_lead_ins([b for i, b in enumerate(blocks) if i not in siblings], text)
        groups = _items(own, plan.blocks, text)
        # Sub-sections below a paragraph ending with ':' are what it introduces, as items are
        # ("Giao các sở, ban, ngành ... cụ thể như sau:" before "a) Sở Văn hóa, ...:").
        has_items = any(_cls(g[0]) for g in groups) or any(s.parent_id == sid for s in org.values())
        out += _group_duties(sid, groups, ctx, has_items, tabled, text)
        if not blocks and heads[sid] is not None and heads[sid].inline:
            s, e = heads[sid].inline
            out.append(_Duty(sid, s, e, e, heads[sid]))
    out += _assigned_elsewhere(plan)
    out.sort(key=lambda d: d.start)
    return out, heads


def _group_duties(sid: str, groups: list[list[Block]], default: Optional[_Heading], has_items: bool,
                  tabled: set[int], text: str) -> list[_Duty]:
    """One duty per item group of a section; a lead-in line naming bodies is the default of the items after it."""
    out = []
    for g in groups:
        first = g[0]
        lead_in = _cls(first) is None and has_items and bool(
            _rules().lead_in_end.search(text[first.start_char:first.end_char]))
        if lead_in:
            # "Sở Văn hóa, Thể thao và Du lịch có trách nhiệm:" introduces the items below it
            line = text[first.start_char:first.end_char]
            requested, bodies, _ = subject_bodies(line)
            if bodies:
                default = _Heading(group_by_code(bodies, line), requested)
        # "... theo bảng sau:" introduces a duty table (duty_tables.py reads its rows), as a lead-in
        # introduces items: a duty of its own only when it states a lead or coordinating role.
        intro = first.start_char in tabled and bool(_rules().lead_in_end.search(text[first.start_char:g[-1].end_char]))
        # a label line's duty is the paragraph under it: its role is read there
        first_end = g[1].end_char if len(g) > 1 and _label_only(first, text) else first.end_char
        out.append(_Duty(sid, first.start_char, g[-1].end_char, first_end, default, lead_in or intro,
                         paragraph=first.kind == "paragraph"))
    return out


def _assigned_elsewhere(plan: SegmentedPlan) -> list[_Duty]:
    """Duties given after the organisation part, a sentence each: "Giao Sở ... theo dõi, đôn đốc
    ..." in the closing paragraph (rules/duties.yaml).

    The articles of a decision that issues the plan ("Điều 2. Giao Sở ... chủ trì triển khai Kế
    hoạch") are not duty items: they hand the plan over as a whole, and the plan's organisation
    part gives the duties item by item (docs/gold-format.md: duty items of the organisation part).
    """
    r = _rules()
    kinds = {s.section_id: s.kind for s in plan.sections}
    out = []
    for b in plan.blocks:
        if kinds.get(b.section_id) != "closing":
            continue
        t = plan.text[b.start_char:b.end_char]
        for m in r.assigned_elsewhere.finditer(t):
            end = t.find(". ", m.start())
            end = len(t) if end < 0 else end + 1
            out.append(_Duty(b.section_id, b.start_char + m.start(), b.start_char + end, b.start_char + end, None))
    return out


def _names_some_of(subject: list[AgencyMention], heading: _Heading) -> bool:
    """True when an item's subject names some, not all, of the bodies its heading names.

    A heading may group bodies whose duties its items then give one by one, each opening with
    its own body ("Sở Tài chính chủ trì ...", "Sở Kế hoạch và Đầu tư tham mưu ..."). An item that
    names every body of the heading, or none, or another body, keeps the heading's bodies.
    """
    codes = {m.code for m in subject}
    heads = {c for c, _, _ in heading.bodies}
    return bool(codes) and codes < heads


def _prose_subject(first: str, subj_end: int) -> bool:
    """A subject (ending at `subj_end`) that runs straight into its predicate ("Sở Tài chính tham mưu
    ...", not "Sở Tài chính: ...")."""
    return not first[subj_end:].lstrip().startswith(":")


def _goes_on_with_body(first: str) -> bool:
    """A paragraph that goes on with the body the one before opened with: no label of its own ("Các
    sở: Tài chính, Nội vụ: ..."), no bodies in general ("Các cơ quan, đơn vị ...")."""
    return _prose_subject(first, 0) and ":" not in first[:_LABEL_REACH] and not opens_with_generic(first)


_LABEL_REACH = 60  # characters: a label ("Các sở: Tài chính, ...:") stands at a paragraph's start


def extract_assignments(plan: SegmentedPlan, warnings: Optional[list[PlanWarning]] = None) -> list[Assignment]:
    """One row per (duty item, agency) of the organisation section, then the rows of duty tables.

    A duty item that opens with a role ("Chủ trì ...", "Phối hợp ...") but whose body no rule
    names is not stored; with `warnings` given, it is reported there (`unassigned_duty`)."""
    text = plan.text
    duties, _ = _duties(plan)
    kinds = {s.section_id: s.kind_confidence for s in plan.sections}
    rows: list[Assignment] = []
    carry: Optional[tuple[Optional[str], list]] = None  # (section, bodies) a paragraph opened with
    for d in duties:
        duty = text[d.start:d.end]
        first = duty[:d.first_end - d.start]
        requested, subject, subj_end = subject_bodies(first)
        found = _bodies_of(d, first, requested, subject, subj_end, carry)
        if found is None:  # names no body: an introduction or a general remark, or a body the rules do not know
            if warnings is not None and duty_role(first, strip_requested(first)[1]) in ("lead", "coordinate"):
                heading = next((x.heading for x in plan.sections if x.section_id == d.section_id), None)
                warnings.append(PlanWarning(code="unassigned_duty", start_char=d.start, end_char=d.first_end,
                                            message=f"a duty under {heading!r} names no body the rules know; not stored"))
            continue
        bodies, head_requested, pred, carry = found
        if not subject and opens_with_generic(first):
            # "Các cơ quan, đơn vị, địa phương báo cáo ..." under a body's heading: addressed to no
            # particular body (a closing instruction), not a duty of the heading's body.
            continue
        role = duty_role(first, pred)
        if d.lead_in and role not in ("lead", "coordinate"):
            continue
        partners = duty_partners(duty)
        deadline = duty_deadline(duty)
        # The organisation part's kind confidence (heading words 1.0; content or position lower).
        part_conf = kinds.get(d.section_id, 1.0)
        for code, name, conf in bodies:
            rows.append(Assignment(
                section_id=d.section_id, agency=code, agency_name=name, role=role,
                requested=head_requested or requested, partners=partners, duty=duty, deadline=deadline,
                start_char=d.start, end_char=d.end, method="rule", confidence=round(min(conf, part_conf), 3),
            ))
    return rows + duty_table_assignments(plan)


def _bodies_of(d: _Duty, first: str, requested: bool, subject: list[AgencyMention], subj_end: int, carry):
    """(bodies, requested by the heading, where the predicate starts, the body later paragraphs go on with)
    of one duty item, or None when it names no body."""
    # An item names its own bodies when it sits under no body heading or under a group of
    # bodies ("Các sở, ban, ngành"), writes "<body>: ...", or is a line introducing a body's
    # list ("Sở ... chủ trì, phối hợp ..., có nhiệm vụ:").
    own = bool(subject) and (
        d.default is None or d.lead_in or first[subj_end:].lstrip().startswith(":")
        # "c) Sở Khoa học và Công nghệ" on a line of its own, its duty on the next: a body's heading
        or not first[subj_end:].split("\n", 1)[0].strip() and "\n" in first[subj_end:]
        or bool(_rules().assigned_elsewhere.match(first))  # "Giao Sở ...": given to a body by name
        # "Đề nghị <bodies> ...": the committee asks bodies of its own naming, whatever the heading
        or requested
        or d.default.collective and not {m.code for m in subject} <= {c for c, _, _ in d.default.bodies})
    if own:
        bodies = group_by_code(subject, first)
        carry = (d.section_id, bodies) if d.paragraph and d.default is not None and d.default.collective \
            and _prose_subject(first, subj_end) else None
        return bodies, False, subj_end, carry
    if carry and carry[0] == d.section_id and d.paragraph and not subject and _goes_on_with_body(first):
        # Under "1. Trách nhiệm của các cơ quan, đơn vị", "Sở Tài chính tham mưu ..." then a
        # paragraph with no body of its own ("Hướng dẫn các cơ quan ... lập dự toán"): Sở Tài chính's.
        return carry[1], False, strip_requested(first)[1], carry
    if d.default is not None and _names_some_of(subject, d.default):
        # Under a heading naming several bodies, an item opening with some of them is theirs
        # alone ("5. Sở Tài chính, Sở Kế hoạch và Đầu tư" / "- Sở Kế hoạch và Đầu tư tham mưu ...").
        codes = {m.code for m in subject}
        return [b for b in d.default.bodies if b[0] in codes], d.default.requested, subj_end, carry
    if d.default is not None:
        # The item may repeat its heading's bodies before the verb ("Các sở, ban, ngành nêu trên
        # định kỳ ... báo cáo"): the role is read after them.
        return d.default.bodies, d.default.requested, subj_end if subject else strip_requested(first)[1], carry
    return None
