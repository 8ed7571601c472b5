"""`plans eval`: scores against answer keys (options and output over query.evaluate)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .common import db_option, fail, read_only_db
from ..query.evaluate import _as_json, _print, ablation, band_lines, evaluate, score_statements


@click.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(), help="Folder of gold *.json answer keys.")
@db_option
@click.option("--rows/--no-rows", default=True, show_default=True, help="List every missed and spurious row.")
@click.option("--ablation", "do_ablation", is_flag=True,
              help="Also re-parse the plans with rules only and with rules+model, and score targets for both.")
@click.option("--statements", type=click.Path(exists=True), default=None,
              help="Also score a YAML file of held-out statements with rules only and with rules+model.")
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
def command(gold_dir, db, rows, do_ablation, statements, as_json):
    """Score the database against gold answer keys: P/R/F1 per plan and overall.

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
    abl = ablation(gold_dir, sources) if do_ablation else {}
    held = {mode: score_statements(statements, use) for mode, use in (("rules-only", False), ("rules+model", True))} \
        if statements else {}
    if as_json:
        click.echo(json.dumps({"database": _as_json(result), **{k: _as_json(v) for k, v in abl.items()},
                               **{f"statements {k}": v.as_dict() for k, v in held.items()}},
                              ensure_ascii=False, indent=1))
        return
    _print(result, rows)
    for mode, res in abl.items():
        t = res["overall"]["targets"]
        click.echo(f"targets {mode}: P {t.precision:.4f} R {t.recall:.4f} F1 {t.f1:.4f} (tp {t.tp}, fp {t.fp}, fn {t.fn})")
        click.echo(f"  {band_lines(res)}")
    for mode, t in held.items():
        click.echo(f"held-out statements {mode}: P {t.precision:.4f} R {t.recall:.4f} F1 {t.f1:.4f} "
                   f"(tp {t.tp}, fp {t.fp}, fn {t.fn})")
        if rows:
            for row in t.missed:
                click.echo(f"  missed   {row}")
            for row in t.spurious:
                click.echo(f"  spurious {row}")
