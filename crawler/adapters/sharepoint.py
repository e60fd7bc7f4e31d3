"""SharePoint 2013/2016 publishing portals (Vietnamese e-government ``/noidung/tintuc/...`` sites).

Listings are the portal's news list web part inside ``#DeltaPlaceHolderMain`` (``div.list-news`` >
``a.title-news``) paged by ``?Page=N`` links (``div.paging``), on the all-news page ``/noidung/tintuc/Pages/
tin-tuc.aspx`` and on each category list's ``/noidung/tintuc/Lists/<List>/View.aspx``. An article is a list
item shown by the detail web part (``div.news-detail``) on ``chi-tiet-tin-tuc.aspx?ItemID=N&l=<List>`` or the
list's ``View_Detail.aspx?ItemID=N``: ``h1#contenttitle``, the "Ngày đăng: dd/mm/yyyy hh:mm" line
(``#ngaytao``), the summary field (``#description``, the lead), the rich text field (``.noidungtt``, a
``ms-rtestate-field``), the author (``b#tacgia``) and the ``AttachmentsField`` table.

The same item is reachable under several URLs (parameter order, ``l=``, the list's own detail page, any
letter case: IIS does not care); ``content_id`` is the ``ItemID`` (or a list form's ``ID``), the key the
shared fingerprint rules de-duplicate on. ItemIDs are per list on a real farm, so two lists may share one.
"""

from __future__ import annotations

import re

from parsel import Selector, SelectorList
from scrapy.http import TextResponse

from crawler.adapters.base import (
    Adapter,
    Listing,
    ParseError,
    attachments,
    body_paragraphs,
    canonical,
    first_text,
    one_per_id,
    same_site,
    text_of,
)
from crawler.fingerprint import query_id, url_path
from crawler.items import ArticleItem, Image
from crawler.text import clean_text
from crawler.vocab import Cms

# /noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID=1060&l=Tinhoatdong (yenbai.gov.vn),
# /noidung/tintuc/Lists/ThongBao/View_detail.aspx?ItemID=8764, /Lists/TinTuc/DispForm.aspx?ID=7
DETAIL_PAGE = re.compile(r"/(?:pages/chi-tiet-[\w-]+|lists/\w+/(?:view_detail|dispform))\.aspx$", re.I)
_ID_PARAMS = ("itemid", "id")


def content_id(url: str | None) -> str | None:
    """The list item id of a detail URL (``ItemID``, any case, or a list form's ``ID``), else None."""
    return query_id(url, _ID_PARAMS) if DETAIL_PAGE.search(url_path(url)) else None


class SharePointAdapter(Adapter):
    """News list web parts paged by ``?Page=N``; the news detail web part of a publishing page."""

    cms = Cms.SHAREPOINT
    content_id = staticmethod(content_id)

    def is_article_url(self, url: str) -> bool:
        return content_id(url) is not None

    def parse_listing(self, response: TextResponse) -> Listing:
        """Detail links of the main list web part (one per item id, in page order) and its pager links."""
        anchors = self.css(response, "listing", "#DeltaPlaceHolderMain .list-news a.title-news")
        if not anchors:  # a list web part without the portal's classes: every detail link in the main area
            anchors = response.css("#DeltaPlaceHolderMain a[href]")
        articles = one_per_id(response, anchors.xpath("@href").getall(), content_id)
        pages = same_site(response, response.css("#DeltaPlaceHolderMain .paging a[href]").xpath("@href").getall())
        return Listing(articles=articles, pages=[p for p in pages if p != response.url])

    def parse_article(self, response: TextResponse) -> ArticleItem:
        """One news item; raises ParseError for list pages, error pages and cut-off pages."""
        sel = response.selector
        found = self.css(sel, "article", "#DeltaPlaceHolderMain .news-detail")
        if not found:
            raise ParseError(
                f"no SharePoint news detail web part (div.news-detail) on {response.url}; is this an article page?"
            )
        detail = found[0]
        body = self.css(detail, "body", ".noidungtt, .ms-rtestate-field")[:1]
        if not body:
            raise ParseError(f"no rich text field (.noidungtt) on {response.url}; the detail web part changed?")
        canonical_url = canonical(response, sel)
        item = self.new_item(
            response,
            first_text(self.css(detail, "title", "#contenttitle, h1")),
            canonical_url=canonical_url,
            content_id=content_id(response.url) or content_id(canonical_url),
        )
        item.published_raw = first_text(self.css(detail, "published", "#ngaytao"))
        item.modified_raw = first_text(self.css(detail, "modified", "#ngaycapnhat"))
        item.category = first_text(self.css(detail, "category", ".cate-news a"))
        found_images = self._images(body, response)
        captions = {clean_text(i.caption) for i in found_images if i.caption}
        paragraphs, trailing = body_paragraphs(body)
        paragraphs = [p for p in paragraphs if p not in captions]
        item.byline = first_text(self.css(detail, "byline", "#tacgia")) or trailing
        lead = first_text(self.css(detail, "lead", "#description"))
        if lead is None and paragraphs:
            lead = paragraphs.pop(0)
        elif lead is not None and paragraphs and paragraphs[0] == lead:
            paragraphs.pop(0)  # some editors paste the summary again as the first paragraph
        if not lead:
            raise ParseError(f"item {item.content_id or response.url} has neither a summary nor body text")
        item.lead, item.body = lead, paragraphs
        item.images = found_images
        item.attachments = attachments(SelectorList([*detail.css("#idAttachmentsTable"), *body]), response)
        return item

    @staticmethod
    def _images(body: SelectorList[Selector], response: TextResponse) -> list[Image]:
        """Body images; the caption is the italic line the editor typed under the image's paragraph, else alt."""
        out: list[Image] = []
        for img in body.css("img"):
            src = img.attrib.get("src")
            if not src:
                continue
            line = img.xpath("ancestor::p[1]/following-sibling::*[1][self::p][em or i]")
            caption = text_of(line[0]) if line and text_of(line[0]) == text_of(line.css("em, i")[0]) else ""
            out.append(Image(src=response.urljoin(src), caption=caption or clean_text(img.attrib.get("alt")) or None))
        return out


ADAPTER = SharePointAdapter
