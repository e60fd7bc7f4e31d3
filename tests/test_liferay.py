"""The Liferay simulator and adapter together: pagination, URL variants, faults, and a full walk of
sim-tanhong whose every article must parse back to its SimArticle ground truth."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import pytest

from crawler.adapters.base import ParseError, adapter_for
from crawler.adapters.liferay import content_id
from crawler.enrich import process
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.liferay import DETAIL_INSTANCE, LISTINGS, LiferaySite, document_url, page_url
from crawler.simulator.sites import SPECS
from crawler.simulator.walk import fetch_page, walk
from crawler.text import clean_text

PORTAL = load_registry()["sim-tanhong"]
BASE = PORTAL.base_url
SEED_ID = 11790550
SEED_PATH = f"/web/hth/chi-tiet-bai-viet/-/asset_publisher/{DETAIL_INSTANCE}/content/id/{SEED_ID}?plidlayout=4694"


@pytest.fixture(scope="module")
def site() -> LiferaySite:
    return LiferaySite(SPECS["sim-tanhong"])


@pytest.fixture(scope="module")
def adapter():
    return adapter_for(PORTAL)


def fetch(site: LiferaySite, path: str):
    return fetch_page(site, BASE, path)


def test_listing_paginates_240_articles_ten_per_page(site: LiferaySite, adapter) -> None:
    first = adapter.parse_listing(fetch(site, "/web/hth/tin-tuc"))
    assert len(site.articles) == 240
    assert len(first.articles) == 10
    assert content_id(first.articles[0]) == str(SEED_ID), "the seed is the newest article"
    instance = LISTINGS["tin-tuc"][1]
    last = BASE + page_url("hth", "tin-tuc", instance, 24)
    assert last in first.pages, "page 1 must offer the last page (24 = 240 / 10)"
    assert BASE + page_url("hth", "tin-tuc", instance, 25) not in first.pages
    end = adapter.parse_listing(fetch(site, last.removeprefix(BASE)))
    assert len(end.articles) == 10
    assert BASE + page_url("hth", "tin-tuc", instance, 23) in end.pages
    assert all("_cur=24" not in p for p in end.pages), "the last page links neither to itself nor to a next page"
    assert "Hiển thị từ 231 đến 240 trong 240 mục." in site.handle(last.removeprefix(BASE)).body.decode()


def test_walk_visits_24_listing_pages(site: LiferaySite) -> None:
    result = walk(PORTAL, site)
    # Page 1 is reached twice, as on a real portal: as /web/hth/tin-tuc and as the paginator's _cur=1.
    numbers = {int(u.rsplit("_cur=", 1)[1]) if "_cur=" in u else 1 for u in result.listings}
    assert numbers == set(range(1, 25))
    assert len(result.listings) == 25
    assert result.failed_listings == 0
    assert len(result.articles) == 240


def test_url_variants_serve_the_same_content_id(site: LiferaySite, adapter) -> None:
    plain = f"/web/hth/chi-tiet-bai-viet/-/asset_publisher/{DETAIL_INSTANCE}/content/id/{SEED_ID}"
    variants = [
        plain,
        SEED_PATH,
        f"{plain}?plidlayout=4695&redirect={quote('/web/hth/tin-hoat-dong', safe='')}",
        f"/web/hth/chi-tiet-bai-viet/-/asset_publisher/Xk2pTq9LmZ4e/content/id/{SEED_ID}?redirect=%2Fweb%2Fhth",
        f"/web/hth/chi-tiet-bai-viet/-/asset_publisher/aBcDeFgHiJkL/content/id/{SEED_ID}",
    ]
    items = [adapter.parse_article(fetch(site, v)) for v in variants]
    assert {i.content_id for i in items} == {str(SEED_ID)}
    assert {i.canonical_url for i in items} == {BASE + plain}
    assert {i.title for i in items} == {"Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"}


@pytest.mark.parametrize(
    "path",
    [
        f"/web/hth/chi-tiet-bai-viet/-/asset_publisher/{DETAIL_INSTANCE}/content/id/999",
        f"/web/other/chi-tiet-bai-viet/-/asset_publisher/{DETAIL_INSTANCE}/content/id/{SEED_ID}",
        "/web/hth/khong-co-trang-nay",
    ],
)
def test_unknown_pages_answer_404(site: LiferaySite, path: str) -> None:
    assert site.handle(path).status == 404


def test_seed_page_keeps_boilerplate_out_of_the_text(site: LiferaySite, adapter) -> None:
    page = site.handle(SEED_PATH).body.decode()
    for furniture in ("Xuất bản thông tin", ">null<", "Chi tiết bài viết", "In bài viết", "Chia sẻ:", "Tin khác"):
        assert furniture in page, f"the simulated page should show {furniture!r} as the real one does"
    item = process(adapter.parse_article(fetch(site, SEED_PATH)))
    assert item.title == "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"
    assert item.lead
    assert item.lead.startswith("Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng tổ chức kỳ họp lần thứ 9")
    assert item.byline == "BT: Kim Lệ + Ảnh: Chí Dũng"
    assert item.category == "Tin hoạt động"
    assert item.published is not None and item.published.isoformat() == "2022-07-11T16:20:00+07:00"
    assert item.body[-1].endswith("thực hiện tốt công tác phòng, chống dịch CoVid - 19 trong điều kiện mới./.")
    text = item.text
    related = site.articles[1].title
    for bad in (
        "Xuất bản thông tin",
        "null",
        "Chi tiết bài viết",
        "In bài viết",
        "Chia sẻ",
        "Facebook",
        "Tin khác",
        "Kim Lệ",
        related,
    ):
        assert bad not in text, f"{bad!r} leaked into lead/body"
    assert item.meeting is not None and item.meeting.ordinal == 9


def test_non_article_pages_raise_parse_error(site: LiferaySite, adapter) -> None:
    with pytest.raises(ParseError, match="no Liferay web content"):
        adapter.parse_article(fetch(site, "/web/hth/tin-tuc"))
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + "/web/hth/x", site.handle("/web/hth/x").body))


def test_faults_are_served_when_the_spec_asks(adapter) -> None:
    spec = SPECS["sim-tanhong"]
    # first_id 7000: every id is a multiple of 7, so article_500 has victims.
    erring = LiferaySite(replace(spec, first_id=7000, faults=frozenset({"listing_500", "article_500"})))
    instance = LISTINGS["tin-tuc"][1]
    assert erring.handle(page_url("hth", "tin-tuc", instance, 2)).status == 500
    assert erring.handle(page_url("hth", "tin-tuc", instance, 3)).status == 200
    victim = next(a for a in erring.articles if erring.is_faulty(a, "article_500", 7))
    assert erring.handle(erring.detail_url(victim)).status == 500
    assert erring.handle(SEED_PATH).status == 200, "faults never hit a seed article"
    broken = LiferaySite(replace(spec, faults=frozenset({"malformed_article"})))
    victim = next(a for a in broken.articles if broken.is_faulty(a, "malformed_article", 5))
    resp = broken.handle(broken.detail_url(victim))
    assert resp.status == 200
    with pytest.raises(ParseError):
        adapter.parse_article(response_for(BASE + broken.detail_url(victim), resp.body))


def test_every_article_is_reachable_and_parses_back(site: LiferaySite, adapter) -> None:
    urls = walk(PORTAL, site).articles
    by_id = {content_id(u): u for u in urls}
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
            (BASE + document_url(i.path), clean_text(i.caption)) for i in article.images
        ], where
        assert [(f.url, f.title) for f in item.attachments] == [
            (BASE + document_url(f.path), f.title) for f in article.attachments
        ], where
