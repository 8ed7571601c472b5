"""Terminal output: tables fit the width, cut text with "…", right-align numbers, count rows, explain
symbols; --wide, --csv, --json and --parquet on every read command; `plans list` and `plans
warnings`; red errors on a terminal only; progress bars on a terminal only."""
from __future__ import annotations

import csv
import io
import json
import re

import duckdb
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from conftest import CORPUS, PLANS, gold

from extractor.cli import main
from extractor.cli.table import fit_widths


def run(*args, columns=80, **kw):
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)
    return result


READ_COMMANDS = [
    ["list"], ["show", "000_b58f44d980a72fdc"], ["warnings"], ["compare"], ["compare", "--year", "2030", "--pivot"],
    ["eval", "--gold", CORPUS / "gold"], ["audit"], ["audit", "--agency", "dept_culture"], ["audit", "--long"],
    ["sql", "SELECT * FROM targets"],
]


@pytest.mark.parametrize("width", [80, 40, 120])
@pytest.mark.parametrize("args", READ_COMMANDS, ids=[" ".join(map(str, a[:2])) for a in READ_COMMANDS])
def test_every_table_fits_the_terminal(corpus_db, args, width):
    result = run(*args, "--db", corpus_db, columns=width)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    table = [l for l in lines if not l.startswith(("missed", "spurious"))]  # plain lines, for grep
    assert max(cell_len(l) for l in table) <= width, "\n".join(l for l in table if cell_len(l) > width)
    assert not any(l != l.rstrip() for l in lines), "trailing spaces"
    assert "" not in lines, "blank line"
    assert any(re.fullmatch(r"\d+ (rows?|plans?|sections?|warnings?)(; not shown: .*|; in every row: .*)?", l)
               for l in lines)


def test_a_column_with_one_value_is_said_once_when_the_table_is_too_wide(corpus_db):
    out = run("compare", "--year", "2030", "--pivot", "--db", corpus_db, columns=80).output.splitlines()
    assert "year" not in out[1].split()
    assert "25 rows; in every row: year 2030" in out
    wide = run("compare", "--year", "2030", "--pivot", "--db", corpus_db, columns=200).output.splitlines()
    assert "year" in wide[1].split()


def test_list_shows_each_plan_with_its_counts(three_plan_db):
    rows = list(csv.DictReader(io.StringIO(run("list", "--db", three_plan_db, "--csv").output)))
    assert [(r["plan"], r["province"], r["number"], r["years"], r["targets"], r["duties"], r["warnings"]) for r in rows] == [
        ("003_8187f21f6afde94e", "Huế", "", "2025", "26", "35", "1"),
        ("001_3bcbbe7dd41cd4f4", "Vĩnh Long", "596/QĐ-UBND", "2023-2030", "41", "37", "0"),
        ("000_b58f44d980a72fdc", "Cần Thơ", "140/KH-UBND", "2023-2030", "50", "23", "0"),
    ]
    out = run("list", "--db", three_plan_db).output.splitlines()
    assert out[0].split() == ["plan", "province", "number", "targets", "duties", "warnings"]
    assert out[2] == "003_8187f21f6afde94e  Huế                          26      35         1"  # numbers right-aligned
    assert out[-1] == "3 plans; not shown: issued, years, doc_id (--wide or --csv shows them)"
    wide = run("list", "--db", three_plan_db, "--wide").output.splitlines()
    assert wide[0].split() == ["plan", "province", "number", "issued", "years", "targets", "duties", "warnings", "doc_id"]
    assert wide[-1] == "3 plans"


def test_warnings_lists_and_filters(three_plan_db):
    rows = json.loads(run("warnings", "--db", three_plan_db, "--json").output)
    assert rows == [{"code": "program_ref_variant", "plan": "003_8187f21f6afde94e", "province": "Huế",
                     "message": "programme decision also written as 1502/QĐ-TTg; stored 1520/QĐ-TTg",
                     "start_char": 330, "end_char": 341, "quote": "1502/QĐ-TTg"}]
    assert json.loads(run("warnings", "--db", three_plan_db, "--json", "--code", "program_ref_variant",
                          "--plan", "003_8187f21f6afde94e").output) == rows
    assert json.loads(run("warnings", "--db", three_plan_db, "--json", "--plan", "000_b58f44d980a72fdc").output) == []
    empty = run("warnings", "--db", three_plan_db, "--code", "nope").output.splitlines()
    assert empty[-2:] == ["0 warnings", "no warning has code nope (codes here: program_ref_variant)"]
    bad = run("warnings", "--db", three_plan_db, "--plan", "nope")
    assert bad.exit_code == 1 and bad.output == f"error: nope: no such plan in {three_plan_db}\n"


def test_long_text_is_cut_with_an_ellipsis_and_whole_in_csv(three_plan_db):
    screen = run("audit", "--agency", "dept_culture", "--db", three_plan_db).output
    full = list(csv.DictReader(io.StringIO(run("audit", "--agency", "dept_culture", "--db", three_plan_db, "--csv").output)))
    first = full[0]["duty"]
    assert len(first) > 80 and first not in screen
    cut = [l for l in screen.splitlines() if l.startswith("Cần Thơ")][0].split("  ")[-1].strip()
    assert cut.endswith("…") and first.startswith(cut[:-1])


