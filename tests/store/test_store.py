"""The store: schema contract, spans of every row, one transaction per plan, idempotent re-ingest."""
from __future__ import annotations


import duckdb
import pytest

from conftest import CORPUS, PLANS, dump_tables

N = len(PLANS)  # plans in corpus/

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
    from extractor.store.schema import SCHEMA_VERSION

    con = duckdb.connect(str(corpus_db), read_only=True)
    versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_section_keys_are_unique_without_a_primary_key(corpus_db):
    """Migration 3 dropped the sections key (memory); the segmenter and the writer must keep it unique."""
    con = duckdb.connect(str(corpus_db), read_only=True)
    assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'sections'"
                       " AND constraint_type = 'PRIMARY KEY'").fetchone() == (0,)
    n, distinct = con.execute("SELECT count(*), count(DISTINCT (doc_id, section_id)) FROM sections").fetchone()
    assert n == distinct > 50


def test_migration_3_keeps_the_sections_of_a_version_2_database(tmp_path, monkeypatch, parsed):
    from extractor.store import schema
    from extractor.store.database import connect

    # Written without assignments: today's writer fills assignment columns (rule, topic) a version 2
    # database does not have yet.
    plan = next(iter(parsed.values())).model_copy(update={"assignments": []})
    path = tmp_path / "v2.duckdb"
    cols = "doc_id, section_id, parent_id, level, label, heading, kind, start_char, end_char"  # version 2's
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        c = connect(path)
        c.executemany(f"INSERT INTO sections ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [(plan.doc_id, s.section_id, s.parent_id, s.level, s.label, s.heading, s.kind,
                        s.start_char, s.end_char) for s in plan.sections])
        before = c.execute(f"SELECT {cols} FROM sections ORDER BY doc_id, section_id").fetchall()
        c.close()
    c = connect(path)
    assert c.execute("SELECT max(version) FROM schema_migrations").fetchone() == (schema.SCHEMA_VERSION,)
    assert c.execute(f"SELECT {cols} FROM sections ORDER BY doc_id, section_id").fetchall() == before
    assert len(before) == len(plan.sections)
    c.close()


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
    from extractor.store.ingest import ingest

    db = tmp_path / "p.duckdb"
    first = ingest([CORPUS], db)
    again = ingest([CORPUS], db)
    assert (first.inserted, again.unchanged, again.inserted, again.replaced) == (N, N, 0, 0)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == N


def test_changed_file_with_same_name_replaces_its_rows(tmp_path):
    from extractor.store.ingest import ingest

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
    from extractor.store.database import connect, save

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


# ---------------------------------------------------------------- batched writes (store.PlanWriter)



def _variant(plan, doc_id: str, source_name: str):
    """The same plan under another content hash and/or file name."""
    return plan.model_copy(update={"doc_id": doc_id, "source_name": source_name, "content_hash": doc_id * 4})


def _sequence(parsed):
    """Plans whose outcome depends on order: new, same content again, same name with new content, ..."""
    a, b, c = (parsed[s] for s in sorted(parsed)[:3])
    return [
        a, b,
        a,  # same content again: unchanged
        _variant(c, "c0000000000000001", a.source_name),  # a's file changed: replaces a
        c,
        _variant(b, "b0000000000000002", "other_name"),  # new file
        _variant(b, "b0000000000000002", "other_name"),  # and again: unchanged
        _variant(a, "a0000000000000003", "other_name"),  # other_name changed: replaces it
    ]


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_batched_writer_stores_what_one_by_one_saves_store(tmp_path, parsed, batch_size):
    from extractor.store.database import PlanWriter, connect, save

    plans = _sequence(parsed)
    one = connect(tmp_path / "one.duckdb")
    expected = [save(one, p, "v") for p in plans]
    many = connect(tmp_path / "many.duckdb")
    writer = PlanWriter(many, "v", batch_size)
    saved = [s for p in plans for s in writer.add(p)] + writer.close()
    assert [s.result for s in saved] == expected
    assert expected == ["inserted", "inserted", "unchanged", "replaced",
                        "inserted", "inserted", "unchanged", "replaced"]
    assert dump_tables(many) == dump_tables(one)


def test_a_failing_plan_in_a_batch_is_left_out_alone(tmp_path, parsed):
    from extractor.store.database import PlanWriter, connect

    good = [parsed[s] for s in sorted(parsed)]
    bad = _variant(good[0], "bad0000000000000", "bad").model_copy(deep=True)
    bad.targets[-1].value = None  # NOT NULL violated half-way through the batch
    con = connect(tmp_path / "p.duckdb")
    writer = PlanWriter(con, "v", batch_size=10)
    saved = [s for p in [good[0], bad, *good[1:]] for s in writer.add(p)] + writer.close()
    assert [(s.plan.doc_id, s.result) for s in saved if s.error is None] == [(p.doc_id, "inserted") for p in good]
    [failed] = [s for s in saved if s.error is not None]
    assert failed.plan.doc_id == "bad0000000000000" and "NOT NULL" in str(failed.error)
    assert con.execute("SELECT count(*) FROM documents WHERE doc_id = 'bad0000000000000'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM sections WHERE doc_id = 'bad0000000000000'").fetchone()[0] == 0
    assert con.execute("SELECT count(DISTINCT doc_id) FROM targets").fetchone()[0] == N


