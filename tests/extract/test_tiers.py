"""Tier mentions the rules build from more than one pattern: levels named back beside a value."""
from extractor.extract.tiers import find_tiers


def _codes(text, before_sector=None):
    return [(m.code, text[m.start:m.end]) for m in find_tiers(text, False, (), before_sector)]


def test_a_level_named_back_beside_a_value_is_that_level_in_the_earlier_sector():
    text = "40% thư viện công cộng cấp xã; đến năm 2030, duy trì 100% ở cấp tỉnh, nâng tỷ lệ ở cấp huyện lên 90%"
    assert _codes(text) == [("commune_public", "thư viện công cộng cấp xã"), ("provincial_public", "cấp tỉnh"),
                            ("district_public", "cấp huyện")]
    assert _codes("70% trung tâm văn hóa cấp huyện; năm 2030 đối với cấp xã: 50%") == [
        ("district_center", "trung tâm văn hóa cấp huyện"), ("commune_center", "cấp xã")]


def test_a_level_named_back_takes_the_previous_clauses_sector():
    assert _codes("đến năm 2030, duy trì 100% ở cấp tỉnh và ở cấp xã lên 60%", "culture_center") == [
        ("provincial_center", "cấp tỉnh"), ("commune_center", "cấp xã")]
    assert _codes("đến năm 2030, duy trì 100% ở cấp tỉnh") == []  # no sector to name back


def test_a_level_away_from_any_value_is_a_place_not_a_tier():
    assert _codes("100% thư viện cấp tỉnh tổ chức luân chuyển sách ở cấp xã") == [
        ("provincial_public", "thư viện cấp tỉnh")]


def test_libraries_outside_the_state_are_private_community_libraries():
    assert _codes("ít nhất 30% thư viện ngoài công lập có phục vụ cộng đồng") == [
        ("private_community", "thư viện ngoài công lập có phục vụ cộng đồng")]


def test_a_label_opening_with_the_units_alone_names_their_cultural_centres():
    assert _codes("Xã, phường có lớp năng khiếu, câu lạc bộ, nhóm sở thích hoạt động thường xuyên") == [
        ("commune_center", "Xã, phường")]
    assert _codes("| 4 | Phường, xã, đặc khu có câu lạc bộ hoạt động thường xuyên | % | 70 |") == [
        ("commune_center", "Phường, xã, đặc khu")]
    # Not a label: the units inside a sentence, with no share before them, are a place.
    assert _codes("Thư viện tỉnh luân chuyển sách về xã có đông đồng bào dân tộc") == [
        ("provincial_public", "Thư viện tỉnh")]


def test_tiers_in_a_bracket_saying_what_a_tier_takes_in_are_its_parts():
    text = ("Thư viện công cộng cấp xã (bao gồm thư viện các quận, huyện, thị xã trước đây được bàn giao về xã, "
            "phường) cung cấp dịch vụ phục vụ học tập suốt đời")
    assert [c for c, _ in _codes(text)] == ["commune_public"]
    assert [c for c, _ in _codes("100% trung tâm văn hóa cấp xã (kể cả nhà văn hóa thôn) có câu lạc bộ")] == [
        "commune_center"]
    # A bracket of kinds is not one of what a tier takes in: each kind is a tier.
    assert [c for c, _ in _codes("70% thư viện trường học (phổ thông và nghề nghiệp) có")] == ["school", "vocational"]
