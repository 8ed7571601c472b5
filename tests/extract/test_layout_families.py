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


def test_lettered_items_of_values_under_a_bullet_lead_in_take_its_indicator():
    """"- Tỷ lệ ... đạt như sau:" then "a) <tiers>: 95%;" items: each item is a row of the lead-in's
    indicator, and the last one is no heading even when a bullet follows it."""
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu đối với thư viện\n"
            "- Tỷ lệ các loại thư viện khác có cung cấp dịch vụ phục vụ việc học tập suốt đời phấn đấu đạt như sau:\n"
            "a) Thư viện trường đại học, thư viện chuyên ngành: 95%;\n"
            "b) Thư viện trong lực lượng vũ trang nhân dân: 85%;\n"
            "c) Thư viện tư nhân có phục vụ cộng đồng: 30%.\n"
            "- Thư viện tỉnh tổ chức ít nhất 02 hội thảo chuyên đề về phát triển văn hóa đọc.\n")
    plan, targets, _ = read_targets(text)
    assert [s.heading for s in plan.sections] == ["MỤC TIÊU", "Chỉ tiêu đối với thư viện"]
    assert [(t.indicator, t.subject, t.value) for t in targets] == [
        ("library.lll_services", "university", 95.0), ("library.lll_services", "specialized", 95.0),
        ("library.lll_services", "armed_forces", 85.0), ("library.lll_services", "private_community", 30.0),
        ("library.events", "provincial_public", 2.0)]


def test_a_paragraph_opening_with_a_past_year_dates_its_later_sentences():
    """"Năm 2022, toàn tỉnh có ..." in a 2023 plan: a later sentence of the paragraph with no year of
    its own is of 2022 too, a figure of the past (warned, not stored)."""
    text = ("II. MỤC TIÊU\n1. Mục tiêu chung\n"
            "Năm 2022, toàn tỉnh có 01 Thư viện tỉnh, 21 thư viện cấp huyện. Bảo tàng tỉnh đón trên 120.000 lượt "
            "khách; 65% trung tâm văn hóa - thể thao cấp huyện duy trì được hoạt động của các câu lạc bộ.\n"
            "Đến năm 2030, 90% trung tâm văn hóa - thể thao cấp huyện có câu lạc bộ hoạt động thường xuyên.\n")
    _, targets, warnings = read_targets(text, issued_on="2023-06-14")
    assert [(t.subject, t.year, t.value) for t in targets] == [("district_center", 2030, 90.0)]
    assert [w.message.split(",")[0] for w in warnings if w.code == "past_value"] == ["65 dated 2022"]


def test_items_under_a_lead_in_take_its_year_as_well_as_its_indicator():
    """"- Đến năm 2025, tỉ lệ thư viện ... như sau:" then "+ Thư viện cấp huyện (đạt 70%);": a long
    lead-in (no year header) still dates its items, in a plan whose horizon is 2030."""
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Đến năm 2025, tỉ lệ thư viện cung cấp dịch vụ phục vụ việc học tập suốt đời cho người sử dụng "
            "thư viện phấn đấu đạt như sau:\n"
            "+ Thư viện cấp huyện (đạt 70%);\n+ Thư viện cấp xã (đạt 45%).\n"
            "- Đến năm 2030, 90% thư viện cấp huyện có cung cấp dịch vụ phục vụ việc học tập suốt đời.\n")
    _, targets, _ = read_targets(text)
    assert [(t.indicator, t.subject, t.year, t.value) for t in targets] == [
        ("library.lll_services", "district_public", 2025, 70.0), ("library.lll_services", "commune_public", 2025, 45.0),
        ("library.lll_services", "district_public", 2030, 90.0)]


