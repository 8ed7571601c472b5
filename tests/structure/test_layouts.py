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
