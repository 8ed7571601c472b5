"""Families met on the blind plans ey-fd: a header row naming an indicator over each pair of year columns,
tier names by school level and by college, Word's "o" bullets, a value in words before its digits, values
spread over the groups of a target named by its year, shares each named with "tỷ lệ", counts listed before
the noun they share, and numbered lead-in lines (exact rows)."""
from __future__ import annotations

from conftest import read_targets


def _rows(text: str, issued_on: str = "2025-10-20"):
    plan, targets, _ = read_targets(text, issued_on=issued_on)
    return [(t.indicator, t.subject, t.year, t.value) for t in targets], plan


def test_a_header_row_naming_an_indicator_over_each_pair_of_year_columns():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "| TT | Loại thiết chế | Cung cấp dịch vụ HTSĐ (%) | | Ứng dụng CNTT, chuyển đổi số (%) | |\n"
            "|---|---|---|---|---|---|\n| | | 2027 | 2030 | 2027 | 2030 |\n"
            "| 1 | Thư viện công cộng cấp xã | 45 | 65 | 20 | 35 |\n")
    rows, _ = _rows(text)
    assert sorted(rows) == [("library.digital", "commune_public", 2027, 20.0), ("library.digital", "commune_public", 2030, 35.0),
                            ("library.lll_services", "commune_public", 2027, 45.0),
                            ("library.lll_services", "commune_public", 2030, 65.0)]


def test_tiers_named_by_school_level_by_college_and_by_reading_room():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "+ Đến năm 2027: 30% phòng đọc sách cơ sở, 75% thư viện các trường tiểu học, THCS, THPT và thư viện các "
            "trường cao đẳng, trung cấp trên địa bàn cung cấp dịch vụ phục vụ việc học tập suốt đời.\n")
    rows, _ = _rows(text)
    assert rows == [("library.lll_services", "private_community", 2027, 30.0),
                    ("library.lll_services", "school", 2027, 75.0), ("library.lll_services", "vocational", 2027, 75.0)]


def test_words_second_level_bullet_o_opens_an_item_and_a_value_in_words_before_its_digits():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n• Đến năm 2030:\n"
            "o Thư viện tỉnh, sáu mươi phần trăm (60%) thư viện công cộng cấp xã cung cấp dịch vụ phục vụ việc học "
            "tập suốt đời.\n"
            "o Số lượt người sử dụng thư viện tăng bình quân 10 - 12 % mỗi năm.\n")
    rows, plan = _rows(text)
    assert rows == [("library.lll_services", "provincial_public", 2030, 100.0),
                    ("library.lll_services", "commune_public", 2030, 60.0), ("library.user_growth", None, 2030, 10.0)]
    assert [b.kind for b in plan.blocks] == ["bullet", "bullet", "bullet"]


def test_values_spread_over_the_groups_of_a_target_named_by_its_year():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n• Đến năm 2027:\n"
            "o 100 phần trăm Thư viện tỉnh; 30 % thư viện công cộng cấp xã ứng dụng công nghệ thông tin và chuyển "
            "đổi số trong quản lý.\n• Đến năm 2030:\n"
            "o Thư viện tỉnh, 60 % thư viện công cộng cấp xã, 90 % thư viện cơ sở giáo dục phổ thông cung cấp dịch "
            "vụ phục vụ việc học tập suốt đời.\n"
            "o Về ứng dụng công nghệ thông tin và chuyển đổi số, đạt lần lượt 100 % và 40 % đối với các nhóm thư "
            "viện tương ứng nêu tại chỉ tiêu năm 2027.\n")
    rows, _ = _rows(text)
    assert [r for r in rows if r[0] == "library.digital"] == [
        ("library.digital", "provincial_public", 2027, 100.0), ("library.digital", "commune_public", 2027, 30.0),
        ("library.digital", "provincial_public", 2030, 100.0), ("library.digital", "commune_public", 2030, 40.0)]


def test_shares_each_named_with_ty_le_take_the_values_tuong_ung_in_order():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Đến năm 2027, tỷ lệ xã, phường có trung tâm văn hóa - thể thao tổ chức lớp năng khiếu, câu lạc bộ "
            "hoạt động thường xuyên và tỷ lệ nhà văn hóa ấp, khóm duy trì câu lạc bộ, nhóm sở thích sinh hoạt định "
            "kỳ đạt tương ứng 75% và 60%.\n")
    rows, _ = _rows(text)
    assert rows == [("culture_center.clubs", "commune_center", 2027, 75.0),
                    ("culture_center.clubs", "village_house", 2027, 60.0)]


