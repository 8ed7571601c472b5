"""Report deadlines: the one stored, and the other one said when the organisation part names two."""
from extractor.pipeline import parse_file

PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: 12/KH-UBND
Quảng Trị, ngày 10 tháng 01 năm 2026
KẾ HOẠCH
Triển khai Chương trình thực hiện Quyết định số 1520/QĐ-TTg năm 2026
I. MỤC TIÊU
Năm 2026, 100% thư viện xã, phường cung cấp dịch vụ phục vụ học tập suốt đời.
II. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa, Thể thao và Du lịch
- Tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 năm 2026.
2. Ủy ban nhân dân các xã, phường
- Gửi báo cáo kết quả thực hiện về Sở Văn hóa, Thể thao và Du lịch trước ngày 05 tháng 12 năm 2026.
"""


def test_two_report_deadlines_store_the_last_and_name_the_other(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    plan = parse_file(path)
    m = plan.metadata
    assert (m.report_day, m.report_month, m.report_year, m.report_recurring) == (5, 12, 2026, False)
    said = [w.message for w in plan.warnings if w.message.startswith("report deadline")]
    assert said == ["report deadline: stored 5/12 (the last one named); the plan also names 15/12 for another report"]
