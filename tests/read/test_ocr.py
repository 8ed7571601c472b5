"""Scanned PDFs through OCR (issue 16): Tesseract's Vietnamese model, pages in parallel, provenance.

The scans are built here from a corpus plan (tests/scan_fixture.py): the text of plan 003
(Huế, 8 pages) drawn with DejaVu Serif, skewed, blurred, specked, with a red stamp and a
blue signature. Reading it takes 20-40 s on 2 cores (8 pages at 2.5-5 s each, two at a time);
it is read once for the module. Measured (2026-12-02): targets F1 1.00, assignments F1 0.99.
"""
from __future__ import annotations

import io
import random
import re

import duckdb
import pytest
from click.testing import CliRunner
from fpdf import FPDF
from PIL import ImageDraw, ImageFont

from conftest import CORPUS, GOLD
from extractor.cli import main
from extractor.core.models import OcrProvenance, RawDocument, UnsureWord
from extractor.pipeline import parse
from extractor.query.evaluate import evaluate
from extractor.read.ocr import _page_from_data
from extractor.read.readers import read_document
from extractor.store.ingest import ingest
from scan_fixture import BOLD, FONT, draw_page, jpeg_pdf, scanned_page_image, scanned_plan_pdf, wear

PLAN = "003_8187f21f6afde94e"
INSTALL = "install it with `apt-get install tesseract-ocr tesseract-ocr-vie` (or pass --no-ocr)"


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    """The scanned plan ingested with --jobs 2: (pdf path, database path, progress events)."""
    folder = tmp_path_factory.mktemp("scan")
    pdf = folder / f"{PLAN}.pdf"
    pdf.write_bytes(scanned_plan_pdf((CORPUS / f"{PLAN}.txt").read_text(encoding="utf-8")))
    db = folder / "p.duckdb"
    events = []
    summary = ingest([pdf], db, jobs=2, on_progress=lambda n, total, path: events.append((n, total, path)))
    assert summary.failures == [] and summary.plans == 1
    return pdf, db, events


def test_a_scanned_plan_reads_through_ocr_like_its_answer_key(scan, tmp_path):
    _, db, _ = scan
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{PLAN}.json").write_text((GOLD / f"{PLAN}.json").read_text(encoding="utf-8"), encoding="utf-8")
    con = duckdb.connect(str(db), read_only=True)
    overall = evaluate(con, gold)["overall"]
    assert overall["targets"].f1 >= 0.90, overall["targets"].as_dict()
    assert overall["assignments"].f1 >= 0.85, overall["assignments"].as_dict()
    assert overall["metadata"].f1 == 1.0, overall["metadata"].as_dict()


def test_documents_record_the_ocr_and_spans_point_into_its_text(scan):
    _, db, _ = scan
    con = duckdb.connect(str(db), read_only=True)
    source, engine, pages, text = con.execute(
        "SELECT text_source, ocr_engine, ocr_pages, text FROM documents").fetchone()
    assert source == "ocr"
    assert re.fullmatch(r"tesseract \d+\.\d+\.\d+ \(vie\)", engine), engine
    assert pages == list(range(1, 9))
    for quote, start, end in con.execute("SELECT quote, start_char, end_char FROM targets").fetchall():
        assert text[start:end] == quote
    for start, end in con.execute("SELECT start_char, end_char FROM warnings WHERE code = 'ocr_low_confidence'").fetchall():
        assert 0 <= start < end <= len(text)


def test_stamp_and_signature_do_not_become_text(scan):
    _, db, _ = scan
    con = duckdb.connect(str(db), read_only=True)
    text, signer = con.execute("SELECT text, signer FROM documents").fetchone()
    assert signer == "Nguyễn Thanh Bình"
    # The red stamp over the signature block and the blue signature above the name leave nothing.
    assert text.endswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thanh Bình")
    headings = [h for (h,) in con.execute("SELECT heading FROM sections WHERE heading IS NOT NULL").fetchall()]
    assert not [h for h in headings if "ỦY BAN NHÂN DÂN" in h or "THÀNH PHỐ HUẾ" in h]


def test_progress_counts_the_pages_of_an_ocr_file(scan):
    pdf, _, events = scan
    assert [(n, total) for n, total, _ in events] == [(n, 8) for n in range(1, 9)] + [(8, 8)]
    assert events[0][2] == f"{pdf} (OCR)" and events[-1][2] == str(pdf)


