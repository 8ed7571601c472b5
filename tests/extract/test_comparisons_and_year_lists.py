"""Families met on the blind plans ei-ex: a value cited from the national programme to compare with, a
row of what was in a table of years as rows, a tier column of another sector under a caption, lists
under an indicator lead-in going on under later year headers, and a clause naming its subject with no
share before a dated clause (exact rows and warnings)."""
from __future__ import annotations

from conftest import read_targets


def _rows(text: str, issued_on: str = "2024-05-20"):
    _, targets, warnings = read_targets(text, issued_on=issued_on)
    return [(t.indicator, t.subject, t.year, t.value, t.confidence) for t in targets], warnings


def test_a_value_cited_from_the_national_programme_to_compare_with_is_no_target():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Đến năm 2030, thư viện cấp xã có cung cấp dịch vụ phục vụ việc học tập suốt đời đạt 80% "
            "(cao hơn mục tiêu chung của Đề án là 60%).\n"
            "- Đến năm 2030, 50% thư viện cấp xã ứng dụng công nghệ thông tin và chuyển đổi số, so với mức "
            "bình quân cả nước (45%).\n"
            "- Đến năm 2030, 95% thư viện cơ sở giáo dục phổ thông ứng dụng công nghệ thông tin và chuyển đổi số "
            "(Đề án đặt mục tiêu 90%).\n")
    rows, warnings = _rows(text)
    assert [r[:4] for r in rows] == [("library.lll_services", "commune_public", 2030, 80.0),
                                     ("library.digital", "commune_public", 2030, 50.0),
                                     ("library.digital", "school", 2030, 95.0)]
    # nothing skipped silently: the cited figures are reported
    assert sorted(w.message.split(" not read")[0] for w in warnings if w.code == "unexplained_number") == [
        "number 45", "number 60", "number 90"]


def test_the_programmes_target_taken_as_the_plans_own_is_a_target():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Phấn đấu đạt mục tiêu của Đề án là 100% thư viện tỉnh có cung cấp dịch vụ phục vụ việc học tập "
            "suốt đời vào năm 2030.\n")
    rows, _ = _rows(text)
    assert [r[:4] for r in rows] == [("library.lll_services", "provincial_public", 2030, 100.0)]


def test_a_row_of_the_present_state_in_a_table_of_years_is_background():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "Bảng 1. Tỷ lệ thư viện, bảo tàng cung cấp dịch vụ, chương trình phục vụ việc học tập suốt đời\n"
            "| Năm | Thư viện tỉnh | Thư viện cấp xã | Bảo tàng tỉnh |\n|---|---|---|---|\n"
            "| Hiện trạng năm 2025 | 100% | 21% | 50% |\n"
            "| 2030 | 100% | 70% | 100% |\n")
    rows, warnings = _rows(text, issued_on="2025-10-14")
    # the museum's column takes its own sector's member of the caption's indicator, in the band checked
    assert rows == [("library.lll_services", "provincial_public", 2030, 100.0, 0.9),
                    ("library.lll_services", "commune_public", 2030, 70.0, 0.9),
                    ("museum.education_programs", "provincial_museum", 2030, 100.0, 0.85)]
    assert [w.message for w in warnings if w.code == "past_value"] == [
        "100 in a column of results or the present state (2025): background, not stored as a target",
        "21 in a column of results or the present state (2025): background, not stored as a target",
        "50 in a column of results or the present state (2025): background, not stored as a target"]


def test_items_under_an_indicator_lead_in_go_on_under_a_later_year_header():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Về ứng dụng công nghệ thông tin và chuyển đổi số trong quản lý, tổ chức hoạt động phục vụ việc "
            "học tập suốt đời, tỷ lệ thư viện đạt yêu cầu như sau:\n"
            "Đến năm 2027:\n- Thư viện tỉnh: 100%;\n- Thư viện cấp xã: 20%.\n"
            "Đến năm 2030:\n- Thư viện tỉnh: duy trì 100%;\n- Thư viện cấp xã: không dưới 30%.\n"
            "- Hằng năm, Thư viện tỉnh tổ chức ít nhất 10 cuộc trưng bày, giới thiệu sách theo chuyên đề.\n")
    rows, _ = _rows(text)
    # the yearly count after the list is every year's, not the last header's
    assert [r[:4] for r in rows] == [
        ("library.digital", "provincial_public", 2027, 100.0), ("library.digital", "commune_public", 2027, 20.0),
        ("library.digital", "provincial_public", 2030, 100.0), ("library.digital", "commune_public", 2030, 30.0),
        ("library.events", "provincial_public", None, 10.0)]


def test_a_clause_naming_its_subject_with_no_share_leads_the_dated_clause_after_it():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "+ Tỷ lệ thư viện cấp xã cung cấp dịch vụ phục vụ việc học tập suốt đời đến năm 2027 tăng thêm "
            "20 điểm phần trăm so với năm 2023; đến năm 2030 không thấp hơn 60%.\n"
            "+ Tỷ lệ bảo tàng ngoài công lập xây dựng chương trình giáo dục cho mọi người dân tăng dần qua các "
            "năm; đến năm 2030 đạt 50%.\n")
    rows, _ = _rows(text)
    assert [r[:4] for r in rows] == [("library.lll_services", "commune_public", 2030, 60.0),
                                     ("museum.education_programs", "museums", 2030, 50.0)]


