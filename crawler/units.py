"""Vietnam's administrative units after the reform of 2025-07-01, and what the old ones became.

Two maintained packages hold the data, read here lazily and once:

* ``vietnam-provinces``: the 34 provinces and 3,321 communes, wards and special zones with the General
  Statistics Office's codes (the registry names a portal's unit by these codes);
* ``underthesea``'s address converter: every pre-reform commune (63 provinces, districts) with the new
  commune and province it went to, which is how an old province or district name is resolved.

Names are matched folded: case, tone-mark placement (``Hòa``/``Hoà``), diacritics (``Dong Nai``), the
administrative prefix (``Tỉnh``, ``Thành phố``, ``TP.``, ``Xã``, ``Phường``, ``Huyện``…) and hyphens do not
matter. Nothing here is imported by the CLI at start-up: the first lookup pays for reading the data
(vietnam-provinces ~10 ms, the reform mapping ~60 ms).
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from crawler.text import fold

REFORM_DATE = "2025-07-01"

# Administrative prefixes, folded. Stripped with their diacritics so that "Phường Sơn" loses "phường" but
# "Phương Sơn", "Quan Sơn" or "Xà Bang" keep their first word; the ASCII forms are a fallback for typed queries.
_PREFIXES = (
    "thành phố trực thuộc trung ương",
    "thành phố",
    "t.p.",
    "tp.",
    "tp",
    "tỉnh",
    "đặc khu",
    "thị trấn",
    "thị xã",
    "xã",
    "phường",
    "huyện",
    "quận",
)
_ASCII_PREFIXES = ("thanh pho", "tinh", "dac khu", "thi tran", "thi xa", "xa", "phuong", "huyen", "quan")
_PUNCT = re.compile(r"[\s\-–—_,;:()/]+")

# Names older than the reform dataset: Thừa Thiên Huế became Thành phố Huế on 2025-01-01, so the mapping
# (which starts from the 2025 list) does not know the name most portals and archives still use.
_OLDER_NAMES = {"thua thien hue": "hue"}
_OLDER_DISPLAY = {"thua thien hue": "Thừa Thiên Huế"}


class UnitError(ValueError):
    """A unit name or code is unknown or ambiguous; the message says which and what to write instead."""


@dataclass(frozen=True)
class Province:
    """A province or centrally governed city after the reform."""

    code: int
    name: str  # official name as the statistics office lists it: "Đồng Nai", "Thành phố Huế"
    kind: str  # "tỉnh" or "thành phố trung ương"
    codename: str  # "dong_nai", "hue"

    @property
    def short(self) -> str:
        """The name without "Thành phố": how the province is written after "tỉnh"/"TP." in running text."""
        return _strip_kind(self.name)


@dataclass(frozen=True)
class Commune:
    """A commune (xã), ward (phường) or special zone (đặc khu) after the reform."""

    code: int
    name: str  # "Xã Xuân Định", "Phường Long Thành", "Đặc khu Côn Đảo"
    kind: str  # "xã", "phường" or "đặc khu"
    province_code: int
    codename: str  # "xa_xuan_dinh"

    @property
    def short(self) -> str:
        """The name without its kind: "Xuân Định"."""
        return _strip_kind(self.name)


@dataclass(frozen=True)
class Resolved:
    """A province name resolved: the province now, and the old name when the text named a merged one."""

    province: Province
    former: str | None = None


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Match key of a unit name: folded, administrative prefix dropped, then no diacritics ("đ" as "d")."""
    return _ascii(_strip_prefix(_words(text)))