def test_with_one_process_progress_learns_the_pages_as_the_reader_finds_them(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(jpeg_pdf([scanned_page_image(["KẾ HOẠCH"]), scanned_page_image(["I. MỤC TIÊU"])]))
    good = CORPUS / "001_3bcbbe7dd41cd4f4.txt"
    events = []
    ingest([scan, good], tmp_path / "p.duckdb", jobs=1, on_progress=lambda *e: events.append(e))
    assert events == [(1, 3, f"{scan} (OCR)"), (2, 3, f"{scan} (OCR)"), (2, 3, str(scan)), (3, 3, str(good))]


def _mixed_pdf() -> bytes:
    """Page 1 with a text layer, page 2 a scanned image of two more lines."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", "", 13)
    for line in ("KẾ HOẠCH", "Thực hiện Chương trình học tập suốt đời", "I. MỤC TIÊU"):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    image = scanned_page_image(["- Đạt 90% thư viện cấp huyện có dịch vụ học tập suốt đời.",
                                "Sở Văn hóa, Thể thao và Du lịch chủ trì thực hiện."])
    buf = io.BytesIO()
    image.convert("L").save(buf, "JPEG", quality=85)
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    path = tmp_path_factory.mktemp("mixed") / "mixed.pdf"
    path.write_bytes(_mixed_pdf())
    return path


def test_a_mixed_pdf_reads_its_text_page_directly_and_its_scanned_page_by_ocr(mixed):
    doc = read_document(mixed)
    assert doc.text == ("KẾ HOẠCH\nThực hiện Chương trình học tập suốt đời\nI. MỤC TIÊU\n\n"
                        "- Đạt 90% thư viện cấp huyện có dịch vụ học tập suốt đời.\nSở Văn hóa, Thể thao và Du lịch chủ trì thực hiện.")
    assert doc.ocr.pages == (2,) and doc.ocr.total_pages == 2
    plan = parse(doc)
    assert (plan.text_source, plan.ocr_pages) == ("mixed", [2])
    assert [(t.indicator, t.subject, t.value) for t in plan.targets] == [("library.lll_services", "district_public", 90.0)]


def test_no_ocr_reads_only_the_text_pages_and_refuses_a_scanned_pdf(mixed, tmp_path):
    assert read_document(mixed, ocr=False).text == "KẾ HOẠCH\nThực hiện Chương trình học tập suốt đời\nI. MỤC TIÊU"
    assert read_document(mixed, ocr=False).ocr is None
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(jpeg_pdf([scanned_page_image(["KẾ HOẠCH"])]))
    result = CliRunner().invoke(main, ["ingest", str(scanned), "--db", str(tmp_path / "p.duckdb"), "-q", "--no-ocr"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"error: {scanned}: no text layer: scanned PDF?"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_without_tesseract_a_scanned_file_says_how_to_install_it_and_the_batch_goes_on(mixed, tmp_path, monkeypatch, jobs):
    monkeypatch.setenv("PLANS_TESSERACT", str(tmp_path / "no-such-tesseract"))
    good = CORPUS / "001_3bcbbe7dd41cd4f4.txt"
    db = tmp_path / "p.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(mixed), str(good), "--db", str(db), "-q", "--jobs", jobs])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {mixed}: no text layer on 1 of 2 pages, and Tesseract OCR is not installed: {INSTALL}"]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT source_name, text_source, ocr_engine FROM documents").fetchall() == [
        ("001_3bcbbe7dd41cd4f4", "text", None)]


def test_without_tesseract_on_path_the_same_line(mixed, tmp_path, monkeypatch):
    monkeypatch.delenv("PLANS_TESSERACT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing there: no tesseract to find
    result = CliRunner().invoke(main, ["ingest", str(mixed), "--db", str(tmp_path / "p.duckdb"), "-q"])
    assert result.output.splitlines() == [
        f"error: {mixed}: no text layer on 1 of 2 pages, and Tesseract OCR is not installed: {INSTALL}"]


def _data(words):
    """A Tesseract word table (image_to_data) for words (text, left, top, width, height, conf, line)."""
    keys = ("text", "left", "top", "width", "height", "conf", "line_num")
    table = {k: [w[i] for w in words] for i, k in enumerate(keys)}
    table["block_num"] = [1] * len(words)
    table["par_num"] = [1] * len(words)
    return table


def test_specks_are_dropped_marks_set_apart_and_repairs_remember_what_was_read():
    page = _page_from_data(0, "tesseract 5 (vie)", 595.0, 842.0, _data([
        ("-", 240, 300, 14, 5, 92, 1), ("Đạt", 280, 280, 70, 45, 95, 1), ("10096", 370, 280, 130, 45, 91, 1),
        ("thư", 510, 280, 70, 45, 96, 1), ("viện", 590, 280, 90, 45, 96, 1), ("|", 900, 290, 2, 2, 55, 1),
        ("ˆ", 1000, 290, 2, 2, 80, 1),
        ("w\\xA^^", 1500, 900, 300, 80, 12, 2), ("Ắ", 1850, 900, 40, 80, 20, 2),
    ]))
    [line] = page.lines
    assert line.text == "- Đạt 100% thư viện"
    assert [(w.text, w.repaired_from) for w in line.words if w.repaired_from] == [("100%", "10096")]
    assert page.marks == ("w\\xA^^ Ắ",)


def test_a_target_over_a_word_ocr_was_unsure_of_gets_lower_confidence_and_a_warning():
    text = ("II. MỤC TIÊU\n- Đến năm 2030, 70% thư viện công cộng cấp huyện có cung cấp dịch vụ phục vụ việc học tập"
            " suốt đời.\n- Đến năm 2030, 80% thư viện công cộng cấp xã có cung cấp dịch vụ phục vụ việc học tập suốt đời.")
    at = text.index("70%")
    raw = RawDocument(source_name="x", path="x.pdf", fmt="pdf", text=text, content_hash="0" * 64,
                      ocr=OcrProvenance(engine="tesseract 5.3.0 (vie)", pages=(1,), total_pages=1,
                                        unsure=(UnsureWord(start=at, end=at + 3, conf=40.0, page=1),)))
    plan = parse(raw)
    by_value = {t.value: t for t in plan.targets}
    assert (by_value[70.0].confidence, by_value[80.0].confidence) == (0.4, 1.0)
    [warning] = [w for w in plan.warnings if w.code == "ocr_low_confidence"]
    assert (warning.start_char, warning.end_char) == (by_value[70.0].start_char, by_value[70.0].end_char)
    assert warning.message == "target holds words OCR was unsure of: '70%' (40%, page 1); check the scan"
    assert plan.text_source == "ocr"


def test_text_plans_record_their_text_source(corpus_db):
    con = duckdb.connect(str(corpus_db), read_only=True)
    assert set(con.execute("SELECT text_source, ocr_engine, ocr_pages FROM documents").fetchall()) == {("text", None, None)}


def test_the_two_column_header_of_a_scanned_first_page_is_read_column_by_column(tmp_path):
    bold = ImageFont.truetype(str(BOLD), 50)
    img = draw_page([])
    d = ImageDraw.Draw(img)
    rows = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("TỈNH VĨNH LONG", "Độc lập - Tự do - Hạnh phúc"),
            ("Số: 596/KH-UBND", "Vĩnh Long, ngày 22 tháng 3 năm 2023")]
    for k, (left, right) in enumerate(rows):
        d.text((300, 236 + 75 * k), left, font=bold, fill="black")
        d.text((1150, 236 + 75 * k), right, font=bold, fill="black")
    d.text((236, 560), "KẾ HOẠCH", font=bold, fill="black")
    path = tmp_path / "header.pdf"
    path.write_bytes(jpeg_pdf([wear(img, random.Random(1), 0.3)]))
    doc = read_document(path)
    assert doc.text == ("ỦY BAN NHÂN DÂN\nTỈNH VĨNH LONG\nSố: 596/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                        "Độc lập - Tự do - Hạnh phúc\nVĩnh Long, ngày 22 tháng 3 năm 2023\nKẾ HOẠCH")
    meta = parse(doc).metadata
    assert (meta.province, meta.doc_number, meta.issued_on) == ("Vĩnh Long", "596/KH-UBND", "2023-03-22")


def test_tesseract_without_the_vietnamese_model_says_so(mixed, tmp_path, monkeypatch):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\n[ \"$1\" = --list-langs ] && printf 'List of available languages (2):\\neng\\nosd\\n'"
                    " || echo 'tesseract 5.3.0'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PLANS_TESSERACT", str(fake))
    result = CliRunner().invoke(main, ["ingest", str(mixed), "--db", str(tmp_path / "p.duckdb"), "-q"])
    assert result.output.splitlines() == [
        f"error: {mixed}: no text layer on 1 of 2 pages, and Tesseract has no Vietnamese model (vie): {INSTALL}"]