def test_a_firm_value_and_the_one_striven_for_beside_it_are_two_targets_the_second_for_review():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Đến năm 2030, thư viện công cộng cấp xã có cung cấp dịch vụ phục vụ việc học tập suốt đời đạt "
            "80%, phấn đấu 90%.\n"
            "- Đến năm 2030, thư viện cấp xã ứng dụng công nghệ thông tin và chuyển đổi số đạt 30%, bằng mức "
            "của cả nước, phấn đấu đạt 40%.\n")
    rows, warnings = _rows(text)
    assert [(r[0], r[3], r[4]) for r in rows] == [("library.lll_services", 80.0, 1.0), ("library.lll_services", 90.0, 0.8),
                                                  ("library.digital", 30.0, 1.0), ("library.digital", 40.0, 0.8)]
    assert [w.message for w in warnings if w.code == "ambiguous_reading"] == [
        'commune_public: library.lll_services (2030) is 80 firm and 90 striven for ("phấn đấu"); both stored, '
        'the second for review',
        'commune_public: library.digital (2030) is 30 firm and 40 striven for ("phấn đấu"); both stored, '
        'the second for review']


def test_an_amending_plan_reads_the_new_target_of_sua_doi_chi_tieu_not_the_old():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Sửa đổi chỉ tiêu: “Đến năm 2025, đạt 50% bảo tàng xây dựng và triển khai chương trình giáo dục "
            "lịch sử, văn hóa” thành “Đến năm 2027, đạt 60% bảo tàng xây dựng và triển khai chương trình giáo dục "
            "lịch sử, văn hóa cho mọi người dân”.\n")
    rows, warnings = _rows(text, issued_on="2025-09-22")
    assert [r[:4] for r in rows] == [("museum.education_programs", "museums", 2027, 60.0)]
    assert [w.code for w in warnings if w.code == "superseded_target"] == ["superseded_target"]


def test_a_yearly_count_beside_a_year_header_is_every_years_and_one_under_it_the_headers():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Đến năm 2030:\n"
            "+ 100% thư viện cấp xã có cung cấp dịch vụ phục vụ việc học tập suốt đời.\n"
            "+ Hằng năm, thư viện cấp huyện tổ chức ít nhất 04 cuộc trưng bày, giới thiệu sách theo chuyên đề.\n"
            "- Hằng năm, Thư viện tỉnh tổ chức ít nhất 12 cuộc trưng bày, giới thiệu sách theo chuyên đề.\n")
    rows, _ = _rows(text)
    assert [r[:4] for r in rows] == [("library.lll_services", "commune_public", 2030, 100.0),
                                     ("library.events", "district_public", 2030, 4.0),
                                     ("library.events", "provincial_public", None, 12.0)]


def test_at_one_place_the_longer_cue_names_the_indicator():
    # "chương trình giáo dục" (education programmes) starts where "chương trình giáo dục trải nghiệm" does
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Hằng năm, Bảo tàng tỉnh tổ chức ít nhất 02 chương trình giáo dục trải nghiệm cho học sinh.\n")
    rows, _ = _rows(text)
    assert [r[:4] for r in rows] == [("museum.events", "provincial_museum", None, 2.0)]


def test_abbreviations_given_in_brackets_after_one_defined_with_viet_tat_name_tiers():
    text = ("I. MỤC ĐÍCH, YÊU CẦU\nPhát huy vai trò của hệ thống thư viện (viết tắt là TV), bảo tàng (BT), trung "
            "tâm văn hóa, thể thao (TTVHTT) trong việc tổ chức các hoạt động.\n"
            "II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- BT trên địa bàn tỉnh xây dựng và triển khai chương trình giáo dục lịch sử, văn hóa, đạt 80% vào năm 2027.\n"
            "- TTVHTT cấp xã có lớp năng khiếu, câu lạc bộ, nhóm sở thích: đến năm 2027 đạt tỷ lệ 75%.\n")
    rows, _ = _rows(text)
    assert [r[:4] for r in rows] == [("museum.education_programs", "museums", 2027, 80.0),
                                     ("culture_center.clubs", "commune_center", 2027, 75.0)]


def test_the_share_of_a_centres_activities_is_the_centres_target():
    text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
            "- Phấn đấu đến năm 2025 đạt 80%, đến năm 2030 đạt 100% hoạt động của Trung tâm Văn hóa - Thể thao huyện "
            "được tổ chức theo hướng hỗ trợ nhu cầu hoạt động sáng tạo và hưởng thụ văn hóa nghệ thuật.\n")
    rows, _ = _rows(text, issued_on="2023-07-21")
    assert [r[:4] for r in rows] == [("culture_center.creative", "district_center", 2025, 80.0),
                                     ("culture_center.creative", "district_center", 2030, 100.0)]
