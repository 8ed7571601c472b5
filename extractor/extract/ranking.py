"""Rules propose, a ranker chooses: the one place where a reading is picked among candidates.

A decision (which year dates a value, ...) has candidates, each proposed by named composition
rules and described by features (rules/ranking.yaml lists them with examples). A ranker scores
every candidate; the choice is the best, and its confidence is its share of the softmax over all
candidates (so the margin over the runner-up) times the reliability of the rule that proposed it.
Two rankers emit the same thing: the fixed rule-priority ranker (weights in rules/ranking.yaml,
used with no model) and the trained one (model/ranker.py, the same features with learned
weights), which the pipeline passes in. A recorder may watch every decision (training).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Protocol

from pydantic import BaseModel

from ..core.rules import load_rules


@dataclass(frozen=True)
class Candidate:
    """One reading of a decision: what it chooses, the rules that proposed it, its features."""

    choice: Any
    rules: tuple[str, ...]
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Choice:
    """The chosen candidate, its confidence, and the runner-up (None when there was no other)."""

    best: Candidate
    confidence: float
    runner_up: Optional[Candidate]


class Ranker(Protocol):
    """Scores a candidate of a decision (higher is better)."""

    def score(self, decision: str, candidate: Candidate) -> float: ...


class _Decision(BaseModel):
    weights: dict[str, float]
    reliability: dict[str, float] = {}


class _RankingRules(BaseModel):
    decisions: dict[str, _Decision]
    examples: list[dict] = []
    counterexamples: list[dict] = []


@functools.lru_cache(maxsize=1)
def ranking_rules() -> _RankingRules:
    """rules/ranking.yaml, validated."""
    return load_rules("ranking.yaml", _RankingRules)


class RulePriorityRanker:
    """The fixed ranker: a weighted sum of features with the weights of rules/ranking.yaml."""

    def score(self, decision: str, candidate: Candidate) -> float:
        w = ranking_rules().decisions[decision].weights
        return sum(w.get(k, 0.0) * v for k, v in candidate.features.items())


RULE_RANKER = RulePriorityRanker()
# Called with (decision, candidates, choice, about) for every decision taken, `about` describing
# what was decided (the value and its sentence); used to build the trained ranker's data.
Recorder = Callable[[str, list[Candidate], Choice, dict], None]


def choose(decision: str, candidates: list[Candidate], ranker: Optional[Ranker] = None,
           recorder: Optional[Recorder] = None, about: Optional[dict] = None) -> Choice:
    """The best candidate and how sure the ranker is of it.

    >>> c = choose("year", [Candidate(2025, ("year_tight_before",), {"tight_before": 1.0, "last_before": 1.0}),
    ...                     Candidate(2030, ("year_elsewhere",), {"elsewhere": 1.0})])
    >>> c.best.choice, c.confidence, c.runner_up.choice
    (2025, 1.0, 2030)
    """
    ranker = ranker or RULE_RANKER
    scores = [ranker.score(decision, c) for c in candidates]
    top = max(scores)
    # Candidates that choose the same thing (two mentions of one year) pool their probability.
    mass: dict[Any, float] = {}
    lead: dict[Any, int] = {}
    for i, (c, s) in enumerate(zip(candidates, scores)):
        mass[c.choice] = mass.get(c.choice, 0.0) + math.exp(s - top)
        if c.choice not in lead or s > scores[lead[c.choice]]:
            lead[c.choice] = i
    order = sorted(mass, key=lambda k: (-mass[k], -scores[lead[k]]))
    best = candidates[lead[order[0]]]
    reliability = ranking_rules().decisions[decision].reliability
    cap = min([reliability.get(r, 1.0) for r in best.rules] or [1.0])
    choice = Choice(best, round(mass[order[0]] / sum(mass.values()) * cap, 3),
                    candidates[lead[order[1]]] if len(order) > 1 else None)
    if recorder is not None:
        recorder(decision, candidates, choice, about or {})
    return choice
