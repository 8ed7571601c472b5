"""Tests for the v_compare view (schema migration 2), extractor.store.reference and `plans compare`.

The database is built by direct INSERTs (``build_db``), independent of the
extractors. ``build_db`` is also used by tests/test_report.py.
"""
from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from extractor.query import compare
from extractor.store import schema
from extractor.cli.compare import command
from extractor.query.compare import fetch, long_query, pivot_query, resolve_filters
from extractor.store.reference import load_reference, national_rows
from extractor.store.database import connect

# --------------------------------------------------------------------------- #
# Synthetic plans
# --------------------------------------------------------------------------- #


def T(indicator, subject, year, value, quote, value_max=None, unit="percent", implicit=False, confidence=1.0,
      method="rule"):
    """One target row (its quote is placed in the plan text by add_plan)."""
    return dict(indicator=indicator, subject=subject, year=year, value=value, value_max=value_max, unit=unit,
                implicit=implicit, confidence=confidence, method=method, quote=quote)


def D(agency, role, duty, agency_name=None, requested=False):
    """One assignment row (its duty text is placed in the plan text by add_plan)."""
    return dict(agency=agency, role=role, duty=duty, agency_name=agency_name or agency, requested=requested)


def add_plan(con, source, province, *, horizon=2030, plan_year=None, targets=(), duties=(), intro=""):
    """Insert a plan: documents row, its text built from the quotes (spans exact), targets and assignments."""
    text = f"KẾ HOẠCH thực hiện Quyết định số 1520/QĐ-TTg trên địa bàn tỉnh {province}\n{intro}\n"

    def place(quote):
        nonlocal text
        at = text.find(quote)
        if at < 0:
            at = len(text)
            text += quote + "\n"
        return at, at + len(quote)

    trows = []
    for t in targets:
        s, e = place(t["quote"])
        trows.append((f"doc-{source}", None, t["indicator"].split(".")[0], t["indicator"], t["subject"], t["year"],
                      t["value"], t["value_max"], t["unit"], "=", t["implicit"], t["quote"], s, e, t["method"],
                      t["confidence"], "test"))
    arows = []
    for d in duties:
        s, e = place(d["duty"])
        arows.append((f"doc-{source}", None, d["agency"], d["agency_name"], d["role"], d["requested"], [],
                      d["duty"], None, s, e, "rule", 1.0, None, None))
    con.execute(
        "INSERT INTO documents (doc_id, source_name, content_hash, province, horizon_year, plan_year, text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", [f"doc-{source}", source, f"hash-{source}", province, horizon, plan_year, text])
    if trows:
        con.executemany("INSERT INTO targets VALUES (" + ", ".join("?" * 17) + ")", trows)
    if arows:
        con.executemany("INSERT INTO assignments VALUES (" + ", ".join("?" * 15) + ")", arows)
    return text


