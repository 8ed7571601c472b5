"""Write parsed plans to DuckDB: each plan all or nothing, idempotent re-ingest, batched for speed.

A plan becomes a ``PlanRows`` (its rows for every table: plain tuples, cheap to
send between processes), and a ``PlanWriter`` buffers many of them and writes a
batch in one transaction with one bulk append per table. If anything in a batch
fails, the batch is rolled back and its plans are written again one transaction
each, so a bad plan is reported alone and never half-written. ``save`` writes a
single plan in its own transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, Optional, Sequence

import duckdb

from .. import __version__
from ..core.models import ParsedPlan
from ..core.rules import rules_fingerprint
from .bulk import insert_rows
from .opening import open_writable
from .schema import PLAN_TABLES, migrate
from .spans import checked
from ..core.taxonomy import agency_names

DEFAULT_DB = Path("outputs") / "plans.duckdb"
DEFAULT_BATCH = 64  # plans per transaction in PlanWriter

SaveResult = Literal["inserted", "replaced", "unchanged"]

# Columns written per table, in the order of the tuples PlanRows holds (documents gets
# pipeline_version appended by the writer; ingested_at keeps its default).
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id", "source_name", "source_path", "fmt", "content_hash", "province", "province_current",
        "doc_number", "issued_on", "program_ref", "program_ref_as_written", "horizon_year", "plan_year", "signer",
        "report_day", "report_month", "report_year", "report_recurring", "text", "text_source", "ocr_engine", "ocr_pages",
        "pipeline_version",
    ),
    "sections": ("doc_id", "section_id", "parent_id", "level", "label", "heading", "kind", "start_char", "end_char",
                 "kind_evidence", "kind_confidence"),
    "targets": (
        "doc_id", "section_id", "sector", "indicator", "subject", "year", "value", "value_max", "unit",
        "comparator", "implicit", "quote", "start_char", "end_char", "method", "confidence", "rule",
    ),
    "assignments": (
        "doc_id", "section_id", "agency", "agency_name", "role", "requested", "partners", "duty",
        "deadline", "start_char", "end_char", "method", "confidence", "rule", "topic",
    ),
    "funding": ("doc_id", "source", "quote", "start_char", "end_char", "confidence"),
    "warnings": ("doc_id", "code", "message", "start_char", "end_char"),
}
TABLES = ("documents", *PLAN_TABLES)


def connect(db: str | Path = DEFAULT_DB, read_only: bool = False, lock_timeout: Optional[float] = None,
            on_wait: Optional[Callable[[str], None]] = None) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the plans database.

    Writable opens go through store.opening: a lock held by another process is waited
    for up to `lock_timeout` seconds (`on_wait` is told), failures raise OpenError in one
    line, and nothing is left behind that was not there before.
    """
    db = str(db)
    if read_only:
        if db != ":memory:" and not Path(db).exists():
            raise FileNotFoundError(f"{db}: database not found (run `plans ingest` first)")
        return duckdb.connect(db, read_only=True)
    if db == ":memory:":
        con = duckdb.connect(db)
        _setup(con)
        return con
    from . import template  # a new file starts as a copy of an empty database (store/template.py)

    return open_writable(db, _setup, lock_timeout, on_wait, place=template.place, keep=template.keep)


def _setup(con: duckdb.DuckDBPyConnection) -> None:
    migrate(con)
    _load_reference(con)


