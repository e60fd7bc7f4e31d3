"""The ASP.NET WebForms simulator and adapter together: postback pagination (ViewState, event validation),
both detail URL shapes, feeds and sitemap, faults, and a postback walk of sim-tranvanthoi whose every article
must parse back to its SimArticle ground truth."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qs

import pytest
from scrapy import Request

from crawler.adapters.aspnet import content_id
from crawler.adapters.base import ParseError, adapter_for
from crawler.enrich import process
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.aspnet import (
    CAT_IDS,
    PAGER_TARGET,
    AspNetSite,
    article_url,
    detail_url,
    read_viewstate,
    upload_url,
    viewstate,
)
from crawler.simulator.sites import SPECS
from crawler.simulator.walk import fetch_page, walk
from crawler.text import clean_text

PORTAL = load_registry()["sim-tranvanthoi"]
BASE = PORTAL.base_url


@pytest.fixture(scope="module")
def site() -> AspNetSite:
    return AspNetSite(SPECS["sim-tranvanthoi"])


@pytest.fixture(scope="module")
def adapter():
    return adapter_for(PORTAL)


def fetch(site: AspNetSite, path: str):
    return fetch_page(site, BASE, path)


def hidden_fields(body: bytes) -> dict[str, list[str]]:
    """The form a browser would post: the page's hidden fields and its (empty) search box."""
    fields = dict(re.findall(r'<input type="hidden" name="(__\w+)" id="\w+" value="([^"]*)"', body.decode()))
    return {"ctl00$ucHeader$txtKeyword": [""], **{k: [v] for k, v in fields.items()}}


def postback(site: AspNetSite, path: str, page_body: bytes, target: str, **override: list[str]):
    form = hidden_fields(page_body) | {"__EVENTTARGET": [target], "__EVENTARGUMENT": [""]} | override
    return site.handle(path, form)


def crawl_postbacks(site: AspNetSite, adapter, start: str = "/tin-tuc.aspx") -> tuple[list[str], dict[str, None]]:
    """A crawl of one list through its postbacks, as the spider and Scrapy's duplicate filter do it:
    (listing keys visited in order, article URLs found)."""
    visited: list[str] = []
    articles: dict[str, None] = {}
    todo: list[Request] = [Request(BASE + start)]
    while todo:
        request = todo.pop(0)
        key = f"{request.method} {request.url} {request.body.decode()}"
        if key in visited:
            continue
        visited.append(key)
        form = parse_qs(request.body.decode(), keep_blank_values=True) if request.method == "POST" else None
        resp = site.handle(request.url.removeprefix(BASE), form)
        assert resp.status == 200, f"{key[:120]} answered {resp.status}"
        listing = adapter.parse_listing(response_for(request.url, resp.body))
        articles.update(dict.fromkeys(listing.articles))
        todo.extend(listing.requests)
    return visited, articles


def test_first_page_posts_back_for_every_other_page(site: AspNetSite, adapter) -> None:
    first = adapter.parse_listing(fetch(site, "/tin-tuc.aspx"))
    assert len(site.articles) == 220
    assert [content_id(u) for u in first.articles] == [str(a.id) for a in site.articles[:10]]
    assert first.pages == [], "list pages are reached by postback only"
    assert len(first.requests) == 21, "page 1 shows every page number (22 = 220 / 10) and posts for pages 2..22"
    assert {r.method for r in first.requests} == {"POST"}
    assert {r.url for r in first.requests} == {BASE + "/tin-tuc.aspx"}
    bodies = [parse_qs(r.body.decode(), keep_blank_values=True) for r in first.requests]
    assert [b["__EVENTTARGET"][0] for b in bodies] == [PAGER_TARGET.format(i) for i in range(2, 23)]
    assert len({r.body for r in first.requests}) == 21, "different pages need different bodies (duplicate filter)"
    assert all(b["__VIEWSTATE"] and b["__EVENTVALIDATION"] and b["__EVENTARGUMENT"] == [""] for b in bodies)
    assert all("ctl00$ucHeader$btnSearch" not in b for b in bodies), "the search button must not be clicked"


