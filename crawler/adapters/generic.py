"""The generic adapter: portals whose layout nobody has described yet.

Listings: article links by URL shape and page structure, pagination by rel=next, pager classes and
page-number parameters (ASP.NET postback pagers too). Articles: trafilatura for the main text and
title, our Vietnamese date handling for the dates. Items keep ``cms = "generic"``, which says how they
were extracted; the adapter also serves as a second opinion on known CMSes.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import trafilatura
from parsel import Selector
from scrapy.http import TextResponse
from trafilatura.settings import Document

from crawler.adapters.base import (
    Adapter,
    Listing,
    ParseError,
    attachments,
    canonical,
    images,
    postback,
    same_site,
)
from crawler.byline import looks_like_byline
from crawler.dates import TZ, parse_date
from crawler.items import ArticleItem
from crawler.text import clean_text
from crawler.vocab import Cms

# Article URL shapes: a numeric id ending the slug (NukeViet and vendor platforms: ``<slug>-123.html``, and the
# provincial party committees' vendors ``<slug>-a123.html`` / ``<slug>-c123.html``), dated permalinks, CMS detail
# paths and id parameters (Liferay, ASP.NET vendors, SharePoint, DotNetNuke module views ``/ctl/detail/mid/<m>/id/<n>``
# and ``/ArticleID/<n>``), and long slugs.
ARTICLE_URL = re.compile(
    r"-(?:\d{2,}|[ac]\d+)\.html?(?:$|[?#])|/\d{4}/\d{2}/\d{2}/[^/]+/?$|/content/id/\d+|/(?:Article|DetailView)/\d+"
    r"|[?&](?:ItemID|itemid|newsid|id|p)=\d+|/ctl/\w+/mid/\d+/(?:id|itemid|newsid)/\d+|/ArticleID/\d+"
    r"|/[a-z0-9]+(?:-[a-z0-9]+){4,}/?(?:\.html?|\.aspx)?$",
    re.I,
)
# Never articles: archive, account and static pages (with a vendor id too: ``/gioi-thieu-c1.html``), pagers
# (``/page/2``, ``?page=2``, Vietnamese ``/trang-2.html`` and ``?trang=2``, DotNetNuke's ``/currentpage/2``), files.
NOT_ARTICLE = re.compile(
    r"/(?:category|tag|author|search|tim-kiem|login|dang-nhap|lien-he|gioi-thieu|rss|feed)(?:/|$|\.|-[ac]?\d+\.html?$)"
    r"|/page[/-]\d+|[?&](?:page|paged|cur|trang|currentpage)=|_cur=|/currentpage/\d+|/trang[-/]\d+(?:\.html?)?/?$"
    r"|\.(?:jpe?g|png|gif|pdf|docx?|xlsx?|zip|rar)$",
    re.I,
)
PAGER_TEXT = re.compile(r"^(?:\d{1,4}|»|›|>>?|Sau|Tiếp|Trang sau|Tiếp theo|Next)$", re.I)
PAGE_URL = re.compile(
    r"/page[/-]\d+|[?&](?:page|paged|p|trang|Page|currentpage)=\d+|_cur=\d+|Paged=TRUE|/currentpage/\d+"
    r"|/trang[-/]\d+(?:\.html?)?/?$",
    re.I,
)
POSTBACK = re.compile(r"__doPostBack\('([^']+)','([^']*)'\)")
# Labels that precede the publication stamp on Vietnamese portals.
STAMP_LINE = re.compile(
    r"(?:(?:ngày đăng|đăng ngày|đăng lúc|cập nhật|ngày cập nhật|ngày xuất bản|thời gian|ngày)\s*:?\s*.{0,40}?)?"
    r"(?:\d{1,2}[:h]\d{2}\s*[-|,]?\s*(?:ngày\s*)?)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:\s*[-|,]?\s*\d{1,2}[:h]\d{2})?",
    re.I,
)


def _machine_date(sel: Selector) -> datetime | None:
    """Publication time a page states for machines: meta tags, JSON-LD, ``<time datetime>``."""
    candidates = sel.css(
        "meta[property='article:published_time']::attr(content), meta[itemprop='datePublished']::attr(content),"
        "meta[name='pubdate']::attr(content)"
    ).getall()
    for block in sel.css("script[type='application/ld+json']::text").getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict) and obj.get("datePublished"):
                candidates.append(str(obj["datePublished"]))
    candidates += sel.css("article time[datetime]::attr(datetime), time[datetime]::attr(datetime)").getall()[:1]
    for raw in candidates:
        value = parse_date(raw).value
        if isinstance(value, datetime):
            return value.astimezone(TZ)
    return None


_HEADINGS = (
    "//*[self::h1 or self::h2 or self::h3][not(ancestor::header or ancestor::nav or ancestor::footer"
    " or ancestor::aside)][not(contains(@class, 'site-title') or contains(@class, 'logo')"
    " or contains(@class, 'portlet-title'))]"
)


def _title(sel: Selector, extracted: str | None) -> str | None:
    """The article's heading: the longest content heading that the page title (or og:title) repeats,
    as portals title pages "<article> - <site>"; else trafilatura's title."""
    repeated = _repeated(sel)
    if repeated:
        return max(repeated, key=len)
    heads = _headings(sel)
    return extracted or (heads[0] if heads else None)


