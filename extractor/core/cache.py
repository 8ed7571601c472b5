"""A per-machine cache of start-up work, as plain data in `marshal` files under the user's cache folder.

Every command used to redo the same work before it could start: parse the rule files' YAML and
compile ~300 regular expressions from them (~0.2 s of a one-plan ingest's ~0.6 s). Both results
are plain data keyed by the text they came from (a rule file's bytes, a pattern's text), so a
later process can take them from here instead. Files are named after the Python version (and
whatever else the caller's data depends on); a missing, damaged or unwritable file only means
doing the work as before. `PLANS_CACHE_DIR` chooses the folder; set to "" it turns the cache off.
"""
from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Hashable, Optional

# Entries kept from earlier processes before the ones this process did not use are dropped: every
# process reads the whole file, so stale entries (rule files since edited) cost start-up time.
_MAX_KEPT = 4000


def cache_folder() -> Optional[Path]:
    """The cache folder, or None when the cache is off."""
    folder = os.environ.get("PLANS_CACHE_DIR")
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = str(Path(base) / "plans")
    return Path(folder) if folder else None


class Store:
    """One cache file: a dict read on first use, written back at exit when this process added to it."""

    def __init__(self, name: str, max_kept: int = _MAX_KEPT):
        self.max_kept = max_kept
        self.name = f"{name}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"
        self._loaded: Optional[Dict[Hashable, Any]] = None
        self._used: Dict[Hashable, Any] = {}
        self._dirty = False
        atexit.register(self.save)

    def path(self) -> Optional[Path]:
        folder = cache_folder()
        return folder / self.name if folder else None

    def _load(self) -> Dict[Hashable, Any]:
        if self._loaded is None:
            self._loaded = {}
            path = self.path()
            try:
                data = marshal.loads(path.read_bytes()) if path else {}
                if isinstance(data, dict):
                    self._loaded = data
            except (OSError, ValueError, EOFError, TypeError):
                pass  # absent or damaged: the work is done as usual and a new file written
        return self._loaded

    def get(self, key: Hashable) -> Any:
        """The value kept for `key`, or None."""
        value = self._used.get(key)
        if value is None:
            value = self._load().get(key)
            if value is not None:
                self._used[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value` for `key`: plain data only, anything `marshal` cannot write is not kept."""
        try:
            marshal.dumps((key, value))
        except ValueError:
            return
        self._used[key] = value
        self._dirty = True

    def forget(self, key: Hashable) -> None:
        """Drop an entry found unusable."""
        self._used.pop(key, None)
        self._load().pop(key, None)
        self._dirty = True

    def save(self) -> None:
        """Write the file when this process added entries (atomically: parallel writers leave one whole file)."""
        path = self.path()
        if not self._dirty or path is None:
            return
        kept = dict(self._load())
        if len(kept) + len(self._used) > self.max_kept:
            kept = {}
        kept.update(self._used)
        tmp = None
        try:
            data = marshal.dumps(kept)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{self.name}-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
            self._dirty = False
        except (OSError, ValueError):
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
