"""Tests for extractor.extract.assignments: the three answer keys, and sentences in other wordings."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ascii_id, plan_of

from extractor.extract.assignments import duty_deadline, duty_partners, duty_role, extract_assignments, subject_bodies
from extractor.core.rules import rules_dir
from extractor.read.normalise import fix_tone_marks

REPO = Path(__file__).resolve().parents[2]
PLANS = sorted(p.stem for p in (REPO / "corpus").glob("*.txt"))
DUTIES = yaml.safe_load((rules_dir() / "duties.yaml").read_text(encoding="utf-8"))["examples"]


def _flat(s: str) -> str:
    # answer keys quote the text as written ("văn hoá"); duties are spans of the normalised text
    return fix_tone_marks(" ".join(s.split()))


@pytest.fixture(scope="module")
def extracted():
    out = {}
    for stem in PLANS:
        plan = plan_of((REPO / "corpus" / f"{stem}.txt").read_text(encoding="utf-8"))
        gold = json.loads((REPO / "corpus" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        out[stem] = (plan, extract_assignments(plan), gold)
    return out


def match_duties(rows, gold):
    """One-to-one matching per duty item: (row, gold entry) pairs with the same agency and a duty
    starting with the gold quote, in document order; plus the unmatched rows and gold entries."""
    expanded = [(code, g) for g in gold["assignments"] for code in g["agencies"]]
    left = list(expanded)
    pairs, extra = [], []
    for r in rows:
        hit = next(((c, g) for c, g in left if c == r.agency and _flat(r.duty).startswith(_flat(g["quote"]))), None)
        if hit:
            left.remove(hit)
            pairs.append((r, hit[1]))
        else:
            extra.append(r)
    return pairs, extra, left


def f1_agency_role(rows, gold) -> float:
    pairs, _, _ = match_duties(rows, gold)
    n_gold = sum(len(g["agencies"]) for g in gold["assignments"])
    tp = sum(1 for r, g in pairs if r.role == g["role"])
    if not rows or not tp:
        return 0.0
    p, r = tp / len(rows), tp / n_gold
    return 2 * p * r / (p + r)


# --------------------------------------------------------------------------- #
# Against the answer keys
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("stem", PLANS)
def test_agency_sets_are_exact(extracted, stem):
    _, rows, gold = extracted[stem]
    assert {r.agency for r in rows} == {c for g in gold["assignments"] for c in g["agencies"]}


@pytest.mark.parametrize("stem", PLANS)
def test_agency_role_f1_per_duty_item(extracted, stem):
    _, rows, gold = extracted[stem]
    pairs, extra, missed = match_duties(rows, gold)
    detail = ([f"extra {r.agency} {r.role}: {r.duty[:60]!r}" for r in extra]
              + [f"missed {c} {g['role']}: {g['quote'][:60]!r}" for c, g in missed]
              + [f"role {r.agency}: {r.role} != {g['role']}: {g['quote'][:50]!r}" for r, g in pairs if r.role != g["role"]])
    assert f1_agency_role(rows, gold) >= 0.95, "\n".join(detail)


@pytest.mark.parametrize("stem", PLANS)
def test_partners_and_requested_agree_with_the_key(extracted, stem):
    _, rows, gold = extracted[stem]
    pairs, _, _ = match_duties(rows, gold)
    wrong = [(r.agency, r.duty[:50], r.partners, g["partners"], r.requested, g["requested"])
             for r, g in pairs if set(r.partners) != set(g["partners"]) or r.requested != g["requested"]]
    assert wrong == []


@pytest.mark.parametrize("stem", PLANS)
def test_every_duty_is_its_exact_span(extracted, stem):
    plan, rows, _ = extracted[stem]
    assert rows
    for r in rows:
        assert plan.text[r.start_char:r.end_char] == r.duty
        assert r.agency_name and plan.text.find(r.agency_name.split(", ")[0]) >= 0
        assert plan.section(r.section_id).kind == "organization"


def test_two_body_heading_gives_each_body_the_duty(extracted):
    _, rows, _ = extracted["000_b58f44d980a72fdc"]
    names = {(r.agency, r.agency_name) for r in rows if r.duty.startswith("Xây dựng chuyên mục")}
    assert names == {("newspaper", "Báo Cần Thơ"), ("broadcaster", "Đài Phát thanh và Truyền hình thành phố")}


def test_numbered_paragraph_after_the_headings_is_a_duty_of_the_bodies_it_names(extracted):
    _, rows, _ = extracted["000_b58f44d980a72fdc"]
    last = [r for r in rows if r.duty.startswith("Các sở, ban, ngành thành phố")]
    assert [(r.agency, r.role, r.deadline) for r in last] == [
        ("other_departments", "report", "định kỳ hằng năm, trước ngày 30 tháng 11"),
        ("district_committees", "report", "định kỳ hằng năm, trước ngày 30 tháng 11"),
    ]


def test_plus_sub_items_belong_to_their_dash_item(extracted):
    _, rows, _ = extracted["003_8187f21f6afde94e"]
    coord = [r for r in rows if r.agency == "dept_education" and r.role == "coordinate"]
    assert len(coord) == 1
    assert coord[0].duty.startswith("Phối hợp với Sở Văn hóa và Thể thao:\n+ Xây dựng")
    assert coord[0].duty.rstrip().endswith("theo quy định.")


def test_extraction_is_fast(extracted):
    import time

    plans = [p for p, _, _ in extracted.values()]
    t = time.perf_counter()
    for _ in range(5):
        for p in plans:
            extract_assignments(p)
    assert (time.perf_counter() - t) / (5 * len(plans)) < 0.02


# --------------------------------------------------------------------------- #
# Rules on sentences in other wordings (rules/duties.yaml examples and more)
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("ex", DUTIES["roles"], ids=[ascii_id(e["text"]) for e in DUTIES["roles"]])
def test_role_example(ex):
    assert duty_role(ex["text"]) == ex["role"]


@pytest.mark.parametrize("ex", DUTIES["deadlines"], ids=[ascii_id(e["text"]) for e in DUTIES["deadlines"]])
def test_deadline_example(ex):
    assert duty_deadline(ex["text"]) == ex["deadline"]


@pytest.mark.parametrize("text", DUTIES["counterexamples"], ids=ascii_id)
def test_deadline_counterexample(text):
    assert duty_deadline(text) is None


@pytest.mark.parametrize(
    "text, partners",
    [
        ("Chủ trì, phối hợp chặt chẽ với Sở Giáo dục và Đào tạo, Tỉnh đoàn tổ chức Ngày hội đọc sách", ["dept_education", "youth_union"]),
        ("Phối hợp Sở TT&TT, Báo Bình Phước tuyên truyền", ["dept_information", "newspaper"]),
        ("Xây dựng kế hoạch; tăng cường phối hợp với các thiết chế văn hóa các cấp", ["cultural_institutions"]),
        ("Chủ động phối hợp với Ủy ban nhân dân cấp xã và các đơn vị liên quan tổ chức", ["commune_committees"]),
        ("Phối hợp cùng Hội Liên hiệp Phụ nữ tỉnh vận động hội viên", ["fatherland_front"]),
        ("Phối hợp với các cơ quan, đơn vị có liên quan triển khai", []),
        ("Tổ chức thư viện lưu động kết hợp với Trung tâm Văn hóa - Thể thao cấp xã", []),
        ("Tăng cường phối hợp hoạt động giữa trung tâm học tập cộng đồng và các thiết chế văn hóa", []),
        ("Phối hợp, tham gia các hoạt động của Sở Văn hóa, Thể thao và Du lịch", []),
        ("Phối hợp với Sở Du lịch xây dựng sản phẩm", ["other:Sở Du lịch"]),
    ],
    ids=["two-partners", "no-voi", "second-clause", "commune", "cung", "generic", "ket-hop", "giua",
         "no-partner-after-verb", "unknown-dept"],
)
def test_partners(text, partners):
    assert duty_partners(text) == partners


@pytest.mark.parametrize(
    "text, requested, codes",
    [
        ("Đề nghị Ủy ban MTTQ Việt Nam tỉnh, các đoàn thể chính trị - xã hội phối hợp tuyên truyền", True, ["fatherland_front"]),
        ("Kính đề nghị Ban Tuyên giáo Tỉnh ủy chỉ đạo công tác tuyên truyền", True, ["party_propaganda"]),
        ("Giao Sở Tài chính bố trí kinh phí", False, ["dept_finance"]),
        ("UBND các huyện, thành phố và Sở Nội vụ: bố trí cán bộ", False, ["district_committees", "dept_home_affairs"]),
        ("Căn cứ chức năng, nhiệm vụ, các sở triển khai", False, []),
        # a frame before the subject, up to its first comma
        ("Căn cứ nhiệm vụ được phân công tại Phụ lục kèm theo Kế hoạch này, các sở, ban, ngành và Ủy ban nhân dân "
         "các huyện, thị xã, thành phố chủ động xây dựng kế hoạch", False, ["other_departments", "district_committees"]),
        ("Trên cơ sở kế hoạch của tỉnh, Ủy ban nhân dân cấp xã bố trí kinh phí", False, ["commune_committees"]),
        ("Theo chức năng, nhiệm vụ được giao, Sở Tài chính tham mưu bố trí kinh phí", False, ["dept_finance"]),
        ("Theo dõi, đôn đốc Sở Tài chính bố trí kinh phí", False, []),
        # a qualifier between listed bodies
        ("Các sở, ban, ngành, đơn vị được giao nhiệm vụ và Ủy ban nhân dân các huyện, thị xã, thành phố báo cáo kết quả",
         False, ["other_departments", "district_committees"]),
        # a label of bodies before a colon is read as a heading: single institutions count
        ("Thư viện tỉnh, Bảo tàng tỉnh, Trung tâm Văn hóa, Điện ảnh và Du lịch tỉnh: chủ động xây dựng kế hoạch",
         False, ["cultural_institutions"]),
        ("Bảo tàng tỉnh: tổ chức trưng bày chuyên đề", False, ["cultural_institutions"]),
        ("Thư viện tỉnh tổ chức trưng bày sách: hằng quý", False, []),  # not a label of bodies only
        # a merged body is both bodies
        ("Báo và Phát thanh, Truyền hình Lào Cai mở chuyên mục", False, ["newspaper", "broadcaster"]),
        ("Đề nghị các cơ sở giáo dục đại học, cơ quan Trung ương đóng trên địa bàn tỉnh chỉ đạo thư viện", True,
         ["other:các cơ sở giáo dục đại học", "other:cơ quan Trung ương đóng trên địa bàn tỉnh"]),
    ],
    ids=["de-nghi", "kinh-de-nghi", "giao", "colon", "no-subject", "frame-can-cu", "frame-tren-co-so",
         "frame-theo-chuc-nang", "theo-doi-is-a-verb", "qualified-list", "institutions-label", "one-institution",
         "not-a-label", "merged-body", "bodies-by-kind"],
)
def test_subject_of_an_item(text, requested, codes):
    req, bodies, _ = subject_bodies(text)
    assert (req, list(dict.fromkeys(b.code for b in bodies))) == (requested, codes)


# --------------------------------------------------------------------------- #
# Whole organisation parts written in other ways
# --------------------------------------------------------------------------- #

_HEAD = "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao nhận thức.\n"


def _rows(text):
    plan = plan_of(_HEAD + text + "\nTrên đây là Kế hoạch.\n")
    rows = extract_assignments(plan)
    for r in rows:
        assert plan.text[r.start_char:r.end_char] == r.duty
    return [(r.agency, r.role, r.requested, r.partners, r.deadline) for r in rows]


def test_lead_in_line_and_numbered_run_in_items():
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Văn hóa, Thể thao và Du lịch\n"
        "Là cơ quan thường trực, chủ trì, phối hợp với các sở, ngành, địa phương triển khai Kế hoạch; có nhiệm vụ:\n"
        "- Hướng dẫn các thư viện, bảo tàng xây dựng mô hình phục vụ học tập suốt đời.\n"
        "- Định kỳ hằng năm tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12.\n"
        "2. Sở Tài chính: Tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện Kế hoạch theo quy định.\n"
        "3. Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh phối hợp tuyên truyền, vận động hội viên.")
    assert rows == [
        ("dept_culture", "lead", False, ["other_departments"], None),
        ("dept_culture", "implement", False, [], None),
        ("dept_culture", "report", False, [], "Định kỳ hằng năm, trước ngày 15/12"),
        ("dept_finance", "implement", False, [], None),
        ("fatherland_front", "coordinate", True, [], None),
    ]


def test_bullets_naming_their_own_bodies_under_a_grouping_heading():
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Phân công nhiệm vụ\n"
        "- Giao Sở Văn hóa và Thể thao chủ trì, phối hợp với các cơ quan liên quan tổ chức triển khai Kế hoạch.\n"
        "- Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội phối hợp với Sở Văn hóa và Thể thao chỉ đạo thư viện trường học.\n"
        "- Đề nghị Tỉnh đoàn phối hợp tổ chức các hoạt động đọc sách cho thanh thiếu nhi.\n"
        "- Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo.\n"
        "2. Chế độ báo cáo\n"
        "Các sở, ngành liên quan, UBND cấp huyện báo cáo kết quả về Sở Văn hóa và Thể thao trước ngày 30/11 hằng năm.")
    assert rows == [
        ("dept_culture", "lead", False, [], None),
        ("dept_education", "coordinate", False, ["dept_culture"], None),
        ("dept_labour", "coordinate", False, ["dept_culture"], None),
        ("youth_union", "coordinate", True, [], None),
        ("other_departments", "report", False, [], "trước ngày 30/11, hằng năm"),
        ("district_committees", "report", False, [], "trước ngày 30/11, hằng năm"),
    ]


def test_lettered_body_headings_and_unnumbered_body_lines():
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Trách nhiệm của các sở, ngành\n"
        "a) Sở Thông tin và Truyền thông, Báo Lạng Sơn, Đài Phát thanh và Truyền hình Lạng Sơn\n"
        "- Tuyên truyền về học tập suốt đời.\n"
        "2. Cấp huyện\n"
        "Ủy ban nhân dân các huyện, thành phố có trách nhiệm:\n"
        "- Xây dựng kế hoạch thực hiện tại địa phương.\n"
        "Ủy ban nhân dân các xã, phường, thị trấn chủ trì, phối hợp với Trung tâm học tập cộng đồng thực hiện:\n"
        "- Bố trí địa điểm đọc sách; hoàn thành trong quý IV/2025.")
    assert rows == [
        ("dept_information", "implement", False, [], None),
        ("newspaper", "implement", False, [], None),
        ("broadcaster", "implement", False, [], None),
        ("district_committees", "implement", False, [], None),
        ("commune_committees", "lead", False, ["other:Trung tâm học tập cộng đồng"], None),
        ("commune_committees", "implement", False, [], "hoàn thành trong quý IV/2025"),
    ]


def test_unknown_bodies_in_a_heading_are_kept():
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Đề nghị Hội Khuyến học tỉnh, Liên hiệp các tổ chức hữu nghị tỉnh\n"
        "- Vận động hội viên tham gia học tập suốt đời.\n"
        "2. Các cơ quan, đơn vị có liên quan\n"
        "- Căn cứ chức năng, nhiệm vụ, chủ động triển khai Kế hoạch.")
    assert rows == [
        ("other:Hội Khuyến học tỉnh", "implement", True, [], None),
        ("other:Liên hiệp các tổ chức hữu nghị tỉnh", "implement", True, [], None),
        ("other:Các cơ quan, đơn vị có liên quan", "implement", False, [], None),
    ]


def test_items_under_a_group_of_bodies_may_name_one_of_them():
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Các sở, ban, ngành khác\n"
        "- Sở Tư pháp phối hợp với Sở Văn hóa, Thể thao và Du lịch tuyên truyền pháp luật.\n"
        "- Tổ chức cho công chức học tập thường xuyên.\n"
        "2. Ủy ban nhân dân cấp huyện, cấp xã\n"
        "- Hằng quý, báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch.")
    assert rows == [
        ("other:Sở Tư pháp", "coordinate", False, ["dept_culture"], None),
        ("other_departments", "implement", False, [], None),
        ("district_committees", "report", False, [], "Hằng quý"),
        ("commune_committees", "report", False, [], "Hằng quý"),
    ]


def test_duty_written_in_the_heading_itself():
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Văn hóa, Thể thao và Du lịch\n"
        "- Chủ trì triển khai.\n"
        "2. Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch\n"
        "3. Sở Nội vụ phối hợp với Sở Văn hóa, Thể thao và Du lịch thực hiện\n"
        "4. Liên minh Hợp tác xã tỉnh\n"
        "- Vận động các hợp tác xã tham gia.")
    assert rows == [
        ("dept_culture", "lead", False, [], None),
        ("dept_finance", "implement", False, [], None),
        ("dept_home_affairs", "coordinate", False, ["dept_culture"], None),
        ("other:Liên minh Hợp tác xã tỉnh", "implement", False, [], None),
    ]


def test_no_organisation_part_gives_no_duties():
    assert _rows("II. NHIỆM VỤ VÀ GIẢI PHÁP\n- Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức.") == []


def test_a_duty_given_by_name_in_the_closing_paragraph_is_a_duty_not_in_the_decision():
    """'Giao <body> ...' in the closing paragraph assigns a duty (issue 11); 'Đề nghị các cơ quan ...'
    does not, and neither do the decision's articles, which hand over the plan as a whole (its
    organisation part gives the duties item by item; blind plan aa's key)."""
    from extractor.core.models import RawDocument
    from extractor.pipeline import parse

    text = ("QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n"
            "Điều 2. Giao Sở Giáo dục và Đào tạo chủ trì hướng dẫn các trường triển khai Kế hoạch.\n"
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành Quyết định này.\n"
            "KẾ HOẠCH\nI. MỤC TIÊU\n- Đến năm 2025, 70% thư viện cấp huyện có cung cấp dịch vụ phục vụ học tập suốt đời.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Sở Văn hóa, Thể thao và Du lịch\n- Chủ trì triển khai Kế hoạch.\n"
            "Trên đây là Kế hoạch. Giao Sở Tài chính bố trí kinh phí thực hiện Kế hoạch. "
            "Đề nghị các cơ quan, đơn vị phản ánh khó khăn về Sở Văn hóa, Thể thao và Du lịch.\n")
    plan = parse(RawDocument(text=text, source_name="x", path="x.txt", fmt="txt", content_hash="0" * 64))
    assert [(a.agency, a.role) for a in plan.assignments] == [("dept_culture", "lead"), ("dept_finance", "implement")]


