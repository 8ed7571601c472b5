"""`plans ingest` fails in one line naming the path and the reason, and creates nothing that was not there."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from click.testing import CliRunner

from conftest import CORPUS, REPO

from extractor.cli import main

PLAN = CORPUS / "001_3bcbbe7dd41cd4f4.txt"


def _ingest(db, env=None):
    return CliRunner(env=env).invoke(main, ["ingest", str(PLAN), "--db", str(db), "--quiet"])


def _hold_lock(db, seconds: float) -> subprocess.Popen:
    """Another process that keeps `db` open for writing for `seconds`."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True);"
         " time.sleep(float(sys.argv[2]))", str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_locked_database_is_waited_for_then_fails_in_one_line(tmp_path):
    db = tmp_path / "p.duckdb"
    holder = _hold_lock(db, 30)
    try:
        start = time.monotonic()
        result = _ingest(db, env={"PLANS_LOCK_TIMEOUT": "1"})
        waited = time.monotonic() - start
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"waiting: {db}: locked by another process (PID {holder.pid}); waiting up to 1 s",
        f"error: {db}: locked by another process (PID {holder.pid}); gave up after 1 s",
    ]
    assert 1 <= waited < 5


def test_a_lock_released_while_waiting_lets_the_ingest_through(tmp_path):
    db = tmp_path / "p.duckdb"
    holder = _hold_lock(db, 1)
    result = _ingest(db, env={"PLANS_LOCK_TIMEOUT": "20"})
    holder.wait()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"waiting: {db}: locked by another process (PID {holder.pid}); waiting up to 20 s"]


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database\n")
    result = _ingest(db)
    assert (result.exit_code, result.output.splitlines()) == (1, [f"error: {db}: not a DuckDB database file"])
    assert db.read_text() == "not a database\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.duckdb"]


def test_a_folder_is_refused(tmp_path):
    result = _ingest(tmp_path)
    assert (result.exit_code, result.output.splitlines()) == (1, [f"error: {tmp_path}: is a folder, not a database file"])
    assert list(tmp_path.iterdir()) == []


def test_missing_rules_fail_in_one_line_and_leave_no_database(tmp_path):
    """A fresh process (the rules are cached once loaded): no rule files where PLANS_RULES_DIR points."""
    empty = tmp_path / "no-rules"
    empty.mkdir()
    db = tmp_path / "new" / "deeper" / "p.duckdb"
    env = {**os.environ, "PLANS_RULES_DIR": str(empty)}
    proc = subprocess.run([sys.executable, "-m", "extractor", "ingest", str(PLAN), "--db", str(db), "-q"],
                          cwd=REPO, env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"error: {empty / 'taxonomy.yaml'}: rule file not found"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["no-rules"]


def test_a_database_under_a_file_is_refused_in_one_line(tmp_path):
    (tmp_path / "afile").write_text("x")
    db = tmp_path / "afile" / "p.duckdb"
    result = _ingest(db)
    assert (result.exit_code, result.output.splitlines()) == (1, [f"error: {db}: {tmp_path / 'afile'} is not a folder"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
