"""NukeViet 4.x portals (news module): category listings and article pages.

Article URLs are ``/<module>/<category-alias>/<alias>-<id>.html`` (``/news/...`` on most sites, with a
``/vi`` segment when the language is not omitted); the id is the CMS's own and survives alias changes.
Listings are ``viewcat_page_new`` panels (``div.news_column`` > ``div.panel-body`` > ``h2``/``h3`` > ``a``)
with "Các tin khác" (``ul.related``) and ``nv_alias_page``'s ``ul.pagination`` (``/page-N/``). The article is
``detail.tpl``: ``h1`` headline, the ``span.h5`` publication line (``Thứ hai - 11/07/2022 16:20``), the
hometext (the module's standfirst: the lead), the illustration ``figure.article``, ``div#news-bodyhtml``, the
``news-download-file`` panel and the ``Tác giả:`` / ``Nguồn tin:`` lines. The ``laws`` module ("Văn bản", linked
from the site menu and the sitemap index) is read by ``nukeviet_laws``: its list pages give document pages,
each one ``DocumentItem``.

Machine-readable times come from ``article:published_time`` / ``article:modified_time``: NukeViet prints them
with PHP's ``date('Y-m-dTH:i:s')``, where ``T`` is the zone abbreviation (``2022-07-11+0716:20:00``), so they
are read leniently. The schema.org ``datePublished`` is not used: ``detail_theme`` assigns it the edit time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from parsel import Selector, SelectorList
from scrapy.http import Request, TextResponse

from crawler.adapters.base import (
    ATTACHMENT_KINDS,
    Adapter,
    Listing,
    ParseError,
    attachments,
    body_paragraphs,
    canonical,
    first_text,
    images,
    one_per_id,
    same_site,
    text_of,
)
from crawler.adapters.nukeviet_laws import law_id, laws_feed, parse_law_detail, parse_laws_listing
from crawler.dates import TZ
from crawler.documents.issuers import places_of
from crawler.documents.model import Via
from crawler.fingerprint import url_path
from crawler.items import ArticleItem, Attachment, DocumentItem
from crawler.text import clean_text, fold
from crawler.vocab import Cms

# /news/tin-hoat-dong/le-khoi-cong-xay-dung-cau-dan-sinh-3010.html, /vi/news/.../...-102.html
DETAIL = re.compile(r"^(?:/[a-z]{2})?/[\w-]+/[\w-]+/[\w-]+-(\d+)\.html?$")
# 2022-07-11T16:20:00+07:00 (date('c')), 2022-07-11+0716:20:00 or 2022-07-11ICT16:20:00 (date('Y-m-dTH:i:s')).
STAMP = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:T|([+-]\d{2})(?::?\d{2})?|[A-Z]{2,5})(\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})?$"
)
LABEL = re.compile(r"^\s*(Tác giả|Nguồn tin)\s*:\s*", re.I)
_KIND = re.compile(r"\.(" + "|".join(ATTACHMENT_KINDS) + r")$", re.I)


def content_id(url: str | None) -> str | None:
    """The article id at the end of a detail URL (``...-<id>.html``), query, fragment and session ignored."""
    m = DETAIL.match(url_path(url))
    return m.group(1) if m else None


def stamp(value: str | None) -> datetime | None:
    """An aware datetime from NukeViet's meta times, the PHP ``T`` quirk included; None when unreadable."""
    m = STAMP.match((value or "").strip())
    if not m:
        return None
    when = datetime.fromisoformat(f"{m.group(1)}T{m.group(3)}")
    offset = m.group(4)
    if offset:
        return datetime.fromisoformat(f"{when.isoformat()}{'+00:00' if offset == 'Z' else offset}")
    if m.group(2):  # the zone abbreviation was a bare offset such as "+07"
        return when.replace(tzinfo=timezone(timedelta(hours=int(m.group(2)))))
    return when.replace(tzinfo=TZ)


