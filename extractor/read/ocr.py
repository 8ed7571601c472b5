"""OCR of PDF pages without a text layer: render with pypdfium2, read with Tesseract's Vietnamese model.

A page is rendered at ``DPI`` and its red channel handed to Tesseract (through pytesseract,
which runs the ``tesseract`` binary): black print and blue ink stay dark there, while the
red stamp every administrative document carries turns almost white and cannot become text.
Tesseract's words come back with their boxes and confidences; specks (marks far smaller
than a letter that Tesseract read as punctuation) are dropped, lines where Tesseract is
unsure of every word (a signature, handwriting, a grey stamp) are set apart as marks, and
the certain repairs of rules/ocr.yaml are applied (``ocr_repair``). Everything returned
is plain data (``OcrPage``), cheap to send between processes, so pages can be read in
parallel and laid out by the PDF reader like any other page.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Optional

import regex

from ..core import patterns
from ..core.lazy import LazyImport
from .ocr_repair import ocr_rules, repair_words

pdfium = LazyImport("pypdfium2")  # imported when a PDF is read (start-up cost of the other commands)
pdfium_c = LazyImport("pypdfium2.raw")

DPI = 300
LANG = "vie"
# Tesseract's own OpenMP threads fight with the page-level parallelism of `--jobs` (and on a
# busy 2-core machine one page took 13.6 s with them, 2.7 s without): one thread per page.
_TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}

INSTALL_HINT = "install it with `apt-get install tesseract-ocr tesseract-ocr-vie` (or pass --no-ocr)"


class OcrUnavailable(Exception):
    """Tesseract (or its Vietnamese model) cannot be run; the message is one line."""


@dataclass(frozen=True)
class OcrWord:
    """One word as Tesseract read it; box in PDF points from the page's top-left, conf 0-100."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float
    repaired_from: Optional[str] = None  # the word as read, when a rule of rules/ocr.yaml repaired it


@dataclass(frozen=True)
class OcrLine:
    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR: its text lines, and the lines set apart as marks (stamp, signature)."""

    index: int  # 0-based page number
    engine: str  # tesseract_version() of the reader
    width: float
    height: float
    lines: tuple[OcrLine, ...]
    marks: tuple[str, ...] = ()


def tesseract_command() -> str:
    """The Tesseract binary: $PLANS_TESSERACT if set (a path or a name on PATH), else `tesseract`."""
    return os.environ.get("PLANS_TESSERACT") or "tesseract"


def tesseract_version() -> str:
    """'tesseract 5.3.0 (vie)', or raise OcrUnavailable with a one-line reason and how to install."""
    return _probe(shutil.which(tesseract_command()) or "")


@functools.lru_cache(maxsize=8)
def _probe(binary: str) -> str:
    if not binary:
        raise OcrUnavailable(f"Tesseract OCR is not installed: {INSTALL_HINT}")
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
        langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as err:
        raise OcrUnavailable(f"Tesseract OCR cannot be run ({err}): {INSTALL_HINT}") from None
    if LANG not in langs.stdout.split():
        raise OcrUnavailable(f"Tesseract has no Vietnamese model ({LANG}): {INSTALL_HINT}")
    first = (out.stdout or out.stderr).split("\n", 1)[0].strip()  # "tesseract 5.3.0"
    return f"{first} ({LANG})"


def pages_without_text(doc: pdfium.PdfDocument) -> list[int]:
    """0-based numbers of the pages that hold no text object (nothing but images and drawings).

    Counting objects is 4x cheaper than extracting each page's text. Should it disagree with
    the reader (a text object holding only spaces), the reader reads that page by OCR itself.
    """
    empty = []
    for index in range(len(doc)):
        page = doc[index]
        try:
            if next(iter(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=4)), None) is None:
                empty.append(index)
        finally:
            page.close()
    return empty


def pages_to_ocr(path: str) -> list[int]:
    """Pages of a PDF file without a text layer; [] when it cannot be opened (its reader will say why)."""
    try:
        doc = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError):
        return []
    try:
        return pages_without_text(doc)
    except pdfium.PdfiumError:
        return []
    finally:
        doc.close()


def ocr_pdf_file_page(path: str, index: int) -> Optional[OcrPage]:
    """OCR page `index` of a PDF file, for a worker process; None if it cannot be read (the reader will retry and say why)."""
    try:
        doc = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError):
        return None
    try:
        return ocr_page(doc, index)
    except Exception:  # reported by the reader when it reads the page itself
        return None
    finally:
        doc.close()


def ocr_page(doc: pdfium.PdfDocument, index: int) -> OcrPage:
    """Render page `index` at DPI and read it with Tesseract (raises OcrUnavailable)."""
    import pytesseract

    binary = shutil.which(tesseract_command()) or ""
    engine = _probe(binary)
    page = doc[index]
    try:
        width, height = page.get_size()
        image = page.render(scale=DPI / 72).to_pil().getchannel("R")
    finally:
        page.close()
    pytesseract.pytesseract.tesseract_cmd = binary
    for key, value in _TESSERACT_ENV.items():  # read by the tesseract process pytesseract starts
        os.environ.setdefault(key, value)
    data = pytesseract.image_to_data(image, lang=LANG, config=f"--psm 3 --dpi {DPI}",
                                     output_type=pytesseract.Output.DICT)
    return _page_from_data(index, engine, width, height, data)


def _page_from_data(index: int, engine: str, width: float, height: float, data: dict) -> OcrPage:
    """Tesseract's word table (image_to_data) as lines of words in points, cleaned and repaired."""
    rules = ocr_rules()
    scale = 72 / DPI
    grouped: dict[tuple[int, int, int], list[OcrWord]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text:
            continue
        left, top, w, h = (data[k][i] * scale for k in ("left", "top", "width", "height"))
        word = OcrWord(text, left, left + w, top, top + h, float(data["conf"][i]))
        grouped.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(word)
    lines, marks = [], []
    for words in grouped.values():
        words = [w for w in words if not _is_speck(w, words, rules.speck_ratio, rules.mark_below)]
        if not words:
            continue
        if all(w.conf < rules.mark_below for w in words):
            marks.append(" ".join(w.text for w in words))
            continue
        lines.append(OcrLine(tuple(repair_words(words))))
    return OcrPage(index, engine, width, height, tuple(lines), tuple(marks))


_LETTER_OR_DIGIT = patterns.compile(r"[\p{Lu}\p{Ll}\p{Lt}\p{Lo}\p{N}]")  # not modifier letters such as "ˆ"


def _is_speck(word: OcrWord, line: list[OcrWord], ratio: float, mark_below: float) -> bool:
    """Punctuation read from dust: a mark much smaller than the letters of its line, or one
    Tesseract barely believes in (a bullet "-" or a "+" is read at 90 or more)."""
    if _LETTER_OR_DIGIT.search(word.text):
        return False
    if word.conf < mark_below:
        return True
    letters = sorted(w.bottom - w.top for w in line if _LETTER_OR_DIGIT.search(w.text))
    # The median word: one box Tesseract drew too tall (a stamp's edge) must not make bullets specks.
    size = letters[len(letters) // 2] if letters else 10.0  # points: a letter's height when the line has none
    return max(word.x1 - word.x0, word.bottom - word.top) < ratio * size
