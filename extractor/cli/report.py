"""`plans report`: write the HTML report (options over query.report)."""
from __future__ import annotations

import click

from .common import db_option, fail, read_only_db
from ..query.report import DEFAULT_OUT, write_report


@click.command(name="report")
@db_option
@click.option("--out", "-o", default=str(DEFAULT_OUT), show_default=True, type=click.Path(dir_okay=False),
              help="HTML file to write.")
def command(db, out):
    """Write one self-contained HTML report: heatmap, charts, duty matrix, plan texts with quotes.

    Opens offline (no CDN, inline CSS/JS/SVG).

    Example: plans report --db outputs/plans.duckdb --out outputs/report.html
    """
    from ..query.compare import has_compare_view

    con = read_only_db(db)
    try:
        if not has_compare_view(con):
            fail(f"{db}: no v_compare view (schema older than version 2); open it for writing once, "
                 "e.g. `plans ingest <files> --db ...`, to migrate")
        path = write_report(con, out, db)
    finally:
        con.close()
    click.echo(f"wrote {path} ({path.stat().st_size // 1024} KB)", err=True)
