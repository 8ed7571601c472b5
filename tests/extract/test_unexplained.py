"""Numbers the extractor did not read are reported, not skipped silently (issue 12, item 5)."""
from __future__ import annotations

from extractor.pipeline import parse
from extractor.core.models import RawDocument

PLAN = """KẾ HOẠCH
Thực hiện Chương trình học tập suốt đời năm 2024
I. MỤC TIÊU
1. Mục tiêu cụ thể
- Đến năm 2025, 70% thư viện cấp huyện có cung cấp dịch vụ phục vụ học tập suốt đời.
- Toàn tỉnh hiện có 12 thư viện huyện và 2.846 nhà văn hóa thôn theo Quyết định số 1520/QĐ-TTg ngày 09/12/2022.
- Tổ chức Ngày Sách lần thứ 3 vào tháng 4; giai đoạn 2023 - 2025.
"""


def test_every_unread_number_gets_a_warning_with_its_span_and_nothing_else_does():
    raw = RawDocument(text=PLAN, source_name="x", path="x.txt", fmt="txt", content_hash="0" * 64)
    plan = parse(raw)
    found = [(w.code, plan.text[w.start_char:w.end_char]) for w in plan.warnings if w.code == "unexplained_number"]
    assert found == [("unexplained_number", "12"), ("unexplained_number", "2.846")]
    assert [(t.subject, t.value) for t in plan.targets] == [("district_public", 70.0)]
