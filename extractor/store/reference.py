"""Reference data: the national baseline of Decision 1520/QĐ-TTg and the province list.

The tables (``national_targets``, ``provinces``, ``reference_sources``) are
created by migration 2 in :mod:`extractor.schema`; this module only fills them
from ``rules/national-1520.yaml`` and ``rules/provinces.yaml``. It is called by
``store.connect`` on every writable open and is idempotent: when the tables
already hold exactly the rows of the rule files nothing is written.

>>> rows = national_rows()
>>> ("library.digital", "armed_forces", 2030, 100.0, None, "percent") in [r[:6] for r in rows]
True
>>> ("library.user_growth", None, 2030, 10.0, 15.0, "percent_per_year") in [r[:6] for r in rows]
True
>>> [r for r in province_rows() if r[0] == "Bắc Kạn"][0][:3]
('Bắc Kạn', 'tinh', 'Thái Nguyên')
"""
from __future__ import annotations

from typing import Optional, Union

import duckdb
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .bulk import insert_rows
from ..structure.provinces import all_provinces, cached_rules as load_province_rules, rules_path as province_rules_path
from ..core.rules import RuleFileError, load_rules, rules_dir
from ..core.taxonomy import taxonomy

__all__ = ["NationalTargets", "national_rows", "province_rows", "source_rows", "load_reference"]

NATIONAL_FILE = "national-1520.yaml"
UNITS = ("percent", "percent_per_year", "count", "count_per_year")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Growth(_Model):
    """A target with no tier (growth rates): ``{value: 10, value_max: 15, unit: percent_per_year}``."""

    value: float
    value_max: Optional[float] = None
    unit: str

    @model_validator(mode="after")
    def _check(self) -> "Growth":
        if self.unit not in UNITS:
            raise ValueError(f"unit {self.unit!r} is not one of {', '.join(UNITS)}")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError(f"value_max {self.value_max} is below value {self.value}")
        return self


YearEntry = Union[Growth, dict[str, float]]


class NationalTargets(_Model):
    """``rules/national-1520.yaml``: indicator -> year -> {tier: percent} or a growth entry."""

    decision: str = Field(min_length=1)
    issued_on: str = Field(min_length=1)
    targets: dict[str, dict[int, YearEntry]] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_exist(self) -> "NationalTargets":
        tx = taxonomy()
        for code, years in self.targets.items():
            if code not in tx.indicators:
                raise ValueError(f"targets.{code}: not an indicator of taxonomy.yaml")
            for year, entry in years.items():
                if isinstance(entry, dict):
                    for tier in entry:
                        if tier not in tx.subjects:
                            raise ValueError(f"targets.{code}.{year}.{tier}: not a tier (subject) of taxonomy.yaml")
        return self


def national_targets() -> NationalTargets:
    """The validated national baseline (raises :class:`RuleFileError` naming file and key)."""
    try:
        return load_rules(NATIONAL_FILE, NationalTargets)
    except ValueError as exc:  # a validator's message already names the key
        if isinstance(exc, RuleFileError):
            raise
        raise RuleFileError(f"{rules_dir() / NATIONAL_FILE}: {exc}") from None


def national_rows() -> list[tuple]:
    """Rows of ``national_targets``: (indicator, subject, year, value, value_max, unit, ord), in decision order."""
    rows: list[tuple] = []
    for code, years in national_targets().targets.items():
        for year, entry in years.items():
            if isinstance(entry, Growth):
                rows.append((code, None, year, float(entry.value),
                             None if entry.value_max is None else float(entry.value_max), entry.unit))
            else:
                rows.extend((code, tier, year, float(v), None, "percent") for tier, v in entry.items())
    return [(*r, i) for i, r in enumerate(rows)]


def province_rows() -> list[tuple]:
    """Rows of ``provinces``: (province, kind, province_current, ord), in file order (north to south)."""
    return [(p.name, p.kind, p.merged_into_2025, i) for i, p in enumerate(all_provinces())]


def source_rows() -> list[tuple]:
    """Rows of ``reference_sources``: where each reference table's facts come from."""
    nat = national_targets()
    return [
        ("national_targets", f"Decision {nat.decision} of {nat.issued_on}", NATIONAL_FILE),
        ("provinces", " ".join(load_province_rules().source.split()), province_rules_path().name),
    ]


_TABLES = {
    "national_targets": ("indicator, subject, year, value, value_max, unit, ord", national_rows),
    "provinces": ("province, kind, province_current, ord", province_rows),
    "reference_sources": ("dataset, source, rule_file", source_rows),
}


def load_reference(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)load the reference tables from the rule files; returns True when anything was rewritten.

    One transaction; a table already equal to its rule file is left untouched,
    so opening a database repeatedly writes nothing.
    """
    wanted = {name: sorted(fn(), key=repr) for name, (_, fn) in _TABLES.items()}
    stale = [
        name for name, (cols, _) in _TABLES.items()
        if sorted(con.execute(f"SELECT {cols} FROM {name}").fetchall(), key=repr) != wanted[name]
    ]
    if not stale:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        for name in stale:
            cols = _TABLES[name][0]
            con.execute(f"DELETE FROM {name}")
            insert_rows(con, name, [c.strip() for c in cols.split(",")], wanted[name])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return True
