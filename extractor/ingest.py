"""Ingest many plan files: parse (optionally in parallel), store one transaction per plan, summarise."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .models import ParsedPlan
from .pipeline import parse_file, pipeline_version
from .provinces import current_province
from .readers import ReadError, iter_plan_files
from .store import connect, save


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

    @property
    def failed(self) -> int:
        return len(self.failures)


def _parse_one(path: str) -> tuple[str, Optional[ParsedPlan], Optional[str]]:
    try:
        return path, parse_file(path), None
    except ReadError as exc:
        return path, None, str(exc)
    except Exception as exc:  # a bug must not sink the batch; it is reported per file
        return path, None, f"{path}: internal error: {type(exc).__name__}: {exc}"


def _results(paths: list[str], jobs: int) -> Iterator[tuple[str, Optional[ParsedPlan], Optional[str]]]:
    if jobs <= 1 or len(paths) < 2:
        yield from map(_parse_one, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_parse_one, paths, chunksize=max(1, min(64, len(paths) // (jobs * 8) or 1)))


def ingest(
    paths: Iterable[str | Path],
    db: str | Path,
    jobs: int = 1,
    on_progress: Optional[Callable[[int, int, str], None]] = None,
) -> IngestSummary:
    """Parse and store every plan under `paths`; failures are collected, never half-written."""
    files = [str(p) for p in iter_plan_files(paths)]
    summary = IngestSummary()
    version = pipeline_version()
    con = connect(db)
    try:
        for n, (path, plan, error) in enumerate(_results(files, jobs), 1):
            if error is not None:
                summary.failures.append(error)
            else:
                try:
                    province_now = current_province(plan.metadata.province) if plan.metadata.province else None
                except KeyError:
                    province_now = None
                result = save(con, plan, version, province_now)
                setattr(summary, result, getattr(summary, result) + 1)
                summary.plans += 1
                summary.sections += len(plan.sections)
                summary.targets += len(plan.targets)
                summary.duties += len(plan.assignments)
                summary.warnings += len(plan.warnings)
            if on_progress:
                on_progress(n, len(files), path)
    finally:
        con.close()
    return summary
