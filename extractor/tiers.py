"""Find institution tiers (the subject of a share target) in text, from rules/tiers.yaml."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex
from pydantic import BaseModel

from .rules import load_rules


class _Tier(BaseModel):
    sector: str
    patterns: list[str]
    city_patterns: list[str] = []  # only in centrally-run cities
    province_patterns: list[str] = []  # only in provinces


class _TierRules(BaseModel):
    tiers: dict[str, _Tier]
    examples: list[dict] = []
    counterexamples: list[str] = []


@dataclass(frozen=True)
class TierMention:
    code: str
    sector: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _tier_rules() -> _TierRules:
    return load_rules("tiers.yaml", _TierRules)


def spaced(pattern: str) -> str:
    """A phrase pattern that also matches when PDF extraction glued its words ("thưviện").

    >>> bool(regex.fullmatch(spaced("thư viện tỉnh"), "thưviện tỉnh"))
    True
    """
    return pattern.replace(" ", r"\s*")


@functools.lru_cache(maxsize=2)
def _compiled(city: bool) -> list[tuple[str, str, regex.Pattern]]:
    out = []
    for code, tier in _tier_rules().tiers.items():
        pats = tier.patterns + (tier.city_patterns if city else tier.province_patterns)
        for p in pats:
            out.append((code, tier.sector, regex.compile(rf"(?<!\p{{L}})(?:{spaced(p)})(?!\p{{L}})", regex.IGNORECASE)))
    return out


def tier_sector(code: str) -> str:
    """Sector of a tier code."""
    return _tier_rules().tiers[code].sector


def find_tiers(text: str, city: bool = False) -> list[TierMention]:
    """Non-overlapping tier mentions, longest match first, in text order.

    >>> [m.code for m in find_tiers("90% thư viện trường đại học, thư viện chuyên ngành")]
    ['university', 'specialized']
    """
    cands = []
    for code, sector, rx in _compiled(city):
        for m in rx.finditer(text):
            cands.append(TierMention(code, sector, m.start(), m.end()))
    cands.sort(key=lambda t: (-(t.end - t.start), t.start))
    taken: list[TierMention] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda t: t.start)
