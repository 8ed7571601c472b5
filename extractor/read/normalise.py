"""Normalise raw plan text: NFC, one tone-mark convention, clean spaces, no markdown, rejoined lines.

The result keeps a map back to the raw text, and every later span is a span of
this normalised text. Rules (tone marks, odd spaces, noise lines) live in
rules/normalise.yaml.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable, Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.models import Line, NormalisedText, OffsetMap
from ..core.rules import load_rules
from .tables import Span, TextRow, find_rows, is_row


class _NormaliseRules(BaseModel):
    tone_marks: dict[str, str]
    odd_spaces: list[str]
    invisible: list[str]
    noise_lines: list[str]
    column_gap: str = ""
    cell_separator: str = ""
    table_rule: str = ""
    running_headers: list[str] = []
    column_zone: dict[str, int] = {}
    column_blocks: list[dict[str, str | int]] = []
    column_cut_gate: str = ""
    column_cuts: list[str] = []
    layout_cell: str = ""
    value_line_opens: str = ""
    value_goes_on_after: str = ""
    line_goes_on_after: str = ""
    lookalike_share: str = ""
    lookalike_year: str = ""
    stray_bar: str = ""
    examples: list[dict[str, str]] = []
    counterexamples: list[str] = []


class _Compiled:
    def __init__(self, r: _NormaliseRules):
        pairs = dict(r.tone_marks)
        pairs.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in r.tone_marks.items()})
        pairs.update({k.upper(): v.upper() for k, v in r.tone_marks.items()})
        self.tone_map = pairs
        # Every key is two characters and no key can start on the second character of another
        # (first characters are plain vowels, second ones toned), so candidates never overlap and
        # the stdlib scanner, much faster than `regex` here, can find them; fix_tone_marks then
        # applies the end-of-syllable and "qu" conditions to each.
        if any(len(k) != 2 or k[1] in {q[0] for q in pairs} for k in pairs):
            raise ValueError("normalise.yaml: tone_marks keys must be two characters, a vowel then a toned vowel")
        self.tone_candidates = re.compile(
            "[" + re.escape("".join(sorted({k[0] for k in pairs}))) + "]"
            + "[" + re.escape("".join(sorted({k[1] for k in pairs}))) + "]"
        )
        self.letter = patterns.compile(r"\p{L}")
        # Odd spaces become " " in place (same length); invisible characters and "\r" are cut per line,
        # the offset map skipping them.
        gone = ["\r", *r.invisible]
        odd = [c for c in r.odd_spaces if c not in gone]
        self.odd_spaces = odd
        self.gone = gone
        self.odd_space_re = patterns.compile("[" + regex.escape("".join(odd)) + "]") if odd else None
        self.invisible_re = patterns.compile("[" + regex.escape("".join(gone)) + "]")
        self.column_gap = patterns.compile(r.column_gap) if r.column_gap else None
        self.column_head = r.column_zone.get("head", 0)
        self.cell_separator = patterns.compile(r.cell_separator) if r.cell_separator else None
        self.table_rule = patterns.compile(r.table_rule, regex.MULTILINE) if r.table_rule else None
        self.running_re = patterns.compile("|".join(f"(?:{p})" for p in r.running_headers)) if r.running_headers else None
        self.column_tail = r.column_zone.get("tail", 0)
        self.column_blocks = [(patterns.compile(b["cue"]), int(b["before"]), int(b["after"])) for b in r.column_blocks]
        cuts = "|".join(f"(?:{p})" for p in r.column_cuts)
        self.column_cut = patterns.compile(f"{r.column_cut_gate}(?:{cuts})") if cuts else None
        self.layout_cell = patterns.compile(r.layout_cell) if r.layout_cell else None
        self.lookalike_share = patterns.compile(r.lookalike_share) if r.lookalike_share else None
        self.lookalike_year = patterns.compile(r.lookalike_year) if r.lookalike_year else None
        self.stray_bar = patterns.compile(r.stray_bar) if r.stray_bar else None
        self.value_opens = patterns.compile(r.value_line_opens) if r.value_line_opens else None
        self.value_goes_on = patterns.compile(r.value_goes_on_after) if r.value_goes_on_after else None
        self.line_goes_on = patterns.compile(r.line_goes_on_after) if r.line_goes_on_after else None
        # One pattern for every noise line: it matches where any of them does.
        self.noise_re = patterns.compile("|".join(f"(?:{p})" for p in r.noise_lines)) if r.noise_lines else None


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("normalise.yaml", _NormaliseRules))


_set = object.__setattr__


def construct(cls: type[BaseModel], **fields):
    """`cls.model_construct(**fields)` for trusted values naming every field, in declaration order.

    The same instance at a fraction of the cost (model_construct looks up aliases and defaults
    per field), for the hundreds of lines, sections and blocks of each plan.
    """
    if len(fields) != len(cls.__pydantic_fields__):
        raise TypeError(f"{cls.__name__}: every field must be given")
    m = cls.__new__(cls)
    _set(m, "__dict__", fields)
    _set(m, "__pydantic_fields_set__", set(fields))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


_HEADING_MARK = patterns.compile(r"^\s*#{1,6}\s+")
_BOLD = patterns.compile(r"\*\*\*|\*\*|__")  # "***a) ...***" (bold italic) drops its three marks at once
_EMPH = patterns.compile(r"(?<![\*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\*\w])")
_ITEM_START = patterns.compile(r"^[a-zđ]\d?\)(?:\s|$)")  # "a) ", and "a1) " in plans that number items within a letter
# A numbered label is "2.", "2)" or "2.1"/"2.1."; "2.500 bản sách" opens no block (a number).
_BLOCK_START = patterns.compile(r"^([-–+•*◦▪➢]\s|o\s(?=\p{Lu})|[IVX]+\.\s|\d{1,2}(\.\d{1,2})+\.?\s|\d{1,2}[.)]\s|[a-zđ]\d?\)\s)")
_TERMINAL = ".:;!?"


def fix_tone_marks(text: str) -> str:
    """Move tone marks to the one stored convention; length is preserved.

    >>> fix_tone_marks("Văn hoá, Thuỷ lợi, quý, hoàng")
    'Văn hóa, Thủy lợi, quý, hoàng'
    """
    r = _rules()
    pieces: list[str] = []
    done = 0
    for m in r.tone_candidates.finditer(text):
        a, b = m.span()
        s = m.group(0)
        new = r.tone_map.get(s)
        # Only at the end of a syllable; in "quý", "quỳ" the u belongs to the consonant qu.
        if new is None or r.letter.match(text, b) or (s[0] in "uU" and a > 0 and text[a - 1] in "qQ"):
            continue
        pieces.append(text[done:a])
        pieces.append(new)
        done = b
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


_LOOKALIKE = str.maketrans("lIOo", "1100")


def fix_lookalikes(text: str) -> str:
    """Digits read as letters inside a share or a year ("l00%", "2O25"), and a stray bar opening a line that
    is no table row, put back (rules/normalise.yaml); length is preserved.

    >>> fix_lookalikes("đạt l00% thư viện đến năm 2O25; CO2")
    'đạt 100% thư viện đến năm 2025; CO2'
    """
    r = _rules()
    if r.lookalike_share is None:
        return text
    # Each scan only where it can match (a plan has a few dozen "%", rarely "2O" or a bar opening a line):
    # this runs over every text.
    pct = text.find("%")
    while pct >= 0:
        m = r.lookalike_share.search(text, max(0, pct - 5), pct + 1)
        if m and not m.group().isdigit():
            text = text[:m.start()] + m.group().translate(_LOOKALIKE) + text[m.end():]
        pct = text.find("%", pct + 1)
    if any(k in text for k in ("2O", "2o", "0O", "0o")):
        text = r.lookalike_year.sub(lambda m: m.group().translate(_LOOKALIKE), text)
    if "\n|" in text or text.startswith("|"):
        text = r.stray_bar.sub(" ", text)
    return text


_SPACE_RUN = patterns.compile(" {2,}")
_MARKUP = ("#", "*", "_", "  ")  # all that _clean_line can drop inside a line


def _clean_line(line: str) -> tuple[list[tuple[int, int]], bool, int, bool]:
    """Spans of `line` kept after markdown marks are dropped and spaces collapsed, plus (marked, indent, trailing).

    Works on spans (regex finds the marks and the runs of two or more spaces), never per character:
    a space is kept only after a kept non-space character, leading and trailing spaces go.

    >>> _clean_line("  ## **Mục  tiêu** ")
    ([(7, 11), (12, 16)], True, 2, True)
    """
    if line and line[0] != " " and line[-1] != " " and not any(c in line for c in _MARKUP):
        return [(0, len(line))], False, 0, False  # most lines: nothing to drop
    indent = len(line) - len(line.lstrip(" "))
    marked = False
    drops: list[tuple[int, int]] = []
    m = _HEADING_MARK.match(line) if "#" in line else None
    if m:
        marked = True
        drops.append((m.start(), m.end()))
    off = m.end() if m else 0
    body = line[off:] if m else line
    stripped = body.strip() if "**" in body else ""
    if stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4 and "**" not in stripped[2:-2]:
        marked = True
    if "*" in body or "_" in body:
        for bm in _BOLD.finditer(body):
            drops.append((off + bm.start(), off + bm.end()))
        for em in _EMPH.finditer(body):
            drops.append((off + em.start(), off + em.start() + 1))
            drops.append((off + em.end() - 1, off + em.end()))
    if drops:
        drops.sort()
        kept, cur = [], 0
        for a, b in drops:
            if a > cur:
                kept.append((cur, a))
            cur = max(cur, b)
        if cur < len(line):
            kept.append((cur, len(line)))
    else:
        kept = [(0, len(line))]
    out: list[tuple[int, int]] = []
    last_space = True  # nothing kept yet: leading spaces are dropped
    for a, b in kept:
        if last_space:
            seg = line[a:b]
            a += len(seg) - len(seg.lstrip(" "))
            if a == b:
                continue
        # Between runs of two or more spaces every character is kept; a run keeps its first space.
        for sm in _SPACE_RUN.finditer(line, a, b) if line.find("  ", a, b) >= 0 else ():
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], sm.start() + 1)
            else:
                out.append((a, sm.start() + 1))
            a = sm.end()
        if a < b:
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        last_space = line[b - 1] == " "
    trailing = bool(out) and last_space
    if trailing:
        a, b = out[-1]
        if b - a == 1:
            out.pop()
        else:
            out[-1] = (a, b - 1)
    return out, marked, indent, trailing


def _raw_spans(spans: list[tuple[int, int]], runs: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Map spans of a line with invisible characters removed back to spans of the raw text.

    `runs` are the (line_start, raw_start, length) pieces the line was made of.
    """
    out = []
    for a, b in spans:
        for ls, rs, n in runs:
            lo, hi = max(a, ls), min(b, ls + n)
            if lo < hi:
                out.append((rs + lo - ls, rs + hi - ls))
    return out


