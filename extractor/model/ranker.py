"""The trained ranker: the rule ranker's features with weights learned from the answer keys.

Training data: every plan with an answer key in the folders given (the corpus and the blind plans)
is read with the rule ranker while a recorder keeps each decision's candidates. A
candidate is right when the answer key has a target with the decided value and unit, a quote
inside the decision's sentence, and the candidate's choice. A logistic regression per decision
(numpy, full-batch gradient descent, L2, fixed iterations: the same data give the same bytes)
learns how much each feature says about a candidate being right; the ranker then scores with
those weights, and extract/ranking.py turns scores into a choice and a confidence as for the
rule ranker. Written to model/weights/ranker.json.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..extract.ranking import Candidate, ranking_rules

EPOCHS = 2000
LEARNING_RATE = 0.5
L2 = 0.05


class LearnedRanker:
    """Scores candidates with learned feature weights (same interface as the rule ranker)."""

    def __init__(self, weights: dict[str, dict[str, float]]):
        self.weights = weights

    @classmethod
    def load(cls, path: Path) -> "LearnedRanker":
        """The ranker saved at `path` (ranker.json)."""
        return cls(json.loads(path.read_text(encoding="utf-8"))["weights"])

    def score(self, decision: str, candidate: Candidate) -> float:
        w = self.weights.get(decision)
        if w is None:  # a decision the model was not trained for: the rule ranker's weights
            from ..extract.ranking import RULE_RANKER

            return RULE_RANKER.score(decision, candidate)
        return w.get("_bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in candidate.features.items())


def _is_right(decision: str, candidate: Candidate, about: dict, gold: list[dict]) -> bool:
    if decision != "year":
        return False
    return any(float(t["value"]) == float(about["value"]) and t["unit"] == about["unit"]
               and t["year"] == candidate.choice and t["quote"] in about["sentence"] for t in gold)


def decisions_of(plan_path: Path, gold: dict) -> list[tuple[str, dict[str, float], bool]]:
    """(decision, features, right?) of every candidate of every decision taken reading one plan."""
    rows: list[tuple[str, dict[str, float], bool]] = []
    targets = gold.get("targets", [])

    def record(decision: str, candidates: list[Candidate], _choice, about: dict) -> None:
        rights = [_is_right(decision, c, about, targets) for c in candidates]
        if any(rights):  # a decision the key cannot judge teaches nothing
            rows.extend((decision, c.features, r) for c, r in zip(candidates, rights))

    _read_targets(plan_path, record)
    return rows


def _read_targets(path: Path, recorder) -> None:
    """Read one plan's targets with the rule ranker, the recorder watching (the pipeline's stages up to targets)."""
    from ..core.models import SegmentedPlan
    from ..extract.targets import extract_targets
    from ..read.normalise import normalise
    from ..read.readers import read_document
    from ..structure.metadata import extract_metadata
    from ..structure.segment import segment

    norm = normalise(read_document(path).text)
    sections, blocks = segment(norm)
    meta, _ = extract_metadata(norm, sections)
    plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks, metadata=meta)
    extract_targets(plan, classifier=None, recorder=recorder)


def fit(rows: Iterable[tuple[str, dict[str, float], bool]]) -> dict[str, dict[str, float]]:
    """Logistic-regression weights per decision, rounded so that the saved file is stable."""
    import numpy as np

    by_decision: dict[str, list[tuple[dict[str, float], bool]]] = {}
    for decision, features, right in rows:
        by_decision.setdefault(decision, []).append((features, right))
    out = {}
    for decision, data in sorted(by_decision.items()):
        names = sorted({k for f, _ in data for k in f})
        x = np.array([[f.get(k, 0.0) for k in names] + [1.0] for f, _ in data])
        y = np.array([1.0 if r else 0.0 for _, r in data])
        # The rule ranker's weights are the prior: with few answer keys the model stays near them and
        # moves only where the keys disagree (L2 towards the prior, not towards zero).
        rule = ranking_rules().decisions[decision].weights if decision in ranking_rules().decisions else {}
        prior = np.array([rule.get(k, 0.0) for k in names] + [0.0])
        w = prior.copy()
        for _ in range(EPOCHS):
            p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
            w -= LEARNING_RATE * (x.T @ (p - y) / len(y) + L2 * np.r_[(w - prior)[:-1], 0.0])
        out[decision] = {**{k: round(float(v), 4) for k, v in zip(names, w[:-1])}, "_bias": round(float(w[-1]), 4)}
    return out


def plans_with_keys(folders: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(plan text, answer key) pairs: a key in <folder>/gold/ or beside its plan."""
    pairs = []
    for folder in folders:
        for key in sorted(list(folder.glob("gold/*.json")) + list(folder.glob("*.json"))):
            plan = next((p for p in (key.parent.parent / f"{key.stem}.txt", key.with_suffix(".txt")) if p.exists()), None)
            if plan is not None:
                pairs.append((plan, key))
    return pairs


def train_ranker(out_dir: Path, folders: Iterable[Path]) -> int:
    """Learn the ranker from every plan with an answer key in `folders`; returns the candidates seen."""
    rows = []
    for plan, key in plans_with_keys(folders):
        rows += decisions_of(plan, json.loads(key.read_text(encoding="utf-8")))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "ranker.json").write_text(json.dumps({"weights": fit(rows), "candidates": len(rows)},
                                                    ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                         encoding="utf-8")
    return len(rows)