def ascii_key(text: str) -> str:
    """Match key that keeps the prefix: "Xã Xuân Định" and "xa xuan dinh" meet, "Phường Xuân Định" does not."""
    return _ascii(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> str:
    return _PUNCT.sub(" ", fold(text)).strip()


def _ascii(words: str) -> str:
    decomposed = unicodedata.normalize("NFD", words.replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _strip_prefix(words: str, prefixes: tuple[str, ...] = _PREFIXES) -> str:
    for prefix in prefixes:
        if words.startswith(prefix + " ") or (
            prefix.endswith(".") and words.startswith(prefix) and len(words) > len(prefix)
        ):
            return words[len(prefix) :].strip()
    return words


def _strip_kind(name: str) -> str:
    for kind in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ", "Thị xã ", "Huyện ", "Quận "):
        if name.startswith(kind):
            return name[len(kind) :]
    return name


def _package_file(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package.

    Importing ``vietnam_provinces`` builds enums of 3,321 members (~0.1 s) and importing ``underthesea``
    loads its NLP pipelines (~0.35 s); a lookup needs neither, only the JSON the packages ship.
    """
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location).joinpath(*parts)
        if path.is_file():
            return path
    raise UnitError(
        f"the package {package!r} with its data file {'/'.join(parts)} is not installed; "
        "reinstall portalwatch (make install) to get it."
    )


@cache
def _divisions() -> tuple[dict[int, Province], dict[int, Commune]]:
    data = json.loads(_package_file("vietnam_provinces", "data", "nested-divisions.json").read_text("utf-8"))
    provinces: dict[int, Province] = {}
    communes: dict[int, Commune] = {}
    for p in data:
        provinces[p["code"]] = Province(p["code"], p["name"], p["division_type"], p["codename"])
        for w in p["wards"]:
            communes[w["code"]] = Commune(w["code"], w["name"], w["division_type"], p["code"], w["codename"])
    return provinces, communes


@cache
def _province_index() -> dict[str, int]:
    provinces, _ = _divisions()
    return {name_key(p.name): p.code for p in provinces.values()}


@cache
def _commune_index() -> dict[int, dict[str, dict[str, list[int]]]]:
    """Per province: four keys per commune, strictest first (folded with kind, folded, ascii with kind, ascii)."""
    _, communes = _divisions()
    index: dict[int, dict[str, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for c in communes.values():
        for level, key in _commune_keys(c.name).items():
            index[c.province_code][level][key].append(c.code)
    return index


def _commune_keys(name: str) -> dict[str, str]:
    words = _words(name)
    return {
        "folded": words,
        "folded_short": _strip_prefix(words),
        "ascii": _ascii(words),
        "ascii_short": name_key(name),
    }


def provinces() -> tuple[Province, ...]:
    """The 34 provinces, by code."""
    return tuple(sorted(_divisions()[0].values(), key=lambda p: p.code))


def communes(province: int | str | None = None) -> tuple[Commune, ...]:
    """Communes, wards and special zones, by code; of one province (code or any of its names) when given."""
    everything = _divisions()[1].values()
    if province is None:
        return tuple(sorted(everything, key=lambda c: c.code))
    code = province_code(province)
    return tuple(sorted((c for c in everything if c.province_code == code), key=lambda c: c.code))


def province_code(province: int | str) -> int:
    """The code of a province given by code, current name or pre-reform name."""
    if isinstance(province, int):
        return get_province(province).code
    return find_province(province).province.code


def get_province(code: int) -> Province:
    """A province by its statistics-office code."""
    found = _divisions()[0].get(code)
    if found is None:
        raise UnitError(f"{code} is not the code of one of the 34 provinces after the 2025 reform; check the code.")
    return found


def get_commune(code: int) -> Commune:
    """A commune, ward or special zone by its statistics-office code."""
    found = _divisions()[1].get(code)
    if found is None:
        raise UnitError(f"{code} is not the code of a commune, ward or special zone after the 2025 reform.")
    return found


def find_province(name: str) -> Resolved:
    """A province by current or pre-reform name ("Bình Phước" -> Đồng Nai, former "Bình Phước").

    A current name wins over an old one, so "Đồng Nai" is Đồng Nai with no former name.
    """
    for key in dict.fromkeys((name_key(name), _strip_prefix(name_key(name), _ASCII_PREFIXES))):
        current = _province_index().get(key)
        if current is not None:
            return Resolved(get_province(current))
        old = _old_provinces().get(_OLDER_NAMES.get(key, key))
        if old is not None:
            former_name, code = old
            return Resolved(get_province(code), _OLDER_DISPLAY.get(key, former_name))
    raise UnitError(f"{name!r} is not a Vietnamese province, before or after the 2025 reform; check the spelling.")


def province_codes(names: Iterable[str]) -> set[int]:
    """Codes of the provinces the names stand for, current or pre-reform; a name that is none is left out."""
    codes = set()
    for name in names:
        try:
            codes.add(find_province(name).province.code)
        except UnitError:
            continue
    return codes


def former_names(province: int | str) -> tuple[str, ...]:
    """Names of the pre-reform provinces whose territory the province took over, its own old name included."""
    code = province_code(province)
    names = {old for old, new in _old_provinces().values() if new == code}
    names |= {_OLDER_DISPLAY[n] for n, target in _OLDER_NAMES.items() if _province_index().get(target) == code}
    return tuple(sorted(names))


def find_commune(name: str, province: int | str) -> Commune:
    """A current commune of a province by name ("Xuân Định", "xã Xuân Định", "Xuan Dinh")."""
    code = province_code(province)
    keys = _commune_keys(name)
    table = _commune_index()[code]
    for level in ("folded", "folded_short", "ascii", "ascii_short"):
        found = table[level].get(keys[level], [])
        if len(found) == 1:
            return get_commune(found[0])
        if found:
            names = ", ".join(f"{get_commune(c).name} ({c})" for c in sorted(found))
            raise UnitError(
                f"{name!r} in {get_province(code).name} is ambiguous: {names}; "
                "give the code, or the name with its diacritics and kind."
            )
    raise UnitError(
        f"{name!r} is not a commune, ward or special zone of {get_province(code).name} after the 2025 reform; "
        "check the spelling or give its code."
    )


def lookup_commune(query: int | str, province: int | str | None = None) -> Commune:
    """A commune by code (an int or digits), or by name within ``province``."""
    if isinstance(query, int) or str(query).strip().isdigit():
        return get_commune(int(query))
    if province is None:
        raise UnitError(f"commune {query!r} needs its province (or give its code).")
    return find_commune(str(query), province)


@cache
def _mapping() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        _package_file("underthesea", "address", "data", "mapping.json").read_text("utf-8")
    )
    return data


@cache
def _old_provinces() -> dict[str, tuple[str, int]]:
    """Old province name key -> (old short name, new province code): the 63 -> 34 table."""
    data = _mapping()
    new_code = {key: int(info["code"]) for key, info in data["province_names"].items()}
    return {
        name_key(info["name"]): (info["short"], new_code[data["province_mapping"][key]])
        for key, info in data["old_province_names"].items()
    }


@dataclass(frozen=True)
class _Communes:
    districts: dict[tuple[str, str], tuple[int, ...]]  # (old province key, district key) -> new commune codes
    old_communes: dict[tuple[str, str], tuple[int, ...]]  # (old province key, commune key) -> new commune codes
    old_communes_in: dict[tuple[str, str, str], tuple[int, ...]]  # with the district key too


@cache
def _old_communes() -> _Communes:
    """Every pre-reform commune's new commune(s), indexed by old district and by old commune (~0.2 s)."""
    data = _mapping()
    new_code = {key: int(info["code"]) for key, info in data["province_names"].items()}
    old_key_of = {key: name_key(info["name"]) for key, info in data["old_province_names"].items()}
    districts: dict[tuple[str, str], set[int]] = defaultdict(set)
    old_communes: dict[tuple[str, str], set[int]] = defaultdict(set)
    old_communes_in: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for row in data["ward_mapping"]:
        new = _new_commune(row.get("new_ward") or "", new_code[row["new_province_key"]])
        if new is None:
            continue  # a handful of rows name no new commune
        province = old_key_of[row["old_province_key"]]
        district, commune = name_key(row["old_district"]), name_key(row["old_ward"])
        districts[(province, district)].add(new)
        if commune:
            old_communes[(province, commune)].add(new)
            old_communes_in[(province, district, commune)].add(new)
    return _Communes(
        {k: tuple(sorted(v)) for k, v in districts.items()},
        {k: tuple(sorted(v)) for k, v in old_communes.items()},
        {k: tuple(sorted(v)) for k, v in old_communes_in.items()},
    )


@cache
def _new_commune(name: str, province: int) -> int | None:
    if not name:
        return None
    try:
        return find_commune(name, province).code
    except UnitError:
        return None


def _old_province_key(province: str) -> str:
    key = _strip_prefix(name_key(province), _ASCII_PREFIXES)
    key = _OLDER_NAMES.get(key, key)
    if key not in _old_provinces():
        raise UnitError(f"{province!r} is not a province as it was before the 2025 reform; check the spelling.")
    return key


def district_successors(province: str, district: str) -> tuple[Commune, ...]:
    """The communes that took the territory of a district abolished in 2025, by pre-reform names.

    An island district without communes (Côn Đảo, Lý Sơn, Bạch Long Vĩ…) became a special zone of the
    same name, which is returned instead.
    """
    key = (_old_province_key(province), name_key(district))
    codes = _old_communes().districts.get(key)
    if codes:
        return tuple(get_commune(c) for c in codes)
    successor = find_province(province).province
    zones = [c for c in communes(successor.code) if c.kind == "đặc khu" and name_key(c.name) == key[1]]
    if zones:
        return tuple(zones)
    raise UnitError(f"no district {district!r} in {province} before the 2025 reform; check the spelling.")


def district_provinces(district: str) -> tuple[Province, ...]:
    """The provinces (after the reform) that took over a pre-reform district of this name, whichever province it
    was in ("Tân Hồng" -> Đồng Tháp): what a page naming its "Huyện ủy Tân Hồng" says of where it is."""
    key = name_key(district)
    codes = {c for (_, d), found in _old_communes().districts.items() if d == key for c in found}
    return tuple(sorted({get_province(get_commune(c).province_code) for c in codes}, key=lambda p: p.code))


def commune_successors(province: str, commune: str, district: str | None = None) -> tuple[Commune, ...]:
    """The commune(s) a pre-reform commune became part of (several when it was divided)."""
    old = _old_province_key(province)
    reform = _old_communes()
    # The district narrows a common name down; a commune moved to another district (a town's ward since)
    # is still found by its name alone.
    codes = reform.old_communes_in.get((old, name_key(district or ""), name_key(commune)))
    codes = codes or reform.old_communes.get((old, name_key(commune)))
    if not codes:
        where = f"{district}, {province}" if district else province
        raise UnitError(f"no commune {commune!r} in {where} before the 2025 reform; check the spelling.")
    return tuple(get_commune(c) for c in codes)


def as_json(unit: Province | Commune) -> dict[str, Any]:
    """A unit as JSON-ready fields (the CLI's and the feed's shape)."""
    if isinstance(unit, Province):
        return {"code": unit.code, "name": unit.name, "kind": unit.kind}
    return {"code": unit.code, "name": unit.name, "kind": unit.kind, "province_code": unit.province_code}


def names(units: Iterable[Province | Commune]) -> str:
    """Unit names joined for a message or a comment."""
    return ", ".join(u.name for u in units)
