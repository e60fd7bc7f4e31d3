"""The adapter contract, and the extraction helpers every CMS adapter shares.

An adapter turns a ``Response`` into a ``Listing`` (article links and further listing pages), an
``ArticleItem`` or, for a CMS with a document registry, a ``DocumentItem``. It is pure: no store, no clock, no
network, so it is tested from saved pages.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, ClassVar, TypeAlias
from urllib.parse import urljoin
from weakref import WeakKeyDictionary

from form2request import form2request
from lxml import etree, html
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator
from scrapy.http import HtmlResponse, JsonResponse, Request, Response, TextResponse, XmlResponse
from w3lib.url import canonicalize_url

from crawler.byline import looks_like_byline
from crawler.items import ArticleItem, Attachment, DocumentItem, Image
from crawler.origin import same_origin
from crawler.registry import Portal
from crawler.text import clean_text
from crawler.vocab import Cms

ATTACHMENT_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "rar")
_ATTACHMENT = re.compile(r"\.(" + "|".join(ATTACHMENT_KINDS) + r")(?:$|[?#])", re.I)
# Paragraph texts that are page furniture, never article text (folded compare not needed: exact UI strings).
BOILERPLATE = re.compile(
    r"^(?:Xuất bản thông tin|Chi tiết bài viết.*|Leave a Reply|Để lại một bình luận|Trả lời"
    r"|Your email address will not be published\..*|This site uses Akismet.*|Chia sẻ(?: bài viết)?:?"
    r"|In bài viết|Gửi email|Quay lại|Tin liên quan|Tin khác|Bài viết liên quan|null)$",
    re.I,
)


class ParseError(ValueError):
    """A page that should be an article could not be parsed; the message says what was missing."""


@dataclass
class Listing:
    """What a listing page offers: article links and further listing pages (absolute URLs).

    ``requests`` carries further listing pages that are not plain links, such as ASP.NET postbacks
    (``FormRequest.from_response``); the spider sends them back to ``parse_listing``. ``items`` are
    articles a source delivers whole (the WordPress REST API, full-content feeds): no page fetch.
    ``documents`` are pages of a document registry (NukeViet's ``laws`` module, a "Văn bản" section), each
    one document, which the spider sends to ``parse_document``.
    """

    articles: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    items: list[ArticleItem] = field(default_factory=list)
    # When the source says when a page or article last changed (a sitemap's <lastmod>, W3C datetime): URL -> text.
    modified: dict[str, str] = field(default_factory=dict)
    # The source listed more than was read (a sitemap past the protocol's 50,000 URLs, or cut while downloading).
    truncated: bool = False
    documents: list[str] = field(default_factory=list)


SITEMAP_URL = re.compile(r"sitemap[^/]*\.xml(?:\.gz)?(?:$|\?)", re.I)
# The one Request.meta key the project sets: a listing request's ``Source``.
META = "portalwatch"
LISTING, SITEMAP, FEED, API = "listing", "sitemap", "feed", "api"


@dataclass(frozen=True)
class Source:
    """What a listing request reads and what its answer means, carried as ``request.meta[META]``.

    ``kind`` is ``listing`` (an HTML listing page), ``sitemap`` (a sitemap, sitemap index or robots.txt),
    ``feed`` (the portal's feed, an incremental run's source) or ``api`` (the CMS's own API). An answer that
    is not what a sitemap or feed request expects (a soft 404, HTML for a sitemap) is a failure of that source.
    ``fallback``: the listing URLs to read instead when this discovery request fails to download or parse
    (None: not a discovery request; a failed feed falls back to the start pages). ``validate``: record the
    answer's validators, and send the stored ones on an incremental run. ``known_run`` and ``chain``: the
    consecutive known links so far along a chain of listing pages, and the chain's first page. ``tried``: the
    URL forms of an API already tried (WordPress REST: ``pretty``, ``plain``). ``barren``: the listing pages in a
    row along the chain that offered no article link new to this run (a pagination trap makes it grow).
    ``probe``: a first listing page read beside a sitemap, whose further pages wait until the sitemap turns out
    capped, cut or older than the listing.
    """

    kind: str = LISTING
    fallback: tuple[str, ...] | None = None
    validate: bool = False
    known_run: int = 0
    chain: str | None = None
    tried: tuple[str, ...] = ()
    barren: int = 0
    probe: bool = False

    @property
    def discovery(self) -> bool:
        """Whether a failure of this request is handled by falling back rather than counted as an error."""
        return self.fallback is not None or self.kind == FEED


def text_response(response: Response) -> TextResponse:
    """The response as a page of text, else a ``ParseError`` naming its content type (a PDF where a page was)."""
    if not isinstance(response, TextResponse):
        raise ParseError(f"{response.url} is not an HTML page ({response.headers.get('Content-Type')!r})")
    return response


def source_of(message: Request | Response) -> Source:
    """The ``Source`` of a request (or of the request a response answers); a plain listing page without one."""
    found = message.meta.get(META) if isinstance(message, Request) or message.request is not None else None
    return found if isinstance(found, Source) else Source()


class Adapter:
    """Base class of a CMS adapter; one subclass per module in ``crawler/adapters``."""

    cms: ClassVar[Cms]
    # Look for a sitemap (robots.txt, /sitemap.xml) before walking HTML listings.
    discover_sitemaps: ClassVar[bool] = True
    # The most articles the CMS's sitemap lists (its newest ones), when it has such a cap: a sitemap that long is
    # not the archive, and a first or deep run walks the listings too. None: the CMS lists every article.
    sitemap_cap: ClassVar[int | None] = None

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    @staticmethod
    def content_id(url: str | None) -> str | None:
        """The CMS's own article id in a URL (the store's strongest key), or None; the default knows none."""
        return None

    def start_urls(self) -> list[str]:
        """Where a crawl of this portal starts (listing pages and feeds from the registry)."""
        return self.portal.start_urls

    def start_requests(self) -> list[Request]:
        """The first requests, all answered by ``parse_listing`` (feeds and sitemaps by discovery).

        A sitemap lists every article at the cost of a few requests, so it replaces the HTML
        listings, which stay as its fallback when it is missing, broken or not a sitemap: one named
        in the start URLs, else the ones robots.txt names, else the usual ``/sitemap.xml``. A feed
        only lists the newest articles, so listings are crawled beside it. An adapter with a cheaper
        source of its own (an API) overrides this with ``Source(API, fallback=...)`` requests.
        """
        urls = self.start_urls()
        sitemaps = [u for u in urls if SITEMAP_URL.search(u)]
        listings = [u for u in urls if u not in sitemaps]
        if not sitemaps and self.discover_sitemaps:
            sitemaps = [urljoin(self.portal.base_url + "/", "/robots.txt")]
        if sitemaps:
            return [Request(u, meta={META: Source(SITEMAP, fallback=tuple(listings))}) for u in sitemaps]
        return [Request(url) for url in urls]

    def incremental_requests(self, since: datetime) -> list[Request] | None:
        """Requests for only what changed since ``since``, when the CMS has such a source (an API filter);
        None lets the spider use the portal's feed or its conditional first pages instead."""
        return None

    def parse_listing(self, response: TextResponse) -> Listing:
        raise NotImplementedError

    def is_article_url(self, url: str) -> bool:
        """Whether a URL from a feed or sitemap is an article (not a category or static page).

        CMSes with recognisable article URLs override it; the default keeps everything."""
        return True

    def parse_article(self, response: TextResponse) -> ArticleItem:
        raise NotImplementedError

    def is_document_url(self, url: str) -> bool:
        """Whether a URL is the page of one document in the CMS's document registry; the default knows none."""
        return False

    def document_feeds(self, page_url: str) -> list[str]:
        """The feeds listing a document registry's newest documents, from one of its pages (for incremental runs);
        the default knows none."""
        return []

    def parse_document(self, response: TextResponse) -> DocumentItem:
        """One document registry page as a ``DocumentItem``; CMSes with such a registry override it."""
        raise ParseError(f"{response.url}: {self.cms} has no document pages")

    # Helpers shared by adapters -------------------------------------------------------------

    def css(self, sel: Selector | TextResponse, name: str, default: str) -> SelectorList[Selector]:
        """Select with the portal's registry override for ``name`` when it has one."""
        return sel.css(self.portal.selectors.get(name, default))

    def new_item(self, response: TextResponse, title: str | None, **fields: object) -> ArticleItem:
        """An item for this portal, failing clearly when the page has no title."""
        title = clean_text(title)
        if not title:
            raise ParseError(f"no article title found on {response.url}")
        return ArticleItem(portal=self.portal.slug, url=response.url, cms=str(self.cms), title=title, **fields)  # type: ignore[arg-type]


def same_site(response: TextResponse, urls: Iterable[str]) -> list[str]:
    """Absolute, de-duplicated links on the response's origin (``crawler.origin``: http(s), same scheme, host
    and port), in page order, without their fragment."""
    seen: dict[str, None] = {}
    for url in urls:
        absolute = response.urljoin(url.strip())
        if same_origin(absolute, response.url):
            seen.setdefault(absolute.split("#")[0], None)
    return list(seen)


def first_text(sel: SelectorList[Selector]) -> str | None:
    """Text of the first selected element, or None when nothing (or only blanks) is selected."""
    return (text_of(sel[0]) or None) if sel else None


def one_per_id(response: TextResponse, hrefs: Iterable[str], content_id: Callable[[str], str | None]) -> list[str]:
    """Same-site article links, the first one for each CMS content id, in page order.

    Listings link one article several times (title, image, "related" boxes) and under URL
    variants; the content id says which links are the same article."""
    seen: dict[str, str] = {}
    for url in same_site(response, hrefs):
        cid = content_id(url)
        if cid:
            seen.setdefault(cid, url)
    return list(seen.values())


# Parsing is the crawl's main per-page cost: the helpers below evaluate precompiled lxml XPaths on elements
# (parsel's ``Selector.xpath`` wraps every query and every result in Python objects), and keep SelectorList
# signatures for adapters that select with parsel.
_CSS = HTMLTranslator()  # parsel's dialect: ``::attr(name)`` and ``::text`` too
_TEXTS = etree.XPath(".//text()", smart_strings=False)
_BLOCKS = etree.XPath(
    ".//*[self::p or self::h2 or self::h3 or self::h4 or self::li or self::blockquote]"
    "[not(ancestor::figure) and not(ancestor::*[contains(@class,'caption')])]"
    "[not(ancestor::p or ancestor::li or ancestor::blockquote)]",
    smart_strings=False,
)
_IMAGES = etree.XPath("descendant-or-self::img", smart_strings=False)
_CAPTION_HOLDERS = etree.XPath("ancestor::figure[1] | ancestor::*[contains(@class,'wp-caption')][1]")
_LINKS = etree.XPath("descendant-or-self::a[@href]", smart_strings=False)
Element: TypeAlias = etree._Element
_ELEMENT: type = etree._Element


def is_element(value: object) -> bool:
    """Whether ``value`` is an lxml element (a selector of JSON or plain text has none; ``::text`` gives strings)."""
    return isinstance(value, _ELEMENT)


_HTML_PARSER = html.HTMLParser(recover=True, encoding="utf8", huge_tree=True, collect_ids=False)
_XML_DECLARATION = re.compile(r"[\s\ufeff]*<\?xml\s")  # parsel's test of text for XML


# HTML trees parsed ahead of the adapter (``parse_ahead``), each taken by the first ``page_root`` of its response.
_AHEAD: WeakKeyDictionary[TextResponse, Element] = WeakKeyDictionary()


def page_root(response: TextResponse, type_: str | None = None) -> Any:
    """The page's tree as ``parsel.Selector(text=response.text, type=type_, base_url=response.url).root``: an lxml
    element (HTML, XML), or the data of a JSON document when ``type_`` is None and the text is one.

    HTML, nearly every page, is parsed as parsel parses it with one parser kept for all pages, which collects no
    ``id`` index (nothing reads one; ``#id`` selectors test the attribute); anything else goes through parsel.
    The tree is the adapter's own: unlike ``response.selector``, which refers back to its response, it is freed as
    soon as the adapter is done rather than by the next full garbage collection. An HTML tree parsed ahead of the
    adapter (``parse_ahead``) is handed over instead of parsing the page again; the caller may change it."""
    text = response.text
    if type_ not in (None, "html") or (
        type_ is None and (_XML_DECLARATION.match(text) or text.lstrip(" \t\n\r")[:1] in ("{", "["))
    ):
        return Selector(text=text, type=type_, base_url=response.url).root
    ahead = _AHEAD.pop(response, None)
    return ahead if ahead is not None else _parse_html(response)


def parse_ahead(response: TextResponse) -> Element:
    """The page's HTML tree (``page_root(response, "html")``), parsed before the adapter runs, for a reader that
    must see the page unchanged (the adapter drops furniture from its tree); the adapter's ``page_root`` takes it
    over (when it reads the page as HTML) instead of parsing again. ``drop_ahead`` forgets a tree no adapter took."""
    root = _parse_html(response)
    _AHEAD[response] = root
    return root


def drop_ahead(response: TextResponse) -> None:
    """Forget the tree ``parse_ahead`` kept for ``response`` if no ``page_root`` took it (freed at once)."""
    _AHEAD.pop(response, None)


def _parse_html(response: TextResponse) -> Element:
    text = response.text
    body = text.strip().replace("\x00", "").encode("utf8") or b"<html/>"
    root = etree.fromstring(body, parser=_HTML_PARSER, base_url=response.url)
    return root if root is not None else etree.fromstring(b"<html/>", parser=_HTML_PARSER, base_url=response.url)


def selector_type(response: TextResponse) -> str | None:
    """The type ``response.selector`` parses a response as (Scrapy's rule: by the response's class)."""
    if isinstance(response, XmlResponse):
        return "xml"
    if isinstance(response, JsonResponse):
        return "json"
    return "html" if isinstance(response, HtmlResponse) else None


@cache
def compiled(css: str) -> etree.XPath:
    """A CSS selector (parsel's dialect) as an lxml XPath, translated and compiled once per process."""
    return etree.XPath(_CSS.css_to_xpath(css), smart_strings=False)


def select(elements: Iterable[Element], css: str) -> list[Element]:
    """``SelectorList.css`` on lxml elements: the matches under each element in turn, in document order."""
    query = compiled(css)
    return [found for el in elements for found in query(el)]


def values(root: Element, css: str) -> list[str]:
    """``Selector.css(css).getall()`` on an lxml element: strings as selected (``::attr()``, ``::text``), elements
    as their HTML, as parsel serialises them."""
    return [
        found if isinstance(found, str) else etree.tostring(found, method="html", encoding="unicode", with_tail=False)
        for found in compiled(css)(root)
    ]


def _roots(container: SelectorList[Selector]) -> list[Element]:
    """The elements of a SelectorList: a string that ``::text`` or ``::attr()`` selected holds none (parsel finds
    nothing under it either)."""
    return [s.root for s in container if is_element(s.root)]


def text_of(sel: Selector) -> str:
    """All text inside an element, whitespace collapsed."""
    return element_text(sel.root) if is_element(sel.root) else ""


def element_text(el: Element) -> str:
    """``text_of`` an lxml element."""
    return clean_text(" ".join(_TEXTS(el)))


def body_paragraphs(container: SelectorList[Selector]) -> tuple[list[str], str | None]:
    """Paragraph texts of an article body, without furniture, and the trailing byline if any.

    Block elements are read in document order; image captions and attachment link lists are left
    to ``images`` and ``attachments``.
    """
    return paragraphs_in(_roots(container))


def paragraphs_in(container: Iterable[Element]) -> tuple[list[str], str | None]:
    """``body_paragraphs`` of lxml elements."""
    blocks = [b for el in container for b in _BLOCKS(el)]
    paragraphs = [t for t in map(element_text, blocks) if t and not BOILERPLATE.match(t)]
    byline = None
    if paragraphs and looks_like_byline(paragraphs[-1]):
        byline = paragraphs.pop()
    return paragraphs, byline


def images(container: SelectorList[Selector], response: TextResponse) -> list[Image]:
    """Images in the body with captions from ``figcaption`` or WordPress/Liferay caption blocks."""
    return images_in(_roots(container), response)


def images_in(container: Iterable[Element], response: TextResponse) -> list[Image]:
    """``images`` of lxml elements."""
    out: list[Image] = []
    for img in (i for el in container for i in _IMAGES(el)):
        src = img.get("src") or img.get("data-src")
        if not src:
            continue
        captions = select(_CAPTION_HOLDERS(img), "figcaption, .wp-caption-text")
        caption = element_text(captions[0]) if captions else clean_text(img.get("title") or "")
        out.append(Image(src=response.urljoin(src), caption=caption or None))
    return out


def attachments(container: SelectorList[Selector], response: TextResponse) -> list[Attachment]:
    """Document links (PDF, DOC, DOCX, XLS...) with their link text as title."""
    return attachments_in(_roots(container), response)


def attachments_in(container: Iterable[Element], response: TextResponse) -> list[Attachment]:
    """``attachments`` of lxml elements."""
    out: dict[str, Attachment] = {}
    for a in (link for el in container for link in _LINKS(el)):
        href = a.get("href")
        m = _ATTACHMENT.search(href)
        if m:
            url = response.urljoin(href)
            title = element_text(a) or url.rsplit("/", 1)[-1]
            out.setdefault(url, Attachment(url=url, title=title, kind=m.group(1).lower()))
    return list(out.values())


def postback(response: TextResponse, form_css: str, target: str, argument: str = "") -> Request:
    """The POST an ASP.NET ``__doPostBack(target, argument)`` link sends: the page's form with its
    hidden state (``__VIEWSTATE``, ``__EVENTVALIDATION``) and the event fields, via form2request.

    Always form-urlencoded: ASP.NET reads ``Request.Form`` from either encoding, and DotNetNuke's page form
    declares ``multipart/form-data``, which form2request does not build."""
    data = {"__EVENTTARGET": target, "__EVENTARGUMENT": argument}
    form = response.css(form_css)
    request: Request = form2request(form, data, click=False, enctype="application/x-www-form-urlencoded").to_scrapy(
        callback=None
    )
    return request


def canonical(response: TextResponse, sel: Selector | None = None) -> str:
    """The page's declared canonical URL, else the response URL, canonicalised by w3lib.

    Pass the adapter's own ``sel`` when it parsed the page itself, so the page is parsed once.
    """
    href = (sel if sel is not None else response.selector).css('link[rel="canonical"]::attr(href)').get()
    return canonicalize_url(response.urljoin(href) if href else response.url)


@cache
def adapter_class(cms: Cms) -> type[Adapter]:
    """The adapter class of a CMS: module ``crawler.adapters.<cms>``, class ``ADAPTER`` in it."""
    module = importlib.import_module(f"crawler.adapters.{cms.value}")
    adapter_cls: type[Adapter] = module.ADAPTER
    return adapter_cls


def adapter_for(portal: Portal) -> Adapter:
    """The adapter for a portal's CMS."""
    return adapter_class(portal.cms)(portal)
