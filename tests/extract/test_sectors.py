"""Each tier's row takes an indicator of its own sector (extract/sectors.py), and the bullets after a
lead-in paragraph take what it names for each sector (extract/targets.py)."""
from __future__ import annotations

from conftest import read_targets


def _targets(body: str):
    _, targets, warnings = read_targets("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n" + body)
    return targets, warnings


def _rows(targets):
    return [(t.indicator, t.subject, t.year, t.value, t.confidence, t.rule) for t in targets]


def test_bullets_after_a_lead_in_paragraph_take_the_indicator_it_names_for_each_sector():
    targets, _ = _targets(
        "Tỷ lệ thiết chế văn hóa phục vụ học tập suốt đời được hiểu là: với thư viện, có cung cấp dịch vụ phục vụ "
        "học tập suốt đời cho bạn đọc; với bảo tàng, có xây dựng chương trình giáo dục cho học sinh. Chỉ tiêu:\n"
        "- Năm 2027: 100% đối với Thư viện tỉnh và Bảo tàng tỉnh; 75% đối với thư viện cấp xã.\n")
    assert _rows(targets) == [
        ("library.lll_services", "provincial_public", 2027, 100.0, 1.0, "shared_value"),
        ("museum.education_programs", "provincial_museum", 2027, 100.0, 1.0, "shared_value+lead_in"),
        ("library.lll_services", "commune_public", 2027, 75.0, 1.0, "value_tier"),
    ]


def test_a_tier_of_another_sector_takes_its_counterpart_below_0_9():
    targets, _ = _targets("- Đến năm 2028, 100% thư viện cấp tỉnh, bảo tàng tỉnh và trung tâm văn hóa cấp xã có "
                          "cung cấp dịch vụ phục vụ học tập suốt đời cho người dân.\n")
    assert _rows(targets) == [
        ("library.lll_services", "provincial_public", 2028, 100.0, 1.0, "shared_value"),
        ("museum.education_programs", "provincial_museum", 2028, 100.0, 0.85, "shared_value+sector_counterpart"),
        ("culture_center.clubs", "commune_center", 2028, 100.0, 0.85, "shared_value+sector_counterpart"),
    ]


def test_a_tier_whose_sector_has_no_counterpart_is_said_not_stored():
    targets, warnings = _targets("- Đến năm 2030, 100% thư viện cấp tỉnh và bảo tàng tỉnh ứng dụng công nghệ thông "
                                 "tin và chuyển đổi số trong quản lý.\n")
    assert _rows(targets) == [("library.digital", "provincial_public", 2030, 100.0, 1.0, "shared_value")]
    assert [w.message for w in warnings if w.code == "unclassified_target"] == [
        "provincial_museum: 100% under library.digital, which is not of its sector; not stored"]


def test_a_bullet_lead_in_reaches_its_own_items_not_the_bullets_beside_it():
    # The lead-in is a bullet: its list is its "+" items; the next "-" bullet is not under it.
    # (0.8: the item names no year; the horizon dates it.)
    targets, warnings = _targets(
        "- Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số đạt:\n"
        "+ Thư viện tỉnh: 100%;\n"
        "- Đến năm 2030, 90% thư viện cấp huyện được nâng cấp toàn diện.\n")
    assert _rows(targets) == [("library.digital", "provincial_public", 2030, 100.0, 0.8, "value_tier")]
    assert [w.code for w in warnings if w.code == "unclassified_target"] == ["unclassified_target"]


def test_a_spread_over_a_statement_no_indicator_fits_is_said_not_stored():
    # The first sentence fits no indicator (no cue, no model): "các tỷ lệ tương ứng" after it has
    # nothing to take either, and both sentences' values are reported, never stored, never a crash.
    targets, warnings = _targets("- Đến năm 2025, 70% thư viện cấp huyện và 40% thư viện cấp xã được nâng cấp; "
                                 "đến năm 2030, các tỷ lệ tương ứng đạt 90% và 60%.\n")
    assert targets == []
    assert sorted(w.message.split(" fits")[0] for w in warnings if w.code == "unclassified_target") == [
        "40 percent (2025)", "60 percent (2030)", "70 percent (2025)", "90 percent (2030)"]


def test_a_bullet_lead_in_followed_by_bullets_of_its_own_mark_leads_its_tier_items():
    # "- ... đạt:" then "- <tier>: value" items under the same mark: the items take the lead-in's
    # indicator; the first bullet beside them of another shape ends the list (it names its own).
    targets, warnings = _targets(
        "- Đến năm 2030, tỷ lệ thư viện có cung cấp dịch vụ phục vụ việc học tập suốt đời đạt:\n"
        "- Thư viện cấp tỉnh: 100%;\n"
        "- Thư viện trường đại học, thư viện chuyên ngành: 90%;\n"
        "- Thư viện tư nhân có phục vụ cộng đồng: từ 50% đến 70%.\n"
        "- Đến năm 2030, 90% thư viện cấp huyện được nâng cấp toàn diện.\n")
    assert [(t.indicator, t.subject, t.year, t.value, t.value_max) for t in targets] == [
        ("library.lll_services", "provincial_public", 2030, 100.0, None),
        ("library.lll_services", "university", 2030, 90.0, None),
        ("library.lll_services", "specialized", 2030, 90.0, None),
        ("library.lll_services", "private_community", 2030, 50.0, 70.0),
    ]
    assert [w.message.split(" fits")[0] for w in warnings if w.code == "unclassified_target"] == ["90 percent (2030)"]
