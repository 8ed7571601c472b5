"""Turn Vietnamese provincial plans implementing Decision 1520/QĐ-TTg into auditable DuckDB data.

The data flows one way, and so do the imports, one sub-package per stage:

    core -> read -> structure -> extract -> model -> pipeline -> store -> query -> cli

`core` (models, rule loading, taxonomy) is imported by all; each package may import only the
ones before it (tests/test_layout.py checks it). The public API:

    from extractor import parse_file, ingest, ParsedPlan
    plan = parse_file("plans/ke_hoach.txt")               # read -> ... -> extract, no database
    summary = ingest(["corpus/"], "outputs/plans.duckdb")  # ... -> store

Names are loaded on first use, so `import extractor` stays cheap.
"""

__version__ = "0.1.0"

_PUBLIC = {
    "parse_file": ("pipeline", "parse_file"),
    "parse": ("pipeline", "parse"),
    "ingest": ("store.ingest", "ingest"),
    "IngestSummary": ("store.ingest", "IngestSummary"),
    "connect": ("store.database", "connect"),
    "ParsedPlan": ("core.models", "ParsedPlan"),
    "Target": ("core.models", "Target"),
    "Assignment": ("core.models", "Assignment"),
    "Section": ("core.models", "Section"),
    "Metadata": ("core.models", "Metadata"),
    "PlanWarning": ("core.models", "PlanWarning"),
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    """Import a public name from its stage module on first use (PEP 562)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    import importlib

    module, attr = _PUBLIC[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
