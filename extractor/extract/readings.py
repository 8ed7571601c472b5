"""Choosing between two readings of one list, with the national programme as evidence.

"40% thư viện cấp xã, thư viện lực lượng vũ trang" can mean 40% for both tiers (a shared value,
as in "90% thư viện trường đại học, thư viện chuyên ngành") or 40% for the first and an implicit
100 for the second (a tier named without a number of its own). The text alone does not decide.
Decision 1520/QĐ-TTg (rules/national-1520.yaml) does carry evidence: it sets one value for the
tiers it groups (university and specialized; school, vocational and other education), and plans
localise its values. So a shared reading is taken with full confidence where the programme gives
both tiers the same value for that indicator and year, or where either reading gives the same
row (a value of 100); otherwise the reading whose value is nearer the programme's value for the
bare tier is stored, at a confidence below 0.9, with a warning that names the other reading.
"""
from __future__ import annotations

import functools
from typing import NamedTuple, Optional

from ..core.rules import load_yaml

AMBIGUOUS_CONFIDENCE = 0.7


class Reading(NamedTuple):
    """The value stored for a bare tier, how sure we are, and the reading not taken (None: no doubt)."""

    value: float
    implicit: bool
    confidence: float
    other: Optional[str]


@functools.lru_cache(maxsize=1)
def _national() -> dict[str, dict[int, dict[str, float]]]:
    data = load_yaml("national-1520.yaml").get("targets", {})
    return {ind: {int(y): {k: float(v) for k, v in row.items() if isinstance(v, (int, float))}
                  for y, row in years.items()} for ind, years in data.items()}


def national_value(indicator: str, subject: str, year: Optional[int]) -> Optional[float]:
    """The programme's value for a tier, at the year or, with none, at its horizon.

    >>> national_value("library.lll_services", "armed_forces", 2025)
    80.0
    """
    years = _national().get(indicator, {})
    if not years:
        return None
    row = years.get(year) if year in years else years[max(years)]
    return row.get(subject)


def bare_tier_reading(indicator: str, year: Optional[int], first: str, bare: str, value: float) -> Reading:
    """How to read a tier named without a number right after a valued one (see the module docstring).

    >>> bare_tier_reading("library.lll_services", 2025, "university", "specialized", 90.0).other is None
    True
    >>> r = bare_tier_reading("library.lll_services", 2025, "commune_public", "armed_forces", 40.0)
    >>> (r.value, r.implicit, r.confidence)
    (100.0, True, 0.7)
    """
    if value == 100:
        return Reading(value, False, 1.0, None)
    a, b = national_value(indicator, first, year), national_value(indicator, bare, year)
    if a is None or b is None or a == b:
        return Reading(value, False, 1.0, None)
    if abs(b - 100) < abs(b - value):
        return Reading(100.0, True, AMBIGUOUS_CONFIDENCE, f"{value:g}% shared with {first}")
    return Reading(value, False, AMBIGUOUS_CONFIDENCE, f"an implicit 100% for {bare}")
