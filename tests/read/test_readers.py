"""Readers: real outcomes on fixtures built from corpus/001 (see fixtures/make_fixtures.py), exact errors on bad input."""
from __future__ import annotations

import codecs
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from extractor.read import readers
from extractor.read.readers import (
    SUPPORTED_EXTENSIONS,
    ReadError,
    _Line,
    _is_page_number,
    _untangle_header_block,
    iter_plan_files,
    read_document,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = ROOT / "corpus" / "001_3bcbbe7dd41cd4f4.txt"
RUNNING_HEADER = "Kế hoạch 596/QĐ-UBND tỉnh Vĩnh Long - học tập suốt đời"  # as drawn by make_fixtures.py


def corpus_parts() -> tuple[list[str], list[str], list[str]]:
    """Header-block left column, right column and body lines, split as make_fixtures.py does."""
    lines = [ln.strip() for ln in CORPUS.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    return lines[0:3] + [lines[6]], lines[3:6] + [lines[7]], lines[8:]


LEFT, RIGHT, BODY = corpus_parts()


def unmarked(text: str) -> list[str]:
    """Lines with the whole-line bold marks removed."""
    return [ln[2:-2] if ln.startswith("**") and ln.endswith("**") else ln for ln in text.splitlines()]


def flat(text: str) -> str:
    return " ".join(text.replace("**", "").split())


@pytest.fixture(scope="module")
def plan_pdf():
    return read_document(FIXTURES / "plan.pdf")


@pytest.fixture(scope="module")
def plan_docx():
    return read_document(FIXTURES / "plan.docx")


# ---------------------------------------------------------------- pdf


def test_pdf_identity_fields(plan_pdf):
    path = FIXTURES / "plan.pdf"
    assert plan_pdf.source_name == "plan"
    assert plan_pdf.fmt == "pdf"
    assert plan_pdf.path == str(path)
    assert plan_pdf.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_pdf_holds_every_corpus_line_word_for_word(plan_pdf):
    text = flat(plan_pdf.text)
    missing = [line for line in BODY if " ".join(line.split()) not in text]
    assert missing == []


def test_pdf_keeps_one_line_per_text_line(plan_pdf):
    lines = plan_pdf.text.splitlines()
    assert "Xét đề nghị của Sở Văn hóa, Thể thao và Du lịch." in lines
    assert "Quyết định có hiệu lực kể từ ngày ký./." in lines
    # a wrapped paragraph stays wrapped (the normaliser rejoins it); lines that run to the
    # right edge of the text block end with a space, the paragraph's last line does not
    start = lines.index("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung một ")
    assert lines[start + 1:start + 3] == [
        "số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày ",
        "22/11/2019;",
    ]


def test_pdf_header_block_comes_out_left_column_then_right_column(plan_pdf):
    assert unmarked(plan_pdf.text)[:8] == LEFT + RIGHT
    assert "ỦY BAN NHÂN DÂN CỘNG HÒA" not in flat(plan_pdf.text)


def test_pdf_drops_page_numbers_and_repeated_header(plan_pdf):
    lines = [ln.strip() for ln in plan_pdf.text.splitlines()]
    assert not [ln for ln in lines if ln.isdigit()]
    assert RUNNING_HEADER not in plan_pdf.text


def test_pdf_separates_pages_with_one_blank_line(plan_pdf):
    import pypdfium2

    n_pages = len(pypdfium2.PdfDocument(FIXTURES / "plan.pdf"))
    assert n_pages >= 5
    assert plan_pdf.text.count("\n\n") == n_pages - 1
    assert "\n\n\n" not in plan_pdf.text


def test_pdf_marks_whole_line_bold_only(plan_pdf):
    lines = plan_pdf.text.splitlines()
    assert "**QUYẾT ĐỊNH**" in lines
    assert "**I. MỤC ĐÍCH, YÊU CẦU**" in lines
    assert "**2.1. Đối với hệ thống Thư viện**" in lines
    assert "Xét đề nghị của Sở Văn hóa, Thể thao và Du lịch." in lines


def test_pdfplumber_fallback_gives_the_same_text(plan_pdf, monkeypatch):
    # pretend pdfium could not map its text to char boxes on any page
    monkeypatch.setattr(readers, "_pdfium_page", lambda doc, index: None)
    assert read_document(FIXTURES / "plan.pdf").text == plan_pdf.text


def test_pdf_encrypted_with_owner_password_only_is_read():
    doc = read_document(FIXTURES / "owner_locked.pdf")
    assert BODY[0] in doc.text.splitlines()


def _line(text, x0, x1, top, frags=None):
    line = _Line(text, x0, x1, top, top + 10)
    return _Line(text, x0, x1, top, top + 10, frags=tuple(frags) if frags is not None else (line,))


def test_header_block_drawn_cell_by_cell_is_reordered_by_position():
    # Word tables draw the left cell's lines, then the right cell's: rows interleave by height
    lines = [
        _line("ỦY BAN NHÂN DÂN", 60, 160, 50),
        _line("TỈNH X", 85, 135, 64),
        _line("Số: 12/KH-UBND", 70, 150, 92),
        _line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 250, 520, 50),
        _line("Độc lập - Tự do - Hạnh phúc", 290, 480, 64),
        _line("X, ngày 3 tháng 7 năm 2023", 300, 500, 92),
        _line("KẾ HOẠCH", 260, 330, 130),
        _line("Triển khai thực hiện", 60, 530, 150),
    ]
    out = [ln.text for ln in _untangle_header_block(lines, 595)]
    assert out == [
        "ỦY BAN NHÂN DÂN", "TỈNH X", "Số: 12/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "X, ngày 3 tháng 7 năm 2023",
        "KẾ HOẠCH", "Triển khai thực hiện",
    ]


def test_header_block_merged_rows_are_split_at_the_column_gap():
    rows = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("TỈNH X", "Độc lập - Tự do - Hạnh phúc")]
    lines = [
        _line(f"{a} {b}", 60, 520, 50 + 14 * k, [_line(a, 60, 160, 50 + 14 * k), _line(b, 250, 520, 50 + 14 * k)])
        for k, (a, b) in enumerate(rows)
    ] + [_line("KẾ HOẠCH", 260, 330, 130)]
    out = [ln.text for ln in _untangle_header_block(lines, 595)]
    assert out == ["ỦY BAN NHÂN DÂN", "TỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH"]


