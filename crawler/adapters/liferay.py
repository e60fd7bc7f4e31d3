"""Liferay 7.x portals (Đồng Tháp's ``/web/<site>`` district portals): Asset Publisher listings and
journal article pages.

Listings are the Asset Publisher's abstracts (``div.asset-abstract h4.asset-title a``) with the
``page_iterator`` paginator (``div.pagination-bar ul.pagination``, ``_cur`` portlet parameter). An article
is ``div.asset-full-content`` around the journal content (``div.journal-content-article``), which the
site's web content template fills with "Chi tiết bài viết <category>", the title, the date and the body.
The same article is reachable under many URLs (``?plidlayout=``, ``redirect=``, other portlet instances):
``content_id`` is the N of ``/content/id/N``, the key later steps de-duplicate on.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.adapters.base import (
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
from crawler.fingerprint import url_path
from crawler.items import ArticleItem
from crawler.text import clean_text
from crawler.vocab import Cms

# Đồng Tháp's friendly URL for a journal article shown by an asset publisher instance
# (/web/hth/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/11790550?plidlayout=4694).
CONTENT_ID = re.compile(r"/content/id/(\d+)(?:[/;]|$)")
_NUMBER = re.compile(r"^\d+$")


def content_id(url: str | None) -> str | None:
    """The CMS id in a detail URL, whatever page, portlet instance, parameters or session surround it."""
    m = CONTENT_ID.search(url_path(url))
    return m.group(1) if m else None


class LiferayAdapter(Adapter):
    """Asset Publisher abstracts and paginator; journal article display inside ``asset-full-content``."""

    cms = Cms.LIFERAY
    content_id = staticmethod(content_id)

    def parse_listing(self, response: TextResponse) -> Listing:
        """Detail links (one per content id, in page order) and the paginator's numbered and next links."""
        anchors = self.css(response, "listing", ".asset-abstract .asset-title a")
        if not anchors:  # title-list display style
            anchors = response.css("section.portlet .list-unstyled li a")
        articles = one_per_id(response, anchors.xpath("@href").getall(), content_id)
        pages: list[str] = []
        for item in response.css(".pagination-bar ul.pagination > li"):
            if "active" in item.attrib.get("class", "").split():
                continue
            is_next = not item.xpath("following-sibling::li")  # the last item is "next", the first "previous"
            for a in item.css("a[href]"):
                if is_next or _NUMBER.match(text_of(a)):
                    pages.append(a.attrib["href"])
        pages = [p for p in same_site(response, pages) if p != response.url]
        return Listing(articles=articles, pages=pages)

    def parse_article(self, response: TextResponse) -> ArticleItem:
        """One journal article; raises ParseError for a page without Liferay web content."""
        full = response.css(".asset-full-content")
        found = full.css(".journal-content-article")
        if not found:
            raise ParseError(
                f"no Liferay web content (div.journal-content-article) on {response.url}; is this an article page?"
            )
        article = found[0]
        title = (
            first_text(self.css(article, "title", ".news-title"))
            or article.attrib.get("data-analytics-asset-title")
            or first_text(full.css(".asset-title"))
        )
        body_sel = self.css(article, "body", ".news-content")
        if not body_sel:
            raise ParseError(f"no article body (.news-content) on {response.url}; the web content template changed?")
        paragraphs, byline = body_paragraphs(body_sel)
        byline = first_text(self.css(article, "byline", ".news-author")) or byline
        lead = first_text(self.css(article, "lead", ".news-summary"))
        if lead is None and paragraphs:
            lead = paragraphs.pop(0)
        elif lead is not None and paragraphs and clean_text(paragraphs[0]) == clean_text(lead):
            paragraphs.pop(0)
        if not lead:
            raise ParseError(f"article body on {response.url} has no text")
        canonical_url = canonical(response)
        cid = content_id(response.url) or content_id(canonical_url) or article.attrib.get("data-analytics-asset-id")
        return self.new_item(
            response,
            title,
            canonical_url=canonical_url,
            content_id=cid,
            published_raw=first_text(self.css(article, "published", ".news-date .publish-date")),
            modified_raw=first_text(self.css(article, "modified", ".news-date .modified-date")),
            byline=byline,
            category=first_text(self.css(article, "category", ".news-category a")),
            lead=lead,
            body=paragraphs,
            images=images(body_sel, response),
            attachments=attachments(found[:1], response),
        )


ADAPTER = LiferayAdapter
