"""Targets written as a table: a header row dates the columns, group rows name the indicator."""
from __future__ import annotations

from conftest import SPACED_TABLE, read_targets

from extractor.read.normalise import normalise
from extractor.structure.segment import segment

TABLE = """II. MỤC TIÊU
2. Chỉ tiêu cụ thể
| STT | Nội dung chỉ tiêu | Năm 2026 | Năm 2030 |
|:---:|---|:---:|:---:|
| A | Tỷ lệ thư viện ứng dụng chuyển đổi số trong hoạt động | | |
| 1 | Thư viện tỉnh | 100% | 100% |
| 2 | Thư viện cấp huyện | 50% | 80% |
| B | Bảo tàng | | |
| 3 | Tỷ lệ bảo tàng có chương trình giáo dục di sản cho học sinh | 60% | 90% |
| 4 | Số lượt khách tham quan bảo tàng tăng bình quân | 8%/năm | 12%/năm |
Các chỉ tiêu trên được rà soát hằng năm.
"""


def _rows(text: str, **meta):
    plan, targets, _ = read_targets(text, **meta)
    return plan, targets


def test_a_table_gives_one_row_per_tier_and_column_year():
    plan, targets = _rows(TABLE)
    got = sorted((t.indicator, t.subject, t.year, t.value, t.unit) for t in targets)
    assert got == sorted([
        ("library.digital", "provincial_public", 2026, 100.0, "percent"),
        ("library.digital", "provincial_public", 2030, 100.0, "percent"),
        ("library.digital", "district_public", 2026, 50.0, "percent"),
        ("library.digital", "district_public", 2030, 80.0, "percent"),
        ("museum.education_programs", "museums", 2026, 60.0, "percent"),
        ("museum.education_programs", "museums", 2030, 90.0, "percent"),
        ("museum.visitor_growth", None, 2026, 8.0, "percent_per_year"),
        ("museum.visitor_growth", None, 2030, 12.0, "percent_per_year"),
    ])
    for t in targets:  # the quote runs from the row's label to its value, as written
        assert plan.text[t.start_char:t.end_char] == t.quote
        assert t.quote.endswith(f"{t.value:g}%") or t.quote.endswith(f"{t.value:g}%/năm")


