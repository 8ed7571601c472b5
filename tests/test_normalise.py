"""Normalisation keeps a faithful map back to the raw text."""
from __future__ import annotations

from conftest import CORPUS, PLANS

from extractor.normalise import normalise


def test_offset_map_points_at_the_same_characters():
    import unicodedata

    for stem in PLANS:
        raw = unicodedata.normalize("NFC", (CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
        norm = normalise(raw)
        assert len(norm.origin) == len(norm.text)
        same = sum(1 for i, ch in enumerate(norm.text) if ch not in " \n" and raw[norm.origin[i]] == ch)
        letters = sum(1 for ch in norm.text if ch not in " \n")
        # Only tone-mark moves (hoá -> hóa) may differ.
        assert same / letters > 0.999


def test_page_break_inside_a_sentence_is_rejoined():
    text = normalise((CORPUS / "000_b58f44d980a72fdc.txt").read_text(encoding="utf-8")).text
    assert "80% thư viện lực lượng vũ trang, 70% thư viện cơ sở giáo dục phổ thông" in text


def test_pdf_style_wrapped_lines_are_rejoined():
    text = normalise((CORPUS / "003_8187f21f6afde94e.txt").read_text(encoding="utf-8")).text
    assert "1. Xây dựng chính sách và cơ chế đầu tư học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa\n" in text
    assert "Quyết định số 1520/QĐ-TTg; đảm bảo" in text


def test_markdown_headings_are_marked_and_clean():
    norm = normalise("### **III. NHIỆM VỤ VÀ GIẢI PHÁP**\n- Nội dung")
    assert norm.text == "III. NHIỆM VỤ VÀ GIẢI PHÁP\n- Nội dung"
    assert [ln.marked for ln in norm.lines] == [True, False]
