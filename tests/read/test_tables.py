"""Table rows written in text (pipes with or without outer pipes, tabs, several spaces) become one row form."""
from __future__ import annotations

from conftest import SPACED_TABLE

from extractor.read.normalise import normalise
from extractor.read.tables import find_rows, render_row, row_cells


def _cells(lines):
    """Each row's cells as text: a cell's pieces (wrapped lines) joined by a space."""
    out = {}
    for k, row in find_rows(lines).items():
        chunk = "\n".join(lines[k:k + row.lines])
        out[k] = [" ".join(chunk[a:b] for a, b in cell if a < b) for cell in row.cells]
    return out


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


# The space-aligned table of conftest, between a lead-in line and a note.
SPACED = ("Các chỉ tiêu chủ yếu đến năm 2026 và năm 2030 như sau:\n\n" + SPACED_TABLE
          + "\nGhi chú: tỷ lệ tính trên tổng số đơn vị cùng loại, lấy theo số liệu thống kê hằng năm của ngành.\n")

SPACED_ROWS = [
    "| STT | Tên chỉ tiêu | Năm 2026 | Năm 2030 | ĐVT |",
    "| I | BẢO TÀNG | | | |",
    "| 1 | Bảo tàng có chương trình giáo dục di sản, lịch sử, văn hóa cho học sinh | 60 | 90 | % |",
    "| II | TRUNG TÂM VĂN HÓA | | | |",
    "| 2 | Nhà văn hóa thôn, tổ dân phố có lớp năng khiếu, câu lạc bộ, nhóm sở thích hoạt động thường xuyên"
    " | 50 | 80 | % |",
    "| III | THƯ VIỆN | | | |",
    "| 3 | Thư viện cấp tỉnh ứng dụng công nghệ thông tin và chuyển đổi số | 100 | 100 | % |",
    "| STT | Tên chỉ tiêu | Năm 2026 | Năm 2030 | ĐVT |",
    "| 4 | Thư viện cấp huyện ứng dụng công nghệ thông tin và chuyển đổi số | 55 | 85 | % |",
    "| 5 | Thư viện cơ sở giáo dục phổ thông cung cấp dịch vụ phục vụ việc học tập suốt đời | 65 | 95 | % |",
]


def test_a_space_aligned_table_joins_wrapped_labels_to_their_rows_across_a_page_break():
    norm = normalise(SPACED)
    lines = norm.text.split("\n")
    assert lines[0] == "Các chỉ tiêu chủ yếu đến năm 2026 và năm 2030 như sau:"
    assert lines[1:-1] == SPACED_ROWS
    assert lines[-1].startswith("Ghi chú: tỷ lệ tính")
    # Every character of a row maps into the raw lines of that row, and each cell's text is the raw
    # pieces it was made of, in order.
    for line in lines[1:-1]:
        start = norm.text.index(line)
        for a, b, cell in row_cells(line):
            if cell:
                raw = "".join(SPACED[norm.origin[i]] for i in range(start + a, start + b))
                assert " ".join(raw.split()) == cell


def test_a_wrapped_label_with_its_values_on_the_second_line_opens_its_row_on_the_first():
    lines = ["Chỉ tiêu                                 Đơn vị     2025     2030",
             "a) Hệ thống thư viện",
             "Thư viện cấp xã ứng dụng công nghệ",
             "thông tin và chuyển đổi số                 %          20       40",
             "Thư viện tỉnh có không gian đọc mở         %         100      100"]
    assert _cells(lines) == {
        0: ["Chỉ tiêu", "Đơn vị", "2025", "2030"],
        1: ["a) Hệ thống thư viện", "", "", ""],
        2: ["Thư viện cấp xã ứng dụng công nghệ thông tin và chuyển đổi số", "%", "20", "40"],
        4: ["Thư viện tỉnh có không gian đọc mở", "%", "100", "100"]}


def test_prose_around_a_space_aligned_table_stays_prose():
    """A sentence running across the columns ends the table; so does a paragraph after a blank line,
    and a capitalised line right under the last row; a group heading takes no lower-case row."""
    lines = ["Chỉ tiêu                        2025     2030",
             "Thư viện tỉnh                   100%     100%",
             "Thư viện cấp huyện              70%      90%",
             "Các chỉ tiêu trên được rà soát, điều chỉnh hằng năm cho phù hợp với thực tế.",
             "Thư viện cấp xã                 40%      60%",
             "Nguồn: Sở Văn hóa",
             "",
             "trong đó ưu tiên các huyện miền núi."]
    assert _cells(lines) == {0: ["Chỉ tiêu", "2025", "2030"], 1: ["Thư viện tỉnh", "100%", "100%"],
                             2: ["Thư viện cấp huyện", "70%", "90%"]}
    group = ["Chỉ tiêu                        2025     2030", "A. THƯ VIỆN",
             "thư viện tỉnh                   100%     100%", "thư viện cấp huyện              70%      90%"]
    assert _cells(group)[1] == ["A. THƯ VIỆN", "", ""]


