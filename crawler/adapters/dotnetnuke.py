"""DotNetNuke (DNN Platform) portals: Vĩnh Long's commune sites and the other provincial installs of DNN.

A DNN page (a "tab") has a friendly path (``/tin-tuc``); a module's other controls are reached by key/value pairs
after it, so an article is a module view: ``/tin-tuc/ctl/detail/mid/1388/id/5``, ``/trang-chu/ctl/detail/mid/1385&ID=5``
(the id glued on with ``&``, as the Vĩnh Long communes' news module prints it), ``...?ID=5``, or without friendly URLs
``/Default.aspx?TabId=56&ctl=Detail&mid=1388&ID=5``. One article has as many URLs as modules that link it (home
page, news page, "Tin mới" box); the item id is the ``content_id`` (``crawler.fingerprint.dotnetnuke_id``).

Listings: the article links of the modules that carry a pager (the news list), else of every module of the page
(``div#dnn_ctr<mid>_ModuleContent``). Pagination is DNN's core PagingControl (``table.PagingTable``: the current page
as ``<span>[N]</span>``, a window of ten numbers) or a vendor pager: links ``/currentpage/N`` (URL mode, friendly),
``?currentpage=N``, ``?page=N``, ``/page/N``, ``?trang=N``; or postbacks ``__doPostBack('<UniqueID>','Page_N')``
(PostBack mode), which become POSTs of the page form ``#Form``. Only pages after the current one are followed:
the ones before were read on the way, and page 1 has a second spelling (``/currentpage/1``). A postback carries
the ViewState of the page it was made from, so, as for ``aspnet``, page 1 posts for every page when the pager shows
them all, and a windowed pager is followed one page at a time.

Articles: the news module's detail control (``div.news-detail``: category link, title, "Ngày đăng" / "Cập nhật"
stamps, bold summary, content, author, attached files); images with CKEditor ``figure``/``figcaption`` captions.

Sitemaps are not looked for: DNN's ``/SiteMap.aspx`` lists pages (tabs), never module items, so it would stand in
for the news lists and find no article. A sitemap named in the registry's start paths is still read.
"""

from __future__ import annotations

import re

from parsel import Selector, SelectorList
from scrapy.http import Request, TextResponse

from crawler.adapters.aspnet import POSTBACK
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
    same_site,
    text_of,
)
from crawler.fingerprint import dotnetnuke_id
from crawler.items import ArticleItem
from crawler.text import clean_text
from crawler.vocab import Cms

MODULES = "div[id^='dnn_ctr'][id$='_ModuleContent']"
PAGERS = "table.PagingTable, .pager, .paging, .pagination, .PagingControl"
FORM = "form#Form"
# /tin-tuc/currentpage/3 (PagingControl, friendly URLs), ?currentpage=3, vendor pagers' ?page=3, /page/3, ?trang=3
PAGE_IN_URL = re.compile(r"[/?&](?:currentpage|pageindex|page|trang)[/=](\d+)(?:$|[/?&#])", re.I)
PAGE_ARGUMENT = re.compile(r"^Page_(\d+)$")  # PagingControl.RaisePostBackEvent reads "Page_N"
CURRENT = re.compile(r"^\[?(\d+)\]?$")


def content_id(url: str | None) -> str | None:
    """The item id of a DNN module view in any of its URL shapes (see the module docstring)."""
    return dotnetnuke_id(url) if url else None


def page_of(url: str) -> int | None:
    """The list page a pager URL asks for, or None when it names none."""
    m = PAGE_IN_URL.search(url)
    return int(m.group(1)) if m else None


