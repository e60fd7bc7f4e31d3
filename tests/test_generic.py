"""The generic adapter, with the specific adapters switched off, on every simulated CMS family."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crawler.adapters.base import ParseError
from crawler.adapters.generic import GenericAdapter, _extract, article_title
from crawler.enrich import process
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.server import build_site
from crawler.simulator.sites import SITES
from crawler.simulator.walk import walk
from crawler.vocab import Cms

PORTALS = load_registry()
# One healthy portal per CMS family.
FAMILIES = {spec.cms: spec for spec in reversed(SITES) if not spec.faults and spec.count <= 500}


@pytest.mark.integration  # crawls a simulated portal of each family end to end
@pytest.mark.parametrize("spec", FAMILIES.values(), ids=[str(c) for c in FAMILIES])
def test_generic_finds_and_reads_the_articles_of_every_family(spec) -> None:
    portal = dataclasses.replace(PORTALS[spec.slug], cms=Cms.GENERIC)
    site = build_site(spec)
    adapter = GenericAdapter(portal)
    walked = walk(portal, site, adapter)
    truth = {(a.title, a.published.isoformat()) for a in site.articles}
    exact = set()
    for url in walked.articles:
        page = site.handle(url.removeprefix(portal.base_url))
        try:
            item = process(adapter.parse_article(response_for(url, page.body)))
        except ParseError:
            continue
        assert item.cms == "generic", "items say the generic extractor made them"
        exact.add((item.title, item.published.isoformat() if item.published else None))
    found = len(truth & exact) / len(truth)
    assert found >= 0.95, f"{spec.slug}: generic found {found:.1%} of articles with exact title and date"


def test_generic_marks_items_and_reads_vietnamese_stamps() -> None:
    html = """<html><head><title>Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 5 - Huyện ủy X</title></head>
    <body><header><h1 class="site-title">Huyện ủy X</h1></header><main>
    <h2>Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 5</h2><div class="date">Ngày đăng: 05/08/2023 14:32</div>
    <div class="content"><p>Sáng ngày 5/8/2023, Ban Chấp hành Đảng bộ huyện tổ chức Hội nghị lần thứ 5 để đánh giá
    kết quả thực hiện nhiệm vụ 6 tháng đầu năm và bàn giải pháp thời gian tới.</p>
    <p>Các đại biểu đã tập trung thảo luận, đóng góp nhiều ý kiến tâm huyết, trách nhiệm vào dự thảo báo cáo.</p>
    <p>Minh Châu</p></div></main></body></html>"""
    item = process(
        GenericAdapter(PORTALS["sim-tuyenhoa"]).parse_article(
            response_for("http://127.0.0.1:8701/hoi-nghi-ban-chap-hanh-lan-thu-5-123.html", html.encode())
        )
    )
    assert item.title == "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 5"
    assert item.published is not None and item.published.isoformat() == "2023-08-05T14:32:00+07:00"
    assert item.lead is not None and item.lead.startswith("Sáng ngày 5/8/2023")
    assert item.byline == "Minh Châu"


# URL shapes, not recorded pages: the vendor platforms of provincial party committee portals (<province>.dcs.vn)
# end article URLs with -c<id>.html, -a<id>.html or -<id>.html; DotNetNuke communes print module views.
VENDOR_ARTICLES = [
    "https://hungyen.dcs.vn/tin-tuc/hoi-nghi-ban-chap-hanh-dang-bo-tinh-lan-thu-20-c12345.html",
    "https://tayninh.dcs.vn/hoat-dong-cua-tinh-uy/ky-hop-thu-nhat-hdnd-tinh-a4821.html",
    "https://tayninh.dcs.vn/hoat-dong-cua-tinh-uy/ky-hop-thu-nhat-hdnd-tinh-a4821.html?utm_source=zalo",
    "https://hungyen.dcs.vn/xay-dung-dang/dai-hoi-dang-bo-xa-c9.html",
    "https://tinhuy.example.vn/tin-tuc/hoi-nghi-so-ket-6-thang-2025-54321.html",
    "https://longho.vinhlong.gov.vn/tin-tuc/ctl/detail/mid/1388/id/5063",
    "https://longho.vinhlong.gov.vn/trang-chu/ctl/detail/mid/1385&ID=5014",
    "https://example.gov.vn/tin-tuc/ArticleID/123/hoi-nghi",
]
VENDOR_NOT_ARTICLES = [
    "https://hungyen.dcs.vn/tin-tuc.html",
    "https://hungyen.dcs.vn/tin-tuc/trang-2.html",
    "https://hungyen.dcs.vn/tin-tuc/trang-12.html",
    "https://hungyen.dcs.vn/tin-tuc?trang=3",
    "https://tayninh.dcs.vn/gioi-thieu-c1.html",
    "https://tayninh.dcs.vn/uploads/news/2025/anh-hoi-nghi-c12345.jpg",
    "https://longho.vinhlong.gov.vn/tin-tuc/currentpage/3",
    "https://longho.vinhlong.gov.vn/tin-tuc",
    "https://longho.vinhlong.gov.vn/lien-he",
]


@pytest.mark.parametrize("url", VENDOR_ARTICLES)
def test_vendor_article_urls_are_articles(url: str) -> None:
    assert GenericAdapter(PORTALS["sim-tuyenhoa"]).is_article_url(url)


@pytest.mark.parametrize("url", VENDOR_NOT_ARTICLES)
def test_vendor_lists_pagers_and_files_are_not_articles(url: str) -> None:
    assert not GenericAdapter(PORTALS["sim-tuyenhoa"]).is_article_url(url)


def test_vendor_pagers_are_followed() -> None:
    html = (
        '<html><body><a href="/tin-tuc/hoi-nghi-c123.html">Hội nghị</a><div class="paging">'
        '<a href="/tin-tuc/trang-2.html">2</a><a href="/tin-tuc/currentpage/3">3</a><a href="/tin-tuc?trang=4">4</a>'
        '<a href="/tin-tuc/hoi-nghi-c124.html">Sau</a></div></body></html>'
    )
    listing = GenericAdapter(PORTALS["sim-tuyenhoa"]).parse_listing(
        response_for("http://127.0.0.1:8701/tin-tuc.html", html.encode())
    )
    base = "http://127.0.0.1:8701"
    assert listing.articles == [f"{base}/tin-tuc/hoi-nghi-c123.html", f"{base}/tin-tuc/hoi-nghi-c124.html"]
    assert listing.pages == [f"{base}/tin-tuc/trang-2.html", f"{base}/tin-tuc/currentpage/3", f"{base}/tin-tuc?trang=4"]


def _generic_title(call, response):  # type: ignore[no-untyped-def]
    try:
        return call(response)
    except ParseError as exc:
        return ParseError, str(exc)


def test_article_title_is_the_generic_items_title_on_every_saved_page() -> None:
    """The health checks' second opinion (``article_title``) reads the title ``parse_article`` reads, and fails
    where it fails, on every saved page of every CMS and on pages without a heading the page title repeats."""
    pages = sorted(Path("tests/fixtures").glob("*/**/*.html"))
    assert len(pages) >= 40
    text = "Nội dung bài viết. " * 40
    untitled = f"<html><head><title>Trang chủ</title></head><body><main><p>{text}</p></main></body></html>"
    empty = "<html><head><title>Tin tức - Huyện ủy</title></head><body></body></html>"
    adapter = GenericAdapter(PORTALS["sim-tuyenhoa"])
    answers = []
    for i, body in enumerate([*(p.read_bytes() for p in pages), untitled.encode(), empty.encode()]):
        url = f"http://127.0.0.1:8701/trang-{i}.html"
        full = _generic_title(lambda r: adapter.parse_article(r).title, response_for(url, body))
        answers.append(full)
        assert _generic_title(article_title, response_for(url, body)) == full, url
        texts = [_generic_title(lambda r, m=m: _extract(r, metadata=m).text, response_for(url, body)) for m in (0, 1)]
        assert texts[0] == texts[1], f"{url}: trafilatura's text depends on its metadata"
    assert sum(isinstance(a, str) for a in answers) >= 40
    url = f"http://127.0.0.1:8701/trang-{len(answers) - 1}.html"
    assert answers[-1] == (ParseError, f"no main text found on {url} by the generic extractor")
