"""Ingest on Dask (parse -> Parquet per partition -> DuckDB) stores exactly what `plans ingest` stores."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from conftest import CORPUS, PLANS, dump_tables

N = len(PLANS)  # plans in corpus/



def _require_dask():
    """Dask is in the test extra: its absence is a broken setup, not a reason to skip."""
    try:
        import dask.bag  # noqa: F401
        import dask.distributed  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"dask[distributed] is not installed ({exc}); run: pip install -e '.[test]'", pytrace=False)


def _tables(db) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dump_tables(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def normal_db(tmp_path_factory):
    from extractor.store.ingest import ingest

    db = tmp_path_factory.mktemp("normal") / "plans.duckdb"
    assert ingest([CORPUS], db).failed == 0
    return db


def test_dask_processes_ingest_equals_normal_ingest(tmp_path, normal_db):
    _require_dask()
    from extractor.store.distributed import ingest_distributed

    db = tmp_path / "plans.duckdb"
    summary = ingest_distributed([CORPUS], db, tmp_path / "parquet", npartitions=3, scheduler="processes")
    assert (summary.plans, summary.inserted, summary.failed) == (N, N, 0)
    assert len(list((tmp_path / "parquet" / "targets").glob("part-*.parquet"))) == 3
    mine, normal = _tables(db), _tables(normal_db)
    assert len(mine["targets"]) >= 100
    assert mine == normal


def test_dask_local_cluster_ingest_equals_normal_ingest_and_reload_is_a_noop(tmp_path, normal_db):
    _require_dask()
    from dask.distributed import Client, LocalCluster

    from extractor.store.distributed import ingest_distributed, load_parquet

    db = tmp_path / "plans.duckdb"
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster):
        summary = ingest_distributed([CORPUS], db, tmp_path / "parquet", npartitions=2)
    assert (summary.plans, summary.inserted) == (N, N)
    assert _tables(db)["targets"] == _tables(normal_db)["targets"]
    again = load_parquet(tmp_path / "parquet", db)
    assert (again.unchanged, again.inserted, again.replaced) == (N, 0, 0)


def test_bad_file_is_reported_and_the_rest_is_loaded(tmp_path, normal_db):
    _require_dask()
    from extractor.store.distributed import ingest_distributed

    src = tmp_path / "in"
    shutil.copytree(CORPUS, src, ignore=shutil.ignore_patterns("gold"))
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (src / "copy.txt").write_bytes((CORPUS / "000_b58f44d980a72fdc.txt").read_bytes())  # same content twice
    db = tmp_path / "plans.duckdb"
    summary = ingest_distributed([src], db, tmp_path / "parquet", npartitions=1, scheduler="sync")
    assert summary.failed == 1 and summary.failures[0].startswith(str(src / "broken.pdf"))
    assert (summary.plans, summary.inserted, summary.unchanged) == (N + 1, N, 1)
    assert _tables(db)["targets"] == _tables(normal_db)["targets"]
