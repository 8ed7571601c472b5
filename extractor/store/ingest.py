"""Ingest many plan files: parse (optionally in parallel), store in batches (each plan all or nothing), summarise.

Workers parse and turn each plan into table rows (``store.PlanRows``: plain tuples,
cheap to send back); this process only writes them, ``batch_size`` plans per
transaction (see ``store.PlanWriter`` for what happens when one of them fails).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import duckdb

from ..core.models import ParsedPlan
from ..pipeline import parse_file, pipeline_version
from ..structure.provinces import current_province
from ..read.ocr import OcrUnavailable, ocr_pdf_file_page, pages_to_ocr, tesseract_version
from ..read.readers import ReadError, iter_plan_files
from .database import DEFAULT_BATCH, PlanRows, PlanWriter, Saved, connect, plan_rows
from .workers import worker_pool


@dataclass
class IngestSummary:
    plans: int = 0
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    sections: int = 0
    targets: int = 0
    duties: int = 0
    warnings: int = 0
    failures: list[str] = field(default_factory=list)  # one-line messages "path: reason"
    warning_codes: Counter = field(default_factory=Counter)  # warning code -> how many

    @property
    def failed(self) -> int:
        return len(self.failures)

    def count(self, saved: Iterable[Saved], paths: dict[str, str]) -> None:
        """Add the outcome of written plans (paths: doc_id -> file, for error messages)."""
        for s in saved:
            if s.error is not None:
                path = paths.get(s.plan.doc_id, s.plan.source_name)
                self.failures.append(f"{path}: cannot store: {type(s.error).__name__}: {s.error}".splitlines()[0])
                continue
            setattr(self, s.result, getattr(self, s.result) + 1)
            self.plans += 1
            self.sections += s.plan.count("sections")
            self.targets += s.plan.count("targets")
            self.duties += s.plan.count("assignments")
            self.warnings += s.plan.count("warnings")
            self.warning_codes.update(row[1] for row in s.plan.rows.get("warnings", ()))


def province_now(plan: ParsedPlan) -> Optional[str]:
    """The plan's province after the 2025 merger, or None when unknown."""
    try:
        return current_province(plan.metadata.province) if plan.metadata.province else None
    except KeyError:
        return None


def parse_to_rows(path: str, ocr: bool = True, ocr_pages: Optional[dict] = None,
                  on_page: Optional[Callable[[int, int], None]] = None) -> tuple[str, Optional[PlanRows], Optional[str]]:
    """(path, rows, None) or (path, None, one-line error): read, parse and flatten one file."""
    try:
        plan = parse_file(path, ocr=ocr, ocr_pages=ocr_pages, on_page=on_page)
        return path, plan_rows(plan, province_now(plan)), None
    except ReadError as exc:
        return path, None, str(exc)
    except Exception as exc:  # a bug must not sink the batch; it is reported per file
        return path, None, f"{path}: internal error: {type(exc).__name__}: {exc}"


def _parse_without_ocr(path: str):
    return parse_to_rows(path, ocr=False)


