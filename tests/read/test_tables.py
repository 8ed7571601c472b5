"""Table rows written in text (pipes with or without outer pipes, tabs, several spaces) become one row form."""
from __future__ import annotations

from extractor.read.normalise import normalise
from extractor.read.tables import find_rows, render_row, row_cells


def _cells(lines):
    return {k: [lines[k][a:b] for a, b in spans] for k, spans in find_rows(lines).items()}


def test_rows_without_outer_pipes_keep_empty_cells_at_either_end():
    lines = ["STT | Chỉ tiêu | Chỉ tiêu phấn đấu |", "|  | 2025 | 2030", "I | Thư viện | |", "1 | Tỷ lệ | 100% | -"]
    assert _cells(lines) == {0: ["STT", "Chỉ tiêu", "Chỉ tiêu phấn đấu", ""], 1: ["", "", "2025", "2030"],
                             2: ["I", "Thư viện", "", ""], 3: ["1", "Tỷ lệ", "100%", "-"]}


def test_tab_rows_keep_empty_cells_between_tabs():
    lines = ["STT\tChỉ tiêu\t2025\t2030", "1\tTỷ lệ\t\t80%"]
    assert _cells(lines) == {0: ["STT", "Chỉ tiêu", "2025", "2030"], 1: ["1", "Tỷ lệ", "", "80%"]}


def test_space_rows_put_short_rows_cells_in_the_columns_they_line_up_with():
    lines = ["STT   Chỉ tiêu        2025   2030",
             "I     Thư viện",
             "1     Tỷ lệ                  80%"]
    assert _cells(lines) == {0: ["STT", "Chỉ tiêu", "2025", "2030"], 1: ["I", "Thư viện", "", ""],
                             2: ["1", "Tỷ lệ", "", "80%"]}


def test_two_column_layout_and_single_lines_are_not_tables():
    """Header and signature blocks (two columns), one line with pipes, one indented paragraph."""
    lines = ["ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "TỈNH HÀ TĨNH             Độc lập - Tự do - Hạnh phúc",
             "Thực hiện theo mẫu A | B | C.", "", "\tNội dung thứ nhất", "\tNội dung thứ hai"]
    assert find_rows(lines) == {}


def test_markdown_rows_are_left_to_the_normaliser():
    assert find_rows(["| a | b | c |", "|---|---|---|", "| 1 | 2 | 3 |"]) == {}


def test_normalised_rows_are_in_the_row_form_and_map_back_into_their_raw_cells():
    raw = "Chỉ tiêu:\n1\tThư viện  tỉnh\t100%\n2\t**Bảo tàng**\t\t80%\ntiếp theo"
    norm = normalise(raw)
    assert norm.text == "Chỉ tiêu:\n| 1 | Thư viện tỉnh | 100% |\n| 2 | Bảo tàng | | 80% |\ntiếp theo"
    for line in norm.text.split("\n")[1:3]:
        start = norm.text.index(line)
        for a, b, cell in row_cells(line):
            if cell:
                s, e = norm.raw_span(start + a, start + b)
                assert " ".join(raw[s:e].replace("*", "").split()) == cell


def test_render_row():
    assert render_row(["1", " Thư viện\n tỉnh ", None, ""]) == "| 1 | Thư viện tỉnh | | |"