def _column_pieces(raw_lines: list[str], r: "_Compiled", rows: dict[int, TextRow], cells: bool = False,
                   text: Optional[str] = None):
    """(line, offset, cells) of each raw line; in the header and signature zones a line laid out in two
    columns ("Số: 203/KH-UBND        Đà Nẵng, ngày 14 tháng 9 năm 2023") gives one piece per column,
    and so does a line of a web page's header table ("| Số: 118/KH-UBND | Tuyên Quang, ...") when
    `cells` is set, a layout row of a Markdown header table, and a line where a web copy flattened
    the columns with single spaces ("Số: 1087/KH-UBND Gia Lai, ngày 24 tháng 4 năm 2023"). A table
    row (`rows`, from tables.find_rows) comes whole, with its cells' pieces: a row whose label was
    wrapped over several raw lines comes as those lines, "\\n" between them. `text` is the lines
    joined, when the caller has it."""
    n = len(raw_lines)
    blocks = _block_lines("\n".join(raw_lines) if text is None else text, r)
    pos = 0
    layout_above = False  # the line above was a layout row: a rule row under it is the same table's
    taken = 0  # lines before this one belong to a row already given
    for i, raw_line in enumerate(raw_lines):
        base = pos
        pos += len(raw_line) + 1
        if i < taken:
            continue
        if i in rows:
            row = rows[i]
            taken = i + row.lines
            yield (raw_line if row.lines == 1 else "\n".join(raw_lines[i:taken])), base, row.cells
            continue
        in_block = i in blocks
        if r.column_head <= i < n - r.column_tail and not in_block:
            yield raw_line, base, None
            continue
        layout = "|" in raw_line and (cells or _layout_row(raw_line, r, layout_above))
        if raw_line.strip():
            layout_above = layout
        for piece, at in _zone_pieces(raw_line, r, layout, in_block):
            yield piece, base + at, None