def test_header_block_keeps_close_one_sided_lines_and_stops_at_a_gap():
    rows = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("Số: 12/KH-UBND", "X, ngày 3 tháng 7 năm 2023")]
    lines = [
        _line(f"{a} {b}", 60, 520, 50 + 14 * k, [_line(a, 60, 160, 50 + 14 * k), _line(b, 250, 520, 50 + 14 * k)])
        for k, (a, b) in enumerate(rows)
    ] + [
        _line("V/v triển khai kế hoạch", 60, 170, 78),  # under "Số:", left column
        _line("Kính gửi các sở, ngành", 60, 180, 140),  # flush left, but well below the block
    ]
    out = [ln.text for ln in _untangle_header_block(lines, 595)]
    assert out == [
        "ỦY BAN NHÂN DÂN", "Số: 12/KH-UBND", "V/v triển khai kế hoạch",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "X, ngày 3 tháng 7 năm 2023", "Kính gửi các sở, ngành",
    ]


def test_page_without_two_columns_is_left_alone():
    lines = [_line("KẾ HOẠCH", 260, 330, 50), _line("Căn cứ Luật Tổ chức", 60, 530, 70), _line("- a", 60, 80, 84)]
    assert _untangle_header_block(lines, 595) == lines


@pytest.mark.parametrize(
    "text, expected",
    [("3", True), ("- 3 -", True), ("Trang 3", True), ("trang 3/8", True), ("12", True),
     ("2030", False), ("1.", False), ("Điều 3", False), ("3 - 5", False)],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_page_number_lines(text, expected):
    assert _is_page_number(text, n_pages=8) is expected


# ---------------------------------------------------------------- docx


def test_docx_header_table_cells_come_row_by_row(plan_docx):
    assert unmarked(plan_docx.text)[:8] == LEFT[:3] + RIGHT[:3] + [LEFT[3], RIGHT[3]]


def test_docx_is_the_corpus_line_for_line(plan_docx):
    assert unmarked(plan_docx.text)[8:] == BODY


def test_docx_merged_cells_appear_once_in_reading_order(plan_docx):
    lines = plan_docx.text.splitlines()
    start = lines.index("**2.1. Đối với hệ thống Thư viện**")
    end = lines.index("**2.2. Đối với hệ thống Bảo tàng**")
    body_start, body_end = BODY.index("2.1. Đối với hệ thống Thư viện"), BODY.index("2.2. Đối với hệ thống Bảo tàng")
    assert lines[start + 1:end] == BODY[body_start + 1:body_end]


def test_docx_marks_heading_style_and_all_bold_paragraphs(plan_docx):
    lines = plan_docx.text.splitlines()
    assert "**I. MỤC ĐÍCH, YÊU CẦU**" in lines  # Heading 1 style
    assert "**1. Mục đích**" in lines  # bold runs
    assert "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**" in lines  # bold inside a table cell
    assert any(ln.startswith("Điều 1. Ban hành") for ln in lines)  # only the label is bold


def test_docx_nested_content_controls_and_empty_paragraphs(tmp_path):
    doc = Document()
    doc.add_paragraph("")
    doc.add_paragraph("Dòng một")
    para = doc.add_paragraph("Dòng hai")
    para.runs[0].add_break()
    para.add_run("dòng ba")
    outer = doc.add_table(rows=1, cols=1)
    outer.cell(0, 0).paragraphs[0].text = "ô ngoài"
    outer.cell(0, 0).add_table(rows=1, cols=2).cell(0, 1).paragraphs[0].text = "ô lồng"
    path = tmp_path / "nested.docx"
    doc.save(path)
    assert read_document(path).text == "Dòng một\nDòng hai\ndòng ba\nô ngoài\nô lồng"


# ---------------------------------------------------------------- text


EXCERPT = "\n".join(LEFT + RIGHT + BODY[:12]) + "\n"


@pytest.mark.parametrize(
    "name, expected",
    [("utf8_bom.txt", EXCERPT), ("utf16le_bom.txt", EXCERPT.replace("\n", "\r\n")), ("utf16be_bom.txt", EXCERPT)],
)
def test_text_encodings_decode_and_drop_the_bom(name, expected):
    doc = read_document(FIXTURES / name)
    assert doc.text == expected
    assert doc.fmt == "txt"
    assert doc.source_name == name.removesuffix(".txt")


def test_markdown_is_kept_as_written():
    doc = read_document(FIXTURES / "plain.md")
    assert doc.fmt == "md"
    assert doc.text.startswith("# QUYẾT ĐỊNH\n\n**BAN HÀNH KẾ HOẠCH")


# ---------------------------------------------------------------- bad input


def _zip_without_word_parts() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "không phải Word")
    return buf.getvalue()


