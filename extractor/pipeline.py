"""read -> normalise -> segment -> extract: one plan file to one ParsedPlan (no database)."""
from __future__ import annotations

import functools
from pathlib import Path

from . import __version__
from .extract.assignments import extract_assignments
from .extract.funding import extract_funding
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
        assignments=extract_assignments(plan),
        funding=extract_funding(plan),
        warnings=warnings + target_warnings,
    )


def parse_file(path: str | Path) -> ParsedPlan:
    """Read and parse one file (raises readers.ReadError on bad input)."""
    return parse(read_document(path))
