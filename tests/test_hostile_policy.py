"""The reading policy against hostile answers, without Scrapy: the origin rule, the page budget on queued work,
pagination traps, sitemap loops, capped and stale sitemaps, and a truncated source with nothing to fall back on."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.adapters.base import LISTING, SITEMAP, Listing, Source, adapter_for, source_of
from crawler.incremental import WALK, Plan, ReadingPolicy
from crawler.registry import parse_registry
from crawler.runlog import run_end
from crawler.store import Store, open_store

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
BASE = "https://a.gov.vn"
PORTALS = parse_registry(
    f"""
[portals.gn]
name = "Huyện ủy A"
province = "Đồng Tháp"
base_url = "{BASE}"
cms = "generic"
start_paths = ["/sitemap.xml", "/tin-tuc"]

[portals.only]
name = "Huyện ủy B"
province = "Đồng Tháp"
base_url = "{BASE}"
cms = "generic"
start_paths = ["/sitemap.xml"]
"""
)
SITEMAP_SOURCE = Source(SITEMAP, fallback=(BASE + "/tin-tuc",), validate=True)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "pw.sqlite3")


def policy(store: Store, slug: str = "gn", **kwargs: int) -> tuple[ReadingPolicy, Counter[str]]:
    counts: Counter[str] = Counter()

    def count(key: str, n: int) -> None:
        counts[key] += n

    portal = PORTALS[slug]
    return ReadingPolicy(portal, adapter_for(portal), store, Plan(WALK, deep=True), NOW, count=count, **kwargs), counts


def articles(*numbers: int) -> list[str]:
    return [f"{BASE}/tin/bai-viet-{n}.html" for n in numbers]


def test_only_links_on_the_portals_origin_are_followed(store: Store) -> None:
    reading, counts = policy(store)
    listing = Listing(
        articles=[
            *articles(1),
            "javascript:alert(1)",
            "data:text/html,x",
            "https://a.gov.vn:8443/tin/bai-viet-2.html",
            "https://evil.example/tin/bai-viet-3.html",
            "http://a.gov.vn/tin/bai-viet-4.html",  # http under an https portal: a downgrade, refused
        ],
        pages=["https://a.gov.vn:81/tin-tuc?p=2", BASE + "/tin-tuc?p=2"],
    )
    fetch, requests = reading.read(BASE + "/tin-tuc", {}, Source(), listing)
    assert fetch == articles(1) and [r.url for r in requests] == [BASE + "/tin-tuc?p=2"]
    assert counts["portalwatch/offsite_links"] == 6


def test_the_budget_bounds_what_is_handed_out_and_the_run_is_not_complete(store: Store) -> None:
    reading, counts = policy(store, budget=10)
    assert len(reading.first_requests()) == 2  # the sitemap and the probe of the listing
    sitemap = Listing(articles=articles(*range(1, 50_001)))
    fetch, requests = reading.read(BASE + "/sitemap.xml", {}, SITEMAP_SOURCE, sitemap)
    assert len(fetch) + len(requests) == 8, "what is left of the budget, whatever the sitemap lists"
    assert counts["portalwatch/budget_dropped"] == 50_000 - len(fetch), "the rest is counted, not queued"
    stats = {"finish_reason": "finished", "portalwatch/listing_pages": 1, **counts}
    assert run_end(stats, "finished") == ("ok", False), "a run that left pages is not complete"


def test_listing_pages_without_a_new_article_link_end_the_chain(store: Store) -> None:
    reading, counts = policy(store, trap_pages=3)
    url, source = BASE + "/tin-tuc", Source(LISTING)
    reading.read(url, {}, source, Listing(articles=articles(1, 2)))
    for page in range(2, 10):
        nxt = f"{BASE}/tin-tuc?p={page}"
        _, requests = reading.read(url, {}, source, Listing(articles=articles(1, 2), pages=[nxt]))
        if not requests:
            break
        url, source = nxt, source_of(requests[0])
    assert page == 4 and counts["portalwatch/pagination_traps"] == 1, "three barren pages in a row end it"


def test_a_sitemap_that_lists_itself_falls_back_to_the_listings(store: Store) -> None:
    reading, counts = policy(store)
    reading.first_requests()
    index = Listing(pages=[BASE + "/sitemap.xml"])
    fetch, requests = reading.read(BASE + "/sitemap.xml", {}, SITEMAP_SOURCE, index)
    assert fetch == [] and counts["portalwatch/sitemap_loops"] == 1 and counts["portalwatch/fallbacks"] == 1
    assert requests == [], "the listing was already asked for as a probe: its held pages are released, none yet"
    assert reading.coverage.walking


def test_a_round_numbered_or_capped_sitemap_walks_the_listings(store: Store) -> None:
    reading, _ = policy(store)
    reading.first_requests()
    probe = Listing(articles=articles(1), pages=[BASE + "/tin-tuc?p=2"])
    _, held = reading.read(BASE + "/tin-tuc", {}, Source(LISTING, validate=True, probe=True), probe)
    assert held == [] and [r.url for r in reading.coverage.held] == [BASE + "/tin-tuc?p=2"]
    _, released = reading.read(BASE + "/sitemap.xml", {}, SITEMAP_SOURCE, Listing(articles=articles(*range(1, 1001))))
    assert [r.url for r in released] == [BASE + "/tin-tuc?p=2"], "1,000 URLs: maybe capped, so the walk goes on"


def test_a_sitemap_older_than_the_listing_is_found_when_the_run_is_idle(store: Store) -> None:
    reading, counts = policy(store)
    reading.first_requests()
    probe = Listing(articles=articles(7, 1), pages=[BASE + "/tin-tuc?p=2"])
    reading.read(BASE + "/tin-tuc", {}, Source(LISTING, validate=True, probe=True), probe)
    reading.read(BASE + "/sitemap.xml", {}, SITEMAP_SOURCE, Listing(articles=articles(1, 2, 3)))
    assert [r.url for r in reading.at_idle()] == [BASE + "/tin-tuc?p=2"] and counts["portalwatch/sitemaps_stale"] == 1
    assert reading.at_idle() == [], "once"


def test_a_truncated_sitemap_without_listings_leaves_the_run_incomplete(store: Store) -> None:
    reading, counts = policy(store, "only")
    [sitemap] = reading.first_requests()
    cut = Listing(articles=articles(1, 2), truncated=True)
    reading.read(sitemap.url, {}, source_of(sitemap), cut)
    assert counts["portalwatch/uncovered"] == 1
    stats = {"portalwatch/listing_pages": 1, **counts}
    assert run_end(stats, "finished") == ("ok", False)
