"""Render query results as a rich table, CSV, JSON or Parquet (shared by every read command)."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import Any, Sequence

from rich.console import Console
from rich.table import Table


def _plain(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def emit(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table", title: str | None = None,
         out=None) -> None:
    """Write rows to stdout (or `out`) in the chosen format."""
    out = out or sys.stdout
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if v is None else (";".join(map(str, v)) if isinstance(v, list) else _plain(v)) for v in r])
    elif fmt == "json":
        json.dump([{c: _plain(v) for c, v in zip(columns, r)} for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(str(c), overflow="fold")
        for r in rows:
            table.add_row(*["" if v is None else str(_plain(v)) for v in r])
        Console(file=out, width=max(100, Console().width)).print(table)


def _duck_type(values: Sequence[Any]) -> str:
    """DuckDB column type for Python values of one column (None ignored; mixed -> VARCHAR)."""
    seen = [v for v in values if v is not None]
    if seen and all(isinstance(v, bool) for v in seen):
        return "BOOLEAN"
    if seen and all(isinstance(v, int) and not isinstance(v, bool) for v in seen):
        return "BIGINT"
    if seen and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in seen):
        return "DOUBLE"
    if seen and all(isinstance(v, dt.date) for v in seen):
        return "DATE"
    if seen and all(isinstance(v, list) for v in seen):
        return "VARCHAR[]"
    return "VARCHAR"


def write_rows_parquet(columns: Sequence[str], rows: Sequence[Sequence[Any]], path) -> int:
    """Write rows to a Parquet file (through an in-memory DuckDB, so no pyarrow); returns the row count."""
    from pathlib import Path

    import duckdb

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    types = [_duck_type([r[i] for r in rows]) for i in range(len(columns))]
    con = duckdb.connect(":memory:")
    try:
        cols = ", ".join(f'"{str(c).replace(chr(34), chr(34) * 2)}" {t}' for c, t in zip(columns, types))
        con.execute(f"CREATE TABLE t ({cols})")
        if rows:
            cast = [[(None if v is None else [str(x) for x in v] if t == "VARCHAR[]" else str(v) if t == "VARCHAR" else v)
                     for v, t in zip(r, types)] for r in rows]
            con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(columns))})", cast)
        con.execute(f"COPY t TO '{str(path).replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
    finally:
        con.close()
    return len(rows)
