"""Insert many rows at once: the appender where DuckDB has one, else multi-row VALUES.

One prepared statement per row (executemany) costs ~0.15 ms a row, which made filling the
reference tables of a new database (~200 rows) a tenth of a one-plan ingest.
"""
from __future__ import annotations

from typing import Sequence

import duckdb

_CHUNK = 500  # rows per VALUES statement on DuckDB 1.x (keeps the parameter list small)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, cols: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert `rows` (values in `cols` order) into `table` inside the caller's transaction."""
    if not rows:
        return
    if hasattr(con, "appender"):
        appender = con.appender(table, columns=list(cols))
        appender.append_rows(list(rows))
        appender.flush()
        return
    one = "(" + ", ".join("?" * len(cols)) + ")"
    for i in range(0, len(rows), _CHUNK):
        chunk = rows[i:i + _CHUNK]
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES " + ", ".join([one] * len(chunk)),
                    [v for r in chunk for v in r])
