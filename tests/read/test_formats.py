"""A plan read from PDF or Word gives the same sections, metadata and targets as its text version."""
from __future__ import annotations

import pytest

from conftest import CORPUS, REPO, gold

from extractor.pipeline import parse_file

STEM = "001_3bcbbe7dd41cd4f4"  # the fixtures are built from this plan's text (tests/fixtures/make_fixtures.py)


@pytest.fixture(scope="module")
def text_version():
    return parse_file(CORPUS / f"{STEM}.txt")


@pytest.mark.parametrize("fixture", ["plan.pdf", "plan.docx"])
def test_sections_equal_gold(fixture):
    plan = parse_file(REPO / "tests" / "fixtures" / fixture)
    mine = [(s.label, s.heading, s.kind) for s in plan.sections if s.label and (s.level <= 2 or s.label[0].isdigit())]
    assert mine == [(s["label"], s["heading"], s["kind"]) for s in gold(STEM)["sections"]]


@pytest.mark.parametrize("fixture", ["plan.pdf", "plan.docx"])
def test_metadata_and_targets_equal_text_version(fixture, text_version):
    plan = parse_file(REPO / "tests" / "fixtures" / fixture)
    assert plan.metadata == text_version.metadata
    key = lambda t: (t.indicator, t.subject, t.year, t.value, t.value_max, t.unit, t.comparator, t.implicit)
    assert sorted(map(key, plan.targets), key=str) == sorted(map(key, text_version.targets), key=str)
    for t in plan.targets:
        assert plan.text[t.start_char:t.end_char] == t.quote
