"""The `plans` command line: a thin layer over the library (each command opens the DB and calls one function)."""
from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .. import __version__
from .audit import command as audit_command
from .common import db_option, fail, format_options, read_only_db
from .compare import command as compare_command
from .evaluate import command as eval_command
from ..query.output import emit
from .report import command as report_command
from .train import command as train_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plans")
def main():
    """Turn provincial plans implementing Decision 1520/QĐ-TTg into queryable DuckDB data.

    Example: plans ingest corpus/ && plans sql "SELECT province, count(*) FROM targets JOIN documents USING (doc_id) GROUP BY 1"
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Parallel parser processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary table.")
def ingest(paths, db, jobs, quiet):
    """Ingest plan files or folders (.txt .md .pdf .docx) into the database.

    Example: plans ingest corpus/ --db outputs/plans.duckdb
    """
    from ..store.ingest import ingest as run

    console = Console(stderr=True)
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        TextColumn("{task.description}"), console=console, disable=quiet, transient=True)
    with progress:
        task = progress.add_task("", total=None)

        def tick(n, total, path):
            progress.update(task, completed=n, total=total, description=path[-60:])

        summary = run(paths, db, jobs=jobs, on_progress=tick)
    for line in summary.failures:
        click.echo(f"error: {line}", err=True)
    if not quiet:
        table = Table(title=f"Ingested into {db}")
        for col in ("plans", "new", "replaced", "unchanged", "sections", "targets", "duties", "warnings", "failures"):
            table.add_column(col, justify="right")
        table.add_row(*map(str, (summary.plans, summary.inserted, summary.replaced, summary.unchanged,
                                 summary.sections, summary.targets, summary.duties, summary.warnings, summary.failed)))
        Console().print(table)
    if summary.failed:
        raise SystemExit(1)


@main.command()
@click.argument("query")
@db_option
@format_options
def sql(query, db, fmt):
    """Run a read-only SQL query.

    Example: plans sql "SELECT indicator, subject, year, value FROM targets WHERE unit = 'percent'" --csv
    """
    con = read_only_db(db)
    try:
        cur = con.execute(query)
    except Exception as exc:
        fail(str(exc).splitlines()[0])
    columns = [d[0] for d in cur.description] if cur.description else []
    emit(columns, cur.fetchall(), fmt)


@main.command()
@click.argument("plan")
@db_option
def show(plan, db):
    """Show the outline of one plan (by source name or doc_id) with section kinds.

    Example: plans show <source name, e.g. the file name without extension>
    """
    con = read_only_db(db)
    doc = con.execute(
        "SELECT doc_id, source_name, province, doc_number, issued_on, program_ref, horizon_year, signer"
        " FROM documents WHERE source_name = ? OR doc_id = ?", [plan, plan]).fetchone()
    if doc is None:
        fail(f"{plan}: no such plan in {db}")
    doc_id = doc[0]
    console = Console()
    console.print(f"[bold]{doc[1]}[/bold]  {doc[2] or '?'}  {doc[3] or '(no number)'}  {doc[4] or ''}  "
                  f"implements {doc[5] or '?'} to {doc[6] or '?'}  signed {doc[7] or '-'}")
    counts = dict(con.execute(
        "SELECT section_id, count(*) FROM targets WHERE doc_id = ? GROUP BY 1", [doc_id]).fetchall())
    duties = dict(con.execute(
        "SELECT section_id, count(*) FROM assignments WHERE doc_id = ? GROUP BY 1", [doc_id]).fetchall())
    for sid, level, label, heading, kind in con.execute(
            "SELECT section_id, level, label, heading, kind FROM sections WHERE doc_id = ? ORDER BY start_char",
            [doc_id]).fetchall():
        extra = "".join(f"  [{n} {w}]" for n, w in ((counts.get(sid), "targets"), (duties.get(sid), "duties")) if n)
        name = f"{label}. {heading or ''}" if label else f"({heading or kind})"
        console.print(f"{'  ' * (level - 1)}{name[:100]}  [dim]{kind}[/dim]{extra}", highlight=False)


main.add_command(eval_command)
main.add_command(train_command)
main.add_command(audit_command)
main.add_command(compare_command)
main.add_command(report_command)