def test_growth_items_under_a_lead_in_naming_what_grows_take_its_indicator():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "Số lượt người sử dụng thư viện để học tập, tìm kiếm thông tin:\n"
            "- Giai đoạn 2023 - 2025: tăng bình quân 10%/năm;\n"
            "- Giai đoạn 2026 - 2030: tăng bình quân từ 10 - 15%/năm.\n"
            "Lượt khách tham quan bảo tàng:\n"
            "- Đến năm 2030: tăng 8% mỗi năm.\n")
    _, targets, _ = read_targets(text, issued_on="2023-07-18")
    assert [(t.indicator, t.year, t.value, t.value_max, t.unit) for t in targets] == [
        ("library.user_growth", 2025, 10.0, None, "percent_per_year"),
        ("library.user_growth", 2030, 10.0, 15.0, "percent_per_year"),
        ("museum.visitor_growth", 2030, 8.0, None, "percent_per_year"),
    ]


def test_one_rate_for_two_things_said_to_grow_together_is_a_row_for_each():
    # (a test, not a rules example: the rule examples train the model, and this family is the rules' alone)
    for sentence, both in [
        ("Phấn đấu đến năm 2030, số lượt người sử dụng thư viện và số lượt khách tham quan lựa chọn bảo tàng "
         "để học tập, nghiên cứu cùng tăng bình quân 10 - 15% mỗi năm.", True),
        ("Đến năm 2030, số lượt bạn đọc đến thư viện và lượt khách tham quan bảo tàng đều tăng 8%/năm.", True),
        ("Đến năm 2030, số lượt bạn đọc đến thư viện tăng 8%/năm.", False)]:
        _, targets, _ = read_targets("II. MỤC TIÊU\n" + sentence + "\n", issued_on="2025-12-08")
        expected = ["library.user_growth"] + (["museum.visitor_growth"] if both else [])
        assert [t.indicator for t in targets] == expected, sentence
        assert {(t.year, t.unit) for t in targets} == {(2030, "percent_per_year")}


def test_a_passive_predicate_after_what_a_share_counts_names_the_indicator():
    text = ("II. MỤC TIÊU\n- Thư viện huyện: duy trì 100% cung cấp dịch vụ phục vụ việc học tập suốt đời; 100% hoạt "
            "động quản lý, tổ chức phục vụ học tập suốt đời được ứng dụng công nghệ thông tin và chuyển đổi số.\n"
            "- 80% thư viện cấp xã được hỗ trợ cung cấp dịch vụ phục vụ việc học tập suốt đời.\n")
    _, targets, _ = read_targets(text, issued_on="2023-06-12")
    assert [(t.indicator, t.subject, t.value) for t in targets] == [
        ("library.lll_services", "district_public", 100.0), ("library.digital", "district_public", 100.0),
        ("library.lll_services", "commune_public", 80.0)]


def test_a_table_mark_the_plan_defines_is_its_value_and_other_sectors_take_the_columns_counterpart():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| Thiết chế | Cung cấp dịch vụ HTSĐ 2028 (%) | Ứng dụng CNTT 2030 (%) |\n"
            "| --- | --- | --- |\n"
            "| Thư viện tỉnh | x | x |\n"
            "| Thư viện xã, phường | 40 | 25 |\n"
            "| Bảo tàng tỉnh | x | - |\n"
            "Ghi chú: “x” là 100% thiết chế thực hiện chỉ tiêu; “-” là không giao chỉ tiêu.\n")
    _, targets, _ = read_targets(text, issued_on="2026-01-15")
    rows = sorted((t.indicator, t.subject, t.year, t.value, t.confidence) for t in targets)
    assert rows == [
        ("library.digital", "commune_public", 2030, 25.0, 1.0),
        ("library.digital", "provincial_public", 2030, 100.0, 1.0),
        ("library.lll_services", "commune_public", 2028, 40.0, 1.0),
        ("library.lll_services", "provincial_public", 2028, 100.0, 1.0),
        # the column's indicator is the libraries': the museum takes its counterpart, below 0.9
        ("museum.education_programs", "provincial_museum", 2028, 100.0, 0.85),
    ]
    # An "x" no note defines says nothing.
    _, targets, _ = read_targets(text.replace("“x” là 100%", "x đánh dấu"), issued_on="2026-01-15")
    assert sorted((t.subject, t.value) for t in targets) == [("commune_public", 25.0), ("commune_public", 40.0)]


