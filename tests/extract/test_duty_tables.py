"""Duty tables: column roles from header words, group rows, one row per lead body with its partners, spans in the task cell."""
from __future__ import annotations

from extractor.core.models import Metadata, SegmentedPlan
from extractor.extract.assignments import extract_assignments
from extractor.read.normalise import normalise
from extractor.structure.segment import segment


def _plan(text: str) -> SegmentedPlan:
    norm = normalise(text)
    sections, blocks = segment(norm)
    return SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks, metadata=Metadata())


def _rows(text: str):
    plan = _plan(text)
    rows = extract_assignments(plan)
    for a in rows:
        assert plan.text[a.start_char:a.end_char] == a.duty
    return [(a.agency, a.role, a.partners, a.deadline, a.topic, a.duty) for a in rows]


def test_two_header_rows_and_columns_in_another_order():
    """"Cơ quan thực hiện" over "Chủ trì | Phối hợp", the time column before the bodies, Markdown rules."""
    text = """PHỤ LỤC
| TT | Nội dung công việc | Thời gian hoàn thành | Cơ quan thực hiện | |
| | | | Chủ trì | Phối hợp |
|---|---|---|---|---|
| A | **Thư viện** | | | |
| 1 | Xây dựng thư viện số | Năm 2025 | Thư viện tỉnh | Sở Thông tin và Truyền thông |
"""
    assert _rows(text) == [
        ("cultural_institutions", "lead", ["dept_information"], "Năm 2025", "Thư viện", "Xây dựng thư viện số"),
    ]


def test_a_group_row_merged_across_the_table_gives_its_topic_without_numbering():
    text = """PHỤ LỤC
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
| I. Tuyên truyền | | | |
| 1 | Tổ chức hội thi | Sở Giáo dục và Đào tạo | - |
"""
    assert _rows(text) == [("dept_education", "lead", [], None, "Tuyên truyền", "Tổ chức hội thi")]


def test_an_unknown_body_is_kept_under_its_name():
    text = """| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp |
| 1 | Biên soạn tài liệu | Hội Khuyến học tỉnh | Sở Tài chính |
"""
    assert [r[:3] for r in _rows(text)] == [("other:Hội Khuyến học tỉnh", "lead", ["dept_finance"])]


def test_rows_after_other_text_without_a_header_are_not_duties():
    """A target table after the appendix is not read with the duty table's columns."""
    text = """| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
| 1 | Tổ chức hội thi | Sở Giáo dục và Đào tạo | Tỉnh đoàn |
Ghi chú: các chỉ tiêu dưới đây.
| 1 | Tỷ lệ thư viện cấp xã | Sở Tài chính | 80% |
"""
    assert [r[:3] for r in _rows(text)] == [("dept_education", "lead", ["youth_union"])]


def test_a_table_in_the_organisation_part_is_not_read_as_duty_items_too():
    text = """IV. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa, Thể thao và Du lịch
Chủ trì triển khai Kế hoạch; các nhiệm vụ cụ thể như sau:
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
| 1 | Tổ chức Ngày Sách | Sở Văn hóa, Thể thao và Du lịch | Tỉnh đoàn | Quý II/2024 |
"""
    rows = _rows(text)
    assert rows == [
        ("dept_culture", "lead", [], None, None, "Chủ trì triển khai Kế hoạch; các nhiệm vụ cụ thể như sau:"),
        ("dept_culture", "lead", ["youth_union"], "Quý II/2024", None, "Tổ chức Ngày Sách"),
    ]


def test_duty_table_rows_record_their_rule():
    """A row is one duty item: its lead bodies' rows carry the partner column in `partners`; only a
    row whose lead cell names no body gives its partners rows of their own (role coordinate)."""
    plan = _plan("| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |\n"
                 "| 1 | Tổ chức hội thi | Sở Giáo dục và Đào tạo | Tỉnh đoàn |\n"
                 "| 2 | Tổ chức Ngày Sách | - | Tỉnh đoàn |\n")
    assert [(a.agency, a.role, a.partners, a.rule) for a in extract_assignments(plan)] == [
        ("dept_education", "lead", ["youth_union"], "table_row.lead"),
        ("youth_union", "coordinate", [], "table_row.partner")]


def test_body_cells_written_as_bullets_or_with_a_unit_in_brackets():
    text = """| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
| 1 | Bố trí kinh phí | Sở Văn hóa, Thể thao và Du lịch (Thư viện tỉnh) | - Sở Tài chính - Sở Nội vụ |
"""
    assert [r[:3] for r in _rows(text)] == [
        ("dept_culture", "lead", ["dept_finance", "dept_home_affairs"]),
    ]


