"""Options and helpers shared by every CLI command (sqlite-utils style: --db, --csv/--json everywhere)."""
from __future__ import annotations

import sys

import click

from ..store.database import DEFAULT_DB


def db_option(f):
    """--db PATH, default outputs/plans.duckdb."""
    return click.option("--db", default=str(DEFAULT_DB), show_default=True, help="DuckDB database file.")(f)


def format_options(f):
    """--csv / --json (default: a table)."""
    f = click.option("--json", "fmt", flag_value="json", help="Output JSON.")(f)
    f = click.option("--csv", "fmt", flag_value="csv", help="Output CSV.")(f)
    return click.option("--table", "fmt", flag_value="table", default=True, help="Output a table (default).")(f)


def fail(message: str, code: int = 1):
    """Print a one-line error and exit non-zero."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def read_only_db(db: str):
    """Open the database read-only, or fail with one line."""
    from ..store.database import connect

    try:
        return connect(db, read_only=True)
    except FileNotFoundError as exc:
        fail(str(exc))
    except Exception as exc:  # e.g. a file that is not a DuckDB database
        fail(f"{db}: cannot open database: {exc}".splitlines()[0])
