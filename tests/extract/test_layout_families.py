"""Families met on the eighth blind set: abbreviations a plan defines, "a1)" item labels, and a
lead-in paragraph standing after a bullet (exact rows)."""
from __future__ import annotations

from conftest import read_targets


def _rows(text: str):
    _, targets, _ = read_targets(text, issued_on="2024-01-15")
    return [(t.indicator, t.subject, t.year, t.value, t.quote) for t in targets]


def test_an_abbreviation_the_plan_defines_names_tiers_under_a1_items():
    text = ("II. MỤC TIÊU\n1. Mục tiêu chung\nPhát triển hệ thống thư viện (sau đây viết tắt là TV) và bảo tàng "
            "(sau đây gọi tắt là BT).\n2. Mục tiêu cụ thể\n"
            "a1) Tỷ lệ TV có cung cấp dịch vụ phục vụ việc học tập suốt đời:\n"
            "- TV tỉnh: 100% (2026); 100% (2030).\n"
            "- TV cấp xã: 50% (2026); 70% (2030).\n"
            "a2) Tỷ lệ TV ứng dụng công nghệ thông tin, chuyển đổi số:\n"
            "- TV cấp xã: 30% (2026); 40% (2030).\n")
    assert _rows(text) == [
        ("library.lll_services", "provincial_public", 2026, 100.0, "TV tỉnh: 100%"),
        ("library.lll_services", "provincial_public", 2030, 100.0, "TV tỉnh: 100% (2026); 100% (2030)"),
        ("library.lll_services", "commune_public", 2026, 50.0, "TV cấp xã: 50%"),
        ("library.lll_services", "commune_public", 2030, 70.0, "TV cấp xã: 50% (2026); 70% (2030)"),
        ("library.digital", "commune_public", 2026, 30.0, "TV cấp xã: 30%"),
        ("library.digital", "commune_public", 2030, 40.0, "TV cấp xã: 30% (2026); 40% (2030)"),
    ]


def test_a_lead_in_paragraph_after_a_bullet_leads_the_bullets_after_it():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "Về cung cấp dịch vụ phục vụ việc học tập suốt đời:\n"
            "- Thư viện cấp huyện: từ 40% năm 2023 lên 70% năm 2025.\n"
            "Về ứng dụng công nghệ thông tin và chuyển đổi số trong hoạt động thư viện:\n"
            "- Thư viện cấp xã: từ 5% năm 2023 lên 25% năm 2025.\n")
    # (the 2023 figures are the past: warnings, not rows)
    rows = [(i, s, y, v) for i, s, y, v, _ in _rows(text)]
    assert rows == [("library.lll_services", "district_public", 2025, 70.0),
                    ("library.digital", "commune_public", 2025, 25.0)]
