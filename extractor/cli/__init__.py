"""The `plans` command line: a thin layer over the library (each command opens the DB and calls one function)."""
from __future__ import annotations

import importlib

import click

from .. import __version__
from .common import db_option, fail, output_options, progress, quiet_option, show_rows

# Commands whose module is imported only when the command runs (or --help lists it): a one-plan
# ingest should not pay for loading the report, the evaluator and the trainer.
_LAZY = {
    "list": "plans:list_command", "show": "plans:show_command", "warnings": "plans:warnings_command",
    "eval": "evaluate:command", "train": "train:command", "audit": "audit:command",
    "compare": "compare:command", "report": "report:command",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *_LAZY})

    def get_command(self, ctx, name):
        if name in self.commands or name not in _LAZY:
            return super().get_command(ctx, name)
        module, attr = _LAZY[name].split(":")
        return getattr(importlib.import_module(f".{module}", __name__), attr)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plans")
def main():
    """Turn provincial plans implementing Decision 1520/QĐ-TTg into queryable DuckDB data.

    Example: plans ingest corpus/ && plans sql "SELECT province, count(*) FROM targets JOIN documents USING (doc_id) GROUP BY 1"
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Parallel parser processes.")
@quiet_option
@click.option("--no-ocr", is_flag=True, help="Do not OCR PDF pages without a text layer (a scanned PDF is refused).")
def ingest(paths, db, jobs, quiet, no_ocr):
    """Ingest plan files or folders (.txt .md .pdf .docx) into the database.

    Example: plans ingest corpus/ --db outputs/plans.duckdb
    """
    from ..core.rules import RuleFileError
    from ..store.ingest import ingest as run
    from ..store.opening import OpenError

    problem = None
    with progress("ingest", quiet) as tick:
        try:
            summary = run(paths, db, jobs=jobs, on_progress=tick, ocr=not no_ocr,
                          on_wait=lambda line: click.echo(f"waiting: {line}", err=True))
        except (OpenError, RuleFileError) as exc:  # the database or the rules: one line, nothing written
            problem = str(exc).splitlines()[0]
    if problem:
        fail(problem)
    for line in summary.failures:
        click.secho(f"error: {line}", fg="red", err=True)
    if not quiet:
        from .plans import summary_of_codes  # rich, for the summary only
        from .table import plural

        s = summary
        codes = summary_of_codes(s.warning_codes)
        # Plain lines: the terminal wraps them where it must (a cut path would be useless).
        click.echo(f"Ingested into {db}: {plural(s.plans, 'plan')} ({s.inserted} new, {s.replaced} replaced, "
                   f"{s.unchanged} unchanged), {plural(s.failed, 'failure')}")
        click.echo(f"  {plural(s.sections, 'section')}, {plural(s.targets, 'target')}, {plural(s.duties, 'duty')}, "
                   f"{plural(s.warnings, 'warning')}" + (f" ({codes}; see `plans warnings`)" if codes else ""))
    if summary.failed:
        raise SystemExit(1)


@main.command()
@click.argument("query")
@db_option
@output_options()
def sql(query, db, fmt, wide, parquet):
    """Run one read-only SQL statement (it cannot write files, other databases or settings).

    Example: plans sql "SELECT indicator, subject, year, value FROM targets WHERE unit = 'percent'" --csv
    """
    from ..store.sandbox import run_read_only

    try:
        columns, rows, written = run_read_only(db, query, parquet=parquet)
    except FileNotFoundError as exc:
        fail(str(exc))
    except Exception as exc:
        fail(str(exc).splitlines()[0])
    if parquet:
        click.echo(f"wrote {written} rows to {parquet}", err=True)
        return
    show_rows(columns, rows, fmt, wide=wide)


# Start-up allocates some 10^6 objects that live as long as the process (modules, pydantic
# models, compiled rules); with the default threshold (700) the collector walks them all a
# dozen times before a one-plan ingest ends (~0.03 s of 0.5). A larger first threshold keeps
# collecting cycles, just less often (a long ingest's memory is bounded by DuckDB's cap, not this).
_GC_THRESHOLD = (10_000, 10, 10)


def run() -> None:
    """The `plans` console entry point: `main` with the collector tuned for a short-lived CLI."""
    import gc

    gc.set_threshold(*_GC_THRESHOLD)
    main()
