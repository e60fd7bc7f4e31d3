"""The registry: the packaged file loads, and every mistake fails with a sentence naming slug and field."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from crawler import units
from crawler.cadence import CRAWLED
from crawler.cli import main
from crawler.discover import DEFAULT_PATTERNS, candidates, province_of_host, province_word
from crawler.feed import parse_request
from crawler.registry import (
    ENDED,
    RegistryError,
    lifecycle_problems,
    load_registry,
    parse_registry,
    registry_files,
    select,
)
from crawler.simulator.sites import SPECS
from crawler.vocab import Cms, Level, PortalStatus

GOOD = """
[portals.tanhong]
name = "Huyện ủy Tân Hồng"
province = "Đồng Tháp"
base_url = "https://tanhong.dongthap.gov.vn/"
cms = "liferay"
start_paths = ["/web/hth/tin-tuc"]
cadence = "30m"
"""


def test_packaged_registry_has_seed_and_simulated_portals() -> None:
    portals = load_registry()
    assert portals["tanhong"].cms is Cms.LIFERAY
    assert portals["tuyenhoa"].cms is Cms.WORDPRESS
    assert portals["tanhong"].status is PortalStatus.RETIRED
    assert str(portals["tanhong"].retired_on) == "2025-07-01"
    simulated = {slug for slug, p in portals.items() if p.simulated}
    assert simulated == set(SPECS), "every simulated site has one registry entry of the same slug, and back"
    for slug, spec in SPECS.items():
        assert portals[slug].cms is spec.cms
        assert portals[slug].base_url == f"http://127.0.0.1:{8700 + spec.port_offset}"


def test_good_entry_is_normalised() -> None:
    portal = parse_registry(GOOD)["tanhong"]
    assert portal.base_url == "https://tanhong.dongthap.gov.vn"
    assert portal.start_urls == ["https://tanhong.dongthap.gov.vn/web/hth/tin-tuc"]
    assert portal.cadence == timedelta(minutes=30)
    assert portal.with_base_url("http://127.0.0.1:9000").start_urls == ["http://127.0.0.1:9000/web/hth/tin-tuc"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('cms = "liferay"', 'cms = "joomla"'), "portal 'tanhong': field 'cms' is 'joomla', expected one of"),
        (
            ('base_url = "https://tanhong.dongthap.gov.vn/"', 'base_url = "tanhong.vn"'),
            "portal 'tanhong': field 'base_url' is 'tanhong.vn', not an http(s) URL",
        ),
        (('cadence = "30m"', 'cadence = "hourly"'), "portal 'tanhong': field 'cadence' is 'hourly'"),
        (('cadence = "30m"', 'cadence = "1m"'), "at most every 5 minutes"),
        (('cadence = "30m"', 'cadence = "30m"\nstatus = "retired"'), "field 'retired_on' is required"),
        (('cadence = "30m"', 'cadence = "30m"\nstatus = "gone"'), "field 'status' is 'gone'"),
        (('cadence = "30m"', 'cadence = "30m"\nsuccessor = "nowhere"'), "field 'successor' names 'nowhere'"),
        (('cadence = "30m"', 'cadence = "30m"\ncolour = "red"'), "field 'colour' is not a registry field"),
        (('name = "Huyện ủy Tân Hồng"\n', ""), "field 'name' is missing"),
    ],
)
def test_invalid_entries_fail_with_one_sentence(change: tuple[str, str], message: str) -> None:
    with pytest.raises(RegistryError) as info:
        parse_registry(GOOD.replace(*change))
    assert message in str(info.value)
    assert str(info.value).endswith("; fix it in the registry file.")


def test_duplicate_slug_is_named() -> None:
    with pytest.raises(RegistryError, match="portal 'tanhong': field 'slug' is declared twice"):
        parse_registry(GOOD + GOOD)


def test_unknown_slug_lists_where_to_look() -> None:
    with pytest.raises(RegistryError, match="unknown portal 'tanhongg'; 'portalwatch portals list'"):
        select(load_registry(), ["tanhongg"])


# --- The map after the 2025 reform ------------------------------------------------------------------------

PACKAGED = load_registry()
REAL = {slug: p for slug, p in PACKAGED.items() if not p.simulated}


def test_list_json_shows_every_entry_by_its_post_reform_province(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portals", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(PACKAGED)
    provinces = {p.code: p.name for p in units.provinces()}
    for row in rows:
        assert provinces[row["province_code"]] == row["province"], row["slug"]
    honquan = next(r for r in rows if r["slug"] == "honquan-huyenuy")
    assert (honquan["province"], honquan["former_province"], honquan["status"]) == ("Đồng Nai", "Bình Phước", "retired")
    assert honquan["successor"][0] == "commune:25326 Phường Bình Long"


def test_the_packaged_registry_describes_the_country_after_the_reform() -> None:
    assert lifecycle_problems(PACKAGED) == []
    assert not [s for s, p in REAL.items() if p.level is Level.DISTRICT and p.status in CRAWLED]
    ended = [p for p in REAL.values() if p.status in ENDED]
    assert ended and all(p.successor or p.retired_note for p in ended)
    assert all(p.seen_at for p in REAL.values() if p.status is PortalStatus.UNVERIFIED), "unverified needs evidence"
    # What the registry reached from the stored pages (the goal is every province and 300 communes):
    assert len({p.province_code for p in REAL.values()}) >= 30
    communes = [p for p in REAL.values() if p.commune_code and p.seen_at and p.status is PortalStatus.UNVERIFIED]
    assert len(communes) >= 18


def test_former_provinces_and_successors_agree_with_the_unit_data() -> None:
    for p in REAL.values():
        if p.former_province:  # taken as written on load; checked here against the reform mapping
            assert units.find_province(p.former_province).province.code == p.province_code, p.slug
        if p.level is Level.DISTRICT and p.district and p.successor:
            took = units.district_successors(p.former_province or p.province, p.district)
            assert list(p.successor) == [f"commune:{c.code} {c.name}" for c in took], p.slug
    assert PACKAGED["binhphuoc-tinhuy"].status is PortalStatus.MERGED
    assert PACKAGED["binhphuoc-tinhuy"].successor == ("dongnai-tinhuy",)


def test_platform_entries_inherit_cms_and_start_paths() -> None:
    family = [p for p in REAL.values() if p.platform == "dongnai-nukeviet"]
    assert len(family) >= 5
    assert all(p.cms is Cms.NUKEVIET and p.start_paths == ("/vi/news/",) for p in family)
    assert {p.platform for p in REAL.values() if p.domain.endswith(".vinhlong.gov.vn")} == {"vinhlong-dnn"}


PLATFORM = """
[platforms.dn]
cms = "nukeviet"
start_paths = ["/vi/news/"]
[platforms.dn.selectors]
title = "h1.title"
body = "#news-bodyhtml"

