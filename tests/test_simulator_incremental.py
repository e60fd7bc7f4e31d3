"""The simulator side of incremental crawls (issue 8), over real HTTP: validators and 304s on feeds, sitemaps
and first listing pages for every CMS family, articles published between two runs showing in every view, the
WordPress REST ``after`` / ``modified_after`` filters, and the log of what a client fetched."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import feedparser
import httpx
import pytest

from crawler.adapters.base import adapter_for
from crawler.dates import TZ
from crawler.discovery import feed_links, parse_source, sitemaps_in_robots
from crawler.enrich import process
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.corpus import CATEGORIES, SimArticle
from crawler.simulator.server import Simulator, build_site, start
from crawler.simulator.site import Hit, SimSite, http_date, last_change
from crawler.simulator.sites import SPECS

REGISTRY = load_registry()
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=TZ)
SIZE = 40  # articles per simulated portal: enough for several listing and feed pages, quick to serve


@dataclass(frozen=True)
class Family:
    """What a crawler meets on one CMS family's portal: its start page, its news feeds and sitemaps."""

    slug: str
    feed_items: int  # how many articles a feed lists
    per_category_feeds: bool = False  # one feed per category list (SharePoint), none for all news
    sitemaps: tuple[str, ...] = ()  # the sitemap robots.txt names, then the ones it leads to


FAMILIES = {
    "wordpress": Family("sim-tuyenhoa", 10),
    "liferay": Family("sim-tanhong", 20),
    "nukeviet": Family("sim-tuyphong", 30, sitemaps=("/sitemap.xml", "/sitemap-vi.news.xml")),
    "sharepoint": Family("sim-chiemhoa", 25, per_category_feeds=True, sitemaps=("/sitemap.xml", "/sitemap0.xml")),
    "aspnet": Family("sim-tranvanthoi", 30, sitemaps=("/sitemap.xml",)),
    "dotnetnuke": Family("sim-longho", 20),  # DNN's SiteMap.aspx lists pages only and robots.txt names none
}


