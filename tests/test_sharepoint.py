"""The SharePoint simulator and adapter together: list paging, URL variants, master page markers, list feeds and
the sitemap, faults, and a full walk of sim-chiemhoa whose every article must parse back to its SimArticle."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scrapy.http import Request, XmlResponse

from crawler.adapters.base import ParseError, adapter_for
from crawler.adapters.sharepoint import content_id
from crawler.discovery import feed_links, parse_source, sitemaps_in_robots
from crawler.enrich import process
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.sharepoint import (
    FEED_ITEMS,
    LISTING,
    LISTS,
    SharePointSite,
    attachment_url,
    detail_url,
    image_url,
    list_detail_url,
    list_guid,
    list_url,
)
from crawler.simulator.sites import SPECS
from crawler.simulator.walk import fetch_page, walk
from crawler.text import clean_text

PORTAL = load_registry()["sim-chiemhoa"]
BASE = PORTAL.base_url
ITEM = 421  # a commune congress with two images and a PDF


@pytest.fixture(scope="module")
def site() -> SharePointSite:
    return SharePointSite(SPECS["sim-chiemhoa"])


@pytest.fixture(scope="module")
def adapter():
    return adapter_for(PORTAL)


def fetch(site: SharePointSite, path: str):
    return fetch_page(site, BASE, path)


def test_news_list_pages_220_items_fifteen_per_page(site: SharePointSite, adapter) -> None:
    first = adapter.parse_listing(fetch(site, LISTING))
    assert len(site.articles) == 220
    assert first.articles == [BASE + detail_url(a) for a in site.articles[:15]], "the 'Tin mới' column is not the list"
    assert first.pages == [BASE + f"{LISTING}?Page={i}" for i in (2, 3, 15)], "1 2 3 › » (› is page 2 again): 15 pages"
    last = adapter.parse_listing(fetch(site, f"{LISTING}?Page=15"))
    assert last.articles == [BASE + detail_url(a) for a in site.articles[210:]]
    assert BASE + f"{LISTING}?Page=14" in last.pages and not any("Page=16" in p for p in last.pages)
    assert "Trang 15/15:" in site.handle(f"{LISTING}?Page=15").body.decode()
    assert site.handle(f"{LISTING}?Page=16").status == 404
    assert site.handle(f"{LISTING}?Page=abc").body == site.handle(LISTING).body, "a bad Page number shows page 1"


def test_category_lists_link_their_own_detail_view(site: SharePointSite, adapter) -> None:
    category = "Xây dựng Đảng"
    entries = [a for a in site.articles if a.category == category]
    listing = adapter.parse_listing(fetch(site, f"{list_url(category)}?Page=2"))
    assert listing.articles == [BASE + list_detail_url(a) for a in entries[15:30]]
    assert BASE + list_url(category) + "?Page=4" in listing.pages
    assert len(entries) == 52 and site.handle(f"{list_url(category)}?Page=5").status == 404


def test_walk_visits_16_listing_pages_and_finds_every_item(site: SharePointSite) -> None:
    result = walk(PORTAL, site)
    # Page 1 is reached twice, as on the real portals: as tin-tuc.aspx and as the pager's ?Page=1.
    assert len(result.listings) == 16 and result.failed_listings == 0
    assert {content_id(u) for u in result.articles} == {str(a.id) for a in site.articles}


def test_url_variants_serve_the_same_item(site: SharePointSite, adapter) -> None:
    a = site.by_id[ITEM]
    variants = [
        detail_url(a),
        detail_url(a, "list-first"),
        f"/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID={ITEM}",
        f"/NoiDung/TinTuc/pages/Chi-Tiet-Tin-Tuc.aspx?itemid={ITEM}&L=tinhoatdong",
        list_detail_url(a),
        f"/noidung/tintuc/Lists/Tinhoatdong/View_Detail.aspx?ItemID={ITEM}&Source=%2Fnoidung%2Ftintuc",
    ]
    items = [adapter.parse_article(fetch(site, v)) for v in variants]
    assert {i.content_id for i in items} == {str(ITEM)}
    assert {i.canonical_url for i in items} == {BASE + detail_url(a)}
    assert {i.title for i in items} == {a.title}


@pytest.mark.parametrize(
    "path",
    [
        f"/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID={ITEM}&l=XayDungDang",  # the item is not in that list
        f"/noidung/tintuc/Lists/KinhTeXaHoi/View_detail.aspx?ItemID={ITEM}",
        "/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID=401",
        "/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx",
        "/noidung/tintuc/Lists/KhongCo/View.aspx",
        "/_layouts/15/listfeed.aspx?List=%7B00000000-0000-0000-0000-000000000000%7D",
    ],
)
def test_unknown_items_and_pages_answer_404(site: SharePointSite, path: str) -> None:
    assert site.handle(path).status == 404


def test_pages_carry_the_sharepoint_master_and_keep_furniture_out(site: SharePointSite, adapter) -> None:
    resp = site.handle(detail_url(site.by_id[ITEM]))
    assert resp.headers["MicrosoftSharePointTeamServices"].startswith("15.")
    page = resp.body.decode()
    for marker in (
        '<meta name="GENERATOR" content="Microsoft SharePoint" />',
        'id="__REQUESTDIGEST"',
        'id="__VIEWSTATE"',
        'name="MSOWebPartPage_PostbackSource"',
        'id="s4-workspace"',
        'id="DeltaPlaceHolderMain"',
        'class="ms-rtestate-field noidungtt"',
        'class="ms-webpart-titleText"',
        "Skip Ribbon Commands",
        "Ngày đăng: 28/05/2025 17:37",
        'id="idAttachmentsTable"',
    ):
        assert marker in page, f"the simulated page should carry {marker!r} as SharePoint pages do"
    item = process(adapter.parse_article(fetch(site, detail_url(site.by_id[ITEM]))))
    assert item.published_raw == "Ngày đăng: 28/05/2025 17:37"
    assert item.published is not None and item.published.isoformat() == "2025-05-28T17:37:00+07:00"
    assert item.meeting is not None and item.meeting.kind == "congress" and item.meeting.ordinal == 5
    for bad in (
        "Chi tiết tin",
        "Tin khác",
        "Tin mới",
        "Lượt xem",
        "Chia sẻ",
        "In bài viết",
        "Nội dung",
        "Skip Ribbon",
        "Tệp đính kèm",
        "Quang cảnh",
        "Minh Châu",
        site.articles[0].title,
    ):
        assert bad not in item.text, f"{bad!r} leaked into lead/body"


def test_feeds_and_sitemap_list_the_same_items(site: SharePointSite, adapter) -> None:
    def source(path: str):
        return parse_source(
            XmlResponse(url=BASE + path, body=site.handle(path).body, request=Request(BASE + path)),
            adapter.is_article_url,
        )

    page = site.handle(LISTING).body.decode()
    feeds = [BASE + f"/_layouts/15/listfeed.aspx?List=%7B{list_guid(name)}%7D" for name in LISTS.values()]
    assert feed_links(page, BASE + LISTING) == feeds
    for category, feed in zip(LISTS, feeds, strict=True):
        listed = source(feed.removeprefix(BASE))
        assert listed is not None
        assert listed.articles == [BASE + detail_url(a) for a in site.articles if a.category == category][:FEED_ITEMS]
    assert sitemaps_in_robots(site.robots(), BASE) == [BASE + "/sitemap.xml"]
    index = source("/sitemap.xml")
    assert index is not None and index.pages == [BASE + "/sitemap0.xml"]
    urls = source("/sitemap0.xml")
    assert urls is not None and urls.articles == [BASE + detail_url(a) for a in site.articles]


def test_non_article_pages_raise_parse_error(site: SharePointSite, adapter) -> None:
    with pytest.raises(ParseError, match="no SharePoint news detail web part"):
        adapter.parse_article(fetch(site, LISTING))
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + "/x.aspx", site.handle("/x.aspx").body))


def test_faults_are_served_when_the_spec_asks(adapter) -> None:
    spec = SPECS["sim-chiemhoa"]
    erring = SharePointSite(replace(spec, first_id=7000, faults=frozenset({"listing_500", "article_500"})))
    assert erring.handle(f"{LISTING}?Page=2").status == 500
    assert erring.handle(f"{LISTING}?Page=3").status == 200
    victim = next(a for a in erring.articles if erring.is_faulty(a, "article_500", 7))
    assert erring.handle(detail_url(victim)).status == 500
    broken = SharePointSite(replace(spec, faults=frozenset({"malformed_article"})))
    victim = next(a for a in broken.articles if broken.is_faulty(a, "malformed_article", 5))
    resp = broken.handle(detail_url(victim))
    assert resp.status == 200
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + detail_url(victim), resp.body))


def test_every_item_is_reachable_and_parses_back(site: SharePointSite, adapter) -> None:
    by_id = {content_id(u): u for u in walk(PORTAL, site).articles}
    assert set(by_id) == {str(a.id) for a in site.articles}
    for article in site.articles:
        url = by_id[str(article.id)]
        item = process(adapter.parse_article(fetch(site, url.removeprefix(BASE))))
        where = f"item {article.id} ({url})"
        assert item.title == article.title, where
        assert item.published == article.published, where
        assert item.modified == article.modified, where
        assert item.category == article.category, where
        assert item.byline == article.byline, where
        assert [item.lead, *item.body] == list(article.paragraphs), where
        assert [(i.src, i.caption) for i in item.images] == [
            (BASE + image_url(i.path), clean_text(i.caption)) for i in article.images
        ], where
        files = [
            (BASE + attachment_url(article, f.path), f.path.rsplit("/", 1)[-1], "pdf") for f in article.attachments
        ]
        assert [(f.url, f.title, f.kind) for f in item.attachments] == files, where