[portals.xuandinh]
name = "UBND xã Xuân Định"
province = "Bình Phước"
commune = "Xuân Định"
base_url = "https://xuandinh.dongnai.gov.vn"
platform = "dn"
[portals.xuandinh.selectors]
body = ".bodytext"
"""


def test_old_names_and_platforms_on_load() -> None:
    portal = parse_registry(PLATFORM)["xuandinh"]
    assert (portal.province, portal.province_code, portal.former_province) == ("Đồng Nai", 75, "Bình Phước")
    assert (portal.commune, portal.commune_code, portal.level) == ("Xã Xuân Định", 26461, Level.COMMUNE)
    assert portal.cms is Cms.NUKEVIET and portal.start_paths == ("/vi/news/",)
    assert dict(portal.selectors) == {"title": "h1.title", "body": ".bodytext"}, "the entry's selector wins"
    moved = parse_registry(GOOD + 'status = "redirected"\nretired_on = 2026-01-05\nsuccessor = "https://x.vn"\n')
    assert moved["tanhong"].status is PortalStatus.MOVED and moved["tanhong"].successor == ("https://x.vn",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('province = "Đồng Tháp"', 'province = "?"'), "field 'province' is '?', not a Vietnamese province"),
        (('province = "Đồng Tháp"', "province_code = 2"), "field 'province_code' is 2, not the code of one of the 34"),
        (
            ('province = "Đồng Tháp"', 'province = "Bình Phước"\nprovince_code = 48'),
            "now part of Đồng Nai, not of code",
        ),
        (('province = "Đồng Tháp"', 'province = "Đồng Tháp"\nformer_province = "Dong Thap"'), "'former_province'"),
        (('cms = "liferay"', 'cms = "liferay"\ncommune_code = 26461'), "is 26461 (Xã Xuân Định), which is not in Đồng"),
        (('cms = "liferay"', 'cms = "liferay"\ncommune = "Atlantis"'), "field 'commune' is not a commune of Đồng Tháp"),
        (('cms = "liferay"', 'cms = "liferay"\ncommune = "Tân Hồng"\nlevel = "district"'), "the entry names a commune"),
        (('cms = "liferay"', 'cms = "liferay"\nstatus = "moved"\nretired_on = 2026-01-05'), "'successor' is required"),
        (('cms = "liferay"', 'cms = "liferay"\nsuccessor = "commune:99999"'), "99999 is not the code of a commune"),
        (('cms = "liferay"', 'cms = "liferay"\nsuccessor = "commune:26461 Xã Long Hà"'), "26461 is Xã Xuân Định"),
        (('cms = "liferay"', 'cms = "liferay"\nplatform = "nope"'), "names 'nope', which has no [platforms.nope]"),
    ],
)
def test_unit_and_lifecycle_mistakes_fail_with_one_sentence(change: tuple[str, str], message: str) -> None:
    with pytest.raises(RegistryError) as info:
        parse_registry(GOOD.replace(*change))
    assert message in str(info.value) and str(info.value).endswith("; fix it in the registry file.")


def test_platform_mistakes_are_named() -> None:
    with pytest.raises(RegistryError, match="platform 'dn': field 'cms' is missing"):
        parse_registry(PLATFORM.replace('cms = "nukeviet"\n', ""))
    with pytest.raises(RegistryError, match="field 'cms' is 'liferay' but platform 'dn' runs 'nukeviet'; drop one"):
        parse_registry(PLATFORM.replace('platform = "dn"', 'platform = "dn"\ncms = "liferay"'))


def test_a_registry_folder_is_read_with_its_file(tmp_path: Path) -> None:
    main_file = tmp_path / "portals.toml"
    main_file.write_text(PLATFORM.split("[portals.")[0], encoding="utf-8")
    (tmp_path / "portals").mkdir()
    (tmp_path / "portals" / "dong-nai.toml").write_text(
        "[portals." + PLATFORM.split("[portals.", 1)[1], encoding="utf-8"
    )
    (tmp_path / "portals" / "dong-thap.toml").write_text(GOOD, encoding="utf-8")
    assert registry_files(main_file) == [
        main_file,
        tmp_path / "portals" / "dong-nai.toml",
        tmp_path / "portals" / "dong-thap.toml",
    ]
    assert set(load_registry(main_file)) == {"xuandinh", "tanhong"}
    (tmp_path / "portals" / "again.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(
        RegistryError,
        match=r"portal 'tanhong': field 'slug' is declared twice \(in .*again.toml and .*dong-thap.toml\)",
    ):
        load_registry(main_file)


def test_the_feed_filter_takes_a_pre_reform_province() -> None:
    old = parse_request({"province": ["Bình Phước"]}, PACKAGED).filter.portals
    new = parse_request({"province": ["dong nai"]}, PACKAGED).filter.portals
    assert old == new and old is not None
    assert {"honquan-huyenuy", "xuandong-dongnai", "binhphuoc-tinhuy"} <= set(old)


# --- Discovery: candidate commune portals from the units and the registry's naming patterns ----------------


def test_candidates_follow_the_patterns_the_province_shows() -> None:
    found = candidates("Bình Phước", PACKAGED)  # a pre-reform name: Đồng Nai's communes
    first = {c.commune.code: c for c in reversed(found)}
    assert len(first) == len(units.communes(75)) == 95
    xuandong = first[units.find_commune("Xuân Đông", 75).code]
    assert (xuandong.url, xuandong.pattern, xuandong.known) == (
        "https://xuandong.dongnai.gov.vn",
        "{c}.{p}.gov.vn",
        "xuandong-dongnai",
    )
    assert xuandong.evidence >= 5
    hatinh = [c.pattern for c in candidates("Hà Tĩnh", PACKAGED)]
    assert list(dict.fromkeys(hatinh))[:2] == ["{c}.{p}.gov.vn", "{k}{c}.{p}.gov.vn"], "xacamdue.hatinh.gov.vn"
    # A province with no commune portal in the registry yet gets the common patterns, none with evidence.
    with_communes = {p.province_code for p in PACKAGED.values() if p.commune_code is not None}
    province = next(p for p in units.provinces() if p.code not in with_communes)
    bare = candidates(province.code, PACKAGED)
    assert list(dict.fromkeys(c.pattern for c in bare)) == list(DEFAULT_PATTERNS)
    word = f".{province_word(province)}."
    assert all(c.evidence == 0 and c.url.startswith("https://") and word in c.url for c in bare)


def test_discover_command_prints_one_candidate_per_commune(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portals", "discover", "--province", "Kon Tum", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(units.communes(51))
    assert {"url": "https://kondao.quangngai.gov.vn", "known": "kondao-quangngai"}.items() <= next(
        r for r in rows if r["commune"] == "Xã Kon Đào"
    ).items()
    assert main(["portals", "discover", "--province", "Atlantis"]) == 2
    assert "'Atlantis' is not a Vietnamese province" in capsys.readouterr().err


def test_the_province_of_a_host() -> None:
    assert province_of_host("xuandong.dongnai.gov.vn") == units.get_province(75)
    assert province_of_host("hungyen.dcs.vn") == units.get_province(33)
    assert province_of_host("huyenuy.example.vn") is None