def test_running_paragraphs_that_name_their_bodies_after_a_frame_or_a_qualifier():
    """Numbered running paragraphs under the organisation part with no body headings (blind plan
    ac): the bodies come after a frame ("Căn cứ ..., <bodies> ...") or are qualified inside the
    list ("<bodies> được giao nhiệm vụ và <bodies> báo cáo ...")."""
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Trên cơ sở nhiệm vụ được phân công tại Phụ lục, các sở, ban, ngành và Ủy ban nhân dân các quận, huyện "
        "chủ động xây dựng kế hoạch thực hiện.\n"
        "2. Các sở, ngành, đơn vị đã được phân công và Ủy ban nhân dân cấp huyện gửi báo cáo kết quả về Sở Văn hóa "
        "và Thể thao trước ngày 30/11 hằng năm.")
    assert rows == [
        ("other_departments", "implement", False, [], None),
        ("district_committees", "implement", False, [], None),
        ("other_departments", "report", False, [], "trước ngày 30/11, hằng năm"),
        ("district_committees", "report", False, [], "trước ngày 30/11, hằng năm"),
    ]


def test_an_item_asking_bodies_of_its_own_naming_under_another_heading():
    """'Đề nghị <bodies> ...' names the bodies the committee asks, whatever heading it sits under
    (blind plan z: under 'Các sở, ban, ngành, cơ quan, đơn vị liên quan')."""
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Giáo dục và Đào tạo\n"
        "- Chỉ đạo thư viện trường học đổi mới hoạt động.\n"
        "- Đề nghị các cơ sở giáo dục đại học trên địa bàn tỉnh mở cửa thư viện phục vụ cộng đồng.\n"
        "2. Các sở, ban, ngành liên quan\n"
        "- Căn cứ chức năng, nhiệm vụ, lồng ghép nội dung Kế hoạch vào chương trình công tác.\n"
        "- Đề nghị các cơ quan Trung ương đóng trên địa bàn tỉnh phối hợp với Sở Giáo dục và Đào tạo tuyên truyền.")
    assert rows == [
        ("dept_education", "implement", False, [], None),
        ("other:các cơ sở giáo dục đại học", "implement", True, [], None),
        ("other_departments", "implement", False, [], None),
        ("other:các cơ quan Trung ương đóng trên địa bàn tỉnh", "coordinate", True, ["dept_education"], None),
    ]