def _block_lines(text: str, r: "_Compiled") -> set[int]:
    """Lines around the cue of a header or signature block (anywhere: a decision's signature and the
    header of the plan it attaches sit in the middle of a file), read like the first and last lines
    and where a flattened column may begin."""
    out: set[int] = set()
    for cue, before, after in r.column_blocks:
        line, seen = 0, 0
        for m in cue.finditer(text):
            line += text.count("\n", seen, m.start())
            seen = m.start()
            out.update(range(line - before, line + after + 1))
    return out


def _layout_row(raw_line: str, r: "_Compiled", layout_above: bool) -> bool:
    """A row of one or two cells holding a header or signature cue, or the rule row under one.

    >>> _layout_row("| Số: 58/KH-UBND | Hải Phòng, ngày 06 tháng 3 năm 2024 |", _rules(), False)
    True
    >>> _layout_row("| Chỉ tiêu | Năm 2025 |", _rules(), False), _layout_row("|---|---|", _rules(), True)
    (False, True)
    """
    inner = raw_line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    cells = inner.split("|")
    if len(cells) > 2 or r.layout_cell is None:
        return False
    if layout_above and all(set(c.strip()) <= set(":-") and c.strip() for c in cells):
        return True
    return any(r.layout_cell.search(c.strip()) for c in cells)


