"""Fixed cost of a command (issue 14): what a one-plan text ingest no longer pays for.

Wall-clock figures are in the README (measured with /usr/bin/time); these tests pin the causes:
libyaml's loader, PDF/DOCX libraries imported only for PDF/DOCX files, agency gates compiled
only once they pay, dispatch tables built per initial, reference tables in one statement each.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from conftest import CORPUS, REPO

from extractor.core.rules import SAFE_LOADER, rules_dir
from extractor.extract import agencies


def test_rules_are_read_with_libyaml_and_give_the_same_data():
    assert yaml.__with_libyaml__ and SAFE_LOADER is yaml.CSafeLoader
    for path in sorted(rules_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.load(text, Loader=yaml.SafeLoader), path.name


PROBE = """
import sys, json
from extractor.cli import main
try:
    main(["ingest", sys.argv[1], "--db", sys.argv[2], "-q"])
except SystemExit as exc:
    code = exc.code
from extractor.extract import agencies
heavy = sorted(m for m in ("pdfplumber", "pypdfium2", "docx", "spacy", "underthesea") if m in sys.modules)
print(json.dumps({"code": code, "heavy": heavy, "gates": len(agencies._rules()._gates),
                  "initials": len(agencies._rules().dispatch._table)}))
"""


def test_a_one_plan_text_ingest_imports_no_pdf_docx_or_nlp_library_and_compiles_no_gate(tmp_path):
    proc = subprocess.run([sys.executable, "-c", PROBE, str(CORPUS / "000_b58f44d980a72fdc.txt"), str(tmp_path / "p.duckdb")],
                          cwd=REPO, capture_output=True, text=True, check=True)
    got = json.loads(proc.stdout.splitlines()[-1])
    assert (got["code"], got["heavy"], got["gates"]) == (0, [], 0)
    assert 0 < got["initials"] < 40  # of ~150 initials, only those met were probed


def _eager(patterns):
    """The dispatch table as it was built before: every pattern probed on every initial."""
    table: dict[str, list] = {}
    for pat in patterns:
        chars = [ch for ch in agencies._ALPHABET if pat[2].match(ch, partial=True)]
        for ch in chars or agencies._ALPHABET:
            table.setdefault(ch, []).append(pat)
    return table


@pytest.mark.parametrize("heading", [False, True], ids=["body", "heading"])
def test_the_lazy_dispatch_table_is_the_eager_one(heading):
    c = agencies._rules()
    lazy = c.heading_dispatch if heading else c.dispatch
    eager = _eager(c.patterns + c.heading_patterns if heading else c.patterns)
    for ch in agencies._ALPHABET:
        assert lazy.get(ch) == eager.get(ch, []), ch
    assert lazy.get("\u2603") is None and lazy.get("\u2603", ()) == ()


def test_gates_are_compiled_after_enough_calls_and_change_no_result():
    c = agencies._Compiled(agencies.rules())
    text = "Sở Văn hóa, Thể thao và Du lịch chủ trì; Sở Tài chính phối hợp"
    first = [agencies._mentions_at(text, text, 0, False) for _ in range(3)]
    assert all(len(ms) == 1 and ms[0].code == first[0][0].code for ms in first)
    for _ in range(agencies.GATE_AFTER):
        c.gate(False, "S")
    assert c.gate(False, "S") is not None and c.gate(False, "S").match(text, 0)
    assert c.gate(False, "S").match("Sâu", 0) is None
