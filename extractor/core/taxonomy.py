"""The reference taxonomy (rules/taxonomy.yaml): indicator, tier, agency and funding codes."""
from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from .rules import load_rules


class Indicator(BaseModel):
    sector: str
    unit: str
    meaning: str
    cues: list[str] = []


class Taxonomy(BaseModel):
    sectors: dict[str, str]
    indicators: dict[str, Indicator]
    subjects: dict[str, str]
    agencies: dict[str, str]
    funding_sources: dict[str, str]
    section_kinds: dict[str, str]


@functools.lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The validated taxonomy."""
    return load_rules("taxonomy.yaml", Taxonomy)


def require_known(codes, kind: str, label: str) -> None:
    """Raise ValueError when `codes` holds any not in the taxonomy's `kind` ("agencies", "funding_sources")."""
    unknown = sorted(set(codes) - set(getattr(taxonomy(), kind)))
    if unknown:
        raise ValueError(f"{label} codes not in taxonomy.yaml: {', '.join(unknown)}")


def agency_names() -> dict[str, str]:
    """Agency code -> canonical Vietnamese name (the first name the taxonomy gives)."""
    return {code: desc.split(";")[0].split("(")[0].strip() for code, desc in taxonomy().agencies.items()}


def indicator(code: str) -> Indicator:
    """The taxonomy entry of an indicator code; `other.*` codes not listed get sector 'other'."""
    tx = taxonomy().indicators
    if code in tx:
        return tx[code]
    return Indicator(sector=code.split(".")[0] if code.split(".")[0] in taxonomy().sectors else "other",
                     unit="count", meaning="quantity fitting no known indicator")


def as_dict() -> dict[str, Any]:
    """The taxonomy as plain data (for reports)."""
    return taxonomy().model_dump()
