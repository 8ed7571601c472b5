"""`plans ingest --jobs 2`: the workers end when the parent ends, however it ends (store/workers.py)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, REPO


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


def _wait(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_workers_end_when_the_parent_is_killed(tmp_path, sig):
    text = (CORPUS / "000_b58f44d980a72fdc.txt").read_text(encoding="utf-8")
    for i in range(60):  # ~170 KB each: the ingest lasts long enough to be killed mid-way
        (tmp_path / f"p{i:03}.txt").write_text("\n".join([text] * 8) + f"\nPhụ lục {i}.\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "ingest", str(tmp_path), "--jobs", "2", "-q",
                             "--db", str(tmp_path / "p.duckdb")], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        assert _wait(lambda: len(_children(proc.pid)) >= 2, 30), "the workers did not start"
        workers = _children(proc.pid)
        os.kill(proc.pid, sig)
        proc.wait(10)
        assert _wait(lambda: not any(_alive(w) for w in workers), 5), [w for w in workers if _alive(w)]
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in workers:  # orphans of a failed run (before the fix they kept parsing)
            if _alive(w):
                os.kill(w, signal.SIGKILL)
