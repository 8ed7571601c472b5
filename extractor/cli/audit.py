"""`plans audit`: duties per agency and province (options and output over query.audit)."""
from __future__ import annotations

from typing import Optional

import click
import duckdb

from .common import db_option, fail, output_options, read_only_db, show_rows
from ..query.audit import agency_duties, duty_counts, duty_matrix, missing_agency, resolve_agency


@click.command(name="audit")
@click.option("--agency", "agency", metavar="CODE", help="Every duty of one agency (code or name) across provinces.")
@click.option("--missing", "missing", metavar="CODE", help="Provinces whose plan gives no duty to this agency.")
@click.option("--long", "long_form", is_flag=True, help="Matrix in long form: one row per agency and province.")
@db_option
@output_options()
def command(agency: Optional[str], missing: Optional[str], long_form: bool, db: str, fmt: str, wide: bool,
            parquet: Optional[str]):
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
            (cols, rows), title = duty_matrix(con), "Duties per agency and province"
    except ValueError as exc:
        fail(str(exc))
    except duckdb.Error as exc:
        fail(f"{db}: {exc}".splitlines()[0])
    finally:
        con.close()
    legend = [MATRIX_LEGEND] if not (agency or missing or long_form) else []
    priority = {"province": ["province", "role", "deadline", "duty"]}.get(cols[0], cols)
    show_rows(cols, rows, fmt, title=title, wide=wide, parquet=parquet, priority=priority, legend=legend)


MATRIX_LEGEND = "cells: duty items by role: L lead, C coordinate, I implement, R report; blank: none"
