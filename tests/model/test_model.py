"""The trained fallback: built from the repo's own data, used only where rules find nothing, measured."""
from __future__ import annotations

import pytest

import json

from click.testing import CliRunner

from conftest import CORPUS, GOLD

from extractor.cli import main
from extractor.model.classifier import Classifier, training_data
from extractor.model.shipped import default_classifier, model_available


def test_model_ships_with_the_package():
    assert model_available()


def test_training_data_comes_from_gold_and_rule_examples():
    indicator, tier = training_data(GOLD, CORPUS)
    labels = {label for _, label in indicator}
    assert {"library.lll_services", "library.digital", "museum.education_programs", "culture_center.clubs"} <= labels
    assert {"district_public", "village_house"} <= {label for _, label in tier}
    assert all(not any(ch.isdigit() and ch != "0" for ch in text) for text, _ in indicator)


def test_train_command_builds_a_working_model(tmp_path):
    result = CliRunner().invoke(main, ["train", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    clf = Classifier(tmp_path / "m")
    assert clf("Phấn đấu số lượt bạn đọc đến thư viện tăng 9% mỗi năm", "library", "percent_per_year")[0] == "library.user_growth"


def test_rows_from_the_model_say_so(monkeypatch):
    """A statement with no indicator cue gets the model's label, marked method='model', and never more
    confidence than rules/targets.yaml model_max_confidence (0.6): the model alone is not trusted."""
    from extractor.extract.targets import extract_from_text

    calls = []

    def fake(text, sector, unit):
        calls.append((sector, unit))
        return ("library.lll_services", 0.97)

    rows = extract_from_text("Đến năm 2030, 88% thư viện cấp huyện được hiện đại hóa toàn diện.", classifier=fake)
    assert [(t.indicator, t.subject, t.value, t.method, t.confidence) for t in rows] == [
        ("library.lll_services", "district_public", 88.0, "model", 0.6)]
    assert calls == [("library", "percent")]


def test_rules_only_when_disabled(monkeypatch):
    monkeypatch.setenv("PLANS_NO_MODEL", "1")
    assert default_classifier() is None


def test_without_a_model_unknown_statements_are_said_not_stored():
    from extractor.core.models import Metadata, SegmentedPlan
    from extractor.extract.targets import extract_targets
    from extractor.read.normalise import normalise
    from extractor.structure.segment import segment

    norm = normalise("II. MỤC TIÊU\n- Đến năm 2030, 88% thư viện cấp huyện được hiện đại hóa toàn diện.")
    sections, blocks = segment(norm)
    plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks,
                                         metadata=Metadata(horizon_year=2030))
    rows, warnings = extract_targets(plan, classifier=None)
    assert rows == []
    [w] = [w for w in warnings if w.code == "unclassified_target"]
    assert norm.text[w.start_char:w.end_char] == "88%"
    assert w.message == ("88 percent (2030) fits no indicator, not stored: Đến năm 2030, 88% thư viện cấp huyện "
                         "được hiện đại hóa toàn diện.")


def test_eval_ablation_reports_rules_only_and_with_model(corpus_db):
    out = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--db", str(corpus_db), "--json", "--ablation"]).output
    result = json.loads(out)
    assert result["rules-only"]["overall"]["targets"]["f1"] == 1.0
    assert result["rules+model"]["overall"]["targets"]["f1"] == 1.0


@pytest.mark.parametrize("name, rows", [("statements.yaml", 20), ("statements_2.yaml", 60)])
def test_model_contribution_is_measured_on_held_out_statements(name, rows):
    from extractor.query.evaluate import score_statements

    heldout = CORPUS.parent / "tests" / "heldout" / name
    rules = score_statements(heldout, use_model=False)
    both = score_statements(heldout, use_model=True)
    assert rules.tp + rules.fn == both.tp + both.fn >= rows
    # The model is only asked where the rules find no cue, so it can add rows but never
    # take a rule's row away. (Once the rules learned the cue families the first set's
    # misses belonged to, both score the same there.)
    assert both.tp >= rules.tp and both.f1 >= rules.f1
    # Every wrong row is a label, never an invented number: values of spurious rows are all in the statements.
    assert {r[4] for r in both.spurious} <= {r[4] for r in both.missed} | {r[4] for r in rules.spurious}


def test_pipeline_runs_rules_only_when_no_model_is_installed(tmp_path, monkeypatch):
    import extractor.model.shipped as ms
    from extractor.pipeline import parse_file

    monkeypatch.setattr(ms, "MODEL_DIR", tmp_path / "no-model")
    assert ms.default_classifier() is None and ms.model_fingerprint() == "none"
    plan = parse_file(CORPUS / "000_b58f44d980a72fdc.txt")
    assert len(plan.targets) == 50 and {t.method for t in plan.targets} == {"rule"}
