"""Shared fixtures: the bundled corpus, its answer keys, and one ingested database per test session."""
from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

# A row whose span does not hold fails its plan in tests (a warning row in production): store/spans.py.
os.environ["PLANS_STRICT_SPANS"] = "1"

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
GOLD = CORPUS / "gold"
PLANS = sorted(p.stem for p in CORPUS.glob("*.txt"))


def gold(stem: str) -> dict:
    """The answer key of one corpus plan."""
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


# The corpus's first three plans (Cần Thơ, Vĩnh Long, Huế): tests that print or count whole tables
# are written for them; the client's plans 002 and 004 came later.
FIRST_THREE = ("000_b58f44d980a72fdc", "001_3bcbbe7dd41cd4f4", "003_8187f21f6afde94e")


@pytest.fixture(scope="session")
def three_plan_db(tmp_path_factory) -> Path:
    """A database with the corpus's first three plans ingested."""
    from extractor.store.ingest import ingest

    db = tmp_path_factory.mktemp("db3") / "plans.duckdb"
    summary = ingest([CORPUS / f"{stem}.txt" for stem in FIRST_THREE], db)
    assert summary.failed == 0, summary.failures
    return db


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """A database with the whole bundled corpus ingested."""
    from extractor.store.ingest import ingest

    db = tmp_path_factory.mktemp("db") / "plans.duckdb"
    summary = ingest([CORPUS], db)
    assert summary.failed == 0, summary.failures
    return db


@pytest.fixture(scope="session")
def parsed():
    """ParsedPlan of every corpus plan, by stem."""
    from extractor.pipeline import parse_file

    return {stem: parse_file(CORPUS / f"{stem}.txt") for stem in PLANS}


# Every plan table, in a stable order, for "same rows as" comparisons (ingested_at differs by run).
TABLE_DUMPS = {
    "documents": "SELECT * EXCLUDE (ingested_at) FROM documents ORDER BY ALL",
    "sections": "SELECT * FROM sections ORDER BY ALL",
    "targets": "SELECT * FROM targets ORDER BY ALL",
    "assignments": "SELECT * FROM assignments ORDER BY ALL",
    "funding": "SELECT * FROM funding ORDER BY ALL",
    "warnings": "SELECT * FROM warnings ORDER BY ALL",
}


def dump_tables(con) -> dict[str, list[tuple]]:
    """All rows of every plan table (see TABLE_DUMPS)."""
    return {table: con.execute(sql).fetchall() for table, sql in TABLE_DUMPS.items()}


def ascii_id(text) -> str:
    """A readable ASCII test id for Vietnamese text (pytest escapes non-ASCII ids)."""
    if not isinstance(text, str):
        return repr(text)
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").split())[:60] or "<empty>"


def plan_of(text: str):
    """What an extractor receives for a plan text (metadata left empty)."""
    from extractor.core.models import Metadata, SegmentedPlan
    from extractor.read.normalise import normalise
    from extractor.structure.segment import segment

    norm = normalise(text)
    sections, blocks = segment(norm)
    return SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks, metadata=Metadata())


def read_targets(text: str, **meta):
    """(plan, targets, warnings) that extract_targets gives for a plan text, rules only; the plan's
    metadata is a 2030 horizon unless `meta` says otherwise."""
    from extractor.core.models import Metadata, SegmentedPlan
    from extractor.extract.targets import extract_targets
    from extractor.read.normalise import normalise
    from extractor.structure.segment import segment

    norm = normalise(text)
    sections, blocks = segment(norm)
    plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks,
                                         metadata=Metadata(**{"horizon_year": 2030, **meta}))
    targets, warnings = extract_targets(plan, classifier=None)
    return plan, targets, warnings


# A space-aligned table from a PDF's text layer: STT and unit columns, years headed "Năm ...", labels
# wrapped under themselves with the values on the first, the second or the third line, group rows
# in capitals, and a page break (blank lines, "- 4 -", the header again) inside the table. Read as
# rows by tests/read/test_tables.py, as targets by tests/extract/test_target_tables.py.
SPACED_TABLE = """STT   Tên chỉ tiêu                                     Năm 2026   Năm 2030   ĐVT
I     BẢO TÀNG
1     Bảo tàng có chương trình giáo dục di sản,           60         90      %
      lịch sử, văn hóa cho học sinh
II    TRUNG TÂM VĂN HÓA
2     Nhà văn hóa thôn, tổ dân phố có lớp năng
      khiếu, câu lạc bộ, nhóm sở thích hoạt động
      thường xuyên                                        50         80      %
III   THƯ VIỆN
3     Thư viện cấp tỉnh ứng dụng công nghệ thông         100        100      %
      tin và chuyển đổi số


                                    - 4 -
STT   Tên chỉ tiêu                                     Năm 2026   Năm 2030   ĐVT
4     Thư viện cấp huyện ứng dụng công nghệ thông         55         85      %
      tin và chuyển đổi số
5     Thư viện cơ sở giáo dục phổ thông cung cấp          65         95      %
      dịch vụ phục vụ việc học tập suốt đời
"""


def score_one_plan(key: Path, tmp_path: Path) -> dict:
    """Ingest the plan beside an answer key (<key>.txt, or .docx/.md/.pdf) into a new database and
    return `plans eval --json` for it alone, as a user would run the two commands."""
    import shutil

    from click.testing import CliRunner

    from extractor.cli import main

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    shutil.copy(key, gold_dir / key.name)
    db = tmp_path / "p.duckdb"
    runner = CliRunner()
    plan = next(p for p in (key.with_suffix(x) for x in (".txt", ".docx", ".md", ".pdf")) if p.exists())
    assert runner.invoke(main, ["ingest", str(plan), "--db", str(db)]).exit_code == 0
    return json.loads(runner.invoke(main, ["eval", "--gold", str(gold_dir), "--db", str(db), "--json"]).output)
