"""Normalisation keeps a faithful map back to the raw text."""
from __future__ import annotations

from conftest import CORPUS, PLANS

from extractor.read.normalise import fix_tone_marks, normalise


def test_offset_map_points_at_the_same_characters():
    import unicodedata

    for stem in PLANS:
        raw = unicodedata.normalize("NFC", (CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
        norm = normalise(raw)
        assert len(norm.origin) == len(norm.text)
        # Tone-mark moves (hoá -> hóa) keep the length, so the raw text with them applied matches.
        toned = fix_tone_marks(raw)
        same = sum(1 for i, ch in enumerate(norm.text) if ch not in " \n" and toned[norm.origin[i]] == ch)
        letters = sum(1 for ch in norm.text if ch not in " \n")
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


def test_a_bold_italic_label_loses_all_its_marks_and_is_no_bullet():
    """"***a) Đối với hệ thống thư viện***" (a Word sub-heading in bold italic): three marks each side
    go at once; one left behind read as a "*" bullet holding the whole part (a table and its
    paragraphs with it)."""
    norm = normalise("***a) Đối với hệ thống thư viện***\n\nPhấn đấu 100% thư viện tỉnh.")
    assert norm.text == "a) Đối với hệ thống thư viện\nPhấn đấu 100% thư viện tỉnh."
    assert [ln.marked for ln in norm.lines] == [True, False]


# ---------------------------------------------------------------- the fast normaliser equals the per-character one

def _reference_normalise(raw: str):
    """The original per-character normaliser (kept as the specification of the fast one)."""
    import unicodedata

    from extractor.core.models import Line
    from extractor.read.normalise import (_BLOCK_START, _BOLD, _EMPH, _HEADING_MARK, _ITEM_START, _TERMINAL,
                                     _NormaliseRules, _value_goes_on, fix_tone_marks)
    from extractor.core.rules import load_rules
    from extractor.read.tables import find_rows, is_row

    r = load_rules("normalise.yaml", _NormaliseRules)
    table = {ord(c): " " for c in r.odd_spaces}
    table[ord("\r")] = None
    for c in r.invisible:
        table[ord(c)] = None
    noise = [__import__("regex").compile(p) for p in r.noise_lines]

    def clean_line(line):
        drop = set()
        m = _HEADING_MARK.match(line)
        marked = bool(m)
        if m:
            drop.update(range(m.start(), m.end()))
        body = line[m.end():] if m else line
        off = m.end() if m else 0
        stripped = body.strip()
        if stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4 and "**" not in stripped[2:-2]:
            marked = True
        for bm in _BOLD.finditer(body):
            drop.update(range(off + bm.start(), off + bm.end()))
        for em in _EMPH.finditer(body):
            drop.add(off + em.start())
            drop.add(off + em.end() - 1)
        chars, idx = [], []
        for i, ch in enumerate(line):
            if i in drop or (ch == " " and (not chars or chars[-1] == " ")):
                continue
            chars.append(ch)
            idx.append(i)
        trailing = bool(chars) and chars[-1] == " "
        while chars and chars[-1] == " ":
            chars.pop()
            idx.pop()
        return chars, idx, marked, len(line) - len(line.lstrip(" ")), trailing

    from extractor.read.normalise import _rules, page_furniture

    text = unicodedata.normalize("NFC", raw)
    rows = find_rows(text.split("\n"), page_furniture(text, _rules()), _rules().layout_cell.search)
    text = fix_tone_marks(text.translate({k: v for k, v in table.items() if v == " "}))
    invisible = {k for k, v in table.items() if v is None}
    pending = []
    # Column splitting (header and signature zones) and table rows are specified by their own
    # examples (rules/normalise.yaml, tests/read/test_tables.py); the reference shares them and
    # checks everything after them.
    # So are web-page header cells ("|") and running headers (their own examples too).
    from extractor.read.normalise import _column_pieces, _rules, _running_headers, _table_row, running_key

    rr = _rules()
    split_cells = "|" in text and not rr.table_rule.search(text)
    running = _running_headers(text, rr)
    blank = False
    for raw_line, base, cells in _column_pieces(text.split("\n"), rr, rows, split_cells):
        if cells is not None:
            content, spans = _table_row(raw_line, base, cells, __import__("regex").compile(
                "[" + "".join(chr(k) for k in invisible) + "]"))
            pending.append((list(content), [i for a, b in spans for i in range(a, b)], False, 0, False,
                            base + len(raw_line), True, blank))
            blank = False
            continue
        kept = [(c, base + i) for i, c in enumerate(raw_line) if ord(c) not in invisible]
        chars, idx, marked, indent, trailing = clean_line("".join(c for c, _ in kept))
        if not chars:
            blank = True
            continue
        if any(p.match("".join(chars)) for p in noise) or running_key("".join(chars)) in running:
            continue
        row = chars[0] == "|" and is_row("".join(chars))
        pending.append((chars, [kept[i][1] for i in idx], marked, indent, trailing, base + len(raw_line), row, blank))
        blank = False
    out, origin, lines = [], [], []
    cur_start, cur_marked, cur_indent, cur_blank = 0, False, 0, False
    prev_trailing, prev_eol, prev_row, prev_len = False, 0, False, 0
    # A line that fills less than 0.8 of the width (the 3rd quartile of line lengths) was not wrapped.
    widths = sorted(len(p[0]) for p in pending if p[4])
    full = 0.8 * widths[int(0.75 * (len(widths) - 1))] if widths else 0.0
    for chars, idx, marked, indent, trailing, eol, row, after_blank in pending:
        join, sep = False, True
        if out and not row and not prev_row:
            first, prev_last = chars[0], out[-1]
            prev_before = out[-2] if len(out) > 1 else " "
            if prev_last in "-/" and prev_before not in " \n" and not prev_trailing and first.isalnum():
                join, sep = True, False
                if prev_last == "-" and prev_before.islower() and first.islower():
                    out.pop()
                    origin.pop()
            elif (first.islower() and not _ITEM_START.match("".join(chars[:3]))) or first in ",;)%":
                join = True
            elif first.isdigit() and _value_goes_on("".join(chars), ["".join(out[cur_start:])], rr):
                join = True
            elif prev_trailing and prev_last not in _TERMINAL and not _BLOCK_START.match("".join(chars[:12])):
                join = prev_len >= full and not "".join(out[cur_start:]).isupper()
        if join:
            if sep:
                out.append(" ")
                origin.append(prev_eol)
        else:
            if out:
                lines.append(Line(start=cur_start, end=len(out), marked=cur_marked, indent=cur_indent,
                                  after_blank=cur_blank))
                out.append("\n")
                origin.append(prev_eol)
            cur_start, cur_marked, cur_indent, cur_blank = len(out), marked, indent, after_blank
        out.extend(chars)
        origin.extend(idx)
        prev_trailing, prev_eol, prev_row, prev_len = trailing, eol, row, len(chars)
    if out:
        lines.append(Line(start=cur_start, end=len(out), marked=cur_marked, indent=cur_indent, after_blank=cur_blank))
    return "".join(out), tuple(lines), tuple(origin)


def _same_as_reference(raw: str) -> bool:
    norm = normalise(raw)
    return (norm.text, norm.lines, tuple(norm.origin)) == _reference_normalise(raw)


def test_fast_normaliser_equals_the_reference_on_the_corpus_and_fixtures():
    from conftest import REPO

    texts = [(CORPUS / f"{stem}.txt").read_text(encoding="utf-8") for stem in PLANS]
    texts += [p.read_text(encoding="utf-8-sig") for p in (REPO / "tests" / "fixtures").glob("*.md")]
    texts += [t.replace("\n", "\r\n") for t in texts]  # CRLF files
    assert all(_same_as_reference(t) for t in texts)


# Pieces that exercise every branch: marks, odd and invisible characters, runs of spaces,
# noise lines, list markers, joins on lower case, hyphens and trailing spaces.
_PIECES = ["a", "b", "A", "Đ", "đ", "hoá", "quý", "uỷ", " ", " ", "  ", "   ", "\n", "\n\n", "\r\n", "\t", "\u00a0",
           "\u200b", "\ufeff", "\u00ad", "*", "**", "__", "_", "#", "## ", "###### ", "####### ", "-", "/", ",", ";",
           ")", "%", ".", ":", "a) ", "1. ", "2.1 ", "II. ", "+ ", "• ", "4", "12", "Trang 3", "- 3 -", "---",
           "VĂN HÓA", "x\u0301", "\x0b", "\u2028", "e\u0323"]


def test_fast_normaliser_equals_the_reference_on_random_markup():
    import random

    rng = random.Random(1520)
    cases = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(4000)]
    bad = [c for c in cases if not _same_as_reference(c)]
    assert not bad, bad[:3]


def test_fast_construction_gives_the_models_pydantic_would_build(parsed):
    """normalise.construct skips pydantic's per-field work; what it builds must be the validated model."""
    from extractor.core.models import Block, Line, NormalisedText, Section
    from extractor.read.normalise import normalise
    from extractor.structure.segment import segment

    plan = next(iter(parsed.values()))
    norm = normalise((CORPUS / f"{plan.source_name}.txt").read_text(encoding="utf-8"))
    sections, blocks = segment(norm)
    built = [norm, *norm.lines[:50], *sections, *blocks[:50]]
    assert {type(m) for m in built} == {NormalisedText, Line, Section, Block}
    for m in built:
        assert list(m.__dict__) == list(type(m).model_fields)  # declaration order: dumps stay the same
        again = type(m).model_validate(m.model_dump(mode="json"))
        assert again == m and again.model_dump(mode="json") == m.model_dump(mode="json")
        assert m.model_fields_set == set(type(m).model_fields)