def test_a_paragraph_broken_inside_its_sentence_is_one_duty():
    """A PDF's text may break a line before a capital: a paragraph ending with a comma (or "và",
    "với" ...) goes on in the next one (blind plan aa); one ending with "." does not."""
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Đề nghị Tỉnh đoàn\n"
        "Phối hợp với Sở Văn hóa và Thể thao tổ chức các hoạt động khuyến đọc,\n"
        "Ngày hội đọc sách, các câu lạc bộ sáng tạo trẻ tại thư viện.\n"
        "2. Sở Tài chính\n"
        "Tham mưu bố trí kinh phí thực hiện Kế hoạch, phối hợp với\n"
        "Sở Văn hóa và Thể thao hướng dẫn thanh quyết toán.\n"
        "Hướng dẫn các địa phương lập dự toán.")
    assert rows == [
        ("youth_union", "coordinate", True, ["dept_culture"], None),
        ("dept_finance", "implement", False, ["dept_culture"], None),
        ("dept_finance", "implement", False, [], None),
    ]


def test_institutions_labelling_their_own_item_and_a_merged_body():
    """'<institutions>: ...' is read as a heading (blind plan ab); the merged 'Báo và Phát thanh,
    Truyền hình <tỉnh>' is the newspaper and the broadcaster (blind plans h, o, s, z)."""
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Thư viện tỉnh, Bảo tàng tỉnh: chủ động xây dựng kế hoạch hằng năm.\n"
        "2. Báo và Phát thanh, Truyền hình tỉnh\n"
        "- Mở chuyên mục tuyên truyền về học tập suốt đời.\n"
        "3. Sở Thông tin và Truyền thông\n"
        "- Phối hợp với Báo và PT-TH tỉnh hướng dẫn tuyên truyền.")
    assert rows == [
        ("cultural_institutions", "implement", False, [], "hằng năm"),
        ("newspaper", "implement", False, [], None),
        ("broadcaster", "implement", False, [], None),
        ("dept_information", "coordinate", False, ["newspaper", "broadcaster"], None),
    ]


