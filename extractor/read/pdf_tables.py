"""Ruled tables of PDF pages: which pages have them (cheap, pdfium) and their rows (pdfplumber).

pdfplumber's table finder rebuilds a ruled table's cells from the lines drawn around them, but it
costs ~100 ms a page; pdfium reads a page's text in a few ms. So a page goes to the table finder
only when pdfium shows it draws enough straight path segments to rule a table (a grid of 3
columns and 2 rows takes at least 7 lines); the pages of plain text keep the fast path.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.lazy import LazyImport

pdfium_c = LazyImport("pypdfium2.raw")  # imported when a PDF is read (start-up cost of the other commands)

_MIN_SEGMENTS = 14  # path segments on a page before it is worth looking for a ruled table
_MIN_COLUMNS = 3  # two columns are layout (issuer | motto), as in DOCX


@dataclass(frozen=True)
class TableRow:
    """One row of a ruled table: its box (top, bottom measured down from the page top) and cells."""

    x0: float
    x1: float
    top: float
    bottom: float
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    x0: float
    x1: float
    top: float
    bottom: float
    rows: tuple[TableRow, ...]

    def holds(self, x0: float, x1: float, top: float, bottom: float) -> bool:
        """True when a text line with this box lies inside the table."""
        middle = (top + bottom) / 2
        return self.top <= middle <= self.bottom and x0 < self.x1 and x1 > self.x0


def may_have_ruled_table(raw_page) -> bool:
    """True when a pdfium page draws enough path segments to rule a table (stops counting early)."""
    segments = 0
    for k in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, k)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
            segments += max(1, pdfium_c.FPDFPath_CountSegments(obj))
            if segments >= _MIN_SEGMENTS:
                return True
    return False


def ruled_tables(plumber_page) -> list[Table]:
    """The ruled tables pdfplumber finds on a page (3 columns or more), cells joined onto one line.

    A cell covered by a merge (pdfplumber gives None) is empty when the merge runs across columns,
    and repeats the cell it continues when the merge runs down rows (as DOCX rows do), so columns
    line up and every row holds its value.
    """
    out = []
    for found in plumber_page.find_tables():
        texts = found.extract()
        if len(texts) < 2 or max(len(r) for r in texts) < _MIN_COLUMNS:
            continue
        rows = []
        for r, (row, cells) in enumerate(zip(found.rows, texts)):
            clean = tuple(" ".join((c if c is not None else _merged_down(found, texts, r, j)).split())
                          for j, c in enumerate(cells))
            if any(clean):
                x0, top, x1, bottom = row.bbox
                rows.append(TableRow(x0, x1, top, bottom, clean))
        x0, top, x1, bottom = found.bbox
        out.append(Table(x0, x1, top, bottom, tuple(rows)))
    return out


def _merged_down(found, texts: list[list], r: int, j: int) -> str:
    """Text of the cell above whose box reaches down over row r in column j, or ""."""
    bottom = found.rows[r].bbox[3]
    for k in range(r - 1, -1, -1):
        box = found.rows[k].cells[j] if j < len(found.rows[k].cells) else None
        if box is not None:
            return (texts[k][j] or "") if box[3] >= bottom - 1 else ""
    return ""
