"""WordPress portals: single posts and post listings as core and common themes print them.

Selectors rely on what core and theme conventions (Twenty Seventeen, ``_s`` and the themes built on
them) share rather than on one theme: ``article#post-N`` and body class ``postid-N`` (``post_class``,
``body_class``), ``.entry-title``, ``time.entry-date.published`` / ``time.updated`` with W3C datetimes
(``*_time_link`` / ``*_posted_on`` template tags), ``.cat-links a[rel~=category]``, ``.entry-content``
(``the_content``), ``nav.pagination`` (``paginate_links``) or ``_s``'s older/newer ``paging-navigation``, and
the ``?p=N`` shortlink. Plugin furniture that ``the_content`` filters append (Jetpack sharing and related
posts, AddToAny) is dropped before the body is read.

Block themes (Twenty Twenty-Two/-Three/-Four, the default of Debian's ``wordpress`` 6.1 package is Twenty
Twenty-Three) print no ``article`` and no ``entry-*`` meta; their blocks carry the classes instead
(``wp-includes/blocks/*.php``): ``.wp-block-post-title``, ``.wp-block-post-date time[datetime]``,
``.wp-block-post-terms.taxonomy-category a``, ``.wp-block-post-author__name`` (6.1) or
``.wp-block-post-author-name`` (6.2+), ``.wp-block-post-content`` (also ``.entry-content``), listings as a
query loop (``.wp-block-post-template .wp-block-post-title a``) with ``.wp-block-query-pagination-next`` and
``-numbers`` links. Fields are read outside query loops, so a "related posts" loop on a single page is ignored.

The cheapest source comes first: the REST API (``crawler.adapters.wordpress_rest``) gives every post whole,
100 a request; the HTML listings are its fallback.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from lxml import etree
from scrapy.http import Request, TextResponse
from w3lib.url import canonicalize_url

from crawler.adapters import wordpress_rest as rest
from crawler.adapters.base import (
    API,
    Adapter,
    Element,
    Listing,
    ParseError,
    attachments_in,
    compiled,
    element_text,
    images_in,
    is_element,
    page_root,
    paragraphs_in,
    same_site,
    selector_type,
    source_of,
    values,
)
from crawler.dates import TZ
from crawler.fingerprint import query_id
from crawler.items import ArticleItem
from crawler.text import clean_text
from crawler.vocab import Cms

# Blocks inside .entry-content that are not article text: sharing bars, related posts, page links,
# file-block download buttons (their link is already taken from the file name link), scripts.
FURNITURE = rest.FURNITURE
POST_ID = (re.compile(r"^post-(\d+)$"), re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)"))
ID_PARAMS = ("p", "page_id")  # /?p=123 (the shortlink), /?page_id=7
# Pagination links only: paginate_links (minus "previous"), _s/Twenty Fifteen older-posts links, WP-PageNavi.
PAGINATION = (
    "nav.pagination a.page-numbers:not(.prev)::attr(href), .nav-links a.page-numbers:not(.prev)::attr(href),"
    " .paging-navigation .nav-previous a::attr(href), .posts-navigation .nav-previous a::attr(href),"
    " .wp-pagenavi a:not(.previouspostslink):not(.first)::attr(href),"
    " a.wp-block-query-pagination-next::attr(href), .wp-block-query-pagination-numbers a.page-numbers::attr(href)"
)
BLOCK_LOOP = "ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' wp-block-post-template ')]"
_STRING = etree.XPath(".//text()", smart_strings=False)  # an element's ``string()``, as its text nodes
BYLINE = (
    ".wp-block-post-author__name, .wp-block-post-author-name, .entry-meta .byline .author, .entry-meta .author.vcard"
)


POSTS = "article[id^='post-'], article.hentry, div.hentry[id^='post-']"
_IN_LOOP = etree.XPath(BLOCK_LOOP)


def body_class(doc: Element) -> str:
    """The ``class`` of the page's ``body`` (the HTML parser always makes one under the root)."""
    body = doc.find("body")
    return (body.get("class") or "") if body is not None else ""


