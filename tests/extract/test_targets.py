"""Target statements whose reading is in doubt say so: lower confidence and a warning naming the other reading."""
from __future__ import annotations

from conftest import read_targets


def _read(statement: str):
    _, targets, warnings = read_targets("II. MỤC TIÊU\n- " + statement)
    return targets, warnings


def test_a_bare_tier_the_programme_sets_apart_is_an_implicit_100_flagged_as_ambiguous():
    targets, warnings = _read("Đến năm 2025, 40% thư viện cấp xã, thư viện lực lượng vũ trang có cung cấp "
                              "dịch vụ phục vụ việc học tập suốt đời.")
    rows = [(t.subject, t.value, t.implicit, t.confidence, t.rule, t.quote) for t in targets]
    assert rows == [
        ("commune_public", 40.0, False, 1.0, "shared_value", "40% thư viện cấp xã, thư viện lực lượng vũ trang"),
        ("armed_forces", 100.0, True, 0.7, "bare_tier_implicit", "thư viện lực lượng vũ trang"),
    ]
    assert [(w.code, w.message) for w in warnings] == [
        ("ambiguous_reading", "armed_forces: stored 100% (implicit); the other reading is 40% shared with commune_public")]


def test_tiers_the_programme_groups_share_their_value_without_doubt():
    targets, warnings = _read("Đến năm 2025, 90% thư viện trường đại học, thư viện chuyên ngành có cung cấp "
                              "dịch vụ phục vụ việc học tập suốt đời.")
    assert [(t.subject, t.value, t.confidence) for t in targets] == [("university", 90.0, 1.0), ("specialized", 90.0, 1.0)]
    assert warnings == []


def test_a_cue_word_inside_an_institution_name_is_not_the_indicator():
    targets, _ = _read("Đến năm 2025, 60% trung tâm văn hóa, thể thao và truyền thông cấp huyện tổ chức, hỗ trợ "
                       "nhu cầu hoạt động sáng tạo và hưởng thụ văn hóa nghệ thuật.")
    assert [(t.indicator, t.subject, t.value) for t in targets] == [("culture_center.creative", "district_center", 60.0)]


def _read_plan(body: str):
    return read_targets(body, horizon_year=2024, plan_year=2024)[1]


def test_items_under_a_lead_in_heading_take_its_indicator():
    targets = _read_plan("II. CHỈ TIÊU CỤ THỂ NĂM 2024\n1. Hệ thống thư viện\n"
                         "a) Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số trong tổ chức hoạt động đạt:\n"
                         "- Thư viện tỉnh: 100 %;\n- Thư viện cấp huyện: 62,5%;\n- Thư viện cấp xã: 15%.\n")
    assert [(t.indicator, t.subject, t.year, t.value) for t in targets] == [
        ("library.digital", "provincial_public", 2024, 100.0),
        ("library.digital", "district_public", 2024, 62.5),
        ("library.digital", "commune_public", 2024, 15.0),
    ]


def test_a_figure_of_a_year_before_the_plan_is_said_not_stored():
    _, targets, warnings = read_targets(
        "II. MỤC TIÊU\n- Đến năm 2030, 100% trung tâm văn hóa, thể thao cấp xã có câu lạc bộ hoạt động "
        "thường xuyên. (Số liệu năm 2023: 62% nhà văn hóa thôn có câu lạc bộ hoạt động thường xuyên.)\n",
        issued_on="2024-03-06")
    assert [(t.subject, t.year, t.value, t.confidence, t.rule) for t in targets] == [
        ("commune_center", 2030, 100.0, 1.0, "value_tier")]
    assert [(w.code, w.message) for w in warnings if w.code == "past_value"] == [
        ("past_value", "62 dated 2023, before the plan (2024): background, not stored as a target "
                       "(culture_center.clubs, village_house)")]


def test_a_background_figure_in_brackets_dates_only_itself():
    """"(năm 2025 đạt 38 %)" in a plan for 2026: 2025 dates the bracket's figure (background, said as
    past_value), not the 45 % of the plan's own year before it."""
    _, targets, warnings = read_targets(
        "II. MỤC TIÊU\nChỉ tiêu 2: Không dưới 45 % thư viện công cộng cấp xã cung cấp dịch vụ phục vụ việc học "
        "tập suốt đời cho người sử dụng (năm 2025 đạt 38 %).\n",
        horizon_year=2026, plan_year=2026, issued_on="2026-01-16")
    assert [(t.indicator, t.subject, t.year, t.value, t.comparator) for t in targets] == [
        ("library.lll_services", "commune_public", 2026, 45.0, ">=")]
    assert [w.code for w in warnings if w.code == "past_value"] == ["past_value"]


def test_a_labelled_indicator_line_leads_the_paragraphs_of_values_after_it():
    """"Chỉ tiêu 2: Tỷ lệ thư viện ứng dụng ..." gives no value: the paragraphs after it take its
    indicator, up to the next label ("Mục tiêu 3: ..."), whatever their own words."""
    _, targets, _ = read_targets(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
        "Chỉ tiêu 1: Tỷ lệ thư viện có cung cấp dịch vụ phục vụ học tập suốt đời.\n\n"
        "Năm 2027: Thư viện tỉnh 100%, thư viện xã, phường 45%.\n\n"
        "Mục tiêu 2: Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số.\n\n"
        "Đến năm 2030, đạt 100% đối với Thư viện tỉnh, 35% đối với thư viện xã, phường.\n")
    assert [(t.indicator, t.subject, t.year, t.value, t.confidence) for t in targets] == [
        ("library.lll_services", "provincial_public", 2027, 100.0, 1.0),
        ("library.lll_services", "commune_public", 2027, 45.0, 1.0),
        ("library.digital", "provincial_public", 2030, 100.0, 1.0),
        ("library.digital", "commune_public", 2030, 35.0, 1.0),
    ]
