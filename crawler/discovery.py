"""Feeds and sitemaps as listing sources, for every CMS.

A registry start path may be an RSS 2.0 / Atom / JSON Feed or a sitemap (index, gzipped too); the
spider asks ``parse_source`` before the CMS adapter, so a feed or sitemap lists articles the same way
a listing page does. Feeds are parsed by feedparser. Sitemaps are read entry by entry (lxml's ``iterparse``,
each entry dropped once read, entities never resolved, no network), up to the protocol's 50,000 URLs and
50 MB uncompressed: Scrapy's ``Sitemap`` builds the whole tree first, 1.6 GB for a 200 MB sitemap. Only links on
the portal's origin are kept (``crawler.origin``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from io import BytesIO
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from parsel import Selector
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots

from crawler.adapters.base import FEED, META, SITEMAP, Adapter, Listing, ParseError, Source, source_of, text_response
from crawler.origin import same_origin

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
_XML_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|urlset|sitemapindex|rdf:RDF)\b")


SITEMAP_URLS = 50_000  # sitemaps.org: at most 50,000 URLs per sitemap ...
SITEMAP_BYTES = 50 * 1024 * 1024  # ... and 50 MB uncompressed


def _body(response: Response) -> bytes:
    body = response.body
    if body[:2] == b"\x1f\x8b":  # gzipped sitemap served as a file: decoded up to the protocol's size
        body = gunzip(body, max_size=SITEMAP_BYTES)
    return body


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def sitemap_entries(body: bytes) -> Iterator[tuple[str, str, str]]:
    """``(root, loc, lastmod)`` for each ``<url>`` or ``<sitemap>`` of a sitemap or index, read as a stream.

    ``root`` is ``urlset`` or ``sitemapindex``. Entities stay unresolved (an XXE or billion-laughs ``<loc>`` reads
    empty), a broken or cut document yields the entries before the break."""
    context = etree.iterparse(
        BytesIO(body),
        events=("end",),
        tag=("{*}url", "{*}sitemap"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for _, element in context:
            parent = element.getparent()
            root = _local(parent.tag) if parent is not None else ""
            loc, lastmod = element.findtext("{*}loc"), element.findtext("{*}lastmod")
            yield root, (loc or "").strip(), (lastmod or "").strip()
            element.clear()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError:  # nothing parseable (recover mode raises only then)
        return


def read_sitemap(
    response: Response, is_article: Callable[[str], bool], is_document: Callable[[str], bool] = lambda url: False
) -> Listing:
    """The articles (and document pages, ``is_document``) of a sitemap, or the sitemaps of an index, on the portal's
    origin: at most 50,000 entries.

    ``truncated`` when the sitemap listed more (the rest is not read) or its download was cut; the last entry of
    a cut download is dropped, as its URL may be cut too."""
    entries: dict[str, str] = {}
    kind, cut, more = "", "download_stopped" in response.flags, False
    for root, loc, lastmod in sitemap_entries(_body(response)):
        kind = root
        if len(entries) >= SITEMAP_URLS:
            more = True
            break
        if loc:  # the protocol asks for absolute URLs; joining each of 50,000 would cost a second
            entries.setdefault(loc if loc.startswith(("http://", "https://")) else response.urljoin(loc), lastmod)
    if cut and not more and entries:
        entries.popitem()
    truncated = cut or more
    locs = [u for u in entries if same_origin(u, response.url)]
    if kind == "sitemapindex":
        return Listing(pages=locs, modified={u: entries[u] for u in locs if entries[u]}, truncated=truncated)
    return _split(locs, is_article, is_document, truncated)


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
    if kind == "sitemap":
        return read_sitemap(response, is_article, is_document)
    body = _body(response)
    if body.lstrip().startswith(b"{"):  # JSON Feed 1.x: feedparser 6 does not read it
        items = json.loads(body).get("items") or []
        items = [i for i in items if isinstance(i, dict)]
        links = [response.urljoin(str(i.get("url") or i.get("external_url") or "")) for i in items]
    else:
        parsed = feedparser.parse(body, response_headers={"content-location": response.url})
        links = [response.urljoin(e.get("link") or e.get("id") or "") for e in parsed.entries]
    return _split([u for u in dict.fromkeys(links) if same_origin(u, response.url)], is_article, is_document)


def _split(
    urls: list[str], is_article: Callable[[str], bool], is_document: Callable[[str], bool], truncated: bool = False
) -> Listing:
    documents = [u for u in urls if is_document(u)]
    chosen = set(documents)
    return Listing(
        articles=[u for u in urls if u not in chosen and is_article(u)], documents=documents, truncated=truncated
    )


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


def read_listing(response: Response, adapter: Adapter) -> tuple[Listing, bool]:
    """What a listing response lists: a feed, sitemap or robots.txt read as such, else the CMS adapter's page; and
    whether it was an HTML page (which may name the portal's feed). A feed or sitemap answered with HTML (a soft
    404) is a ``ParseError``."""
    listing = parse_source(response, adapter.is_article_url, adapter.is_document_url)
    if listing is not None:
        return listing, False
    kind = source_of(response).kind
    if kind in (SITEMAP, FEED):
        raise ParseError(f"{response.url} is not a {kind}")
    return adapter.parse_listing(text_response(response)), True
