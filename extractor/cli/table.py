"""Tables on the terminal that fit its width: columns chosen by priority, long text cut with "…".

The full text is always in ``--csv`` / ``--json`` / ``--parquet``; ``--wide`` prints every column
uncut. Numbers are right-aligned and never cut; a header is never cut; a footer says how many
rows there are ("0 rows" for an empty result) and which columns did not fit.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Columns are 2 cells apart (1 of padding, 1 of separator); the edges have neither, so
# n columns take sum(widths) + 2 * (n - 1) cells.
_GAP = 2
_MIN_TEXT = 8  # a text column is not squeezed below this (or its header, if longer)
_CAP_TEXT = 24  # what an optional column must leave every shown text column (if it is that long)


def cell_text(v: Any) -> str:
    """A value as one line of text: None blank, 80.0 -> "80", lists joined, whitespace collapsed.

    >>> cell_text(80.0), cell_text(None), cell_text(["a", "b"]), cell_text("x\\n  y"), cell_text("  a  b")
    ('80', '', 'a, b', 'x y', '  a b')
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return ", ".join(cell_text(x) for x in v)
    text = str(v)
    indent = len(text) - len(text.lstrip(" "))  # leading spaces are an outline's indentation
    return " " * indent + " ".join(text.split())


def is_numeric(values: Sequence[Any]) -> bool:
    """True when every non-empty value is a number (such a column is right-aligned).

    >>> is_numeric([1, 2.5, None]), is_numeric(["1", 2]), is_numeric([None])
    (True, False, False)
    """
    seen = [v for v in values if v is not None]
    return bool(seen) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in seen)


def plural(n: int, word: str) -> str:
    """ "1 row", "0 rows", "2 duties".

    >>> plural(1, "row"), plural(0, "row"), plural(3, "duty")
    ('1 row', '0 rows', '3 duties')
    """
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') and word[-2:-1] not in 'aeiou' else word + 's'}"