def post_id(doc: Element, article: Element | None, shortlink: str) -> str | None:
    """The post id from ``article#post-N``, the body class ``postid-N`` or the ``?p=N`` shortlink."""
    candidates = [
        (POST_ID[0], article.get("id", "") if article is not None else ""),
        (POST_ID[1], body_class(doc)),
    ]
    for pattern, value in candidates:
        m = pattern.search(value)
        if m:
            return m.group(1)
    return query_id(shortlink, ("p",))


def outside_loops(found: list[Element]) -> list[Element]:
    """Elements not inside a block query loop (``wp-block-post-template``): the page's own post, not a list."""
    return [el for el in found if not _IN_LOOP(el)]


def first_of(scope: Element, *queries: str) -> list[Element]:
    """Matches of the first query that finds anything outside query loops (a priority order, unlike ``a, b``)."""
    for query in queries:
        found = outside_loops(compiled(query)(scope))
        if found:
            return found
    return []


def stamp(times: list[Element]) -> tuple[str | None, datetime | None]:
    """The visible text of a ``time`` element and its ``datetime`` attribute as an aware datetime."""
    if not times:
        return None, None
    raw = element_text(times[0]) or None
    value = times[0].get("datetime", "")
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return raw, None
    return raw, when if when.tzinfo else when.replace(tzinfo=TZ)