def _headings(sel: Selector) -> list[str]:
    return [clean_text(h.xpath("string()").get()) for h in sel.xpath(_HEADINGS)]


def _repeated(sel: Selector) -> list[str]:
    """The content headings that the page title (or og:title) repeats."""
    page = clean_text(sel.css("meta[property='og:title']::attr(content)").get() or sel.css("title::text").get())
    return [h for h in _headings(sel) if len(h) > 10 and h in page]


def _extract(response: TextResponse, *, metadata: bool) -> Document:
    """trafilatura's reading of the page's main text (and, with ``metadata``, its title, categories and dates);
    ``ParseError`` when it finds no main text. The text is the same with or without ``metadata`` (on every saved
    page: ``tests/test_generic.py``)."""
    doc = trafilatura.bare_extraction(
        response.text,
        url=response.url,
        with_metadata=metadata,
        include_images=False,
        include_tables=False,
        favor_precision=True,
    )
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise ParseError(f"no main text found on {response.url} by the generic extractor")
    return doc


def article_title(response: TextResponse) -> str:
    """``GenericAdapter.parse_article(response).title`` at a fraction of its cost (the health checks' second
    opinion on a page's title): trafilatura's metadata are read only when no content heading is repeated by the
    page title, the one case where its title is the answer, and nothing else of the item is built. Raises
    ``ParseError`` where ``parse_article`` does: no main text found, no title."""
    sel: Selector = response.selector
    doc = _extract(response, metadata=not _repeated(sel))  # no metadata: a repeated heading is the title
    title = clean_text(_title(sel, doc.title))
    if not title:
        raise ParseError(f"no article title found on {response.url}")
    return title


class GenericAdapter(Adapter):
    """Heuristics plus trafilatura, for any portal."""

    cms = Cms.GENERIC

    def is_article_url(self, url: str) -> bool:
        return bool(ARTICLE_URL.search(url)) and not NOT_ARTICLE.search(url)

    def parse_listing(self, response: TextResponse) -> Listing:
        links = response.css("a[href]")
        hrefs = [a.attrib["href"] for a in links if not a.attrib["href"].startswith(("javascript:", "#", "mailto:"))]
        urls = same_site(response, hrefs)
        articles = [u for u in urls if self.is_article_url(u) and u.rstrip("/") != response.url.rstrip("/")]
        pager = [
            a.attrib["href"]
            for a in links
            if a.attrib.get("rel") == "next"
            or (PAGER_TEXT.match(clean_text(a.xpath("string()").get())) and PAGE_URL.search(a.attrib["href"]))
        ]
        requests = []
        form = response.css("form:has(input[name='__VIEWSTATE'])")
        if form:
            for target, argument in dict.fromkeys(POSTBACK.findall(" ".join(response.css("a::attr(href)").getall()))):
                if "pag" in target.lower() or "pager" in target.lower():
                    requests.append(postback(response, "form:has(input[name='__VIEWSTATE'])", target, argument))
        return Listing(articles=articles, pages=same_site(response, pager), requests=requests)

    def parse_article(self, response: TextResponse) -> ArticleItem:
        doc = _extract(response, metadata=True)
        sel: Selector = response.selector
        title = _title(sel, doc.title)
        paragraphs = [clean_text(p) for p in (doc.text or "").split("\n") if clean_text(p)]
        if paragraphs and paragraphs[0] == clean_text(title):
            paragraphs.pop(0)
        byline = paragraphs.pop() if paragraphs and looks_like_byline(paragraphs[-1]) else None
        item = self.new_item(
            response,
            title,
            canonical_url=canonical(response),
            byline=byline,
            lead=paragraphs[0] if paragraphs else None,
            body=paragraphs[1:],
            category=doc.categories[0] if doc.categories else None,
        )
        item.published = _machine_date(sel)
        if item.published is None:
            item.published_raw = self._printed_stamp(sel, title)
        item.images = images(sel.css("article, main, body")[:1], response)
        item.attachments = attachments(sel.css("body"), response)
        return item

    @staticmethod
    def _printed_stamp(sel: Selector, title: str | None) -> str | None:
        """The first date stamp printed after the title (portals print it just above or below)."""
        lines = [clean_text(t) for t in sel.xpath("//body//text()[normalize-space()]").getall()]
        start = next((i for i, line in enumerate(lines) if title and line == clean_text(title)), 0)
        for line in lines[max(0, start - 3) : start + 40]:
            m = STAMP_LINE.search(line)
            if m and parse_date(m.group(0)).value is not None:
                return m.group(0)
        return None


ADAPTER = GenericAdapter