def test_rows_written_without_the_appender_are_the_same(tmp_path, parsed):
    """DuckDB < 2.0 has no appender: the executemany fallback must store identical rows."""
    import extractor.store.database as store

    fast = store.connect(tmp_path / "fast.duckdb")
    writer = store.PlanWriter(fast, "v")
    for p in parsed.values():
        writer.add(p)
    writer.close()

    class NoAppender:
        def __init__(self, con):
            self._con = con

        def execute(self, *a, **k):
            return self._con.execute(*a, **k)

        def executemany(self, *a, **k):
            return self._con.executemany(*a, **k)

    slow_con = store.connect(tmp_path / "slow.duckdb")
    writer = store.PlanWriter(NoAppender(slow_con), "v")
    for p in parsed.values():
        writer.add(p)
    writer.close()
    assert dump_tables(slow_con) == dump_tables(fast)


def test_parallel_ingest_stores_what_a_single_process_stores(tmp_path):
    from extractor.store.ingest import ingest

    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    s1, s2 = ingest([CORPUS], one, jobs=1), ingest([CORPUS], two, jobs=2, batch_size=2)
    assert (s1.plans, s1.inserted, s1.targets) == (s2.plans, s2.inserted, s2.targets) == (N, N, s1.targets)
    assert dump_tables(duckdb.connect(str(one), read_only=True)) == dump_tables(duckdb.connect(str(two), read_only=True))


def test_ingest_reports_a_plan_the_store_rejects_and_keeps_the_others(tmp_path, monkeypatch):
    import extractor.store.ingest as ing

    real = ing.parse_to_rows

    def parse_to_rows(path):
        path, rows, error = real(path)
        if rows is not None and path.endswith("001_3bcbbe7dd41cd4f4.txt"):
            rows.rows["targets"][0] = rows.rows["targets"][0][:6] + (None,) + rows.rows["targets"][0][7:]
        return path, rows, error

    monkeypatch.setattr(ing, "parse_to_rows", parse_to_rows)
    summary = ing.ingest([CORPUS], tmp_path / "p.duckdb")
    assert (summary.plans, summary.inserted, summary.failed) == (N - 1, N - 1, 1)
    assert "001_3bcbbe7dd41cd4f4.txt: cannot store: ConstraintException" in summary.failures[0]


def test_unchanged_files_are_not_even_parsed(tmp_path, monkeypatch):
    import extractor.store.ingest as ing

    db = tmp_path / "p.duckdb"
    first = ing.ingest([CORPUS], db)

    def boom(path):
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(ing, "parse_to_rows", boom)
    again = ing.ingest([CORPUS], db)
    assert (again.plans, again.unchanged, again.targets, again.duties) == (N, N, first.targets, first.duties)


def test_migration_5_adds_rule_and_topic_to_the_assignments_of_a_version_4_database(tmp_path, monkeypatch):
    """Rows written before migration 5 keep their values; rule and topic are NULL for them."""
    from extractor.store import schema
    from extractor.store.database import connect

    path = tmp_path / "v4.duckdb"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
        c = connect(path)
        c.execute("INSERT INTO assignments VALUES ('d', 's001', 'dept_finance', 'Sở Tài chính', 'implement', false,"
                  " [], 'Bố trí kinh phí', NULL, 0, 15, 'rule', 1.0)")
        c.close()
    c = connect(path)
    assert c.execute("SELECT agency, duty, rule, topic FROM assignments").fetchall() == [
        ("dept_finance", "Bố trí kinh phí", None, None)]
    c.close()


def test_migration_7_adds_kind_evidence_to_the_sections_of_a_version_6_database(tmp_path, monkeypatch):
    """Sections written before migration 7 keep their values; kind_evidence and kind_confidence are NULL."""
    from extractor.store import schema
    from extractor.store.database import connect

    path = tmp_path / "v6.duckdb"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:6])
        c = connect(path)
        c.execute("INSERT INTO sections VALUES ('d', 's001', NULL, 1, 'IV', 'KINH PHÍ', 'funding', 0, 9)")
        c.close()
    c = connect(path)
    assert c.execute("SELECT heading, kind, kind_evidence, kind_confidence FROM sections").fetchall() == [
        ("KINH PHÍ", "funding", None, None)]
    c.close()


def test_reopening_with_the_same_rules_rebuilds_no_reference_data(tmp_path, monkeypatch):
    """Start-up (issue 14): the reference tables are rebuilt only when the rules or the code changed."""
    from extractor.store import database, reference

    path = tmp_path / "r.duckdb"
    database.connect(path).close()
    calls = []
    monkeypatch.setattr(reference, "load_reference", lambda con: calls.append(1) or False)
    database.connect(path).close()
    assert calls == []
    monkeypatch.setattr(database, "rules_fingerprint", lambda: "changed")
    c = database.connect(path)
    assert calls == [1]
    assert c.execute("SELECT fingerprint FROM reference_state").fetchall() == [(f"{database.__version__}+changed",)]
    assert c.execute("SELECT count(*) FROM agencies").fetchone()[0] > 20
    c.close()