def test_items_under_a_heading_of_several_bodies_that_each_name_theirs():
    """A heading grouping bodies whose items each open with their own body (blind plans ag, u):
    the item is that body's alone. An item naming none of them, or all of them, is the heading's."""
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nội vụ, Sở Khoa học và Công nghệ\n"
        "- Sở Khoa học và Công nghệ chủ trì thẩm định giải pháp số hóa tài liệu.\n"
        "- Sở Nội vụ phối hợp với Sở Văn hóa và Thể thao bố trí biên chế cho thư viện.\n"
        "- Hướng dẫn các đơn vị lồng ghép nội dung học tập suốt đời.\n"
        "2. Báo Quảng Trị, Đài Phát thanh - Truyền hình tỉnh\n"
        "- Báo Quảng Trị, Đài Phát thanh - Truyền hình tỉnh mở chuyên mục về học tập suốt đời.\n"
        "3. Đề nghị Ủy ban MTTQ Việt Nam tỉnh, Tỉnh đoàn\n"
        "- Tỉnh đoàn chủ trì phát động phong trào đọc sách trong đoàn viên.")
    assert rows == [
        ("dept_science", "lead", False, [], None),
        ("dept_home_affairs", "coordinate", False, ["dept_culture"], None),
        ("dept_home_affairs", "implement", False, [], None),
        ("dept_science", "implement", False, [], None),
        ("newspaper", "implement", False, [], None),
        ("broadcaster", "implement", False, [], None),
        ("youth_union", "lead", True, [], None),
    ]


