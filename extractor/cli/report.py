"""`plans report`: write the HTML report (options over query.report)."""
from __future__ import annotations

import click

from ..query.report import DEFAULT_OUT, LANGS, write_report
from .common import db_option, fail, progress, quiet_option, read_only_db


@click.command(name="report")
@db_option
@click.option("--out", "-o", default=str(DEFAULT_OUT), show_default=True, type=click.Path(dir_okay=False),
              help="HTML file to write.")
@click.option("--lang", type=click.Choice(LANGS), default="vi", show_default=True,
              help="Language of labels and headings (codes stay visible beside them).")
@quiet_option
def command(db, out, lang, quiet):
    """Write one self-contained HTML report: heatmap, charts, duty matrix, plan texts with quotes.

    Vietnamese by default (--lang en for English); opens offline (no CDN, inline CSS/JS/SVG).

    Example: plans report --db outputs/plans.duckdb --out outputs/report.html
    """
    from ..query.compare import has_compare_view

    con = read_only_db(db)
    try:
        if not has_compare_view(con):
            fail(f"{db}: no v_compare view (schema older than version 2); open it for writing once, "
                 "e.g. `plans ingest <files> --db ...`, to migrate")
        with progress("report", quiet) as tick:
            path = write_report(con, out, db, lang=lang, on_plan=lambda i, n: tick(i, n, "plans"))
    finally:
        con.close()
    if not quiet:
        click.echo(f"wrote {path} ({path.stat().st_size // 1024} KB)", err=True)
