"""The DotNetNuke simulator and adapter together: module-view URLs and their content id, the PagingControl in URL
and PostBack modes (windowed and complete), vendor pager shapes, RSS and the pages-only SiteMap, faults, and walks
of sim-longho whose every article must parse back to its SimArticle ground truth."""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType
from urllib.parse import parse_qs

import pytest
from scrapy import Request

from crawler.adapters.base import ParseError, adapter_for
from crawler.adapters.dotnetnuke import content_id
from crawler.enrich import process
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.aspnet import viewstate
from crawler.simulator.dotnetnuke import (
    CATEGORY_TABS,
    HOME,
    NEWS,
    SIDEBAR_MID,
    DotNetNukeSite,
    detail_url,
    home_url,
    portal_file,
    sidebar_url,
)
from crawler.simulator.sites import SPECS
from crawler.simulator.walk import fetch_page, walk
from crawler.text import clean_text

PORTAL = load_registry()["sim-longho"]
BASE = PORTAL.base_url
PARTY = next(t for t in CATEGORY_TABS if t.category == "Xây dựng Đảng")


@pytest.fixture(scope="module")
def site() -> DotNetNukeSite:
    return DotNetNukeSite(SPECS["sim-longho"])


@pytest.fixture(scope="module")
def adapter():
    return adapter_for(PORTAL)


def fetch(site: DotNetNukeSite, path: str):
    return fetch_page(site, BASE, path)


def ids(urls: list[str]) -> list[str | None]:
    return [content_id(u) for u in urls]


def form_of(body: bytes) -> dict[str, list[str]]:
    """What a browser posts from a DNN page: the hidden fields (and the empty search box)."""
    fields = dict(re.findall(r'<input type="hidden" name="(__\w+)" id="\w+" value="([^"]*)"', body.decode()))
    return {"dnn$dnnSearch$txtSearch": [""], **{k: [v] for k, v in fields.items()}}


def posted(site: DotNetNukeSite, path: str, page_body: bytes, argument: str, **override: list[str]):
    target = PARTY.paging_target
    form = form_of(page_body) | {"__EVENTTARGET": [target], "__EVENTARGUMENT": [argument]} | override
    return site.handle(path, form)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://longho.vinhlong.gov.vn/tin-tuc/ctl/detail/mid/1388/id/5063", "5063"),
        ("https://longho.vinhlong.gov.vn/trang-chu/ctl/detail/mid/1385&ID=5014", "5014"),
        ("https://longho.vinhlong.gov.vn/tin-tuc/ctl/detail/mid/1386?ID=5014&utm_source=zalo", "5014"),
        ("https://longho.vinhlong.gov.vn/Default.aspx?TabId=56&ctl=Detail&mid=1388&ID=77", "77"),
        ("https://longho.vinhlong.gov.vn/tabid/56/ctl/Detail/mid/1388/id/77/Default.aspx", "77"),
        ("https://example.gov.vn/tin-tuc/ArticleID/123/hoi-nghi-ban-chap-hanh", "123"),
        ("https://longho.vinhlong.gov.vn/tin-tuc", None),
        ("https://longho.vinhlong.gov.vn/tin-tuc/currentpage/3", None),
        ("https://longho.vinhlong.gov.vn/tin-tuc/ctl/edit/mid/1388/id/5", None),
        ("https://longho.vinhlong.gov.vn/trang-chu/ctl/login", None),
        ("https://longho.vinhlong.gov.vn/tin-tuc/id/5", None),
        ("https://longho.vinhlong.gov.vn/Portals/12/Files/2025/04/bao-cao-5063.pdf", None),
    ],
)
def test_content_id_of_every_module_view_shape(url: str, expected: str | None) -> None:
    assert content_id(url) == expected


