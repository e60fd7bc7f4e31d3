"""CMS fingerprints on every simulated family, and the registry entry they print."""

from __future__ import annotations

import pytest

from crawler.detect import fingerprint, registry_entry
from crawler.registry import RegistryError, load_registry, parse_registry
from crawler.simulator.server import build_site
from crawler.simulator.sites import SITES
from crawler.vocab import Cms

PORTALS = load_registry()


@pytest.mark.parametrize("spec", SITES, ids=[s.slug for s in SITES])
def test_every_simulated_family_is_named(spec) -> None:
    site = build_site(spec)
    portal = PORTALS[spec.slug]
    start = portal.start_urls[0]
    page = site.handle(start.removeprefix(portal.base_url))
    assert page.status == 200
    found = fingerprint(start, page.body.decode("utf-8"), page.headers)
    assert found.cms is spec.cms, f"{spec.slug}: detected {found.cms} from {found.evidence}"
    assert found.evidence


def test_unknown_markup_is_generic() -> None:
    found = fingerprint("https://example.vn/", "<html><head><title>Xã A</title></head><body><p>Tin</p></body></html>")
    assert found.cms is Cms.GENERIC and found.evidence == []


def test_sharepoint_wins_over_its_own_viewstate() -> None:
    html = (
        '<html><head><meta name="GENERATOR" content="Microsoft SharePoint" /></head><body>'
        '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="x" /></body></html>'
    )
    assert fingerprint("https://x.gov.vn/Pages/default.aspx", html).cms is Cms.SHAREPOINT


def test_printed_entry_is_a_valid_registry_table() -> None:
    html = (
        '<html><head><meta name="generator" content="WordPress 6.1" />'
        '<link rel="alternate" type="application/rss+xml" href="https://huyenuy.example.vn/feed/" /></head></html>'
    )
    entry = registry_entry("https://huyenuy.example.vn/tin-tuc/", fingerprint("https://huyenuy.example.vn/", html))
    with pytest.raises(RegistryError, match="field 'province' is '\\?', not a Vietnamese province"):
        parse_registry(entry)  # the host names no province: a human completes it
    portal = parse_registry(entry.replace('province = "?"', 'province = "Bình Phước"'))["huyenuy"]
    assert (portal.province, portal.former_province, portal.province_code) == ("Đồng Nai", "Bình Phước", 75)
    commune = parse_registry(registry_entry("https://xuandong.dongnai.gov.vn/vi/news/", fingerprint("x", html)))
    assert (commune["xuandong"].province, commune["xuandong"].level) == ("Đồng Nai", "commune")
    assert portal.cms is Cms.WORDPRESS
    assert portal.start_paths == ("/feed/", "/tin-tuc/")
    assert portal.seen_at == "https://huyenuy.example.vn/tin-tuc/"