def _zone_pieces(raw_line: str, r: "_Compiled", cells: bool, in_block: bool) -> list[tuple[str, int]]:
    """(piece, offset in the line) of one line of a header or signature zone: one per cell, or per
    column set apart by a wide gap; in a block, each cut again where a flattened column begins."""
    if cells:
        pieces, cut = [], 0
        for m in r.cell_separator.finditer(raw_line):
            if raw_line[cut:m.start()].strip():
                pieces.append((raw_line[cut:m.start()], cut))
            cut = m.end()
        if raw_line[cut:].strip():
            pieces.append((raw_line[cut:], cut))
    elif r.column_gap is not None and r.column_gap.search(raw_line):
        pieces, cut = [], 0
        for m in r.column_gap.finditer(raw_line):
            if raw_line[cut:m.start()].strip():
                pieces.append((raw_line[cut:m.start()], cut))
                cut = m.end()
        pieces.append((raw_line[cut:], cut))
    elif "|" in raw_line:
        return [(raw_line, 0)]  # a table's row: its cells are never cut
    else:
        pieces = [(raw_line, 0)]
    if r.column_cut is None or not in_block:
        return pieces
    return [part for piece, at in pieces for part in _flat_cuts(piece, at, r.column_cut)]


def _flat_cuts(piece: str, at: int, cuts) -> list[tuple[str, int]]:
    """`piece` (at offset `at`) cut where a column a web copy flattened onto its line begins.

    >>> _flat_cuts("Số: 1087/KH-UBND Gia Lai, ngày 24 tháng 4 năm 2023", 0, _rules().column_cut)
    [('Số: 1087/KH-UBND', 0), ('Gia Lai, ngày 24 tháng 4 năm 2023', 17)]
    """
    out, cut = [], 0
    for m in cuts.finditer(piece):
        if m.start() == m.end():
            continue
        if piece[cut:m.start()].strip():
            out.append((piece[cut:m.start()], at + cut))
        cut = m.end()
    if not out and cut == 0:
        return [(piece, at)]
    if piece[cut:].strip():
        out.append((piece[cut:], at + cut))
    return out


def _clean_piece(raw_line: str, base: int, invisible) -> Optional[tuple[str, list[tuple[int, int]], bool, int, bool]]:
    """(content, raw spans, marked, indent, trailing) of one raw line (or cell) at raw offset `base`."""
    runs = None
    line = raw_line
    if invisible is not None and invisible.search(raw_line):
        runs, cut, kept_len = [], 0, 0
        for im in invisible.finditer(raw_line):
            if im.start() > cut:
                runs.append((kept_len, base + cut, im.start() - cut))
                kept_len += im.start() - cut
            cut = im.end()
        if cut < len(raw_line):
            runs.append((kept_len, base + cut, len(raw_line) - cut))
        line = invisible.sub("", raw_line)
    spans, marked, indent, trailing = _clean_line(line)
    if not spans:
        return None
    content = line[spans[0][0]:spans[0][1]] if len(spans) == 1 else "".join(line[a:b] for a, b in spans)
    raw_spans = _raw_spans(spans, runs) if runs is not None else [(base + a, base + b) for a, b in spans]
    return content, raw_spans, marked, indent, trailing


