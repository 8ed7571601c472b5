"""read -> normalise -> segment -> extract: one plan file to one ParsedPlan (no database)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Optional

from . import __version__
from .extract.assignments import extract_assignments
from .extract.funding import extract_funding
from .extract.ocr_flags import flag_unsure, marks_warning, unsure_spans
from .structure.metadata import extract_metadata
from .core.models import ParsedPlan, RawDocument, SegmentedPlan
from .read.normalise import normalise
from .read.readers import read_document
from .core.rules import rules_fingerprint
from .structure.segment import segment
from .extract.targets import extract_targets
from .model.shipped import default_classifier, default_ranker


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Changes whenever code version, rules or the shipped model change: stored plans are then re-extracted."""
    from .model.shipped import model_fingerprint

    return f"{__version__}+{rules_fingerprint()}+{model_fingerprint()}"


def parse(raw: RawDocument) -> ParsedPlan:
    """Run every stage on one decoded document."""
    norm = normalise(raw.text)
    sections, blocks = segment(norm)
    meta, warnings = extract_metadata(norm, sections)
    plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks, metadata=meta)
    targets, target_warnings = extract_targets(plan, classifier=default_classifier(), ranker=default_ranker())
    duty_warnings: list = []
    assignments = extract_assignments(plan, duty_warnings)
    ocr = raw.ocr
    if ocr is not None:
        targets, assignments, ocr_warnings = flag_unsure(norm.text, targets, assignments, unsure_spans(norm, ocr))
        target_warnings = target_warnings + ocr_warnings + marks_warning(ocr)
    return ParsedPlan.model_construct(
        doc_id=raw.content_hash[:16],
        source_name=raw.source_name,
        source_path=raw.path,
        fmt=raw.fmt,
        content_hash=raw.content_hash,
        text=norm.text,
        metadata=meta,
        sections=sections,
        blocks=blocks,
        targets=targets,
        assignments=assignments,
        funding=extract_funding(plan),
        warnings=warnings + target_warnings + duty_warnings,
        text_source="text" if ocr is None else "ocr" if len(ocr.pages) == ocr.total_pages else "mixed",
        ocr_engine=None if ocr is None else ocr.engine,
        ocr_pages=[] if ocr is None else list(ocr.pages),
    )


def parse_file(path: str | Path, ocr: bool = True, ocr_pages: Optional[dict] = None,
               on_page: Optional[Callable[[int, int], None]] = None) -> ParsedPlan:
    """Read and parse one file (raises readers.ReadError on bad input); OCR options as readers.read_document."""
    return parse(read_document(path, ocr=ocr, ocr_pages=ocr_pages, on_page=on_page))