def test_counts_listed_before_the_noun_they_share_go_lan_luot_over_the_years_after_them():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Bảo tàng tỉnh xây dựng lần lượt tối thiểu 04 và 06 chương trình giáo dục theo chủ đề vào các năm "
            "2027 và 2030.\n")
    rows, _ = _rows(text)
    assert rows == [("museum.education_programs", "provincial_museum", 2027, 4.0),
                    ("museum.education_programs", "provincial_museum", 2030, 6.0)]


def test_a_numbered_line_leading_in_its_targets_is_no_heading():
    text = ("II. MỤC TIÊU\n1. Mục tiêu chung\nNâng cao chất lượng phục vụ.\n2. Mục tiêu cụ thể năm 2026\n"
            "1. Tỷ lệ thư viện có cung cấp dịch vụ phục vụ việc học tập suốt đời năm 2026:\n"
            "- Thư viện tỉnh: 100%;\n- Thư viện cấp xã: 40%.\n")
    rows, plan = _rows(text, issued_on="2026-01-16")
    assert [s.heading for s in plan.sections] == ["MỤC TIÊU", "Mục tiêu chung", "Mục tiêu cụ thể năm 2026"]
    assert rows == [("library.lll_services", "provincial_public", 2026, 100.0),
                    ("library.lll_services", "commune_public", 2026, 40.0)]


def test_a_space_table_labels_wrapped_rest_under_a_row_ending_do_goes_on_that_row():
    # "... dành cho học sinh do" / "Bảo tàng tỉnh xây dựng (lũy kế)": the rest of row 2, not the start of row 3;
    # and "do Bảo tàng quản lý" names the museum of row 3 back, no tier of its own.
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "TT   Chỉ tiêu                                          ĐVT           Năm 2027   Năm 2030\n"
            "1    Chương trình giáo dục dành cho học sinh do        chương trình  4          6\n"
            "     Bảo tàng tỉnh xây dựng (lũy kế)\n"
            "2    Hoạt động giáo dục trải nghiệm tại Bảo tàng tỉnh  cuộc/năm      15         20\n"
            "     và các điểm di tích do Bảo tàng quản lý\n")
    rows, _ = _rows(text)
    assert sorted(rows) == [("museum.education_programs", "provincial_museum", 2027, 4.0),
                            ("museum.education_programs", "provincial_museum", 2030, 6.0),
                            ("museum.events", "provincial_museum", 2027, 15.0),
                            ("museum.events", "provincial_museum", 2030, 20.0)]


def test_a_bracketed_aside_for_a_group_no_tier_names_is_no_target_of_the_list():
    # "(đối với các xã vùng đặc biệt khó khăn đạt 30%)" is reported, not stored, nor paired with the next tier;
    # "từ 50% trở lên số xã, phường, thị trấn": communes standing for their centres after a lower bound too
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Đến năm 2025, từ 50% trở lên số xã, phường, thị trấn (đối với các xã vùng đặc biệt khó khăn đạt "
            "30%) và 40% nhà văn hóa bản, tổ dân phố có lớp năng khiếu, câu lạc bộ, nhóm sở thích hoạt động "
            "thường xuyên; đến năm 2030, tỷ lệ tương ứng đạt 80% và 70%.\n")
    rows, _ = _rows(text, issued_on="2023-05-26")
    assert rows == [("culture_center.clubs", "commune_center", 2025, 50.0), ("culture_center.clubs", "village_house", 2025, 40.0),
                    ("culture_center.clubs", "commune_center", 2030, 80.0), ("culture_center.clubs", "village_house", 2030, 70.0)]


def test_per_institution_lines_with_several_indicators_and_years():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Thư viện cấp xã: 50% (năm 2027), 70% (năm 2030) cung cấp dịch vụ phục vụ việc học tập suốt đời; "
            "30% và 45% ứng dụng công nghệ thông tin, chuyển đổi số vào các năm tương ứng.\n"
            "- Thư viện trường đại học, thư viện chuyên ngành: lần lượt 95% và 100% cung cấp dịch vụ phục vụ học "
            "tập suốt đời vào năm 2027 và năm 2030.\n"
            "- Thư viện lực lượng vũ trang: 85% vào năm 2027 cung cấp dịch vụ phục vụ học tập suốt đời; đến năm "
            "2030 có ít nhất 80% ứng dụng công nghệ thông tin, chuyển đổi số.\n")
    rows, _ = _rows(text)
    assert rows == [
        ("library.lll_services", "commune_public", 2027, 50.0), ("library.lll_services", "commune_public", 2030, 70.0),
        ("library.digital", "commune_public", 2027, 30.0), ("library.digital", "commune_public", 2030, 45.0),
        ("library.lll_services", "university", 2027, 95.0), ("library.lll_services", "specialized", 2027, 95.0),
        ("library.lll_services", "university", 2030, 100.0), ("library.lll_services", "specialized", 2030, 100.0),
        ("library.lll_services", "armed_forces", 2027, 85.0), ("library.digital", "armed_forces", 2030, 80.0)]