def _table_row(raw_line: str, base: int, cells: tuple[tuple[Span, ...], ...],
               invisible) -> tuple[str, list[tuple[int, int]]]:
    """A table row in its one written form ("| a | | c |", tables.render_row), with raw spans.

    The "|" and spaces written between cells are not in the raw text: each maps to the raw
    position where its cell starts (or the one before it), so spans stay inside the row. The
    pieces of a wrapped cell are joined by one space, mapped to the character after the piece
    before it (the spaces or line break the label was wrapped at).
    """
    parts, spans = ["|"], [(base + max(cells[0][0][0] - 1, 0),) * 2]
    for cell in cells:
        sep = base + max(cell[0][0] - 1, 0)
        pieces = [c for a, b in cell if a < b and (c := _clean_piece(raw_line[a:b], base + a, invisible))]
        if not pieces:
            parts.append(" |")
            spans += [(sep, sep + 1), (sep, sep + 1)]
            continue
        spans.append((sep, sep + 1))
        for n, (content, raw_spans, *_) in enumerate(pieces):
            parts += [" ", content]
            if n:
                after = spans[-1][1]
                spans.append((after, after + 1))
            spans += raw_spans
        parts.append(" |")
        end = pieces[-1][1][-1][1] - 1
        spans += [(end, end + 1), (end, end + 1)]
    spans[0] = (spans[0][0], spans[0][0] + 1)
    return "".join(parts), spans


_FULL_QUANTILE = 0.75  # a text's line width: most wrapped lines are at least this long
_FULL_SHARE = 0.8  # a wrapped line fills at least this share of the width (Vietnamese words are short)


def _full_width(pending: list) -> float:
    """Length from which a physical line counts as filling the text's width (PDF-style wrapping).

    >>> _full_width([("x" * n, None, False, 0, True, 0, False) for n in (10, 70, 75, 80, 80)])
    64.0
    """
    lengths = sorted(len(p[0]) for p in pending if p[4])
    if not lengths:
        return 0.0
    return _FULL_SHARE * lengths[int(_FULL_QUANTILE * (len(lengths) - 1))]


_RUNNING_REPEATS = 2  # a running header repeats on every page: at least twice in a file


def _running_headers(text: str, r: "_Compiled") -> set[str]:
    """Lines (spaces collapsed, page number cut) that are running headers repeated at the page
    breaks of a text file ("Kế hoạch số 37/KH-UBND"), as the PDF reader drops them from PDFs.

    >>> sorted(_running_headers("a\\nKế hoạch số 37/KH-UBND\\nb\\nKế hoạch số 37/KH-UBND\\n", _rules()))
    ['Kế hoạch số 37/KH-UBND']
    """
    seen: dict[str, int] = {}
    if r.running_re is not None and ("số" in text or "SỐ" in text):
        for m in r.running_re.finditer(text):
            key = running_key(m.group(0))
            seen[key] = seen.get(key, 0) + 1
    found = {k for k, n in seen.items() if n >= _RUNNING_REPEATS}
    return found | _after_page_numbers(text, r)


_PAGE_LINE_MAX = 24  # longer than any page-number line of `noise_lines` ("- 12 -", "Trang 3 / 15")


def _after_page_numbers(text: str, r: "_Compiled") -> set[str]:
    """Lines that stand right after a page number at two page breaks or more, word for word: a
    running title ("3" then "Kế hoạch thực hiện Chương trình học tập suốt đời ..."), whatever it says.

    >>> sorted(_after_page_numbers("a\\n2\\nKế hoạch X\\nb\\n3\\nKế hoạch X\\nc", _rules()))
    ['Kế hoạch X']
    """
    if r.noise_re is None:
        return set()
    seen: dict[str, int] = {}
    prev = ""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        # (a page number's line is short: the length test spares a scan of every line's characters)
        if len(prev) <= _PAGE_LINE_MAX and any(c.isdigit() for c in prev) and r.noise_re.match(prev) \
                and not r.noise_re.match(line):
            seen[running_key(line)] = seen.get(running_key(line), 0) + 1
        prev = line
    return {k for k, n in seen.items() if n >= _RUNNING_REPEATS}


