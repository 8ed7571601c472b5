"""The statistical fallback: spaCy text classifiers trained from the repository's own annotated data.

Two classifiers over a blank Vietnamese pipeline (whitespace syllables, no
download): `indicator` labels a target statement with a taxonomy indicator,
`tier` labels an institution phrase with a tier code. They are consulted only
where the rules find no cue, and every row they produce says method='model'
with the model's confidence. Training data: the sentences of the gold answer
keys (corpus/gold) and the examples of rules/indicators.yaml, rules/tiers.yaml
and rules/targets.yaml. Digits are masked so the model learns wording, not numbers.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterable, Optional

import regex

from ..core import patterns
from ..core.rules import load_yaml

_DIGITS = patterns.compile(r"\d+")


def mask(text: str) -> str:
    """Lower-case text with every number replaced by 0.

    >>> mask("Đạt 70% thư viện")
    'đạt 0% thư viện'
    """
    return _DIGITS.sub("0", text.lower())


def blank_nlp():
    """A blank Vietnamese spaCy pipeline that needs no download (syllables split on spaces)."""
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def _sentences_with(text: str, quote: str) -> Optional[str]:
    i = text.find(quote)
    if i < 0:
        return None
    start = max(text.rfind("\n", 0, i), text.rfind(". ", 0, i) + 1) + 1
    ends = [e for e in (text.find("\n", i + len(quote)), text.find(". ", i + len(quote))) if e >= 0]
    return text[start:min(ends) if ends else len(text)].strip()


def training_data(gold_dir: Path, corpus_dir: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(indicator examples, tier examples) as (text, label) pairs, deduplicated and sorted."""
    from ..read.normalise import normalise

    indicator: set[tuple[str, str]] = set()
    tier: set[tuple[str, str]] = set()
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        sources = [p for p in corpus_dir.glob(f"{gold_path.stem}.*") if p.suffix in (".txt", ".md")]
        if not sources:
            continue
        text = normalise(sources[0].read_text(encoding="utf-8-sig")).text
        for t in gold.get("targets", []):
            quote = normalise(t["quote"]).text
            sentence = _sentences_with(text, quote)
            if sentence:
                indicator.add((mask(sentence), t["indicator"]))
            m = regex.match(r"^\s*\d+\s*%\s*(?P<phrase>[^,;]+)", quote)
            if m and t.get("subject"):
                tier.add((mask(m.group("phrase").strip()), t["subject"]))
    for ex in (load_yaml("indicators.yaml") or {}).get("examples", []):
        indicator.add((mask(ex["in"]), ex["out"]))
    for ex in (load_yaml("targets.yaml") or {}).get("examples", []):
        for row in ex.get("rows", []):
            indicator.add((mask(ex["in"]), row[0]))
    for ex in (load_yaml("tiers.yaml") or {}).get("examples", []):
        if isinstance(ex["out"], str):  # a phrase naming several tiers teaches no one tier
            tier.add((mask(ex["in"]), ex["out"]))
    return sorted(indicator), sorted(tier)


def train_textcat(examples: Iterable[tuple[str, str]], epochs: int = 30, seed: int = 0, on_epoch=None):
    """A spaCy pipeline with one exclusive text classifier trained on (text, label) pairs.

    Deterministic: the same examples, seed and library versions give the same weights, byte for
    byte (spaCy's and Python's generators are seeded and the examples come sorted).
    ``on_epoch(done, epochs)`` is called after each epoch.
    """
    import spacy
    from spacy.training import Example

    examples = list(examples)
    labels = sorted({label for _, label in examples})
    spacy.util.fix_random_seed(seed)
    nlp = blank_nlp()
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 3,
        "no_output_layer": False, "length": 16384}})
    for label in labels:
        textcat.add_label(label)
    data = [Example.from_dict(nlp.make_doc(text), {"cats": {l: float(l == label) for l in labels}})
            for text, label in examples]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(data)
        for batch in spacy.util.minibatch(data, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.1)
        if on_epoch:
            on_epoch(epoch + 1, epochs)
    return nlp


def library_versions() -> dict[str, str]:
    """Versions of the libraries whose arithmetic the weights depend on (recorded in training.json)."""
    from importlib.metadata import version

    return {name: version(name) for name in ("spacy", "thinc", "numpy")}


def train(out_dir: Path, gold_dir: Path, corpus_dir: Path, on_progress=None) -> dict[str, int]:
    """Train both classifiers and write them under out_dir (indicator/, tier/); returns example counts.

    ``on_progress(done, total, what)`` is called after each epoch of each classifier.
    """
    indicator, tier = training_data(gold_dir, corpus_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    epochs = 30
    for i, (name, examples) in enumerate((("indicator", indicator), ("tier", tier))):
        def tick(done, total, i=i, name=name):
            if on_progress:
                on_progress(i * total + done, 2 * total, name)
        train_textcat(examples, epochs=epochs, on_epoch=tick).to_disk(out_dir / name)
    (out_dir / "training.json").write_text(json.dumps(
        {"indicator_examples": len(indicator), "tier_examples": len(tier), "libraries": library_versions()},
        indent=1) + "\n", encoding="utf-8")
    return {"indicator": len(indicator), "tier": len(tier)}


class Classifier:
    """Loaded classifiers; call with (text, sector, unit) for an indicator guess."""

    def __init__(self, model_dir: Path, threshold: Optional[float] = None):
        import spacy

        self.indicator = spacy.load(model_dir / "indicator")
        self.tier = spacy.load(model_dir / "tier")
        # Below this (renormalised over the labels that fit) the rules' other.unclassified stands.
        self.threshold = threshold if threshold is not None else load_yaml("targets.yaml")["model_min_confidence"]

    def _best(self, nlp, text: str, allowed) -> Optional[tuple[str, float]]:
        cats = nlp(mask(text)).cats
        ranked = sorted(((p, label) for label, p in cats.items() if allowed(label)), reverse=True)
        total = sum(p for p, _ in ranked)
        if not ranked or total <= 0:
            return None
        # Renormalised over the labels that fit the statement (sector, unit).
        best = ranked[0][0] / total
        if best < self.threshold:
            return None
        return ranked[0][1], round(float(best), 3)

    def __call__(self, text: str, sector: Optional[str], unit: str) -> Optional[tuple[str, float]]:
        """Indicator for a statement whose rules found no cue, if the model is confident enough."""
        from ..core.taxonomy import taxonomy

        inds = taxonomy().indicators

        def allowed(label: str) -> bool:
            info = inds.get(label)
            if info is None:
                return False
            return (sector is None or info.sector in (sector, "other")) and unit.split("_per_year")[0] in info.unit

        return self._best(self.indicator, text, allowed)

    def tier_of(self, phrase: str, sector: Optional[str] = None) -> Optional[tuple[str, float]]:
        """Tier code for an institution phrase the tier vocabulary does not know."""
        from ..extract.tiers import tier_sector

        return self._best(self.tier, phrase, lambda label: sector is None or tier_sector(label) == sector)
