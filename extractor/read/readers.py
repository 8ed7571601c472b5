"""Read plan files (.txt, .md, .pdf, .docx) into a RawDocument: decoded text, not yet normalised.

Every failure is a ReadError whose message is one line, ``"<path>: <reason>"``, so a
batch run can report a bad file and move on.

PDF text comes from pypdfium2 (fast: a few ms per page). pdfplumber is the fallback
for a page whose pdfium text cannot be tied to character positions, because its own
layout analysis (chars clustered into lines by position) does not depend on that; it
costs ~100 ms per dense page, so it is kept off the normal path.
"""
from __future__ import annotations

import codecs
import ctypes
import functools
import hashlib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from ..core import patterns
from ..core.lazy import LazyImport
from ..core.models import OcrProvenance, RawDocument, UnsureWord
from ..core.rules import load_yaml

# PDF and DOCX libraries are imported when a PDF or DOCX file is read (core/lazy.py): start-up cost.
pdfplumber = LazyImport("pdfplumber")
pdfium = LazyImport("pypdfium2")
pdfium_c = LazyImport("pypdfium2.raw")
open_docx = LazyImport("docx", "Document")
qn = LazyImport("docx.oxml.ns", "qn")
Paragraph = LazyImport("docx.text.paragraph", "Paragraph")
Run = LazyImport("docx.text.run", "Run")
from .files import SUPPORTED_EXTENSIONS, iter_plan_files  # noqa: F401 (read.readers is where callers look)
from .ocr import OcrPage, OcrUnavailable, ocr_page, tesseract_version
from .ocr_repair import ocr_rules
from .pdf_tables import Table, may_have_ruled_table, ruled_tables
from .tables import render_row


FILE_NOT_FOUND = "file not found"
EMPTY_FILE = "empty file"
BINARY_TEXT = "binary file, not text"
NOT_DOCX = "not a valid Word (.docx) file"
UNDECODABLE = "cannot decode text: not UTF-8 or UTF-16 with BOM"
ENCRYPTED_PDF = "encrypted PDF"
CORRUPT_PDF = "corrupt PDF"
NO_TEXT_LAYER = "no text layer: scanned PDF?"
NO_TEXT_OCR = "no text layer, and OCR found no text in it"
NO_TEXT_DOCX = "no text in document"


class ReadError(Exception):
    """A plan file that cannot be read; ``str(err) == f"{path}: {reason}"``."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class _Unreadable(Exception):
    """Raised by the format readers, which do not know the path; read_document adds it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def unsupported_reason(suffix: str) -> str:
    """Reason given for a file whose extension no reader handles.

    >>> unsupported_reason(".xyz")
    "unsupported extension '.xyz' (supported: .txt, .md, .pdf, .docx)"
    """
    return f"unsupported extension '{suffix}' (supported: {', '.join(SUPPORTED_EXTENSIONS)})"


def read_document(path: str | Path, ocr: bool = True, ocr_pages: Optional[dict[int, OcrPage]] = None,
                  on_page: Optional[Callable[[int, int], None]] = None) -> RawDocument:
    """Read one plan file; raise ReadError with a one-line reason when that is impossible.

    PDF pages without a text layer are read by OCR (``ocr=False``: left out, and a PDF with
    no text at all is refused as before). ``ocr_pages`` holds pages already read (by page
    index), e.g. in parallel by ``ingest``; ``on_page(done, total)`` is called after each page
    this call reads by OCR.
    """
    p = Path(path)
    if not p.exists():
        raise ReadError(path, FILE_NOT_FOUND)
    if not p.is_file():
        raise ReadError(path, "not a file")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise ReadError(path, unsupported_reason(suffix))
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ReadError(path, f"cannot read file: {err.strerror or err}") from err
    if _is_blank(data):
        raise ReadError(path, EMPTY_FILE)
    fmt = suffix[1:]
    provenance = None
    try:
        if fmt == "pdf":
            text, provenance = _read_pdf(data, ocr, ocr_pages or {}, on_page)
        else:
            text = _READERS[fmt](data)
    except _Unreadable as err:
        raise ReadError(path, err.reason) from None
    return RawDocument(
        source_name=p.stem,
        path=str(path),
        fmt=fmt,
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        ocr=provenance,
    )


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _is_blank(data: bytes) -> bool:
    """True for 0 bytes or bytes that are only a BOM and ASCII whitespace."""
    for bom, _ in _BOMS:
        if data.startswith(bom):
            data = data[len(bom):]
            break
    return not data.strip()


