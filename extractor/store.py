"""Write parsed plans to DuckDB: one transaction per plan, idempotent re-ingest."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb

from .models import ParsedPlan
from .reference import load_reference
from .schema import PLAN_TABLES, migrate
from .taxonomy import agency_names

DEFAULT_DB = Path("outputs") / "plans.duckdb"

SaveResult = Literal["inserted", "replaced", "unchanged"]


def connect(db: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the plans database."""
    db = str(db)
    if read_only:
        if db != ":memory:" and not Path(db).exists():
            raise FileNotFoundError(f"{db}: database not found (run `plans ingest` first)")
        return duckdb.connect(db, read_only=True)
    if db != ":memory:":
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(db)
    migrate(con)
    _load_reference(con)
    return con


def _load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Agency dictionary from the taxonomy (reference data, rewritten on each open)."""
    rows = sorted(agency_names().items())
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM agencies")
    con.executemany("INSERT INTO agencies VALUES (?, ?)", rows)
    con.execute("COMMIT")
    load_reference(con)  # national targets and provinces (extractor/reference.py)


def is_current(con: duckdb.DuckDBPyConnection, doc_id: str, pipeline_version: str) -> bool:
    """True when this exact content was already ingested by this version of the pipeline."""
    row = con.execute(
        "SELECT 1 FROM documents WHERE doc_id = ? AND pipeline_version = ?", [doc_id, pipeline_version]
    ).fetchone()
    return row is not None


def save(con: duckdb.DuckDBPyConnection, plan: ParsedPlan, pipeline_version: str, province_current: str | None = None) -> SaveResult:
    """Store one plan atomically; a plan with the same source name or content is replaced."""
    if is_current(con, plan.doc_id, pipeline_version):
        return "unchanged"
    old = [r[0] for r in con.execute(
        "SELECT doc_id FROM documents WHERE source_name = ? OR doc_id = ?", [plan.source_name, plan.doc_id]
    ).fetchall()]
    m = plan.metadata
    con.execute("BEGIN TRANSACTION")
    try:
        for doc_id in old:
            for table in PLAN_TABLES:
                con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
            con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])
        con.execute(
            "INSERT INTO documents (doc_id, source_name, source_path, fmt, content_hash, province, province_current,"
            " doc_number, issued_on, program_ref, program_ref_as_written, horizon_year, plan_year, signer,"
            " report_day, report_month, report_year, report_recurring, text, pipeline_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [plan.doc_id, plan.source_name, plan.source_path, plan.fmt, plan.content_hash, m.province,
             province_current, m.doc_number, m.issued_on, m.program_ref, m.program_ref_as_written,
             m.horizon_year, m.plan_year, m.signer, m.report_day, m.report_month, m.report_year,
             m.report_recurring, plan.text, pipeline_version],
        )
        _insert(con, "sections", [
            (plan.doc_id, s.section_id, s.parent_id, s.level, s.label, s.heading, s.kind, s.start_char, s.end_char)
            for s in plan.sections
        ])
        _insert(con, "targets", [
            (plan.doc_id, t.section_id, t.sector, t.indicator, t.subject, t.year, t.value, t.value_max, t.unit,
             t.comparator, t.implicit, t.quote, t.start_char, t.end_char, t.method, t.confidence, t.rule)
            for t in plan.targets
        ])
        _insert(con, "assignments", [
            (plan.doc_id, a.section_id, a.agency, a.agency_name, a.role, a.requested, a.partners, a.duty,
             a.deadline, a.start_char, a.end_char, a.method, a.confidence)
            for a in plan.assignments
        ])
        _insert(con, "funding", [(plan.doc_id, f.source, f.quote, f.start_char, f.end_char) for f in plan.funding])
        _insert(con, "warnings", [
            (plan.doc_id, w.code, w.message, w.start_char, w.end_char) for w in plan.warnings
        ])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return "replaced" if old else "inserted"


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