def test_a_count_naming_no_institution_is_of_the_sector_its_part_heading_names():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\nb) Lĩnh vực bảo tàng\n"
            "- Hằng năm tổ chức tối thiểu 04 đợt trưng bày chuyên đề phục vụ học sinh.\n")
    assert [(t[0], t[3]) for t in _rows(text)] == [("museum.events", 4.0)]
    # Under a heading naming no sector, the first cue decides ("trưng bày" is the libraries' first).
    assert [(t[0], t[3]) for t in _rows(text.replace("b) Lĩnh vực bảo tàng", "b) Các chỉ tiêu khác"))] == [
        ("library.events", 4.0)]


def test_a_table_row_naming_only_its_sector_under_an_indicator_is_a_sub_group_of_it():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| TT | Chỉ tiêu | Năm 2025 | Năm 2030 |\n"
            "| 1 | Tỷ lệ thư viện cung cấp dịch vụ phục vụ việc học tập suốt đời | | |\n"
            "| 1.1 | Thư viện cấp xã | 40% | 60% |\n"
            "| | Thư viện ngoài hệ thống thư viện công cộng: | | |\n"
            "| 1.2 | Thư viện trường đại học | 90% | 100% |\n"
            "| II | Bảo tàng | | |\n"
            "| 2.1 | Bảo tàng tỉnh | 50% | 70% |\n")
    rows = sorted((t[0], t[1], t[2], t[3]) for t in _rows(text))
    assert rows == [
        ("library.lll_services", "commune_public", 2025, 40.0), ("library.lll_services", "commune_public", 2030, 60.0),
        ("library.lll_services", "university", 2025, 90.0), ("library.lll_services", "university", 2030, 100.0)]


def test_a_table_row_of_a_growth_speed_is_a_yearly_rate_with_no_tier():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2026 |\n"
            "| 1 | Tốc độ tăng số lượt khách tham quan chọn bảo tàng để nghiên cứu, học tập so với năm 2025 | % | ≥ 10 |\n")
    _, targets, _ = read_targets(text, issued_on="2026-01-20", plan_year=2026, horizon_year=2026)
    assert [(t.indicator, t.subject, t.year, t.value, t.unit, t.comparator) for t in targets] == [
        ("museum.visitor_growth", None, 2026, 10.0, "percent_per_year", ">=")]


def test_a_count_whose_own_clause_says_every_year_takes_no_year_of_the_clause_before():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n- Đến năm 2030, Bảo tàng tỉnh xây dựng và triển khai ít nhất 04 chương "
            "trình giáo dục lịch sử, văn hóa; mỗi năm tổ chức tối thiểu 06 hoạt động giáo dục trải nghiệm.\n")
    rows = sorted((t[0], t[2], t[3]) for t in _rows(text))
    assert rows == [("museum.education_programs", 2030, 4.0), ("museum.events", None, 6.0)]


def test_a_table_column_of_what_was_is_background_and_a_cell_may_date_its_values():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| Chỉ tiêu | Đối tượng | Hiện trạng năm 2024 | Mục tiêu (năm 2027; năm 2030) |\n"
            "|---|---|---|---|\n"
            "| Cung cấp dịch vụ HTSĐ cho người sử dụng thư viện | Thư viện tỉnh | 100% | Duy trì 100% |\n"
            "|  | Thư viện xã, phường | 38% | Năm 2027: 50%; năm 2030: 70% |\n")
    _, targets, warnings = read_targets(text, issued_on="2025-11-18")
    assert sorted((t.subject, t.year, t.value) for t in targets) == [
        ("commune_public", 2027, 50.0), ("commune_public", 2030, 70.0),
        ("provincial_public", 2027, 100.0), ("provincial_public", 2030, 100.0)]
    # the 2024 state is no target, and none of its numbers is skipped without a word
    said = [w.message for w in warnings if w.code == "past_value"]
    assert said == ["100 in a column of results or the present state (2024): background, not stored as a target",
                    "38 in a column of results or the present state (2024): background, not stored as a target"]


