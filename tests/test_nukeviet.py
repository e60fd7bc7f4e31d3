"""The NukeViet simulator and adapter together: pagination, URL variants, feeds and sitemaps, faults, and a
full walk of sim-tuyphong whose every article must parse back to its SimArticle ground truth."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from scrapy.http import Request, XmlResponse

from crawler.adapters.base import ParseError, adapter_for
from crawler.adapters.nukeviet import content_id, stamp
from crawler.dates import TZ
from crawler.discovery import feed_links, parse_source
from crawler.enrich import process
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.nukeviet import NukeVietSite, detail_url, download_url, upload_url
from crawler.simulator.nukeviet_files import attachment_name
from crawler.simulator.sites import SPECS
from crawler.simulator.walk import fetch_page, walk
from crawler.text import clean_text

PORTAL = load_registry()["sim-tuyphong"]
BASE = PORTAL.base_url
MEETING = 3063  # a council session with an illustration, a PDF and a later edit


@pytest.fixture(scope="module")
def site() -> NukeVietSite:
    return NukeVietSite(SPECS["sim-tuyphong"])


@pytest.fixture(scope="module")
def adapter():
    return adapter_for(PORTAL)


def fetch(site: NukeVietSite, path: str):
    return fetch_page(site, BASE, path)


def test_listing_paginates_220_articles_twenty_per_page(site: NukeVietSite, adapter) -> None:
    first = adapter.parse_listing(fetch(site, "/news/"))
    assert len(site.articles) == 220
    assert first.articles[:20] == [BASE + detail_url(a) for a in site.articles[:20]]
    assert len(first.articles) == 25, "20 entries and 5 'Các tin khác' links"
    assert first.pages == [BASE + "/news/page-2/", BASE + "/news/page-11/"], "11 pages: 1, 2, ..., 11 and next"
    last = adapter.parse_listing(fetch(site, "/news/page-11/"))
    assert last.articles == [BASE + detail_url(a) for a in site.articles[200:]]
    assert BASE + "/news/page-10/" in last.pages and not any("page-12" in p for p in last.pages)
    assert site.handle("/news/page-12/").status == 404


def test_short_pagination_keeps_the_unclosed_li_and_still_parses(site: NukeVietSite, adapter) -> None:
    page = site.handle("/news/tin-hoat-dong/page-2/").body.decode()
    assert '<a class="page-link" href="#">2</a><li>' in page, "nv_alias_page's unclosed <li> below 8 pages"
    listing = adapter.parse_listing(fetch(site, "/news/tin-hoat-dong/page-2/"))
    assert listing.pages == [BASE + "/news/tin-hoat-dong/", BASE + "/news/tin-hoat-dong/page-3/"]
    assert all(content_id(u) for u in listing.articles)


def test_walk_visits_every_listing_page_and_finds_every_article(site: NukeVietSite) -> None:
    result = walk(PORTAL, site)
    news = {BASE + "/news/", *(f"{BASE}/news/page-{n}/" for n in range(2, 12))}
    laws = {BASE + "/laws/", BASE + "/laws/page-2/", BASE + "/laws/page-3/"}  # the menu's "Văn bản"
    assert set(result.listings) == news | laws
    assert result.failed_listings == 0
    assert set(result.articles) == {BASE + detail_url(a) for a in site.articles}
    assert set(result.documents) == {BASE + law.url for law in site.laws.laws}


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/news/page-1/", "/news/"),
        ("/news/tin-hoat-dong/page-1/", "/news/tin-hoat-dong/"),
        ("/news", "/news/"),
        ("/news/xay-dung-dang", "/news/xay-dung-dang/"),
        ("/vi/news/tin-hoat-dong/", "/news/tin-hoat-dong/"),
        ("/index.php?language=vi&nv=news&op=tin-hoat-dong", "/news/tin-hoat-dong/"),
    ],
)
def test_url_variants_redirect_to_the_rewritten_url(site: NukeVietSite, path: str, location: str) -> None:
    resp = site.handle(path)
    assert (resp.status, resp.headers.get("Location")) == (301, location)


def test_changed_alias_or_category_redirects_to_the_article(site: NukeVietSite, adapter) -> None:
    article = site.by_id[MEETING]
    right = detail_url(article)
    for wrong in (
        f"/news/tin-hoat-dong/bai-cu-{MEETING}.html",
        f"/vi{right}",
        f"/index.php?language=vi&nv=news&op={right.removeprefix('/news/')}",
    ):
        resp = site.handle(wrong)
        assert resp.status == 301, wrong
        target = resp.headers["Location"]
        if target != right:  # /vi and index.php first go to the rewritten path, which may redirect again
            target = site.handle(target).headers.get("Location", target)
        assert target == right, wrong
    item = adapter.parse_article(fetch(site, right + "?fbclid=abc"))
    assert (item.content_id, item.canonical_url) == (str(MEETING), BASE + right)


@pytest.mark.parametrize(
    "path",
    [
        "/news/khong-co/",
        "/news/tin-hoat-dong/page-9/",
        "/news/tin-hoat-dong/bai-viet-1.html",
        "/news/rss/khong-co/",
        "/tin-tuc/",
        "/news/tin-hoat-dong/bai-viet-3063x.html",
    ],
)
def test_unknown_pages_answer_404(site: NukeVietSite, path: str) -> None:
    assert site.handle(path).status == 404


def test_feeds_and_sitemaps_list_the_same_articles(site: NukeVietSite) -> None:
    page = site.handle("/news/xay-dung-dang/").body.decode()
    assert '<meta name="generator" content="NukeViet v4.5">' in page
    assert feed_links(page, BASE + "/news/xay-dung-dang/") == [BASE + "/news/rss/", BASE + "/news/rss/xay-dung-dang/"]
    assert f"Sitemap: {BASE}/sitemap.xml" in site.handle("/robots.txt").body.decode()

    def source(path: str):
        return parse_source(XmlResponse(url=BASE + path, body=site.handle(path).body, request=Request(BASE + path)))

    assert source("/news/rss/").articles == [BASE + detail_url(a) for a in site.articles[:30]]
    category = [a for a in site.articles if a.category == "Xây dựng Đảng"][:30]
    assert source("/news/rss/xay-dung-dang/").articles == [BASE + detail_url(a) for a in category]
    assert source("/sitemap.xml").pages == [BASE + "/sitemap-vi.news.xml", BASE + "/sitemap-vi.laws.xml"]
    assert source("/sitemap-vi.news.xml").articles == [BASE + detail_url(a) for a in site.articles]


def test_meeting_report_page_keeps_furniture_out_of_the_text(site: NukeVietSite, adapter) -> None:
    article = site.by_id[MEETING]
    page = site.handle(detail_url(article)).body.decode()
    for furniture in (
        "Tổng số điểm của bài viết là",
        "Bản quyền thuộc về",
        "Những tin cũ hơn",
        "Từ khóa:",
        "Ý kiến bạn đọc",
        "Tác giả: ",
        "File đính kèm",
        "twitter-share-button",
        "Trang nhất",
    ):
        assert furniture in page, f"the simulated page should show {furniture!r} as NukeViet does"
    assert f'itemprop="datePublished">{article.modified.isoformat()}<' in page, "detail_theme's edit-time bug"
    item = process(adapter.parse_article(fetch(site, detail_url(article))))
    assert item.title == "Kỳ họp thứ 31 HĐND huyện Tuy Phong khóa XX"
    assert item.published_raw == "Thứ sáu - 18/04/2025 09:12"
    assert item.published == datetime(2025, 4, 18, 9, 12, tzinfo=TZ)
    assert item.modified == datetime(2025, 4, 19, 9, 12, tzinfo=TZ)
    assert item.lead == article.lead and item.body == list(article.paragraphs[1:])
    assert item.byline == "BT: Kim Lệ + Ảnh: Chí Dũng"
    assert item.origin == "Huyện ủy Tuy Phong"
    for bad in ("Tổng số điểm", "Bản quyền", "Từ khóa", "Tác giả", "Nguồn tin", "Tập tin", "Kim Lệ", "Trang nhất"):
        assert bad not in item.text, f"{bad!r} leaked into lead/body"
    assert item.meeting is not None and (item.meeting.kind, item.meeting.ordinal) == ("council_session", 31)
    assert site.handle(download_url(article, 0)).content_type == "application/pdf"


def test_stamp_reads_php_t_quirk_and_iso() -> None:
    local = datetime(2022, 7, 11, 16, 20, tzinfo=TZ)
    assert stamp("2022-07-11+0716:20:00") == local
    assert stamp("2022-07-11T16:20:00+07:00") == local
    assert stamp("2022-07-11ICT16:20:00") == local
    assert stamp("2022-07-11T09:20:00Z") == local
    assert stamp("11/07/2022") is None


def test_non_article_pages_raise_parse_error(site: NukeVietSite, adapter) -> None:
    with pytest.raises(ParseError, match="no NukeViet article body"):
        adapter.parse_article(fetch(site, "/news/"))
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + "/news/x/", site.handle("/news/x/").body))


def test_faults_are_served_when_the_spec_asks(adapter) -> None:
    spec = SPECS["sim-tuyphong"]
    erring = NukeVietSite(replace(spec, faults=frozenset({"listing_500", "article_500"})))
    assert erring.handle("/news/page-2/").status == 500
    assert erring.handle("/news/page-3/").status == 200
    victim = next(a for a in erring.articles if erring.is_faulty(a, "article_500", 7))
    assert erring.handle(detail_url(victim)).status == 500
    broken = NukeVietSite(replace(spec, faults=frozenset({"malformed_article"})))
    victim = next(a for a in broken.articles if broken.is_faulty(a, "malformed_article", 5))
    resp = broken.handle(detail_url(victim))
    assert resp.status == 200
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + detail_url(victim), resp.body))


def test_every_article_is_reachable_and_parses_back(site: NukeVietSite, adapter) -> None:
    urls = walk(PORTAL, site).articles
    by_id = {content_id(u): u for u in urls}
    assert set(by_id) == {str(a.id) for a in site.articles}
    in_body = 0
    for article in site.articles:
        url = by_id[str(article.id)]
        item = process(adapter.parse_article(fetch(site, url.removeprefix(BASE))))
        where = f"article {article.id} ({url})"
        in_body += site.byline_in_body(article)
        assert item.title == article.title, where
        assert item.published == article.published, where
        assert item.modified == article.modified, where
        assert item.category == article.category, where
        assert item.byline == article.byline, where
        assert [item.lead, *item.body] == list(article.paragraphs), where
        assert [(i.src, i.caption) for i in item.images] == [
            (BASE + upload_url(i.path), clean_text(i.caption)) for i in article.images
        ], where
        assert [(f.url, f.title, f.kind) for f in item.attachments] == [
            (BASE + download_url(article, n), name, name.rsplit(".", 1)[1])
            for n, name in enumerate(attachment_name(site, article, n) for n in range(len(article.attachments)))
        ], where
    assert 0 < in_body < len(site.articles), "both byline placements are exercised"
