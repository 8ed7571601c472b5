"""The machine's cache of start-up work (core/cache.py): compiled patterns and parsed rule files.

A cached pattern must be the pattern (same matches, groups, flags); a damaged, foreign or
unwritable cache must only mean doing the work again; PLANS_CACHE_DIR="" turns it off.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import regex

from conftest import CORPUS, REPO

from extractor.core import cache, patterns

SAMPLE = "Sở Văn hóa, Thể thao và Du lịch chủ trì; 70% thư viện cấp xã đến năm 2030; Thư viện tỉnh Lâm Đồng"
PATTERNS = [
    (r"(?<!\p{L})(?P<n>\d{1,3})\s*%\s*(?P<tier>thư\s+viện(?:\s+cấp\s+\w+)?)", regex.IGNORECASE),
    (r"(?i:sở)\s+(?:văn\s+hóa|tài\s+chính)(?:,\s*thể\s+thao\s+và\s+du\s+lịch)?", regex.IGNORECASE | regex.V1),
    (r"năm\s+(20\d\d)", regex.V1),
]


def _matches(p: "regex.Pattern") -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in p.finditer(SAMPLE)]


def _fresh(monkeypatch, tmp_path, name="cache") -> cache.Store:
    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / name))
    store = cache.Store("patterns-test")
    monkeypatch.setattr(patterns, "_store", store)
    return store


def test_a_pattern_from_the_cache_is_the_pattern(monkeypatch, tmp_path):
    store = _fresh(monkeypatch, tmp_path)
    compiled = [patterns.compile(p, f) for p, f in PATTERNS]
    store.save()
    assert store.path().is_file()
    again = cache.Store("patterns-test")  # a later process: everything comes from the file
    monkeypatch.setattr(patterns, "_store", again)
    monkeypatch.setattr(regex, "compile", lambda *a, **k: (_ for _ in ()).throw(AssertionError("compiled")))
    for (p, f), first in zip(PATTERNS, compiled):
        cached = patterns.compile(p, f)
        assert (cached.pattern, cached.flags, cached.groupindex) == (first.pattern, first.flags, first.groupindex)
        assert _matches(cached) == _matches(first) == _matches(regex.Regex(p, f)) != []


def test_a_damaged_cache_file_is_ignored_and_rewritten(monkeypatch, tmp_path):
    store = _fresh(monkeypatch, tmp_path)
    store.path().parent.mkdir(parents=True)
    store.path().write_bytes(b"\x00not marshal")
    p = patterns.compile(*PATTERNS[0])
    at = SAMPLE.index("70%")
    assert _matches(p) == [((at, at + 19), ("70", "thư viện cấp xã"), {"n": "70", "tier": "thư viện cấp xã"})]
    store.save()
    assert cache.Store("patterns-test")._load().keys() == {(PATTERNS[0][0], int(PATTERNS[0][1]))}


def test_a_damaged_entry_is_compiled_again(monkeypatch, tmp_path):
    store = _fresh(monkeypatch, tmp_path)
    key = (PATTERNS[2][0], int(PATTERNS[2][1]))
    store.put(key, ("not", "the", "arguments"))
    at = SAMPLE.index("năm 2030")
    assert _matches(patterns.compile(*PATTERNS[2])) == [((at, at + 8), ("2030",), {})]


def test_an_empty_cache_dir_turns_the_cache_off_and_an_unwritable_one_changes_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANS_CACHE_DIR", "")
    assert cache.cache_folder() is None
    off = cache.Store("patterns-test")
    off.put("k", 1)
    off.save()  # nowhere to write: no error
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("PLANS_CACHE_DIR", str(blocker / "sub"))  # a folder under a file cannot exist
    stuck = cache.Store("patterns-test")
    stuck.put("k", 1)
    stuck.save()
    assert list(tmp_path.iterdir()) == [blocker]


def test_values_marshal_cannot_write_are_not_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path))
    store = cache.Store("t")
    store.put("flag", regex.IGNORECASE)  # an enum member: not plain data
    store.put("ok", (1, "a", [2], {3: "b"}))
    store.save()
    assert cache.Store("t")._load() == {"ok": (1, "a", [2], {3: "b"})}


PROBE = """
import sys, json
from extractor.cli import main
from extractor.core import patterns, rules
try:
    main(["ingest", sys.argv[1], "--db", sys.argv[2], "-q"])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "from_file": len(patterns._store._loaded or {}),
                  "new": patterns._store._dirty, "yaml_new": rules._parsed._dirty}))
"""


def _ingest(tmp_path, n: int) -> dict:
    env = {**os.environ, "PLANS_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(CORPUS / "000_b58f44d980a72fdc.txt"), str(tmp_path / f"{n}.duckdb")],
                          cwd=REPO, capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout.splitlines()[-1])


def test_a_second_ingest_compiles_no_pattern_and_parses_no_rule_file(tmp_path):
    first, second = _ingest(tmp_path, 1), _ingest(tmp_path, 2)
    assert (first["code"], first["from_file"], first["new"], first["yaml_new"]) == (0, 0, True, True)
    assert (second["code"], second["new"], second["yaml_new"]) == (0, False, False)
    assert second["from_file"] > 250  # the rules' patterns, all taken from the file
    names = sorted(p.name for p in (tmp_path / "cache").iterdir())
    # the empty database a new one starts from (store/template.py), kept by the first ingest
    assert [n for n in names if not n.startswith("empty-db-duckdb")] == [
        f"patterns-regex-{regex.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.marshal",
        f"rules-yaml-py{sys.version_info[0]}{sys.version_info[1]}.marshal"]
    assert len(names) == 3