VINH_LONG = [
    T("library.lll_services", "provincial_public", 2025, 100, "Phấn đấu Thư viện tỉnh, 70% thư viện công cộng cấp huyện", implicit=True),
    T("library.lll_services", "district_public", 2025, 70, "70% thư viện công cộng cấp huyện"),
    T("library.lll_services", "university", 2025, 90, "90% thư viện trường đại học"),
    T("library.lll_services", "armed_forces", 2025, 80, "80% thư viện lực lượng vũ trang"),
    T("library.digital", "university", 2030, 100, "100% thư viện đại học"),
    T("library.digital", "armed_forces", 2030, 80, "đến năm 2030: 80% thư viện lực lượng vũ trang ứng dụng công nghệ thông tin"),
    T("library.user_growth", None, 2030, 10, "tăng bình quân 10% - 15% mỗi năm", value_max=15, unit="percent_per_year"),
    T("museum.education_programs", "provincial_museum", 2025, 1, "Bảo tàng tỉnh xây dựng và triển khai ít nhất 01 chương trình", unit="count"),
]
CAN_THO = [
    T("library.lll_services", "commune_public", 2030, 70, "Đến năm 2030, 70% thư viện công cộng cấp xã"),
    T("library.digital", "district_public", 2025, 60, "60% thư viện công cộng cấp huyện"),
    T("library.user_growth", None, 2025, 10, "tăng bình quân 10% mỗi năm", unit="percent_per_year"),
    T("culture_center.clubs", "village_house", 2030, 100, "100% nhà văn hóa - khu thể thao thôn <có câu lạc bộ> & \"nhóm sở thích\""),
]
BAC_KAN = [  # a single-year plan for 2025
    T("library.digital", "armed_forces", 2025, 90, "90% thư viện lực lượng vũ trang"),
]
THAI_NGUYEN = [
    T("library.user_growth", None, None, 12, "tăng 12% mỗi năm", unit="percent_per_year"),  # recurring, no year
    T("library.digital", "armed_forces", 2025, 70, "70% thư viện lực lượng vũ trang"),
    T("library.digital", "armed_forces", 2030, 50, "khoảng 50% thư viện lực lượng vũ trang", confidence=0.6),
    T("library.digital", "armed_forces", 2030, 100, "100% thư viện lực lượng vũ trang", confidence=0.9, method="model"),
]
HUE = [  # horizon 2025, but states one 2030 value
    T("museum.visitor_growth", None, 2025, 10, "tăng 10% so với cùng kỳ năm trước", unit="percent_per_year"),
    T("library.digital", "armed_forces", 2030, 100, "năm 2030 đạt 100% thư viện lực lượng vũ trang"),
]
DUTIES = [
    D("dept_culture", "lead", "Sở Văn hóa, Thể thao và Du lịch chủ trì triển khai Kế hoạch"),
    D("dept_culture", "report", "Sở Văn hóa, Thể thao và Du lịch tổng hợp, báo cáo trước ngày 15/11 hằng năm"),
    D("dept_education", "coordinate", "Sở Giáo dục và Đào tạo phối hợp <thư viện trường học>"),
    D("police", "lead", "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh chỉ đạo thư viện lực lượng vũ trang"),
    D("military", "lead", "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh chỉ đạo thư viện lực lượng vũ trang"),
    D("other:hội thư viện", "implement", "Hội Thư viện tỉnh tham gia", agency_name="Hội Thư viện"),
]


def build_db(path) -> Path:
    """A database with five synthetic plans (Vĩnh Long, Cần Thơ, Bắc Kạn, Thái Nguyên, Huế)."""
    con = connect(path)
    add_plan(con, "001_vinh_long", "Vĩnh Long", targets=VINH_LONG, duties=DUTIES)
    add_plan(con, "000_can_tho", "Cần Thơ", targets=CAN_THO, duties=DUTIES[:3],
             intro='Ghi chú: <script>window.__x = 1</script> & "trích dẫn" — a < b > c')
    add_plan(con, "bk_2025", "Bắc Kạn", horizon=2025, plan_year=2025, targets=BAC_KAN, duties=DUTIES[:1])
    add_plan(con, "tn_2030", "Thái Nguyên", targets=THAI_NGUYEN, duties=DUTIES[3:5])
    add_plan(con, "hue_2025", "Huế", horizon=2025, targets=HUE)
    con.close()
    return Path(path)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("compare") / "plans.duckdb")


@pytest.fixture()
def con(db):
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def status(con, source, indicator, subject, year):
    rows = con.execute(
        "SELECT status, value, value_max, national_value, national_value_max FROM v_compare"
        " WHERE source_name = ? AND indicator = ? AND subject IS NOT DISTINCT FROM ? AND year = ?",
        [source, indicator, subject, year]).fetchall()
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


# --------------------------------------------------------------------------- #
# Reference tables
# --------------------------------------------------------------------------- #


def test_national_targets_loaded_from_rules(con):
    assert con.execute("SELECT count(*) FROM national_targets").fetchone()[0] == len(national_rows()) == 50
    assert con.execute(
        "SELECT value, value_max, unit FROM national_targets WHERE indicator = 'library.user_growth' AND year = 2030"
    ).fetchone() == (10.0, 15.0, "percent_per_year")
    assert con.execute(
        "SELECT value, unit FROM national_targets WHERE indicator = 'library.digital' AND subject = 'armed_forces'"
        " AND year = 2030").fetchone() == (100.0, "percent")


