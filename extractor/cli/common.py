"""Options and helpers shared by every CLI command (sqlite-utils style: --db, --csv/--json everywhere).

Every read command takes ``--db``, ``--csv``, ``--json`` and ``--wide``; those whose rows are a
plain table also take ``--parquet PATH`` (:func:`output_options`). :func:`show_rows` prints the
rows in the chosen form; :func:`progress` is the bar of long commands (on a terminal only).
"""
from __future__ import annotations

import contextlib
import sys
from typing import Any, Callable, Iterator, Optional, Sequence

import click

from ..store.database import DEFAULT_DB


def db_option(f):
    """--db PATH, default outputs/plans.duckdb."""
    return click.option("--db", default=str(DEFAULT_DB), show_default=True, help="DuckDB database file.")(f)


def output_options(parquet: bool = True):
    """--csv / --json / --wide (and --parquet PATH): how rows are printed or written.

    The command receives ``fmt`` ("table", "csv", "json"), ``wide`` and, with ``parquet``,
    ``parquet`` (a path or None).
    """
    def deco(f):
        if parquet:
            f = click.option("--parquet", "parquet", type=click.Path(dir_okay=False), default=None,
                             help="Write the rows to this Parquet file instead.")(f)
        f = click.option("--wide", is_flag=True, help="Every column, no text cut (the terminal may wrap lines).")(f)
        f = click.option("--json", "fmt", flag_value="json", help="Output JSON (full text).")(f)
        f = click.option("--csv", "fmt", flag_value="csv", help="Output CSV (full text).")(f)
        return click.option("--table", "fmt", flag_value="table", default=True,
                            help="Output a table that fits the terminal (default).")(f)
    return deco


# The form used by commands written before output_options (kept so their signature stays).
format_options = output_options(parquet=False)


def stdout_console():
    """A rich console on stdout: colours and width of the terminal, plain and 80 wide when piped."""
    from rich.console import Console

    return Console(highlight=False)


def show_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table", *, title: Optional[str] = None,
              wide: bool = False, parquet: Optional[str] = None, priority: Sequence[str] = (),
              legend: Sequence[str] = (), noun: str = "row", headers: Optional[dict[str, str]] = None,
              formats: Optional[dict[str, str]] = None) -> None:
    """Print rows as a fitted table, CSV or JSON, or write them to Parquet (then say so on stderr)."""
    from ..query.output import emit, write_rows_parquet

    if parquet:
        n = write_rows_parquet(columns, rows, parquet)
        click.echo(f"wrote {n} rows to {parquet}", err=True)
    elif fmt in ("csv", "json"):
        emit(columns, rows, fmt)
    else:
        from .table import render

        render(columns, rows, stdout_console(), title=title, wide=wide, priority=priority, legend=legend, noun=noun,
               headers=headers, formats=formats)


def fail(message: str, code: int = 1):
    """Print a one-line error (red on a terminal, plain when piped) and exit non-zero."""
    click.secho(f"error: {message}", fg="red", err=True)
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


def quiet_option(f):
    """-q / --quiet: no progress bar and no summary."""
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")(f)


@contextlib.contextmanager
def progress(label: str, quiet: bool = False) -> Iterator[Callable[..., None]]:
    """A progress bar on stderr while the block runs; yields ``tick(done, total, what="")``.

    Shown only when stderr is a terminal and not ``quiet``: piped or redirected output stays clean.
    """
    if quiet:  # rich (~0.04 s to import) is not loaded where no bar can be drawn
        yield lambda done, total, what="": None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda done, total, what="": None
        return
    bar = Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   TextColumn("{task.description}"), console=console, transient=True)
    with bar:
        task = bar.add_task("", total=None)
        yield lambda done, total, what="": bar.update(task, completed=done, total=total, description=str(what)[-50:])