def test_postback_answers_page_n_with_a_new_viewstate(site: AspNetSite, adapter) -> None:
    page1 = site.handle("/tin-tuc.aspx").body
    resp = postback(site, "/tin-tuc.aspx", page1, PAGER_TARGET.format(22))
    assert resp.status == 200
    assert "Trang 22/22" in resp.body.decode()
    state = hidden_fields(resp.body)["__VIEWSTATE"][0]
    assert read_viewstate(state) == (None, 22, 22)
    assert state.startswith("/wEP"), "ViewState is opaque base64 as ObjectStateFormatter writes it"
    last = adapter.parse_listing(response_for(BASE + "/tin-tuc.aspx", resp.body))
    assert [content_id(u) for u in last.articles] == [str(a.id) for a in site.articles[210:]]
    assert last.requests == [], "pages after the first post for nothing: page 1 already asked for all"
    # The "Cuối" (last) LinkButton is item 23; "Đầu" (first) is item 0 and is enabled once off page 1.
    assert "Trang 22/22" in postback(site, "/tin-tuc.aspx", page1, PAGER_TARGET.format(23)).body.decode()
    assert "Trang 1/22" in postback(site, "/tin-tuc.aspx", resp.body, PAGER_TARGET.format(0)).body.decode()


@pytest.mark.parametrize(
    ("override", "why"),
    [
        ({"__EVENTVALIDATION": [""]}, "Invalid postback or callback argument"),
        ({"__VIEWSTATE": [viewstate(None, 3, 22)[:-8] + "AAAAAAA="]}, "Validation of viewstate MAC failed"),
        # Page 1's own number is a disabled LinkButton on page 1: event validation does not admit it.
        ({"__EVENTTARGET": [PAGER_TARGET.format(1)]}, "Invalid postback or callback argument"),
        ({"__EVENTTARGET": ["ctl00$ContentPlaceHolder1$btnXoa"]}, "Invalid postback or callback argument"),
    ],
)
def test_bad_postbacks_fail_as_aspnet_does(site: AspNetSite, override: dict[str, list[str]], why: str) -> None:
    page1 = site.handle("/tin-tuc.aspx").body
    resp = postback(site, "/tin-tuc.aspx", page1, PAGER_TARGET.format(2), **override)
    assert resp.status == 500
    assert why in resp.body.decode()


def test_postback_without_event_validation_field_is_rejected(site: AspNetSite) -> None:
    form = {k: v for k, v in hidden_fields(site.handle("/tin-tuc.aspx").body).items() if k != "__EVENTVALIDATION"}
    assert site.handle("/tin-tuc.aspx", form | {"__EVENTTARGET": [PAGER_TARGET.format(2)]}).status == 500
    # A ViewState of another list (here: all news posted to a category list) is refused too.
    page1 = site.handle("/tin-tuc.aspx").body
    assert postback(site, "/tin-tuc.aspx?CatID=16", page1, PAGER_TARGET.format(2)).status == 500
    assert postback(site, "/Default.aspx", page1, PAGER_TARGET.format(2)).status == 405


