"""Administrative units after the 2025 reform: lookups by code and folded name, old names resolved."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from crawler import units


def test_the_map_after_the_reform_has_34_provinces_and_3321_communes() -> None:
    assert len(units.provinces()) == 34
    assert len(units.communes()) == 3321
    assert units.get_province(75).name == "Đồng Nai"
    assert units.get_province(46).name == "Thành phố Huế" and units.get_province(46).short == "Huế"
    assert units.get_commune(26461) == units.find_commune("Xuân Định", "Đồng Nai")
    assert {c.kind for c in units.communes()} == {"xã", "phường", "đặc khu"}
    assert len(units.communes("Đồng Nai")) == len(units.communes(75)) == 95


@pytest.mark.parametrize(
    ("name", "code", "former"),
    [
        ("Đồng Nai", 75, None),
        ("Tỉnh Đồng Nai", 75, None),
        ("dong nai", 75, None),
        ("tinh dong nai", 75, None),
        ("Bình Phước", 75, "Bình Phước"),
        ("binh phuoc", 75, "Bình Phước"),
        ("Kon Tum", 51, "Kon Tum"),
        ("Quảng Nam", 48, "Quảng Nam"),
        ("Thừa Thiên Huế", 46, "Thừa Thiên Huế"),
        ("Huế", 46, None),
        ("Khánh Hoà", 56, None),  # the other tone-mark placement
        ("Thanh Hoá", 38, None),
        ("Hoà Bình", 25, "Hòa Bình"),
        ("TP. Hồ Chí Minh", 79, None),
        ("Thành phố Hà Nội", 1, None),
        ("Bà Rịa - Vũng Tàu", 79, "Bà Rịa - Vũng Tàu"),
        ("ba ria vung tau", 79, "Bà Rịa - Vũng Tàu"),
        ("Quảng Bình", 44, "Quảng Bình"),
        ("Quảng Trị", 44, None),
    ],
)
def test_province_names_resolve_to_the_province_now(name: str, code: int, former: str | None) -> None:
    found = units.find_province(name)
    assert (found.province.code, found.former) == (code, former)


def test_an_unknown_province_is_one_sentence() -> None:
    with pytest.raises(units.UnitError, match=r"^'\?' is not a Vietnamese province, before or after the 2025 reform"):
        units.find_province("?")
    with pytest.raises(units.UnitError, match="is not the code of one of the 34 provinces"):
        units.get_province(2)  # Hà Giang's old code: merged into Tuyên Quang (8)
    assert units.province_codes(["Bình Phước", "Atlantis", "Đồng Nai"]) == {75}


def test_former_names_of_a_province() -> None:
    assert units.former_names("Đồng Nai") == ("Bình Phước", "Đồng Nai")
    assert units.former_names(46) == ("Huế", "Thừa Thiên Huế")
    assert set(units.former_names("Thành phố Hồ Chí Minh")) == {"Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"}


@pytest.mark.parametrize(
    ("name", "province", "code"),
    [
        ("Xuân Định", "Đồng Nai", 26461),
        ("xã Xuân Định", "Bình Phước", 26461),
        ("xuan dinh", 75, 26461),
        ("Xã Long Hà", "Đồng Nai", 25255),
        ("Quan Sơn", "Lạng Sơn", units.find_commune("Xã Quan Sơn", 20).code),  # "Quan" is no prefix ("Quận" is)
        ("Phương Liệt", "Hà Nội", units.find_commune("Phường Phương Liệt", 1).code),
        ("Sơn Hạ", "Quảng Ngãi", 21292),  # diacritics decide between Sơn Hà and Sơn Hạ
        ("Sơn Hà", "Quảng Ngãi", 21289),
        ("Côn Đảo", "Thành phố Hồ Chí Minh", units.find_commune("Đặc khu Côn Đảo", 79).code),
    ],
)
def test_communes_by_folded_name(name: str, province: str | int, code: int) -> None:
    assert units.find_commune(name, province).code == code


def test_an_ambiguous_or_unknown_commune_says_what_to_give() -> None:
    with pytest.raises(units.UnitError, match=r"'son ha' in Quảng Ngãi is ambiguous: Xã Sơn Hà \(21289\), Xã Sơn Hạ"):
        units.find_commune("son ha", "Quảng Ngãi")
    with pytest.raises(units.UnitError, match="not a commune, ward or special zone of Đồng Nai after the 2025 reform"):
        units.find_commune("An Khương", "Đồng Nai")  # merged into Tân Hưng
    assert units.lookup_commune("26461").name == "Xã Xuân Định"
    with pytest.raises(units.UnitError, match="needs its province"):
        units.lookup_commune("Xuân Định")


def test_what_an_abolished_district_became() -> None:
    took = units.district_successors("Bình Phước", "Hớn Quản")
    assert [c.name for c in took] == ["Phường Bình Long", "Xã Tân Hưng", "Xã Minh Đức", "Xã Tân Quan", "Xã Tân Khai"]
    assert {c.province_code for c in took} == {75}
    assert [c.name for c in units.district_successors("Quảng Bình", "huyện Tuyên Hoá")] == [
        "Xã Đồng Lê",
        "Xã Tuyên Sơn",
        "Xã Tuyên Lâm",
        "Xã Tuyên Phú",
        "Xã Tuyên Bình",
        "Xã Tuyên Hóa",
    ]
    # an island district had no communes: it became the special zone of its name
    assert [c.name for c in units.district_successors("Bà Rịa - Vũng Tàu", "Côn Đảo")] == ["Đặc khu Côn Đảo"]
    with pytest.raises(units.UnitError, match="no district 'Atlantis' in Đồng Nai before the 2025 reform"):
        units.district_successors("Đồng Nai", "Atlantis")


def test_what_an_old_commune_became() -> None:
    assert [c.name for c in units.commune_successors("Bình Phước", "An Khương", "Hớn Quản")] == ["Xã Tân Hưng"]
    # Hương Vinh left Hương Trà for Huế in 2021: its name still finds it
    assert [c.name for c in units.commune_successors("Thừa Thiên Huế", "Hương Vinh", "Hương Trà")] == [
        "Phường Hóa Châu"
    ]


@pytest.mark.integration
def test_the_cli_start_imports_neither_data_package() -> None:
    code = (
        "import sys, crawler.cli, crawler.registry; crawler.registry.load_registry();"
        "from crawler import units; units.find_province('Bình Phước');"
        "print(sorted(m for m in ('vietnam_provinces', 'underthesea') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", "the unit data is read from the packages' files, never by importing them"


def test_a_missing_data_package_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(units.UnitError, match=r"the package 'underthesea' .* is not installed; reinstall portalwatch"):
        units._package_file("underthesea", "address", "data", "mapping.json")
