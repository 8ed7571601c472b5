"""A plan written in a layout the corpus does not use: year-headed goal parts, lettered sub-goals,
inline "1. Sở ...: duty" items. Hand-written expectations (tests/fixtures/other_layout_plan.txt)."""
from __future__ import annotations

import pytest

from conftest import REPO

from extractor.pipeline import parse_file


@pytest.fixture(scope="module")
def plan():
    return parse_file(REPO / "tests" / "fixtures" / "other_layout_plan.txt")


def test_metadata(plan):
    m = plan.metadata
    assert (m.province, m.doc_number, m.issued_on, m.program_ref, m.horizon_year, m.signer) == (
        "Bắc Kạn", "85/KH-UBND", "2023-02-15", "1520/QĐ-TTg", 2030, "Đinh Quang Tuyên")
    assert (m.report_day, m.report_month, m.report_year, m.report_recurring) == (15, 12, None, True)


def test_targets_take_the_year_of_their_part(plan):
    rows = sorted((t.indicator, t.subject, t.year, t.value, t.unit, t.comparator) for t in plan.targets)
    assert rows == sorted([
        ("library.lll_services", "provincial_public", 2025, 100.0, "percent", "="),
        ("library.lll_services", "district_public", 2025, 65.0, "percent", "="),
        ("library.user_growth", None, 2025, 8.0, "percent_per_year", "="),
        ("museum.education_programs", "museums", 2025, 60.0, "percent", "="),
        ("library.lll_services", "provincial_public", 2030, 100.0, "percent", "="),
        ("library.lll_services", "district_public", 2030, 90.0, "percent", "="),
        ("other.communication", None, None, 2.0, "count_per_year", ">="),
    ])


def test_inline_agency_items_are_duties(plan):
    rows = [(a.agency, a.role, a.requested) for a in plan.assignments]
    assert rows == [
        ("dept_culture", "lead", False),
        ("dept_finance", "implement", False),
        ("fatherland_front", "coordinate", True),
        ("district_committees", "implement", False),
        ("district_committees", "implement", False),
    ]
    assert plan.assignments[0].deadline == "định kỳ hằng năm, trước ngày 15/12"


def test_funding(plan):
    assert sorted(f.source for f in plan.funding) == ["socialization", "state_budget"]
