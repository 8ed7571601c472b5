"""Compile the rules' regular expressions once per machine, not once per process.

The `regex` module parses and optimises a pattern in pure Python: the ~300 patterns built from
rules/ (agency names, tiers, provinces) cost ~0.15 s of every command's start, more than the
parse of a plan. The result of that work is plain data (the program's opcodes as ints, the group
tables) that `_regex.compile` turns into a pattern object in microseconds. `compile` keeps that
data in the machine's cache (core/cache.py), keyed by pattern text and flags, so a later
process skips the parse. The opcodes are the module's internals, so the cache file is named
after the `regex` version; a damaged entry is compiled again.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator, List

import regex
from regex import _main as _regex_main

from .cache import Store

_store = Store(f"patterns-regex-{regex.__version__}")
_NAMED_LISTS = 5  # where `_regex.compile` takes the pattern's named lists among its arguments


@contextlib.contextmanager
def _recording(calls: List[tuple]) -> Iterator[None]:
    """Catch the arguments `regex` passes to its C compiler (one call per pattern)."""
    real = _regex_main._regex

    class _Recorder:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        @staticmethod
        def compile(*args: Any) -> Any:
            calls.append(args)
            return real.compile(*args)

    _regex_main._regex = _Recorder()
    try:
        yield
    finally:
        _regex_main._regex = real


def compile(pattern: str, flags: int = 0) -> "regex.Pattern":
    """`regex.compile(pattern, flags)`, from the machine's cache of compiled patterns when it can."""
    key = (pattern, int(flags))
    args = _store.get(key)
    if args is not None:
        try:
            return _regex_main._regex.compile(*args)
        except Exception:  # a damaged entry: compile it again below
            _store.forget(key)
    calls: List[tuple] = []
    with _recording(calls):
        compiled = regex.compile(pattern, flags, cache_pattern=False)
    if len(calls) == 1 and not calls[0][_NAMED_LISTS]:  # named lists hold sets of the caller's: not kept
        # ints, not RegexFlags: marshal writes only plain data
        _store.put(key, tuple(int(a) if isinstance(a, int) else a for a in calls[0]))
    return compiled