def test_news_list_pages_by_url_window(site: DotNetNukeSite, adapter) -> None:
    first = adapter.parse_listing(fetch(site, "/tin-tuc"))
    assert len(site.articles) == 120
    assert ids(first.articles) == [str(a.id) for a in site.articles[:10]]
    assert first.articles[0] == BASE + detail_url(site.articles[0])
    assert first.requests == [], "URL mode pages by links, no postback"
    # PagingControl shows ten numbers (1-10) and Next/Last: later pages only, in page order, Last (12) included.
    assert first.pages == [f"{BASE}/tin-tuc/currentpage/{n}" for n in (*range(2, 11), 12)]
    middle = adapter.parse_listing(fetch(site, "/tin-tuc/currentpage/7"))
    assert ids(middle.articles) == [str(a.id) for a in site.articles[60:70]]
    assert middle.pages == [f"{BASE}/tin-tuc/currentpage/{n}" for n in range(8, 13)]
    page = site.handle("/tin-tuc/currentpage/7").body.decode()
    assert '<span class="NormalDisabled">[7]</span>' in page and "Trang 7 / 12" in page
    assert 'href="/tin-tuc/currentpage/2" class="CommandButton">2</a>' in page, "the window starts at 2 on page 7"
    assert adapter.parse_listing(fetch(site, "/tin-tuc/currentpage/12")).pages == []


def test_url_walk_reads_each_page_once_and_every_article(site: DotNetNukeSite, adapter) -> None:
    result = walk(PORTAL, site)
    assert result.failed_listings == 0
    assert list(result.listings) == [BASE + "/tin-tuc", *(f"{BASE}/tin-tuc/currentpage/{n}" for n in range(2, 13))]
    assert sorted(ids(list(result.articles))) == sorted(str(a.id) for a in site.articles)
    assert len(result.articles) == 120, "one URL per article: the sidebar's other shapes are not listed"