class NukeVietAdapter(Adapter):
    """News module listings and ``detail.tpl`` article pages of NukeViet 4.x."""

    cms = Cms.NUKEVIET
    content_id = staticmethod(content_id)

    def is_article_url(self, url: str) -> bool:
        return content_id(url) is not None

    def parse_listing(self, response: TextResponse) -> Listing:
        """Article links of the module content (panels and "Các tin khác", one per id) and the paginator's links,
        and the ``laws`` module ("Văn bản") the site menu links; a ``laws`` list page gives its document pages."""
        if response.css("div.flex-table-laws"):
            laws = parse_laws_listing(response)
            return Listing(documents=[row.url for row in laws.rows], pages=laws.pages)
        hrefs = self.css(response, "listing", ".news_column a[href], ul.related a[href]").xpath("@href").getall()
        articles = one_per_id(response, hrefs, content_id)
        pages = same_site(response, response.css("ul.pagination a[href]").xpath("@href").getall())
        registry = [Request(url) for url in same_site(response, self._laws_menu(response)) if url != response.url]
        return Listing(articles=articles, pages=[p for p in pages if p != response.url], requests=registry)

    @staticmethod
    def _laws_menu(response: TextResponse) -> list[str]:
        """The site menu's "Văn bản" entries: where the ``laws`` module lives (``/laws/``, renamed ``/van-ban/``)."""
        return [
            a.attrib["href"]
            for a in response.css("ul.site-menu a[href], #menusite a[href]")
            if fold(text_of(a) or a.attrib.get("title", "")).startswith("văn bản")
        ]

    def is_document_url(self, url: str) -> bool:
        return law_id(url) is not None

    def document_feeds(self, page_url: str) -> list[str]:
        feed = laws_feed(page_url)
        return [feed] if feed else []

    def parse_document(self, response: TextResponse) -> DocumentItem:
        """A ``laws`` module page (``detail.tpl``): one document with every field the page shows."""
        doc = parse_law_detail(response, places_of(self.portal))
        return DocumentItem(portal=self.portal.slug, url=doc.url or response.url, document=doc, via=Via.REGISTRY)

    def parse_article(self, response: TextResponse) -> ArticleItem:
        """One news article; raises ParseError for listings, error pages and cut-off pages."""
        sel = response.selector
        body = self.css(sel, "body", "#news-bodyhtml")[:1]
        if not body:
            raise ParseError(f"no NukeViet article body (div#news-bodyhtml) on {response.url}: not an article page")
        root = body.xpath("ancestor::div[contains(@class,'news_column')][1]")
        scope: Selector = root[0] if root else sel
        title = first_text(self.css(scope, "title", "h1[itemprop='headline'], h1"))
        canonical_url = canonical(response, sel)
        item = self.new_item(
            response,
            title,
            canonical_url=canonical_url,
            content_id=content_id(canonical_url) or content_id(response.url),
        )
        item.published_raw = first_text(self.css(scope, "published", ".panel-body > .row span.h5, span.h5, .time"))
        item.published = stamp(sel.css("meta[property='article:published_time']::attr(content)").get())
        modified_raw = sel.css("meta[property='article:modified_time']::attr(content)").get()
        modified = stamp(modified_raw)
        # An unedited article carries its publication (or creation) time here: that is no modification.
        if modified and (item.published is None or modified > item.published):
            item.modified_raw, item.modified = modified_raw, modified
        item.category = (sel.css("meta[property='article:section']::attr(content)").get() or "").strip() or first_text(
            self.css(sel, "category", "ul.temp-breadcrumbs li:last-child [itemprop='name']")
        )
        paragraphs, trailing = body_paragraphs(body)
        labelled = {
            m.group(1).lower(): LABEL.sub("", text_of(p))
            for p in scope.css("p.h5.text-right, p.text-right")
            if (m := LABEL.match(text_of(p)))
        }
        byline = self.portal.selectors.get("byline")
        item.byline = (
            (clean_text(" ".join(sel.css(byline).xpath("string()").getall())) if byline else None)
            or labelled.get("tác giả")
            or trailing
        )
        item.origin = labelled.get("nguồn tin") or None
        lead = first_text(self.css(scope, "lead", ".hometext"))
        if lead:
            paragraphs = paragraphs[1:] if paragraphs and paragraphs[0] == lead else paragraphs
        elif paragraphs:
            lead = paragraphs.pop(0)
        if not lead:
            raise ParseError(f"article {item.content_id or response.url} has neither hometext nor body text")
        item.lead, item.body = lead, paragraphs
        # The illustration (homeimgfile) shown with the hometext, then the body's images; not the hidden preview copy.
        item.images = images(SelectorList([*scope.css("figure.article"), *body]), response)
        files = self._files(scope, response)
        item.attachments = files + [f for f in attachments(body, response) if f.url not in {a.url for a in files}]
        return item

    def _files(self, scope: Selector, response: TextResponse) -> list[Attachment]:
        """The "File đính kèm" panel: download links (``?download=1&id=N``) named by file name."""
        out: list[Attachment] = []
        for a in scope.css(".news-download-file .list-group-item > a[href]"):
            name = first_text(a.css("strong")) or text_of(a)
            m = _KIND.search(name)
            out.append(
                Attachment(
                    url=response.urljoin(a.attrib["href"]),
                    title=name,
                    kind=m.group(1).lower() if m else name.rsplit(".", 1)[-1].lower(),
                )
            )
        return out


ADAPTER = NukeVietAdapter