def test_a_body_whose_name_lists_its_fields_is_one_body():
    """'Trường Đại học Văn hóa, Thể thao và Du lịch <tỉnh>' is one school, not two names cut at the
    comma (blind plan ag); in a heading listing two schools, each is a body."""
    rows = _rows(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Trường Đại học Quảng Bình, Trường Cao đẳng Văn hóa, Nghệ thuật và Du lịch Quảng Bình\n"
        "- Mở cửa thư viện nhà trường phục vụ người dân.\n"
        "2. Sở Văn hóa, Thể thao và Du lịch\n"
        "- Phối hợp với Trường Cao đẳng Văn hóa, Nghệ thuật và Du lịch Quảng Bình, các cơ quan liên quan bồi dưỡng "
        "viên chức.")
    school = "other:Trường Cao đẳng Văn hóa, Nghệ thuật và Du lịch Quảng Bình"
    assert rows == [
        ("other:Trường Đại học Quảng Bình", "implement", False, [], None),
        (school, "implement", False, [], None),
        ("dept_culture", "coordinate", False, [school], None),
    ]


def test_body_headings_written_inline_with_their_duty():
    """'5. Sở Tài chính: Căn cứ ...' among numbered body headings is a heading of its own whose duty
    follows the colon (blind plan ae); a run of such lines with no heading among them stays
    numbered paragraphs naming their bodies (blind plan ab), with the same duties."""
    text = (_HEAD + "II. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Văn hóa và Thể thao\n"
            "- Chủ trì triển khai Kế hoạch.\n"
            "2. Sở Tài chính: Căn cứ khả năng ngân sách, tham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
            "3. Trường Cao đẳng Sư phạm tỉnh: Phối hợp với Sở Văn hóa và Thể thao bồi dưỡng viên chức thư viện.\n"
            "4. Ủy ban nhân dân cấp huyện\n"
            "- Bố trí nhân lực cho thư viện cấp huyện.\n"
            "5. Đề nghị Tỉnh đoàn: Chủ trì phát động phong trào đọc sách.\n"
            "Trên đây là Kế hoạch.\n")
    plan = plan_of(text)
    assert [(s.label, s.heading, s.kind) for s in plan.sections if s.level == 2] == [
        ("1", "Sở Văn hóa và Thể thao", "organization"), ("2", "Sở Tài chính", "organization"),
        ("3", "Trường Cao đẳng Sư phạm tỉnh", "organization"), ("4", "Ủy ban nhân dân cấp huyện", "organization"),
        ("5", "Đề nghị Tỉnh đoàn", "organization")]
    rows = extract_assignments(plan)
    assert [(r.agency, r.role, r.requested, r.duty[:20]) for r in rows] == [
        ("dept_culture", "lead", False, "Chủ trì triển khai K"),
        ("dept_finance", "implement", False, "Căn cứ khả năng ngân"),
        ("other:Trường Cao đẳng Sư phạm tỉnh", "coordinate", False, "Phối hợp với Sở Văn "),
        ("district_committees", "implement", False, "Bố trí nhân lực cho "),
        ("youth_union", "lead", True, "Chủ trì phát động ph"),
    ]
    running = plan_of(_HEAD + "II. TỔ CHỨC THỰC HIỆN\n"
                      "1. Sở Văn hóa và Thể thao: chủ trì, phối hợp với các sở, ban, ngành triển khai Kế hoạch.\n"
                      "2. Sở Tài chính: căn cứ khả năng ngân sách, tham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
                      "Trên đây là Kế hoạch.\n")
    assert [s.label for s in running.sections if s.level == 2] == []
    assert [(r.agency, r.role) for r in extract_assignments(running)] == [("dept_culture", "lead"), ("dept_finance", "implement")]