class DotNetNukeAdapter(Adapter):
    """DNN tabs with a news module: pager modules' links, URL or postback pages, the module's detail control."""

    cms = Cms.DOTNETNUKE
    discover_sitemaps = False

    def is_article_url(self, url: str) -> bool:
        return content_id(url) is not None

    def parse_listing(self, response: TextResponse) -> Listing:
        """Article links (one per item id, in page order), later URL pages, and postbacks for later pages."""
        override = self.portal.selectors.get("listing")
        if override:
            scope: list[Selector] = [response.selector]
            hrefs = response.css(override).xpath("@href").getall()
        else:
            modules = response.css(MODULES)
            scope = [m for m in modules if m.css(PAGERS)] or list(modules) or [response.selector]
            hrefs = [h for m in scope for h in m.css("a[href]").xpath("@href").getall()]
        pages: list[str] = []
        requests: list[Request] = []
        for pager in (p for s in scope for p in s.css(PAGERS)):
            found, posts = self._pager(response, pager)
            pages += [u for u in found if u not in pages]
            requests += [r for r in posts if all(r.body != q.body for q in requests)]  # nested pager elements
        return Listing(articles=one_per_id(response, hrefs, content_id), pages=pages, requests=requests)

    def _pager(self, response: TextResponse, pager: Selector) -> tuple[list[str], list[Request]]:
        """The later pages one pager offers: URLs in page order, and the postbacks this page should send."""
        current = self._current(pager, response.url)
        urls: dict[int, str] = {}
        posts: dict[int, tuple[str, str]] = {}
        shown = {current}
        for a in pager.css("a[href]"):
            href, text = a.attrib["href"], text_of(a)
            m = POSTBACK.search(href)
            if m:
                arg = PAGE_ARGUMENT.match(m.group(2))
                number = int(arg.group(1)) if arg else (int(text) if text.isdigit() else None)
                if number is not None:
                    posts.setdefault(number, (m.group(1), m.group(2)))
                    if text.isdigit():
                        shown.add(number)
                continue
            number = page_of(href)
            if number is not None and number > current:
                urls.setdefault(number, href)
        pages = same_site(response, [urls[n] for n in sorted(urls)])
        if not posts or not response.css(FORM):
            return pages, []
        complete = shown >= set(range(1, max(posts) + 1))
        if complete:
            wanted = [n for n in sorted(posts) if n > 1] if current == 1 else []
        else:
            wanted = [current + 1] if current + 1 in posts else []
        return pages, [postback(response, FORM, *posts[n]) for n in wanted]

    @staticmethod
    def _current(pager: Selector, url: str) -> int:
        """The page shown: the pager's unlinked number (``<span>[N]</span>``, an active item), else the URL's."""
        for node in pager.css("span, strong, b, li.active, a.active, .current, .selected"):
            m = CURRENT.match(text_of(node))
            if m and not node.css("a[href]"):
                return int(m.group(1))
        return page_of(url) or 1

    def parse_article(self, response: TextResponse) -> ArticleItem:
        """The news module's detail control; ParseError for lists, error pages and cut-off pages."""
        found: list[Selector] = list(response.css(f"{MODULES} .news-detail, {MODULES} [id$='_pnlDetail']"))
        body_override = self.portal.selectors.get("body")
        if not found and body_override:  # another vendor's detail control, described by the registry's selectors
            found = [m for m in response.css(MODULES) if m.css(body_override)]
        if not found:
            raise ParseError(f"no news detail control (div.news-detail) on {response.url}: not an article page")
        detail = found[0]
        body = self.css(detail, "body", ".news-content, [id$='_divNoiDung']")[:1]
        if not body:
            raise ParseError(f"no article content (div.news-content) on {response.url}; the detail control changed?")
        paragraphs, trailing = body_paragraphs(body)
        lead = first_text(self.css(detail, "lead", ".news-summary, [id$='_lblTomTat']"))
        if lead and paragraphs and clean_text(paragraphs[0]) == clean_text(lead):
            paragraphs.pop(0)  # an editor pasted the summary again as the first paragraph
        elif not lead and paragraphs:
            lead = paragraphs.pop(0)
        if not lead:
            raise ParseError(f"article on {response.url} has neither a summary nor content text")
        canonical_url = canonical(response)
        return self.new_item(
            response,
            first_text(self.css(detail, "title", "h1.news-title, [id$='_lblTieuDe'], h1")),
            canonical_url=canonical_url,
            content_id=content_id(canonical_url) or content_id(response.url),
            published_raw=first_text(self.css(detail, "published", "[id$='_lblNgayDang'], .news-info .xdate")),
            modified_raw=first_text(self.css(detail, "modified", "[id$='_lblCapNhat'], .news-info .xupdate")),
            byline=first_text(self.css(detail, "byline", ".news-author, [id$='_lblTacGia']")) or trailing,
            category=first_text(self.css(detail, "category", ".news-cat a")) or self._crumb(response),
            lead=lead,
            body=paragraphs,
            images=images(body, response),
            attachments=attachments(SelectorList([*body, *detail.css(".news-files")]), response),
        )

    @staticmethod
    def _crumb(response: TextResponse) -> str | None:
        """The last page of the breadcrumb (BreadcrumbList) under the root, when the page is a category's."""
        names = response.css("#dnn_dnnBreadcrumb_lblBreadCrumb [itemprop='name']")
        return text_of(names[-1]) if len(names) > 1 else None


ADAPTER = DotNetNukeAdapter