def test_postback_walk_reaches_every_article_once_per_page(site: AspNetSite, adapter) -> None:
    visited, articles = crawl_postbacks(site, adapter)
    assert len(visited) == 22, "1 GET and 21 POSTs: every list page fetched exactly once"
    assert sum(key.startswith("POST ") for key in visited) == 21
    assert {content_id(u) for u in articles} == {str(a.id) for a in site.articles}
    category = CAT_IDS["Xây dựng Đảng"]
    visited, articles = crawl_postbacks(site, adapter, f"/tin-tuc.aspx?CatID={category}")
    expected = [a for a in site.articles if a.category == "Xây dựng Đảng"]
    assert len(visited) == -(-len(expected) // 10)
    assert {content_id(u) for u in articles} == {str(a.id) for a in expected}


def test_windowed_pager_is_followed_one_page_at_a_time(adapter) -> None:
    """Pagers that show a window of numbers: each page posts for the next one only, so none is fetched twice."""

    def link(n: int | str, i: int) -> str:
        return f"<a href=\"javascript:__doPostBack('{PAGER_TARGET.format(i)}','')\">{n}</a>"

    pager = f"<span>6</span>{link(7, 7)}{link(8, 8)}{link('...', 9)}{link('»', 10)}"
    page = (
        '<html><body><form method="post" action="./tin-tuc.aspx" id="form1">'
        '<input type="hidden" name="__VIEWSTATE" value="x" />'
        '<input type="hidden" name="__EVENTVALIDATION" value="y" />'
        f'<div class="pager">{link(5, 5)}{pager}</div></form></body></html>'
    )
    listing = adapter.parse_listing(response_for(BASE + "/tin-tuc.aspx", page.encode()))
    assert [parse_qs(r.body.decode())["__EVENTTARGET"] for r in listing.requests] == [[PAGER_TARGET.format(7)]]


def test_both_url_shapes_serve_the_same_article(site: AspNetSite, adapter) -> None:
    article = next(a for a in site.articles if a.images and a.attachments)
    variants = [
        detail_url(article),
        article_url(article),
        f"/Article/{article.id}/ten-cu.html",
        f"/DetailView/{article.id}/99/ten-cu.html",
        f"/detailview/{article.id}/15/x.html?utm_source=zalo",
    ]
    items = [adapter.parse_article(fetch(site, v)) for v in variants]
    assert {i.content_id for i in items} == {str(article.id)}
    assert {i.canonical_url for i in items} == {BASE + detail_url(article)}
    assert {i.title for i in items} == {article.title}
    assert content_id(BASE + article_url(article)) == content_id(BASE + detail_url(article)) == str(article.id)


@pytest.mark.parametrize(
    "path",
    [
        "/DetailView/999999/15/x.html",
        "/Article/601/x.html",
        "/tin-tuc.aspx?CatID=99",
        "/tin-tuc.aspx?CatID=abc",
        "/chi-tiet.aspx",
        "/Article/600.html",
    ],
)
def test_unknown_pages_answer_404(site: AspNetSite, path: str) -> None:
    assert site.handle(path).status == 404


def test_feed_sitemap_and_robots_list_the_same_articles(site: AspNetSite) -> None:
    robots = site.handle("/robots.txt").body.decode()
    assert f"Sitemap: {site.origin}/sitemap.xml" in robots
    sitemap = site.handle("/sitemap.xml").body.decode()
    assert re.findall(r"<loc>([^<]+)</loc>", sitemap) == [site.origin + detail_url(a) for a in site.articles]
    page = site.handle("/tin-tuc.aspx?CatID=16").body.decode()
    assert 'type="application/rss+xml" title="Tin tức" href="/rss.aspx"' in page
    assert 'href="/rss.aspx?CatID=16"' in page
    rss = site.handle("/rss.aspx").body.decode()
    assert re.findall(r"<link>([^<]+)</link>", rss)[1:] == [site.origin + detail_url(a) for a in site.articles[:30]]
    category = site.handle("/rss.aspx?CatID=16").body.decode()
    assert category.count("<category>Xây dựng Đảng</category>") == category.count("<item>") > 0


def test_detail_page_keeps_furniture_out_of_the_text(site: AspNetSite, adapter) -> None:
    article = next(a for a in site.articles if a.modified and a.images)
    page = site.handle(detail_url(article)).body.decode()
    for furniture in (
        "Ngày đăng:",
        "Cập nhật lúc:",
        "Lượt xem:",
        "In bài viết",
        "Chia sẻ:",
        "Tin liên quan",
        "Tin mới",
        "aspNetHidden",
        "__VIEWSTATE",
    ):
        assert furniture in page, f"the simulated page should show {furniture!r} as the real one does"
    item = process(adapter.parse_article(fetch(site, detail_url(article))))
    assert item.published_raw == f"{article.published:%d/%m/%Y %H:%M}"
    assert item.modified_raw == f"{article.modified:%H:%M %d/%m/%Y}"
    assert item.lead == article.lead
    text = item.text
    for bad in (
        "Ngày đăng",
        "Lượt xem",
        "In bài viết",
        "Chia sẻ",
        "Facebook",
        "Tin liên quan",
        "Tin mới",
        "Trang chủ",
        article.byline,
        article.images[0].caption,
    ):
        assert bad not in text, f"{bad!r} leaked into lead/body"


def test_non_article_pages_raise_parse_error(site: AspNetSite, adapter) -> None:
    with pytest.raises(ParseError, match="no article detail"):
        adapter.parse_article(fetch(site, "/tin-tuc.aspx"))
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + "/Article/1/x.html", site.handle("/Article/1/x.html").body))
    broken = AspNetSite(replace(SPECS["sim-tranvanthoi"], faults=frozenset({"malformed_article"})))
    victim = next(a for a in broken.articles if broken.is_faulty(a, "malformed_article", 5))
    resp = broken.handle(detail_url(victim))
    assert resp.status == 200
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + detail_url(victim), resp.body))