def test_a_table_column_dated_before_the_plan_is_background():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| STT | Chỉ tiêu | Đơn vị | Chỉ tiêu năm 2025 | Năm 2024 |\n"
            "| 1 | Thư viện xã, phường cung cấp dịch vụ phục vụ học tập suốt đời | % | 45 | 31 |\n")
    _, targets, _ = read_targets(text, issued_on="2025-03-24", plan_year=2025)
    assert [(t.subject, t.year, t.value) for t in targets] == [("commune_public", 2025, 45.0)]


def test_a_keep_cell_takes_the_value_to_its_left_as_implicit():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| TT | Chỉ tiêu | Đơn vị tính | Kết quả năm 2024 | Năm 2027 | Năm 2030 |\n"
            "| 1 | Thư viện tỉnh cung cấp dịch vụ phục vụ việc học tập suốt đời | % | 100 | Duy trì | Duy trì |\n"
            "| 2 | Thư viện xã, phường ứng dụng công nghệ thông tin | % | 6 | 20 | Duy trì |\n")
    _, targets, _ = read_targets(text, issued_on="2025-10-14")
    assert sorted((t.indicator, t.subject, t.year, t.value, t.implicit, t.confidence) for t in targets) == [
        ("library.digital", "commune_public", 2027, 20.0, False, 1.0),
        ("library.digital", "commune_public", 2030, 20.0, True, 0.9),
        ("library.lll_services", "provincial_public", 2027, 100.0, True, 0.9),
        ("library.lll_services", "provincial_public", 2030, 100.0, True, 0.9)]


def test_a_caption_giving_the_unit_makes_a_tables_bare_numbers_percentages():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "Bảng 1. Tỷ lệ thư viện cung cấp dịch vụ phục vụ việc học tập suốt đời (Đơn vị tính: %)\n"
            "| Loại thư viện | 2026 | 2030 |\n|---|---|---|\n"
            "| Thư viện tỉnh | 100 | 100 |\n| Thư viện xã, phường | 45 | 65 |\n")
    rows = sorted((t[1], t[2], t[3]) for t in _rows(text))
    assert rows == [("commune_public", 2026, 45.0), ("commune_public", 2030, 65.0),
                    ("provincial_public", 2026, 100.0), ("provincial_public", 2030, 100.0)]


def test_a_table_of_tier_columns_and_indicator_rows_dates_each_value_in_its_cell():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| Chỉ tiêu | Thư viện tỉnh | Thư viện cấp xã |\n|---|---|---|\n"
            "| Ứng dụng công nghệ thông tin và chuyển đổi số trong quản lý | 2025: 100% / 2030: 100% | 2025: 20% / 2030: - |\n")
    rows = sorted((t[0], t[1], t[2], t[3]) for t in _rows(text))
    assert rows == [("library.digital", "commune_public", 2025, 20.0), ("library.digital", "provincial_public", 2025, 100.0),
                    ("library.digital", "provincial_public", 2030, 100.0)]


def test_counts_under_a_heading_saying_every_year_are_yearly_and_take_no_year_of_the_part_above():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030\n"
            "a) Chỉ tiêu đến năm 2030\n- 100% thư viện cấp xã có cung cấp dịch vụ phục vụ học tập suốt đời.\n"
            "b) Chỉ tiêu thực hiện hằng năm\n"
            "- Thư viện tỉnh tổ chức ít nhất 06 cuộc trưng bày, giới thiệu sách theo chuyên đề.\n"
            "- Bảo tàng tỉnh tổ chức ít nhất 02 hoạt động giáo dục trải nghiệm cho học sinh.\n")
    _, targets, _ = read_targets(text, issued_on="2025-09-15")
    assert [(t.indicator, t.subject, t.year, t.value, t.unit) for t in targets] == [
        ("library.lll_services", "commune_public", 2030, 100.0, "percent"),
        ("library.events", "provincial_public", None, 6.0, "count_per_year"),
        ("museum.events", "provincial_museum", None, 2.0, "count_per_year"),
    ]