def test_category_page_posts_back_for_every_page(site: DotNetNukeSite, adapter) -> None:
    members = [a for a in site.articles if a.category == PARTY.category]
    pages = -(-len(members) // 10)
    assert pages == 4
    first = adapter.parse_listing(fetch(site, PARTY.path))
    assert ids(first.articles) == [str(a.id) for a in members[:10]]
    assert first.articles[0] == BASE + detail_url(members[0], PARTY)
    assert first.pages == []
    bodies = [parse_qs(r.body.decode(), keep_blank_values=True) for r in first.requests]
    assert {(r.method, r.url) for r in first.requests} == {("POST", BASE + PARTY.path)}
    assert [(b["__EVENTTARGET"], b["__EVENTARGUMENT"]) for b in bodies] == [
        ([f"dnn$ctr{PARTY.mid}$TinTuc$ctlPaging"], [f"Page_{n}"]) for n in range(2, pages + 1)
    ]
    assert all(
        b["__VIEWSTATE"] and b["__EVENTVALIDATION"] == form_of(site.handle(PARTY.path).body)["__EVENTVALIDATION"]
        for b in bodies
    )
    assert all("dnn$dnnSearch$cmdSearch" not in r.body.decode() for r in first.requests), "search is not clicked"
    assert {r.headers[b"Content-Type"] for r in first.requests} == {b"application/x-www-form-urlencoded"}
    # The answer to "page 4": its rows, and no further postback (page 1 asked for all of them).
    last = site.handle(PARTY.path, {k: v for k, v in bodies[-1].items()})
    assert last.status == 200 and "Trang 4 / 4" in last.body.decode()
    listing = adapter.parse_listing(response_for(BASE + PARTY.path, last.body))
    assert ids(listing.articles) == [str(a.id) for a in members[30:]]
    assert listing.requests == []


def test_windowed_postback_pager_is_followed_one_page_at_a_time() -> None:
    big = DotNetNukeSite(replace(SPECS["sim-longho"], count=480))
    members = {str(a.id) for a in big.articles if a.category == PARTY.category}
    result = walk(replace(PORTAL, start_paths=(PARTY.path,)), big)
    assert result.failed_listings == 0
    posts = [key for key in result.listings if key.startswith("POST ")]
    pages = -(-len(members) // 10)
    assert pages > 10 and len(posts) == pages - 1, "1 GET and one POST per later page, none twice"
    assert [re.search(r"Page_(\d+)", p).group(1) for p in posts] == [str(n) for n in range(2, pages + 1)]
    assert set(ids(list(result.articles))) == members


@pytest.mark.parametrize(
    ("override", "why"),
    [
        ({"__VIEWSTATE": [viewstate(PARTY.tab_id, 2, 4)[:-8] + "AAAAAAA="]}, "Validation of viewstate MAC failed"),
        ({"__VIEWSTATE": [viewstate(NEWS.tab_id, 1, 12)]}, "Validation of viewstate MAC failed"),
        ({"__EVENTVALIDATION": [""]}, "Invalid postback or callback argument"),
        ({"__EVENTTARGET": ["dnn$dnnSearch$cmdSearch"]}, "Invalid postback or callback argument"),
        ({"__EVENTARGUMENT": ["Page_x"]}, "Invalid postback or callback argument"),
        ({"__EVENTARGUMENT": ["Page_5"]}, "Invalid postback or callback argument"),
    ],
)
def test_bad_postbacks_fail_as_aspnet_does(site: DotNetNukeSite, override: dict[str, list[str]], why: str) -> None:
    page1 = site.handle(PARTY.path).body
    resp = posted(site, PARTY.path, page1, "Page_2", **override)
    assert resp.status == 500
    assert why in resp.body.decode()


def test_postbacks_only_where_the_pager_posts_back(site: DotNetNukeSite) -> None:
    page1 = site.handle(PARTY.path).body
    assert posted(site, PARTY.path, page1, "Page_2").status == 200
    assert posted(site, NEWS.path, page1, "Page_2").status == 405, "the news page pages by URL"


def vendor_page(pager: str, url_path: str) -> bytes:
    """A DNN list page whose module renders a vendor pager instead of the core PagingControl."""
    rows = "".join(
        f'<div class="xitem"><a href="/tin-tuc/ctl/detail/mid/1388/id/{n}">Tin {n}</a></div>' for n in (7, 8)
    )
    return (
        '<html><body><form method="post" action="' + url_path + '" id="Form" enctype="multipart/form-data">'
        '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="x" />'
        '<div id="dnn_ctr1386_ModuleContent"><a href="/tin-tuc/ctl/detail/mid/1386?ID=99">Tin mới</a></div>'
        f'<div id="dnn_ctr1388_ModuleContent" class="DNNModuleContent ModTinTucC">{rows}{pager}</div>'
        "</form></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("url_path", "pager", "pages"),
    [
        (  # friendly URLs off: NavigateURL writes the query string
            "/Default.aspx?TabId=56&currentpage=2",
            '<table class="PagingTable"><tr><td><a href="/Default.aspx?TabId=56&amp;currentpage=1">1</a>'
            '<span>[2]</span><a href="/Default.aspx?TabId=56&amp;currentpage=3">3</a></td></tr></table>',
            ["/Default.aspx?TabId=56&currentpage=3"],
        ),
        (
            "/tin-tuc?page=2",
            '<ul class="pagination"><li><a href="/tin-tuc?page=1">1</a></li><li class="active">2</li>'
            '<li><a href="/tin-tuc?page=3">3</a></li><li><a href="/tin-tuc?page=4">4</a></li>'
            '<li><a href="/tin-tuc?page=3">»</a></li></ul>',
            ["/tin-tuc?page=3", "/tin-tuc?page=4"],
        ),
        (
            "/tin-tuc/page/3",
            '<div class="paging"><a href="/tin-tuc/page/2">Trước</a> <a href="/tin-tuc/page/4">Sau</a></div>',
            ["/tin-tuc/page/4"],
        ),
    ],
)
def test_vendor_and_query_string_pagers(adapter, url_path: str, pager: str, pages: list[str]) -> None:
    listing = adapter.parse_listing(response_for(BASE + url_path, vendor_page(pager, url_path)))
    assert ids(listing.articles) == ["7", "8"], "only the paged module's rows, not the sidebar's"
    assert listing.pages == [BASE + p for p in pages]


def test_vendor_postback_pager_by_link_text(adapter) -> None:
    """A vendor's Repeater-of-LinkButtons pager (empty argument, the number in the text): a full pager posts nothing
    after page 1, a windowed one posts for the next page only."""

    def link(n: int | str, i: int) -> str:
        return f"<a href=\"javascript:__doPostBack('dnn$ctr1388$View$rptPager$ctl{i:02d}$lnkPage','')\">{n}</a>"

    def targets(pager: str) -> list[list[str]]:
        listing = adapter.parse_listing(response_for(BASE + "/tin-tuc", vendor_page(pager, "/tin-tuc")))
        return [parse_qs(r.body.decode())["__EVENTTARGET"] for r in listing.requests]

    assert targets(f'<div class="pager">{link(1, 1)}<span>2</span>{link(3, 3)}{link(4, 4)}</div>') == []
    windowed = f'<div class="pager">{link(1, 1)} ... {link(5, 5)}<span>6</span>{link(7, 7)} ... {link(20, 20)}</div>'
    assert targets(windowed) == [["dnn$ctr1388$View$rptPager$ctl07$lnkPage"]]
    first = f'<div class="pager"><ul class="pagination"><span>1</span>{link(2, 2)}{link(3, 3)}</ul></div>'
    assert targets(first) == [[f"dnn$ctr1388$View$rptPager$ctl0{n}$lnkPage"] for n in (2, 3)]


def test_home_page_lists_every_module(site: DotNetNukeSite, adapter) -> None:
    home = adapter.parse_listing(fetch(site, "/"))
    assert home.articles == [BASE + home_url(a) for a in site.articles[:8]]
    assert home.pages == [] and home.requests == []


def test_every_url_shape_serves_the_same_article(site: DotNetNukeSite, adapter) -> None:
    article = next(a for a in site.articles if a.images and a.attachments)
    variants = [
        detail_url(article),
        home_url(article),
        sidebar_url(article, NEWS),
        detail_url(article, PARTY),
        f"/Default.aspx?TabId={NEWS.tab_id}&ctl=Detail&mid={NEWS.mid}&ID={article.id}",
        f"/tabid/{NEWS.tab_id}/ctl/detail/mid/{NEWS.mid}/id/{article.id}/Default.aspx",
        f"/TIN-TUC/ctl/Detail/mid/{NEWS.mid}/ID/{article.id}",
    ]
    items = [adapter.parse_article(fetch(site, v)) for v in variants]
    assert {i.content_id for i in items} == {str(article.id)}
    assert {i.canonical_url for i in items} == {BASE + detail_url(article)}
    assert {i.title for i in items} == {article.title}
    assert {tuple(i.body) for i in items} == {tuple(article.paragraphs[1:])}


@pytest.mark.parametrize(
    "path",
    [
        "/tin-tuc/ctl/detail/mid/1388/id/999999",
        "/tin-tuc/ctl/detail/mid/1390/id/5000",  # a module that is not on that page
        "/tin-tuc/ctl/detail/mid/1388",
        "/tin-tuc/currentpage/13",
        "/tin-tuc/currentpage/0",
        "/tin-tuc/khong-co",
        "/gioi-thieu",
        "/sitemap.xml",
        "/RSS.aspx?TabId=56&ModuleId=1390",
    ],
)
def test_unknown_pages_answer_404(site: DotNetNukeSite, path: str) -> None:
    assert site.handle(path).status == 404


def test_article_fields_exact(site: DotNetNukeSite, adapter) -> None:
    item = process(adapter.parse_article(fetch(site, "/trang-chu/ctl/detail/mid/1385&ID=5014")))
    assert item.title == "Hội nghị Ban Chấp hành Đảng bộ huyện Long Hồ lần thứ 12"
    assert item.content_id == "5014"
    assert item.canonical_url == BASE + "/tin-tuc/ctl/detail/mid/1388/id/5014"
    assert item.published is not None and item.published.isoformat() == "2025-06-07T09:03:00+07:00"
    assert item.modified is None
    assert item.category == "Kinh tế - Xã hội"
    assert item.byline == "Hoàng Anh – Thu Hà"
    assert item.lead == (
        "Sáng ngày 6/6/2025, Ban Chấp hành Đảng bộ huyện Long Hồ khóa XX tổ chức Hội nghị lần thứ 12 để đánh giá kết "
        "quả thực hiện nhiệm vụ 6 tháng đầu năm 2025 và bàn giải pháp thời gian tới."
    )
    assert item.meeting is not None and (item.meeting.kind, item.meeting.ordinal) == ("party_committee_conference", 12)
    edited = process(adapter.parse_article(fetch(site, detail_url(site.by_id[5063]))))
    assert (edited.published_raw, edited.modified_raw) == ("04/04/2025 14:39", "05/04/2025 07:39")
    assert [(i.src, i.caption) for i in edited.images] == [
        (
            f"{BASE}/Portals/12/Images/2025/04/anh-5063-{n}.jpg",
            f"Quang cảnh dự kiến nội dung kỳ họp thứ 3 hđnd huyện (ảnh {n})",
        )
        for n in (1, 2)
    ]
    assert [(f.url, f.title, f.kind) for f in edited.attachments] == [
        (f"{BASE}/Portals/12/Files/2025/04/bao-cao-5063.pdf", "Báo cáo kết quả (PDF)", "pdf")
    ]


def test_another_vendors_detail_control_by_registry_selectors() -> None:
    """A DNN portal whose news module is not the Vĩnh Long vendor's is described by ``[portals.<slug>.selectors]``."""
    selectors = {
        "title": "h1.edn_articleTitle",
        "published": "time.edn_date",
        "lead": ".edn_articleSummary",
        "body": ".edn_articleContent",
        "byline": ".edn_author",
        "category": ".edn_category a",
    }
    portal = replace(PORTAL, selectors=MappingProxyType(selectors))
    page = """<html><body><form id="Form"><div id="dnn_ContentPane">
    <div id="dnn_ctr377_ModuleContent" class="DNNModuleContent ModDNNHTMLC"><p>Chào mừng bạn</p></div>
    <div id="dnn_ctr900_ModuleContent" class="DNNModuleContent ModEasyDNNnewsC"><div class="edn_article">
    <div class="edn_category"><a href="/tin-tuc/hdnd">Hoạt động HĐND</a></div>
    <h1 class="edn_articleTitle">Kỳ họp thứ ba HĐND xã Long Hồ khóa I</h1><time class="edn_date">12/08/2025 08:00</time>
    <div class="edn_articleSummary">Sáng 12/8/2025, HĐND xã Long Hồ khóa I khai mạc Kỳ họp thứ ba.</div>
    <div class="edn_articleContent"><p>Kỳ họp xem xét các báo cáo kinh tế - xã hội.</p>
    <p>Kỳ họp bế mạc trong ngày.</p></div>
    <div class="edn_author">Ngọc Hân</div></div></div></div></form></body></html>"""
    url = BASE + "/tin-tuc/ArticleID/321/ky-hop-thu-ba"
    item = process(adapter_for(portal).parse_article(response_for(url, page.encode())))
    assert (item.title, item.content_id, item.category, item.byline) == (
        "Kỳ họp thứ ba HĐND xã Long Hồ khóa I",
        "321",
        "Hoạt động HĐND",
        "Ngọc Hân",
    )
    assert item.published is not None and item.published.isoformat() == "2025-08-12T08:00:00+07:00"
    assert item.lead == "Sáng 12/8/2025, HĐND xã Long Hồ khóa I khai mạc Kỳ họp thứ ba."
    assert item.body == ["Kỳ họp xem xét các báo cáo kinh tế - xã hội.", "Kỳ họp bế mạc trong ngày."]
    with pytest.raises(ParseError, match="no news detail control"):
        adapter_for(PORTAL).parse_article(response_for(url, page.encode()))


def test_detail_page_keeps_furniture_out_of_the_text(site: DotNetNukeSite, adapter) -> None:
    article = next(a for a in site.articles if a.modified and a.images)
    page = site.handle(detail_url(article)).body.decode()
    for furniture in ("Ngày đăng:", "Cập nhật:", "Lượt xem:", "In bài viết", "Tin khác", "__dnnVariable", "Tìm kiếm"):
        assert furniture in page, f"the simulated page should show {furniture!r} as the real one does"
    assert 'id="dnn_P1_25_2" class="col-md-4 rightPane spacingTop DNNEmptyPane"></div>' in page, (
        "ctl= isolates the module"
    )
    item = process(adapter.parse_article(fetch(site, detail_url(article))))
    text = item.text
    for bad in (
        "Ngày đăng",
        "Lượt xem",
        "In bài viết",
        "Quay lại",
        "Tin khác",
        "Tin mới",
        "Tài liệu đính kèm",
        article.byline,
        article.images[0].caption,
    ):
        assert bad not in text, f"{bad!r} leaked into lead/body"


def test_non_article_pages_raise_parse_error(site: DotNetNukeSite, adapter) -> None:
    with pytest.raises(ParseError, match="no news detail control"):
        adapter.parse_article(fetch(site, "/tin-tuc"))
    broken = DotNetNukeSite(replace(SPECS["sim-longho"], faults=frozenset({"malformed_article", "listing_500"})))
    victim = next(a for a in broken.articles if broken.is_faulty(a, "malformed_article", 5))
    resp = broken.handle(detail_url(victim))
    assert resp.status == 200
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + detail_url(victim), resp.body))
    assert broken.handle("/tin-tuc/currentpage/2").status == 500
    assert broken.handle("/tin-tuc/currentpage/3").status == 200


