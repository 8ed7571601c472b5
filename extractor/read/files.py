"""Which files a list of paths names: folders walked, and every folder or link that cannot be walked said so.

A folder that cannot be listed, a symbolic link that leads back into a folder being walked
(a loop), and a link that points nowhere are reported through ``on_error`` as one line,
``"<path>: <reason>"``, instead of vanishing. Linked folders that are not loops are walked.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")

OnError = Callable[[str], None]


def _skipped(name: str) -> bool:
    """Hidden entries and Office lock files (``~$plan.docx``) are not plans."""
    return name.startswith((".", "~$"))


def _walk(folder: Path, ancestors: tuple[tuple[int, int], ...], on_error: OnError, out: list[Path]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        on_error(f"{folder}: cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if _skipped(entry.name):
            continue
        path = folder / entry.name
        try:
            st = entry.stat()  # follows links
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                on_error(f"{path}: symlink loop: not followed")
            elif entry.is_symlink():
                on_error(f"{path}: broken symbolic link: points to {os.readlink(path)}")
            else:
                on_error(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        if entry.is_dir():
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                on_error(f"{path}: symlink loop: leads back to {os.path.realpath(path)}; not followed")
                continue
            _walk(path, ancestors + (key,), on_error, out)
        elif entry.is_file() and Path(entry.name).suffix.lower() in SUPPORTED_EXTENSIONS:
            out.append(path)


def iter_plan_files(paths: Iterable[str | Path], on_error: Optional[OnError] = None) -> Iterator[Path]:
    """Expand folders recursively (sorted, supported extensions only); yield named files as given.

    A file named explicitly is yielded even if missing or unsupported, so that
    read_document reports it instead of it vanishing silently. Inside folders, hidden
    entries and Office lock files (``~$plan.docx``) are skipped: they are not plans.
    What cannot be walked goes to `on_error` (by default: raised as OSError).
    """
    def default(message: str) -> None:
        raise OSError(message)

    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        st = path.stat()
        found: list[Path] = []
        _walk(path, ((st.st_dev, st.st_ino),), on_error or default, found)
        yield from sorted(found)
