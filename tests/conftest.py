"""Shared fixtures: the bundled corpus, its answer keys, and one ingested database per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
GOLD = CORPUS / "gold"
PLANS = sorted(p.stem for p in CORPUS.glob("*.txt"))


def gold(stem: str) -> dict:
    """The answer key of one corpus plan."""
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """A database with the whole bundled corpus ingested."""
    from extractor.ingest import ingest

    db = tmp_path_factory.mktemp("db") / "plans.duckdb"
    summary = ingest([CORPUS], db)
    assert summary.failed == 0, summary.failures
    return db


@pytest.fixture(scope="session")
def parsed():
    """ParsedPlan of every corpus plan, by stem."""
    from extractor.pipeline import parse_file

    return {stem: parse_file(CORPUS / f"{stem}.txt") for stem in PLANS}