def test_listing_fault_hits_the_page_2_postback() -> None:
    erring = AspNetSite(replace(SPECS["sim-tranvanthoi"], faults=frozenset({"listing_500"})))
    page1 = erring.handle("/tin-tuc.aspx").body
    assert postback(erring, "/tin-tuc.aspx", page1, PAGER_TARGET.format(2)).status == 500
    assert postback(erring, "/tin-tuc.aspx", page1, PAGER_TARGET.format(3)).status == 200


def test_every_article_is_reachable_and_parses_back(site: AspNetSite, adapter) -> None:
    result = walk(PORTAL, site)
    assert result.failed_listings == 0 and len(result.listings) == 22
    by_id = {content_id(u): u for u in result.articles}
    assert set(by_id) == {str(a.id) for a in site.articles}
    for article in site.articles:
        url = by_id[str(article.id)]
        item = process(adapter.parse_article(fetch(site, url.removeprefix(BASE))))
        where = f"article {article.id} ({url})"
        assert item.title == article.title, where
        assert item.published == article.published, where
        assert item.modified == article.modified, where
        assert item.category == article.category, where
        assert item.byline == article.byline, where
        assert [item.lead, *item.body] == list(article.paragraphs), where
        assert [(i.src, i.caption) for i in item.images] == [
            (BASE + upload_url(i.path), clean_text(i.caption)) for i in article.images
        ], where
        assert [(f.url, f.title) for f in item.attachments] == [
            (BASE + upload_url(f.path), f.title) for f in article.attachments
        ], where
        assert item.content_id == str(article.id), where


def test_a_list_of_a_hundred_pages_and_more_pages_back_to_its_last() -> None:
    """ASP.NET names the Repeater's hundredth item ``ctl100``: page 100 of a 1,000-article list is a valid postback
    (the cluster test's big portal lost its last page, and its run was partial, when the simulator read two digits)."""
    big = AspNetSite(replace(SPECS["sim-tranvanthoi"], count=1000, seeds=()))
    page1 = big.handle("/tin-tuc.aspx").body
    last = postback(big, "/tin-tuc.aspx", page1, PAGER_TARGET.format(100))
    assert last.status == 200 and "Trang 100/100" in last.body.decode()
    assert read_viewstate(hidden_fields(last.body)["__VIEWSTATE"][0]) == (None, 100, 100)
