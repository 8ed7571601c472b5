"""Vietnam's provincial-level units from a maintained source: the `vietnamadminunits` package.

It ships its data (no download at run time) and knows both maps: the 63 units before the 2025
reorganisation, on which every plan implementing Decision 1520/QĐ-TTg was written, and the 34
after it (Resolution 202/2025/QH15). rules/provinces.yaml keeps only what the package lacks: the
spellings plans use, the prefixes in front of a name, the legal source.

>>> [u for u in legacy_units() if u.name == "Bắc Kạn"]
[Unit(name='Bắc Kạn', kind='tinh', current='Thái Nguyên')]
>>> len(legacy_units()), len(current_units())
(63, 34)

Importing the package costs about 0.3 s (it builds its address parsers on import), more than the
rest of a one-plan ingest. So both lists are kept in ``admin_units.json`` beside this module,
tagged with the package version they came from, and read from there when the installed version
is the same; any other version is read live. ``python -m extractor.structure.admin_units``
rewrites the snapshot (tests/structure/test_admin_units.py checks it matches the package).
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

SNAPSHOT = Path(__file__).with_name("admin_units.json")
_PACKAGE = "vietnamadminunits"

_CITY = "Thành phố "  # a centrally-run city's full name; provinces are "Tỉnh ..."


class Unit(NamedTuple):
    name: str  # short name, NFC, no "Tỉnh"/"Thành phố" ("Bà Rịa - Vũng Tàu", "Huế")
    kind: str  # tinh | thanh_pho
    current: str  # the post-2025 unit it belongs to (itself when not merged)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(s.split()))


def _kind(full_name: str) -> str:
    return "thanh_pho" if full_name.startswith(_CITY) else "tinh"


def _installed_version() -> str | None:
    try:
        return metadata.version(_PACKAGE)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def _snapshot() -> dict | None:
    """The stored lists when they come from the installed package version, else None."""
    try:
        data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("version") == _installed_version() else None


@lru_cache(maxsize=1)
def legacy_units() -> tuple[Unit, ...]:
    """The 63 pre-2025 units in the order of their official codes (north to south)."""
    snap = _snapshot()
    if snap is not None:
        return tuple(Unit(*u) for u in snap["legacy"])
    return _live_legacy()


@lru_cache(maxsize=1)
def current_units() -> tuple[tuple[str, str], ...]:
    """(name, kind) of the 34 units formed on 1 July 2025, in the order of their codes."""
    snap = _snapshot()
    if snap is not None:
        return tuple((n, k) for n, k in snap["current"])
    return _live_current()


def _live_legacy() -> tuple[Unit, ...]:
    from vietnamadminunits import convert_address
    from vietnamadminunits.database import get_data

    rows = get_data(fields=["province", "provinceShort", "provinceCode"], table="admin_units_legacy")
    out = []
    for r in sorted(rows, key=lambda r: r["provinceCode"]):
        current = convert_address(r["province"]).short_province
        out.append(Unit(_nfc(r["provinceShort"]), _kind(r["province"]), _nfc(current)))
    return tuple(out)


def _live_current() -> tuple[tuple[str, str], ...]:
    from vietnamadminunits.database import get_data

    rows = get_data(fields=["province", "provinceShort", "provinceCode"], table="admin_units")
    return tuple((_nfc(r["provinceShort"]), _kind(r["province"])) for r in sorted(rows, key=lambda r: r["provinceCode"]))


def write_snapshot(path: Path = SNAPSHOT) -> Path:
    """Store both lists, read live from the installed package, with its version."""
    def rows(items) -> str:  # one unit a line, so that a package update shows as a readable diff
        return ",\n".join("  " + json.dumps(list(i), ensure_ascii=False) for i in items)

    path.write_text(f'{{"version": {json.dumps(_installed_version())},\n"legacy": [\n{rows(_live_legacy())}\n],\n'
                    f'"current": [\n{rows(_live_current())}\n]}}\n', encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_snapshot())
