"""`plans audit`: duties per agency and province (options and output over query.audit)."""
from __future__ import annotations

from typing import Any, Optional

import click
import duckdb

from ..query.output import emit
from .common import db_option, fail, format_options, read_only_db
from ..query.audit import agency_duties, duty_counts, duty_matrix, missing_agency, resolve_agency


@click.command(name="audit")
@click.option("--agency", "agency", metavar="CODE", help="Every duty of one agency (code or name) across provinces.")
@click.option("--missing", "missing", metavar="CODE", help="Provinces whose plan gives no duty to this agency.")
@click.option("--long", "long_form", is_flag=True, help="Matrix in long form: one row per agency and province.")
@db_option
@format_options
def command(agency: Optional[str], missing: Optional[str], long_form: bool, db: str, fmt: str):
    """Who must do what: duty counts per agency and province, by role.

    Default: agencies x provinces, cells "2L 1C 3I 1R" (lead, coordinate,
    implement, report).

    Example: plans audit --agency dept_information --csv; plans audit --missing youth_union
    """
    if agency and missing:
        fail("use either --agency or --missing, not both")
    con = read_only_db(db)
    try:
        if agency or missing:
            code = resolve_agency(agency or missing)
            cols, rows = (agency_duties if agency else missing_agency)(con, code)
            title = f"Duties of {code}" if agency else f"Plans with no duty for {code}"
        elif long_form:
            (cols, rows), title = duty_counts(con), "Duties per agency and province"
        else:
            (cols, rows), title = duty_matrix(con), "Duties per agency and province (L lead, C coordinate, I implement, R report)"
    except ValueError as exc:
        fail(str(exc))
    except duckdb.Error as exc:
        fail(f"{db}: {exc}".splitlines()[0])
    finally:
        con.close()
    if fmt == "table":  # readable on screen; CSV and JSON keep full text and lists
        rows = [tuple(_screen(v) for v in r) for r in rows]
    emit(cols, rows, fmt, title=title)


def _screen(v: Any, width: int = 160) -> Any:
    """A value shortened for the on-screen table: lists joined, long text cut."""
    if isinstance(v, list):
        return ", ".join(map(str, v))
    if isinstance(v, str) and len(v) > width:
        return v[: width - 1] + "…"
    return v
