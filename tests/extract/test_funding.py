"""Tests for extractor.extract.funding: the rule file's examples, the three answer keys, the section rule."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ascii_id, plan_of

from extractor.extract.funding import extract_funding, find_sources, rules

REPO = Path(__file__).resolve().parents[2]
PLANS = sorted(p.stem for p in (REPO / "corpus").glob("*.txt"))
RULES = rules()


@pytest.mark.parametrize("ex", RULES.examples, ids=[ascii_id(e.text) for e in RULES.examples])
def test_example_is_one_source_with_its_quote(ex):
    found = find_sources(ex.text)
    assert found, "nothing found"
    assert len(found) == 1, f"ambiguous: {[(c, ex.text[s:e]) for c, s, e in found]}"
    code, s, e = found[0]
    assert ex.text[s:e] == ex.quote, f"partial: {ex.text[s:e]!r}"
    assert code == ex.source


@pytest.mark.parametrize("text", RULES.counterexamples, ids=[ascii_id(t) for t in RULES.counterexamples])
def test_counterexample_names_no_source(text):
    assert find_sources(text) == []


@pytest.mark.parametrize("stem", PLANS)
def test_sources_match_the_answer_key(stem):
    plan = plan_of((REPO / "corpus" / f"{stem}.txt").read_text(encoding="utf-8"))
    gold = json.loads((REPO / "corpus" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    rows = extract_funding(plan)
    assert sorted(r.source for r in rows) == sorted(gold["funding_sources"])
    assert len(rows) == len({r.source for r in rows})
    for r in rows:
        assert plan.text[r.start_char:r.end_char] == r.quote
        assert plan.section(next(s.section_id for s in plan.sections
                                 if s.start_char <= r.start_char < s.end_char and s.kind == "funding")).kind == "funding"


def test_only_the_funding_part_is_read():
    plan = plan_of(
        "KẾ HOẠCH\nI. NHIỆM VỤ VÀ GIẢI PHÁP\n- Đẩy mạnh xã hội hóa, huy động tài trợ của doanh nghiệp.\n"
        "II. KINH PHÍ THỰC HIỆN\nKinh phí do ngân sách nhà nước bảo đảm theo phân cấp hiện hành.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\n- Huy động các nguồn vốn hợp pháp khác.\n")
    assert [(f.source, f.quote) for f in extract_funding(plan)] == [("state_budget", "ngân sách nhà nước")]


def test_funding_sub_part_of_the_organisation_part():
    plan = plan_of(
        "KẾ HOẠCH\nI. TỔ CHỨC THỰC HIỆN\n1. Kinh phí thực hiện\n"
        "Từ nguồn ngân sách địa phương, nguồn xã hội hóa và các nguồn tài chính hợp pháp khác.\n"
        "2. Sở Văn hóa, Thể thao và Du lịch\n- Vận động tài trợ.\n")
    assert [(f.source, f.quote) for f in extract_funding(plan)] == [
        ("state_budget", "nguồn ngân sách địa phương"), ("socialization", "nguồn xã hội hóa"),
        ("other_legal", "các nguồn tài chính hợp pháp khác")]


def test_first_mention_of_each_source_only():
    plan = plan_of("KẾ HOẠCH\nI. KINH PHÍ\n1. Ngân sách nhà nước.\n2. Tài trợ của các doanh nghiệp.\n"
                   "3. Ngân sách tỉnh hỗ trợ; xã hội hóa.\n")
    assert [f.source for f in extract_funding(plan)] == ["state_budget", "socialization"]
