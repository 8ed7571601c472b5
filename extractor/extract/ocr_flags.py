"""Rows whose words OCR was unsure of: a lower confidence and an `ocr_low_confidence` warning.

The reader gives the unsure words as spans of the raw text (``OcrProvenance.unsure``);
they are mapped onto the normalised text, and every target or duty whose span holds one
keeps its values but has its confidence multiplied by Tesseract's lowest confidence
among those words (so a rule row at 1.0 over a word read at 40% drops to 0.4), with a
warning over the row's span that names the words. Nothing is dropped or guessed.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Sequence

from ..core.models import Assignment, NormalisedText, OcrProvenance, PlanWarning, Target, UnsureWord

LOW_CONFIDENCE = "ocr_low_confidence"
MARKS = "ocr_marks_left_out"


def unsure_spans(norm: NormalisedText, ocr: OcrProvenance) -> list[tuple[int, int, UnsureWord]]:
    """The unsure words as (start, end) spans of the normalised text (words the normaliser cut are skipped)."""
    origin = list(norm.origin)
    if any(a > b for a, b in zip(origin, origin[1:])):  # the normaliser keeps raw order; never bisect otherwise
        return [(s, e, u) for u in ocr.unsure
                for s, e in [_linear(origin, u.start, u.end)] if s < e]
    out = []
    for u in ocr.unsure:
        start, end = bisect_left(origin, u.start), bisect_left(origin, u.end)
        if start < end:
            out.append((start, end, u))
    return out


def _linear(origin: list[int], start: int, end: int) -> tuple[int, int]:
    hits = [i for i, o in enumerate(origin) if start <= o < end]
    return (hits[0], hits[-1] + 1) if hits else (0, 0)


def flag_unsure(text: str, targets: Sequence[Target], assignments: Sequence[Assignment],
                spans: list[tuple[int, int, UnsureWord]]) -> tuple[list[Target], list[Assignment], list[PlanWarning]]:
    """Targets and duties with confidences lowered where their span holds an unsure word, and the warnings."""
    warnings: list[PlanWarning] = []

    def check(row, what: str):
        inside = [(s, e, u) for s, e, u in spans if s < row.end_char and e > row.start_char]
        if not inside:
            return row
        lowest = min(u.conf for _, _, u in inside)
        words = ", ".join(_describe(text, s, e, u) for s, e, u in inside)
        warnings.append(PlanWarning(code=LOW_CONFIDENCE, start_char=row.start_char, end_char=row.end_char,
                                    message=f"{what} holds words OCR was unsure of: {words}; check the scan"))
        return row.model_copy(update={"confidence": round(row.confidence * lowest / 100, 3)})

    return ([check(t, "target") for t in targets], [check(a, "duty") for a in assignments], warnings)


def _describe(text: str, start: int, end: int, u: UnsureWord) -> str:
    """'TIỂU' (21%, page 2) or '100%' (read as '10096', 95%, page 3)."""
    read = f"read as {u.read_as!r}, " if u.read_as else ""
    return f"{text[start:end]!r} ({read}{u.conf:.0f}%, page {u.page})"


def marks_warning(ocr: OcrProvenance) -> list[PlanWarning]:
    """One warning listing the lines OCR could not read (signature, handwriting, stamp) and left out."""
    if not ocr.marks:
        return []
    return [PlanWarning(code=MARKS, message=f"{len(ocr.marks)} line(s) OCR could not read (stamp, signature or "
                                            f"handwriting?) were left out of the text: " + "; ".join(ocr.marks))]
