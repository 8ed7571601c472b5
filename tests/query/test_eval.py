"""The eval command scores the database against answer keys and lists misses."""
from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import GOLD

from extractor.cli import main


def test_eval_json_scores_targets_sections_metadata(corpus_db):
    out = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), "--db", str(corpus_db), "--json"]).output
    result = json.loads(out)["database"]
    for aspect in ("targets", "sections", "metadata"):
        assert result["overall"][aspect]["f1"] == 1.0, aspect
    for plan in result["plans"].values():
        assert plan["targets"]["precision"] == 1.0


def test_eval_lists_missed_and_spurious_rows(corpus_db, tmp_path):
    gold = json.loads((GOLD / "000_b58f44d980a72fdc.json").read_text(encoding="utf-8"))
    gold["targets"][0]["value"] = 99
    (tmp_path / "000_b58f44d980a72fdc.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(main, ["eval", "--gold", str(tmp_path), "--db", str(corpus_db)]).output
    assert "missed   000_b58f44d980a72fdc targets: ('library.lll_services', 'provincial_public', 2025, 99.0, None, 'percent')" in out
    assert "spurious 000_b58f44d980a72fdc targets: ('library.lll_services', 'provincial_public', 2025, 100.0, None, 'percent')" in out


def test_eval_without_gold_files_is_one_line(corpus_db, tmp_path):
    result = CliRunner().invoke(main, ["eval", "--gold", str(tmp_path), "--db", str(corpus_db)])
    assert result.exit_code == 1 and result.output.strip() == f"error: {tmp_path}: no gold *.json files"
