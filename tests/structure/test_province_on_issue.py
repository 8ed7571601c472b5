"""A plan issued after the 2025 reorganisation is of a unit of the new map, whatever older name it writes."""
from extractor.pipeline import parse_file

WARD = """ỦY BAN NHÂN DÂN
PHƯỜNG YÊN BÁI
Số: 27/KH-UBND
Yên Bái, ngày 11 tháng 02 năm {year}
KẾ HOẠCH
Thực hiện Chương trình "Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa" trên địa bàn phường Yên Bái
Căn cứ Quyết định số 1520/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ;
I. MỤC TIÊU
Phát triển thư viện phường Yên Bái.
"""


def _plan(tmp_path, year):
    path = tmp_path / "plan.txt"
    path.write_text(WARD.format(year=year), encoding="utf-8")
    return parse_file(path)


def test_an_old_province_name_in_a_plan_issued_after_the_reorganisation_is_stored_as_its_new_unit(tmp_path):
    plan = _plan(tmp_path, 2026)
    assert plan.metadata.province == "Lào Cai"
    assert [w.message for w in plan.warnings if w.code == "province_merged"] == [
        "the plan names Yên Bái, which has been part of Lào Cai since the 2025 reorganisation; stored as Lào Cai"]


def test_a_plan_issued_before_the_reorganisation_keeps_the_province_it_names(tmp_path):
    plan = _plan(tmp_path, 2024)
    assert plan.metadata.province == "Yên Bái"
    assert not [w for w in plan.warnings if w.code == "province_merged"]
