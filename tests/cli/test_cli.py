"""The command line: bad input, read-only SQL, outline, and that every command is documented."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from conftest import CORPUS, REPO

from extractor.cli import main

FIXTURES = REPO / "tests" / "fixtures"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _errors(output: str) -> list[str]:
    return [l for l in output.splitlines() if l.startswith("error: ")]


BAD_INPUTS = [
    ("missing", lambda d: d / "nope.txt", "file not found"),
    ("empty", lambda d: _write(d / "empty.txt", b""), "empty file"),
    ("binary", lambda d: FIXTURES / "binary.txt", "binary file, not text"),
    ("undecodable", lambda d: FIXTURES / "latin1.txt", "cannot decode text: not UTF-8 or UTF-16 with BOM"),
    ("encrypted", lambda d: FIXTURES / "encrypted.pdf", "encrypted PDF"),
    ("corrupt", lambda d: FIXTURES / "corrupt.pdf", "corrupt PDF"),
    ("scanned", lambda d: FIXTURES / "scanned.pdf", "no text layer, and OCR found no text in it"),
    ("extension", lambda d: _write(d / "plan.xls", b"x"), "unsupported extension '.xls' (supported: .txt, .md, .pdf, .docx)"),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name,make,reason", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_nothing_written_rest_ingested(tmp_path, name, make, reason):
    bad = make(tmp_path)
    good = CORPUS / "001_3bcbbe7dd41cd4f4.txt"
    db = tmp_path / "p.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(bad), str(good), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert _errors(result.output) == [f"error: {bad}: {reason}"]
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT source_name FROM documents").fetchall() == [("001_3bcbbe7dd41cd4f4",)]


def test_ingest_prints_a_summary_that_names_the_warning_codes(tmp_path):
    db = tmp_path / "p.duckdb"
    result = run("ingest", CORPUS, "--db", db)
    assert result.exit_code == 0
    n = len(list(CORPUS.glob("*.txt")))
    first, second = result.output.splitlines()
    assert first == f"Ingested into {db}: {n} plans ({n} new, 0 replaced, 0 unchanged), 0 failures"
    assert re.fullmatch(r"  \d+ sections, \d+ targets, \d+ duties, \d+ warnings? \(.*program_ref_variant.*;"
                        r" see `plans warnings`\)", second), second
    again = run("ingest", CORPUS, "--db", db, "-q")
    assert again.exit_code == 0 and again.output == ""


def test_sql_outputs_csv_and_json_and_is_read_only(corpus_db):
    out = run("sql", "SELECT province FROM documents ORDER BY province", "--db", corpus_db, "--csv").output
    assert out.splitlines() == ["province", "Bắc Kạn", "Cần Thơ", "Huế", "Hưng Yên", "Vĩnh Long"]
    rows = json.loads(run("sql", "SELECT count(*) AS n FROM targets", "--db", corpus_db, "--json").output)
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        assert rows == [{"n": con.execute("SELECT count(*) FROM targets").fetchone()[0]}] and rows[0]["n"] > 117
    result = CliRunner().invoke(main, ["sql", "DELETE FROM targets", "--db", str(corpus_db)])
    assert result.exit_code == 1 and "read-only" in result.output.lower()


def test_sql_on_missing_database_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert _errors(result.output) == [f"error: {tmp_path / 'none.duckdb'}: database not found (run `plans ingest` first)"]


def test_show_prints_the_outline_with_kinds(corpus_db):
    out = run("show", "001_3bcbbe7dd41cd4f4", "--db", corpus_db).output
    assert "Vĩnh Long" in out and "596/QĐ-UBND" in out
    assert re.search(r"\nV\. TỔ CHỨC THỰC HIỆN +organization\n", out)
    assert re.search(r"\n    2\.1\. Đối với hệ thống Thư viện +goals +33\n", out)  # indented by level
    assert out.splitlines()[-1] == "29 sections" and "[1 duties]" not in out


def test_show_unknown_plan(corpus_db):
    result = CliRunner().invoke(main, ["show", "nope", "--db", str(corpus_db)])
    assert result.exit_code == 1 and _errors(result.output) == [f"error: nope: no such plan in {corpus_db}"]


def test_every_command_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"plans {name}" in readme, name


def test_python_dash_m_works(tmp_path):
    out = subprocess.run([sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0 and "ingest" in out.stdout


def test_readme_keeps_exactly_two_setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up on a new machine")[1].split("\n## ")[0]
    assert re.findall(r"```bash\n(.*?)\n```", setup, re.S) == ["bash scripts/ingest.sh", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()


def test_two_files_with_the_same_plan_name_in_one_batch(tmp_path):
    db = tmp_path / "p.duckdb"
    pdf, docx = FIXTURES / "plan.pdf", FIXTURES / "plan.docx"
    result = CliRunner().invoke(main, ["ingest", str(pdf), str(docx), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert _errors(result.output) == [f"error: {docx}: same plan name 'plan' as {pdf} in this batch; rename one of them"]