def _load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Agency dictionary and reference tables, rewritten when the rules or the code changed since the last open.

    `reference_state` keeps the fingerprint they were loaded under; an open with the same one writes
    nothing (a table edited by hand is put right by `store.reference.load_reference`).
    """
    fingerprint = f"{__version__}+{rules_fingerprint()}"
    state = _reference_state(con)
    if state == [(fingerprint,)]:
        return
    rows = sorted(agency_names().items())
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM agencies")
    insert_rows(con, "agencies", ("agency", "name_vi"), rows)
    con.execute("COMMIT")
    from .reference import load_reference  # its models and the province index only when loading

    load_reference(con)  # national targets and provinces (store/reference.py)
    if state is None:  # a database migrated only part of the way (tests of old versions)
        return
    # Written last: an open that fails before this point loads everything again next time.
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM reference_state")
    con.execute("INSERT INTO reference_state VALUES (?)", [fingerprint])
    con.execute("COMMIT")


def _reference_state(con: duckdb.DuckDBPyConnection) -> Optional[list[tuple]]:
    """The stored reference fingerprint rows, or None where migration 8 has not run."""
    try:
        return con.execute("SELECT fingerprint FROM reference_state").fetchall()
    except duckdb.CatalogException:
        return None


@dataclass(frozen=True)
class PlanRows:
    """One plan as rows of every table (COLUMNS order; documents without pipeline_version)."""

    doc_id: str
    source_name: str
    rows: dict[str, list[tuple]]

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))


def plan_rows(plan: ParsedPlan, province_current: Optional[str] = None) -> PlanRows:
    """The rows one ParsedPlan adds to the database (after the span check of store.spans)."""
    plan = checked(plan)
    m = plan.metadata
    d = plan.doc_id
    return PlanRows(d, plan.source_name, {
        "documents": [(
            d, plan.source_name, plan.source_path, plan.fmt, plan.content_hash, m.province, province_current,
            m.doc_number, m.issued_on, m.program_ref, m.program_ref_as_written, m.horizon_year, m.plan_year,
            m.signer, m.report_day, m.report_month, m.report_year, m.report_recurring, plan.text,
            plan.text_source, plan.ocr_engine, plan.ocr_pages or None,
        )],
        "sections": [
            (d, s.section_id, s.parent_id, s.level, s.label, s.heading, s.kind, s.start_char, s.end_char,
             s.kind_evidence, s.kind_confidence)
            for s in plan.sections
        ],
        "targets": [
            (d, t.section_id, t.sector, t.indicator, t.subject, t.year, t.value, t.value_max, t.unit,
             t.comparator, t.implicit, t.quote, t.start_char, t.end_char, t.method, t.confidence, t.rule)
            for t in plan.targets
        ],
        "assignments": [
            (d, a.section_id, a.agency, a.agency_name, a.role, a.requested, a.partners, a.duty,
             a.deadline, a.start_char, a.end_char, a.method, a.confidence, a.rule, a.topic)
            for a in plan.assignments
        ],
        "funding": [(d, f.source, f.quote, f.start_char, f.end_char, f.confidence) for f in plan.funding],
        "warnings": [(d, w.code, w.message, w.start_char, w.end_char) for w in plan.warnings],
    })


@dataclass(frozen=True)
class Saved:
    """What became of one plan handed to a PlanWriter: a result, or the error that kept it out."""

    plan: PlanRows
    result: Optional[SaveResult]
    error: Optional[BaseException] = None


class PlanWriter:
    """Buffer plans and write them `batch_size` at a time; every plan is all or nothing.

    A batch is one transaction: rows of plans it replaces are deleted, then each table
    gets one bulk append. When the batch fails it is rolled back and each of its plans
    is written again in a transaction of its own, so only the plan at fault is left out
    (its ``Saved.error`` says why). Results match writing the plans one by one in order:
    a plan already stored by this pipeline version is "unchanged", one whose source
    name or content was stored before is "replaced".

    A crash loses the plans buffered or in the open transaction (at most one batch):
    nothing of them is written, and the next ingest of the same files writes them.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, pipeline_version: str, batch_size: int = DEFAULT_BATCH):
        self.con = con
        self.version = pipeline_version
        self.batch_size = max(1, batch_size)
        self._pending: list[PlanRows] = []

    def add(self, plan: ParsedPlan | PlanRows, province_current: Optional[str] = None) -> list[Saved]:
        """Buffer one plan; returns the outcome of every plan written by this call (often none)."""
        rows = plan if isinstance(plan, PlanRows) else plan_rows(plan, province_current)
        self._pending.append(rows)
        return self.flush() if len(self._pending) >= self.batch_size else []

    def flush(self) -> list[Saved]:
        """Write every buffered plan now."""
        batch, self._pending = self._pending, []
        if not batch:
            return []
        try:
            return self._write(batch)
        except Exception as exc:
            if len(batch) == 1:
                return [Saved(batch[0], None, exc)]
        out: list[Saved] = []
        for rows in batch:  # the batch was rolled back: one transaction per plan finds the culprit
            try:
                out += self._write([rows])
            except Exception as exc:
                out.append(Saved(rows, None, exc))
        return out

    def close(self) -> list[Saved]:
        """Flush; the connection stays open."""
        return self.flush()

    def _write(self, batch: Sequence[PlanRows]) -> list[Saved]:
        con = self.con
        ids = sorted({p.doc_id for p in batch})
        names = sorted({p.source_name for p in batch})
        stored = {doc_id: (name, version) for doc_id, name, version in con.execute(
            "SELECT doc_id, source_name, pipeline_version FROM documents"
            " WHERE doc_id IN (SELECT unnest(?)) OR source_name IN (SELECT unnest(?))", [ids, names]).fetchall()}
        # Replay the batch in order against what is stored, as one-by-one saves would see it.
        state = dict(stored)
        staged: dict[str, PlanRows] = {}
        doomed: set[str] = set()
        out = []
        for p in batch:
            have = state.get(p.doc_id)
            if have is not None and have[1] == self.version:
                out.append(Saved(p, "unchanged"))
                continue
            old = [d for d, (name, _) in state.items() if d == p.doc_id or name == p.source_name]
            for d in old:
                del state[d]
                staged.pop(d, None)
                if d in stored:
                    doomed.add(d)
            state[p.doc_id] = (p.source_name, self.version)
            staged[p.doc_id] = p
            out.append(Saved(p, "replaced" if old else "inserted"))
        if not staged and not doomed:
            return out
        con.execute("BEGIN TRANSACTION")
        try:
            if doomed:
                gone = sorted(doomed)
                for table in PLAN_TABLES + ("documents",):
                    con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [gone])
            for table in TABLES:
                rows = [r for p in staged.values() for r in p.rows.get(table, ())]
                if table == "documents":
                    rows = [r + (self.version,) for r in rows]
                append_rows(con, table, rows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return out


def append_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert rows (COLUMNS order) in bulk (store.bulk)."""
    insert_rows(con, table, COLUMNS[table], rows)


def save(con: duckdb.DuckDBPyConnection, plan: ParsedPlan, pipeline_version: str,
         province_current: str | None = None) -> SaveResult:
    """Store one plan in its own transaction; a plan with the same source name or content is replaced."""
    [saved] = PlanWriter(con, pipeline_version, batch_size=1)._write([plan_rows(plan, province_current)])
    return saved.result
