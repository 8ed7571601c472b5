"""The store: schema contract, spans of every row, one transaction per plan, idempotent re-ingest."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from conftest import CORPUS

CONTRACT = {
    "documents": ["doc_id", "source_name", "province", "doc_number", "issued_on", "program_ref", "horizon_year",
                  "signer", "report_day", "report_month"],
    "sections": ["doc_id", "section_id", "parent_id", "level", "label", "heading", "kind", "start_char", "end_char"],
    "targets": ["doc_id", "section_id", "sector", "indicator", "subject", "year", "value", "value_max", "unit",
                "comparator", "implicit", "quote", "start_char", "end_char", "method", "confidence"],
    "assignments": ["doc_id", "section_id", "agency", "agency_name", "role", "requested", "partners", "duty",
                    "deadline", "start_char", "end_char"],
    "agencies": ["agency", "name_vi"],
    "funding": ["doc_id", "source", "quote"],
}


def test_contract_tables_and_columns_exist(corpus_db):
    con = duckdb.connect(str(corpus_db), read_only=True)
    for table, cols in CONTRACT.items():
        have = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        assert set(cols) <= have, (table, set(cols) - have)


def test_schema_version_and_migrations_recorded(corpus_db):
    from extractor.schema import SCHEMA_VERSION

    con = duckdb.connect(str(corpus_db), read_only=True)
    versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_every_stored_span_is_its_quote(corpus_db):
    """text[start_char:end_char] == quote for every row of every table that stores a span."""
    con = duckdb.connect(str(corpus_db), read_only=True)
    checked = 0
    for table, quote_col in (("targets", "quote"), ("assignments", "duty"), ("funding", "quote")):
        bad = con.execute(
            f"SELECT count(*) FROM {table} t JOIN documents d USING (doc_id)"
            f" WHERE substr(d.text, t.start_char + 1, t.end_char - t.start_char) <> t.{quote_col}").fetchone()[0]
        assert bad == 0, table
        checked += con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    bad = con.execute(
        "SELECT count(*) FROM sections s JOIN documents d USING (doc_id)"
        " WHERE s.heading IS NOT NULL AND strpos(substr(d.text, s.start_char + 1, s.end_char - s.start_char), s.heading) = 0"
    ).fetchone()[0]
    assert bad == 0
    assert checked >= 117


def test_reingest_of_identical_content_is_a_noop(tmp_path):
    from extractor.ingest import ingest

    db = tmp_path / "p.duckdb"
    first = ingest([CORPUS], db)
    again = ingest([CORPUS], db)
    assert (first.inserted, again.unchanged, again.inserted, again.replaced) == (3, 3, 0, 0)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_changed_file_with_same_name_replaces_its_rows(tmp_path):
    from extractor.ingest import ingest

    src = tmp_path / "plan.txt"
    text = (CORPUS / "000_b58f44d980a72fdc.txt").read_text(encoding="utf-8")
    src.write_text(text, encoding="utf-8")
    db = tmp_path / "p.duckdb"
    ingest([src], db)
    src.write_text(text.replace("40% thư viện công cộng cấp xã", "45% thư viện công cộng cấp xã"), encoding="utf-8")
    summary = ingest([src], db)
    assert summary.replaced == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    values = {v for (v,) in con.execute(
        "SELECT value FROM targets WHERE subject = 'commune_public' AND year = 2025 AND indicator = 'library.lll_services'"
    ).fetchall()}
    assert values == {45.0}


def test_a_failing_save_writes_nothing(tmp_path, parsed):
    from extractor.store import connect, save

    con = connect(tmp_path / "p.duckdb")
    plan = parsed["000_b58f44d980a72fdc"].model_copy(deep=True)
    plan.targets[-1].value = None  # violates NOT NULL half-way through the plan's inserts
    with pytest.raises(Exception):
        save(con, plan, "v")
    for table in ("documents", "sections", "targets"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_agencies_dictionary_is_loaded(corpus_db):
    con = duckdb.connect(str(corpus_db), read_only=True)
    name = con.execute("SELECT name_vi FROM agencies WHERE agency = 'dept_culture'").fetchone()[0]
    assert name == "Sở Văn hóa, Thể thao và Du lịch"
