"""Feeds and sitemaps as listing sources, for every CMS.

A registry start path may be an RSS 2.0 / Atom / JSON Feed or a sitemap (index, gzipped too); the
spider asks ``parse_source`` before the CMS adapter, so a feed or sitemap lists articles the same way
a listing page does. Parsing uses feedparser and Scrapy's own sitemap reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import feedparser
from parsel import Selector
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.adapters.base import META, SITEMAP, Listing, Source, source_of

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
_XML_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|urlset|sitemapindex|rdf:RDF)\b")


def _body(response: Response) -> bytes:
    body = response.body
    if body[:2] == b"\x1f\x8b":  # gzipped sitemap served as a file
        body = gunzip(body)
    return body


def source_kind(response: Response) -> str | None:
    """``"sitemap"``, ``"feed"`` or None (an HTML page), from the document itself, not its URL."""
    body = _body(response).lstrip()[:2048]
    if body.startswith(b"{"):
        try:
            data = json.loads(_body(response))
        except ValueError:
            return None
        return "feed" if isinstance(data, dict) and "jsonfeed.org" in str(data.get("version", "")) else None
    m = _XML_ROOT.search(body)
    if not m or b"<html" in body[: m.start()].lower():
        return None
    return "sitemap" if m.group(1) in (b"urlset", b"sitemapindex") else "feed"


def parse_source(
    response: Response,
    is_article: Callable[[str], bool] = lambda url: True,
    is_document: Callable[[str], bool] = lambda url: False,
) -> Listing | None:
    """Articles (and sub-sitemaps) a feed or sitemap lists, or the sitemaps a robots.txt names; document registry
    pages among them (``is_document``) are ``documents``. None when the response is none of these."""
    if urlsplit(response.url).path == "/robots.txt":
        return _robots(response)
    kind = source_kind(response)
    if kind is None:
        return None
    host = response.urljoin("/")
    if kind == "sitemap":
        sitemap = Sitemap(_body(response))
        entries = {response.urljoin(entry["loc"]): entry.get("lastmod", "") for entry in sitemap}
        locs = [u for u in entries if u.startswith(host)]
        if sitemap.type == "sitemapindex":
            return Listing(pages=locs, modified={u: entries[u] for u in locs if entries[u]})
        return _split(locs, is_article, is_document)
    body = _body(response)
    if body.lstrip().startswith(b"{"):  # JSON Feed 1.x: feedparser 6 does not read it
        items = json.loads(body).get("items") or []
        items = [i for i in items if isinstance(i, dict)]
        links = [response.urljoin(str(i.get("url") or i.get("external_url") or "")) for i in items]
    else:
        parsed = feedparser.parse(body, response_headers={"content-location": response.url})
        links = [response.urljoin(e.get("link") or e.get("id") or "") for e in parsed.entries]
    return _split([u for u in dict.fromkeys(links) if u.startswith(host)], is_article, is_document)


def _split(urls: list[str], is_article: Callable[[str], bool], is_document: Callable[[str], bool]) -> Listing:
    documents = [u for u in urls if is_document(u)]
    return Listing(articles=[u for u in urls if u not in documents and is_article(u)], documents=documents)


def _robots(response: Response) -> Listing:
    """Sitemap discovery: the ``Sitemap:`` lines of robots.txt, else the usual ``/sitemap.xml``.

    Each sitemap request keeps the HTML listings the robots.txt request was given as its fallback."""
    text = response.body.decode("utf-8", errors="replace")
    sitemaps = sitemaps_in_robots(text, response.url) or [response.urljoin("/sitemap.xml")]
    source = Source(SITEMAP, fallback=source_of(response).fallback or ())
    return Listing(requests=[Request(url, meta={META: source}) for url in sitemaps])


def feed_links(html: str, base_url: str) -> list[str]:
    """Feeds a page advertises with ``<link rel="alternate">`` (autodiscovery), absolute."""
    sel = Selector(text=html, base_url=base_url)
    out = []
    for link in sel.css("link[rel~='alternate'][href]"):
        if (link.attrib.get("type") or "").split(";")[0].strip().lower() in FEED_TYPES:
            out.append(urljoin(base_url, link.attrib["href"]))
    return list(dict.fromkeys(out))


def sitemaps_in_robots(robots_txt: str, base_url: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt, absolute."""
    urls = sitemap_urls_from_robots(robots_txt.encode("utf-8"), base_url=base_url)
    return [urljoin(base_url, u) for u in urls]
