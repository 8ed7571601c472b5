"""Tests for extractor.query.audit: the query functions on the ingested corpus, and the thin CLI over them."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli.audit import command
from extractor.query.audit import agency_duties, cell, duty_counts, duty_matrix, missing_agency, resolve_agency
from extractor.store.database import connect

REPO = Path(__file__).resolve().parents[2]

# Agencies x provinces of the three corpus plans, as their answer keys give them.
EXPECTED_MATRIX = [
    ("dept_culture", "1L 3I", "1L 7I 1R", "3L 3I 1R", 20),
    ("dept_education", "1L 1C 1I", "1C 1I", "1L 1C", 7),
    ("dept_labour", "1L", "1C 1I", "", 3),
    ("dept_information", "1C 1I", "2I", "1L 1C 1I", 7),
    ("dept_finance", "1I", "1I", "1I", 3),
    ("dept_planning", "", "", "1C 1I", 2),
    ("police", "1L", "", "1L 1C", 3),
    ("military", "1L", "", "1L 1C", 3),
    ("newspaper", "1I", "", "2I", 3),
    ("broadcaster", "1I", "", "2I", 3),
    ("district_committees", "5I 1R", "1C 3I", "3I", 13),
    ("party_propaganda", "", "", "1C 1I", 2),
    ("fatherland_front", "1C", "", "1C 2I", 4),
    ("youth_union", "", "1C 1I", "", 2),
    ("other_departments", "1R", "2I", "", 3),
    ("cultural_institutions", "", "8I", "", 8),
    ("special_libraries", "", "1C 2I", "", 3),
    ("other:tổ chức xã hội", "", "", "1C 2I", 3),
    ("other:xã hội nghề nghiệp", "", "", "1C 2I", 3),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from extractor.store.ingest import ingest

    path = tmp_path_factory.mktemp("audit") / "plans.duckdb"
    # The three plans the expected matrix is written for (Cần Thơ, Huế, Vĩnh Long).
    three = ("000_b58f44d980a72fdc", "001_3bcbbe7dd41cd4f4", "003_8187f21f6afde94e")
    summary = ingest([str(REPO / "corpus" / f"{stem}.txt") for stem in three], path)
    assert summary.failed == 0, summary.failures
    return path


@pytest.fixture()
def con(db):
    c = connect(db, read_only=True)
    yield c
    c.close()


def _cli(db, *args):
    return CliRunner().invoke(command, [*args, "--db", str(db)])


def test_matrix_is_agencies_by_provinces_with_role_counts(con):
    cols, rows = duty_matrix(con)
    assert cols == ["agency", "Cần Thơ", "Huế", "Vĩnh Long", "total"]
    assert rows == EXPECTED_MATRIX


def test_long_form_has_one_column_per_role(con):
    cols, rows = duty_counts(con)
    assert cols == ["agency", "province", "lead", "coordinate", "implement", "report", "total"]
    assert rows[:3] == [("dept_culture", "Cần Thơ", 1, 0, 3, 0, 4), ("dept_culture", "Huế", 1, 0, 7, 1, 9),
                        ("dept_culture", "Vĩnh Long", 3, 0, 3, 1, 7)]
    assert sum(r[-1] for r in rows) == 95


def test_duties_of_one_agency_across_provinces(con):
    cols, rows = agency_duties(con, "dept_information")
    assert cols == ["province", "role", "requested", "partners", "deadline", "duty"]
    assert [(p, role, req, partners, deadline, duty[:30]) for p, role, req, partners, deadline, duty in rows] == [
        ("Cần Thơ", "coordinate", False, ["dept_culture"], None, "Phối hợp với Sở Văn hóa, Thể t"),
        ("Cần Thơ", "implement", False, [], None, "Xây dựng kế hoạch thông tin tu"),
        ("Huế", "implement", False, [], None, "Chủ động tổ chức các hoạt động"),
        ("Huế", "implement", False, [], None, "Chỉ đạo các cơ quan thông tấn "),
        ("Vĩnh Long", "implement", False, [], "hàng năm", "Xây dựng và triển khai kế hoạc"),
        ("Vĩnh Long", "coordinate", False, ["other:cơ quan thông tấn, báo chí"], None, "Phối hợp cơ quan thông tấn, bá"),
        ("Vĩnh Long", "lead", False, ["dept_culture", "other_departments", "fatherland_front"], None,
         "Chủ trì, phối hợp với Sở VHTTD"),
    ]


def test_provinces_missing_an_agency(con):
    assert missing_agency(con, "youth_union") == (
        ["province", "source_name", "plan_duties"],
        [("Cần Thơ", "000_b58f44d980a72fdc", 23), ("Vĩnh Long", "001_3bcbbe7dd41cd4f4", 37)])
    assert missing_agency(con, "dept_finance")[1] == []
    assert [r[0] for r in missing_agency(con, "dept_science")[1]] == ["Cần Thơ", "Huế", "Vĩnh Long"]


@pytest.mark.parametrize("value, code", [("dept_culture", "dept_culture"), ("Sở VH,TT&DL", "dept_culture"),
                                         ("Tỉnh đoàn", "youth_union"), ("other:tổ chức xã hội", "other:tổ chức xã hội")])
def test_resolve_agency(value, code):
    assert resolve_agency(value) == code


def test_resolve_unknown_agency_raises():
    with pytest.raises(ValueError, match="unknown agency"):
        resolve_agency("nobody")


def test_cell():
    assert cell({"report": 1, "lead": 2}) == "2L 1R"


# --------------------------------------------------------------------------- #
# CLI
# --------------------------------------------------------------------------- #


def test_cli_matrix_csv_is_the_matrix(db):
    result = _cli(db, "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["agency", "Cần Thơ", "Huế", "Vĩnh Long", "total"]
    assert rows[1:] == [[*r[:-1], str(r[-1])] for r in EXPECTED_MATRIX]


def test_cli_matrix_table_is_readable(db):
    result = _cli(db)
    assert result.exit_code == 0
    assert "dept_culture" in result.output and "1L 7I 1R" in result.output and "L lead" in result.output


def test_cli_agency_by_name_json(db):
    result = _cli(db, "--agency", "Sở Thông tin và Truyền thông", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data) == 7 and data[-1]["partners"] == ["dept_culture", "other_departments", "fatherland_front"]
    assert data[0]["duty"].startswith("Phối hợp với Sở Văn hóa, Thể thao và Du lịch")


def test_cli_missing_csv(db):
    result = _cli(db, "--missing", "youth_union", "--csv")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["province,source_name,plan_duties",
                                          "Cần Thơ,000_b58f44d980a72fdc,23", "Vĩnh Long,001_3bcbbe7dd41cd4f4,37"]


def test_cli_long_csv(db):
    result = _cli(db, "--long", "--csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == "dept_culture,Cần Thơ,1,0,3,0,4"


@pytest.mark.parametrize("args, message", [
    (["--agency", "nobody"], "error: nobody: unknown agency"),
    (["--agency", "police", "--missing", "police"], "error: use either --agency or --missing, not both"),
])
def test_cli_errors_are_one_line(db, args, message):
    result = _cli(db, *args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[0].startswith(message)


def test_cli_missing_database_is_one_line(tmp_path):
    result = CliRunner().invoke(command, ["--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "database not found" in result.output


def test_cli_is_documented_with_an_example():
    assert "Example:" in command.help


def test_duties_that_name_an_agency_only_as_a_partner_are_listed_as_partner(con):
    """"Chủ trì, phối hợp với ... Ủy ban nhân dân quận, huyện": the committees carry no row of their
    own for the duty, so --agency lists it as `partner`, with the body that leads it."""
    _, rows = agency_duties(con, "district_committees")
    partner = [(p, role, partners, duty[:40]) for p, role, _, partners, _, duty in rows if role == "partner"]
    assert partner == [
        ("Cần Thơ", "partner", ["dept_education"], "Chủ trì, phối hợp với các sở, ban, ngành"),
        ("Vĩnh Long", "partner", ["dept_culture"], "Chủ trì, phối hợp với các Sở, ban, ngành"),
        ("Vĩnh Long", "partner", ["dept_culture"], "Chủ trì triển khai thực hiện các nhiệm v"),
        ("Vĩnh Long", "partner", ["dept_culture"], "Chủ trì, phối hợp với các Sở, ban, ngành"),
    ]
    own = {(p, duty) for p, role, _, _, _, duty in rows if role != "partner"}
    assert not any((p, duty) in own for p, role, _, _, _, duty in rows if role == "partner")
