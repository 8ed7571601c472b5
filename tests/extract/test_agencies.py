"""Tests for extractor.extract.agencies: the vocabulary's own examples, heading parsing, lists of bodies, codes."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor.extract.agencies import (
    _AgencyRules,
    agency_code,
    body_list,
    find_agencies,
    heading_bodies,
    is_generic,
    other_code,
    rules,
)
from extractor.read.normalise import normalise

REPO = Path(__file__).resolve().parents[2]
RULES = rules()


def _ascii_id(text) -> str:
    """Readable ASCII test id: 'Sở Văn hóa' -> 'So Van hoa' (non-strings: their repr)."""
    if not isinstance(text, str):
        return repr(text)
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").split())[:60] or "<empty>"


# --------------------------------------------------------------------------- #
# The rule file's examples and counterexamples
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("ex", RULES.examples, ids=[_ascii_id(e.text) for e in RULES.examples])
def test_example_is_one_mention_with_its_code(ex):
    """One name, found whole, with its code (a merged body: one mention per code, same span)."""
    found = find_agencies(ex.text)
    target = ex.covers or ex.text
    assert found, f"nothing found in {ex.text!r}"
    assert len({(m.start, m.end) for m in found}) == 1, f"ambiguous: {[(m.code, m.name) for m in found]}"
    for m in found:
        assert m.name == target, f"partial: found {m.name!r}, expected {target!r}"
        assert (m.start, m.end) == (ex.text.index(target), ex.text.index(target) + len(target))
    assert [m.code for m in found] == ex.expected, f"{ex.text!r} -> {[m.code for m in found]}, expected {ex.expected}"


@pytest.mark.parametrize("text", RULES.counterexamples, ids=[_ascii_id(t) for t in RULES.counterexamples])
def test_counterexample_is_not_a_body(text):
    assert find_agencies(text) == []


@pytest.mark.parametrize("ex", RULES.heading_examples, ids=[_ascii_id(e.heading) for e in RULES.heading_examples])
def test_heading_example_gives_its_bodies(ex):
    got = list(dict.fromkeys(m.code for m in heading_bodies(ex.heading)))
    assert got == ex.codes


def test_there_are_at_least_30_examples():
    assert len(RULES.examples) >= 30


def test_examples_are_not_taken_from_the_corpus():
    corpus = "\n".join(normalise(p.read_text(encoding="utf-8")).text for p in (REPO / "corpus").glob("*.txt"))
    taken = [ex.text for ex in RULES.examples if normalise(ex.text).text in corpus]
    assert taken == [], f"examples copied from the corpus: {taken}"


def test_every_taxonomy_agency_has_a_surface_form():
    from extractor.core.taxonomy import taxonomy

    assert set(taxonomy().agencies) - set(RULES.agencies) == set()


def test_unknown_code_in_rule_file_is_a_named_error():
    data = RULES.model_dump()
    data["agencies"]["dept_culturre"] = ["Sở Văn hóa"]
    with pytest.raises(ValidationError, match="dept_culturre"):
        _AgencyRules.model_validate(data)


# --------------------------------------------------------------------------- #
# Mentions in running text
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch và Ủy ban nhân dân các huyện, thị xã, thành phố",
         [("dept_culture", "Sở Văn hóa, Thể thao và Du lịch"),
          ("district_committees", "Ủy ban nhân dân các huyện, thị xã, thành phố")]),
        # the longer district name wins over "Ủy ban nhân dân ... thành phố" (provincial)
        ("báo cáo Ủy ban nhân dân thành phố và Ủy ban nhân dân quận, huyện",
         [("provincial_committee", "Ủy ban nhân dân thành phố"), ("district_committees", "Ủy ban nhân dân quận, huyện")]),
        # old tone marks are read like new ones; spans stay those of the input
        ("Uỷ ban nhân dân tỉnh Khánh Hoà", [("provincial_committee", "Uỷ ban nhân dân tỉnh Khánh Hoà")]),
        # a newspaper at the end of a line does not swallow the next line
        ("Báo Cần Thơ\nXây dựng chuyên mục", [("newspaper", "Báo Cần Thơ")]),
        ("Sở Y tế, Sở Tư pháp", [("other:Sở Y tế", "Sở Y tế"), ("other:Sở Tư pháp", "Sở Tư pháp")]),
        ("các Sở, ban, ngành, đoàn thể có liên quan",
         [("other_departments", "các Sở, ban, ngành"), ("fatherland_front", "đoàn thể")]),
    ],
    ids=["two-bodies", "city-vs-district", "old-tones", "line-end", "unknown-departments", "depts-and-mass-orgs"],
)
def test_find_agencies_in_running_text(text, expected):
    assert [(m.code, m.name) for m in find_agencies(text)] == expected
    for m in find_agencies(text):
        assert text[m.start:m.end] == m.name


@pytest.mark.parametrize(
    "text, start, codes",
    [
        ("Phối hợp với Sở VHTTDL, các Sở, ban, ngành, đoàn thể có liên quan chỉ đạo", 13,
         ["dept_culture", "other_departments", "fatherland_front"]),
        ("phối hợp với các cơ quan, đơn vị, địa phương có liên quan triển khai", 13, []),
        ("phối hợp với Sở Tài chính và các cơ quan, đơn vị liên quan, Hội Khuyến học tỉnh thực hiện", 13,
         ["dept_finance", "other:Hội Khuyến học tỉnh"]),
        ("phối hợp Báo Vĩnh Long; Đài PT-TH Vĩnh Long thực hiện", 9, ["newspaper", "broadcaster"]),
        ("phối hợp tuyên truyền, vận động Sở Tài chính", 9, []),
        # a merged body is one name and two codes; the list goes on after it
        ("phối hợp với Báo và Phát thanh, Truyền hình Lào Cai, Sở Tài chính thực hiện", 13,
         ["newspaper", "broadcaster", "dept_finance"]),
        # a qualifier between listed bodies is skipped
        ("Các sở, ban, ngành được giao nhiệm vụ và UBND cấp huyện báo cáo", 0, ["other_departments", "district_committees"]),
    ],
    ids=["mixed-list", "generic-only", "generic-between", "semicolon", "verb-first", "merged", "qualified"],
)
def test_body_list_stops_at_the_first_other_word(text, start, codes):
    found, _ = body_list(text, start)
    assert [m.code for m in found] == codes


# --------------------------------------------------------------------------- #
# Codes of names
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "name, code",
    [
        ("Sở VH, TT và DL", "dept_culture"),
        ("  Sở Giáo dục và Đào tạo tỉnh Sóc Trăng  ", "dept_education"),
        ("Công an tỉnh Bắc Giang", "police"),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố có liên quan", "district_committees"),
        ("Thư viện tỉnh", "cultural_institutions"),  # an institution heading a list of duties
        ("Trung tâm Y tế huyện", "other:Trung tâm Y tế huyện"),
        ("Sở Tài chính, Sở Nội vụ", "other:Sở Tài chính, Sở Nội vụ"),  # two bodies are not one code
        ("các cơ quan thông tấn, báo chí", "other:các cơ quan thông tấn, báo chí"),
    ],
    ids=_ascii_id,
)
def test_agency_code(name, code):
    assert agency_code(name) == code


def test_other_code_keeps_the_name_as_written_with_its_determiner():
    # the client's key codes "các tổ chức xã hội, nghề nghiệp tỉnh" with its "các" (plan 002)
    assert other_code("các tổ chức xã hội ") == "other:các tổ chức xã hội"
    assert other_code("Hội Khuyến học tỉnh") == "other:Hội Khuyến học tỉnh"


@pytest.mark.parametrize("name, generic", [
    ("Các cơ quan, đơn vị có liên quan", True),
    ("các cơ quan, đơn vị, địa phương", True),
    ("Cấp tỉnh", False),
    ("Chế độ báo cáo", False),
], ids=_ascii_id)
def test_generic_groups(name, generic):
    assert is_generic(name) is generic


def test_find_agencies_is_fast_enough():
    import time

    text = ("Chủ trì, phối hợp với Sở VHTTDL, các Sở, ban, ngành, đoàn thể có liên quan chỉ đạo, hướng dẫn tổ chức "
            "các hoạt động truyền thông về hoạt động học tập suốt đời gắn với các hoạt động kỷ niệm. ") * 10
    find_agencies(text)
    t = time.perf_counter()
    for _ in range(20):
        find_agencies(text)
    assert (time.perf_counter() - t) / 20 < 0.02