def fit_widths(headers: Sequence[str], natural: Sequence[int], numeric: Sequence[bool], width: int,
               required: Sequence[int], optional: Sequence[int]) -> dict[int, int]:
    """Column index -> width for the columns shown in ``width`` cells.

    ``required`` columns (most important first) are shown while they fit at their minimum: a
    number whole, text at ``_MIN_TEXT`` or its header, never less. An ``optional`` column is
    added only if every column already shown can still have its ``_CAP_TEXT`` (or natural) width.
    Space left over goes to the cut columns, the smallest need first.

    >>> fit_widths(["a", "b"], [30, 3], [False, True], 20, [0, 1], [])
    {0: 15, 1: 3}
    >>> fit_widths(["a", "b", "c"], [10, 10, 10], [False] * 3, 25, [0], [1, 2])
    {0: 10, 1: 10}
    """
    def minimum(i: int) -> int:
        return natural[i] if numeric[i] else max(cell_len(headers[i]), min(natural[i], _MIN_TEXT))

    def target(i: int) -> int:
        return natural[i] if numeric[i] else max(minimum(i), min(natural[i], _CAP_TEXT))

    def cost(cols: dict[int, int]) -> int:
        return sum(cols.values()) + _GAP * (len(cols) - 1)

    chosen: dict[int, int] = {}
    for i in required:
        if not chosen or cost({**chosen, i: minimum(i)}) <= width:
            chosen[i] = minimum(i)
    for i in optional:
        if not chosen:
            chosen[i] = min(target(i), width)
        elif cost({**{j: target(j) for j in chosen}, i: target(i)}) <= width:
            chosen[i] = minimum(i)
    extra = width - cost(chosen)
    for cap in (target, lambda i: natural[i]):  # first up to the cap, then whole
        wanting = sorted((i for i in chosen if cap(i) > chosen[i]), key=lambda i: cap(i) - chosen[i])
        while extra > 0 and wanting:
            i = wanting.pop(0)
            add = min(cap(i) - chosen[i], max(1, extra // (len(wanting) + 1)), extra)
            chosen[i] += add
            extra -= add
            if cap(i) > chosen[i]:
                wanting.append(i)
    return chosen


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], console: Console, *, title: Optional[str] = None,
           wide: bool = False, priority: Sequence[str] = (), legend: Sequence[str] = (),
           noun: str = "row", headers: Optional[dict[str, str]] = None,
           formats: Optional[dict[str, str]] = None) -> None:
    """Print rows as a table that fits ``console.width`` (all of it with ``wide``), then the footer.

    ``priority`` names the columns to show whenever they fit, most important first; the others
    are shown only where room is left (see :func:`fit_widths`). Columns keep their order.
    ``headers`` renames columns on screen; ``formats`` ({"P": "{:.2f}"}) formats a column's numbers;
    ``legend`` lines explain symbols; ``noun`` counts rows.
    """
    fmts = [(formats or {}).get(str(c)) for c in columns]
    columns = [(headers or {}).get(str(c), str(c)) for c in columns]
    priority = [(headers or {}).get(c, c) for c in priority]
    texts = [[f.format(v) if f and v is not None else cell_text(v) for v, f in zip(r, fmts)] for r in rows]
    numeric = [is_numeric([r[i] for r in rows]) for i in range(len(columns))]
    natural = [max([cell_len(c)] + [cell_len(t[i]) for t in texts]) for i, c in enumerate(columns)]
    required = [columns.index(c) for c in priority if c in columns]
    optional = [i for i in range(len(columns)) if i not in required]
    same = _constant_columns(texts, natural, console.width) if not wide else {}
    required = [i for i in required if i not in same]
    optional = [i for i in optional if i not in same]
    if wide:
        widths = dict(enumerate(natural))
        console = Console(file=console.file, width=max(console.width, sum(natural) + _GAP * len(columns)),
                          force_terminal=console.is_terminal, no_color=console.no_color)
    else:
        widths = fit_widths(columns, natural, numeric, console.width, required, optional)
    shown = sorted(widths)
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False,
                  title_justify="left", expand=False)
    for i in shown:
        table.add_column(columns[i], justify="right" if numeric[i] else "left", no_wrap=True,
                         overflow="ellipsis", width=widths[i], header_style="bold")
    for t in texts:
        table.add_row(*[t[i] for i in shown])
    print_lines(console, table)
    footer = plural(len(rows), noun)
    hidden = [columns[i] for i in range(len(columns)) if i not in widths and i not in same]
    if hidden:
        footer += f"; not shown: {', '.join(hidden)} (--wide or --csv shows them)"
    if same:
        footer += "; in every row: " + ", ".join(f"{columns[i]} {v}" for i, v in same.items())
    for line in (footer, *legend):
        print_lines(console, Text(line, style="dim", overflow="fold"))


def _constant_columns(texts: list[list[str]], natural: Sequence[int], width: int) -> dict[int, str]:
    """Columns with one value in every row, when the table is too wide: said once in the footer
    ("in every row: year 2030"), so that the room goes to columns that tell rows apart.

    >>> _constant_columns([["a", "2030"], ["b", "2030"]], [40, 4], 30)
    {1: '2030'}
    """
    if len(texts) < 2 or sum(natural) + _GAP * (len(natural) - 1) <= width:
        return {}
    same = {i: texts[0][i] for i in range(len(natural))
            if 0 < len(texts[0][i]) <= 12 and all(t[i] == texts[0][i] for t in texts)}
    return dict(list(same.items())[:2])  # a short footer: at most two such columns


def print_lines(console: Console, renderable: Any) -> None:
    """Print through a capture, so that rich's padding to the width leaves no trailing spaces."""
    with console.capture() as cap:
        console.print(renderable, highlight=False)
    for line in cap.get().splitlines():
        console.file.write(line.rstrip() + "\n")