def test_a_docx_duty_table_with_a_header_merged_over_two_columns(tmp_path):
    """"Cơ quan thực hiện" spans "Chủ trì | Phối hợp" (gridSpan); STT and "Nhiệm vụ" span both header rows (vMerge)."""
    from docx import Document

    from extractor.pipeline import parse_file

    doc = Document()
    doc.add_paragraph("PHỤ LỤC: PHÂN CÔNG NHIỆM VỤ")
    table = doc.add_table(rows=3, cols=5)
    for r, cells in enumerate([("STT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Tiến độ"),
                               ("", "", "Chủ trì", "Phối hợp", ""),
                               ("1", "Số hóa tài liệu địa chí", "Thư viện tỉnh", "Sở Khoa học và Công nghệ", "2025")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    table.cell(0, 2).merge(table.cell(0, 3))
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    path = tmp_path / "duties.docx"
    doc.save(path)
    plan = parse_file(path)
    assert [(a.agency, a.role, a.partners, a.deadline, a.duty) for a in plan.assignments] == [
        ("cultural_institutions", "lead", ["dept_science"], "2025", "Số hóa tài liệu địa chí"),
    ]


def test_a_markdown_duty_table_in_the_organisation_part_and_its_introduction():
    """"... theo bảng sau:" introduces the table (no duty of its own); other column words; a note column."""
    text = """## II. TỔ CHỨC THỰC HIỆN

Các sở, ngành, địa phương thực hiện nhiệm vụ theo bảng sau:

| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian | Ghi chú |
|---|---|---|---|---|---|
| 1 | Tổ chức tuyên truyền trên báo, đài | Sở Thông tin và Truyền thông | Báo Lào Cai, Đài PT-TH tỉnh | Thường xuyên | |
| 2 | Huy động nguồn lực xã hội hóa | UBND các huyện, thị xã, thành phố | Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội | Hằng năm | |
"""
    assert [r[:4] for r in _rows(text)] == [
        ("dept_information", "lead", ["newspaper", "broadcaster"], "Thường xuyên"),
        ("district_committees", "lead", ["fatherland_front"], "Hằng năm"),
    ]


def test_a_generic_partner_cell_names_no_body():
    """"Các cơ quan, đơn vị liên quan" in the partner column is no particular body (agencies.yaml
    `generic`): the row has its lead and no partner row (blind plan ac, rows 6 and 13); an unknown
    name is still kept."""
    text = """| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
| 1 | Số hóa tài liệu địa chí | Sở VHTTDL (Thư viện tỉnh) | Các cơ quan, đơn vị liên quan | Năm 2024 |
| 2 | Tổ chức trưng bày chuyên đề | Sở VHTTDL | Sở Thông tin và Truyền thông; các địa phương | Tháng 11/2024 |
| 3 | Lồng ghép nguồn vốn | Ban Dân tộc tỉnh | Các đơn vị, địa phương có liên quan | Năm 2024 |
"""
    assert [r[:3] for r in _rows(text)] == [
        ("dept_culture", "lead", []),
        ("dept_culture", "lead", ["dept_information"]),
        ("other:Ban Dân tộc tỉnh", "lead", []),
    ]


def test_a_word_table_of_bodies_and_their_duties_gives_one_duty_item_a_row(tmp_path):
    """"Cơ quan | Nhiệm vụ": each row a "<body>: <duty>" item, its role from the duty's opening words."""
    from docx import Document

    from extractor.pipeline import parse_file

    doc = Document()
    doc.add_paragraph("V. TỔ CHỨC THỰC HIỆN")
    table = doc.add_table(rows=4, cols=2)
    for r, cells in enumerate([("Cơ quan", "Nhiệm vụ"),
                               ("Sở Văn hóa, Thể thao và Du lịch", "Là cơ quan thường trực, chủ trì triển khai Kế hoạch."),
                               ("Sở Khoa học và Công nghệ", "Phối hợp với Sở Văn hóa, Thể thao và Du lịch hướng dẫn chuyển đổi số."),
                               ("Sở Tài chính", "Tham mưu bố trí kinh phí thực hiện Kế hoạch.")]):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    path = tmp_path / "bodies.docx"
    doc.save(path)
    plan = parse_file(path)
    assert [(a.agency, a.role, a.partners) for a in plan.assignments] == [
        ("dept_culture", "lead", []), ("dept_science", "coordinate", ["dept_culture"]), ("dept_finance", "implement", [])]
