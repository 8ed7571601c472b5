"""Compare provincial targets with the national baseline of Decision 1520/QĐ-TTg.

Everything is one query over the ``v_compare`` view (schema migrations 2 and 4):
one row per plan x (indicator, tier, year) of the national baseline, with the
plan's value, the national value and a status (``meets``, ``above``,
``below``, ``not_adopted``). The functions below build that query (long or
pivoted) and run or export it; the click command is a thin layer over them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import duckdb


__all__ = [
    "Filters", "STATUS_MARK", "NOT_ADOPTED_MARK", "LONG_COLUMNS",
    "resolve_filters", "long_query", "pivot_columns", "pivot_query", "fetch", "write_parquet",
    "has_compare_view",
]

# Marks of the pivot cells: "80 ▼" below, "100 =" meets, "120 ▲" above, "–" not adopted.
STATUS_MARK = {"meets": "=", "above": "▲", "below": "▼"}
NOT_ADOPTED_MARK = "–"

LONG_COLUMNS = ("province", "province_current", "doc_id", "indicator", "subject", "year", "value", "value_max",
                "national_value", "national_value_max", "status", "source_name")


@dataclass(frozen=True)
class Filters:
    """What to compare. Empty tuples mean "all"; provinces are canonical names.

    ``current`` groups by the post-2025 unit: ``provinces`` then holds current
    unit names, matched against ``province_current``.
    """

    indicators: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    provinces: tuple[str, ...] = ()
    current: bool = False
    sectors: tuple[str, ...] = ()  # "library" selects every library.* indicator


def resolve_filters(con: duckdb.DuckDBPyConnection, indicators: Sequence[str] = (), years: Sequence[int] = (),
                    provinces: Sequence[str] = (), current: bool = False) -> Filters:
    """Validate user input into :class:`Filters`; raise ``ValueError`` with a one-line message.

    An indicator may be a full code (``library.digital``) or a sector (``library``);
    a province may be any surface form ("tỉnh Bắc Kạn", "TP.HCM").
    """
    from ..structure.provinces import canonical_province, current_province

    known = [r[0] for r in con.execute(
        "SELECT indicator FROM national_targets GROUP BY indicator ORDER BY min(ord)").fetchall()]
    codes, sectors = [], []
    for ind in indicators:
        if ind in known:
            codes.append(ind)
        elif any(k.startswith(ind + ".") for k in known):
            sectors.append(ind)
        else:
            raise ValueError(f"unknown indicator {ind!r} (national baseline has: {', '.join(known)})")
    names = []
    for p in provinces:
        canon = canonical_province(p)
        if canon is None:
            raise ValueError(f"unknown province {p!r}")
        names.append(current_province(canon) if current else canon)
    return Filters(tuple(codes), tuple(int(y) for y in years), tuple(dict.fromkeys(names)), current, tuple(sectors))


def _in(col: str, values: Sequence) -> str:
    """``col = ?`` for one value (DuckDB pushes it deeper into the view than IN), else ``col IN (?, ...)``."""
    return f"{col} = ?" if len(values) == 1 else f"{col} IN (" + ", ".join("?" * len(values)) + ")"


def _where(f: Filters) -> tuple[str, list]:
    """WHERE clause over v_compare (alias v) and its parameters."""
    conds, params = [], []
    ind = []
    if f.indicators:
        ind.append(_in("v.indicator", f.indicators))
        params += f.indicators
    for s in f.sectors:
        ind.append("v.indicator LIKE ?")
        params.append(s + ".%")
    if ind:
        conds.append("(" + " OR ".join(ind) + ")" if len(ind) > 1 else ind[0])
    if f.years:
        conds.append(_in("v.year", f.years))
        params += f.years
    if f.provinces:
        conds.append(_in("v.province_current" if f.current else "v.province", f.provinces))
        params += f.provinces
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


# Sort key of the group a plan belongs to: file order of rules/provinces.yaml (north to south).
_GROUP_ORD = {
    False: "coalesce(v.province_ord, 1000000)",
    True: "coalesce((SELECT p.ord FROM provinces p WHERE p.province = v.province_current), 1000000)",
}


def long_query(f: Filters) -> tuple[str, list]:
    """One row per plan x baseline key: the LONG_COLUMNS (province_current first with ``current``)."""
    where, params = _where(f)
    cols = list(LONG_COLUMNS)
    if f.current:
        cols.remove("province_current")
        cols.insert(0, "province_current")
    sql = (f"SELECT {', '.join('v.' + c for c in cols)} FROM v_compare v{where}"
           f" ORDER BY {_GROUP_ORD[f.current]}, v.province_ord NULLS LAST, v.province, v.source_name, v.national_ord")
    return sql, params


def _num(expr: str) -> str:
    """SQL text of a number as the database holds it, without a trailing ".0" (80.0 -> "80", 12.5 -> "12.5")."""
    return (f"CASE WHEN {expr} = trunc({expr}) AND abs({expr}) < 1e15 THEN CAST(CAST({expr} AS BIGINT) AS VARCHAR)"
            f" ELSE CAST({expr} AS VARCHAR) END")


def _range(v: str, vmax: str) -> str:
    return f"{_num(v)} || CASE WHEN {vmax} IS NOT NULL THEN '-' || {_num(vmax)} ELSE '' END"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pivot_columns(con: duckdb.DuckDBPyConnection, f: Filters) -> list[str]:
    """The pivot's province columns: every plan's province (or post-2025 unit), north to south.

    Read from ``documents`` (not the view) so that it costs nothing; a plan
    with no row for the chosen keys shows as an empty column.
    """
    grp = "coalesce(p.province_current, d.province_current)" if f.current else "d.province"
    where, params = "", []
    if f.provinces:
        where, params = f" WHERE {_in(grp, f.provinces)}", list(f.provinces)
    sql = (f"SELECT coalesce({grp}, '?') AS grp,"
           f" min(coalesce((SELECT q.ord FROM provinces q WHERE q.province = {grp}), 1000000)) AS sk"
           f" FROM documents d LEFT JOIN provinces p ON p.province = d.province{where}"
           " GROUP BY 1 ORDER BY 2, 1")
    return [r[0] for r in con.execute(sql, params).fetchall()]


def pivot_query(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[str, list]:
    """Baseline keys as rows, provinces (or post-2025 units) as columns, cells like "80 ▼".

    Columns: indicator, subject, year, national, then one per province in
    north-to-south order. A cell is the plan's value and its mark
    (``=`` meets, ``▲`` above, ``▼`` below), ``–`` when the plan sets none, and
    empty when the plan does not cover that year. When a column holds several
    plans, every cell of it is labelled with its plan's source name (or, with
    ``current``, its pre-2025 province) and a row's cells are joined with " · ".
    """
    # How it stays fast (the 10k-plan database: ~400k cells of ~25 characters):
    # an ordered string_agg sorts its strings per group, which is slow. Instead each plan x key
    # row is reduced to one BIGINT, rank * 2^32 + vid, where rank is the plan's position in
    # the column order (1..plans) and vid numbers the distinct (value, value_max, status)
    # texts (0..). A cell sorts its integers (list_sort; rank is unique within a cell, so this
    # is the ORDER BY rank of a string_agg) and only then turns each into text by indexing two
    # lists: the value texts and the plans' " (label)" suffixes. The province columns are
    # read from a per-key map {column: cell} instead of one FILTER aggregate per column.
    where, params = _where(f)
    group = "v.province_current" if f.current else "v.province"
    groups = pivot_columns(con, f)
    marks = " ".join(f"WHEN '{k}' THEN ' {m}'" for k, m in STATUS_MARK.items())
    # Label of a plan inside a column that holds several: its source name, or with --current its
    # old province (plus the source name when that province itself has several plans).
    label = ("province || CASE WHEN count(*) OVER (PARTITION BY grp, province) > 1"
             " THEN ' ' || source_name ELSE '' END") if f.current else "source_name"
    cols = "".join(f", b.cells[?] AS {_quote_ident(g)}" for g in groups)
    sql = f"""
        WITH f AS MATERIALIZED (
            SELECT v.doc_id, v.national_ord, v.status, v.value, v.value_max, coalesce({group}, '?') AS grp
            FROM v_compare v{where}
        ), plans AS MATERIALIZED (  -- one row per plan; rank 1..n in column order
            SELECT doc_id, row_number() OVER (ORDER BY sk, label) AS rank,
                   CASE WHEN count(*) OVER (PARTITION BY grp) > 1 THEN ' (' || label || ')' ELSE '' END AS suffix
            FROM (SELECT *, {label} AS label
                  FROM (SELECT g.doc_id, g.grp, coalesce(d.province, '?') AS province, d.source_name,
                               coalesce(p.ord, 1000000) AS sk
                        FROM (SELECT doc_id, any_value(grp) AS grp FROM f GROUP BY doc_id) g
                        JOIN documents d ON d.doc_id = g.doc_id
                        LEFT JOIN provinces p ON p.province = d.province))
        ), vals AS MATERIALIZED (  -- the distinct value texts, vid 0..n-1
            SELECT value, value_max, status, row_number() OVER (ORDER BY value, value_max, status) - 1 AS vid,
                   CASE WHEN status = 'not_adopted' THEN '{NOT_ADOPTED_MARK}'
                        ELSE {_range('value', 'value_max')} || CASE status {marks} END END AS txt
            FROM (SELECT DISTINCT value, value_max, status FROM f)
        ), texts AS (
            SELECT (SELECT list(txt ORDER BY vid) FROM vals) AS vt,
                   (SELECT list(suffix ORDER BY rank) FROM plans) AS st
        ), cells AS (
            SELECT f.national_ord, f.grp, list_sort(list(pl.rank * 4294967296 + va.vid)) AS l
            FROM f JOIN plans pl ON pl.doc_id = f.doc_id
            JOIN vals va ON va.value IS NOT DISTINCT FROM f.value AND va.value_max IS NOT DISTINCT FROM f.value_max
                        AND va.status = f.status
            GROUP BY f.national_ord, f.grp
        ), bykey AS (
            SELECT c.national_ord,
                   map_from_entries(list({{'k': c.grp, 'v': array_to_string(
                       list_transform(c.l, lambda x: t.vt[x % 4294967296 + 1] || t.st[x // 4294967296]),
                       ' · ')}})) AS cells
            FROM cells c, texts t
            GROUP BY c.national_ord
        ), keys AS (
            SELECT DISTINCT n.ord AS national_ord, n.indicator, n.subject, n.year,
                   {_range('n.value', 'n.value_max')} AS national
            FROM national_targets n
        )
        SELECT k.indicator, k.subject, k.year, k.national{cols}
        FROM keys k JOIN bykey b ON b.national_ord = k.national_ord
        ORDER BY k.national_ord
    """
    return sql, params + groups


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence) -> tuple[list[str], list[tuple]]:
    """Run a query; (column names, rows)."""
    cur = con.execute(sql, list(params))
    return [d[0] for d in cur.description], cur.fetchall()


def write_parquet(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence, path: str | Path) -> int:
    """Write a query's result to a Parquet file with DuckDB's COPY; returns the number of rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    target = str(path).replace("'", "''")
    con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)", list(params))
    return con.execute(f"SELECT count(*) FROM read_parquet('{target}')").fetchone()[0]


def has_compare_view(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database has the v_compare view (schema version 2 or later)."""
    return con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_compare'").fetchone()[0] > 0
