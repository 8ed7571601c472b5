"""Where the shipped model lives, its fingerprint, and the switch to run rules only."""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "weights"


def model_fingerprint() -> str:
    """Hash of the shipped model files; 'none' when there is no model."""
    files = sorted(p for p in MODEL_DIR.rglob("*") if p.is_file()) if MODEL_DIR.exists() else []
    if not files:
        return "none"
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(MODEL_DIR).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def model_available() -> bool:
    """True when the trained classifiers are installed."""
    return (MODEL_DIR / "indicator" / "meta.json").exists() and (MODEL_DIR / "tier" / "meta.json").exists()


@functools.lru_cache(maxsize=1)
def _load():
    from .classifier import Classifier

    return Classifier(MODEL_DIR)


class _Lazy:
    """Loads spaCy and the model only on the first statement the rules cannot classify."""

    def __call__(self, text, sector, unit):
        return _load()(text, sector, unit)

    def tier_of(self, phrase, sector=None):
        return _load().tier_of(phrase, sector)


def default_classifier():
    """The shipped classifier, or None when absent or when PLANS_NO_MODEL=1 (rules only)."""
    if os.environ.get("PLANS_NO_MODEL") == "1" or not model_available():
        return None
    return _Lazy()


@functools.lru_cache(maxsize=1)
def _load_ranker():
    from .ranker import LearnedRanker

    return LearnedRanker.load(MODEL_DIR / "ranker.json")


def default_ranker():
    """The trained ranker, or None (the rule-priority ranker) when absent or when PLANS_NO_MODEL=1."""
    if os.environ.get("PLANS_NO_MODEL") == "1" or not (MODEL_DIR / "ranker.json").exists():
        return None
    return _load_ranker()