def page_furniture(text: str, r: "_Compiled") -> Callable[[str], bool]:
    """Whether a raw line of `text` is what a page break leaves in a text file: a page number or a rule
    (`noise_lines`), a running header (the plan's reference, or any line after a page number at two
    page breaks or more). Running headers are looked for on the first question only
    (only a page break inside a space-aligned table asks, tables.find_rows)."""
    running: list[set[str]] = []

    def furniture(line: str) -> bool:
        content = " ".join(line.split())
        if r.noise_re is not None and r.noise_re.match(content):
            return True
        if not running:
            fixed = fix_tone_marks(text)
            running.append(_running_headers(fixed, r) | _after_page_numbers(fixed, r))
        return bool(running[0]) and running_key(fix_tone_marks(content)) in running[0]

    return furniture


_PAGE_AFTER = patterns.compile(r"[\s\-–|]*(?:[Tt]rang\s*)?(?<![\d/])\d{1,3}$")


def running_key(line: str) -> str:
    """A running header's line without the page number it may carry ("... 37/KH-UBND 3").

    >>> running_key("Kế hoạch số 37/KH-UBND   - 3"), running_key("Kế hoạch số 37/KH-UBND")
    ('Kế hoạch số 37/KH-UBND', 'Kế hoạch số 37/KH-UBND')
    """
    return _PAGE_AFTER.sub("", " ".join(line.split()))


def _drop_last(parts: list[str], cur_parts: list[str], origin: list[tuple[int, int]]) -> None:
    """Take the last character written back out of the output and its offset map."""
    parts[-1] = parts[-1][:-1]
    cur_parts[-1] = cur_parts[-1][:-1]
    a, b = origin[-1]
    if b - a > 1:
        origin[-1] = (a, b - 1)
    else:
        origin.pop()


def _value_goes_on(content: str, cur_parts: list[str], r: "_Compiled") -> bool:
    """A line opening with a value after a line that stops where a list of values goes on ("... đạt tỷ lệ
    tương ứng là 100%," then "90%, từ 85 - 90% và 100%."): one sentence (rules/normalise.yaml
    `value_line_opens`, `value_goes_on_after`)."""
    if r.value_opens is None or r.value_goes_on is None or not r.value_opens.match(content):
        return False
    return bool(r.value_goes_on.search("".join(cur_parts)[-16:]))


