"""The programme reference as written: look-alike letters and dashes are the same decision, kept as written."""
from extractor.pipeline import parse_file

PLAN = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI
Số: 286/KH-UBND
Gia Lai, ngày 21 tháng 11 năm 2025
KẾ HOẠCH
Thực hiện Quyết định số 1520/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ
I. MỤC TIÊU
Triển khai Quyết định số 1520/QÐ-TTg và Chương trình theo Quyết định 1520/QĐ–TTg trên địa bàn tỉnh.
"""


def test_look_alike_spellings_of_the_decision_are_one_reference_kept_as_written(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    m = parse_file(path).metadata
    assert m.program_ref == "1520/QĐ-TTg"
    assert m.program_ref_as_written == ["1520/QĐ-TTg", "1520/QÐ-TTg", "1520/QĐ–TTg"]
