"""The run's reading policy without Scrapy's engine: requests built from a plan, answers turned into the next
requests, and what a complete run leaves; the run log alone decides whether it is left."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler.adapters.base import API, FEED, LISTING, SITEMAP, Listing, Source, adapter_for, source_of
from crawler.incremental import FULL, INCREMENTAL, WALK, Plan, ReadingPolicy
from crawler.items import ArticleItem, RemovalItem
from crawler.registry import parse_registry
from crawler.runlog import RunLog, run_end
from crawler.store import Store, open_store
from pipelines.store import StorePipeline
from spiders.portal import PortalSpider

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
PORTALS = parse_registry(
    """
[portals.lf]
name = "Huyện ủy A"
province = "Đồng Tháp"
base_url = "https://a.gov.vn"
cms = "liferay"
start_paths = ["/tin-tuc", "/thong-bao"]

[portals.wp]
name = "Huyện ủy B"
province = "Quảng Bình"
base_url = "https://b.gov.vn"
cms = "wordpress"
start_paths = ["/"]
"""
)
BASE = "https://a.gov.vn"
FEED_URL = BASE + "/feed/"
ETAG = ('"v1"', "Sat, 05 Dec 2026 07:00:00 GMT")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "pw.sqlite3")
    for n in range(1, 13):  # articles 1..12 of portal lf are stored
        url = f"{BASE}/bai/{n}"
        opened.save_article(ArticleItem("lf", url, "liferay", f"Bài {n}", content_hash=str(n)), f"lf:url:{url}", [])
    opened.save_validators({FEED_URL: ETAG, BASE + "/tin-tuc": ETAG})
    return opened


def policy(store: Store, plan: Plan, slug: str = "lf", **kwargs: object) -> tuple[ReadingPolicy, Counter[str]]:
    counts: Counter[str] = Counter()

    def count(key: str, n: int) -> None:
        counts[key] += n

    portal = PORTALS[slug]
    made = ReadingPolicy(portal, adapter_for(portal), store, plan, NOW, count=count, **kwargs)  # type: ignore[arg-type]
    return made, counts


def test_a_walk_starts_from_sitemap_discovery_with_the_listings_as_fallback(store: Store) -> None:
    reading, _ = policy(store, Plan(WALK, deep=True))
    robots, *probes = reading.first_requests()
    assert robots.url == BASE + "/robots.txt"
    assert source_of(robots) == Source(SITEMAP, fallback=(BASE + "/tin-tuc", BASE + "/thong-bao"), validate=True)
    assert robots.meta["handle_httpstatus_list"] == [304]
    assert b"If-None-Match" not in robots.headers, "only an incremental run sends stored validators"
    assert [(r.url, source_of(r)) for r in probes] == [
        (BASE + "/tin-tuc", Source(LISTING, validate=True, probe=True)),
        (BASE + "/thong-bao", Source(LISTING, validate=True, probe=True)),
    ], "a run that walks reads each listing's first page beside the sitemap"


def test_an_incremental_run_reads_the_feed_conditionally(store: Store) -> None:
    reading, _ = policy(store, Plan(INCREMENTAL, deep=False, since=NOW - timedelta(hours=1), feed_url=FEED_URL))
    [feed] = reading.first_requests()
    assert (feed.url, source_of(feed).kind, source_of(feed).validate) == (FEED_URL, FEED, True)
    assert feed.headers[b"If-None-Match"] == b'"v1"' and feed.headers[b"If-Modified-Since"] == ETAG[1].encode()
    deep, _ = policy(store, Plan(INCREMENTAL, deep=True, since=NOW - timedelta(hours=1), feed_url=FEED_URL))
    assert [r.url for r in deep.first_requests()] == [
        FEED_URL,
        BASE + "/robots.txt",
        BASE + "/tin-tuc",  # the probes of a deep run: the sitemap may be capped or older than the listings
        BASE + "/thong-bao",
    ]


def test_the_cms_api_comes_first_unless_it_failed_last_time(store: Store) -> None:
    since = NOW - timedelta(hours=2)  # asked an hour earlier still, against clock skew
    reading, _ = policy(store, Plan(INCREMENTAL, deep=False, since=since, feed_url=FEED_URL), "wp")
    [rest] = reading.first_requests()
    assert source_of(rest).kind == API and "modified_after=2026-12-05T12%3A00%3A00%2B07%3A00" in rest.url
    failed, _ = policy(store, Plan(INCREMENTAL, deep=False, since=since, feed_url=FEED_URL, api_failed=True), "wp")
    assert [source_of(r).kind for r in failed.first_requests()] == [FEED]


def test_known_links_are_not_fetched_and_ten_in_a_row_stop_the_pagination(store: Store) -> None:
    reading, counts = policy(store, Plan(INCREMENTAL, deep=True, since=NOW - timedelta(days=1)))
    page1 = Listing(
        articles=[f"{BASE}/bai/{n}" for n in (20, 21, 1, 2, 3, 4)],
        pages=[BASE + "/tin-tuc?p=2", BASE + "/tin-tuc?p=3"],
    )
    articles, requests = reading.read(BASE + "/tin-tuc", {}, Source(validate=True), page1)
    assert articles == [f"{BASE}/bai/20", f"{BASE}/bai/21"] and counts["portalwatch/known"] == 4
    [page2] = requests  # an incremental run pages one at a time, carrying the known run
    assert source_of(page2) == Source(LISTING, known_run=4, chain=BASE + "/tin-tuc")
    answer = Listing(articles=[f"{BASE}/bai/{n}" for n in range(5, 11)], pages=[BASE + "/tin-tuc?p=3"])
    articles, requests = reading.read(page2.url, {}, source_of(page2), answer)
    assert (articles, requests) == ([], []) and counts["portalwatch/pagination_stopped"] == 1
    assert reading.deferred_pages == {}, "the rest of the chain is dropped"


def test_a_walk_requests_every_page_and_fetches_only_unknown_articles(store: Store) -> None:
    reading, _ = policy(store, Plan(WALK, deep=True))
    pages = [BASE + "/tin-tuc?p=2", BASE + "/tin-tuc?p=3"]
    listing = Listing(articles=[f"{BASE}/bai/{n}" for n in range(1, 13)] + [BASE + "/bai/99"], pages=pages)
    articles, requests = reading.read(BASE + "/tin-tuc", {}, Source(), listing)
    assert articles == [BASE + "/bai/99"] and [r.url for r in requests] == pages
    full, _ = policy(store, Plan(FULL, deep=True))
    assert len(full.read(BASE + "/tin-tuc", {}, Source(), listing)[0]) == 13, "a full run fetches known ones too"


def test_sitemaps_of_an_index_unchanged_since_the_watermark_are_skipped(store: Store) -> None:
    reading, counts = policy(store, Plan(INCREMENTAL, deep=False, since=NOW))
    s1, s2 = BASE + "/sitemap-1.xml", BASE + "/sitemap-2.xml"
    index = Listing(pages=[s1, s2], modified={s1: "2026-11-01", s2: "2026-12-05"})
    _, requests = reading.read(BASE + "/sitemap.xml", {b"ETag": b'"i"'}, Source(SITEMAP, validate=True), index)
    assert [(r.url, source_of(r)) for r in requests] == [
        (s2, Source(SITEMAP, validate=True, chain=BASE + "/sitemap.xml"))
    ]
    assert counts["portalwatch/sitemaps_unchanged"] == 1
    assert reading.seen_validators == {}, "an index is a hop: its text need not change when its sitemaps do"


def test_failed_sources_fall_back(store: Store) -> None:
    reading, counts = policy(store, Plan(WALK, deep=True), "wp")
    [rest] = reading.first_requests()
    fallback = reading.fallback(source_of(rest), rest.url, "HTTP 403")
    assert [(r.url, source_of(r)) for r in fallback] == [("https://b.gov.vn/", Source(LISTING, validate=True))]
    assert reading.api_read is False and counts["portalwatch/fallbacks"] == 1
    feed, _ = policy(store, Plan(INCREMENTAL, deep=False, since=NOW, feed_url=FEED_URL))
    again = feed.fallback(Source(FEED, validate=True), FEED_URL, "HTTP 404")
    assert [r.url for r in again] == [BASE + "/robots.txt"] and feed.feed_read is False
    assert feed.outcome().feed_url == "", "a failed feed is forgotten"


def test_a_feed_found_on_a_page_is_read_once_and_kept(store: Store) -> None:
    reading, _ = policy(store, Plan(WALK, deep=True))
    html = f'<html><head><link rel="alternate" type="application/rss+xml" href="{FEED_URL}"></head></html>'
    assert reading.learn_feed(None, BASE + "/tin-tuc") == []  # not an HTML page: no look spent
    [feed] = reading.learn_feed(html, BASE + "/tin-tuc")
    assert (feed.url, source_of(feed).kind) == (FEED_URL, FEED) and reading.learn_feed(html, BASE) == []
    reading.read(FEED_URL, {b"ETag": b'"f2"'}, source_of(feed), Listing(articles=[BASE + "/bai/1"]))
    outcome = reading.outcome()
    assert (outcome.feed_url, outcome.api_failed, outcome.complete_at, outcome.deep_at) == (FEED_URL, None, NOW, NOW)
    assert outcome.validators == {FEED_URL: ('"f2"', None)}


def test_a_feed_listing_nothing_known_reads_the_start_pages_too(store: Store) -> None:
    reading, _ = policy(store, Plan(INCREMENTAL, deep=False, since=NOW, feed_url=FEED_URL))
    articles, requests = reading.read(FEED_URL, {}, Source(FEED), Listing(articles=[BASE + "/bai/50"]))
    assert articles == [BASE + "/bai/50"] and [r.url for r in requests] == [BASE + "/robots.txt"]


def test_a_deep_run_rechecks_recent_articles_of_its_own_host(store: Store) -> None:
    assert policy(store, Plan(INCREMENTAL, deep=False, since=NOW))[0].recheck_urls() == []
    urls = policy(store, Plan(WALK, deep=True), recheck=3)[0].recheck_urls()
    assert len(urls) == 3 and all(u.startswith(BASE + "/bai/") for u in urls)


def test_the_run_log_alone_decides_what_a_run_leaves(tmp_path: Path) -> None:
    assert run_end({"portalwatch/listing_pages": 3, "portalwatch/items/new": 1}, "finished") == ("ok", True)
    assert run_end({"portalwatch/listing_pages": 3, "portalwatch/errors/parse": 1}, "finished") == ("partial", False)
    assert run_end({"portalwatch/listing_pages": 3}, "closespider_pagecount") == ("ok", False)
    assert run_end({"item_scraped_count": 2}, "finished")[0] == "failed", "removals alone are no read"
    for reason, errors, saved in (("finished", 0, True), ("finished", 1, False), ("shutdown", 0, False)):
        db = tmp_path / f"{reason}-{errors}.sqlite3"
        crawler = get_crawler(
            type("S", (PortalSpider,), {"name": "lf", "portal": PORTALS["lf"]}), {"PORTALWATCH_DB": str(db)}
        )
        spider = crawler.spidercls.from_crawler(crawler)
        log = RunLog.from_crawler(crawler)
        log.spider_opened(spider)
        store = open_store(db)
        spider.policy, _ = policy(store, Plan(WALK, deep=True))
        spider.policy.seen_validators[FEED_URL] = ETAG
        assert crawler.stats is not None
        crawler.stats.set_value("portalwatch/listing_pages", 2)
        crawler.stats.set_value("portalwatch/errors/download", errors)
        log.spider_closed(spider, reason)
        assert (store.portal_state("lf").complete_at == NOW) is saved, (reason, errors)
        assert (store.validators([FEED_URL]) == {FEED_URL: ETAG}) is saved
        assert store.runs("lf")[0].mode == WALK
        store.close()


def test_a_removal_is_written_by_the_store_pipeline_once(tmp_path: Path, store: Store) -> None:
    crawler = get_crawler(settings_dict={"PORTALWATCH_DB": str(tmp_path / "pw.sqlite3")})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    gone = RemovalItem("lf", BASE + "/bai/3", 410)
    assert pipeline.process_item(gone) is gone and pipeline.process_item(gone) is gone
    pipeline.close_spider()
    assert crawler.stats is not None and crawler.stats.get_value("portalwatch/items/removed") == 1
    assert [a["kind"] for a in store.alerts()] == ["article_removed"]
    assert BASE + "/bai/3" not in store.recent_urls("lf", 20)
