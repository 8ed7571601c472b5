"""Ingest beyond one machine: Dask parses, Parquet carries the rows, DuckDB loads them.

Two steps, which may run on different machines and at different times:

1. ``parse_to_parquet``: a ``dask.bag`` of file paths, each partition mapped by
   ``pipeline.parse_file`` on whatever scheduler is in use (the local ``processes``
   scheduler, or the cluster of an active ``dask.distributed.Client``). Each
   partition writes its rows as one Parquet file per table,
   ``<out>/<table>/part-<first index>.parquet``, plus ``<out>/_manifest/part-*.json``
   (files, doc_ids, failures). Workers need the package and its rules, nothing else:
   no database, no shared state.
2. ``load_parquet``: one process reads the partitions in input order and writes
   them with the same ``store.PlanWriter`` as ``plans ingest``: same replace /
   unchanged rules, same batches, each plan all or nothing.

``ingest_distributed`` runs both. Example on a local cluster::

    from dask.distributed import Client, LocalCluster
    from extractor.store.distributed import ingest_distributed

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        summary = ingest_distributed(["corpus/"], "outputs/plans.duckdb", "outputs/parquet")

Needs ``pip install -e ".[scale]"`` (dask[distributed]); Parquet is written and read by
DuckDB, so no pyarrow or pandas.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from .ingest import IngestSummary, parse_to_rows
from ..pipeline import pipeline_version
from ..read.readers import iter_plan_files
from .schema import migrate
from .database import COLUMNS, DEFAULT_BATCH, TABLES, PlanRows, PlanWriter, append_rows, connect

MANIFEST = "_manifest"


def _dask_bag():
    try:
        import dask.bag
    except ImportError as exc:  # an optional extra
        raise ImportError('extractor.distributed needs Dask: pip install -e ".[scale]"') from exc
    return dask.bag


def _sql_str(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def parse_partition(items: Iterable[tuple[int, str]], out_dir: str) -> list[dict]:
    """Parse one partition of (index, path) and write its Parquet files; returns [manifest]."""
    items = list(items)
    if not items:
        return []
    out = Path(out_dir)
    name = f"part-{items[0][0]:08d}"
    version = pipeline_version()
    con = duckdb.connect(":memory:")
    migrate(con)  # the same tables as the store: Parquet gets the store's column types
    manifest: dict = {"partition": name, "version": version, "plans": [], "duplicates": [], "failures": []}
    seen: set[str] = set()
    buffered: dict[str, list[tuple]] = {table: [] for table in TABLES}
    for _, path in items:
        path, rows, error = parse_to_rows(path)
        if error is not None:
            manifest["failures"].append(error)
            continue
        counts = [rows.count(t) for t in ("sections", "targets", "assignments", "warnings")]
        if rows.doc_id in seen:  # same content twice: one-by-one saving would find it unchanged
            manifest["duplicates"].append([path, rows.doc_id, *counts])
            continue
        seen.add(rows.doc_id)
        manifest["plans"].append([path, rows.doc_id])
        for table in TABLES:
            buffered[table] += rows.rows.get(table, [])
    buffered["documents"] = [r + (version,) for r in buffered["documents"]]
    for table in TABLES:
        append_rows(con, table, buffered[table])  # one bulk append per table and partition
        (out / table).mkdir(parents=True, exist_ok=True)
        cols = ", ".join(COLUMNS[table])
        target = _sql_str(out / table / (name + ".parquet"))
        con.execute(f"COPY (SELECT {cols} FROM {table}) TO {target} (FORMAT parquet)")
    con.close()
    (out / MANIFEST).mkdir(parents=True, exist_ok=True)
    # Written last: a partition with a manifest is complete.
    tmp = out / MANIFEST / (name + ".json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, out / MANIFEST / (name + ".json"))
    return [manifest]


def parse_to_parquet(paths: Iterable[str | Path], out_dir: str | Path, npartitions: Optional[int] = None,
                     scheduler: Optional[str] = None) -> list[dict]:
    """Parse every plan under `paths` on Dask, one Parquet file per table and partition; manifests in order.

    Partition files of an earlier run in `out_dir` are deleted first, so that loading the
    folder loads this run only.

    `scheduler`: None uses the active ``dask.distributed.Client`` if there is one, else
    local processes; or any name ``dask.compute`` takes ("processes", "threads", "sync").
    """
    bag_mod = _dask_bag()
    import dask

    files = [str(p) for p in iter_plan_files(paths)]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob(f"{MANIFEST}/part-*.json"), *(f for t in TABLES for f in out.glob(f"{t}/part-*.parquet"))]:
        old.unlink()  # partitions of an earlier run must not be loaded with these
    if not files:
        return []
    if npartitions is None:
        npartitions = max(1, min(len(files), (os.cpu_count() or 1) * 4, -(-len(files) // 16)))
    bag = bag_mod.from_sequence(list(enumerate(files)), npartitions=npartitions)
    result = bag.map_partitions(parse_partition, str(out))
    if scheduler is None and dask.config.get("scheduler", None) is None:
        scheduler = "processes"
    manifests = result.compute(scheduler=scheduler) if scheduler else result.compute()
    return sorted(manifests, key=lambda m: m["partition"])


def load_parquet(out_dir: str | Path, db: str | Path, batch_size: int = DEFAULT_BATCH) -> IngestSummary:
    """Write the partitions under `out_dir` (in input order) into the database, as ``plans ingest`` would."""
    out = Path(out_dir)
    manifests = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / MANIFEST).glob("part-*.json"))]
    version = pipeline_version()
    stale = {m["version"] for m in manifests} - {version}
    if stale:
        raise ValueError(f"{out}: parsed by pipeline version {', '.join(sorted(stale))}, this one is {version}:"
                         " parse again with the same code, rules and model")
    summary = IngestSummary()
    con = connect(db)
    writer = PlanWriter(con, version, batch_size)
    try:
        for m in manifests:
            summary.failures.extend(m["failures"])
            where = {doc_id: path for path, doc_id in m["plans"]}
            for plan in _partition_rows(con, out, m["partition"]):
                summary.count(writer.add(plan), where)
            summary.count(writer.flush(), where)
            for path, doc_id, sections, targets, duties, warnings in m["duplicates"]:
                summary.plans += 1
                summary.unchanged += 1
                summary.sections += sections
                summary.targets += targets
                summary.duties += duties
                summary.warnings += warnings
        summary.count(writer.close(), {})
    finally:
        con.close()
    return summary


def _partition_rows(con: duckdb.DuckDBPyConnection, out: Path, name: str) -> list[PlanRows]:
    """The plans of one partition, rebuilt from its Parquet files, in the order they were parsed."""
    by_table: dict[str, dict[str, list[tuple]]] = {}
    for table in TABLES:
        cols = COLUMNS[table][:-1] if table == "documents" else COLUMNS[table]  # pipeline_version: the writer's
        rows = con.execute(f"SELECT {', '.join(cols)} FROM read_parquet({_sql_str(out / table / (name + '.parquet'))})"
                           ).fetchall()
        grouped: dict[str, list[tuple]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row)
        by_table[table] = grouped
    return [
        PlanRows(doc_id, doc[0][1], {t: by_table[t].get(doc_id, []) for t in TABLES})
        for doc_id, doc in by_table["documents"].items()
    ]


def ingest_distributed(paths: Iterable[str | Path], db: str | Path, out_dir: str | Path,
                       npartitions: Optional[int] = None, scheduler: Optional[str] = None) -> IngestSummary:
    """parse_to_parquet then load_parquet: the distributed counterpart of ``ingest.ingest``."""
    parse_to_parquet(paths, out_dir, npartitions, scheduler)
    return load_parquet(out_dir, db)