def test_a_merged_institution_gives_each_count_to_the_member_its_cue_names():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Hằng năm, Bảo tàng - Thư viện tỉnh tổ chức tối thiểu 06 cuộc trưng bày sách theo chuyên đề; "
            "phối hợp với các trường tổ chức ít nhất 04 hoạt động giáo dục trải nghiệm cho học sinh.\n"
            "- Tổ chức 02 lớp tập huấn nghiệp vụ thư viện cho công chức văn hóa cấp xã.\n")
    _, targets, warnings = read_targets(text, issued_on="2025-09-15")
    assert [(t.indicator, t.subject, t.value) for t in targets] == [
        ("library.events", "provincial_public", 6.0), ("museum.events", "provincial_museum", 4.0)]
    # the training classes fit no indicator: reported with their span, not stored under a guess
    assert [w.message for w in warnings if w.code == "unclassified_target"] == [
        "2 count (2030) fits no indicator, not stored: Tổ chức 02 lớp tập huấn nghiệp vụ thư viện cho công chức "
        "văn hóa cấp xã."]


def test_a_value_dated_before_the_period_the_title_names_is_background(tmp_path):
    from extractor.pipeline import parse_file

    path = tmp_path / "plan.txt"
    path.write_text("ỦY BAN NHÂN DÂN\nXÃ TÂN HIỆP\nSố: 214/KH-UBND\nTân Hiệp, ngày 15 tháng 12 năm 2025\nKẾ HOẠCH\n"
                    "Phát triển thư viện trên địa bàn xã Tân Hiệp, giai đoạn 2026 - 2030\n"
                    "II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
                    "- Năm 2025 mới có 06/16 tủ sách cộng đồng (37,5%) cung cấp dịch vụ phục vụ học tập suốt đời; đến "
                    "năm 2030 đạt 87,5% tủ sách cộng đồng cung cấp dịch vụ phục vụ học tập suốt đời.\n", encoding="utf-8")
    plan = parse_file(path)
    assert plan.metadata.start_year == 2026
    assert [(t.subject, t.year, t.value) for t in plan.targets] == [("private_community", 2030, 87.5)]
    assert [w.message for w in plan.warnings if w.code == "past_value"] == [
        "37.5 dated 2025, before the plan (2026): background, not stored as a target "
        "(library.lll_services, private_community)"]


def test_a_count_naming_no_institution_is_of_the_institution_its_part_heading_names():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\nb) Bảo tàng tỉnh\n"
            "- Xây dựng ít nhất 03 chương trình giáo dục di sản cho học sinh.\n"
            "- Tổ chức 02 cuộc/tháng hoạt động giáo dục trải nghiệm tại Bảo tàng.\n")
    _, targets, warnings = read_targets(text, issued_on="2026-01-20")
    assert [(t.indicator, t.subject, t.value, t.unit, t.rule) for t in targets] == [
        ("museum.education_programs", "provincial_museum", 3.0, "count", "count"),
        ("museum.events", "provincial_museum", 24.0, "count_per_year", "count+per_period")]
    assert targets[1].confidence < 0.9
    assert [w.message for w in warnings if w.code == "per_period_count"] == ["02 cuộc for each tháng stored as 24 a year"]


def test_values_tuong_ung_after_a_lead_ins_items_spread_over_all_the_items():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "Tỷ lệ thiết chế văn hóa có lớp năng khiếu, câu lạc bộ, nhóm sở thích hoạt động thường xuyên đến năm 2030:\n"
            "- Trung tâm văn hóa, thể thao cấp xã: 100%;\n- Nhà văn hóa thôn, tổ dân phố: 85%.\n"
            "Đến năm 2027, các tỷ lệ tương ứng đạt 80% và 65%.\n"
            "Tỷ lệ thư viện ứng dụng công nghệ thông tin và chuyển đổi số đến năm 2030:\n- Thư viện tỉnh: 100%.\n"
            "Riêng đối với thư viện cấp xã, tỷ lệ này đạt tối thiểu 25% vào năm 2027.\n")
    rows = [(i, s, y, v) for i, s, y, v, _ in _rows(text)]
    assert rows == [("culture_center.clubs", "commune_center", 2030, 100.0),
                    ("culture_center.clubs", "village_house", 2030, 85.0),
                    ("culture_center.clubs", "commune_center", 2027, 80.0),
                    ("culture_center.clubs", "village_house", 2027, 65.0),
                    ("library.digital", "provincial_public", 2030, 100.0),
                    ("library.digital", "commune_public", 2027, 25.0)]


