"""Every stored span holds (start < end, quote == text[start:end], quote not empty): on the corpus,
on the blind plans, on mutated texts (hypothesis), and at store time (store/spans.py)."""
from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, REPO

from extractor.core.models import RawDocument
from extractor.pipeline import parse, parse_file
from extractor.store.database import plan_rows
from extractor.store.spans import SpanError, checked, problems

INDEPENDENT = REPO / "tests" / "fixtures" / "independent"
TEXTS = sorted(CORPUS.glob("*.txt")) + sorted(INDEPENDENT.glob("*.txt"))


def _doc(text: str) -> RawDocument:
    return RawDocument(source_name="mutant", path="mutant.txt", fmt="txt", text=text,
                       content_hash=hashlib.sha256(text.encode()).hexdigest())


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_every_span_holds_on_the_corpus_and_blind_plans(path):
    plan = parse_file(path)
    assert [(t, why) for t, _, why in problems(plan)] == []


def test_a_count_with_its_place_after_it_quotes_value_and_place():
    """plan_g: "ít nhất 15 cuộc ... tại Thư viện ... và ít nhất 06 cuộc tại mỗi thư viện quận" gave reversed, empty quotes."""
    plan = parse_file(INDEPENDENT / "plan_g.txt")
    counts = sorted((t.value, t.quote) for t in plan.targets if t.rule == "count" and t.value in (6, 15) and t.quote.startswith("ít nhất"))
    assert counts == [
        (6.0, "ít nhất 06 cuộc tại mỗi thư viện quận, huyện và thành phố Thủ Đức"),
        (15.0, "ít nhất 15 cuộc trưng bày, giới thiệu tài liệu theo chuyên đề tại Thư viện Khoa học Tổng hợp Thành phố"),
    ]


def _broken(plan):
    """`plan` with its first target's span reversed."""
    bad = plan.targets[0].model_copy(update={"start_char": plan.targets[0].end_char, "end_char": plan.targets[0].start_char, "quote": ""})
    return plan.model_copy(update={"targets": [bad] + plan.targets[1:]})


def test_a_broken_span_fails_the_plan_in_strict_mode(monkeypatch):
    monkeypatch.setenv("PLANS_STRICT_SPANS", "1")
    plan = _broken(parse_file(CORPUS / "000_b58f44d980a72fdc.txt"))
    with pytest.raises(SpanError, match=r"^000_b58f44d980a72fdc: broken span: target .* span \d+\.\.\d+ is empty, reversed"):
        plan_rows(plan)


def test_a_broken_span_becomes_a_warning_row_in_production(monkeypatch):
    monkeypatch.delenv("PLANS_STRICT_SPANS")
    good = parse_file(CORPUS / "000_b58f44d980a72fdc.txt")
    rows = plan_rows(_broken(good))
    t = good.targets[0]
    assert rows.count("targets") == len(good.targets) - 1
    warned = [w for w in rows.rows["warnings"] if w[1] == "broken_span"]
    assert len(warned) == 1
    assert warned[0][2].startswith(f"left out: target {t.indicator} {t.subject or '-'} {t.year} = {t.value:g} (rule {t.rule}): span ")


def test_an_unbroken_plan_is_stored_as_it_is():
    plan = parse_file(CORPUS / "001_3bcbbe7dd41cd4f4.txt")
    assert checked(plan) is plan


# Mutations a plan's text goes through in real files: lines lost, repeated or moved, stray characters
# (digits, %, table bars, punctuation, Vietnamese letters), numbers changed.
NOISE = "aăâeêioôơuưyđáàảãạ0123456789 %|\n-.;,:()+"
_texts = {p: p.read_text(encoding="utf-8") for p in TEXTS}


@st.composite
def mutated(draw):
    text = _texts[draw(st.sampled_from(TEXTS))]
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(st.integers(0, 300)))
        op = draw(st.sampled_from(["delete", "repeat", "insert", "swap_lines", "digits"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:i] + text[i:j] + text[i:]
        elif op == "insert":
            text = text[:i] + draw(st.text(alphabet=NOISE, min_size=1, max_size=20)) + text[i:]
        elif op == "swap_lines":
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        else:
            digits = draw(st.text(alphabet="0123456789", min_size=j - i, max_size=j - i))
            text = text[:i] + "".join(d if c.isdigit() else c for c, d in zip(text[i:j], digits)) + text[j:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_every_span_holds_on_mutated_plans(text):
    plan = parse(_doc(text))
    assert [(t, why) for t, _, why in problems(plan)] == []
