"""Table rows: one written form for the whole pipeline, and finding rows laid out in plain text.

Every table row reaches segmentation and extraction as one line ``| a | b | | d |``: cells
between "|", one space around each cell's text, an empty cell as ``| |``. The DOCX and PDF readers
write rows that way (``render_row``); Markdown does too. Text exports write them in other ways,
which ``find_rows`` recognises on the raw lines so that the normaliser can rewrite them:

* cells between "|" with or without the outer pipes ("1 | Thư viện tỉnh | 100% | 100%");
* cells separated by tabs (a tab between two tabs is an empty cell);
* cells separated by runs of two or more spaces, columns aligned or not.

A run of lines is a table when at least two of its rows have three cells or more (two columns
are layout: issuer | motto, recipients | signer), except that a line with outer pipes is always a
row, as Markdown writes one. Cells span one line: a cell wrapped onto the next line of a text
export is not rebuilt.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

Span = tuple[int, int]  # (start, end) of a cell's stripped text in its line; start == end: empty

_MIN_CELLS = 3  # a run needs two rows of at least this many cells
_SPACE_GAP = re.compile(r" {2,}")
_SEPARATOR = re.compile(r"^[\s:\-–|]*$")  # a Markdown rule row "|---|:---:|"
_ALIGN_TOL = 3  # characters: a cell of a short row starting this close to a column's start is in it


def render_row(cells: Iterable[Optional[str]]) -> str:
    """The one written form of a row; inner whitespace of a cell becomes single spaces.

    >>> render_row(["1", "Thư viện\\ntỉnh", None, "100%"])
    '| 1 | Thư viện tỉnh | | 100% |'
    """
    out = "|"
    for cell in cells:
        text = " ".join((cell or "").split())
        out += f" {text} |" if text else " |"
    return out


def is_row(line: str) -> bool:
    """A line in the one written form of a row (after normalisation)."""
    s = line.strip()
    return len(s) > 2 and s[0] == "|" and s[-1] == "|"


def row_cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each cell of a row in its written form, offsets in `line`."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    out = []
    for a, b in zip(bars, bars[1:]):
        seg = line[a + 1:b]
        lead = len(seg) - len(seg.lstrip())
        text = seg.strip()
        out.append((a + 1 + lead, a + 1 + lead + len(text), text))
    return out


def find_rows(lines: list[str]) -> dict[int, list[Span]]:
    """Lines of `lines` that are table rows written some other way, with their cells' spans.

    Lines with outer pipes are left out (the normaliser's cleaning of Markdown gives the written
    form), and so are Markdown rule rows ("|---|---|").

    >>> rows = find_rows(["Chỉ tiêu:", "TT | Chỉ tiêu | 2025", "1 | Thư viện tỉnh | 100%", "Hết."])
    >>> sorted(rows), rows[2]
    ([1, 2], [(0, 1), (4, 17), (20, 24)])
    """
    out: dict[int, list[Span]] = {}
    # Most lines hold none of "|", tab or two spaces: one cheap test each, the rest only for those.
    kinds = [_kind(line) if "|" in line or "\t" in line or "  " in line else None for line in lines]
    i, n = 0, len(lines)
    while i < n:
        kind = kinds[i]
        if kind is None:
            i += 1
            continue
        members, j = [], i
        while j < n and (kinds[j] == kind or not lines[j].strip() and j + 1 < n and kinds[j + 1] == kind):
            if lines[j].strip():
                members.append(j)
            j += 1
        out.update(_table(kind, members, lines))
        i = j
    return out


def _kind(line: str) -> Optional[str]:
    """How a line could be a row: 'pipe', 'tab' or 'space' (two non-empty cells at least), or None."""
    if "|" in line:
        return "pipe"
    body = line.strip()
    if "\t" in body and sum(1 for c in line.split("\t") if c.strip()) >= 2:
        return "tab"
    if "  " in body:
        return "space"
    return None


def _table(kind: str, members: list[int], lines: list[str]) -> dict[int, list[Span]]:
    if kind == "pipe":
        outer = sum(_has_outer(lines[k]) for k in members) * 2 >= len(members)
        cells = {k: _pipe_cells(lines[k], outer) for k in members}
    elif kind == "tab":
        cells = {k: _split_cells(lines[k], "\t") for k in members}
    else:
        cells = _aligned({k: _space_cells(lines[k]) for k in members})
    wide = sum(1 for k in members if len(cells[k]) >= _MIN_CELLS)
    out = {}
    for k in members:
        line = lines[k]
        if _SEPARATOR.match(line) or not cells[k]:
            continue
        if kind == "pipe" and _has_outer(line):
            continue  # Markdown's form: the normaliser's own cleaning gives the written form
        if wide >= 2:
            out[k] = cells[k]
    return out


def _has_outer(line: str) -> bool:
    s = line.strip()
    return len(s) > 2 and s[0] == "|" and s[-1] == "|"


def _strip(line: str, a: int, b: int) -> Span:
    seg = line[a:b]
    lead = len(seg) - len(seg.lstrip())
    text = seg.strip()
    return (a + lead, a + lead + len(text)) if text else (a, a)


def _pipe_cells(line: str, outer: bool) -> list[Span]:
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    bounds = [-1, *bars, len(line)]
    pieces = list(zip(bounds, bounds[1:]))
    if outer:
        if not line[:bars[0]].strip():
            pieces = pieces[1:]
        if pieces and not line[bars[-1] + 1:].strip():
            pieces = pieces[:-1]
    return [_strip(line, a + 1, b) for a, b in pieces]


def _split_cells(line: str, sep: str) -> list[Span]:
    end = len(line.rstrip())
    out, pos = [], 0
    for piece in line[:end].split(sep):
        out.append(_strip(line, pos, pos + len(piece)))
        pos += len(piece) + len(sep)
    return out


def _space_cells(line: str) -> list[Span]:
    body_start = len(line) - len(line.lstrip())
    body_end = len(line.rstrip())
    out, pos = [], body_start
    for m in _SPACE_GAP.finditer(line, body_start, body_end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, body_end))
    return out


def _aligned(cells: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """Space-separated rows with fewer cells than the widest get empty cells where columns are missing.

    The columns start where the widest row's cells start; a shorter row's cell goes to the column
    starting within a few characters of it. Rows that do not line up keep their cells in order.
    """
    if not cells:
        return cells
    widest = max(cells.values(), key=len)
    starts = [a for a, _ in widest]
    out = {}
    for k, row in cells.items():
        if len(row) == len(widest):
            out[k] = row
            continue
        cols = [min(range(len(starts)), key=lambda c: abs(starts[c] - a)) for a, _ in row]
        if any(abs(starts[c] - a) > _ALIGN_TOL for c, (a, _) in zip(cols, row)) or cols != sorted(set(cols)):
            out[k] = row
            continue
        filled: list[Span] = []
        for c in range(len(starts)):
            if c in cols:
                filled.append(row[cols.index(c)])
            else:
                pos = row[cols.index(min(x for x in cols if x > c))][0] if any(x > c for x in cols) else row[-1][1]
                filled.append((pos, pos))
        out[k] = filled
    return out
