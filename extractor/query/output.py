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
