"""Vietnam's provincial-level units from a maintained source: the `vietnamadminunits` package.

It ships its data (no download at run time) and knows both maps: the 63 units before the 2025
reorganisation, on which every plan implementing Decision 1520/QĐ-TTg was written, and the 34
after it (Resolution 202/2025/QH15). rules/provinces.yaml keeps only what the package lacks: the
spellings plans use, the prefixes in front of a name, the legal source.

>>> [u for u in legacy_units() if u.name == "Bắc Kạn"]
[Unit(name='Bắc Kạn', kind='tinh', current='Thái Nguyên')]
>>> len(legacy_units()), len(current_units())
(63, 34)
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

_CITY = "Thành phố "  # a centrally-run city's full name; provinces are "Tỉnh ..."


class Unit(NamedTuple):
    name: str  # short name, NFC, no "Tỉnh"/"Thành phố" ("Bà Rịa - Vũng Tàu", "Huế")
    kind: str  # tinh | thanh_pho
    current: str  # the post-2025 unit it belongs to (itself when not merged)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(s.split()))


def _kind(full_name: str) -> str:
    return "thanh_pho" if full_name.startswith(_CITY) else "tinh"


@lru_cache(maxsize=1)
def legacy_units() -> tuple[Unit, ...]:
    """The 63 pre-2025 units in the order of their official codes (north to south)."""
    from vietnamadminunits import convert_address
    from vietnamadminunits.database import get_data

    rows = get_data(fields=["province", "provinceShort", "provinceCode"], table="admin_units_legacy")
    out = []
    for r in sorted(rows, key=lambda r: r["provinceCode"]):
        current = convert_address(r["province"]).short_province
        out.append(Unit(_nfc(r["provinceShort"]), _kind(r["province"]), _nfc(current)))
    return tuple(out)


@lru_cache(maxsize=1)
def current_units() -> tuple[tuple[str, str], ...]:
    """(name, kind) of the 34 units formed on 1 July 2025, in the order of their codes."""
    from vietnamadminunits.database import get_data

    rows = get_data(fields=["province", "provinceShort", "provinceCode"], table="admin_units")
    return tuple((_nfc(r["provinceShort"]), _kind(r["province"])) for r in sorted(rows, key=lambda r: r["provinceCode"]))
