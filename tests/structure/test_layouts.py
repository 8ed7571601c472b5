"""Layouts the corpus lacks, each a plan written for the project with its own answer key
(tests/fixtures/layouts/<name>.txt and .json, gold format).

First measurement, on the code before issue 11 (main 38a0cec), with `plans eval`:

- pdf_text (Lào Cai; the text of a PDF: a trailing space on every line, running header
  "Kế hoạch số 37/KH-UBND" and page numbers at page breaks, one inside a sentence, "1. Mục" /
  "đích:", headings followed by "Trên cơ sở ...", "Phối hợp ...", "Chủ động ...", a body line
  "2.500 bản sách ..."): sections P 0.92 R 0.73, metadata 0.73 (number, date and horizon lost to
  the header glued to the title), assignments P 0.50 R 0.60, agencies 0.50 ("other:Sở Tài chính
  Trên cơ"), targets and funding 1.00.
- web_copy (Tuyên Quang; copied from a legal-database web page: header and signature tables as
  "|" cells, "-------" rules, wrapped cells): metadata 0.73 (number, date, signer), else 1.00.
- decision_plan (Hà Tĩnh; a decision issuing the plan, then the plan): 1.00 everywhere.
- attached_blank (Yên Bái; "Kèm theo Quyết định số   /QĐ-UBND ngày   /6/2023", and no part
  title in rules/sections.yaml): sections 0.23 (every part read as tasks), metadata 0.64,
  assignments, agencies and funding R 0.00, targets 1.00.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import score_one_plan

from extractor.pipeline import parse_file

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


@pytest.mark.parametrize("key", sorted(HERE.glob("*.json")), ids=lambda p: p.stem)
def test_a_layout_fixture_scores_like_its_answer_key(key, tmp_path):
    result = score_one_plan(key, tmp_path)
    for aspect, score in result["database"]["overall"].items():
        assert (score["precision"], score["recall"]) == (1.0, 1.0), (aspect, score)


def test_part_kinds_come_from_content_and_position_when_no_heading_word_names_them():
    plan = parse_file(HERE / "attached_blank.txt")
    parts = [(s.label, s.kind, s.kind_evidence, s.kind_confidence) for s in plan.sections if s.level == 1]
    assert parts == [
        (None, "preamble", "position: before the first part", 1.0),
        ("I", "purpose", "position: first part", 0.6),
        ("II", "goals", "content: 4 committed numbers", 0.8),
        ("III", "tasks", "position: after goals", 0.6),
        ("IV", "funding", "content: 4 budget or sponsorship words", 0.8),
        ("V", "organization", "content: 4 of 4 sub-headings name bodies", 0.8),
    ]
    subs = {s.heading: (s.kind, s.kind_evidence) for s in plan.sections if s.level == 2}
    assert subs["Sở Tài chính"] == ("organization", "parent")


def test_rows_from_parts_known_by_content_carry_that_confidence():
    plan = parse_file(HERE / "attached_blank.txt")
    assert {a.confidence for a in plan.assignments} == {0.8}
    assert {(f.source, f.confidence) for f in plan.funding} == {
        ("state_budget", 0.8), ("socialization", 0.8), ("other_legal", 0.8)}


def test_heading_words_decide_with_full_confidence():
    plan = parse_file(HERE / "pdf_text.txt")
    top = [(s.label, s.kind_evidence) for s in plan.sections if s.level == 1 and s.label]
    assert top == [("I", "heading: 'MỤC ĐÍCH'"), ("II", "heading: 'MỤC TIÊU'"), ("III", "heading: 'NHIỆM VỤ'"),
                   ("IV", "heading: 'KINH PHÍ'"), ("V", "heading: 'TỔ CHỨC THỰC HIỆN'")]
    assert {a.confidence for a in plan.assignments} == {1.0}


def test_pdf_text_keeps_headings_apart_from_their_bodies():
    plan = parse_file(HERE / "pdf_text.txt")
    text = plan.text
    assert "Kế hoạch số 37/KH-UBND" not in text  # running header, twice in the file
    assert "\n1. Mục đích:\n" in text  # a heading broken over two lines is one heading
    assert "\n2. Sở Tài chính\nTrên cơ sở đề xuất" in text  # never glued to the sentence below
    assert "khoảng 2.500 bản sách" in text  # a line opening with a number goes on with its sentence
    assert "chỉ đạo hệ thống thư viện trường học cung cấp" in text  # page break inside a sentence
    assert {a.agency for a in plan.assignments} == {"dept_culture", "dept_finance", "dept_education",
                                                   "district_committees"}


def test_web_copy_header_cells_give_number_date_and_signer():
    m = parse_file(HERE / "web_copy.txt").metadata
    assert (m.province, m.doc_number, m.issued_on, m.signer) == ("Tuyên Quang", "118/KH-UBND", "2023-06-26",
                                                                 "Hoàng Việt Phương")


def test_blank_attachment_gives_month_and_no_number():
    m = parse_file(HERE / "attached_blank.txt").metadata
    assert (m.doc_number, m.issued_on) == (None, "2023-06")


def test_sub_headings_name_their_own_kind_under_a_part_no_heading_word_named():
    from extractor.read.normalise import normalise
    from extractor.structure.segment import segment

    text = ("I. KẾT QUẢ VÀ CÔNG VIỆC\n1. Mục tiêu\n- Đến năm 2025, 70% thư viện cấp huyện có dịch vụ; năm 2030 là 90%.\n"
            "2. Nhiệm vụ\n- Tuyên truyền về học tập suốt đời.")
    sections, _ = segment(normalise(text))
    assert [(s.label, s.kind, s.kind_evidence) for s in sections] == [
        ("I", "goals", "content: 2 committed numbers"), ("1", "goals", "heading: 'Mục tiêu'"),
        ("2", "tasks", "heading: 'Nhiệm vụ'")]


# Web copies whose header and signature columns are flattened onto shared lines with single spaces
# (rules/normalise.yaml `column_cuts`), in wordings other than the blind plans': with and without
# the rules under issuer and motto, a Sở as issuer, a slash date, the signer's name on the title's
# line, "(Đã ký)", a title standing alone, a Markdown header table beside a duty table.
_BODY = ("KẾ HOẠCH\nThực hiện Chương trình “Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong thư viện, "
         "bảo tàng, trung tâm văn hóa đến năm 2030”\nI. MỤC ĐÍCH, YÊU CẦU\nTriển khai Quyết định số "
         "1520/QĐ-TTg của Thủ tướng Chính phủ.\nII. TỔ CHỨC THỰC HIỆN\nCác sở, ngành báo cáo kết quả./.\n")
FLATTENED = [
    ("UBND TỈNH KON TUM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
     "Số: 45/KH-UBND Kon Tum, ngày 3 tháng 5 năm 2023\n" + _BODY +
     "Nơi nhận: - Bộ VHTTDL (b/c); - Lưu: VT, KGVX. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Hòa\n",
     ("Kon Tum", "45/KH-UBND", "2023-05-03", "Nguyễn Văn Hòa")),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH PHÚ YÊN ______ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
     "Độc lập – Tự do – Hạnh phúc ______ Số: 27/KH-SVHTTDL Phú Yên, ngày 12/6/2023\n" + _BODY +
     "Nơi nhận: - UBND tỉnh (b/c); - Lưu: VT, NV. GIÁM ĐỐC (Đã ký) Lê Thị Mai\n",
     ("Phú Yên", "27/KH-SVHTTDL", "2023-06-12", "Lê Thị Mai")),
    ("ỦY BAN NHÂN DÂN TỈNH BẾN TRE -------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
     "--------------- Số: 812/KH-UBND Bến Tre, ngày 09 tháng 02 năm 2024\n" + _BODY +
     "Nơi nhận: - Như trên; - Lưu: VT. TM. ỦY BAN NHÂN DÂN CHỦ TỊCH\n\nTrần Ngọc Tam\n",
     ("Bến Tre", "812/KH-UBND", "2024-02-09", "Trần Ngọc Tam")),
    ("| **ỦY BAN NHÂN DÂN<br>TỈNH LONG AN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh "
     "phúc** |\n|---|---|\n| Số: 77/KH-UBND | Long An, ngày 9 tháng 8 năm 2023 |\n" + _BODY +
     "| TT | Nhiệm vụ | Chủ trì |\n|---|---|---|\n| 1 | Tuyên truyền | Sở Văn hóa, Thể thao và Du lịch |\n"
     "| Nơi nhận:<br>- Như trên;<br>- Lưu: VT. | **TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH**"
     "<br><br>**Võ Thành Nam** |\n|---|---|\n",
     ("Long An", "77/KH-UBND", "2023-08-09", "Võ Thành Nam")),
]


@pytest.mark.parametrize("text, expected", FLATTENED, ids=["no rules", "Sở, underscores", "rules, one line",
                                                            "Markdown tables"])
def test_flattened_web_copy_columns_give_number_date_and_signer(text, expected):
    from extractor.read.normalise import normalise
    from extractor.structure.metadata import extract_metadata
    from extractor.structure.segment import segment

    norm = normalise(text)
    meta, _ = extract_metadata(norm, segment(norm)[0])
    assert (meta.province, meta.doc_number, meta.issued_on, meta.signer) == expected


def test_a_decision_signed_in_the_middle_of_a_web_copy_is_read_cell_by_cell():
    """The signature of a decision issuing the plan sits mid-file, outside the first and last lines:
    the lines after "Nơi nhận:" are a zone of their own (rules/normalise.yaml `column_blocks`)."""
    from extractor.read.normalise import normalise
    from extractor.structure.metadata import extract_metadata
    from extractor.structure.segment import segment

    body = "\n".join(f"{i}. Nhiệm vụ thứ {i} do các sở, ngành thực hiện hằng năm." for i in range(1, 50))
    text = ("|ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\n-------|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "---------------|\n|Số: 905/QĐ-UBND|Hà Nam, ngày 14 tháng 7 năm 2023|\n\nQUYẾT ĐỊNH\n\n"
            "Ban hành Kế hoạch thực hiện Chương trình “Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong "
            "thư viện, bảo tàng, trung tâm văn hóa đến năm 2030”\n\n" + "\n\n".join(
                f"Căn cứ văn bản số {i} của Ủy ban nhân dân tỉnh;" for i in range(1, 12)) +
            "\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\nĐiều 2. Quyết định có hiệu "
            "lực kể từ ngày ký.\n\n|Nơi nhận:\n- Như Điều 2;\n- Lưu: VT, VX.|TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\n"
            "Trương Quốc Huy|\n\n|ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\n-------|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "---------------|\n\nKẾ HOẠCH\n\nI. MỤC TIÊU\n\n" + body + "\n\nII. TỔ CHỨC THỰC HIỆN\n\n"
            + body + "\n")
    norm = normalise(text)
    assert "\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrương Quốc Huy\nỦY BAN NHÂN DÂN\n" in norm.text
    meta, _ = extract_metadata(norm, segment(norm)[0])
    assert (meta.province, meta.doc_number, meta.issued_on, meta.signer) == (
        "Hà Nam", "905/QĐ-UBND", "2023-07-14", "Trương Quốc Huy")
