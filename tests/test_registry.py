"""The registry: the packaged file loads, and every mistake fails with a sentence naming slug and field."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crawler.registry import RegistryError, load_registry, parse_registry, select
from crawler.simulator.sites import SPECS
from crawler.vocab import Cms, PortalStatus

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
