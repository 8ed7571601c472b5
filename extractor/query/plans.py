"""The plans in the database, their outlines and their warnings, as ``(columns, rows)`` tables."""
from __future__ import annotations

from typing import Any, Optional, Sequence

import duckdb

Table = tuple[list[str], list[tuple[Any, ...]]]

PLAN_COLUMNS = ["plan", "province", "number", "issued", "years", "targets", "duties", "warnings", "doc_id"]


def plan_list(con: duckdb.DuckDBPyConnection) -> Table:
    """One row per plan, north to south: name, province, number, date, years covered, row counts.

    ``years`` is the plan's year for a one-year plan, else from the year it was issued (or its
    earliest target year) to its horizon, e.g. "2023-2030".
    """
    rows = con.execute("""
        WITH t AS (SELECT doc_id, count(*) AS n, min(year) AS first FROM targets GROUP BY 1),
             a AS (SELECT doc_id, count(*) AS n FROM assignments GROUP BY 1),
             w AS (SELECT doc_id, count(*) AS n FROM warnings GROUP BY 1)
        SELECT d.source_name, d.province, d.doc_number, d.issued_on,
               CASE WHEN d.plan_year IS NOT NULL THEN CAST(d.plan_year AS VARCHAR)
                    WHEN d.horizon_year IS NOT NULL THEN
                        coalesce(CAST(coalesce(TRY_CAST(left(d.issued_on, 4) AS INTEGER), t.first) AS VARCHAR) || '-', '')
                        || CAST(d.horizon_year AS VARCHAR)
               END,
               coalesce(t.n, 0), coalesce(a.n, 0), coalesce(w.n, 0), d.doc_id
        FROM documents d LEFT JOIN t USING (doc_id) LEFT JOIN a USING (doc_id) LEFT JOIN w USING (doc_id)
        LEFT JOIN provinces p ON p.province = d.province
        ORDER BY p.ord NULLS LAST, d.province, d.source_name""").fetchall()
    return list(PLAN_COLUMNS), rows


def find_plan(con: duckdb.DuckDBPyConnection, plan: str) -> Optional[tuple]:
    """(doc_id, source_name, province, doc_number, issued_on, program_ref, horizon_year, signer) of a plan
    given by source name or doc_id, or None."""
    return con.execute(
        "SELECT doc_id, source_name, province, doc_number, issued_on, program_ref, horizon_year, signer"
        " FROM documents WHERE source_name = ? OR doc_id = ?", [plan, plan]).fetchone()


OUTLINE_COLUMNS = ["level", "label", "heading", "kind", "targets", "duties", "start_char", "end_char"]


def outline(con: duckdb.DuckDBPyConnection, doc_id: str) -> Table:
    """The plan's sections in text order, with the targets and duties found in each."""
    rows = con.execute("""
        SELECT s.level, s.label, s.heading, s.kind,
               (SELECT count(*) FROM targets t WHERE t.doc_id = s.doc_id AND t.section_id = s.section_id),
               (SELECT count(*) FROM assignments a WHERE a.doc_id = s.doc_id AND a.section_id = s.section_id),
               s.start_char, s.end_char
        FROM sections s WHERE s.doc_id = ? ORDER BY s.start_char, s.level""", [doc_id]).fetchall()
    return list(OUTLINE_COLUMNS), rows


WARNING_COLUMNS = ["code", "plan", "province", "message", "start_char", "end_char", "quote"]


def warning_rows(con: duckdb.DuckDBPyConnection, codes: Sequence[str] = (), plan: Optional[str] = None) -> Table:
    """Warnings, optionally of some codes and of one plan (source name or doc_id), with the text they point at."""
    conds, params = [], []
    if codes:
        conds.append("w.code IN (" + ", ".join("?" * len(codes)) + ")")
        params += list(codes)
    if plan:
        conds.append("(d.source_name = ? OR d.doc_id = ?)")
        params += [plan, plan]
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    rows = con.execute(f"""
        SELECT w.code, d.source_name, d.province, w.message, w.start_char, w.end_char,
               CASE WHEN w.start_char IS NOT NULL AND w.end_char IS NOT NULL
                    THEN substr(d.text, w.start_char + 1, w.end_char - w.start_char) END
        FROM warnings w JOIN documents d USING (doc_id)
        LEFT JOIN provinces p ON p.province = d.province{where}
        ORDER BY w.code, p.ord NULLS LAST, d.source_name, w.start_char""", params).fetchall()
    return list(WARNING_COLUMNS), rows


def warning_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warning codes present in the database."""
    return [r[0] for r in con.execute("SELECT DISTINCT code FROM warnings ORDER BY 1").fetchall()]