def normalise(raw: str) -> NormalisedText:
    """Normalise `raw` into logical lines joined by '\\n', with an offset map to `raw` (after NFC)."""
    r = _rules()
    text = unicodedata.normalize("NFC", raw)
    # Tables laid out with tabs or spaces are found before those become single spaces (the
    # substitutions below keep every line's length, so the cells' spans stay valid).
    spread = any(c in text for c in "|\t") or "  " in text
    layout = r.layout_cell.search if r.layout_cell is not None else None
    rows = find_rows(text.split("\n"), page_furniture(text, r), layout) if spread else {}
    # Plain `in` tests are far cheaper than a regex scan, and most texts have none of these characters.
    if r.odd_space_re is not None and any(c in text for c in r.odd_spaces):
        text = r.odd_space_re.sub(" ", text)
    text = fix_tone_marks(text)
    text = fix_lookalikes(text)
    invisible = r.invisible_re if any(c in text for c in r.gone) else None
    noise = r.noise_re

    # Pass 1: clean each raw line; keep (content, raw spans, marked, indent, trailing, end of raw line, row,
    # whether a blank line came before it).
    pending: list[tuple[str, list[tuple[int, int]], bool, int, bool, int, bool, bool]] = []
    # Cells of a web page's header table ("|"), unless the text holds a table (its rows are read
    # as tables, never split).
    split_cells = r.cell_separator is not None and "|" in text and not (r.table_rule and r.table_rule.search(text))
    running = _running_headers(text, r)
    blank = False  # a blank source line since the last line kept
    for raw_line, base, cells in _column_pieces(text.split("\n"), r, rows, split_cells, text):
        if not raw_line:
            blank = True
            continue
        if cells is not None:
            content, raw_spans = _table_row(raw_line, base, cells, invisible)
            pending.append((content, raw_spans, False, 0, False, base + len(raw_line), True, blank))
            blank = False
            continue
        cleaned = _clean_piece(raw_line, base, invisible)
        if cleaned is None:
            blank = True
            continue
        content, raw_spans, marked, indent, trailing = cleaned
        if noise is not None and noise.match(content) or running and running_key(content) in running:
            continue
        row = content[0] == "|" and is_row(content)  # written as a row by a reader or in Markdown
        pending.append((content, raw_spans, marked, indent, trailing, base + len(raw_line), row, blank))
        blank = False

    # Pass 2: join lines broken inside sentences; every output character keeps its raw offset.
    full = _full_width(pending)
    parts: list[str] = []
    origin: list[tuple[int, int]] = []  # runs of raw offsets
    lines: list[Line] = []
    n_out = 0
    tail = ""  # the last two characters written
    cur_start = 0
    cur_parts: list[str] = []  # the logical line being built
    cur_marked, cur_indent, cur_blank = False, 0, False
    prev_trailing = False
    prev_eol = 0
    prev_len = 0
    prev_row = False
    for content, raw_spans, marked, indent, trailing, eol, row, after_blank in pending:
        join, sep = False, True
        if n_out and not row and not prev_row:  # a table row is a line of its own
            first = content[0]
            prev_last = tail[-1]
            prev_before = tail[-2] if len(tail) > 1 else " "
            if prev_last in "-/" and prev_before not in " \n" and not prev_trailing and first.isalnum():
                # A word cut at the line's end: "QĐ-" then "TTg" joined as written, and a syllable split
                # in lower case ("nghi-" then "ệp") without its hyphen.
                join, sep = True, False
                if prev_last == "-" and prev_before.islower() and first.islower():
                    _drop_last(parts, cur_parts, origin)
                    n_out -= 1
                    tail = prev_before
            elif (first.islower() and not _ITEM_START.match(content[:4]) and not _BLOCK_START.match(content[:12])) \
                    or first in ",;)%":  # ("o Thư viện ...": Word's second-level bullet, no wrapped line)
                join = True
            elif first.isdigit() and _value_goes_on(content, cur_parts, r):
                join = True
            elif r.line_goes_on is not None and not _BLOCK_START.match(content[:12]) \
                    and r.line_goes_on.search(cur_parts[-1][-12:] if cur_parts else ""):
                join = True  # "... các tổ chức chính trị - xã hội và" then "Hội Khuyến học tỉnh"
            elif prev_trailing and prev_last not in _TERMINAL and not _BLOCK_START.match(content[:12]):
                # A wrapped line (PDF style: the break left a trailing space) that goes on with a capital.
                # A line that stopped well short of the text's width was not wrapped: it ended there
                # (a heading "6. Sở Tài chính" above "Trên cơ sở ...", "Độc lập - Tự do - Hạnh phúc").
                join = prev_len >= full and not "".join(cur_parts).isupper()
        if join:
            if sep:
                parts.append(" ")
                cur_parts.append(" ")
                origin.append((prev_eol, prev_eol + 1))
                n_out += 1
                tail = tail[-1:] + " "
        else:
            if n_out:
                lines.append(construct(Line, start=cur_start, end=n_out, marked=cur_marked, indent=cur_indent,
                                       after_blank=cur_blank))
                parts.append("\n")
                origin.append((prev_eol, prev_eol + 1))
                n_out += 1
                tail = tail[-1:] + "\n"
            cur_start = n_out
            cur_parts = []
            cur_marked, cur_indent, cur_blank = marked, indent, after_blank
        parts.append(content)
        cur_parts.append(content)
        origin += raw_spans
        n_out += len(content)
        tail = content[-2:] if len(content) > 1 else (tail + content)[-2:]
        prev_trailing = trailing
        prev_eol = eol
        prev_len = len(content)
        prev_row = row
    if n_out:
        lines.append(construct(Line, start=cur_start, end=n_out, marked=cur_marked, indent=cur_indent,
                               after_blank=cur_blank))
    return construct(NormalisedText, text="".join(parts), lines=tuple(lines), origin=OffsetMap(origin, n_out))
