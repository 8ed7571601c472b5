"""`plans list`, `plans show PLAN`, `plans warnings`: what is in the database (over query.plans)."""
from __future__ import annotations

import click
from rich.text import Text

from ..query.plans import find_plan, outline, plan_list, warning_codes, warning_rows
from .common import db_option, fail, output_options, read_only_db, show_rows, stdout_console
from .table import print_lines


@click.command(name="list")
@db_option
@output_options()
def list_command(db, fmt, wide, parquet):
    """List the plans: province, number, date, years covered, targets, duties and warnings.

    Example: plans list --db outputs/plans.duckdb
    """
    con = read_only_db(db)
    try:
        cols, rows = plan_list(con)
    finally:
        con.close()
    show_rows(cols, rows, fmt, wide=wide, parquet=parquet, noun="plan",
              priority=["plan", "province", "number", "targets", "duties", "warnings"])


@click.command(name="show")
@click.argument("plan")
@db_option
@output_options()
def show_command(plan, db, fmt, wide, parquet):
    """Show the outline of one plan (by source name or doc_id): sections, kinds, targets and duties in each.

    Example: plans show <plan name from plans list>
    """
    con = read_only_db(db)
    try:
        doc = find_plan(con, plan)
        if doc is None:
            fail(f"{plan}: no such plan in {db}")
        cols, rows = outline(con, doc[0])
    finally:
        con.close()
    if fmt != "table" or parquet:
        show_rows(cols, rows, fmt, parquet=parquet)
        return
    doc_id, name, province, number, issued, ref, horizon, signer = doc
    print_lines(stdout_console(), Text.assemble(
        (name, "bold"), f"  {province or '?'}  {number or '(no number)'}  {issued or ''}  "
        f"implements {ref or '?'} to {horizon or '?'}  signed {signer or '-'}"))
    screen = [("  " * (level - 1) + (f"{label}. {heading or ''}" if label else f"({heading or kind})"), kind,
               n_t or None, n_d or None) for level, label, heading, kind, n_t, n_d, _, _ in rows]
    show_rows(["section", "kind", "targets", "duties"], screen, "table", wide=wide, noun="section",
              priority=["section", "kind", "targets", "duties"])


@click.command(name="warnings")
@click.option("--code", "-c", multiple=True, help="Only warnings of this code (repeatable), e.g. program_ref_variant.")
@click.option("--plan", "plan", default=None, help="Only the warnings of this plan (source name or doc_id).")
@db_option
@output_options()
def warnings_command(code, plan, db, fmt, wide, parquet):
    """List the warnings (things to check): code, plan, message and the text span they point at.

    Example: plans warnings --code program_ref_variant
    """
    con = read_only_db(db)
    try:
        if plan and find_plan(con, plan) is None:
            fail(f"{plan}: no such plan in {db}")
        known = warning_codes(con)
        cols, rows = warning_rows(con, code, plan)
    finally:
        con.close()
    unknown = [c for c in code if c not in known]
    legend = [f"no warning has code {', '.join(unknown)} (codes here: {', '.join(known) or 'none'})"] if unknown else []
    show_rows(cols, rows, fmt, wide=wide, parquet=parquet, noun="warning", legend=legend,
              priority=["code", "plan", "message"])


def summary_of_codes(counts: dict[str, int]) -> str:
    """ "2 program_ref_variant, 1 unit_unknown" (most frequent first), or "" for none.

    >>> summary_of_codes({"b": 1, "a": 2})
    '2 a, 1 b'
    """
    return ", ".join(f"{n} {c}" for c, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))

