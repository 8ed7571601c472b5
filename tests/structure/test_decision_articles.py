"""A decision that approves the programme in its own articles, with no plan attached.

"Điều 1. Phê duyệt Chương trình ... với các nội dung chủ yếu sau:" holds the plan's numbered parts
(kinds from their headings); "Điều 2. Tổ chức thực hiện" (or a lead-in "Điều 2. Giao ... như
sau:") is the organisation part, its lettered items the bodies' headings, some written inline
("c) Sở Lao động - Thương binh và Xã hội: chủ trì ..."); the next article, the execution clause,
opens the closing (extractor/structure/segment.py `_article_parts`). Blind plan plan_at first
measured sections P 0.22 R 0.13, metadata 0.64, assignments, agencies and funding R 0.00.
"""
from __future__ import annotations

from extractor.pipeline import parse_file

HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
          "Số: 815/QĐ-UBND\nNinh Bình, ngày 14 tháng 9 năm 2023\n\nQUYẾT ĐỊNH\n"
          "Ban hành Kế hoạch thực hiện Chương trình “Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong "
          "thư viện, bảo tàng, trung tâm văn hóa đến năm 2030” trên địa bàn tỉnh Ninh Bình\n\n"
          "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH\n\n"
          "Căn cứ Luật Thư viện ngày 21 tháng 11 năm 2019;\n"
          "Căn cứ Quyết định số 1520/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ;\n\nQUYẾT ĐỊNH:\n\n")
PARTS = ("Điều 1. Ban hành Kế hoạch thực hiện Chương trình trên địa bàn tỉnh với những nội dung chính như sau:\n\n"
         "1. Mục đích, yêu cầu\n\nTriển khai có hiệu quả Chương trình trên địa bàn tỉnh.\n\n"
         "2. Mục tiêu cụ thể\n\n- Đến năm 2025, 80% thư viện cấp huyện cung cấp dịch vụ học tập suốt đời.\n\n"
         "3. Nhiệm vụ và giải pháp\n\n- Tuyên truyền, nâng cao nhận thức về học tập suốt đời.\n\n"
         "4. Nguồn kinh phí\n\nNgân sách nhà nước theo phân cấp hiện hành; nguồn xã hội hóa và các nguồn hợp pháp khác.\n\n")
DUTIES = ("a) Sở Văn hóa và Thể thao:\n\n- Chủ trì, phối hợp với các sở, ngành hướng dẫn triển khai Kế hoạch.\n\n"
          "- Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh.\n\n"
          "b) Sở Tài chính: tham mưu bố trí kinh phí thực hiện Kế hoạch.\n\n"
          "c) Chế độ thông tin, báo cáo: Ủy ban nhân dân các huyện, thành phố báo cáo kết quả trước ngày 15 tháng 12 hằng năm.\n\n")
CLOSING = ("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Văn hóa và Thể thao và các cơ quan có liên quan "
           "chịu trách nhiệm thi hành Quyết định này./.\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\n"
           "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐinh Văn Hùng\n")


def _parse(tmp_path, article_two: str):
    path = tmp_path / "decision.txt"
    path.write_text(HEADER + PARTS + article_two + DUTIES + CLOSING, encoding="utf-8")
    return parse_file(path)


def test_articles_holding_the_plan_give_its_parts_and_the_organisation_part(tmp_path):
    plan = _parse(tmp_path, "Điều 2. Trách nhiệm thực hiện\n\n")
    assert [(s.level, s.label, s.heading, s.kind) for s in plan.sections] == [
        (1, None, "QUYẾT ĐỊNH", "preamble"),
        (1, "1", "Mục đích, yêu cầu", "purpose"), (1, "2", "Mục tiêu cụ thể", "goals"),
        (1, "3", "Nhiệm vụ và giải pháp", "tasks"), (1, "4", "Nguồn kinh phí", "funding"),
        (1, None, "Trách nhiệm thực hiện", "organization"),
        (2, "a", "Sở Văn hóa và Thể thao", "organization"), (2, "b", "Sở Tài chính", "organization"),
        (2, "c", "Chế độ thông tin, báo cáo", "organization"),
        (1, None, None, "closing")]
    closing = next(s for s in plan.sections if s.kind == "closing")
    assert plan.text[closing.start_char:].startswith("Điều 3.")
    duties = sorted((a.agency, a.role) for a in plan.assignments)
    assert duties == [("dept_culture", "lead"), ("dept_culture", "report"), ("dept_finance", "implement"),
                      ("district_committees", "report")]
    assert sorted(f.source for f in plan.funding) == ["other_legal", "socialization", "state_budget"]
    m = plan.metadata
    assert (m.doc_number, m.issued_on, m.horizon_year, m.plan_year, m.signer) == (
        "815/QĐ-UBND", "2023-09-14", 2030, None, "Đinh Văn Hùng")
    assert (m.report_day, m.report_month, m.report_recurring) == (15, 12, True)


def test_an_article_that_is_a_lead_in_opens_an_organisation_part_known_by_its_bodies(tmp_path):
    plan = _parse(tmp_path, "Điều 2. Giao các sở, ngành và Ủy ban nhân dân các huyện, thành phố thực hiện "
                            "các nhiệm vụ sau:\n\n")
    part = [s for s in plan.sections if s.level == 1 and s.label is None and s.kind not in ("preamble", "closing")]
    assert [(s.heading, s.kind, s.kind_evidence) for s in part] == [
        (None, "organization", "content: 2 of 3 sub-headings name bodies")]
    # the lead-in hands the plan over; its items are the duties
    assert sorted((a.agency, a.role) for a in plan.assignments) == [
        ("dept_culture", "lead"), ("dept_culture", "report"), ("dept_finance", "implement"),
        ("district_committees", "report")]


def test_a_decision_attaching_its_plan_keeps_its_articles_in_the_preamble(tmp_path):
    path = tmp_path / "attached.txt"
    path.write_text(HEADER + "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình.\n\n"
                    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
                    "KẾ HOẠCH\nThực hiện Chương trình đến năm 2030\n\nI. MỤC TIÊU\n\n"
                    "- Đến năm 2025, 80% thư viện cấp huyện cung cấp dịch vụ học tập suốt đời.\n\n"
                    "II. TỔ CHỨC THỰC HIỆN\n\n1. Sở Văn hóa và Thể thao\n\n- Chủ trì triển khai Kế hoạch.\n\n"
                    "2. Sở Tài chính\n\n- Tham mưu bố trí kinh phí.\n\nNơi nhận:\n- Lưu: VT.\n", encoding="utf-8")
    plan = parse_file(path)
    assert [(s.label, s.heading, s.kind) for s in plan.sections] == [
        (None, "QUYẾT ĐỊNH", "preamble"), ("I", "MỤC TIÊU", "goals"), ("II", "TỔ CHỨC THỰC HIỆN", "organization"),
        ("1", "Sở Văn hóa và Thể thao", "organization"), ("2", "Sở Tài chính", "organization"),
        (None, None, "closing")]
    assert plan.metadata.horizon_year == 2030
