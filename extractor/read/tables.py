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
row, as Markdown writes one.

A table laid out with spaces (the text layer of a PDF) also wraps its cells: a label too long for
its column goes on, on the next line, in the same column, and the values stand on the first line
or on a later one, under the rest of the label. There a line with one piece of text that lies
inside one column (``_space_table``) belongs to the table: starting in lower case right under a
row, it goes on that row's cell; otherwise it opens a row (a group row "a) Hệ thống thư viện", or
a label whose values come on the next line, which starts in lower case). Page breaks (blank lines,
a page number, a running header: the caller's ``skip``) do not end such a table once it has a row
of three cells, when a row of three cells follows them. A cell wrapped in a pipe or tab table is
not rebuilt.
"""
from __future__ import annotations

import functools
import re
from typing import Callable, Iterable, NamedTuple, Optional

import regex

from ..core import patterns
from ..core.rules import load_yaml

Span = tuple[int, int]  # (start, end) of a cell's stripped text in its line; start == end: empty

_MIN_CELLS = 3  # a run needs two rows of at least this many cells
_SPACE_GAP = re.compile(r" {2,}")
_SEPARATOR = re.compile(r"^[\s:\-–|]*$")  # a Markdown rule row "|---|:---:|"
_ALIGN_TOL = 3  # characters: a cell of a short row starting this close to a column's start is in it
_ITEM_LABEL = re.compile(r"^[a-zđ]\)\s")  # "a) Hệ thống thư viện": a lettered group row, not a wrapped label
_NO_BOUND = 1 << 30
_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")  # the number a row of a numbered table opens with
_VALUE = re.compile(r"^[≥>~]?\s*\d+(?:[.,]\d+)?\s*%?$")  # a value cell: "70", "70%", "≥ 80%"


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


class TextRow(NamedTuple):
    """A row found in plain text: each cell's pieces, offsets from the start of the row's first line.

    A cell is one piece on one line, or several (a label wrapped over lines, read in line order);
    an empty cell is one empty piece where it would stand. `lines` is how many raw lines the row
    takes: 1, or more where wrapped lines of a label were joined to it.
    """

    cells: tuple[tuple[Span, ...], ...]
    lines: int = 1


def find_rows(lines: list[str], skip: Optional[Callable[[str], bool]] = None,
              layout: Optional[Callable[[str], bool]] = None) -> dict[int, TextRow]:
    """Lines of `lines` that start table rows written some other way, with their cells' pieces.

    Lines with outer pipes are left out (the normaliser's cleaning of Markdown gives the written
    form), and so are Markdown rule rows ("|---|---|"). `skip` says which lines are page furniture
    (a page number, a running header) that a page break inside a space-aligned table leaves;
    `layout` which lines belong to a header or signature block (a space-aligned run holding one is
    that block's two columns, not a table).

    >>> rows = find_rows(["Chỉ tiêu:", "TT | Chỉ tiêu | 2025", "1 | Thư viện tỉnh | 100%", "Hết."])
    >>> sorted(rows), rows[2].cells
    ([1, 2], (((0, 1),), ((4, 17),), ((20, 24),)))
    """
    out: dict[int, TextRow] = {}
    # Most lines hold none of "|", tab or two spaces: one cheap test each, the rest only for those.
    kinds = [_kind(line) if "|" in line or "\t" in line or "  " in line else None for line in lines]
    i, n = 0, len(lines)
    while i < n:
        kind = kinds[i]
        if kind is None:
            i += 1
            continue
        if kind == "space":
            rows, i = _space_table(lines, kinds, i, skip or _never, layout or _never)
            out.update(rows)
            continue
        members, j = [], i
        while j < n and (kinds[j] == kind or not lines[j].strip() and j + 1 < n and kinds[j + 1] == kind):
            if lines[j].strip():
                members.append(j)
            j += 1
        out.update({k: TextRow(tuple((c,) for c in cells)) for k, cells in _table(kind, members, lines).items()})
        i = j
    return out


def _never(line: str) -> bool:
    return False


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
    """The rows of a run of pipe or tab lines, when it is a table."""
    if kind == "pipe":
        outer = sum(_has_outer(lines[k]) for k in members) * 2 >= len(members)
        cells = {k: _pipe_cells(lines[k], outer) for k in members}
    else:
        cells = {k: _split_cells(lines[k], "\t") for k in members}
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


def _starts(cells: dict[int, list[Span]]) -> list[int]:
    """Where the columns start: the leftmost start of each cell among the widest rows (a header's cell
    centred over its column, "      Nội dung chỉ tiêu", starts further right than the labels under it)."""
    width = max(len(row) for row in cells.values())
    return [min(row[c][0] for row in cells.values() if len(row) == width) for c in range(width)]


def _aligned(cells: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """Space-separated rows with fewer cells than the widest get empty cells where columns are missing.

    The columns start where the widest row's cells start; a shorter row's cell goes to the column
    starting within a few characters of it. Rows that do not line up keep their cells in order.
    """
    if not cells:
        return cells
    widest = max(cells.values(), key=len)
    starts = _starts(cells)
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


# ---------------------------------------------------------------- space-aligned tables with wrapped cells

def _space_table(lines: list[str], kinds: list[Optional[str]], i: int, skip: Callable[[str], bool],
                 layout: Callable[[str], bool] = _never) -> tuple[dict[int, TextRow], int]:
    """The rows of the space-aligned table whose first line is `i`, if it is one, and the line after it.

    >>> lines = ["Chỉ tiêu                   Đơn vị   2025   2030", "a) Thư viện",
    ...          "Thư viện tỉnh có dịch vụ     %       100    100", "học tập suốt đời",
    ...          "Thư viện cấp xã có", "dịch vụ học tập              %        40     60",
    ...          "", "Ghi chú: ..."]
    >>> rows, after = _space_table(lines, [_kind(x) for x in lines], 0, _never)
    >>> sorted(rows), [r.lines for r in rows.values()], after
    ([0, 1, 2, 4], [1, 1, 2, 2], 6)
    >>> [" ".join("\\n".join(lines[4:6])[a:b] for a, b in cell) for cell in rows[4].cells]
    ['Thư viện cấp xã có dịch vụ học tập', '%', '40', '60']
    """
    members, core_end, over = _space_block(lines, kinds, i, skip)
    if any(layout(lines[k]) for k in members):
        return {}, core_end
    spaced = {k: _space_cells(lines[k]) for k in members if kinds[k] == "space"}
    while True:  # the columns of the rows kept, until every one-piece line kept lies in one of them
        starts, bounds = _columns(spaced)
        kept = _fitting(members, lines, kinds, starts, bounds)
        if kept == members:
            break
        members = kept
        spaced = {k: spaced[k] for k in members if kinds[k] == "space"}
    cells = _aligned(spaced)
    if sum(1 for k in spaced if len(cells[k]) >= _MIN_CELLS) < 2:
        return {}, core_end
    return _assemble(members, lines, cells, starts, bounds, over), members[-1] + 1


def _space_block(lines: list[str], kinds: list[Optional[str]], i: int,
                 skip: Callable[[str], bool]) -> tuple[list[int], int, set[int]]:
    """The non-blank lines from `i` that may make one space-aligned table, and where the run of
    space-separated lines from `i` ends (single blank lines between them allowed): the end when
    they are no table; and the lines that go on with the line before a page break (`over`).

    Past a row of three cells, one-piece lines that lie in a column of the rows so far stay in
    (``_fitting`` checks them again against all the rows), and so do page breaks (blank lines, `skip`
    lines) followed by a row of three cells, or by the rest of a label the break cut ("8   Xã, phường
    có lớp năng khiếu, câu lạc bộ,   %   60 ...", the page number and header, then "    nhóm sở thích
    hoạt động thường xuyên", then the next row). A sentence across the columns ends the block, so
    prose is not walked through.
    """
    n = len(lines)
    core = i
    while core < n and (kinds[core] == "space" or not lines[core].strip() and core + 1 < n
                        and kinds[core + 1] == "space"):
        core += 1
    members: list[int] = []
    spaced: dict[int, list[Span]] = {}
    over: set[int] = set()
    wide, j = False, i
    while j < n:
        if kinds[j] == "space":
            members.append(j)
            spaced[j] = _space_cells(lines[j])
            wide = wide or len(spaced[j]) >= _MIN_CELLS
            j += 1
            continue
        gap = j  # only a block with a row of three cells asks `skip` (it may read the whole text once)
        while gap < n and (not lines[gap].strip() or wide and skip(lines[gap])):
            gap += 1
        if gap > j:
            single = gap == j + 1 and not lines[j].strip()
            if gap < n and kinds[gap] == "space" and (single or wide and len(_space_cells(lines[gap])) >= _MIN_CELLS):
                j = gap
                continue
            if _cut_label(lines, kinds, j, gap, spaced, skip) if wide else False:
                over.add(gap)
                j = gap
                continue
            break
        if kinds[j] is None and wide and (_column_of(lines[j], *_columns(spaced)) is not None
                                          or _under_piece(lines[j], members, spaced)):
            members.append(j)
            j += 1
            continue
        break
    return members, core, over


def _cut_label(lines: list[str], kinds: list[Optional[str]], j: int, gap: int, spaced: dict[int, list[Span]],
               skip: Callable[[str], bool]) -> bool:
    """Is line `gap`, after the page furniture from `j`, the rest of the row before the break: one piece
    in a column of the rows so far, going on in lower case, the table's next row right under it?"""
    n = len(lines)
    return (gap + 1 < n and kinds[gap] is None and kinds[gap + 1] == "space" and _goes_on(lines[gap])
            and any(lines[x].strip() and skip(lines[x]) for x in range(j, gap))
            and _column_of(lines[gap], *_columns(spaced)) is not None)


def _under_piece(line: str, members: list[int], spaced: dict[int, list[Span]]) -> bool:
    """A one-piece line going on in lower case right under a piece of the row above ("      sử dụng
    thư viện" under "      vụ phục vụ ... cho người   %   100 ..."), where the columns known so far
    (a header's, centred) do not reach it: the rest of that row's label."""
    above = spaced.get(members[-1]) if members else None
    s = len(line) - len(line.lstrip())
    return bool(above) and _goes_on(line) and any(abs(a - s) <= _ALIGN_TOL for a, _ in above)


def _columns(spaced: dict[int, list[Span]]) -> tuple[list[int], list[int]]:
    """Where the columns start (the widest row's cells) and, for each, where the text of any later
    column begins at the leftmost: a wrapped piece of a cell ends before that."""
    starts = _starts(spaced)
    bounds = [_NO_BOUND] * len(starts)
    for row in spaced.values():
        for a, b in row:
            if a < b:
                col = min(range(len(starts)), key=lambda c: abs(starts[c] - a))
                for c in range(col):
                    bounds[c] = min(bounds[c], a)
    return starts, bounds


def _column_of(line: str, starts: list[int], bounds: list[int]) -> Optional[int]:
    """The column a one-piece line lies in, or None when it runs into the next column (prose)."""
    s, e = len(line) - len(line.lstrip()), len(line.rstrip())
    cols = [c for c, a in enumerate(starts) if a <= s + _ALIGN_TOL]
    return cols[-1] if cols and e < bounds[cols[-1]] else None


def _goes_on(text: str) -> bool:
    """A piece of text that continues the line above (lower case, or a comma), not a lettered item."""
    t = text.lstrip()
    return bool(t) and (t[0].islower() and not _ITEM_LABEL.match(t) or t[0] in ",;)")


def _fitting(members: list[int], lines: list[str], kinds: list[Optional[str]], starts: list[int],
             bounds: list[int]) -> list[int]:
    """`members` up to the first one-piece line that lies in no column, and without the one-piece
    lines after the last row that do not go on with it (in lower case, or indented into a later column)."""
    kept: list[int] = []
    for k in members:
        if kinds[k] != "space" and _column_of(lines[k], starts, bounds) is None:
            break
        kept.append(k)
    tail = max(x for x, k in enumerate(kept) if kinds[k] == "space") + 1
    while tail < len(kept) and kept[tail] == kept[tail - 1] + 1 and (
            _goes_on(lines[kept[tail]]) or _column_of(lines[kept[tail]], starts, bounds) not in (None, 0)):
        tail += 1
    return kept[:tail]


def _assemble(members: list[int], lines: list[str], cells: dict[int, list[Span]], starts: list[int],
              bounds: list[int], over: frozenset[int] | set[int] = frozenset()) -> dict[int, TextRow]:
    """The rows of a space-aligned table, each wrapped piece joined to the cell it goes on.

    A one-piece line right under a row that goes on in lower case continues that row's cell in its
    column; any other opens a row of its own. A row whose first text goes on in lower case, in the
    column where the row right above it ends, completes that row: the label's end and its values.
    """
    at = {members[0]: 0}  # offset of each line from the start of the table's first line
    for k in range(members[0] + 1, members[-1] + 1):
        at[k] = at[k - 1] + len(lines[k - 1]) + 1
    block = "\n".join(lines[members[0]:members[-1] + 1])
    rows: list[list] = []  # [first line, last line, cells: pieces, offsets from the first member's start]
    prev = -2
    lead: Optional[tuple[int, int, Span]] = None  # (line, column, piece) of a label's first line held back
    for k in members:
        line = lines[k]
        if _SEPARATOR.match(line):
            continue
        cur = rows[-1] if rows and (k == prev + 1 or k in over) else None  # `over`: across a page break
        prev = k
        if k in cells:
            row = [[(at[k] + a, at[k] + b)] for a, b in cells[k]]
            if lead is not None and lead[0] == k - 1 and lead[1] < len(row):
                row[lead[1]] = _joined([lead[2]], row[lead[1]])  # the label's first line, above its number
                rows.append([k - 1, k, row])
                lead = None
                continue
            if cur is not None and _completes(cur[2], row, block):
                cur[2] = [_joined(mine, theirs) for mine, theirs in zip(cur[2], row)]
                cur[1] = k
            elif (numbered := _numbered_above(rows, row, block)) is not None:
                numbered[2] = [_joined(mine, theirs) for mine, theirs in zip(numbered[2], row)]
                numbered[1] = k
            else:
                rows.append([k, k, row])
            continue
        c = _column_of(line, starts, bounds)
        piece = (at[k] + len(line) - len(line.lstrip()), at[k] + len(line.rstrip()))
        if c and _centred_label(lines, cells, members, k):
            lead = (k, c, piece)
            continue
        if cur is not None and c < len(cur[2]) and (_goes_on(line) or _wraps_label(cur[2], c, block)):
            cur[2][c] = _joined(cur[2][c], [piece])
            cur[1] = k
            continue
        row = [[(piece[0], piece[0])] if x < c else [(piece[1], piece[1])] for x in range(len(starts))]
        row[c] = [piece]
        rows.append([k, k, row])
    out = {}
    for first, last, row in rows:
        off = at[first]
        out[first] = TextRow(tuple(tuple((a - off, b - off) for a, b in cell) for cell in row), last - first + 1)
    return out


def _centred_label(lines: list[str], cells: dict[int, list[Span]], members: list[int], k: int) -> bool:
    """Is the one-piece line k the first line of the next row's label, the row's number and values
    centred on the line below it and one more line of the label under them ("      Thư viện lực lượng
    vũ trang (Công an tỉnh, Bộ" / "4     Chỉ huy Quân sự tỉnh, ...   %   80   100" / "      phòng tỉnh)
    cung cấp ...")? It opens with a capital; the row below opens with its number; the line under that
    goes on in lower case and is the label's last."""
    inside = set(members)
    if not _opens_row(lines[k]) or k + 2 not in inside or k + 1 not in cells or k + 2 in cells:
        return False
    if k - 1 in inside and (_unfinished(lines[k - 1])
                            or any(_unfinished(lines[k - 1][a:b]) for a, b in cells.get(k - 1, ()))):
        # "... dành cho học sinh, sinh viên do" / "Bảo tàng tỉnh xây dựng ...": the line, or the label cell of
        # the row above (its values after it), goes on
        return False
    a, b = cells[k + 1][0]
    if not _ROW_NUMBER.match(lines[k + 1][a:b].strip()) or not _goes_on(lines[k + 2]):
        return False
    return k + 3 not in inside or k + 3 in cells or not _goes_on(lines[k + 3])


@functools.lru_cache(maxsize=1)
def _goes_on_after() -> Optional[regex.Pattern]:
    pattern = load_yaml("normalise.yaml").get("line_goes_on_after")
    return patterns.compile(pattern) if pattern else None


def _unfinished(line: str) -> bool:
    """Does a line stop where its text must go on (a comma, "và", "do": rules/normalise.yaml `line_goes_on_after`)?"""
    rx = _goes_on_after()
    text = line.rstrip()
    return text.endswith(",") or rx is not None and bool(rx.search(text[-12:]))


def _wraps_label(cells: list[list[Span]], c: int, block: str) -> bool:
    """A one-piece line in a later column right under a row that opens with its number or label
    ("2   Chương trình ... dành cho học sinh, sinh viên do" then "    Bảo tàng tỉnh xây dựng ..."):
    the wrapped rest of that row's cell, capitalised or not (nothing stands in the number column)."""
    if c == 0 or not cells:
        return False
    first = "".join(block[a:b] for a, b in cells[0]).strip()
    return bool(first) and any(b > a for a, b in cells[c])


def _numbered_above(rows: list[list], row: list[list[Span]], block: str) -> Optional[list]:
    """The numbered row that `row` goes on, cell by cell, or None. In a table whose rows open with
    their number ("5     Đưa nội dung học tập tại ...   Sở Giáo dục và Đào tạo   Sở Văn hóa, Thể thao
    và Du"), a line with no number whose text does not open a row of its own (a capital, a bullet
    before a capital) holds the wrapped rest of the cells of the last numbered row above it, also
    across a page break whose only rows repeat the header."""
    if not row or any(a < b for a, b in row[0]):
        return None
    pieces = [block[a:b] for cell in row for a, b in cell if a < b]
    if not pieces or _opens_row(pieces[0]) and (len(pieces) < 2 or any(_VALUE.match(p) for p in pieces)):
        return None  # a capital opens a row, unless the line goes on several text cells at once
    for r in reversed(rows):
        label = " ".join(block[a:b] for a, b in r[2][0] if a < b)
        if _ROW_NUMBER.match(label):
            return r if len(r[2]) == len(row) else None
        if not rows or _texts(r[2], block) != _texts(rows[0][2], block):
            return None  # a row between that is not the header repeated
    return None


def _opens_row(text: str) -> bool:
    """Text that opens a row: a capital, or a bullet before one (str.isupper knows every Vietnamese capital)."""
    t = text.lstrip("-+•* ")
    return bool(t) and t[0].isupper()


def _texts(row: list[list[Span]], block: str) -> list[str]:
    return [" ".join(block[a:b] for a, b in cell if a < b) for cell in row]


def _joined(mine: list[Span], theirs: list[Span]) -> list[Span]:
    """The pieces of a cell followed by those of the same cell on a later line (empty pieces go)."""
    kept = [p for p in mine if p[0] < p[1]]
    return kept + [p for p in theirs if p[0] < p[1]] if kept else theirs


def _completes(above: list[list[Span]], row: list[list[Span]], block: str) -> bool:
    """`row` holds the rest of the row above: it has nothing before the column where the row above
    ends, goes on in lower case in that column and has text after it; the row above is no group
    heading ("a) ...", capitals). Pieces are offsets in `block`, the table's lines."""
    if len(row) != len(above):
        return False
    col = max((c for c, cell in enumerate(above) if any(a < b for a, b in cell)), default=None)
    if col is None or any(a < b for cell in row[:col] for a, b in cell):
        return False
    a, b = row[col][0]
    if not (a < b and _goes_on(block[a:b])) or not any(x < y for cell in row[col + 1:] for x, y in cell):
        return False
    label = " ".join(block[x:y] for x, y in above[col] if x < y)
    return not (_ITEM_LABEL.match(label) or label.isupper())