# ---------------------------------------------------------------- text / markdown


def _read_text(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or UTF-16 with BOM; the BOM is dropped, lines kept as they are."""
    encoding, body = "utf-8", data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom):]
            break
    if encoding == "utf-8" and b"\x00" in body:
        if _looks_like_utf16(body):
            raise _Unreadable(UNDECODABLE)
        raise _Unreadable(BINARY_TEXT)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        raise _Unreadable(UNDECODABLE) from None
    if "\x00" in text:
        raise _Unreadable(BINARY_TEXT)
    if not text.strip():
        raise _Unreadable(EMPTY_FILE)
    return text


def _looks_like_utf16(body: bytes) -> bool:
    """BOM-less UTF-16 text: NULs in nearly every other byte. Worth a clearer reason than 'binary'.

    >>> _looks_like_utf16("Kế hoạch".encode("utf-16-le"))
    True
    >>> _looks_like_utf16(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    False
    """
    halves = sorted((body[0::2].count(0) / max(1, len(body[0::2])), body[1::2].count(0) / max(1, len(body[1::2]))))
    # Vietnamese letters (U+1Exx, U+01xx) fill some high bytes, so "mostly NUL" is enough.
    return halves[0] <= 0.05 and halves[1] >= 0.6


# ---------------------------------------------------------------- docx


def _read_docx(data: bytes) -> str:
    """Paragraphs and table cells in document order; headings and all-bold paragraphs as ``**text**``."""
    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as err:  # python-docx raises assorted types for a zip that is not a Word file
        raise _Unreadable(NOT_DOCX) from err
    lines = list(_docx_lines(doc.element.body, doc))
    if not any(line.strip() for line in lines):
        raise _Unreadable(NO_TEXT_DOCX)
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # what docx.oxml.ns.qn("w:...") prefixes
_P, _TBL, _SDT, _TR, _TC = _W + "p", _W + "tbl", _W + "sdt", _W + "tr", _W + "tc"
# Runs can sit inside hyperlinks, tracked insertions, smart tags and simple fields;
# python-docx's Paragraph.text misses some of these.
_RUNS_XPATH = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r | ./w:sdt/w:sdtContent/w:r"


def _docx_lines(container, doc) -> Iterator[str]:
    """Walk w:p / w:tbl children of a body or cell in order (content controls are unwrapped)."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield from _paragraph_lines(Paragraph(child, doc))
        elif child.tag == _TBL:
            rows = list(child.iterchildren(_TR))
            if max((sum(_grid_span(tc) for tc in tr.iterchildren(_TC)) for tr in rows), default=0) >= 3:
                # A data table (targets by year, duties by body): one line per row in the row form
                # (read/tables.py), so that a value stays beside its row label and its column's year.
                above: dict[int, str] = {}
                for tr in rows:
                    cells = _docx_row(tr, doc, above)
                    if any(cells):
                        yield render_row(cells)
                continue
            if _body_duty_table(rows, doc):
                for tr in rows[1:]:  # "Cơ quan | Nhiệm vụ": one "<body>: <duty>" item a row
                    cells = [c for c in _docx_row(tr, doc, {}) if c.strip()]
                    if len(cells) == 2:
                        yield f"{cells[0].rstrip(' :')}: {cells[1]}"
                    else:
                        yield from cells
                continue
            # Two columns are layout (issuer | motto, recipients | signer): cell by cell, in order.
            for tr in rows:
                for tc in tr.iterchildren(_TC):
                    if not _is_merge_continuation(tc):
                        yield from _docx_lines(tc, doc)
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_lines(content, doc)


def _body_duty_table(rows, doc) -> bool:
    """Is a two-column table headed by the bodies and their duties ("Cơ quan | Nhiệm vụ",
    rules/tables.yaml `body_duty_header`)?"""
    if len(rows) < 2:
        return False
    head = [" ".join(c.split()).strip(" *:").lower() for c in _docx_row(rows[0], doc, {})]
    pats = _body_duty_header()
    return len(head) == 2 and all(p.match(c) for p, c in zip(pats, head))


@functools.lru_cache(maxsize=1)
def _body_duty_header() -> tuple:
    return tuple(patterns.compile(p) for p in load_yaml("tables.yaml").get("body_duty_header", []))


def _grid_span(tc) -> int:
    """Grid columns a cell covers (w:gridSpan, 1 by default)."""
    span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
    try:
        return max(1, int(span.get(qn("w:val")))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _docx_row(tr, doc, above: dict[int, str]) -> list[str]:
    """Cell texts of a table row, one per grid column, so that columns line up.

    A cell merged across columns gives its text then empty cells; a cell continuing a vertical
    merge gives the text of the cell it continues (`above`: grid column -> text of the cell that
    starts the merge there), as each row it covers holds that value ("Sở Tài chính" over three tasks).
    """
    cells: list[str] = []
    before = tr.find(qn("w:trPr"))
    skipped = before.find(qn("w:gridBefore")) if before is not None else None
    if skipped is not None and (skipped.get(qn("w:val")) or "").isdigit():
        cells += [""] * int(skipped.get(qn("w:val")))
    for tc in tr.iterchildren(_TC):
        col = len(cells)
        if _continues_vertical_merge(tc):
            text = above.get(col, "")
        else:
            text = " ".join(_docx_lines(tc, doc)).replace("**", "")
            if _starts_vertical_merge(tc):
                above[col] = text
            else:
                above.pop(col, None)
        cells += [text] + [""] * (_grid_span(tc) - 1)
    return cells


def _vmerge(tc) -> Optional[str]:
    tc_pr = tc.tcPr
    merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
    return None if merge is None else merge.get(qn("w:val"), "continue")


def _starts_vertical_merge(tc) -> bool:
    return _vmerge(tc) == "restart"


def _continues_vertical_merge(tc) -> bool:
    return _vmerge(tc) == "continue"


def _is_merge_continuation(tc) -> bool:
    """A cell that continues a merge above (vMerge) or to the left (legacy hMerge) repeats no text."""
    tc_pr = tc.tcPr
    if tc_pr is None:
        return False
    for tag in ("w:vMerge", "w:hMerge"):
        merge = tc_pr.find(qn(tag))
        if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
            return True
    return False


def _paragraph_lines(para: Paragraph) -> Iterator[str]:
    runs = [Run(r, para) for r in para._p.xpath(_RUNS_XPATH)]
    text = "".join(run.text for run in runs)
    if not text.strip():
        return
    marked = _is_heading_style(para) or all(_run_is_bold(run, para) for run in runs if run.text.strip())
    for line in text.split("\n"):  # w:br inside a paragraph is a real line break
        if marked and line.strip():
            yield f"**{line.strip()}**"
        elif line.strip():
            yield line


def _style_chain(style) -> Iterator:
    seen = 0
    while style is not None and seen < 10:  # base_style loops exist in damaged files
        yield style
        style, seen = style.base_style, seen + 1


def _is_heading_style(para: Paragraph) -> bool:
    try:
        style = para.style
    except (KeyError, ValueError):
        return False
    return any((s.name or "").lower().startswith(("heading", "title")) for s in _style_chain(style))


def _run_is_bold(run: Run, para: Paragraph) -> bool:
    """Effective bold: direct formatting, then character style, then paragraph style."""
    if run.bold is not None:
        return run.bold
    try:
        styles = [run.style, para.style]
    except (KeyError, ValueError):
        return False
    for style in styles:
        for s in _style_chain(style):
            if s.font.bold is not None:
                return s.font.bold
    return False


# ---------------------------------------------------------------- pdf


@dataclass(frozen=True)
class _Line:
    """One text line of a PDF page; top/bottom measured down from the page top."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False
    frags: tuple["_Line", ...] = ()  # pieces split at wide gaps; only for page 1's top lines
    trailing: bool = False  # ends with a space: the PDF text has one, or the line was wrapped
    row: bool = False  # a row of a ruled table, its text already in the row form
    unsure: tuple[tuple[int, int, float, Optional[str]], ...] = ()  # OCR: (start, end, conf, read as) in text


@dataclass
class _Page:
    width: float
    height: float
    lines: list[_Line]
    ruled: bool = False  # draws enough lines to hold a ruled table (pdf_tables.may_have_ruled_table)


_HEADER_SCAN = 16  # page-1 lines examined for the two-column header block
_GAP_EM = 2.0  # a horizontal gap wider than this many font sizes separates columns
_Y_TOL = 3.0  # points: same position on different pages
_EDGE_LINES = 3  # lines at the top and bottom of a page that may be running headers/footers
_WRAP_TOL = 0.03  # of page width: a line ending this close to the text block's right edge was wrapped
_PAGE_NUMBER = re.compile(r"(?i)^(?:trang|page)?\s*[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*/\s*\d{1,4})?$")


def _read_pdf(data: bytes, ocr: bool, done: dict[int, OcrPage],
              on_page: Optional[Callable[[int, int], None]]) -> tuple[str, Optional[OcrProvenance]]:
    """Text in reading order, one line per text line, pages separated by a blank line.

    Pages without a text layer are read by OCR (unless ``ocr`` is False); the provenance
    says which, with the spans of the words OCR was unsure of.
    """
    # pdfium silently rebuilds a truncated file and returns whatever pages it still
    # finds; an interrupted download must not pass for a shorter plan.
    if b"%%EOF" not in data:
        raise _Unreadable(CORRUPT_PDF)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        encrypted = err.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
        raise _Unreadable(ENCRYPTED_PDF if encrypted else CORRUPT_PDF) from None
    plumber = None
    scanned: list[int] = []
    try:
        pages = []
        for index in range(len(doc)):
            page = _pdfium_page(doc, index)
            if page is None:
                if plumber is None:
                    plumber = pdfplumber.open(io.BytesIO(data))
                page = _plumber_page(plumber.pages[index], with_frags=index == 0)
            elif page.ruled:
                if plumber is None:
                    plumber = pdfplumber.open(io.BytesIO(data))
                page = _with_tables(page, ruled_tables(plumber.pages[index]))
            if not page.lines:
                scanned.append(index)
            pages.append(page)
        if ocr and scanned:
            read = _ocr_pages(doc, scanned, done, on_page)
            for index in scanned:
                pages[index] = _ocr_lines(read[index])
    except (_Unreadable, OcrUnavailable):
        raise
    except Exception as err:  # pdfminer and pdfium fail in many ways on damaged files
        raise _Unreadable(CORRUPT_PDF) from err
    finally:
        doc.close()
        if plumber is not None:
            plumber.close()
    text, unsure = _lay_out(pages)
    if not text.strip():
        raise _Unreadable(NO_TEXT_OCR if ocr and scanned else NO_TEXT_LAYER)
    if not (ocr and scanned):
        return text, None
    marks = tuple(f"page {i + 1}: {m}" for i in scanned for m in read[i].marks)
    return text, OcrProvenance(engine=read[scanned[0]].engine, pages=tuple(i + 1 for i in scanned),
                               total_pages=len(pages), unsure=tuple(unsure), marks=marks)


def _ocr_pages(doc, scanned: list[int], done: dict[int, OcrPage],
               on_page: Optional[Callable[[int, int], None]]) -> dict[int, OcrPage]:
    """The OCR of every scanned page: those already read, the others read now."""
    todo = [i for i in scanned if i not in done]
    if todo:
        try:
            tesseract_version()
        except OcrUnavailable as err:
            raise _Unreadable(f"no text layer on {len(scanned)} of {len(doc)} pages, and {err}") from None
    read = dict(done)
    for n, index in enumerate(todo, 1):
        read[index] = ocr_page(doc, index)
        if on_page:
            on_page(n, len(todo))
    return read


def _ocr_lines(page: OcrPage) -> _Page:
    """An OCR'd page as PDF lines, the words Tesseract was unsure of marked by their span."""
    below = ocr_rules().uncertain_below
    lines = []
    for li, line in enumerate(page.lines):
        ln = _ocr_line(line.words, below)
        if page.index == 0 and li < _HEADER_SCAN:
            ln = replace(ln, frags=tuple(_ocr_frags(ln, line.words, below)))
        lines.append(ln)
    return _Page(page.width, page.height, lines)


def _ocr_line(words, below: float) -> _Line:
    """OCR words as one line; unsure (or repaired) words keep their span in its text."""
    unsure, pos = [], 0
    for w in words:
        if w.conf < below or w.repaired_from is not None:
            unsure.append((pos, pos + len(w.text), w.conf, w.repaired_from))
        pos += len(w.text) + 1
    return _Line(" ".join(w.text for w in words), min(w.x0 for w in words), max(w.x1 for w in words),
                 min(w.top for w in words), max(w.bottom for w in words), unsure=tuple(unsure))


def _ocr_frags(line: _Line, words, below: float) -> Iterator[_Line]:
    """Pieces of an OCR line split at gaps wider than _GAP_EM line heights (the header's columns)."""
    em = line.bottom - line.top
    group: list = []
    for w in words:
        if group and w.x0 - group[-1].x1 > _GAP_EM * em:
            yield _ocr_line(group, below)
            group = []
        group.append(w)
    yield _ocr_line(group, below)


def _pdfium_page(doc: pdfium.PdfDocument, index: int) -> Optional[_Page]:
    """Lines of one page from pdfium, or None when its text cannot be mapped to char boxes."""
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return None
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        text = textpage.get_text_range()
        # Char boxes are looked up by text offset, which is only valid while pdfium's
        # text and char views agree (pdfium may insert or drop chars on odd files).
        if len(text) != textpage.count_chars():
            return None
        want_frags = index == 0
        lines = []
        for match in re.finditer(r"[^\r\n]+", text):
            line = _pdfium_line(textpage, text, match.start(), match.end(), height, want_frags)
            if line is not None:
                lines.append(line)
                want_frags = want_frags and len(lines) < _HEADER_SCAN
        return _Page(width, height, lines, may_have_ruled_table(page.raw))
    finally:
        textpage.close()
        page.close()


def _pdfium_line(tp, text: str, start: int, end: int, height: float, want_frags: bool) -> Optional[_Line]:
    raw = text[start:end]
    if not raw.strip():
        return None
    first, last = start + len(raw) - len(raw.lstrip()), start + len(raw.rstrip()) - 1
    left, first_bottom, _, top = tp.get_charbox(first)
    _, last_bottom, right, _ = tp.get_charbox(last)
    bottom = min(first_bottom, last_bottom)

    def visible() -> list[int]:  # per-char work only for the few lines that need it
        return [i for i in range(first, last + 1) if not text[i].isspace()]

    # Bold only matters for whole lines, so the common case costs one font lookup.
    bold = _pdfium_bold(tp, first) and all(_pdfium_bold(tp, i) for i in visible())
    line = _Line(_clean(raw), left, right, height - top, height - bottom, bold, trailing=raw[-1].isspace())
    if want_frags:
        line = replace(line, frags=tuple(_pdfium_frags(tp, text, visible(), height)))
    return line


def _pdfium_frags(tp, text: str, visible: list[int], height: float) -> Iterator[_Line]:
    em = pdfium_c.FPDFText_GetFontSize(tp.raw, visible[0]) or 10.0
    group: list[tuple[int, tuple[float, float, float, float]]] = []
    for i in visible:
        box = tp.get_charbox(i)
        if group and box[0] - group[-1][1][2] > _GAP_EM * em:
            yield _pdfium_frag(tp, text, group, height)
            group = []
        group.append((i, box))
    yield _pdfium_frag(tp, text, group, height)


def _pdfium_frag(tp, text, group, height) -> _Line:
    (i0, _), (i1, _) = group[0], group[-1]
    return _Line(
        _clean(text[i0:i1 + 1]),
        min(b[0] for _, b in group),
        max(b[2] for _, b in group),
        height - max(b[3] for _, b in group),
        height - min(b[1] for _, b in group),
        all(_pdfium_bold(tp, i) for i, _ in group),
    )


def _pdfium_bold(tp, index: int) -> bool:
    if pdfium_c.FPDFText_GetFontWeight(tp.raw, index) >= 600:
        return True
    # Fonts without a usable weight still say so in their name (TimesNewRomanPS-BoldMT).
    name = ctypes.create_string_buffer(128)
    pdfium_c.FPDFText_GetFontInfo(tp.raw, index, name, len(name), None)
    return b"bold" in name.value.lower()


def _clean(text: str) -> str:
    # pdfium marks a hyphen that ended a line with U+0002 (some builds U+FFFE).
    return text.replace("\x02", "-").replace("\ufffe", "-").strip()


def _plumber_page(page, with_frags: bool) -> _Page:
    """Fallback: pdfplumber clusters chars into lines by position, independent of pdfium's text view."""
    lines = []
    for raw in page.extract_text_lines(strip=True, return_chars=True):
        chars = [c for c in raw["chars"] if c["text"].strip()]
        if not chars:
            continue
        line = _Line(_clean(raw["text"]), raw["x0"], raw["x1"], raw["top"], raw["bottom"], _plumber_bold(chars))
        if with_frags and len(lines) < _HEADER_SCAN:
            line = replace(line, frags=tuple(_plumber_frags(chars)))
        lines.append(line)
    page_out = _Page(float(page.width), float(page.height), lines)
    return _with_tables(page_out, ruled_tables(page)) if len(page.lines) + len(page.rects) >= 4 else page_out


def _with_tables(page: _Page, tables: list[Table]) -> _Page:
    """The page with the text lines inside each ruled table replaced by the table's rows.

    The rows take the place of the table's first text line, so the text before and after the
    table keeps its order; each row is one line in the row form (read/tables.py).
    """
    lines = page.lines
    for table in tables:
        inside = [i for i, ln in enumerate(lines) if not ln.row and table.holds(ln.x0, ln.x1, ln.top, ln.bottom)]
        at = inside[0] if inside else sum(1 for ln in lines if ln.top < table.top)
        rows = [_Line(render_row(r.cells), r.x0, r.x1, r.top, r.bottom, row=True) for r in table.rows]
        kept = [ln for i, ln in enumerate(lines) if i not in set(inside)]
        at -= sum(1 for i in inside if i < at)
        lines = kept[:at] + rows + kept[at:]
    return replace(page, lines=lines)


def _plumber_bold(chars) -> bool:
    return all("bold" in (c.get("fontname") or "").lower() for c in chars)


def _plumber_frags(chars) -> Iterator[_Line]:
    group: list[dict] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        if group and char["x0"] - group[-1]["x1"] > _GAP_EM * (char.get("size") or 10.0):
            yield _plumber_frag(group)
            group = []
        group.append(char)
    yield _plumber_frag(group)


def _plumber_frag(chars) -> _Line:
    return _Line(
        _clean(pdfplumber.utils.extract_text(chars)),
        min(c["x0"] for c in chars),
        max(c["x1"] for c in chars),
        min(c["top"] for c in chars),
        max(c["bottom"] for c in chars),
        _plumber_bold(chars),
    )


def _lay_out(pages: list[_Page]) -> tuple[str, list[UnsureWord]]:
    """Drop running headers/footers and page numbers, untangle page 1's header block, join.

    Also returns the spans in the joined text of the words OCR was unsure of.
    """
    running = _running_lines(pages)
    out: list[str] = []
    unsure: list[UnsureWord] = []
    pos = 0
    for pi, page in enumerate(pages):
        lines = [ln for li, ln in enumerate(page.lines) if (pi, li) not in running]
        lines = _drop_page_numbers(lines, len(pages))
        wrapped = _wrapped(lines, page.width)
        lines = [replace(ln, trailing=True) if i in wrapped else ln for i, ln in enumerate(lines)]
        if pi == 0:
            lines = _untangle_header_block(lines, page.width)
        lines = [ln for ln in lines if ln.text]
        text = "\n".join(_render(ln) for ln in lines)
        if not text.strip():
            continue
        start = pos + (2 if out else 0)  # pages are joined by a blank line
        for ln in lines:
            at = start + (2 if ln.bold and not ln.row else 0)  # after "**" (table rows have none)
            unsure.extend(UnsureWord(start=at + a, end=at + b, conf=c, page=pi + 1, read_as=r)
                          for a, b, c, r in ln.unsure)
            start += len(_render(ln)) + 1
        out.append(text)
        pos += len(text) + (2 if len(out) > 1 else 0)
    return "\n\n".join(out), unsure


def _render(line: _Line) -> str:
    if line.row:
        return line.text
    text = f"**{line.text}**" if line.bold else line.text
    # A trailing space tells the normaliser the break was a wrap, not a paragraph end.
    return text + " " if line.trailing else text


def _wrapped(lines: list[_Line], width: float) -> set[int]:
    """Lines that run to the right edge of the page's text block (justified or filled lines).

    The edge is the rightmost x1 shared by at least 3 lines, so one overlong line
    (a wide table row, a stamp) does not move it.
    """
    tol = _WRAP_TOL * width
    ends = sorted((ln.x1 for ln in lines if not ln.row), reverse=True)
    for k in range(len(ends) - 2):
        if ends[k] - ends[k + 2] <= tol:
            right = ends[k]
            return {i for i, ln in enumerate(lines) if right - tol <= ln.x1 <= right and not ln.row}
    return set()


def _edge_indices(lines: Sequence[_Line]) -> list[int]:
    # A table's header row repeated on every page is not a running header.
    order = sorted((i for i in range(len(lines)) if not lines[i].row), key=lambda i: lines[i].top)
    return sorted(set(order[:_EDGE_LINES] + order[-_EDGE_LINES:]))


def _shape(text: str) -> str:
    """Line text with numbers masked, so 'Trang 2' and 'Trang 3' repeat.

    >>> _shape("Trang  12 /  30")
    'trang # / #'
    """
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _running_lines(pages: list[_Page]) -> set[tuple[int, int]]:
    """(page, line) of edge lines whose text and position repeat on most pages."""
    if len(pages) < 2:
        return set()
    needed = max(2, len(pages) // 2 + 1)
    by_shape: dict[str, list[tuple[int, int, float]]] = {}
    for pi, page in enumerate(pages):
        for li in _edge_indices(page.lines):
            by_shape.setdefault(_shape(page.lines[li].text), []).append((pi, li, page.lines[li].top))
    drop: set[tuple[int, int]] = set()
    for hits in by_shape.values():
        if len({pi for pi, _, _ in hits}) < needed:
            continue
        for _, _, anchor in hits:
            near = [(pi, li) for pi, li, top in hits if abs(top - anchor) <= _Y_TOL]
            if len({pi for pi, _ in near}) >= needed:
                drop.update(near)
    return drop


def _drop_page_numbers(lines: list[_Line], n_pages: int) -> list[_Line]:
    """Remove the topmost/bottommost line when it is only a page number ('3', '- 3 -', 'Trang 3')."""
    if not lines:
        return lines
    order = sorted(range(len(lines)), key=lambda i: lines[i].top)
    drop = {i for i in {order[0], order[-1]} if _is_page_number(lines[i].text, n_pages)}
    return [ln for i, ln in enumerate(lines) if i not in drop]


def _is_page_number(text: str, n_pages: int) -> bool:
    """A running page number; bare numbers must be plausible so a lone '2030' survives.

    >>> [_is_page_number(t, 8) for t in ("3", "- 3 -", "Trang 3", "trang 3/8", "2030", "1.", "Điều 3")]
    [True, True, True, True, False, False, False]
    """
    match = _PAGE_NUMBER.match(text.strip())
    return bool(match) and int(match.group(1)) <= n_pages + 10


def _untangle_header_block(lines: list[_Line], width: float) -> list[_Line]:
    """Put page 1's two-column header block as left column lines, then right column lines.

    Evidence is a row of line pieces (split at wide gaps) separated horizontally. Going
    down from the topmost such row, each next row must share a gap with the rows before
    and sit close below them; the column boundary lies in the shared gap. The block is
    the run of lines around that evidence whose pieces all stay on one side of the
    boundary: a line crossing it (the centred title) ends the block.
    """
    scan = {i for i in range(min(len(lines), _HEADER_SCAN)) if lines[i].frags}
    lo = hi = None
    evidence: set[int] = set()
    last_bottom = row_height = 0.0
    for row in _rows([(i, f) for i in sorted(scan) for f in lines[i].frags]):
        if len(row) < 2:
            continue
        row.sort(key=lambda item: item[1].x0)
        k = max(range(len(row) - 1), key=lambda j: row[j + 1][1].x0 - row[j][1].x1)
        gap = (row[k][1].x1, row[k + 1][1].x0)
        top, bottom = min(f.top for _, f in row), max(f.bottom for _, f in row)
        row_height = max(row_height, bottom - top)  # a row of dashes is only a sliver high
        if lo is None:
            if gap[0] >= gap[1]:
                continue
            lo, hi = gap
        elif max(lo, gap[0]) >= min(hi, gap[1]) or top - last_bottom > 2 * row_height:
            break
        else:
            lo, hi = max(lo, gap[0]), min(hi, gap[1])
        evidence.update(i for i, _ in row)
        last_bottom = bottom
    if lo is None or not 0.2 * width < (lo + hi) / 2 < 0.8 * width:
        return lines
    split = (lo + hi) / 2
    ev = sorted(evidence)
    # One-sided lines belong to the block only when close to the evidence rows: a
    # left-column "V/v ..." under "Số:" does, a left-aligned paragraph after a gap does not.
    y_min = min(lines[i].top for i in ev) - 2 * row_height
    y_max = max(lines[i].bottom for i in ev) + 2 * row_height

    def in_block(i: int) -> bool:
        line = lines[i]
        one_sided = i in scan and all(f.x1 <= split or f.x0 >= split for f in line.frags)
        return one_sided and y_min <= line.top and line.bottom <= y_max

    start = end = ev[0]
    while start > 0 and in_block(start - 1):
        start -= 1
    while end + 1 < len(lines) and in_block(end + 1):
        end += 1
    if not all(start <= i <= end for i in ev):
        return lines  # evidence interrupted by a line that crosses the boundary: not a header block
    pieces = [f for i in range(start, end + 1) for f in lines[i].frags]
    left = sorted((f for f in pieces if f.x1 <= split), key=lambda f: f.top)
    right = sorted((f for f in pieces if f.x0 >= split), key=lambda f: f.top)
    return lines[:start] + left + right + lines[end + 1:]


def _rows(frags: list[tuple[int, _Line]]) -> list[list[tuple[int, _Line]]]:
    """Group fragments whose vertical middles fall inside the same row band."""
    rows: list[list[tuple[int, _Line]]] = []
    bands: list[tuple[float, float]] = []
    for item in sorted(frags, key=lambda it: it[1].top):
        mid = (item[1].top + item[1].bottom) / 2
        for row, (top, bottom) in zip(rows, bands):
            if top <= mid <= bottom:
                row.append(item)
                break
        else:
            rows.append([item])
            bands.append((item[1].top, item[1].bottom))
    return rows


_READERS: dict[str, Callable[[bytes], str]] = {
    "txt": _read_text,
    "md": _read_text,
    "pdf": _read_pdf,
    "docx": _read_docx,
}