@pytest.mark.parametrize("old, current", [
    ("Bắc Kạn", "Thái Nguyên"), ("Hà Giang", "Tuyên Quang"), ("Bến Tre", "Vĩnh Long"), ("Trà Vinh", "Vĩnh Long"),
    ("Sóc Trăng", "Cần Thơ"), ("Bình Dương", "Hồ Chí Minh"), ("Huế", "Huế"), ("Cao Bằng", "Cao Bằng"),
], ids=["Bac Kan", "Ha Giang", "Ben Tre", "Tra Vinh", "Soc Trang", "Binh Duong", "Hue", "Cao Bang"])
def test_provinces_table_maps_to_2025_units(con, old, current):
    assert con.execute("SELECT province_current FROM provinces WHERE province = ?", [old]).fetchone() == (current,)


def test_provinces_table_has_63_units_and_34_current(con):
    assert con.execute("SELECT count(*), count(DISTINCT province_current) FROM provinces").fetchone() == (63, 34)


def test_reference_sources_name_the_legal_texts(con):
    src = dict(con.execute("SELECT dataset, source FROM reference_sources").fetchall())
    assert "1520/QĐ-TTg" in src["national_targets"]
    assert "202/2025/QH15" in src["provinces"]


def test_reference_load_is_idempotent_and_repairs(tmp_path):
    con = connect(tmp_path / "r.duckdb")
    assert load_reference(con) is False  # connect already loaded it: nothing to write
    con.execute("UPDATE national_targets SET value = 1 WHERE indicator = 'library.digital'")
    con.execute("DELETE FROM provinces WHERE province = 'Bắc Kạn'")
    assert load_reference(con) is True
    assert load_reference(con) is False
    assert con.execute("SELECT count(*) FROM national_targets WHERE value = 1").fetchone() == (0,)
    assert con.execute("SELECT province_current FROM provinces WHERE province = 'Bắc Kạn'").fetchone() == ("Thái Nguyên",)
    con.close()
    con = connect(tmp_path / "r.duckdb")  # reopening does not duplicate rows
    assert con.execute("SELECT count(*) FROM national_targets").fetchone() == (50,)
    assert con.execute("SELECT count(*) FROM provinces").fetchone() == (63,)


def test_version_1_database_is_migrated_and_compare_explains(tmp_path, monkeypatch):
    path = tmp_path / "v1.duckdb"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        c = duckdb.connect(str(path))
        assert schema.migrate(c) == 1
        c.close()
    result = CliRunner().invoke(command, ["--db", str(path)])
    assert result.exit_code == 1
    assert "schema older than version 2" in result.output
    c = connect(path)  # a writable open applies migration 2 and loads the reference data
    assert c.execute("SELECT max(version) FROM schema_migrations").fetchone() == (schema.SCHEMA_VERSION,)
    assert c.execute("SELECT count(*) FROM v_compare").fetchone() == (0,)
    c.close()


# --------------------------------------------------------------------------- #
# v_compare statuses
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("source, indicator, subject, year, expected", [
    # Vĩnh Long: armed-forces libraries' digital transformation by 2030 is 80, national 100.
    ("001_vinh_long", "library.digital", "armed_forces", 2030, ("below", 80.0, None, 100.0, None)),
    ("001_vinh_long", "library.digital", "university", 2030, ("meets", 100.0, None, 100.0, None)),
    ("001_vinh_long", "library.lll_services", "provincial_public", 2025, ("meets", 100.0, None, 100.0, None)),
    # a tier the plan does not name
    ("001_vinh_long", "library.lll_services", "specialized", 2025, ("not_adopted", None, None, 90.0, None)),
    # a count for the provincial museum is not a share of all museums
    ("001_vinh_long", "museum.education_programs", "museums", 2025, ("not_adopted", None, None, 70.0, None)),
    # ranges keep both bounds and compare the lower one
    ("001_vinh_long", "library.user_growth", None, 2030, ("meets", 10.0, 15.0, 10.0, 15.0)),
    ("001_vinh_long", "library.user_growth", None, 2025, ("not_adopted", None, None, 10.0, None)),
    ("000_can_tho", "library.lll_services", "commune_public", 2030, ("above", 70.0, None, 60.0, None)),
    ("000_can_tho", "library.digital", "district_public", 2025, ("meets", 60.0, None, 60.0, None)),
    ("000_can_tho", "library.user_growth", None, 2025, ("meets", 10.0, None, 10.0, None)),
    # single-year plan: 2025 rows only
    ("bk_2025", "library.digital", "armed_forces", 2025, ("above", 90.0, None, 80.0, None)),
    ("bk_2025", "library.digital", "commune_public", 2025, ("not_adopted", None, None, 20.0, None)),
    ("bk_2025", "library.digital", "armed_forces", 2030, None),
    # a recurring yearly target (no year) applies to every covered year
    ("tn_2030", "library.user_growth", None, 2025, ("above", 12.0, None, 10.0, None)),
    ("tn_2030", "library.user_growth", None, 2030, ("above", 12.0, None, 10.0, 15.0)),
    ("tn_2030", "library.digital", "armed_forces", 2025, ("below", 70.0, None, 80.0, None)),
    # two rows for one key: the more confident wins
    ("tn_2030", "library.digital", "armed_forces", 2030, ("meets", 100.0, None, 100.0, None)),
    # horizon 2025: 2030 keys are not "not adopted", but a 2030 value the plan does state is compared
    ("hue_2025", "library.digital", "commune_public", 2030, None),
    ("hue_2025", "library.digital", "armed_forces", 2030, ("meets", 100.0, None, 100.0, None)),
    ("hue_2025", "museum.visitor_growth", None, 2025, ("meets", 10.0, None, 10.0, None)),
], ids=lambda v: v if isinstance(v, (str, int)) and not isinstance(v, bool) else None)
def test_status(con, source, indicator, subject, year, expected):
    assert status(con, source, indicator, subject, year) == expected


