"""A valid plan larger than the ingest memory cap is still stored (store/ingest.py, LONG_VALUE)."""
from __future__ import annotations

import duckdb

from conftest import CORPUS

import extractor.store.ingest as ing


def test_plans_larger_than_the_memory_cap_are_stored(tmp_path, monkeypatch):
    # Two 2 MB plans under an 8 MB cap stand for 20 MB plans under the real 48 MB one (same failure:
    # "Out of Memory Error: could not allocate block of size 1.9 MiB"), in a few seconds.
    monkeypatch.setattr(ing, "INGEST_MEMORY_BASE", 8 * 2**20)
    text = (CORPUS / "000_b58f44d980a72fdc.txt").read_text(encoding="utf-8")
    paths = []
    for i in (1, 2):
        path = tmp_path / f"big{i}.txt"
        path.write_text(text + f"\nPhụ lục {i}.\n" + ("Nội dung bổ sung " + "x" * 80 + ".\n") * 20000, encoding="utf-8")
        paths.append(path)
    db = tmp_path / "p.duckdb"
    summary = ing.ingest([*paths, CORPUS / "001_3bcbbe7dd41cd4f4.txt"], db)
    assert (summary.failures, summary.plans, summary.inserted) == ([], 3, 3)
    con = duckdb.connect(str(db), read_only=True)
    lengths = con.execute("SELECT source_name, length(text) FROM documents ORDER BY 1").fetchall()
    assert [(name, n > 1_900_000) for name, n in lengths] == [
        ("001_3bcbbe7dd41cd4f4", False), ("big1", True), ("big2", True)]
