"""`plans train`: rebuild the model from the repository's own annotated data (model.classifier.train)."""
from __future__ import annotations

from pathlib import Path

import click

from ..model.shipped import MODEL_DIR

REPO = Path(__file__).resolve().parents[2]


@click.command(name="train")
@click.option("--gold", "gold_dir", default=str(REPO / "corpus" / "gold"), show_default=True,
              help="Gold answer keys (their sentences are training examples).")
@click.option("--corpus", "corpus_dir", default=str(REPO / "corpus"), show_default=True, help="Plan texts.")
@click.option("--out", "out_dir", default=str(MODEL_DIR), show_default=True, help="Where to write the model.")
@click.option("--ranker", "ranker_from", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Also train the reading ranker (ranker.json) from the plans with answer keys in these folders "
                   "(repeatable; keys in <folder>/gold/ or beside their plan), e.g. --ranker corpus "
                   "--ranker tests/fixtures/independent.")
def command(gold_dir, corpus_dir, out_dir, ranker_from):
    """Train the indicator and tier classifiers (spaCy, CPU, offline) and install them in the package.

    Example: plans train
    """
    from ..model.classifier import train

    counts = train(Path(out_dir), Path(gold_dir), Path(corpus_dir))
    click.echo(f"trained indicator classifier on {counts['indicator']} examples and tier classifier on "
               f"{counts['tier']} examples -> {out_dir}")
    if ranker_from:
        from ..model.ranker import train_ranker

        n = train_ranker(Path(out_dir), [Path(f) for f in ranker_from])
        click.echo(f"trained the reading ranker on {n} candidate readings -> {Path(out_dir) / 'ranker.json'}")
