"""Worker processes that end when their parent ends, however it ends (kill -9 included).

On Linux each worker asks the kernel for SIGKILL when its parent dies (prctl
PR_SET_PDEATHSIG, through ctypes); everywhere, a daemon thread also checks every
POLL_SECONDS that the parent is still the one that started it, and exits if not.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent: int) -> None:
    """Run in the worker at start: arrange to end when process `parent` ends."""
    # A forked worker inherits the parent's objects, among them garbage not yet collected that
    # may hold DuckDB handles; freeing those here, where DuckDB's threads do not exist, crashes
    # (a segfault in the collector, seen in the test suite). Frozen, the collector never visits them.
    gc.freeze()
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # the watcher thread below still ends the worker
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def worker_pool(jobs: int) -> "ProcessPoolExecutor":
    """A process pool whose workers end with this process."""
    # Imported here: multiprocessing costs ~10 ms of every start, and one job needs no pool.
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),))