def _docx_without_text() -> bytes:
    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


UNSUPPORTED = "unsupported extension '.xyz' (supported: .txt, .md, .pdf, .docx)"

BAD_FIXTURES = [
    ("binary.txt", "binary file, not text"),
    ("latin1.txt", "cannot decode text: not UTF-8 or UTF-16 with BOM"),
    ("scanned.pdf", "no text layer, and OCR found no text in it"),
    ("encrypted.pdf", "encrypted PDF"),
    ("corrupt.pdf", "corrupt PDF"),
]

BAD_BYTES = [
    ("empty.txt", b"", "empty file"),
    ("empty.pdf", b"", "empty file"),
    ("empty.docx", b"", "empty file"),
    ("blank.md", codecs.BOM_UTF8 + b"  \r\n\t\n", "empty file"),
    ("blank16.txt", codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le"), "empty file"),
    ("nul.md", "# Kế hoạch\x00".encode("utf-8"), "binary file, not text"),
    ("utf16_no_bom.txt", "Kế hoạch triển khai".encode("utf-16-le"), "cannot decode text: not UTF-8 or UTF-16 with BOM"),
    ("odd16.txt", codecs.BOM_UTF16_LE + b"K\x00\xbf", "cannot decode text: not UTF-8 or UTF-16 with BOM"),
    ("cp1258.txt", "Văn hóa".encode("cp1258"), "cannot decode text: not UTF-8 or UTF-16 with BOM"),
    ("text.docx", "Kế hoạch".encode("utf-8"), "not a valid Word (.docx) file"),
    ("zip.docx", _zip_without_word_parts(), "not a valid Word (.docx) file"),
    ("blank.docx", _docx_without_text(), "no text in document"),
    ("garbage.pdf", b"%PDF-1.7\nnot really a pdf\n%%EOF\n", "corrupt PDF"),
    ("zip.pdf", _zip_without_word_parts(), "corrupt PDF"),
    ("plan.xyz", "Kế hoạch".encode("utf-8"), UNSUPPORTED),
]


def _assert_read_error(path, reason):
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert str(info.value) == f"{path}: {reason}"
    assert info.value.reason == reason
    assert info.value.path == str(path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("name, reason", BAD_FIXTURES, ids=[n for n, _ in BAD_FIXTURES])
def test_bad_fixture_reports_exact_reason(name, reason):
    _assert_read_error(FIXTURES / name, reason)


@pytest.mark.parametrize("name, data, reason", BAD_BYTES, ids=[n for n, _, _ in BAD_BYTES])
def test_bad_bytes_report_exact_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    _assert_read_error(path, reason)


def test_missing_file_reports_file_not_found(tmp_path):
    _assert_read_error(tmp_path / "khong-co.pdf", "file not found")
    _assert_read_error(str(tmp_path / "khong-co.xyz"), "file not found")


def test_folder_given_to_read_document_is_not_a_file(tmp_path):
    _assert_read_error(tmp_path, "not a file")


def test_uppercase_extension_is_supported(tmp_path):
    path = tmp_path / "KE-HOACH.TXT"
    path.write_text("Kế hoạch", encoding="utf-8")
    doc = read_document(path)
    assert (doc.fmt, doc.source_name, doc.text) == ("txt", "KE-HOACH", "Kế hoạch")


# ---------------------------------------------------------------- iter_plan_files


def test_iter_plan_files_walks_folders_and_keeps_named_files(tmp_path):
    for rel in ["b.txt", "a.PDF", "notes.xyz", "sub/c.docx", "sub/d.md", "sub/deeper/e.txt",
                ".hidden/x.txt", "sub/~$c.docx", "sub/.f.md"]:
        path = tmp_path / "plans" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    plans = tmp_path / "plans"
    found = list(iter_plan_files([plans, tmp_path / "missing.txt", plans / "notes.xyz"]))
    assert found == [
        plans / "a.PDF", plans / "b.txt", plans / "sub" / "c.docx", plans / "sub" / "d.md",
        plans / "sub" / "deeper" / "e.txt", tmp_path / "missing.txt", plans / "notes.xyz",
    ]
    assert all(isinstance(p, Path) for p in found)


def test_supported_extensions():
    assert SUPPORTED_EXTENSIONS == (".txt", ".md", ".pdf", ".docx")
