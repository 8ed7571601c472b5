"""`plans sql` reads the database and can write nothing anywhere (store/sandbox.py)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main


@pytest.fixture
def dbs(corpus_db, tmp_path):
    """A private copy of the corpus database and another database beside it."""
    db, other = tmp_path / "plans.duckdb", tmp_path / "other.duckdb"
    shutil.copy(corpus_db, db)
    shutil.copy(corpus_db, other)
    return db, other


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _sql(db, query):
    return CliRunner().invoke(main, ["sql", query, "--db", str(db), "--csv"])


def _count(db, table: str) -> int:
    import duckdb

    return duckdb.connect(str(db), read_only=True).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_reading_works_as_before(dbs, corpus_db):
    db, _ = dbs
    assert _sql(db, "SELECT count(*) AS n FROM targets").output.splitlines() == ["n", str(_count(corpus_db, "targets"))]
    assert _sql(db, "SELECT count(*) > 0 AS ok FROM v_compare").output.splitlines() == ["ok", "True"]
    assert "indicator" in _sql(db, "DESCRIBE targets").output
    assert "quote" in _sql(db, "PRAGMA table_info('targets')").output
    assert _sql(db, "WITH t AS (SELECT 2 AS x) SELECT x FROM t").output.splitlines() == ["x", "2"]


WRITES = [
    ("copy", "COPY (SELECT 1) TO '{dir}/victim.csv'", "read-only: COPY statements are not allowed"),
    ("copy_db", "COPY targets TO '{dir}/new.csv'", "read-only: COPY statements are not allowed"),
    ("export", "EXPORT DATABASE '{dir}/export'", "read-only: EXPORT statements are not allowed"),
    ("attach", "ATTACH '{dir}/other.duckdb' AS o (READ_WRITE)", "read-only: ATTACH statements are not allowed"),
    ("attach_new", "ATTACH '{dir}/created.duckdb' AS n", "read-only: ATTACH statements are not allowed"),
    ("attach_delete", "ATTACH '{dir}/other.duckdb' AS o (READ_WRITE); DELETE FROM o.targets",
     "one read-only statement at a time (got 2)"),
    ("multi", "SELECT 1; SELECT 2", "one read-only statement at a time (got 2)"),
    ("delete", "DELETE FROM targets", "read-only: DELETE statements are not allowed"),
    ("install", "INSTALL httpfs", "read-only: LOAD statements are not allowed"),
    ("load", "LOAD httpfs", "read-only: LOAD statements are not allowed"),
    ("set", "SET memory_limit = '1GB'", "read-only: SET statements are not allowed"),
    ("set_access", "SET enable_external_access = true", "read-only: SET statements are not allowed"),
    ("reset", "RESET lock_configuration", "read-only: SET statements are not allowed"),
    ("variable", "SET VARIABLE x = 1", "read-only: SET statements are not allowed"),
    ("pragma_set", "PRAGMA memory_limit = '1GB'", "read-only: SET statements are not allowed"),
    ("pragma_profile", "PRAGMA enable_profiling", "Invalid Input Error: Cannot change configuration option"),
    ("detach", "DETACH plans", "read-only: DETACH statements are not allowed"),
    ("temp_table", "CREATE TEMP TABLE t AS SELECT 1", "read-only: CREATE statements are not allowed"),
    ("checkpoint", "CHECKPOINT", "read-only: CALL statements are not allowed"),
    ("call", "CALL pragma_version()", "read-only: CALL statements are not allowed"),
    ("read_file", "SELECT * FROM read_csv('{dir}/other.duckdb')", "Permission Error: Cannot access file"),
]


@pytest.mark.parametrize("query,reason", [w[1:] for w in WRITES], ids=[w[0] for w in WRITES])
def test_sql_cannot_write_anything_anywhere(dbs, query, reason):
    db, _ = dbs
    (db.parent / "victim.csv").write_text("keep me\n")
    before = _digest(db.parent)
    result = _sql(db, query.format(dir=db.parent))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {reason}"), result.output
    assert _digest(db.parent) == before  # no file changed or created, the databases included
    assert sorted(p.name for p in db.parent.iterdir()) == ["other.duckdb", "plans.duckdb", "victim.csv"]


def test_the_connection_itself_cannot_write_even_past_the_statement_check(dbs, corpus_db):
    """Layer 2 of store/sandbox.py alone: no file access, and the settings cannot be undone."""
    from extractor.store.sandbox import open_sandboxed

    db, other = dbs
    con = open_sandboxed(db)
    for query, reason in [
        (f"COPY (SELECT 1) TO '{db.parent}/victim.csv'", "Permission Error: Cannot access file"),
        (f"ATTACH '{other}' AS o (READ_WRITE)", "Permission Error: Cannot access file"),
        ("SET enable_external_access = true", 'Invalid Input Error: Cannot change configuration option "enable_external_access"'),
        ("DELETE FROM targets", "Invalid Input Error: Cannot execute statement of type \"DELETE\" on database \"plans\""),
    ]:
        with pytest.raises(Exception) as exc:
            con.execute(query)
        assert str(exc.value).startswith(reason), str(exc.value)
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(_count(corpus_db, "documents"),)]


def test_parquet_output_writes_that_file_and_nothing_else(dbs, corpus_db):
    import duckdb

    db, _ = dbs
    n = _count(corpus_db, "targets")
    out = db.parent / "out" / "t.parquet"
    result = CliRunner().invoke(main, ["sql", "SELECT indicator, value FROM targets -- all of them",
                                       "--db", str(db), "--parquet", str(out)])
    assert (result.exit_code, result.output.splitlines()) == (0, [f"wrote {n} rows to {out}"])
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchall() == [(n,)]
    result = CliRunner().invoke(main, ["sql", f"SELECT * FROM read_csv('{db.parent}/victim.csv')",
                                       "--db", str(db), "--parquet", str(out)])
    assert result.exit_code == 1 and result.output.startswith("error: Permission Error: Cannot access file")
