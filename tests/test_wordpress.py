"""The WordPress simulator's routes and REST API, and the WordPress adapter, in-process (``site.handle``)."""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from scrapy.http import Request, TextResponse

from crawler.adapters.base import API, META, ParseError, Source, adapter_for, source_of
from crawler.adapters.wordpress import WordPressAdapter
from crawler.adapters.wordpress_rest import posts_url
from crawler.fixtures import FIXTURES, response_for
from crawler.registry import load_registry
from crawler.simulator.server import build_site
from crawler.simulator.site import SimSite
from crawler.simulator.sites import SPECS
from crawler.simulator.wordpress import PER_PAGE, permalink, upload_url
from crawler.text import clean_text

PORTALS = load_registry()
BOILERPLATE = ("Leave a Reply", "Your email address", "Akismet", "Chia sẻ", "Có liên quan", "Tải xuống")


@pytest.fixture(scope="module")
def tuyenhoa() -> SimSite:
    return build_site(SPECS["sim-tuyenhoa"])


@pytest.fixture(scope="module")
def broken() -> SimSite:
    return build_site(SPECS["sim-broken"])


def fetch(site: SimSite, url: str):
    """The page at ``url`` as a Scrapy response, from the site object itself."""
    parts = urlsplit(url)
    answer = site.handle(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert answer.status == 200, f"{url} answered {answer.status}"
    return response_for(url, answer.body)


def crawl_listings(slug: str, site: SimSite) -> tuple[list[str], list[str]]:
    """Walk the pagination from the start page: (listing pages visited, article URLs found), in order."""
    adapter = adapter_for(PORTALS[slug])
    queue, seen, articles = list(PORTALS[slug].start_urls), set(), []
    visited = []
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if site.handle(urlsplit(url).path).status != 200:
            continue
        visited.append(url)
        listing = adapter.parse_listing(fetch(site, url))
        articles += [a for a in listing.articles if a not in articles]
        queue += [p for p in listing.pages if p not in seen]
    return visited, articles


# Simulator routes -----------------------------------------------------------------------------


def test_home_paginates_240_posts_into_24_pages(tuyenhoa: SimSite) -> None:
    pages, _ = crawl_listings("sim-tuyenhoa", tuyenhoa)
    assert len(pages) == 24 == -(-len(tuyenhoa.articles) // PER_PAGE)
    assert urlsplit(pages[-1]).path == "/page/24/" or "/page/24/" in {urlsplit(p).path for p in pages}
    assert tuyenhoa.handle("/page/25/").status == 404
    assert tuyenhoa.handle("/page/1/").headers["Location"] == "/"


def test_shortlink_redirects_to_permalink(tuyenhoa: SimSite) -> None:
    post = tuyenhoa.articles[3]
    answer = tuyenhoa.handle(f"/?p={post.id}")
    assert answer.status == 301
    assert answer.headers["Location"] == permalink(post) == f"/{post.published:%Y/%m/%d}/{post.slug}/"
    assert tuyenhoa.handle("/?p=99").status == 404


def test_unknown_paths_get_the_themes_404_page(tuyenhoa: SimSite) -> None:
    for path in ("/khong-co/", "/2020/07/04/khong-co-bai-nay/", "/category/khong-co/", "/wp-login.php"):
        answer = tuyenhoa.handle(path)
        assert answer.status == 404, path
        assert 'class="error404' in answer.body.decode() and "Không thể tìm thấy trang này" in answer.body.decode()


def test_single_post_has_canonical_shortlink_and_postid(tuyenhoa: SimSite) -> None:
    post = tuyenhoa.articles[5]
    page = tuyenhoa.handle(permalink(post)).body.decode()
    assert f'<link rel="canonical" href="{permalink(post)}" />' in page
    assert f"<link rel='shortlink' href='/?p={post.id}' />" in page
    assert f"postid-{post.id}" in page and f'<article id="post-{post.id}"' in page


def test_listing_500_fault_hits_only_page_two(broken: SimSite, tuyenhoa: SimSite) -> None:
    assert broken.handle("/page/2/").status == 500
    assert broken.handle("/page/3/").status == 200
    assert tuyenhoa.handle("/page/2/").status == 200


def test_article_500_fault(broken: SimSite) -> None:
    down = [a for a in broken.articles if broken.is_faulty(a, "article_500", 7)]
    assert len(down) in (len(broken.articles) // 7, len(broken.articles) // 7 + 1)
    assert all(broken.handle(permalink(a)).status == 500 for a in down)
    assert broken.handle("/").status == 200 and broken.handle(f"/?p={broken.articles[0].id}").status == 301


def test_malformed_article_fault(broken: SimSite) -> None:
    adapter = adapter_for(PORTALS["sim-broken"])
    base = PORTALS["sim-broken"].base_url
    malformed = [a for a in broken.articles if broken.is_faulty(a, "malformed_article", 5)]
    malformed = [a for a in malformed if not broken.is_faulty(a, "article_500", 7)]  # 500 wins
    assert len(malformed) >= len(broken.articles) // 5 - 2
    for post in malformed:
        answer = broken.handle(permalink(post))
        assert answer.status == 200
        with pytest.raises(ParseError, match="no WordPress post"):
            adapter.parse_article(response_for(base + permalink(post), answer.body))


# Adapter --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (b"<html><body><div class='entry-content'><p>Ng\xc3\xa0y </div><table><tr><td><p>", "no WordPress post"),
        (
            b"<html><body class='single postid-7'><article id='post-7'><h1 class='entry-title'>X</h1></article>",
            "no post content",
        ),
        (
            b"<html><body><article id='post-7' class='post'><div class='entry-content'><p>Text.</p></div></article>",
            "no article title",
        ),
        (
            b"<html><body><article id='post-7' class='post'><h1 class='entry-title'>T</h1>"
            b"<div class='entry-content'> </div></article>",
            "has no text",
        ),
    ],
    ids=["cut-off", "no-content", "no-title", "empty-content"],
)
def test_malformed_pages_raise_parse_error(page: bytes, message: str) -> None:
    adapter = WordPressAdapter(PORTALS["sim-tuyenhoa"])
    with pytest.raises(ParseError, match=message):
        adapter.parse_article(response_for("http://127.0.0.1:8701/2020/01/01/x/", page))


def test_listing_and_error_pages_are_not_articles(tuyenhoa: SimSite) -> None:
    adapter = adapter_for(PORTALS["sim-tuyenhoa"])
    base = PORTALS["sim-tuyenhoa"].base_url
    with pytest.raises(ParseError, match="listing page"):
        adapter.parse_article(response_for(base + "/", tuyenhoa.handle("/").body))
    with pytest.raises(ParseError, match="not a single post"):
        adapter.parse_article(response_for(base + "/x/", tuyenhoa.handle("/x/").body))


@pytest.mark.parametrize("slug", ["tuyenhoa", "sim-tuyenhoa"])
def test_seed_page_byline_and_no_boilerplate(slug: str) -> None:
    case = json.loads((FIXTURES / "wordpress" / slug / "seed-article.json").read_text(encoding="utf-8"))
    html = (FIXTURES / "wordpress" / slug / "seed-article.html").read_bytes()
    assert b"Leave a Reply" in html and b"This site uses Akismet" in html  # the page has them...
    item = adapter_for(PORTALS[slug]).parse_article(response_for(case["url"], html))
    assert item.byline == "Văn Tư – Thanh Đạm"
    assert item.lead is not None and item.lead.startswith("Ngày 3/7, Ban chỉ đạo xây dựng cơ sở huyện Tuyên Hóa")
    assert item.body[-1].endswith("cụm an toàn làm chủ 6 tháng cuối năm 2020.")
    text = item.text
    assert not any(b in text for b in BOILERPLATE), "...the item does not"
    assert "Văn Tư" not in text and len(item.body) == 3
    assert item.published is not None and item.published.isoformat() == "2020-07-04T08:42:00+07:00"
    assert item.category == "Xây dựng Đảng" and item.modified is None


def test_listing_ignores_menus_widgets_and_post_navigation(tuyenhoa: SimSite) -> None:
    adapter = adapter_for(PORTALS["sim-tuyenhoa"])
    base = PORTALS["sim-tuyenhoa"].base_url
    home = adapter.parse_listing(fetch(tuyenhoa, base + "/"))
    assert home.articles == [base + permalink(a) for a in tuyenhoa.articles[:PER_PAGE]]
    assert [urlsplit(p).path for p in home.pages] == ["/page/2/", "/page/3/", "/page/24/"]
    single = adapter.parse_listing(fetch(tuyenhoa, base + permalink(tuyenhoa.articles[4])))
    assert single.articles == [] and single.pages == []


# Every simulated post, found and parsed back -------------------------------------------------


@pytest.mark.parametrize("slug", ["sim-tuyenhoa", "sim-bench"])
def test_every_post_is_reachable_and_parses_to_its_ground_truth(slug: str) -> None:
    site = build_site(SPECS[slug])
    base = PORTALS[slug].base_url
    _, found = crawl_listings(slug, site)
    assert sorted(found) == sorted(base + permalink(a) for a in site.articles), "pagination must reach every post"
    adapter = adapter_for(PORTALS[slug])
    for post in site.articles:
        item = adapter.parse_article(fetch(site, base + permalink(post)))
        where = f"{slug} post {post.id}"
        assert item.title == post.title, where
        assert item.published == post.published and item.modified == post.modified, where
        assert item.category == post.category and item.byline == post.byline, where
        assert [item.lead, *item.body] == list(post.paragraphs), where
        assert item.content_id == str(post.id), where
        # Captions are compared with whitespace collapsed, as every stored text is (clean_text).
        assert [(i.src, i.caption) for i in item.images] == [
            (base + upload_url(i.path), clean_text(i.caption)) for i in post.images
        ], where
        assert [(a.url, a.title) for a in item.attachments] == [
            (base + upload_url(a.path), a.title) for a in post.attachments
        ], where


def test_broken_portal_still_reaches_posts_past_the_failing_page(broken: SimSite) -> None:
    pages, found = crawl_listings("sim-broken", broken)
    base = PORTALS["sim-broken"].base_url
    assert [urlsplit(p).path for p in pages] == ["/", "/page/3/", "/page/4/"]
    expected = [base + permalink(a) for i, a in enumerate(broken.articles) if not PER_PAGE <= i < 2 * PER_PAGE]
    assert sorted(found) == sorted(expected)


# REST API: the simulator serves it as WordPress does, the adapter reads whole posts from it ---------------

REST = "/wp-json/wp/v2/posts?per_page=100&_embed=1&orderby=date&order=desc"


def rest_response(site: SimSite, url: str, meta: dict[str, object] | None = None) -> TextResponse:
    """The simulator's answer to a REST URL as Scrapy builds it (headers included)."""
    parts = urlsplit(url)
    answer = site.handle(parts.path + (f"?{parts.query}" if parts.query else ""))
    headers = {**answer.headers, "Content-Type": answer.content_type}
    return TextResponse(
        url=url,
        status=answer.status,
        body=answer.body,
        headers=headers,
        encoding="utf-8",
        request=Request(url, meta=meta or {}),
    )


def test_rest_api_pages_like_wordpress(tuyenhoa: SimSite) -> None:
    first = tuyenhoa.handle(REST)
    assert first.status == 200 and first.content_type.startswith("application/json")
    assert (first.headers["X-WP-Total"], first.headers["X-WP-TotalPages"]) == ("240", "3")
    assert first.headers["Link"] == f'<{tuyenhoa.origin}{REST}&page=2>; rel="next"'
    last = tuyenhoa.handle(REST + "&page=3")
    assert len(json.loads(last.body)) == 40
    assert 'rel="prev"' in last.headers["Link"] and "next" not in last.headers["Link"]
    past = tuyenhoa.handle(REST + "&page=4")
    assert past.status == 400 and json.loads(past.body)["code"] == "rest_post_invalid_page_number"
    assert tuyenhoa.handle("/wp-json/wp/v2/posts?per_page=101").status == 400
    plain = json.loads(tuyenhoa.handle("/?rest_route=/wp/v2/posts&per_page=5").body)
    assert [p["id"] for p in plain] == [a.id for a in tuyenhoa.articles[:5]]
    post = json.loads(first.body)[0]
    seed = tuyenhoa.articles[0]
    assert (post["date"], post["date_gmt"]) == (seed.published.strftime("%Y-%m-%dT%H:%M:%S"), "2020-07-04T01:42:00")
    assert post["link"] == tuyenhoa.origin + permalink(seed) and post["guid"]["rendered"].endswith(f"/?p={seed.id}")
    assert post["_embedded"]["wp:term"][0][0]["name"] == seed.category and post["_embedded"]["author"][0]["name"]
    assert "sharedaddy" not in post["content"]["rendered"]
    assert "_embedded" not in json.loads(tuyenhoa.handle("/wp-json/wp/v2/posts").body)[0]
    assert b'<link rel="https://api.w.org/" href="http://127.0.0.1:8701/wp-json/" />' in tuyenhoa.handle("/").body


def test_rest_after_filters_by_watermark(tuyenhoa: SimSite) -> None:
    watermark = tuyenhoa.articles[9].published
    url = posts_url(tuyenhoa.origin + "/wp-json/", after=watermark.isoformat())
    assert "after=" + watermark.isoformat().replace(":", "%3A").replace("+", "%2B") in url
    newer = json.loads(tuyenhoa.handle(url.removeprefix(tuyenhoa.origin)).body)
    assert [p["id"] for p in newer] == [a.id for a in tuyenhoa.articles if a.published > watermark]


def test_rest_disabled_and_broken_portals_answer_401() -> None:
    disabled = build_site(replace(SPECS["sim-tuyenhoa"], faults=frozenset({"rest_disabled"})))
    for site in (disabled, build_site(SPECS["sim-broken"])):
        for path in (REST, "/?rest_route=/wp/v2/posts"):
            answer = site.handle(path)
            assert answer.status == 401 and json.loads(answer.body)["code"] == "rest_cannot_access"
    assert disabled.handle("/").status == 200


def test_posts_url_in_both_forms() -> None:
    assert posts_url("http://x.vn/wp-json/") == "http://x.vn" + REST
    assert posts_url("http://x.vn/?rest_route=/", page=2, modified_after="2025-01-01T00:00:00") == (
        "http://x.vn/?rest_route=/wp/v2/posts&per_page=100&_embed=1&orderby=date&order=desc&page=2"
        "&modified_after=2025-01-01T00%3A00%3A00"
    )
    assert posts_url("http://x.vn/huyen/index.php?rest_route=/").startswith("http://x.vn/huyen/index.php?rest_route=")


def test_start_request_is_the_rest_api_with_html_fallback() -> None:
    [request] = adapter_for(PORTALS["sim-tuyenhoa"]).start_requests()
    assert request.url == "http://127.0.0.1:8701" + REST
    assert source_of(request) == Source(API, fallback=("http://127.0.0.1:8701/",), tried=("pretty",))


def test_every_post_from_the_rest_api_matches_its_ground_truth(tuyenhoa: SimSite) -> None:
    adapter = adapter_for(PORTALS["sim-tuyenhoa"])
    base, url, items = PORTALS["sim-tuyenhoa"].base_url, PORTALS["sim-tuyenhoa"].base_url + REST, []
    pages = 0
    while url:
        listing = adapter.parse_listing(rest_response(tuyenhoa, url))
        assert listing.articles == [] and listing.requests == []
        items += listing.items
        url, pages = (listing.pages or [""])[0], pages + 1
    assert pages == 3
    assert [i.content_id for i in items] == [str(a.id) for a in tuyenhoa.articles]
    for item, post in zip(items, tuyenhoa.articles, strict=True):
        where = f"post {post.id}"
        assert (item.title, item.url, item.category, item.byline) == (
            post.title,
            base + permalink(post),
            post.category,
            post.byline,
        ), where
        assert item.published == post.published and item.modified == post.modified, where
        assert [item.lead, *item.body] == list(post.paragraphs), where
        assert [(i.src, i.caption) for i in item.images] == [
            (base + upload_url(i.path), clean_text(i.caption)) for i in post.images
        ], where
        assert [(a.url, a.title) for a in item.attachments] == [
            (base + upload_url(a.path), a.title) for a in post.attachments
        ], where


def test_rest_next_page_from_link_header_alone(tuyenhoa: SimSite) -> None:
    response = rest_response(tuyenhoa, PORTALS["sim-tuyenhoa"].base_url + REST)
    headers = {k: v for k, v in response.headers.items() if k.lower() != b"x-wp-totalpages"}
    listing = adapter_for(PORTALS["sim-tuyenhoa"]).parse_listing(response.replace(headers=headers))
    assert listing.pages == [f"{tuyenhoa.origin}{REST}&page=2"]


def test_rest_failures_are_parse_errors_and_html_answers_retry_the_plain_form(tuyenhoa: SimSite) -> None:
    adapter = adapter_for(PORTALS["sim-tuyenhoa"])
    base = PORTALS["sim-tuyenhoa"].base_url
    error = TextResponse(
        url=base + REST,
        body=b'{"code":"rest_no_route","message":"x","data":{"status":404}}',
        headers={"Content-Type": "application/json"},
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match="rest_no_route"):
        adapter.parse_listing(error)
    tried = Source(API, fallback=(base + "/",), tried=("pretty",))
    html_answer = rest_response(tuyenhoa, base + "/", {META: tried}).replace(url=base + REST)
    [retry] = adapter.parse_listing(html_answer).requests
    assert retry.url == base + "/?rest_route=/wp/v2/posts&per_page=100&_embed=1&orderby=date&order=desc"
    assert source_of(retry) == Source(API, fallback=(base + "/",), tried=("pretty", "plain"))
    again = rest_response(tuyenhoa, base + "/", {META: Source(API, fallback=(base + "/",), tried=("pretty", "plain"))})
    with pytest.raises(ParseError, match="answered an HTML page"):
        adapter.parse_listing(again)