def test_a_sentence_going_on_with_a_model_read_indicator_keeps_its_doubt():
    from extractor.core.models import Metadata, SegmentedPlan
    from extractor.extract.targets import extract_targets
    from extractor.read.normalise import normalise
    from extractor.structure.segment import segment

    def guess(sentence, sector, unit):  # a model that reads every sentence as digital, unsure of it
        return ("library.digital", 0.55)

    norm = normalise("II. MỤC TIÊU\n- Đến năm 2025, 50% thư viện cấp huyện có góc tài liệu bằng tiếng Khmer; "
                     "đến năm 2030, nâng lên 100% thư viện cấp huyện.\n")
    sections, blocks = segment(norm)
    plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks,
                                         metadata=Metadata(horizon_year=2030, issued_on="2023-06-14"))
    targets, _ = extract_targets(plan, classifier=guess)
    assert [(t.year, t.value, t.method, t.confidence <= 0.55) for t in targets] == [
        (2025, 50.0, "model", True), (2030, 100.0, "model", True)]


def test_a_space_table_row_whose_number_and_values_stand_on_its_labels_middle_line():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "TT    Chỉ tiêu                                         Đơn vị     Năm 2025  Năm 2030\n"
            "1     Thư viện công cộng cấp xã cung cấp dịch vụ       %             30        50\n"
            "      phục vụ việc học tập suốt đời\n"
            "      Thư viện lực lượng vũ trang (Công an tỉnh, Bộ\n"
            "2     Chỉ huy Quân sự tỉnh) cung cấp dịch vụ phục      %             80       100\n"
            "      vụ học tập suốt đời cho cán bộ, chiến sĩ\n"
            "3     Chương trình giáo dục di sản dành cho học sinh   Chương trình   4         8\n"
            "      do\n"
            "      Bảo tàng tỉnh xây dựng, triển khai (lũy kế)\n"
            "4     Số lượt khách tham quan bảo tàng tăng bình       %/năm         10        12\n"
            "      quân\n")
    rows = [(i, s, y, v) for i, s, y, v, _ in _rows(text)]
    assert rows == [("library.lll_services", "commune_public", 2025, 30.0),
                    ("library.lll_services", "commune_public", 2030, 50.0),
                    ("library.lll_services", "armed_forces", 2025, 80.0),
                    ("library.lll_services", "armed_forces", 2030, 100.0),
                    ("museum.education_programs", "provincial_museum", 2025, 4.0),
                    ("museum.education_programs", "provincial_museum", 2030, 8.0),
                    ("museum.visitor_growth", None, 2025, 10.0),
                    ("museum.visitor_growth", None, 2030, 12.0)]


def test_an_amended_target_is_not_read_and_the_new_one_keeps_full_confidence():
    text = ("II. MỤC TIÊU\n1. Điều chỉnh chỉ tiêu\n"
            "c) Thay thế chỉ tiêu “số lượt người sử dụng thư viện tăng bình quân 10%/năm đến năm 2025” bằng chỉ tiêu:\n"
            "“Số lượt người sử dụng thư viện tăng bình quân 7%/năm đến năm 2025.”\n")
    _, targets, warnings = read_targets(text, issued_on="2025-09-19")
    assert [(t.year, t.value, t.confidence, t.quote) for t in targets] == [
        (2025, 7.0, 1.0, "lượt người sử dụng thư viện tăng bình quân 7%/năm")]
    assert [w.code for w in warnings] == ["superseded_target"]


