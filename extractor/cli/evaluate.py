"""`plans eval`: scores against answer keys (options and output over query.evaluate)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..query.evaluate import (SCORE_COLUMNS, _as_json, ablation, band_lines, differences, evaluate, score_rows,
                              score_statements)
from .common import db_option, fail, output_options, progress, quiet_option, read_only_db, show_rows


@click.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(), help="Folder of gold *.json answer keys.")
@db_option
@click.option("--rows/--no-rows", default=True, show_default=True, help="List every missed and spurious row.")
@click.option("--ablation", "do_ablation", is_flag=True,
              help="Also re-parse the plans with rules only and with rules+model, and score targets for both.")
@click.option("--statements", type=click.Path(exists=True), default=None,
              help="Also score a YAML file of held-out statements with rules only and with rules+model.")
@output_options()
@quiet_option
def command(gold_dir, db, rows, do_ablation, statements, fmt, wide, parquet, quiet):
    """Score the database against gold answer keys: P/R/F1 per plan, aspect and overall.

    Example: plans eval --gold corpus/gold --ablation
    """
    con = read_only_db(db)
    try:
        result = evaluate(con, gold_dir)
    except FileNotFoundError as exc:
        fail(str(exc))
    sources = [r[0] for r in con.execute("SELECT source_path FROM documents ORDER BY source_name").fetchall()
               if r[0] and Path(r[0]).exists()]
    con.close()
    with progress("ablation", quiet) as tick:
        abl = ablation(gold_dir, sources, on_progress=tick) if do_ablation else {}
    held = {mode: score_statements(statements, use) for mode, use in (("rules-only", False), ("rules+model", True))} \
        if statements else {}
    if fmt == "json":
        click.echo(json.dumps({"database": _as_json(result), **{k: _as_json(v) for k, v in abl.items()},
                               **{f"statements {k}": v.as_dict() for k, v in held.items()}},
                              ensure_ascii=False, indent=1))
        return
    table = score_rows(result)
    for mode, res in abl.items():  # the re-parsed runs: their overall target scores
        table += [r for r in score_rows(res, mode) if r[0] == f"overall ({mode})" and r[1] == "targets"]
    for mode, t in held.items():
        table += [(f"held-out statements ({mode})", "targets", round(t.precision, 4), round(t.recall, 4),
                   round(t.f1, 4), t.tp, t.fp, t.fn)]
    show_rows(SCORE_COLUMNS, table, fmt, wide=wide, parquet=parquet, title="Evaluation",
              formats={"P": "{:.2f}", "R": "{:.2f}", "F1": "{:.2f}"}, priority=SCORE_COLUMNS,
              legend=["P precision, R recall, F1 their harmonic mean; tp/fp/fn: rows matched, spurious, missed",
                      band_lines(result)] + [f"{mode}: {band_lines(res)}" for mode, res in abl.items()])
    if rows and fmt == "table" and not parquet:
        lines = differences(result)
        for t in held.values():
            lines += [f"missed   held-out: {row}" for row in t.missed]
            lines += [f"spurious held-out: {row}" for row in t.spurious]
        for line in lines:  # plain lines (no cut) so they can be grepped and diffed
            click.echo(line)
