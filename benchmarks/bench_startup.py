"""Start-up benchmark: the fixed cost of a one-plan ingest, as whole processes.

Usage (from the repository root, after an install)::

    python benchmarks/bench_startup.py                 # 15 runs of each, median and spread
    python benchmarks/bench_startup.py --runs 30 --plan corpus/001_3bcbbe7dd41cd4f4.txt

It runs, each as a new process with the interpreter that runs this script:

1. **floor**: the interpreter importing what every command needs and no code of ours (duckdb,
   pydantic, click, yaml, regex) and opening, writing and closing a DuckDB file: what no change
   to this repository can go below;
2. **new database**: ``plans ingest <plan> --db <new file> -q`` (schema, reference tables, parse, store),
   with the ``plans`` script beside the interpreter (else ``python -m extractor``);
3. **existing database**: the same plan into a copy of a database that already holds another plan.

A script that prints a report, not a test: nothing is asserted, and the test suite never runs it.
The per-machine cache (``$PLANS_CACHE_DIR``) is warmed by one run first, as it is on a machine in use.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ("import click, pydantic, duckdb, yaml, regex, dataclasses\n"
         "con = duckdb.connect({db!r}); con.execute('CREATE TABLE IF NOT EXISTS t (x INT)')\n"
         "con.execute('INSERT INTO t VALUES (1)'); con.execute('CHECKPOINT'); con.close()\n")


def _timed(cmd: list[str], before=None) -> float:
    """Wall seconds of one process running `cmd` (after `before()`, which is not timed)."""
    if before:
        before()
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _report(name: str, times: list[float]) -> None:
    print(f"{name:18s} median {statistics.median(times):.3f} s   min {min(times):.3f}   max {max(times):.3f}"
          f"   ({len(times)} runs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--plan", default=str(ROOT / "corpus" / "000_b58f44d980a72fdc.txt"))
    ap.add_argument("--other", default=str(ROOT / "corpus" / "001_3bcbbe7dd41cd4f4.txt"))
    args = ap.parse_args()
    script = Path(sys.executable).with_name("plans")  # the console script beside the interpreter
    plans = [str(script)] if script.exists() else [sys.executable, "-m", "extractor"]
    with tempfile.TemporaryDirectory() as tmp:
        one, base, db = Path(tmp, "one"), Path(tmp, "base.duckdb"), Path(tmp, "x.duckdb")
        one.mkdir()
        shutil.copy(args.plan, one)
        subprocess.run(plans + ["ingest", args.other, "--db", str(base), "-q"], check=True)

        def fresh():
            for p in (db, Path(f"{db}.wal")):
                p.unlink(missing_ok=True)

        def copied():
            fresh()
            shutil.copy(base, db)

        runs = {
            "floor": ([sys.executable, "-c", FLOOR.format(db=str(db))], fresh),
            "new database": (plans + ["ingest", str(one), "--db", str(db), "-q"], fresh),
            "existing database": (plans + ["ingest", str(one), "--db", str(db), "-q"], copied),
        }
        print(f"{plans[0]}, Python {sys.version.split()[0]}, {os.cpu_count()} cores; plan {Path(args.plan).name}")
        for name, (cmd, before) in runs.items():
            _timed(cmd, before)  # warm: the OS file cache and the plans cache
            # Interleaved would be fairer on a drifting machine; these runs are short enough.
            _report(name, [_timed(cmd, before) for _ in range(args.runs)])


if __name__ == "__main__":
    main()