def test_empty_result_says_0_rows(corpus_db):
    assert run("sql", "SELECT 1 AS a WHERE false", "--db", corpus_db).output.splitlines() == ["a", "─", "0 rows"]


def test_pivot_has_a_legend(corpus_db):
    out = run("compare", "--year", "2030", "--pivot", "--db", corpus_db, columns=200).output.splitlines()
    assert out[-1] == ("cells: value and mark: = meets, ▲ above, ▼ below the national value; – not adopted; "
                       "blank: the plan does not cover that year")
    assert out[-2] == "25 rows"


@pytest.mark.parametrize("args", [["list"], ["show", "001_3bcbbe7dd41cd4f4"], ["warnings"], ["sql", "SELECT * FROM targets"],
                                  ["compare"], ["audit"], ["eval", "--gold", CORPUS / "gold"]],
                         ids=lambda a: a[0])
def test_every_read_command_exports_csv_json_and_parquet(corpus_db, tmp_path, args):
    as_csv = list(csv.reader(io.StringIO(run(*args, "--db", corpus_db, "--csv").output)))
    as_json = json.loads(run(*args, "--db", corpus_db, "--json").output)
    pq = tmp_path / "out.parquet"
    result = run(*args, "--db", corpus_db, "--parquet", pq)
    assert result.exit_code == 0 and result.stderr == f"wrote {len(as_csv) - 1} rows to {pq}\n"
    con = duckdb.connect()
    cols = [d[0] for d in con.execute(f"SELECT * FROM '{pq}'").description]
    assert cols == as_csv[0]
    if isinstance(as_json, list):
        assert len(as_json) == len(as_csv) - 1 == con.execute(f"SELECT count(*) FROM '{pq}'").fetchone()[0]


def test_show_exports_the_outline(corpus_db):
    rows = json.loads(run("show", "001_3bcbbe7dd41cd4f4", "--db", corpus_db, "--json").output)
    sub = [r for r in rows if r["label"] == "2.1"][0]
    assert (sub["level"], sub["heading"], sub["kind"], sub["targets"], sub["duties"]) == (
        3, "Đối với hệ thống Thư viện", "goals", 33, 0)


def test_eval_exports_scores(corpus_db):
    rows = json.loads(run("eval", "--gold", CORPUS / "gold", "--db", corpus_db, "--json").output)
    assert rows["database"]["overall"]["targets"]["f1"] == 1.0
    table = list(csv.DictReader(io.StringIO(run("eval", "--gold", CORPUS / "gold", "--db", corpus_db, "--csv").output)))
    n = str(sum(len(gold(stem)["targets"]) for stem in PLANS))
    assert {k: table[-6][k] for k in ("plan", "aspect", "P", "R", "F1", "tp", "fp", "fn")} == {
        "plan": "overall", "aspect": "targets", "P": "1", "R": "1", "F1": "1", "tp": n, "fp": "0", "fn": "0"}


def test_errors_are_red_on_a_terminal_and_plain_when_piped(corpus_db):
    red = run("sql", "SELEC 1", "--db", corpus_db, color=True)
    assert red.exit_code == 1 and red.output == '\x1b[31merror: Parser Error: syntax error at or near "SELEC"\x1b[0m\n'
    plain = run("sql", "SELEC 1", "--db", corpus_db)
    assert plain.output == 'error: Parser Error: syntax error at or near "SELEC"\n'


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path):
    on_tty = CliRunner(env={"FORCE_COLOR": "1"}).invoke(main, ["ingest", str(CORPUS), "--db", str(tmp_path / "a.duckdb")])
    assert on_tty.exit_code == 0 and "ingest" in on_tty.stderr and "━" in on_tty.stderr
    quiet = CliRunner(env={"FORCE_COLOR": "1"}).invoke(main, ["ingest", str(CORPUS), "--db", str(tmp_path / "b.duckdb"), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""
    piped = CliRunner().invoke(main, ["ingest", str(CORPUS), "--db", str(tmp_path / "c.duckdb")])
    assert piped.stderr == ""


def test_fit_widths_keeps_required_columns_and_adds_optional_ones_only_with_room():
    # required: cut to their minimum rather than dropped; optional: only if the others keep their width
    assert fit_widths(["province", "indicator", "year"], [9, 25, 4], [False, False, True], 25, [0, 1, 2], []) == {
        0: 8, 1: 9, 2: 4}
    assert fit_widths(["province", "indicator", "year"], [9, 25, 4], [False, False, True], 30, [0, 1, 2], []) == {
        0: 9, 1: 13, 2: 4}
    assert fit_widths(["plan", "note"], [20, 30], [False, False], 40, [0], [1]) == {0: 20}
    assert fit_widths(["plan", "note"], [20, 30], [False, False], 60, [0], [1]) == {0: 20, 1: 30}