def test_a_page_break_ends_a_two_column_layout_as_before():
    lines = ["ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "TỈNH HÀ TĨNH             Độc lập - Tự do - Hạnh phúc", "", "", "2",
             "Số: 12/KH-UBND           Hà Tĩnh, ngày 3 tháng 5 năm 2023"]
    assert find_rows(lines, lambda line: line.strip().isdigit()) == {}


NUMBERED_DUTIES = """ TT    Nhiệm vụ                                  Cơ quan chủ trì         Cơ quan phối hợp            Thời gian
 1     Tổ chức các đợt tuyên truyền cao điểm về  Sở Thông tin và Truyền  Sở Văn hóa, Thể thao và Du  Hằng năm
       học tập suốt đời gắn với Ngày Sách và     thông                   lịch; Báo Lạng Sơn; Đài
       Văn hóa đọc Việt Nam                                              Phát thanh và Truyền hình
 2     Sơ kết thực hiện Kế hoạch giai đoạn 2023  Sở Văn hóa, Thể thao    Các sở, ban, ngành          Năm 2025,
       - 2025 và tổng kết đến năm 2030           và Du lịch                                          năm 2030
"""


def test_a_numbered_space_table_joins_every_wrapped_cell_to_its_row():
    """Lines with no row number go on the numbered row above, cell by cell: in lower case, a range
    wrapped at its dash, or several text cells that open with capitals at once."""
    text = normalise(NUMBERED_DUTIES).text
    rows = [line for line in text.split("\n") if line.startswith("|")]
    assert rows[1:] == [
        "| 1 | Tổ chức các đợt tuyên truyền cao điểm về học tập suốt đời gắn với Ngày Sách và Văn hóa đọc Việt Nam"
        " | Sở Thông tin và Truyền thông | Sở Văn hóa, Thể thao và Du lịch; Báo Lạng Sơn; Đài Phát thanh và Truyền"
        " hình | Hằng năm |",
        "| 2 | Sơ kết thực hiện Kế hoạch giai đoạn 2023 - 2025 và tổng kết đến năm 2030 | Sở Văn hóa, Thể thao và Du"
        " lịch | Các sở, ban, ngành | Năm 2025, năm 2030 |",
    ]


def test_a_capitalised_wrapped_piece_under_a_numbered_row_goes_on_with_its_label():
    # "Bảo tàng tỉnh ..." opens in capitals yet stands in the label column with nothing in the
    # number column: the rest of row 2's label (where its tier is), not a row of its own.
    lines = ["STT   Chỉ tiêu                                         Đơn vị         Năm 2027    Năm 2030",
             "II    BẢO TÀNG",
             "2     Chương trình giáo dục di sản dành cho học sinh    chương trình   4           8",
             "      sinh viên do",
             "      Bảo tàng tỉnh xây dựng, triển khai (lũy kế)",
             "3     Chương trình trải nghiệm do                       chương trình   8           12",
             "      Bảo tàng tỉnh tổ chức mỗi năm"]
    cells = _cells(lines)
    assert cells[2] == ["2", "Chương trình giáo dục di sản dành cho học sinh sinh viên do Bảo tàng tỉnh xây dựng, "
                        "triển khai (lũy kế)", "chương trình", "4", "8"]
    assert cells[5] == ["3", "Chương trình trải nghiệm do Bảo tàng tỉnh tổ chức mỗi năm", "chương trình", "8", "12"]
    assert sorted(cells) == [0, 1, 2, 5]


def test_a_header_centred_over_its_column_does_not_cut_the_labels_under_it():
    """A header cell centred over the label column starts right of the labels: the columns start where
    the widest rows' leftmost cells do, and a label's last line under its piece goes on with the row."""
    from extractor.read.tables import find_rows

    lines = [" TT             Nội dung chỉ tiêu                     Đơn vị    Kết quả     Năm        Năm",
             "                                                        tính    năm 2024    2027       2030",
             " I    THƯ VIỆN",
             " 1    Thư viện công cộng cấp tỉnh cung cấp dịch",
             "      vụ phục vụ việc học tập suốt đời cho người      %         100         Duy trì    Duy trì",
             "      sử dụng thư viện",
             " 2    Thư viện cơ sở giáo dục phổ thông cung cấp     %         62          75         90"]
    rows = find_rows(lines)
    assert sorted(rows) == [0, 1, 2, 3, 6]
    text = "\n".join(lines[3:6])
    assert [" ".join(text[a:b] for a, b in cell) for cell in rows[3].cells] == [
        "1", "Thư viện công cộng cấp tỉnh cung cấp dịch vụ phục vụ việc học tập suốt đời cho người sử dụng thư viện",
        "%", "100", "Duy trì", "Duy trì"]