class Client:
    """Plain HTTP GETs against one served site, remembering what the site should have logged."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.http = httpx.Client(base_url=origin, follow_redirects=False, timeout=30)
        self.expected: list[Hit] = []

    def get(self, target: str, headers: dict[str, str] | None = None) -> httpx.Response:
        answer = self.http.get(target.removeprefix(self.origin), headers=headers or {})
        self.expected.append(Hit("GET", answer.request.url.raw_path.decode(), answer.status_code))
        return answer

    def revalidate(self, target: str, previous: httpx.Response, *, etag: bool = True, since: bool = True) -> int:
        """A conditional GET with the validators of ``previous``; its status."""
        headers = {}
        if etag:
            headers["If-None-Match"] = previous.headers["ETag"]
        if since:
            headers["If-Modified-Since"] = previous.headers["Last-Modified"]
        answer = self.get(target, headers)
        if answer.status_code == 304:
            assert answer.content == b"", "a 304 carries no body"
            assert answer.headers["ETag"] == previous.headers["ETag"], "a 304 repeats the validators"
            assert "Content-Length" not in answer.headers or answer.headers["Content-Length"] != "0"
        return answer.status_code


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Family, SimSite, Client]]:
    """One small portal of a family, served on a free port in this process so the test can publish to it."""
    family = FAMILIES[request.param]
    sim: Simulator = start(0, [replace(SPECS[family.slug], count=SIZE)])
    site = sim.sites[family.slug]
    client = Client(sim.urls[family.slug])
    yield family, site, client
    client.http.close()
    sim.stop()


def news_feeds(family: Family, client: Client, start_html: str, start_url: str) -> list[str]:
    """The feeds a crawler finds on the start page that carry the news (no comments feeds)."""
    found = [u for u in feed_links(start_html, start_url) if "comments" not in u]
    return found if family.per_category_feeds else found[:1]


def feed_truth(family: Family, site: SimSite, index: int) -> list[SimArticle]:
    """The articles the ``index``-th news feed must list, newest first."""
    articles = site.articles
    if family.per_category_feeds:
        articles = [a for a in articles if a.category == CATEGORIES[index]]
    return articles[: family.feed_items]


def entries(body: bytes) -> list[tuple[str, datetime]]:
    parsed = feedparser.parse(body)
    return [(e.title, datetime(*e.published_parsed[:6], tzinfo=UTC)) for e in parsed.entries]


@pytest.mark.parametrize("served", list(FAMILIES), indirect=True)
def test_304_until_publish_then_new_articles_everywhere(served: tuple[Family, SimSite, Client]) -> None:
    family, site, client = served
    portal = REGISTRY[family.slug].with_base_url(client.origin)
    adapter = adapter_for(portal)
    start_url = portal.start_urls[0]
    site.reset_requests()

    # First run: the start page, its feeds and sitemaps, each with validators.
    first = client.get(start_url)
    feeds = news_feeds(family, client, first.text, start_url)
    assert feeds, f"{family.slug}'s start page should advertise its feed with <link rel='alternate'>"
    robots = client.get("/robots.txt")
    assert sitemaps_in_robots(robots.text, client.origin) == [client.origin + s for s in family.sitemaps[:1]]
    sources = [*feeds, *(client.origin + s for s in family.sitemaps)]
    before = {}
    for url in sources:
        answer = before[url] = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["ETag"].startswith('"') and answer.headers["Last-Modified"].endswith(" GMT")
    for i, url in enumerate(feeds):
        listed = feed_truth(family, site, i)
        assert [title for title, _ in entries(before[url].content)] == [a.title for a in listed]
        assert before[url].headers["Last-Modified"] == http_date(last_change(listed)) or family.slug == "sim-tuyenhoa"
    if family.slug == "sim-tuyenhoa":  # WP::send_headers: the newest post of the whole site, md5 of the date
        assert before[feeds[0]].headers["Last-Modified"] == http_date(last_change(site.articles))
    if not family.sitemaps:
        assert client.get("/sitemap.xml").status_code == 404

    # Second run, nothing published: every feed, sitemap and the first listing page answer 304, by either
    # validator alone or both.
    for url in [start_url, *sources]:
        previous = first if url == start_url else before[url]
        assert client.revalidate(url, previous) == 304, url
        assert client.revalidate(url, previous, since=False) == 304, url
        assert client.revalidate(url, previous, etag=False) == 304, url

    # Three articles published, one a meeting report.
    new = site.publish(3, meetings=1, now=NOW)
    assert [a.published for a in new] == [NOW + timedelta(minutes=2), NOW + timedelta(minutes=1), NOW]
    assert site.articles[:3] == new

    # Third run: the feeds that list a new article, the sitemaps and the first listing page answer 200.
    for i, url in enumerate(feeds):
        listed = feed_truth(family, site, i)
        changed = any(a in listed for a in new)
        status = client.revalidate(url, before[url])
        assert status == (200 if changed else 304), url
        if changed:
            got = entries(client.get(url).content)
            assert [title for title, _ in got] == [a.title for a in listed]
            fresh = [(a.title, a.published.astimezone(UTC)) for a in new if a in listed]
            assert got[: len(fresh)] == fresh, "the new articles head the feed with their publication times"
            assert client.get(url).headers["Last-Modified"] == http_date(fresh[0][1])
    assert sum(a in feed_truth(family, site, i) for i in range(len(feeds)) for a in new) == 3
    for url in family.sitemaps:
        assert client.revalidate(client.origin + url, before[client.origin + url]) == 200
    index_or_urls = (
        parse_source(response_for(client.origin + family.sitemaps[-1], client.get(family.sitemaps[-1]).content))
        if family.sitemaps
        else None
    )
    page = client.get(start_url, {"If-None-Match": first.headers["ETag"]})
    assert page.status_code == 200
    links = adapter.parse_listing(response_for(start_url, page.content)).articles[:3]
    if index_or_urls is not None:
        assert index_or_urls.articles[:3] == links, "the sitemap lists the new articles first, as the listing"

    # The new articles' pages: the right titles and dates, exactly one flagged as a meeting report.
    items = [process(adapter.parse_article(response_for(url, client.get(url).content))) for url in links]
    assert [i.title for i in items] == [a.title for a in new]
    assert [i.published for i in items] == [a.published for a in new]
    assert [i.is_meeting_report for i in items] == [a.meeting_kind is not None for a in new]
    assert sum(i.is_meeting_report for i in items) == 1

    assert site.requests == client.expected, "the site logs exactly the requests it answered, with their status"
    assert sum(h.status == 304 for h in site.requests) == 3 * (1 + len(sources)) + len(feeds) - sum(
        any(a in feed_truth(family, site, i) for a in new) for i in range(len(feeds))
    )


@pytest.fixture
def wordpress() -> Iterator[tuple[SimSite, Client]]:
    sim = start(0, [replace(SPECS["sim-tuyenhoa"], count=30)])
    client = Client(sim.urls["sim-tuyenhoa"])
    yield sim.sites["sim-tuyenhoa"], client
    client.http.close()
    sim.stop()


def test_rest_after_and_modified_after_return_exactly_the_new_posts(wordpress: tuple[SimSite, Client]) -> None:
    site, client = wordpress
    old = site.articles[5]
    site.revise(edits={old.id: replace(old, modified=NOW + timedelta(minutes=30))})
    new = site.publish(3, meetings=1, now=NOW)

    def posts(**params: str) -> httpx.Response:
        return client.get("/wp-json/wp/v2/posts?" + "&".join(f"{k}={v}" for k, v in params.items()))

    since = (NOW - timedelta(minutes=1)).isoformat().replace("+", "%2B")
    answer = posts(after=since)
    assert [p["id"] for p in answer.json()] == [a.id for a in new]
    assert (answer.headers["X-WP-Total"], answer.headers["X-WP-TotalPages"]) == ("3", "1")
    assert [p["date"] for p in answer.json()] == [a.published.strftime("%Y-%m-%dT%H:%M:%S") for a in new]
    edited = posts(modified_after=since)
    assert [p["id"] for p in edited.json()] == [*(a.id for a in new), old.id], "edits count for modified_after"
    assert edited.headers["X-WP-Total"] == "4"
    utc = (NOW - timedelta(minutes=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert [p["id"] for p in posts(after=utc).json()] == [a.id for a in new], "UTC with Z means the same instant"
    local = (NOW - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert [p["id"] for p in posts(after=local).json()] == [a.id for a in new], "no offset: the site's local time"
    assert [p["id"] for p in posts(after=NOW.isoformat().replace("+", "%2B")).json()] == [a.id for a in new[:2]], (
        "after is strict: the post published at that very minute is not after it"
    )
    paged = posts(modified_after=since, per_page="2", page="2")
    assert [p["id"] for p in paged.json()] == [new[2].id, old.id]
    assert (paged.headers["X-WP-Total"], paged.headers["X-WP-TotalPages"]) == ("4", "2")
    assert 'rel="prev"' in paged.headers["Link"] and 'rel="next"' not in paged.headers["Link"]
    plain = client.get(f"/?rest_route=/wp/v2/posts&_embed&modified_after={since}")
    assert [p["id"] for p in plain.json()] == [p["id"] for p in edited.json()]
    assert plain.json()[0]["_embedded"]["wp:term"][0][0]["name"] == new[0].category
    later = (NOW + timedelta(hours=1)).isoformat().replace("+", "%2B")
    for page in ("1", "2"):  # WP answers an empty page, not an error, when nothing matches
        empty = posts(modified_after=later, page=page)
        assert (empty.status_code, empty.json(), empty.headers["X-WP-Total"], empty.headers["X-WP-TotalPages"]) == (
            200,
            [],
            "0",
            "0",
        )
    assert posts(modified_after="yesterday").status_code == 400
    assert site.requests == client.expected


def test_publish_continues_ids_times_and_meeting_counts() -> None:
    site = build_site(replace(SPECS["sim-tuyphong"], count=30))
    ids = {a.id for a in site.articles}
    first = site.publish(12, meetings=5, now=NOW)
    assert [a.id for a in reversed(first)] == [SPECS["sim-tuyphong"].first_id + 7 * (30 + i) for i in range(12)]
    assert not ids & {a.id for a in first}
    assert sum(a.meeting_kind is not None for a in first) == 5 and all(a.modified is None for a in first)
    again = site.publish(2, now=NOW)  # the same clock again: a minute after the newest, never a tie
    assert [a.published for a in again] == [NOW + timedelta(minutes=13), NOW + timedelta(minutes=12)]
    assert sum(a.meeting_kind is not None for a in again) == 0
    times = [a.published for a in site.articles]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    adapter = adapter_for(REGISTRY["sim-tuyphong"])
    from crawler.simulator.nukeviet import detail_url

    base = REGISTRY["sim-tuyphong"].base_url
    for a in [*first, *again]:  # the crawler's own detector agrees with the corpus truth
        item = process(adapter.parse_article(response_for(base + detail_url(a), site.handle(detail_url(a)).body)))
        assert item.is_meeting_report == (a.meeting_kind is not None), a.title
        assert item.published == a.published
    clock = datetime.now(TZ)
    default = site.publish(1)[0]
    assert default.published.tzinfo is not None and default.published.utcoffset() == timedelta(hours=7)
    assert clock <= default.published <= clock + timedelta(minutes=2), "the current minute, rounded up"
    later = (clock + timedelta(days=1)).replace(second=1, microsecond=0)
    assert site.publish(1, now=later)[0].published == later.replace(second=0) + timedelta(minutes=1)
    with pytest.raises(ValueError, match="aware"):
        site.publish(1, now=datetime(2026, 1, 1, 8, 0))  # noqa: DTZ001 - the naive time is the point
    with pytest.raises(ValueError, match="between 0 and count"):
        site.publish(1, meetings=2)


def test_conditional_rules_per_cms() -> None:
    """RFC 9110 (If-None-Match wins, weak comparison, "*") on a modelled front; WordPress's own rule on its feed."""
    nuke = build_site(replace(SPECS["sim-tuyphong"], count=30))
    feed = nuke.handle("/news/rss/")
    etag, stamp = feed.headers["ETag"], feed.headers["Last-Modified"]
    assert stamp == http_date(last_change(nuke.articles[:30])), "nv_rss_generate: the newest item's time"
    earlier = http_date(last_change(nuke.articles[:30]) - timedelta(seconds=1))
    for headers, status in [
        ({"If-None-Match": etag}, 304),
        ({"if-none-match": f'"x", W/{etag}'}, 304),
        ({"If-None-Match": "*"}, 304),
        ({"If-Modified-Since": stamp}, 304),
        ({"If-Modified-Since": earlier}, 200),
        ({"If-None-Match": '"other"', "If-Modified-Since": stamp}, 200),  # If-None-Match decides
        ({"If-Modified-Since": "not a date"}, 200),
        ({}, 200),
    ]:
        assert nuke.handle("/news/rss/", headers=headers).status == status, headers
    assert nuke.handle("/news/tin-hoat-dong/bai-viet-1.html", headers={"If-None-Match": "*"}).status == 404
    article = nuke.articles[0]
    from crawler.simulator.nukeviet import detail_url

    assert nuke.handle(detail_url(article), headers={"If-None-Match": "*"}).status == 200, "articles: no validators"

    wp = build_site(replace(SPECS["sim-tuyenhoa"], count=30))
    feed = wp.handle("/feed/")
    etag, stamp = feed.headers["ETag"], feed.headers["Last-Modified"]
    import hashlib

    assert etag == '"' + hashlib.md5(stamp.encode()).hexdigest() + '"'
    for headers, status in [
        ({"If-None-Match": etag}, 304),
        ({"If-Modified-Since": stamp}, 304),
        ({"If-None-Match": '"other"', "If-Modified-Since": stamp}, 200),  # both sent: both must match
        ({"If-None-Match": etag, "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}, 200),
        ({"If-None-Match": f"W/{etag}"}, 200),  # a raw string comparison, no weak matching
    ]:
        assert wp.handle("/feed/", headers=headers).status == status, headers
    assert wp.handle("/category/tin-hoat-dong/feed/").headers["ETag"] == etag, "one site-wide date for every feed"


def test_revise_and_publish_drop_cached_validators() -> None:
    site = build_site(replace(SPECS["sim-tanhong"], count=30))
    feed_path = "/web/hth/tin-tuc?" + "&".join(
        [
            "p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_Jq1XvxA8hZ0B",
            "p_p_lifecycle=2",
            "p_p_state=normal",
            "p_p_mode=view",
            "p_p_resource_id=getRSS",
            "p_p_cacheability=cacheLevelPage",
        ]
    )
    etag = site.handle(feed_path).headers["ETag"]
    site.revise(removals={site.articles[0].id})
    after_removal = site.handle(feed_path, headers={"If-None-Match": etag})
    assert after_removal.status == 200 and after_removal.headers["ETag"] != etag
    assert b"11790550" not in after_removal.body
    detail = site.handle(site.detail_url(site.publish(1, now=NOW)[0]))
    assert detail.status == 200 and "ETag" not in detail.headers, "ETagFilter skips URLs with /-/"
    assert json.dumps(site.handle(feed_path, headers={"If-None-Match": after_removal.headers["ETag"]}).status) == "200"