def test_a_count_naming_nothing_in_its_clause_goes_on_with_the_previous_count():
    # "nâng lên 04 - 06 chương trình" is the museum's programmes, not the next clause's events; a museum named in
    # a later clause's cue ("khách tham quan chọn bảo tàng") takes no count's subject
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Bảo tàng tỉnh: đến năm 2027 xây dựng và triển khai ít nhất 02 chương trình giáo dục lịch sử, văn hóa; "
            "đến năm 2030 nâng lên 04 - 06 chương trình; hằng năm tổ chức tối thiểu 08 hoạt động giáo dục trải "
            "nghiệm; số lượt khách tham quan chọn bảo tàng để nghiên cứu, học tập tăng bình quân 8%/năm.\n")
    rows, _ = _rows(text)
    assert rows[:3] == [("museum.education_programs", "provincial_museum", 2027, 2.0),
                        ("museum.education_programs", "provincial_museum", 2030, 4.0),
                        ("museum.events", "provincial_museum", None, 8.0)]


def test_a_table_of_years_as_rows_whose_columns_each_name_a_tiers_share_of_an_indicator():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\nBiểu 1. Lộ trình thực hiện ở cấp xã\n"
            "| Năm | Tỷ lệ thư viện cấp xã cung cấp dịch vụ học tập suốt đời (%) | Tỷ lệ nhà văn hóa thôn, tổ dân phố "
            "có câu lạc bộ (%) |\n|---|---|---|\n| 2026 | 30 | 60 |\n| 2030 | 60 | 85 |\n")
    rows, _ = _rows(text)
    assert sorted(rows) == [("culture_center.clubs", "village_house", 2026, 60.0), ("culture_center.clubs", "village_house", 2030, 85.0),
                            ("library.lll_services", "commune_public", 2026, 30.0),
                            ("library.lll_services", "commune_public", 2030, 60.0)]


def test_a_bracket_holding_only_a_list_of_years_dates_the_value_before_it_for_each():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "1.4. Thư viện tỉnh ứng dụng công nghệ thông tin và chuyển đổi số trong quản lý: 100% (năm 2027 và năm 2030).\n"
            "1.2. Thư viện cấp xã cung cấp dịch vụ phục vụ việc học tập suốt đời (hiện nay đạt khoảng 30%): 45% (năm 2027).\n")
    rows, _ = _rows(text)
    assert rows == [("library.digital", "provincial_public", 2027, 100.0), ("library.digital", "provincial_public", 2030, 100.0),
                    ("library.lll_services", "commune_public", 2027, 45.0)]


def test_a_value_with_an_unread_tier_of_its_own_borrows_no_tier_from_the_next_value():
    # "35% thư viên cấp xã" (a misread tone): reported, not stored as the university libraries' 35;
    # "l00%" and "|" are an OCR's readings of "100%" and of a margin
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Đến năm 2025, phấn đấu 75% thư viện cấp huyện, 35% thư viên cấp xã,\n"
            "|90% thư viện trường đại học và l00% Thư viện tỉnh cung cấp dịch vụ phục vụ việc học tập suốt đời.\n")
    rows, _ = _rows(text, issued_on="2023-04-18")
    assert rows == [("library.lll_services", "district_public", 2025, 75.0), ("library.lll_services", "university", 2025, 90.0),
                    ("library.lll_services", "provincial_public", 2025, 100.0)]


