"""A new database starts as a copy of an empty one kept in the machine's cache.

Creating a database runs every migration and fills the reference tables: ~60 ms of a one-plan
ingest's ~0.45 s, the same work for every new file. The first new database a machine creates is
copied, right after that setup and before any plan is written, to the cache folder
(core/cache.py); a later new database is a copy of it, which the normal open then finds migrated
and loaded. The copy's name holds everything its content depends on (the DuckDB version, the
schema version, the code version and the rule files' fingerprint), so a changed migration or
rule file makes a new one. No cache folder, or a damaged or missing copy, only costs time.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

import duckdb

from .. import __version__
from ..core.cache import cache_folder
from ..core.rules import rules_fingerprint
from . import schema


def template_path() -> Optional[Path]:
    """Where the empty database for this code, these rules and this DuckDB is kept (None: cache off)."""
    folder = cache_folder()
    if folder is None:
        return None
    migrations = "".join(f"{v}{sql}" for v, _, sql in schema.MIGRATIONS)  # read now: a test may shorten them
    key = hashlib.sha256(f"{__version__}+{rules_fingerprint()}+{migrations}".encode()).hexdigest()[:16]
    return folder / f"empty-db-duckdb{duckdb.__version__}-s{schema.MIGRATIONS[-1][0]}-{key}.duckdb"


def place(path: Path) -> bool:
    """Put a copy of the empty database at `path`, which must not exist; True if it did."""
    source = template_path()
    if source is None or not _looks_like_duckdb(source):
        return False
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # as DuckDB would have created it, not mkstemp's 0600
        os.link(tmp, path)  # fails if another process created the file meanwhile: it is theirs then
        return True
    except OSError:
        return False
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _looks_like_duckdb(path: Path) -> bool:
    """A file with DuckDB's magic bytes: anything else (a damaged copy) is set aside, never placed."""
    try:
        with open(path, "rb") as f:
            return f.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def keep(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Keep the database at `path`, just set up and still empty, as the copy later new ones start from."""
    target = template_path()
    if target is None or target.exists():
        return
    tmp = None
    try:
        con.execute("CHECKPOINT")  # everything in the file, nothing left in the WAL
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
        os.close(fd)
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
        tmp = None
    except (OSError, duckdb.Error):
        pass  # no copy kept: the next new database is set up the slow way
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