def test_a_duty_under_a_heading_naming_no_known_body_is_reported_not_dropped():
    """Nothing skipped silently: a duty item opening with a role under a heading the agency rules
    cannot read is reported as `unassigned_duty` with its span; a known centre's heading is read."""
    from extractor.core.models import RawDocument
    from extractor.pipeline import parse

    text = ("KẾ HOẠCH\nI. MỤC TIÊU\nNâng cao chất lượng.\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Khu Di tích Kim Liên\n- Chủ trì tổ chức các chương trình giáo dục di sản cho học sinh.\n"
            "2. Trung tâm Bảo tồn Di tích Cố đô Huế\n- Phối hợp với Sở Giáo dục và Đào tạo tổ chức tham quan.\n")
    plan = parse(RawDocument(text=text, source_name="x", path="x.txt", fmt="txt", content_hash="0" * 64))
    assert [(a.agency, a.role) for a in plan.assignments] == [("other:Trung tâm Bảo tồn Di tích Cố đô Huế", "coordinate")]
    [w] = [w for w in plan.warnings if w.code == "unassigned_duty"]
    assert plan.text[w.start_char:w.end_char] == "Chủ trì tổ chức các chương trình giáo dục di sản cho học sinh."
    assert w.message == "a duty under 'Khu Di tích Kim Liên' names no body the rules know; not stored"