def test_a_docx_table_is_read_as_rows(tmp_path):
    from docx import Document

    from extractor.pipeline import parse_file

    doc = Document()
    doc.add_paragraph("II. MỤC TIÊU")
    table = doc.add_table(rows=3, cols=4)
    for r, cells in enumerate([("TT", "Chỉ tiêu", "Đến năm 2025", "Đến năm 2030"),
                               ("1", "Tỷ lệ thư viện cấp xã cung cấp dịch vụ phục vụ học tập suốt đời", "40%", "60%"),
                               ("2", "Tỷ lệ thư viện cấp huyện cung cấp dịch vụ phục vụ học tập suốt đời", "70%", "90%")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    path = tmp_path / "t.docx"
    doc.save(path)
    got = sorted((t.subject, t.year, t.value) for t in parse_file(path).targets)
    assert got == [("commune_public", 2025, 40.0), ("commune_public", 2030, 60.0),
                   ("district_public", 2025, 70.0), ("district_public", 2030, 90.0)]


def test_items_under_a_lead_in_take_its_indicator():
    """"- Tỷ lệ thư viện ... đạt:" then "+ 90% đối với <tier>;" items: the items name no indicator."""
    text = ("II. MỤC TIÊU\n2. Giai đoạn 2026 - 2030\n"
            "- Tỷ lệ thư viện ứng dụng chuyển đổi số trong tổ chức hoạt động đạt:\n"
            "+ 100% đối với Thư viện tỉnh;\n+ 45% đối với thư viện cấp xã.\n")
    _, targets = _rows(text)
    assert sorted((t.indicator, t.subject, t.year, t.value) for t in targets) == [
        ("library.digital", "commune_public", 2030, 45.0), ("library.digital", "provincial_public", 2030, 100.0)]


def test_a_unit_column_gives_bare_numbers_their_unit():
    """"Đơn vị tính" holds "%", "%/năm", "chương trình"; the year cells hold bare numbers, "-" for none."""
    text = """II. MỤC TIÊU
2. Chỉ tiêu cụ thể
| TT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 |
|---|---|---|---|---|
| 1 | Tỷ lệ thư viện công cộng cấp huyện cung cấp dịch vụ phục vụ học tập suốt đời | % | 70 | Tối thiểu 90 |
| 2 | Số lượt người sử dụng thư viện tăng bình quân | %/năm | 10 - 15 | - |
| 3 | Số chương trình giáo dục lịch sử, văn hóa của Bảo tàng tỉnh | chương trình | 02 | 04 |
"""
    plan, targets = _rows(text)
    assert sorted((t.indicator, t.subject, t.year, t.value, t.value_max, t.unit, t.comparator) for t in targets) == [
        ("library.lll_services", "district_public", 2025, 70.0, None, "percent", "="),
        ("library.lll_services", "district_public", 2030, 90.0, None, "percent", ">="),
        ("library.user_growth", None, 2025, 10.0, 15.0, "percent_per_year", "="),
        ("museum.education_programs", "provincial_museum", 2025, 2.0, None, "count", "="),
        ("museum.education_programs", "provincial_museum", 2030, 4.0, None, "count", "="),
    ]
    for t in targets:  # the quote ends at the number, inside its own cell
        assert plan.text[t.start_char:t.end_char] == t.quote and t.quote[-1].isdigit()


def test_a_merged_header_over_bare_years_dates_the_columns():
    text = """II. MỤC TIÊU
STT | Chỉ tiêu | Chỉ tiêu phấn đấu |
|  | 2025 | 2030
1 | Tỷ lệ thư viện công cộng cấp tỉnh, cấp huyện cung cấp dịch vụ phục vụ học tập suốt đời | 100% | Tối thiểu 80%
"""
    _, targets = _rows(text)
    assert sorted((t.subject, t.year, t.value, t.comparator) for t in targets) == [
        ("district_public", 2025, 100.0, "="), ("district_public", 2030, 80.0, ">="),
        ("provincial_public", 2025, 100.0, "="), ("provincial_public", 2030, 80.0, ">=")]


def test_a_tier_column_of_its_own():
    text = """II. MỤC TIÊU
| TT | Chỉ tiêu | Đối tượng | Năm 2025 | Năm 2030 |
| 1 | Tỷ lệ thư viện cung cấp dịch vụ phục vụ học tập suốt đời | Thư viện cấp huyện | 70% | 90% |
| 2 | Tỷ lệ thư viện cung cấp dịch vụ phục vụ học tập suốt đời | Thư viện cấp xã | 40% | 60% |
"""
    _, targets = _rows(text)
    assert sorted((t.indicator, t.subject, t.year, t.value) for t in targets) == [
        ("library.lll_services", "commune_public", 2025, 40.0), ("library.lll_services", "commune_public", 2030, 60.0),
        ("library.lll_services", "district_public", 2025, 70.0), ("library.lll_services", "district_public", 2030, 90.0)]


def test_a_duty_table_in_the_tasks_part_gives_no_targets():
    """Its counts ("Tổ chức 02 hội thi") are duties, read by duty_tables.py."""
    text = """III. NHIỆM VỤ, GIẢI PHÁP
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
| 1 | Tổ chức 02 chương trình giáo dục | Bảo tàng tỉnh | Sở Giáo dục và Đào tạo | Năm 2025 |
"""
    assert _rows(text)[1] == []


VALUES_FIRST = """II. MỤC TIÊU
2. Chỉ tiêu cụ thể
| STT | Năm 2026 | Năm 2030 | Nội dung chỉ tiêu |
|:---:|:---:|:---:|---|
| 1 | 50% | 80% | Tỷ lệ thư viện cấp huyện ứng dụng chuyển đổi số trong hoạt động |
"""


def test_a_value_column_before_the_label_still_quotes_label_and_value():
    plan, targets = _rows(VALUES_FIRST)
    got = sorted((t.indicator, t.subject, t.year, t.value, t.quote) for t in targets)
    label = "Tỷ lệ thư viện cấp huyện ứng dụng chuyển đổi số trong hoạt động"
    assert got == [
        ("library.digital", "district_public", 2026, 50.0, f"50% | 80% | {label}"),
        ("library.digital", "district_public", 2030, 80.0, f"80% | {label}"),
    ]
    for t in targets:
        assert t.start_char < t.end_char and plan.text[t.start_char:t.end_char] == t.quote


def test_a_row_whose_label_says_yearly_gives_yearly_rates():
    from extractor.core.models import RawDocument
    from extractor.pipeline import parse

    text = ("I. MỤC TIÊU\nChỉ tiêu | Đến năm 2027 | Đến năm 2030\n"
            "Mức tăng số lượt người sử dụng thư viện (bình quân/năm) | 8% | 10 - 12%\n")
    plan = parse(RawDocument(text=text, source_name="x", path="x.txt", fmt="txt", content_hash="0" * 64))
    assert [(t.indicator, t.subject, t.year, t.value, t.value_max, t.unit) for t in plan.targets] == [
        ("library.user_growth", None, 2027, 8.0, None, "percent_per_year"),
        ("library.user_growth", None, 2030, 10.0, 12.0, "percent_per_year")]


def test_a_row_whose_label_says_yearly_gives_yearly_counts():
    text = """II. MỤC TIÊU
2. Chỉ tiêu cụ thể
| STT | Chỉ tiêu | Năm 2026 | Năm 2030 |
|---|---|---|---|
| 1 | Số chương trình giáo dục do Bảo tàng tỉnh tổ chức mỗi năm | Tối thiểu 04 chương trình | 06 chương trình |
"""
    _, targets = _rows(text)
    assert [(t.indicator, t.subject, t.year, t.value, t.unit, t.comparator) for t in targets] == [
        ("museum.education_programs", "provincial_museum", 2026, 4.0, "count_per_year", ">="),
        ("museum.education_programs", "provincial_museum", 2030, 6.0, "count_per_year", "="),
    ]


def test_a_unit_column_headed_đơn_vị_gives_bare_numbers_their_unit_and_a_centre_name_is_no_cue():
    text = """II. MỤC TIÊU
2. Chỉ tiêu cụ thể
| STT | Chỉ tiêu | Đơn vị | Năm 2025 | Năm 2030 |
| 1 | Tỷ lệ Trung tâm Văn hóa - Truyền thông cấp huyện tổ chức, hỗ trợ hoạt động sáng tạo | % | ≥ 80 | 100 |
| 2 | Số cuộc trưng bày sách do Thư viện tỉnh tổ chức | Cuộc/năm | Tối thiểu 04 | Tối thiểu 06 |
"""
    _, targets = _rows(text)
    assert [(t.indicator, t.subject, t.year, t.value, t.unit, t.comparator) for t in targets] == [
        ("culture_center.creative", "district_center", 2025, 80.0, "percent", ">="),
        ("culture_center.creative", "district_center", 2030, 100.0, "percent", "="),
        ("library.events", "provincial_public", 2025, 4.0, "count_per_year", ">="),
        ("library.events", "provincial_public", 2030, 6.0, "count_per_year", ">="),
    ]


def test_an_appendix_table_after_the_signature_is_read_and_its_notes_column_is_background():
    text = """II. MỤC TIÊU
Các chỉ tiêu cụ thể tại Phụ lục I kèm theo.
III. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa, Thể thao và Du lịch
Chủ trì triển khai Kế hoạch.
Nơi nhận:
- Như trên;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
PHỤ LỤC I: CÁC CHỈ TIÊU CỤ THỂ
| TT | Chỉ tiêu | Năm 2025 | Năm 2030 | Ghi chú |
|---|---|---|---|---|
| 1 | Thư viện cấp huyện có cung cấp dịch vụ phục vụ học tập suốt đời | 70% | 90% | Năm 2023: 52% |
"""
    norm = normalise(text)
    sections, blocks = segment(norm)
    appendix = [s for s in sections if s.heading == "CÁC CHỈ TIÊU CỤ THỂ"]
    assert [(s.label, s.kind, s.level) for s in appendix] == [("PHỤ LỤC I", "goals", 1)]
    _, targets = _rows(text)
    assert [(t.indicator, t.subject, t.year, t.value) for t in targets] == [
        ("library.lll_services", "district_public", 2025, 70.0),
        ("library.lll_services", "district_public", 2030, 90.0),
    ]


# PDF text: the space-aligned table of conftest (a page break with the header repeated inside it).
SPACED_PLAN = "II. MỤC TIÊU\n2. Chỉ tiêu cụ thể\n" + SPACED_TABLE


def test_a_space_aligned_table_with_wrapped_labels_gives_every_row():
    plan, targets = _rows(SPACED_PLAN)
    got = sorted((t.indicator, t.subject, t.year, t.value, t.unit, t.confidence) for t in targets)
    assert got == sorted([
        ("museum.education_programs", "museums", 2026, 60.0, "percent", 1.0),
        ("museum.education_programs", "museums", 2030, 90.0, "percent", 1.0),
        ("culture_center.clubs", "village_house", 2026, 50.0, "percent", 1.0),
        ("culture_center.clubs", "village_house", 2030, 80.0, "percent", 1.0),
        ("library.digital", "provincial_public", 2026, 100.0, "percent", 1.0),
        ("library.digital", "provincial_public", 2030, 100.0, "percent", 1.0),
        ("library.digital", "district_public", 2026, 55.0, "percent", 1.0),
        ("library.digital", "district_public", 2030, 85.0, "percent", 1.0),
        ("library.lll_services", "school", 2026, 65.0, "percent", 1.0),
        ("library.lll_services", "school", 2030, 95.0, "percent", 1.0),
    ])
    for t in targets:  # the quote holds the whole label, joined from its lines
        assert plan.text[t.start_char:t.end_char] == t.quote
    quotes = {t.quote.split(" | ")[0] for t in targets}
    assert "Nhà văn hóa thôn, tổ dân phố có lớp năng khiếu, câu lạc bộ, nhóm sở thích hoạt động thường xuyên" in quotes
    assert "Thư viện cấp huyện ứng dụng công nghệ thông tin và chuyển đổi số" in quotes


def test_a_table_whose_columns_are_tiers_gives_one_row_per_tier_and_year_under_its_caption():
    text = """II. MỤC TIÊU
2. Chỉ tiêu cụ thể
Bảng A. Tỷ lệ trung tâm văn hóa tổ chức, hỗ trợ hoạt động sáng tạo của người dân
| Mốc | Trung tâm văn hóa cấp tỉnh | Trung tâm văn hóa cấp huyện |
|---|---|---|
| Năm 2026 | 100% | 75% |
| Năm 2030 | 100% | 95% |
Bảng B. Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số
| Mốc | Thư viện cấp huyện | Thư viện cấp xã |
|---|---|---|
| Năm 2026 | 60% | 20% |
"""
    plan, targets = _rows(text)
    assert [(t.indicator, t.subject, t.year, t.value, t.confidence, t.rule) for t in targets] == [
        ("culture_center.creative", "provincial_center", 2026, 100.0, 0.9, "table_tier_columns"),
        ("culture_center.creative", "district_center", 2026, 75.0, 0.9, "table_tier_columns"),
        ("culture_center.creative", "provincial_center", 2030, 100.0, 0.9, "table_tier_columns"),
        ("culture_center.creative", "district_center", 2030, 95.0, 0.9, "table_tier_columns"),
        ("library.digital", "district_public", 2026, 60.0, 0.9, "table_tier_columns"),
        ("library.digital", "commune_public", 2026, 20.0, 0.9, "table_tier_columns"),
    ]
    for t in targets:
        assert plan.text[t.start_char:t.end_char] == t.quote and t.quote.endswith(f"{t.value:g}%")


def test_a_merged_cell_carries_its_indicator_to_the_rows_that_leave_it_empty():
    text = """II. MỤC TIÊU
2. Chỉ tiêu cụ thể
| Lĩnh vực | Chỉ tiêu | Đối tượng | 2026 | 2030 |
|---|---|---|---|---|
| Thư viện | Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số | Thư viện tỉnh | 100% | 100% |
| | | Thư viện cấp xã | - | 40% |
| Bảo tàng | Số hoạt động giáo dục trải nghiệm tổ chức trong năm | Bảo tàng tỉnh | Ít nhất 03 hoạt động | 05 hoạt động |
"""
    _, targets = _rows(text)
    assert [(t.indicator, t.subject, t.year, t.value, t.unit) for t in targets] == [
        ("library.digital", "provincial_public", 2026, 100.0, "percent"),
        ("library.digital", "provincial_public", 2030, 100.0, "percent"),
        ("library.digital", "commune_public", 2030, 40.0, "percent"),
        ("museum.events", "provincial_museum", 2026, 3.0, "count_per_year"),
        ("museum.events", "provincial_museum", 2030, 5.0, "count_per_year"),
    ]


def test_columns_naming_an_indicator_and_a_year_read_rows_of_tiers_with_bare_numbers():
    """"| Đối tượng | Cung cấp dịch vụ HTSĐ năm 2027 (%) | Ứng dụng CNTT, CĐS năm 2030 (%) | Ghi chú |": each
    column's header names its indicator, year and unit; rows are tiers with bare numbers ("≥ 50", "-" none);
    the notes column is neither a label nor a value."""
    text = ("II. MỤC TIÊU\n"
            "| TT | Đối tượng | Cung cấp dịch vụ HTSĐ năm 2027 (%) | Ứng dụng CNTT, CĐS năm 2030 (%) | Ghi chú |\n"
            "|----|----|----|----|----|\n"
            "| 1 | Thư viện tỉnh | 100 | 100 | Đã số hóa trên 35.000 trang tài liệu |\n"
            "| 2 | Thư viện cấp xã | ≥ 50 | - | Hiện có 12 thư viện trên tổng số 54 xã |\n")
    plan, targets = _rows(text)
    assert [(t.indicator, t.subject, t.year, t.value, t.comparator, t.quote) for t in targets] == [
        ("library.lll_services", "provincial_public", 2027, 100.0, "=", "Thư viện tỉnh | 100"),
        ("library.digital", "provincial_public", 2030, 100.0, "=", "Thư viện tỉnh | 100 | 100"),
        ("library.lll_services", "commune_public", 2027, 50.0, ">=", "Thư viện cấp xã | ≥ 50"),
    ]
    for t in targets:
        assert plan.text[t.start_char:t.end_char] == t.quote


def test_a_communication_count_in_a_table_has_no_tier_even_when_it_names_places():
    text = ("II. MỤC TIÊU\n| STT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 |\n|---|---|---|---|---|\n"
            "| 10 | Số cuộc tuyên truyền về học tập suốt đời tổ chức tại thư viện, bảo tàng, trung tâm văn hóa trên "
            "địa bàn tỉnh | Cuộc/năm | ≥ 20 | ≥ 30 |\n")
    _, targets = _rows(text)
    assert [(t.indicator, t.subject, t.year, t.value, t.unit) for t in targets] == [
        ("other.communication", None, 2025, 20.0, "count_per_year"), ("other.communication", None, 2030, 30.0, "count_per_year")]