def _scanned(pool, files: list[str]) -> dict[str, list[int]]:
    """PDFs with pages to read by OCR (path -> page indexes), found by the workers; none when
    Tesseract cannot run (the files are still parsed, and each scanned one says how to install it)."""
    pdfs = [p for p in files if p.lower().endswith(".pdf")]
    if not pdfs:
        return {}
    try:
        tesseract_version()
    except OcrUnavailable:
        return {}
    chunk = max(1, min(32, len(pdfs) // 16))
    return {path: pages for path, pages in zip(pdfs, pool.map(pages_to_ocr, pdfs, chunksize=chunk)) if pages}


class _Progress:
    """Counts files, and pages for the files read by OCR (a scanned plan of 8 pages counts 8)."""

    def __init__(self, on_progress, done: int, files: list[str]):
        self.on_progress, self.n, self.total, self.counted = on_progress, done, done, set()
        self.end = {}
        for path in files:
            self.total += 1
            self.end[path] = self.total

    def expect(self, path: str, pages: int) -> None:
        """`path` is a scanned file of `pages` pages to OCR: it counts that many from now on."""
        if path in self.counted or pages <= 1:
            return
        self.counted.add(path)
        for later in self.end:
            if self.end[later] >= self.end[path]:
                self.end[later] += pages - 1
        self.total += pages - 1

    def page(self, path: str, pages: int = 0) -> None:
        """One page of `path` read by OCR (`pages`: how many, when the reader found them)."""
        self.expect(path, pages)
        self.n = min(self.n + 1, self.end[path])
        if self.on_progress:
            self.on_progress(self.n, self.total, f"{path} (OCR)")

    def file(self, path: str) -> None:
        self.n = self.end[path]
        if self.on_progress:
            self.on_progress(self.n, self.total, path)


def _results(paths: list[str], jobs: int, ocr: bool = True,
             progress: Optional[_Progress] = None) -> Iterator[tuple[str, Optional[PlanRows], Optional[str]]]:
    """Parsed rows of every file, in input order, on `jobs` processes. The pages of a scanned
    PDF are OCR'd there one page per task, then the plan is parsed here from its pages."""
    parse = parse_to_rows if ocr else _parse_without_ocr

    def ticker(path):
        return (lambda n, total: progress.page(path, total)) if progress else None

    if jobs <= 1 or len(paths) < 2 and not (ocr and paths and paths[0].lower().endswith(".pdf")):
        for path in paths:
            pdf = ocr and path.lower().endswith(".pdf")  # its reader reports the pages it OCRs
            yield parse_to_rows(path, ocr=ocr, on_page=ticker(path)) if pdf else parse(path)
        return
    with worker_pool(jobs) as pool:  # workers end with this process, even on kill -9
        scans = _scanned(pool, paths) if ocr else {}
        # OCR pages go first: they are the long tasks, and the plain files fill the gaps.
        pages = {path: [pool.submit(ocr_pdf_file_page, path, i) for i in idx] for path, idx in scans.items()}
        if progress:
            for path, idx in scans.items():
                progress.expect(path, len(idx))
        plain = [p for p in paths if p not in scans]
        # Chunks keep the inter-process traffic low; small enough that every worker gets several.
        chunk = max(1, min(32, len(plain) // (jobs * 8)))
        plain_results = pool.map(parse, plain, chunksize=chunk)
        for path in paths:
            if path not in pages:
                yield next(plain_results)
                continue
            done = {}
            for future in pages[path]:
                page = future.result()  # None when the page could not be read there: it is read here
                if page is not None:
                    done[page.index] = page
                if progress:
                    progress.page(path)
            yield parse_to_rows(path, ocr=ocr, ocr_pages=done, on_page=ticker(path))


# DuckDB keeps the blocks it writes in its buffer pool (up to 80% of RAM by default), so an
# uncapped ingest grows with the database. Writing needs little: the cap is a fixed working
# budget (measured: 40 MB carries 10,000 plans; 48 with margin) plus room for what must stay in
# memory, the documents primary-key (ART) index (~55 bytes a row measured; 128 with margin).
# Sections have no key since schema migration 3, so the cap hardly grows with the database.
INGEST_MEMORY_BASE = 48 * 2**20
INDEX_BYTES_PER_ROW = 128


# A value longer than a DuckDB block (256 KiB) gets an allocation of its own, outside the
# fixed budget: a 20 MB plan text, or two in one batch, did not fit. The cap grows by
# LONG_VALUE_FACTOR times the bytes of such values buffered (x2 was enough for two 3 MB
# plans under an 8 MB base; x4 leaves room for the appender's copy and the WAL).
LONG_VALUE = 256 * 2**10
LONG_VALUE_FACTOR = 4


def long_value_bytes(rows: PlanRows) -> int:
    """Bytes of the values of one plan that DuckDB must hold in blocks of their own."""
    return sum(n for table in rows.rows.values() for row in table for v in row
               if isinstance(v, str) and len(v) * 4 > LONG_VALUE and (n := len(v.encode())) > LONG_VALUE)


def _cap_memory(con, long_bytes: int = 0) -> None:
    rows = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    limit = INGEST_MEMORY_BASE + rows * INDEX_BYTES_PER_ROW + LONG_VALUE_FACTOR * long_bytes
    con.execute(f"SET memory_limit = '{limit // 2**20}MB'")


def _unique_names(files: list[str], summary: IngestSummary) -> list[str]:
    """A plan is known by its file name without extension: a second file of the same name in one batch is refused."""
    seen: dict[str, str] = {}
    keep = []
    for path in files:
        name = Path(path).stem
        if name in seen:
            summary.failures.append(f"{path}: same plan name '{name}' as {seen[name]} in this batch; rename one of them")
            continue
        seen[name] = path
        keep.append(path)
    return keep


def _setting(con, name: str):
    """Current value of a DuckDB setting, or None when this DuckDB has no such setting."""
    try:
        return con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0]
    except duckdb.Error:
        return None


def _unique_contents(files: list[str], summary: IngestSummary) -> tuple[list[str], dict[str, str]]:
    """Files with content not seen earlier in the batch, and each one's doc_id (hash of its bytes).

    The same bytes under a second name would be stored once (doc_id is the content) yet
    counted twice: the second file is reported instead.
    """
    first: dict[str, str] = {}
    ids: dict[str, str] = {}
    keep = []
    for path in files:
        try:
            doc_id = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
        except OSError:
            keep.append(path)  # the reader will report it
            continue
        if doc_id in first:
            summary.failures.append(f"{path}: same content as {first[doc_id]}; stored once")
            continue
        first[doc_id], ids[path] = path, doc_id
        keep.append(path)
    return keep, ids


def _skip_unchanged(con, files: list[str], ids: dict[str, str], version: str, summary: IngestSummary,
                    on_progress) -> list[str]:
    """Files still to parse: a file whose bytes were already stored by this pipeline version is counted, not parsed."""
    stored = {doc_id for (doc_id,) in con.execute(
        "SELECT doc_id FROM documents WHERE pipeline_version = ?", [version]).fetchall()}
    if not stored:
        return files
    todo, skipped = [], []
    for path in files:
        doc_id = ids.get(path)
        if doc_id in stored:
            skipped.append(doc_id)
            if on_progress:
                on_progress(len(skipped), len(files), path)
        else:
            todo.append(path)
    if skipped:
        con.execute("CREATE OR REPLACE TEMP TABLE _skipped (doc_id VARCHAR)")
        con.executemany("INSERT INTO _skipped VALUES (?)", [(d,) for d in skipped])
        counts = con.execute(
            "SELECT (SELECT count(*) FROM sections JOIN _skipped USING (doc_id)),"
            " (SELECT count(*) FROM targets JOIN _skipped USING (doc_id)),"
            " (SELECT count(*) FROM assignments JOIN _skipped USING (doc_id)),"
            " (SELECT count(*) FROM warnings JOIN _skipped USING (doc_id))").fetchone()
        con.execute("DROP TABLE _skipped")
        summary.plans += len(skipped)
        summary.unchanged += len(skipped)
        summary.sections += counts[0]
        summary.targets += counts[1]
        summary.duties += counts[2]
        summary.warnings += counts[3]
    return todo


def ingest(
    paths: Iterable[str | Path],
    db: str | Path,
    jobs: int = 1,
    on_progress: Optional[Callable[[int, int, str], None]] = None,
    batch_size: int = DEFAULT_BATCH,
    cap_memory: bool = True,
    ocr: bool = True,
    lock_timeout: Optional[float] = None,
    on_wait: Optional[Callable[[str], None]] = None,
) -> IngestSummary:
    """Parse and store every plan under `paths`; failures are collected, never half-written.

    `batch_size` plans are written per transaction (store.PlanWriter); `cap_memory`
    keeps DuckDB's buffer pool small while ingesting (see INGEST_MEMORY_BASE). PDF pages
    without a text layer are read by OCR unless `ocr` is False (`--no-ocr`). A database
    that cannot be opened raises store.opening.OpenError (see store.database.connect for
    `lock_timeout` and `on_wait`).
    """
    summary = IngestSummary()
    files = _unique_names([str(p) for p in iter_plan_files(paths, on_error=summary.failures.append)], summary)
    files, ids = _unique_contents(files, summary)
    # Without OCR a mixed PDF gives less text: its rows are another pipeline's, re-read when OCR is on.
    version = pipeline_version() + ("" if ocr else "+no-ocr")
    con = connect(db, lock_timeout=lock_timeout, on_wait=on_wait)
    # The memory limit belongs to the database instance, which other connections in this
    # process may share: it is put back afterwards.
    previous = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    previous_vacuum = _setting(con, "max_vacuum_tasks")  # None on a DuckDB without it
    writer = PlanWriter(con, version, batch_size)
    where: dict[str, str] = {}  # doc_id -> path of the plans not yet written
    try:
        if cap_memory:
            _cap_memory(con)
            # Each automatic checkpoint (every ~16 MB of WAL) would otherwise also "vacuum": merge
            # the row groups written so far and rewrite them, a transient peak that grew with the
            # tables (+65 MiB from 2,000 to 6,000 plans). Off while writing; the checkpoint below
            # runs before the setting is put back, so closing does not do it all at once.
            if previous_vacuum is not None:
                con.execute("SET max_vacuum_tasks = 0")
        files = _skip_unchanged(con, files, ids, version, summary, on_progress)
        progress = _Progress(on_progress, summary.unchanged, files)
        long_bytes = 0  # of the plans buffered in the writer (see LONG_VALUE)
        for path, rows, error in _results(files, jobs, ocr, progress):
            if error is not None:
                summary.failures.append(error)
            else:
                where[rows.doc_id] = path
                extra = long_value_bytes(rows) if cap_memory else 0
                if extra:  # a plan larger than the cap is stored all the same, with the cap raised for it
                    long_bytes += extra
                    _cap_memory(con, long_bytes)
                saved = writer.add(rows)
                if saved:
                    summary.count(saved, where)
                    where.clear()
                    long_bytes = 0
                    if cap_memory:
                        _cap_memory(con)
            progress.file(path)
        summary.count(writer.close(), where)
        if cap_memory:
            con.execute("CHECKPOINT")
    finally:
        try:
            con.execute(f"SET memory_limit = '{previous}'")
            if previous_vacuum is not None:
                con.execute(f"SET max_vacuum_tasks = {int(previous_vacuum)}")
        finally:
            con.close()
    return summary
