"""A whole plan written by someone who had not read the rules (tests/fixtures/independent/).

Its answer key was written with it, to the gold format. First measured before any rule
changed because of it (2026-11-21): targets P 0.81 R 0.74, metadata 0.91 (a legal-basis line
read as part of the title gave a 2019 horizon), everything else 1.00. The misses were
families (sentences going on with the previous target inside one item, "chỉ tiêu này",
counts carried to the next year) that the rules now handle, so it is a regression test now.
"""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from extractor.cli import main

HERE = Path(__file__).parent / "fixtures" / "independent"


def test_the_independent_plan_scores_like_its_answer_key(tmp_path):
    db = tmp_path / "p.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(HERE / "plan_a.txt"), "--db", str(db)]).exit_code == 0
    result = json.loads(runner.invoke(main, ["eval", "--gold", str(HERE), "--db", str(db), "--json"]).output)
    overall = result["database"]["overall"]
    for aspect, score in overall.items():
        assert (score["precision"], score["recall"]) == (1.0, 1.0), (aspect, score)
    assert overall["targets"]["tp"] == 57 and overall["assignments"]["tp"] >= 31
