"""`plans compare`: provinces against the national programme (options and output over query.compare)."""
from __future__ import annotations

import click

from ..query.output import emit
from .common import db_option, fail, format_options, read_only_db
from ..query.compare import fetch, has_compare_view, long_query, pivot_query, resolve_filters, write_parquet


@click.command(name="compare")
@db_option
@click.option("--indicator", "-i", multiple=True, help="Indicator code or sector (repeatable), e.g. library.digital.")
@click.option("--year", "-y", type=int, multiple=True, help="Target year (repeatable), e.g. 2030.")
@click.option("--province", "-p", multiple=True, help="Province, any spelling (repeatable), e.g. 'Bắc Kạn'.")
@click.option("--pivot", is_flag=True, help="Provinces as columns; cells like '80 ▼', '100 =', '–' (not adopted).")
@click.option("--current", is_flag=True, help="Group by post-2025 province (Resolution 202/2025/QH15).")
@click.option("--parquet", "parquet", type=click.Path(dir_okay=False), help="Write the result to this Parquet file.")
@format_options
def command(db, indicator, year, province, pivot, current, parquet, fmt):
    """Compare each plan's targets with the national targets of Decision 1520/QĐ-TTg.

    Status per (indicator, tier, year): meets, above, below the national value,
    or not_adopted (the plan covers that year but sets no value).

    Example: plans compare --indicator library.digital --year 2030 --pivot --current
    """
    con = read_only_db(db)
    try:
        _run(con, db, indicator, year, province, pivot, current, parquet, fmt)
    finally:
        con.close()


def _run(con, db, indicator, year, province, pivot, current, parquet, fmt) -> None:
    if not has_compare_view(con):
        fail(f"{db}: no v_compare view (schema older than version 2); open it for writing once, "
             "e.g. `plans ingest <files> --db ...`, to migrate")
    try:
        filters = resolve_filters(con, indicator, year, province, current)
    except ValueError as exc:
        fail(str(exc))
    sql, params = pivot_query(con, filters) if pivot else long_query(filters)
    if parquet:
        n = write_parquet(con, sql, params, parquet)
        click.echo(f"wrote {n} rows to {parquet}", err=True)
        return
    columns, rows = fetch(con, sql, params)
    title = "Targets vs Decision 1520/QĐ-TTg" + (" (post-2025 provinces)" if current else "")
    emit(columns, rows, fmt, title=title)
