"""Open the database for writing, or fail in one line and leave nothing behind.

A database another process is writing is waited for (DuckDB allows one writing process)
up to a timeout; a path that is a folder, or a file that is not a DuckDB database, is
refused. When opening fails (also later, e.g. a rule file missing while the reference
tables are loaded), a database file, WAL or folder this call created is removed again.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Optional

import duckdb
import regex

from ..core import patterns

LOCK_TIMEOUT_ENV = "PLANS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0  # seconds
_HOLDER = patterns.compile(r"\(PID (\d+)\)")


class OpenError(RuntimeError):
    """The database cannot be opened for writing; the message is one line naming the path."""


def lock_timeout() -> float:
    """Seconds to wait for another process's lock: $PLANS_LOCK_TIMEOUT, else 30."""
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _reason(db: str, exc: Exception) -> str:
    text = str(exc)
    if "not a valid DuckDB database file" in text:
        return f"{db}: not a DuckDB database file"
    return f"{db}: cannot open database: {text.splitlines()[0]}"


def _missing_parents(path: Path) -> list[Path]:
    out = []
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise OpenError(f"{path}: {parent} is not a folder")
            break
        out.append(parent)
    return out


def _remove_created(path: Path, folders: list[Path]) -> None:
    for p in (path, Path(f"{path}.wal")):
        try:
            p.unlink()
        except OSError:  # not there (or not creatable in the first place)
            pass
    for folder in folders:  # innermost first
        try:
            folder.rmdir()
        except OSError:
            break


def open_writable(db: str | Path, setup: Callable[[duckdb.DuckDBPyConnection], None],
                  timeout: Optional[float] = None,
                  on_wait: Optional[Callable[[str], None]] = None,
                  place: Optional[Callable[[Path], bool]] = None,
                  keep: Optional[Callable[[duckdb.DuckDBPyConnection, Path], None]] = None
                  ) -> duckdb.DuckDBPyConnection:
    """Connect to `db` for writing and run `setup` (migrations, reference data) on it.

    Raises OpenError (one line) for a folder, a non-database file, a lock held longer than
    `timeout` seconds (default: lock_timeout()), or any failure of `setup`; `on_wait` is
    told once, in one line, that the lock is being waited for. A file that does not exist yet
    may first be `place`d (a copy of an empty database, store/template.py); one set up from
    nothing is given to `keep` right after its setup.
    """
    path = Path(db)
    if path.is_dir():
        raise OpenError(f"{db}: is a folder, not a database file")
    existed = path.exists()
    folders = [] if existed else _missing_parents(path)
    limit = lock_timeout() if timeout is None else timeout
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OpenError(f"{db}: cannot create its folder: {exc.strerror or exc}") from None
        placed = not existed and place is not None and place(path)
        con, placed = _connect(str(db), path, limit, on_wait, placed)
        try:
            setup(con)
        except Exception:
            con.close()
            if placed:  # the copy, not the database asked for, failed: set it up from nothing instead
                _remove_created(path, [])
                return open_writable(db, setup, timeout, on_wait, None, None)
            raise
        if not existed and not placed and keep is not None:
            keep(con, path)
        return con
    except BaseException:
        if not existed:
            _remove_created(path, folders)
        raise


def _connect(db: str, path: Path, limit: float, on_wait: Optional[Callable[[str], None]],
             placed: bool) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """Connect, waiting up to `limit` seconds for another process's lock; a placed copy DuckDB refuses is
    removed and the file created from nothing. Returns the connection and whether the copy was kept."""
    deadline = time.monotonic() + limit
    told = False
    while True:
        try:
            return duckdb.connect(db), placed
        except duckdb.IOException as exc:
            locked = "Could not set lock" in str(exc)
            if not locked and placed:  # a damaged copy: from nothing instead
                _remove_created(path, [])
                placed = False
                continue
            if not locked:
                raise OpenError(_reason(db, exc)) from None
            holder = _HOLDER.search(str(exc))
            who = f"another process (PID {holder.group(1)})" if holder else "another process"
            if time.monotonic() >= deadline:
                raise OpenError(f"{db}: locked by {who}; gave up after {limit:g} s") from None
            if on_wait and not told:
                on_wait(f"{db}: locked by {who}; waiting up to {limit:g} s")
                told = True
            time.sleep(0.2)
        except duckdb.Error as exc:
            if placed:  # a damaged copy: set the database up from nothing
                _remove_created(path, [])
                placed = False
                continue
            raise OpenError(_reason(db, exc)) from None