def test_a_figure_dated_by_a_month_before_the_plans_issue_is_background():
    text = ("II. MỤC TIÊU\n1. Thực trạng và mục tiêu\n"
            "- Đến tháng 6/2025, 14/23 thư viện cấp huyện (đạt 61%) và 31% thư viện cấp xã đã tổ chức dịch vụ phục vụ "
            "học tập suốt đời; đến năm 2030, 80% thư viện cấp xã cung cấp dịch vụ phục vụ học tập suốt đời.\n")
    _, targets, warnings = read_targets(text, issued_on="2025-09-19")
    assert [(t.subject, t.year, t.value) for t in targets] == [("commune_public", 2030, 80.0)]
    assert [w.message.split(":")[0] for w in warnings if w.code == "past_value"] == [
        "60.9 dated 6/2025, before the plan (9/2025)", "31 dated 6/2025, before the plan (9/2025)"]


def test_an_appendix_whose_label_stands_alone_above_its_title_is_read_and_its_estimate_column_is_background(tmp_path):
    from extractor.pipeline import parse_file

    path = tmp_path / "plan.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 318/KH-UBND\nLâm Đồng, ngày 22 tháng 12 năm 2025\nKẾ HOẠCH\n"
        "Thực hiện Chương trình đến năm 2030\nI. MỤC TIÊU\nChi tiết tại Phụ lục I kèm theo.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Văn hóa, Thể thao và Du lịch\n- Chủ trì triển khai Kế hoạch.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhạm Thị Hồng Nhung\n\n"
        "PHỤ LỤC I\nCÁC CHỈ TIÊU CỤ THỂ\n"
        "| TT | Chỉ tiêu | ĐVT | Ước TH năm 2025 | Đến năm 2027 | Đến năm 2030 |\n"
        "|----|----------|-----|-----------------|--------------|--------------|\n"
        "| 1 | Thư viện công cộng cấp xã cung cấp dịch vụ phục vụ việc học tập suốt đời | % | 21 | 40 | 60 |\n",
        encoding="utf-8")
    plan = parse_file(path)
    assert [(s.label, s.heading) for s in plan.sections if s.label and s.label.startswith("PHỤ")] == [
        ("PHỤ LỤC I", "CÁC CHỈ TIÊU CỤ THỂ")]
    assert [(t.subject, t.year, t.value) for t in plan.targets] == [("commune_public", 2027, 40.0),
                                                                    ("commune_public", 2030, 60.0)]


def test_a_caption_wrapped_over_two_lines_above_a_unit_line_names_the_tables_indicator():
    # A space-aligned PDF table: caption, unit line, then a header whose last column is a period.
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "Lộ trình thực hiện theo tỷ lệ trên tổng số thư viện của từng loại hình, như sau:\n"
            "Bảng 2. Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số trong quản lý,\n"
            "tổ chức hoạt động phục vụ học tập suốt đời\n"
            "Đơn vị tính: %\n"
            "| STT | Loại hình thư viện | 2024 | 2026 - 2030 |\n"
            "| 1 | Thư viện tỉnh | 100 | 100 |\n| 2 | Thư viện công cộng cấp xã | - | 30 |\n")
    assert sorted((t[0], t[1], t[2], t[3]) for t in _rows(text)) == [
        ("library.digital", "commune_public", 2030, 30.0), ("library.digital", "provincial_public", 2024, 100.0),
        ("library.digital", "provincial_public", 2030, 100.0)]


def test_a_second_tables_caption_wrapped_between_the_tables_is_read_whole():
    # The caption's second line names services ("phục vụ học tập suốt đời"): the whole caption is digital.
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "Bảng 1. Tỷ lệ thư viện cung cấp dịch vụ học tập suốt đời (%)\n"
            "| Loại hình | 2025 | Giai đoạn 2026-2030 |\n| Thư viện tỉnh | 100 | 100 |\n"
            "Bảng 2. Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số trong quản lý,\n"
            "tổ chức hoạt động phục vụ học tập suốt đời\n"
            "| Loại hình | 2025 | 2026-2030 (%) |\n| Thư viện tỉnh | 90% | 100% |\n")
    assert sorted((t[0], t[1], t[2], t[3]) for t in _rows(text)) == [
        ("library.digital", "provincial_public", 2025, 90.0), ("library.digital", "provincial_public", 2030, 100.0),
        ("library.lll_services", "provincial_public", 2025, 100.0),
        ("library.lll_services", "provincial_public", 2030, 100.0)]
