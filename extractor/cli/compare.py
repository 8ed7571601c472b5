"""`plans compare`: provinces against the national programme (options and output over query.compare)."""
from __future__ import annotations

import click

from .common import db_option, fail, output_options, read_only_db, show_rows
from ..query.compare import (NOT_ADOPTED_MARK, STATUS_MARK, fetch, has_compare_view, long_query, pivot_query,
                             resolve_filters, write_parquet)


@click.command(name="compare")
@db_option
@click.option("--indicator", "-i", multiple=True, help="Indicator code or sector (repeatable), e.g. library.digital.")
@click.option("--year", "-y", type=int, multiple=True, help="Target year (repeatable), e.g. 2030.")
@click.option("--province", "-p", multiple=True, help="Province, any spelling (repeatable), e.g. 'Bắc Kạn'.")
@click.option("--pivot", is_flag=True, help="Provinces as columns; cells like '80 ▼', '100 =', '–' (not adopted).")
@click.option("--current", is_flag=True, help="Group by post-2025 province (Resolution 202/2025/QH15).")
@output_options()
def command(db, indicator, year, province, pivot, current, fmt, wide, parquet):
    """Compare each plan's targets with the national targets of Decision 1520/QĐ-TTg.

    Status per (indicator, tier, year): meets, above, below the national value,
    or not_adopted (the plan covers that year but sets no value).

    Example: plans compare --indicator library.digital --year 2030 --pivot --current
    """
    con = read_only_db(db)
    try:
        _run(con, db, indicator, year, province, pivot, current, parquet, fmt, wide)
    finally:
        con.close()


def _run(con, db, indicator, year, province, pivot, current, parquet, fmt, wide) -> None:
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
    if pivot:
        show_rows(columns, rows, fmt, title=title, wide=wide, priority=columns,  # a province column is the point
                  legend=[PIVOT_LEGEND])
    else:
        show_rows(columns, rows, fmt, title=title, wide=wide, headers=LONG_HEADERS,
                  priority=["province", "indicator", "subject", "year", "value", "national_value", "status"])


# What the pivot's cells mean (printed under the table).
PIVOT_LEGEND = (f"cells: value and mark: {STATUS_MARK['meets']} meets, {STATUS_MARK['above']} above, "
                f"{STATUS_MARK['below']} below the national value; {NOT_ADOPTED_MARK} not adopted; "
                "blank: the plan does not cover that year")
# Shorter headers on screen (CSV, JSON and Parquet keep the column names).
LONG_HEADERS = {"national_value": "national", "national_value_max": "national_max", "province_current": "province_now"}