def test_a_table_cell_listing_tiers_with_their_values():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "| TT | Chỉ tiêu | Mục tiêu 2025 | Mục tiêu 2030 |\n|---|---|---|---|\n"
            "| 7 | Thư viện công cộng ứng dụng công nghệ thông tin và chuyển đổi số<br>trong quản lý | Thư viện tỉnh: "
            "100%<br>Thư viện cấp huyện: 60% | Thư viện tỉnh: 100%<br>Thư viện cấp huyện: 70% |\n")
    rows, _ = _rows(text, issued_on="2023-04-14")
    assert sorted(rows) == [("library.digital", "district_public", 2025, 60.0), ("library.digital", "district_public", 2030, 70.0),
                            ("library.digital", "provincial_public", 2025, 100.0),
                            ("library.digital", "provincial_public", 2030, 100.0)]


def test_lettered_items_after_cu_the_nhu_sau_each_a_tier_dat_a_value():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Phấn đấu các thư viện ứng dụng công nghệ thông tin và chuyển đổi số trong quản lý trước năm 2030. "
            "Cụ thể như sau:\na) Thư viện tỉnh đạt 100%, thư viện công cộng cấp xã đạt 35%;\n"
            "b) Thư viện cơ sở giáo dục phổ thông đạt 80%.\n"
            "- Hằng năm, Thư viện tỉnh tổ chức ít nhất 12 cuộc trưng bày, giới thiệu sách theo chuyên đề.\n")
    rows, plan = _rows(text)
    assert rows == [("library.digital", "provincial_public", 2030, 100.0), ("library.digital", "commune_public", 2030, 35.0),
                    ("library.digital", "school", 2030, 80.0), ("library.events", "provincial_public", None, 12.0)]
    assert [s.heading for s in plan.sections] == ["MỤC TIÊU", "Mục tiêu cụ thể"]


def test_an_item_opening_with_a_year_label_dates_all_its_clauses_and_como_nam_is_no_date():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "b) Đến năm 2030: 70% thư viện cấp xã cung cấp dịch vụ phục vụ việc học tập suốt đời; Bảo tàng tỉnh "
            "tổ chức ít nhất 05 chương trình giáo dục lịch sử; 90% trung tâm văn hóa, thể thao cấp xã có lớp năng "
            "khiếu, câu lạc bộ; các chỉ tiêu còn lại giữ như năm 2027.\n")
    rows, _ = _rows(text)
    assert sorted(rows) == [("culture_center.clubs", "commune_center", 2030, 90.0),
                            ("library.lll_services", "commune_public", 2030, 70.0),
                            ("museum.education_programs", "provincial_museum", 2030, 5.0)]


def test_values_spread_over_the_groups_of_a_target_named_by_its_place_in_the_plan():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\na) Đến năm 2027:\n"
            "- Thư viện tỉnh, 50% thư viện công cộng cấp xã, 85% thư viện lực lượng vũ trang có cung cấp dịch vụ "
            "phục vụ việc học tập suốt đời cho người sử dụng thư viện;\n"
            "- 100% thư viện công cộng cấp tỉnh, tối thiểu 25% thư viện công cộng cấp xã có ứng dụng công nghệ thông "
            "tin và chuyển đổi số trong quản lý;\nb) Đến năm 2030:\n"
            "- Tỷ lệ thư viện có cung cấp dịch vụ phục vụ việc học tập suốt đời cho người sử dụng đạt lần lượt 100%, "
            "70% và 100% đối với các loại thư viện nêu tại gạch đầu dòng thứ nhất điểm a khoản này.\n")
    rows, _ = _rows(text)
    assert [r for r in rows if r[2] == 2030] == [("library.lll_services", "provincial_public", 2030, 100.0),
                                                 ("library.lll_services", "commune_public", 2030, 70.0),
                                                 ("library.lll_services", "armed_forces", 2030, 100.0)]


def test_a_trong_do_sub_row_takes_the_indicator_of_its_totals_row_not_of_the_group_above():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n"
            "| TT | Nội dung chỉ tiêu | Đơn vị | Kế hoạch 2026 |\n|---|---|---|---|\n"
            "| 2 | Tỷ lệ thư viện ứng dụng công nghệ thông tin và chuyển đổi số | | |\n"
            "| 2.1 | Thư viện tỉnh | % | 100 |\n"
            "| 5 | Cuộc trưng bày, giới thiệu sách theo chuyên đề của hệ thống thư viện công cộng | cuộc | 60 |\n"
            "| | *Trong đó:* Thư viện tỉnh | cuộc | ≥ 12 |\n")
    rows, _ = _rows(text, issued_on="2026-01-10")
    assert rows == [("library.digital", "provincial_public", 2026, 100.0), ("library.events", None, 2026, 60.0),
                    ("library.events", "provincial_public", 2026, 12.0)]