def test_duties_of_a_decision_holding_its_plan_in_its_articles_are_read():
    """"Điều 2. Tổ chức thực hiện" then "1. Sở Văn hóa, ...:" with a) b) items: numbered headings at the
    first level (no Roman parts) that name bodies are body headings."""
    from extractor.core.models import RawDocument
    from extractor.pipeline import parse

    text = ("QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt Kế hoạch với các nội dung sau:\n1. Mục tiêu\nNâng cao chất lượng.\n"
            "Điều 2. Tổ chức thực hiện\n1. Sở Văn hóa, Thể thao và Du lịch:\n"
            "a) Là cơ quan chủ trì, thường trực giúp Chủ tịch Ủy ban nhân dân tỉnh tổ chức triển khai Kế hoạch.\n"
            "b) Hướng dẫn, kiểm tra việc thực hiện Kế hoạch.\n"
            "2. Sở Tài chính: Căn cứ khả năng cân đối ngân sách, tham mưu bố trí kinh phí.\n"
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n")
    plan = parse(RawDocument(text=text, source_name="x", path="x.txt", fmt="txt", content_hash="0" * 64))
    assert [(a.agency, a.role) for a in plan.assignments] == [
        ("dept_culture", "lead"), ("dept_culture", "implement"), ("dept_finance", "implement")]
    assert not [w for w in plan.warnings if w.code == "unassigned_duty"]


def test_paragraphs_after_one_opening_with_a_body_are_that_bodys_under_a_heading_of_bodies_in_general(tmp_path):
    from extractor.pipeline import parse_file

    path = tmp_path / "plan.md"
    path.write_text("V. TỔ CHỨC THỰC HIỆN\n1. Trách nhiệm của các cơ quan, đơn vị\n"
                    "**Sở Tài chính** tham mưu Ủy ban nhân dân thành phố bố trí kinh phí thực hiện Kế hoạch.\n\n"
                    "Hướng dẫn các cơ quan, đơn vị lập dự toán kinh phí theo quy định.\n\n"
                    "Các sở: Nội vụ, Xây dựng: theo chức năng, nhiệm vụ được giao, tham mưu thực hiện Kế hoạch.\n\n"
                    "**Sở Nội vụ** phối hợp với Sở Văn hóa, Thể thao và Du lịch bố trí người làm công tác thư viện.\n",
                    encoding="utf-8")
    rows = [(a.agency, a.role, a.duty[:20]) for a in parse_file(path).assignments]
    assert rows[:2] == [("dept_finance", "implement", "Sở Tài chính tham mư"),
                        ("dept_finance", "implement", "Hướng dẫn các cơ qua")]
    # a paragraph with a label of its own is not the body's before it; the next body opens its own
    assert "dept_finance" not in {a for a, _, d in rows if d.startswith("Các sở")}
    assert rows[-1] == ("dept_home_affairs", "coordinate", "Sở Nội vụ phối hợp v")


def test_lettered_body_lines_whose_duty_is_a_paragraph_after_others_with_bullets():
    # "c) <body>" on a line of its own, its duty on the next line: that body's, not the bullets' body above
    rows = _rows(
        "V. TỔ CHỨC THỰC HIỆN\n"
        "1. Trách nhiệm của các cơ quan, đơn vị\n"
        "a) Sở Giáo dục và Đào tạo\n"
        "- Chủ trì chỉ đạo thư viện các cơ sở giáo dục phổ thông.\n"
        "- Phối hợp với Sở Văn hóa, Thể thao và Du lịch xây dựng chương trình giáo dục di sản.\n"
        "b) Sở Khoa học và Công nghệ\n"
        "Phối hợp với Sở Văn hóa, Thể thao và Du lịch hướng dẫn tích hợp phần mềm quản lý thư viện.\n"
        "c) Công an thành phố, Bộ Chỉ huy Quân sự thành phố\n"
        "Chỉ đạo hệ thống thư viện thuộc lực lượng vũ trang thực hiện các chỉ tiêu.\n"
        "d) Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố\n"
        "Phối hợp tuyên truyền, vận động đoàn viên, hội viên tham gia học tập suốt đời.\n")
    assert [(a, r, q) for a, r, q, _, _ in rows] == [
        ("dept_education", "lead", False),
        ("dept_education", "coordinate", False),
        ("dept_science", "coordinate", False),
        ("police", "implement", False),
        ("military", "implement", False),
        ("fatherland_front", "coordinate", True),
    ]


def test_a_body_label_on_its_own_line_then_its_duty_paragraph():
    rows = _rows(
        "V. TỔ CHỨC THỰC HIỆN\n"
        "Sở Giáo dục và Đào tạo:\n"
        "Chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch chỉ đạo các cơ sở giáo dục phổ thông.\n"
        "Sở Tài chính:\n"
        "Căn cứ khả năng cân đối ngân sách, tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí.\n"
        "Sở Khoa học và Công nghệ:\n"
        "Phối hợp với Sở Văn hóa, Thể thao và Du lịch hướng dẫn ứng dụng công nghệ thông tin.\n")
    assert [(a, r, p) for a, r, _, p, _ in rows] == [
        ("dept_education", "lead", ["dept_culture"]),
        ("dept_finance", "implement", []),
        ("dept_science", "coordinate", ["dept_culture"]),
    ]