def test_one_row_per_plan_and_covered_key(con):
    counts = dict(con.execute("SELECT source_name, count(*) FROM v_compare GROUP BY 1").fetchall())
    # 50 baseline keys, 25 of them for 2025; Huế adds its one stated 2030 value
    assert counts == {"001_vinh_long": 50, "000_can_tho": 50, "tn_2030": 50, "bk_2025": 25, "hue_2025": 26}
    dup = con.execute("SELECT count(*) FROM (SELECT doc_id, indicator, subject, year FROM v_compare"
                      " GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
    assert dup == 0


def test_growth_indicators_have_no_subject(con):
    assert con.execute("SELECT DISTINCT subject FROM v_compare WHERE indicator LIKE '%growth'").fetchall() == [(None,)]


def test_compare_rows_carry_the_quote_span(con):
    row = con.execute("SELECT v.quote, substr(d.text, v.start_char + 1, v.end_char - v.start_char)"
                      " FROM v_compare v JOIN documents d USING (doc_id)"
                      " WHERE v.source_name = '001_vinh_long' AND v.indicator = 'library.digital'"
                      " AND v.subject = 'armed_forces' AND v.year = 2030").fetchone()
    assert row[0] == row[1] and row[0].startswith("đến năm 2030: 80%")


def test_unknown_horizon_uses_latest_target_year(tmp_path):
    c = connect(tmp_path / "h.duckdb")
    add_plan(c, "nohorizon", "An Giang", horizon=None, targets=[
        T("library.digital", "armed_forces", 2025, 80, "80% thư viện lực lượng vũ trang")])
    assert c.execute("SELECT DISTINCT year FROM v_compare").fetchall() == [(2025,)]
    c.close()


# --------------------------------------------------------------------------- #
# Query functions
# --------------------------------------------------------------------------- #


def test_long_query_filters_and_order(con):
    f = resolve_filters(con, ["library.digital"], [2030], [], False)
    cols, rows = fetch(con, *long_query(f))
    assert cols == list(compare.LONG_COLUMNS)
    # provinces in rules/provinces.yaml order (north to south); Bắc Kạn's 2025-only plan has no 2030 row
    assert list(dict.fromkeys(r[0] for r in rows)) == ["Thái Nguyên", "Huế", "Vĩnh Long", "Cần Thơ"]
    assert [r[4] for r in rows if r[0] == "Vĩnh Long"] == [
        "provincial_public", "district_public", "commune_public", "university", "specialized", "armed_forces",
        "school", "vocational", "other_education"]  # decision order within a province
    assert all(r[3] == "library.digital" and r[5] == 2030 for r in rows)


def test_filters_accept_sector_and_any_province_spelling(con):
    f = resolve_filters(con, ["museum"], [], ["tỉnh Vĩnh Long"], False)
    assert f.sectors == ("museum",) and f.provinces == ("Vĩnh Long",)
    _, rows = fetch(con, *long_query(f))
    assert {r[3] for r in rows} == {"museum.education_programs", "museum.visitor_growth"}
    assert resolve_filters(con, [], [], ["UBND tỉnh Bắc Cạn"], True).provinces == ("Thái Nguyên",)


@pytest.mark.parametrize("args, message", [
    (["library.nothing"], "unknown indicator"),
])
def test_filters_reject_unknown_indicator(con, args, message):
    with pytest.raises(ValueError, match=message):
        resolve_filters(con, args, [], [], False)


def test_filters_reject_unknown_province(con):
    with pytest.raises(ValueError, match="unknown province"):
        resolve_filters(con, [], [], ["Bình"], False)


def test_pivot_cells(con):
    f = resolve_filters(con, ["library.digital"], [2030], [], False)
    cols, rows = fetch(con, *pivot_query(con, f))
    assert cols == ["indicator", "subject", "year", "national", "Bắc Kạn", "Thái Nguyên", "Huế", "Vĩnh Long", "Cần Thơ"]
    by_tier = {r[1]: dict(zip(cols, r)) for r in rows}
    af = by_tier["armed_forces"]
    assert (af["national"], af["Vĩnh Long"], af["Thái Nguyên"], af["Huế"], af["Cần Thơ"]) == ("100", "80 ▼", "100 =", "100 =", "–")
    assert af["Bắc Kạn"] is None  # a 2025-only plan says nothing about 2030
    assert by_tier["commune_public"]["Huế"] is None
    assert by_tier["commune_public"]["Cần Thơ"] == "–"


def test_pivot_ranges_and_above(con):
    f = resolve_filters(con, ["library.user_growth", "library.lll_services"], [2030], [], False)
    cols, rows = fetch(con, *pivot_query(con, f))
    cells = {(r[0], r[1]): dict(zip(cols, r)) for r in rows}
    growth = cells[("library.user_growth", None)]
    assert (growth["national"], growth["Vĩnh Long"], growth["Thái Nguyên"]) == ("10-15", "10-15 =", "12 ▲")
    assert cells[("library.lll_services", "commune_public")]["Cần Thơ"] == "70 ▲"


def test_pivot_current_groups_merged_provinces(con):
    f = resolve_filters(con, ["library.digital"], [2025], [], True)
    cols, rows = fetch(con, *pivot_query(con, f))
    assert "Bắc Kạn" not in cols and "Thái Nguyên" in cols
    af = {r[1]: dict(zip(cols, r)) for r in rows}["armed_forces"]
    # both plans of post-2025 Thái Nguyên, north to south, each labelled with its old province
    assert af["Thái Nguyên"] == "90 ▲ (Bắc Kạn) · 70 ▼ (Thái Nguyên)"
    assert af["Vĩnh Long"] == "–"


def test_long_current_puts_current_province_first(con):
    f = resolve_filters(con, [], [], ["Thái Nguyên"], True)
    cols, rows = fetch(con, *long_query(f))
    assert cols[:2] == ["province_current", "province"]
    assert {(r[0], r[1]) for r in rows} == {("Thái Nguyên", "Bắc Kạn"), ("Thái Nguyên", "Thái Nguyên")}


# --------------------------------------------------------------------------- #
# The command
# --------------------------------------------------------------------------- #


def run(db, *args):
    result = CliRunner().invoke(command, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_csv(db):
    out = run(db, "--indicator", "library.digital", "--year", "2030", "--province", "Vĩnh Long", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9
    af = next(r for r in rows if r["subject"] == "armed_forces")
    assert af == {"province": "Vĩnh Long", "province_current": "Vĩnh Long", "doc_id": "doc-001_vinh_long",
                  "indicator": "library.digital", "subject": "armed_forces", "year": "2030", "value": "80",
                  "value_max": "", "national_value": "100", "national_value_max": "", "status": "below",
                  "source_name": "001_vinh_long"}
    assert next(r for r in rows if r["subject"] == "specialized")["status"] == "not_adopted"


def test_cli_json(db):
    out = run(db, "-i", "library.user_growth", "-p", "Vĩnh Long", "--json")
    data = json.loads(out)
    assert [(d["year"], d["value"], d["value_max"], d["status"]) for d in data] == [
        (2025, None, None, "not_adopted"), (2030, 10, 15, "meets")]


def test_cli_pivot_table(db):
    out = run(db, "-i", "library.digital", "-y", "2030", "--pivot")
    assert "national" in out and "80 ▼" in out and "100 =" in out and "–" in out


def test_cli_pivot_csv_current(db):
    out = run(db, "-i", "library.digital", "-y", "2025", "--pivot", "--current", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    af = next(r for r in rows if r["subject"] == "armed_forces")
    assert af["national"] == "80" and af["Thái Nguyên"] == "90 ▲ (Bắc Kạn) · 70 ▼ (Thái Nguyên)"


def test_cli_parquet(db, tmp_path):
    out_file = tmp_path / "out" / "compare.parquet"
    result = CliRunner().invoke(command, ["--db", str(db), "--year", "2030", "--parquet", str(out_file)])
    assert result.exit_code == 0, result.output
    with duckdb.connect() as c:
        rows = c.execute("SELECT province, status, value FROM read_parquet(?) WHERE indicator = 'library.digital'"
                         " AND subject = 'armed_forces' ORDER BY province", [str(out_file)]).fetchall()
    assert rows == [("Cần Thơ", "not_adopted", None), ("Huế", "meets", 100.0), ("Thái Nguyên", "meets", 100.0),
                    ("Vĩnh Long", "below", 80.0)]
    assert f"rows to {out_file}" in result.output


def test_cli_parquet_pivot(db, tmp_path):
    out_file = tmp_path / "pivot.parquet"
    run(db, "-i", "library.digital", "-y", "2030", "--pivot", "--parquet", str(out_file))
    with duckdb.connect() as c:
        row = c.execute("SELECT national, \"Vĩnh Long\" FROM read_parquet(?) WHERE subject = 'armed_forces'",
                        [str(out_file)]).fetchone()
    assert row == ("100", "80 ▼")


@pytest.mark.parametrize("args, message", [
    (["--indicator", "nope"], "unknown indicator"),
    (["--province", "Atlantis"], "unknown province"),
])
def test_cli_errors_are_one_line(db, args, message):
    result = CliRunner().invoke(command, ["--db", str(db), *args])
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_missing_database(tmp_path):
    result = CliRunner().invoke(command, ["--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "database not found" in result.output


def test_command_is_documented():
    assert "Example:" in command.help and command.name == "compare"


# --------------------------------------------------------------------------- #
# Speed over 10,000 plans
# --------------------------------------------------------------------------- #


def build_many(path, plans=10_000) -> None:
    """`plans` synthetic plans spread over the 63 provinces, ~85% of baseline keys set (values off by -10/0/+10)."""
    con = connect(path)
    con.execute(f"""
        INSERT INTO documents (doc_id, source_name, content_hash, province, horizon_year, plan_year, text)
        SELECT 'd' || i, 'plan_' || i, 'h' || i, (SELECT province FROM provinces WHERE ord = i % 63),
               CASE WHEN i % 10 = 0 THEN 2025 ELSE 2030 END, CASE WHEN i % 20 = 0 THEN 2025 END, 'text'
        FROM range({int(plans)}) r(i)""")
    con.execute("""
        INSERT INTO targets
        SELECT d.doc_id, NULL, split_part(n.indicator, '.', 1), n.indicator, n.subject, n.year,
               n.value + (CAST(hash(d.doc_id || n.ord) % 3 AS INTEGER) - 1) * 10, n.value_max, n.unit, '=', false,
               'q', 0, 1, 'rule', 1.0, NULL
        FROM documents d CROSS JOIN national_targets n WHERE hash(d.doc_id || n.indicator || n.ord) % 7 <> 0""")
    con.close()


def test_compare_is_fast_on_10000_plans(tmp_path):
    path = tmp_path / "many.duckdb"
    build_many(path)
    con = duckdb.connect(str(path), read_only=True)
    f = resolve_filters(con, ["library.digital"], [2030], [], False)
    timings = []
    for _ in range(5):
        t = time.perf_counter()
        con.execute("SELECT status, count(*) FROM v_compare GROUP BY 1").fetchall()
        cols, rows = fetch(con, *pivot_query(con, f))
        timings.append(time.perf_counter() - t)
    print(f"v_compare full scan + pivot over 10,000 plans: best {min(timings) * 1000:.0f} ms")
    assert len(rows) == 9 and len(cols) == 4 + 63
    # A regression guard, generous for loaded CI machines; the target is ~200 ms (see the final report).
    assert min(timings) < 2.0
    con.close()
