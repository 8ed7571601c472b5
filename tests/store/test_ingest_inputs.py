"""What a folder holds is never skipped silently: unreadable folders, symlink loops, broken links and
the same bytes under two names are reported in one line each (read/files.py, store/ingest.py)."""
from __future__ import annotations

import os
import shutil

import duckdb
from click.testing import CliRunner

from conftest import CORPUS

from extractor.cli import main
from extractor.read import files
from extractor.store.ingest import ingest

A = CORPUS / "000_b58f44d980a72fdc.txt"
B = CORPUS / "001_3bcbbe7dd41cd4f4.txt"


def _folder(tmp_path):
    plans = tmp_path / "plans"
    (plans / "sub").mkdir(parents=True)
    shutil.copy(A, plans / "a.txt")
    shutil.copy(B, plans / "sub" / "b.txt")
    return plans


def test_a_folder_that_cannot_be_read_is_reported(tmp_path, monkeypatch):
    # The suite runs as root, which reads any folder: the refusal is simulated where files.py lists folders.
    plans = _folder(tmp_path)
    (plans / "locked").mkdir()
    real = os.scandir

    def scandir(path):
        if os.fspath(path) == str(plans / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    summary = ingest([plans], tmp_path / "p.duckdb")
    assert summary.failures == [f"{plans / 'locked'}: cannot read folder: Permission denied"]
    assert (summary.plans, summary.inserted) == (2, 2)


def test_symlink_loops_and_broken_links_are_reported_and_not_followed(tmp_path):
    plans = _folder(tmp_path)
    (plans / "sub" / "back").symlink_to(plans, target_is_directory=True)  # a loop through a folder
    (plans / "self.txt").symlink_to(plans / "self.txt")  # a link to itself
    (plans / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(CORPUS / "003_8187f21f6afde94e.txt", other / "c.txt")
    (plans / "linked").symlink_to(other, target_is_directory=True)  # not a loop: walked
    errors: list[str] = []
    found = list(files.iter_plan_files([plans], on_error=errors.append))
    assert found == [plans / "a.txt", plans / "linked" / "c.txt", plans / "sub" / "b.txt"]
    assert errors == [
        f"{plans / 'gone.txt'}: broken symbolic link: points to {tmp_path / 'nowhere.txt'}",
        f"{plans / 'self.txt'}: symlink loop: not followed",
        f"{plans / 'sub' / 'back'}: symlink loop: leads back to {plans}; not followed",
    ]


def test_iter_plan_files_raises_on_what_it_cannot_walk_when_no_one_listens(tmp_path):
    plans = _folder(tmp_path)
    (plans / "sub" / "back").symlink_to(plans, target_is_directory=True)
    try:
        list(files.iter_plan_files([plans]))
    except OSError as exc:
        assert str(exc) == f"{plans / 'sub' / 'back'}: symlink loop: leads back to {plans}; not followed"
    else:
        raise AssertionError("no error")


def test_the_same_bytes_under_two_names_are_reported_and_counted_once(tmp_path):
    plans = _folder(tmp_path)
    shutil.copy(A, plans / "sub" / "a_copy.txt")
    db = tmp_path / "p.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(plans), "--db", str(db)])
    assert result.exit_code == 1
    assert [l for l in result.output.splitlines() if l.startswith("error: ")] == [
        f"error: {plans / 'sub' / 'a_copy.txt'}: same content as {plans / 'a.txt'}; stored once"]
    counts = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM documents").fetchall()
    assert counts == [(2,)]
    summary = ingest([plans], db)  # again: both known, still counted once
    assert (summary.plans, summary.unchanged, summary.failed) == (2, 2, 1)
