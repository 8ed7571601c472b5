"""`plans train`: rebuild the model from the repository's own annotated data (model.classifier.train)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..model import shipped
from .common import fail, progress, quiet_option

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TRAIN_OUT = Path("outputs") / "model"


@click.command(name="train")
@click.option("--gold", "gold_dir", default=str(REPO / "corpus" / "gold"), show_default=True,
              help="Gold answer keys (their sentences are training examples).")
@click.option("--corpus", "corpus_dir", default=str(REPO / "corpus"), show_default=True, help="Plan texts.")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help=f"Folder to write the model to [default: {DEFAULT_TRAIN_OUT}].")
@click.option("--ship", is_flag=True,
              help="Rebuild the model that ships in the package (extractor/model/weights) instead.")
@click.option("--ranker", "ranker_from", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Also train the reading ranker (ranker.json) from the plans with answer keys in these folders "
                   "(repeatable; keys in <folder>/gold/ or beside their plan), e.g. --ranker corpus.")
@quiet_option
def command(gold_dir, corpus_dir, out_dir, ship, ranker_from, quiet):
    """Train the indicator and tier classifiers (spaCy, CPU, offline) into a folder.

    Training is deterministic: with the same data and library versions, `plans train --ship`
    rewrites the shipped files byte for byte, so a fresh clone that runs it changes nothing.

    Example: plans train --out /tmp/model
    """
    from ..model.classifier import library_versions
    from ..model.pinned import train_pinned

    if ship and out_dir:
        fail("use either --out or --ship, not both")
    for folder, what in ((gold_dir, "answer keys"), (corpus_dir, "plan texts")):
        if not Path(folder).is_dir():  # e.g. an installed wheel: the training data stay in the repository
            fail(f"{folder}: {what} not found; `plans train` needs a source checkout's corpus/ and corpus/gold "
                 "(or --gold and --corpus)")
    target = shipped.MODEL_DIR if ship else Path(out_dir or DEFAULT_TRAIN_OUT)
    before = shipped.model_fingerprint()
    if ship:
        recorded = _recorded_versions(shipped.MODEL_DIR)
        if recorded and recorded != library_versions():
            click.secho(f"warning: the shipped model was trained with {_versions(recorded)}; this machine has "
                        f"{_versions(library_versions())}, so its bytes may differ", fg="yellow", err=True)
    with progress("train", quiet) as tick:
        counts = train_pinned(target, Path(gold_dir), Path(corpus_dir), on_progress=tick)
    click.echo(f"trained indicator classifier on {counts['indicator']} examples and tier classifier on "
               f"{counts['tier']} examples -> {target}")
    if ranker_from:
        from ..model.ranker import train_ranker

        n = train_ranker(target, [Path(f) for f in ranker_from])
        click.echo(f"trained the reading ranker on {n} candidate readings -> {target / 'ranker.json'}")
    if ship:
        after = shipped.model_fingerprint()
        click.echo(f"shipped model unchanged ({after})" if after == before else
                   f"shipped model changed: {before} -> {after}; the next ingest re-extracts every plan")


def _recorded_versions(folder: Path) -> dict:
    try:
        return json.loads((folder / "training.json").read_text(encoding="utf-8")).get("libraries", {})
    except (FileNotFoundError, ValueError):
        return {}


def _versions(v: dict) -> str:
    return ", ".join(f"{k} {x}" for k, x in sorted(v.items()))