def test_feed_sitemap_and_robots(site: DotNetNukeSite, adapter) -> None:
    page = site.handle(PARTY.path).body.decode()
    assert f'title="Tin tức" href="/RSS.aspx?TabId={NEWS.tab_id}&amp;ModuleId={NEWS.mid}"' in page
    assert f'href="/RSS.aspx?TabId={PARTY.tab_id}&amp;ModuleId={PARTY.mid}"' in page
    rss = site.handle(f"/RSS.aspx?TabId={NEWS.tab_id}&ModuleId={NEWS.mid}").body.decode()
    assert re.findall(r"<link>([^<]+)</link>", rss)[1:] == [site.origin + detail_url(a) for a in site.articles[:20]]
    assert all(adapter.is_article_url(u) for u in re.findall(r"<link>([^<]+)</link>", rss)[1:])
    # DNN's sitemap lists pages only: it could not stand in for the lists, so the adapter does not look for one.
    tabs = re.findall(r"<loc>([^<]+)</loc>", site.handle("/SiteMap.aspx").body.decode())
    assert tabs == [site.origin + t.path for t in (HOME, NEWS, *CATEGORY_TABS)]
    assert not any(adapter.is_article_url(u) for u in tabs)
    assert "Sitemap:" not in site.handle("/robots.txt").body.decode()
    assert [r.url for r in adapter.start_requests()] == [BASE + "/tin-tuc"]


def test_every_article_is_reachable_and_parses_back(site: DotNetNukeSite, adapter) -> None:
    result = walk(PORTAL, site)
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
            (BASE + portal_file(i.path), clean_text(i.caption)) for i in article.images
        ], where
        assert [(f.url, f.title) for f in item.attachments] == [
            (BASE + portal_file(f.path), f.title) for f in article.attachments
        ], where
        assert item.content_id == str(article.id), where


def test_sidebar_module_view_is_its_own_module(site: DotNetNukeSite) -> None:
    article = site.articles[0]
    page = site.handle(sidebar_url(article, PARTY)).body.decode()
    assert f'class="DnnModule DnnModule-TinTuc DnnModule-{SIDEBAR_MID}"' in page
    assert f'id="dnn_ctr{SIDEBAR_MID}_Main_NewsDetail_lblTieuDe"' in page
    assert Request(BASE + sidebar_url(article, PARTY)).url.endswith(f"?ID={article.id}")
