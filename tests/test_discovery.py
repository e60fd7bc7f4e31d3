"""Feeds and sitemaps as listing sources (RSS 2.0, Atom, JSON Feed, sitemap index, gzip)."""

from __future__ import annotations

import gzip
import json

from scrapy.http import Response, TextResponse

from crawler.discovery import feed_links, parse_source, sitemaps_in_robots, source_kind

BASE = "http://127.0.0.1:8705"


def resp(body: bytes | str, path: str = "/x", cls: type[Response] = TextResponse) -> Response:
    data = body.encode() if isinstance(body, str) else body
    if cls is TextResponse:
        return TextResponse(BASE + path, body=data, encoding="utf-8")
    return Response(BASE + path, body=data)


RSS = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin tức</title>
<item><title>Hội nghị Ban Chấp hành lần thứ 5</title><link>{BASE}/news/tin-tuc/hoi-nghi-bch-lan-thu-5-3021.html</link>
<pubDate>Sat, 05 Aug 2023 14:32:00 +0700</pubDate></item>
<item><title>Tin khác</title><link>https://other.example.vn/a-1.html</link></item>
<item><title>Chuyên mục</title><link>{BASE}/news/tin-tuc/</link></item></channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Kỳ họp thứ 9</title><link href="{BASE}/2022/07/11/ky-hop-thu-9/"/><id>tag:x,2022:1</id>
<updated>2022-07-11T09:20:00Z</updated></entry></feed>"""
JSONFEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "t",
        "items": [{"id": "1", "url": f"{BASE}/2022/07/11/ky-hop-thu-9/", "title": "Kỳ họp thứ 9"}],
    }
)
URLSET = f"""<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{BASE}/news/tin-tuc/hoi-nghi-bch-lan-thu-5-3021.html</loc></url><url><loc>{BASE}/news/tin-tuc/</loc></url>
</urlset>"""
INDEX = f"""<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{BASE}/sitemap-news.xml</loc></sitemap><sitemap><loc>{BASE}/sitemap-pages.xml.gz</loc></sitemap>
</sitemapindex>"""


def only_articles(url: str) -> bool:
    return url.endswith(".html") or url.count("/") > 5


def test_rss_lists_same_site_articles_only() -> None:
    listing = parse_source(resp(RSS), only_articles)
    assert listing is not None
    assert listing.articles == [f"{BASE}/news/tin-tuc/hoi-nghi-bch-lan-thu-5-3021.html"]


def test_atom_and_json_feed() -> None:
    for body in (ATOM, JSONFEED):
        listing = parse_source(resp(body))
        assert listing is not None and listing.articles == [f"{BASE}/2022/07/11/ky-hop-thu-9/"]


def test_sitemaps_plain_gzipped_and_index() -> None:
    listing = parse_source(resp(URLSET), only_articles)
    assert listing is not None and listing.articles == [f"{BASE}/news/tin-tuc/hoi-nghi-bch-lan-thu-5-3021.html"]
    gz = parse_source(resp(gzip.compress(URLSET.encode()), "/sitemap.xml.gz", Response), only_articles)
    assert gz is not None and gz.articles == listing.articles
    index = parse_source(resp(INDEX))
    assert index is not None and index.pages == [f"{BASE}/sitemap-news.xml", f"{BASE}/sitemap-pages.xml.gz"]


def test_html_pages_are_not_sources() -> None:
    page = '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head></html>'
    assert source_kind(resp(page)) is None and parse_source(resp(page)) is None
    assert source_kind(resp("{not json")) is None


def test_autodiscovery_and_robots() -> None:
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" title="RSS" href="/feed/">'
        '<link rel="alternate" type="application/feed+json" href="/feed/json/">'
        '<link rel="alternate" hreflang="en" href="/en/"></head></html>'
    )
    assert feed_links(page, BASE + "/") == [f"{BASE}/feed/", f"{BASE}/feed/json/"]
    robots = "User-agent: *\nDisallow: /admin/\nSitemap: /sitemap.xml\nSitemap: https://cdn.example.vn/s.xml\n"
    assert sitemaps_in_robots(robots, BASE) == [f"{BASE}/sitemap.xml", "https://cdn.example.vn/s.xml"]
