"""Funding sources named in the funding part of a plan (rules/funding.yaml).

Only sections of kind 'funding' are read (socialisation written as a task is
not a funding source). One row per source, at its first mention, with the
exact quote and its span in the normalised text.
"""
from __future__ import annotations

import functools

import regex
from pydantic import BaseModel, field_validator

from ..core import patterns
from ..core.models import Funding, SegmentedPlan
from ..core.rules import load_rules
from ..core.taxonomy import require_known


class _Example(BaseModel):
    text: str
    source: str
    quote: str


class _FundingRules(BaseModel):
    sources: dict[str, list[str]]
    examples: list[_Example] = []
    counterexamples: list[str] = []

    @field_validator("sources")
    @classmethod
    def _known(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        require_known(v, "funding_sources", "funding")
        return v


@functools.lru_cache(maxsize=1)
def _rules() -> list[tuple[str, regex.Pattern]]:
    r = load_rules("funding.yaml", _FundingRules)
    return [
        (code, patterns.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{p.replace(' ', chr(92) + 's+')})(?![\p{{L}}\p{{N}}])",
                             regex.IGNORECASE))
        for code, pats in r.sources.items() for p in pats
    ]


def rules() -> _FundingRules:
    """The validated rule file (for tests)."""
    return load_rules("funding.yaml", _FundingRules)


def find_sources(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(source, start, end) of every funding-source mention in text[start:end]; longest match wins.

    >>> [code for code, _, _ in find_sources("Ngân sách nhà nước và các nguồn kinh phí hợp pháp khác")]
    ['state_budget', 'other_legal']
    """
    end = len(text) if end is None else end
    cands = [(m.start(), m.end(), code) for code, rx in _rules() for m in rx.finditer(text, start, end)]
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str]] = []
    for c in cands:
        if all(c[1] <= s or c[0] >= e for s, e, _ in taken):
            taken.append(c)
    return [(code, s, e) for s, e, code in sorted(taken)]


def extract_funding(plan: SegmentedPlan) -> list[Funding]:
    """Funding sources named in the funding section(s), first mention of each."""
    spans = []
    for s in plan.sections:
        if s.kind != "funding":
            continue
        if spans and spans[-1][0] <= s.start_char < spans[-1][1]:
            continue  # a sub-section of a funding section already read
        spans.append((s.start_char, s.end_char, s.kind_confidence))
    seen: dict[str, Funding] = {}
    for s, e, conf in spans:
        # A part found to be about funding by its content or place, not its heading words, gives
        # its sources at that part's (lower) confidence.
        for code, a, b in find_sources(plan.text, s, e):
            if code not in seen:
                seen[code] = Funding(source=code, quote=plan.text[a:b], start_char=a, end_char=b, confidence=conf)
    return sorted(seen.values(), key=lambda f: f.start_char)