class WordPressAdapter(Adapter):
    """Posts and listings of a WordPress portal (classic themes; block-theme markup uses the same classes)."""

    cms = Cms.WORDPRESS
    # The watermark of an incremental run (ISO 8601), passed to the REST API as ``modified_after``: once set,
    # every REST request of the run (start pages read again after a failed feed, too) asks only for changes.
    modified_after: str | None = None

    @staticmethod
    def content_id(url: str | None) -> str | None:
        """The post id of a shortlink (``/?p=123``) or a page link (``/?page_id=7``); permalinks carry none."""
        return query_id(url, ID_PARAMS)

    def start_requests(self) -> list[Request]:
        """The REST API's posts first (``/wp-json/``), falling back to the HTML start pages when it fails."""
        url = rest.posts_url(rest.api_roots(self.portal.base_url)["pretty"], modified_after=self.modified_after)
        return [rest.rest_request(url, self.start_urls(), ("pretty",))]

    def incremental_requests(self, since: datetime) -> list[Request] | None:
        """The REST API's posts modified since the watermark (WordPress 5.7+ ``modified_after``: new and edited
        posts, whole), an hour early against clock skew; the HTML listings stay its fallback."""
        self.modified_after = (since - timedelta(hours=1)).astimezone(TZ).isoformat(timespec="seconds")
        return self.start_requests()

    def parse_listing(self, response: TextResponse) -> Listing:
        """REST posts pages as whole items; HTML listings as post permalinks and pagination links."""
        if rest.is_json(response):
            return rest.parse_posts(self, response)
        if source_of(response).kind == API:  # the REST URL answered an HTML page (no pretty permalinks?)
            retry = rest.retry_plain(response)
            if retry is None:
                raise ParseError(f"the WordPress REST API at {response.url} answered an HTML page, not JSON")
            return Listing(requests=[retry])
        return self.parse_html_listing(response)

    def parse_html_listing(self, response: TextResponse) -> Listing:
        """Permalinks of the posts in the main loop, and the pagination links (not menus or archives).

        Read from the adapter's own tree (``page_root``), parsed as ``response.selector`` would parse it."""
        doc = page_root(response, selector_type(response))
        if not is_element(doc):
            raise ParseError(f"{response.url} is not an HTML page")
        css = self.portal.selectors.get("listing", "article[id^='post-'] .entry-title a::attr(href)")
        links = values(doc, css)
        if not links:
            links = values(doc, ".hentry .entry-title a::attr(href), .post .entry-title a::attr(href)")
        if not links:  # block theme: the query loop's post titles
            links = values(doc, ".wp-block-post-template .wp-block-post-title a::attr(href)")
        return Listing(articles=same_site(response, links), pages=same_site(response, values(doc, PAGINATION)))

    def parse_article(self, response: TextResponse) -> ArticleItem:
        """One post; raises ``ParseError`` for listings, error pages and cut-off pages.

        The page is parsed once, into the adapter's own tree (``page_root``; nothing else parses an article page):
        furniture is dropped from it in place."""
        doc = page_root(response)
        if not is_element(doc):
            raise ParseError(f"{response.url} is not an HTML page")
        posts = compiled(POSTS)(doc)
        if len(posts) > 1:
            raise ParseError(f"{response.url} lists {len(posts)} posts: it is a listing page, not a single post")
        if not posts and "postid-" not in body_class(doc):
            raise ParseError(f"no WordPress post (article#post-N) on {response.url}: not a single post page")
        article = posts[0] if posts else None
        scope = article if article is not None else doc
        found = self.select(scope, "body", ".entry-content") or first_of(scope, ".wp-block-post-content")
        if not found:
            raise ParseError(f"no post content (.entry-content) on {response.url}; the page may be cut off")
        content = found[0]
        for el in compiled(FURNITURE)(content):
            el.drop_tree()
        links = {rel: self._head_link(doc, rel) for rel in ("canonical", "shortlink")}
        title = self.select(scope, "title", "h1.entry-title, .entry-title") or first_of(scope, ".wp-block-post-title")
        href = links["canonical"]
        item = self.new_item(
            response,
            "".join(_STRING(title[0])) if title else None,
            canonical_url=canonicalize_url(response.urljoin(href) if href else response.url),
            content_id=post_id(doc, article, links["shortlink"] or ""),
        )
        published = self.select(scope, "published", "time.entry-date.published, time.published, time.entry-date")
        published = published or first_of(
            scope, ".wp-block-post-date:not(.wp-block-post-date__modified-date) time[datetime]"
        )
        item.published_raw, item.published = stamp(published)
        # An unedited post prints one <time class="entry-date published updated">: that is no modification.
        updated = [t for t in self.select(scope, "modified", "time.updated") if "published" not in t.get("class", "")]
        updated = updated or first_of(scope, ".wp-block-post-date__modified-date time[datetime]")
        item.modified_raw, item.modified = stamp(updated)
        category = self.select(scope, "category", ".cat-links a[rel~='category'], a[rel~='category']")
        category = category or first_of(scope, ".wp-block-post-terms.taxonomy-category a")
        item.category = element_text(category[0]) if category else None
        item.images = images_in([content], response)
        item.attachments = attachments_in([content], response)
        paragraphs, byline = paragraphs_in([content])
        override = self.portal.selectors.get("byline")
        if override:
            byline = clean_text(" ".join("".join(_STRING(el)) for el in self.select(scope, "byline", ""))) or byline
        if not byline:  # no closing byline paragraph: the post author's display name, when the theme prints it
            author = first_of(scope, BYLINE)
            byline = element_text(author[0]) if author else None
        item.byline = byline
        item.lead, item.body = self._lead(scope, paragraphs)
        if not item.lead:
            raise ParseError(f"post {item.content_id or response.url} has no text in its .entry-content")
        return item

    def select(self, scope: Element, name: str, default: str) -> list[Element]:
        """``Adapter.css`` on an lxml element: the portal's registry override for ``name`` when it has one.

        Overrides select elements: what an override ending in ``::text`` or ``::attr()`` selects has no text
        (parsel's selectors of strings have none either) and is left out."""
        found = compiled(self.portal.selectors.get(name, default))(scope)
        return [el for el in found if is_element(el)]

    @staticmethod
    def _head_link(doc: Element, rel: str) -> str | None:
        """The ``href`` of the page's first ``link[rel=<rel>]`` that has one."""
        for link in compiled(f'link[rel="{rel}"]')(doc):
            href: str | None = link.get("href")
            if href is not None:
                return href
        return None

    def _lead(self, scope: Element, paragraphs: list[str]) -> tuple[str | None, list[str]]:
        """The standfirst when the theme prints one (an excerpt block on the single page), else paragraph one."""
        standfirst = self.select(scope, "lead", ".entry-summary, .post-excerpt, .sapo")
        standfirst = standfirst or first_of(scope, ".wp-block-post-excerpt__excerpt")
        lead = element_text(standfirst[0]) if standfirst else ""
        if lead:
            return lead, [p for p in paragraphs if p != lead]
        return (paragraphs[0], paragraphs[1:]) if paragraphs else (None, [])


ADAPTER = WordPressAdapter
