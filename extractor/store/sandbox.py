"""Run a user's SQL on the plans database so that it can read it and write nothing anywhere.

Three locks, each enough for most attacks, together for all of them:

1. The database is attached READ_ONLY to a private in-memory DuckDB instance (not the
   process's cached instance of that file, whose settings other code may rely on).
2. ``enable_external_access = false`` (no file or network access at all: COPY ... TO, EXPORT,
   ATTACH, read_csv, INSTALL/LOAD), then ``lock_configuration = true`` (no SET/RESET/PRAGMA
   that changes a setting, so neither lock can be undone).
3. Exactly one statement, of a kind that only reads (SELECT, also WITH/DESCRIBE/SHOW/
   SUMMARIZE/FROM; EXPLAIN; PRAGMA): no multi-statement input, no DETACH, USE, CREATE (not
   even TEMP tables of the in-memory instance), SET VARIABLE, CALL or CHECKPOINT (a CALL);
   table functions are still there with SELECT (``SELECT * FROM pragma_version()``).

``--parquet PATH`` is the one write: DuckDB's ``allowed_paths`` lets that file (only) be
written, by a COPY this module wraps around the checked SELECT.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import duckdb

READ_KINDS = ("SELECT", "EXPLAIN", "PRAGMA")


class QueryRefused(ValueError):
    """The query is not a single read-only statement."""


def _quoted(path: str | Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def open_sandboxed(db: str | Path, output: Optional[str | Path] = None) -> duckdb.DuckDBPyConnection:
    """A connection that sees the database's tables and views and can change nothing.

    `output`: the one file it may write (``--parquet``), through DuckDB's ``allowed_paths``.
    """
    if not Path(db).exists():
        raise FileNotFoundError(f"{db}: database not found (run `plans ingest` first)")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_quoted(db)} AS plans (READ_ONLY)")
        con.execute("USE plans")
        if output is not None:
            con.execute(f"SET allowed_paths = [{_quoted(Path(output).absolute())}]")
        con.execute("SET enable_external_access = false")
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("SET autoload_known_extensions = false")
        con.execute("SET lock_configuration = true")
    except Exception:
        con.close()
        raise
    return con


def read_statement(con: duckdb.DuckDBPyConnection, query: str):
    """The one statement of `query`, or QueryRefused naming what is not allowed."""
    statements = con.extract_statements(query)
    if len(statements) != 1:
        raise QueryRefused(f"one read-only statement at a time (got {len(statements)})")
    kind = statements[0].type.name
    if kind not in READ_KINDS:
        raise QueryRefused(f"read-only: {kind} statements are not allowed (only SELECT, EXPLAIN, PRAGMA)")
    return statements[0]


def run_read_only(db: str | Path, query: str, parquet: Optional[str | Path] = None) -> tuple[list[str], list[tuple], int]:
    """(column names, rows, 0) of one read-only statement on the database.

    With `parquet`, the result goes to that Parquet file instead: ([], [], rows written).
    """
    con = open_sandboxed(db, output=parquet)
    try:
        statement = read_statement(con, query)
        if parquet is None:
            cur = con.execute(statement)
            columns = [d[0] for d in cur.description] if cur.description else []
            return columns, cur.fetchall(), 0
        if statement.type.name != "SELECT":
            raise QueryRefused("--parquet takes a SELECT statement")
        target = Path(parquet).absolute()
        target.parent.mkdir(parents=True, exist_ok=True)
        body = statement.query.strip().rstrip(";")
        con.execute(f"COPY ({body}\n) TO {_quoted(target)} (FORMAT parquet)")  # \n: a trailing -- comment ends there
        return [], [], con.execute(f"SELECT count(*) FROM read_parquet({_quoted(target)})").fetchone()[0]
    finally:
        con.close()
