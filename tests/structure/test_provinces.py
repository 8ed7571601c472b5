"""Tests for extractor.structure.provinces: the YAML's own examples plus mention finding and the 2025 map."""
from __future__ import annotations

import unicodedata

import pytest

from extractor.structure import provinces as pv
from extractor.structure.provinces import (
    ProvinceRulesError,
    all_provinces,
    canonical_province,
    current_province,
    find_province_mentions,
    load_rules,
)

RULES = load_rules()


def _ascii_id(text: str) -> str:
    """Readable ASCII test id (pytest escapes non-ASCII ids): 'TỈNH VĨNH LONG' -> 'TINH VINH LONG'."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D").replace("\u2013", "-")
    return " ".join(bare.split()) or "<empty>"


# --------------------------------------------------------------------------- #
# The rule file's examples and counterexamples
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("ex", RULES.examples, ids=[_ascii_id(e.text) for e in RULES.examples])
def test_example_resolves(ex):
    got = canonical_province(ex.text)
    assert got is not None, f"nothing found for {ex.text!r}"
    assert got == ex.canonical, f"{ex.text!r} -> {got!r}, expected {ex.canonical!r}"
    assert current_province(got) == ex.current


@pytest.mark.parametrize("text", RULES.counterexamples, ids=[_ascii_id(t) for t in RULES.counterexamples])
def test_counterexample_does_not_resolve(text):
    assert canonical_province(text) is None


# --------------------------------------------------------------------------- #
# Mentions in running text
# --------------------------------------------------------------------------- #


def _mentions(text):
    return [(name, text[s:e]) for name, s, e in find_province_mentions(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Kế hoạch thực hiện Đề án trên địa bàn tỉnh Vĩnh Long như sau:",
            [("Vĩnh Long", "tỉnh Vĩnh Long")],
        ),
        ("ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN", [("Bắc Kạn", "TỈNH BẮC KẠN")]),
        ("UBND TP. Hồ Chí Minh ban hành", [("Hồ Chí Minh", "TP. Hồ Chí Minh")]),
        ("các thư viện của TP.HCM", [("Hồ Chí Minh", "TP.HCM")]),
        ("Ủy ban nhân dân tỉnh Thừa Thiên Huế", [("Huế", "tỉnh Thừa Thiên Huế")]),
        ("tại thành phố Huế.", [("Huế", "thành phố Huế")]),
        ("tỉnh Bà Rịa – Vũng Tàu, tỉnh Bình Dương", [
            ("Bà Rịa - Vũng Tàu", "tỉnh Bà Rịa – Vũng Tàu"),
            ("Bình Dương", "tỉnh Bình Dương"),
        ]),
        ("tỉnh Khánh Hoà và tỉnh Thanh Hoá", [
            ("Khánh Hòa", "tỉnh Khánh Hoà"),
            ("Thanh Hóa", "tỉnh Thanh Hoá"),
        ]),
        ("Sở VHTTDL tỉnh\nĐắk Lắk", [("Đắk Lắk", "tỉnh\nĐắk Lắk")]),
    ],
    ids=["vinh-long-sentence", "heading-upper-newline", "tp-dot-hcm", "tp-hcm-abbrev",
         "thua-thien-hue", "thanh-pho-hue", "two-mentions-dash", "old-tone", "line-break-in-mention"],
)
def test_find_province_mentions(text, expected):
    assert _mentions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "thành phố Vinh, tỉnh lộ 1",          # Vinh is a city; "tỉnh lộ" is a road class
        "tỉnh Bình Dươngg",                    # name must end at a word boundary
        "Vĩnh Long",                           # no prefix, not a mention
        "thành phố Vũng Tàu",                  # "Vũng Tàu" alone is not a province
        "phát triển du lịch tỉnh thành",
    ],
)
def test_no_mention(text):
    assert find_province_mentions(text) == []


def test_mention_offsets_refer_to_nfd_input():
    text = unicodedata.normalize("NFD", "trên địa bàn tỉnh Vĩnh Long, năm 2023")
    [(name, s, e)] = find_province_mentions(text)
    assert name == "Vĩnh Long"
    assert unicodedata.normalize("NFC", text[s:e]) == "tỉnh Vĩnh Long"


def test_canonical_accepts_nfd_and_mixed_case():
    assert canonical_province(unicodedata.normalize("NFD", "Tỉnh ĐẮK NÔNG")) == "Đắk Nông"


# --------------------------------------------------------------------------- #
# The 63 -> 34 map (Resolution 202/2025/QH15)
# --------------------------------------------------------------------------- #


def test_63_units_before_and_34_after():
    provs = all_provinces()
    assert len(provs) == 63
    assert len(RULES.current) == 34
    assert sum(p.kind == "thanh_pho" for p in provs) == 6
    assert sum(c.kind == "thanh_pho" for c in RULES.current) == 6
    assert sorted(c.name for c in RULES.current if c.kind == "thanh_pho") == sorted(
        ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"]
    )


def test_every_province_maps_to_a_current_unit_and_every_unit_is_hit():
    current = {c.name for c in RULES.current}
    hit = {current_province(p.name) for p in all_provinces()}
    assert hit <= current
    assert hit == current


def test_current_units_keep_their_own_territory():
    # each post-2025 unit is named after one of its pre-2025 components, which maps to it
    names = {p.name for p in all_provinces()}
    for c in RULES.current:
        assert c.name in names
        assert current_province(c.name) == c.name


@pytest.mark.parametrize(
    "old, new",
    [
        ("Bắc Kạn", "Thái Nguyên"),
        ("Vĩnh Long", "Vĩnh Long"), ("Bến Tre", "Vĩnh Long"), ("Trà Vinh", "Vĩnh Long"),
        ("Hưng Yên", "Hưng Yên"), ("Thái Bình", "Hưng Yên"),
        ("Cần Thơ", "Cần Thơ"), ("Sóc Trăng", "Cần Thơ"), ("Hậu Giang", "Cần Thơ"),
        ("Huế", "Huế"), ("Cao Bằng", "Cao Bằng"),
    ],
)
def test_product_owner_examples(old, new):
    assert current_province(old) == new


def test_merged_group_sizes():
    groups: dict[str, list[str]] = {}
    for p in all_provinces():
        groups.setdefault(p.merged_into_2025, []).append(p.name)
    sizes = sorted(len(v) for v in groups.values())
    # 11 unchanged; 52 units form 23 new ones: 17 pairs and 6 triples
    assert sizes.count(1) == 11
    assert sizes.count(2) == 17 and sizes.count(3) == 6
    triples = sorted(k for k, v in groups.items() if len(v) == 3)
    assert triples == sorted(["Phú Thọ", "Ninh Bình", "Lâm Đồng", "Hồ Chí Minh", "Cần Thơ", "Vĩnh Long"])


def test_current_province_unknown_raises():
    with pytest.raises(KeyError):
        current_province("Vinh")


# --------------------------------------------------------------------------- #
# Loading and validation
# --------------------------------------------------------------------------- #


def test_names_are_nfc_without_prefix():
    for p in all_provinces():
        assert unicodedata.normalize("NFC", p.name) == p.name
        assert not p.name.lower().startswith(("tỉnh ", "thành phố "))


def test_bad_rules_name_file_and_key(tmp_path):
    bad = tmp_path / "provinces.yaml"
    bad.write_text("source: x\nprefixes: {unit: [tỉnh]}\naliases:\n  Bắc Kạn: [Huế]\n", encoding="utf-8")
    with pytest.raises(ProvinceRulesError) as e:
        load_rules(bad)
    assert str(bad) in str(e.value)
    assert "(Huế).aliases: 'Huế' also names 'Bắc Kạn'" in str(e.value)


def test_an_alias_of_no_province_is_reported(tmp_path):
    bad = tmp_path / "provinces.yaml"
    bad.write_text("source: x\nprefixes: {unit: [tỉnh]}\naliases:\n  Thừa Thiên: [TTH]\n", encoding="utf-8")
    with pytest.raises(ProvinceRulesError, match=r"aliases: \['Thừa Thiên'\] are not provinces of vietnamadminunits"):
        load_rules(bad)


def test_units_listed_in_the_rule_file_are_refused(tmp_path):
    bad = tmp_path / "provinces.yaml"
    bad.write_text("source: x\nprefixes: {unit: [tỉnh]}\nprovinces: []\n", encoding="utf-8")
    with pytest.raises(ProvinceRulesError, match="provinces: the units come from vietnamadminunits"):
        load_rules(bad)


# --------------------------------------------------------------------------- #
# The maintained source and the matcher, against each other
# --------------------------------------------------------------------------- #

LEGACY = [u for u in __import__("extractor.structure.admin_units", fromlist=["legacy_units"]).legacy_units()]


@pytest.mark.parametrize("unit", LEGACY, ids=[_ascii_id(u.name) for u in LEGACY])
def test_each_legacy_province_agrees_with_vietnamadminunits(unit):
    from vietnamadminunits import ParseMode, convert_address, parse_address

    kind = "Thành phố" if unit.kind == "thanh_pho" else "Tỉnh"
    full = f"{kind} {unit.name}"
    parsed = parse_address(unit.name, level=1, mode=ParseMode.LEGACY)
    assert unicodedata.normalize("NFC", parsed.short_province) == unit.name
    assert canonical_province(full) == unit.name
    assert canonical_province(f"UBND {full.lower()}") == unit.name
    assert current_province(unit.name) == unicodedata.normalize("NFC", convert_address(full).short_province)
    assert [m[0] for m in find_province_mentions(f"trên địa bàn {full.lower()} như sau")] == [unit.name]


def test_the_package_and_the_rule_file_give_the_63_units_and_the_34():
    assert len(all_provinces()) == 63 and len({p.name for p in all_provinces()}) == 63
    assert len(RULES.current) == 34
    assert {p.merged_into_2025 for p in all_provinces()} == {c.name for c in RULES.current}


def test_the_rule_file_keeps_only_spellings_the_matcher_needs():
    """An alias the folding already covers (tone placement, dash, prefix) is not kept."""
    from extractor.structure.provinces import _strip_prefixes, fold

    for p in all_provinces():
        for a in p.aliases:
            assert _strip_prefixes(fold(a), RULES.prefixes) != fold(p.name), (p.name, a)


def test_rules_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_RULES_DIR", str(tmp_path))
    assert pv.rules_path() == tmp_path / "provinces.yaml"
    with pytest.raises(ProvinceRulesError, match="cannot read"):
        load_rules()
