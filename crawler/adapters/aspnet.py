"""Custom ASP.NET WebForms portals (vendor-built district sites): news lists paged by postback, detail pages.

Detail URLs come in two shapes for the same article, ``/DetailView/<id>/<cat-id>/<slug>.html`` (lists, feeds,
canonical) and ``/Article/<id>/<slug>.html`` (home page, related news); ``<id>`` is the CMS's own and is the
``content_id``. Lists (``/tin-tuc.aspx``, ``?CatID=<id>``) answer a GET with page 1 only: further pages are
postbacks of the pager's LinkButtons (``javascript:__doPostBack('ctl00$ContentPlaceHolder1$rptPager$ctl03$lnkPage',
'')``), which ``parse_listing`` turns into POSTs of the server form ``form1``.

A postback body carries the ViewState of the page it was made from, so "page 5 from page 1" and "page 5 from
page 4" are different requests to Scrapy's duplicate filter. To fetch every page once: when the pager lists
every page number (no gaps), page 1 posts for all of them and later pages post for none; a windowed pager
(numbers with gaps, "..." or next buttons) is followed one page at a time from each page to the next.

The detail user control prints the title, a "Ngày đăng" line (and "Cập nhật lúc" once edited), the sapo (the
lead), the content, the author, attachments and "Tin liên quan"; images sit in CKEditor captioned tables.
"""

from __future__ import annotations

import re

from parsel import Selector, SelectorList
from scrapy.http import Request, TextResponse

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
    postback,
    text_of,
)
from crawler.fingerprint import url_path
from crawler.items import ArticleItem, Image
from crawler.text import clean_text
from crawler.vocab import Cms

# /DetailView/607/16/le-khoi-cong-xay-dung-cau-dan-sinh.html, /Article/607/le-khoi-cong-xay-dung-cau-dan-sinh.html,
# under a page too on older builds (/Default.aspx/DetailView/1234/0/hoi-nghi.aspx).
DETAIL = re.compile(r"/(?:DetailView|Article)/(\d+)(?:/|$)", re.I)
POSTBACK = re.compile(r"""__doPostBack\(\s*'([^']*)'\s*,\s*'([^']*)'\s*\)""")
NEXT_TEXT = re.compile(r"^(?:›|»|>|>>|Sau|Trang sau|Tiếp|Next)$", re.I)


def content_id(url: str | None) -> str | None:
    """The article id of either detail URL shape, whatever slug, query, fragment or session follows."""
    m = DETAIL.search(url_path(url))
    return m.group(1) if m else None


def caption_images(container: SelectorList[Selector], response: TextResponse) -> list[Image]:
    """Images of the content with captions from CKEditor 4 caption tables (``table.image-caption``: the
    image in one row, the caption in the next) or ``figure``; shared helper candidate for other adapters."""
    captions: dict[str, str] = {}
    for table in container.css("table.image-caption, table.image"):
        caption = first_text(table.css("td.caption-text, td.image_desc, td[class*='caption']"))
        for src in table.css("img::attr(src)").getall():
            if caption:
                captions[response.urljoin(src)] = caption
    return [Image(src=i.src, caption=captions.get(i.src, i.caption)) for i in images(container, response)]


class AspNetAdapter(Adapter):
    """Vendor WebForms portal: ``rptNews`` lists with a ``rptPager`` of postback LinkButtons; ``ucNewsDetail``."""

    cms = Cms.ASPNET
    content_id = staticmethod(content_id)

    def is_article_url(self, url: str) -> bool:
        return content_id(url) is not None

    def parse_listing(self, response: TextResponse) -> Listing:
        """Detail links of the list (one per id, in page order) and postbacks for the pages still to fetch."""
        hrefs = self.css(response, "listing", ".news-list .news-title a, .news-list a.news-img").xpath("@href").getall()
        articles = one_per_id(response, hrefs, content_id)
        return Listing(articles=articles, requests=self._postbacks(response))

    def _postbacks(self, response: TextResponse) -> list[Request]:
        """POSTs for the pager pages this page should fetch (see the module docstring for which)."""
        pager = self.css(response, "pager", ".pager")
        if not pager or not response.css("form#form1"):
            return []
        numbered: dict[int, tuple[str, str]] = {}
        shown: set[int] = set()
        current = None
        following: tuple[str, str] | None = None
        for a in pager.css("a, span"):
            text = text_of(a)
            m = POSTBACK.search(a.attrib.get("href", ""))
            if text.isdigit():
                shown.add(int(text))
                if m:
                    numbered[int(text)] = (m.group(1), m.group(2))
                elif a.root.tag == "span" or {"aspNetDisabled", "active"} & set(a.attrib.get("class", "").split()):
                    current = int(text)
            elif m and NEXT_TEXT.match(text):
                following = (m.group(1), m.group(2))
        if current is None:
            return []
        complete = bool(shown) and shown == set(range(1, max(shown) + 1))
        if complete:
            wanted = [numbered[n] for n in sorted(numbered) if n > current] if current == 1 else []
        else:
            step = numbered.get(current + 1) or following
            wanted = [step] if step else []
        return [postback(response, "form#form1", target, argument) for target, argument in wanted]

    def parse_article(self, response: TextResponse) -> ArticleItem:
        """One article of the detail user control; ParseError for lists, error pages and cut-off pages."""
        found = self.css(response, "article", ".news-detail")
        if not found:
            raise ParseError(f"no article detail (div.news-detail) on {response.url}: not an article page")
        detail = found[0]
        body = self.css(detail, "body", ".detail-content")
        if not body:
            raise ParseError(f"no article content (div.detail-content) on {response.url}; the detail template changed?")
        paragraphs, trailing = body_paragraphs(body)
        lead = first_text(self.css(detail, "lead", ".detail-sapo"))
        if lead and paragraphs and clean_text(paragraphs[0]) == clean_text(lead):
            paragraphs.pop(0)
        elif not lead and paragraphs:
            lead = paragraphs.pop(0)
        if not lead:
            raise ParseError(f"article on {response.url} has neither sapo nor content text")
        canonical_url = canonical(response)
        crumbs = response.css(".breadcrumb a")
        return self.new_item(
            response,
            first_text(self.css(detail, "title", ".detail-title")),
            canonical_url=canonical_url,
            content_id=content_id(canonical_url) or content_id(response.url),
            published_raw=first_text(self.css(detail, "published", ".detail-date span[id]")),
            modified_raw=first_text(self.css(detail, "modified", ".detail-update span[id]")),
            byline=first_text(self.css(detail, "byline", ".detail-author")) or trailing,
            category=first_text(self.css(response, "category", ".breadcrumb a[id]"))
            or (text_of(crumbs[-1]) if len(crumbs) > 2 else None),
            lead=lead,
            body=paragraphs,
            images=caption_images(body, response),
            attachments=attachments(SelectorList([*body, *detail.css(".detail-files")]), response),
        )


ADAPTER = AspNetAdapter
