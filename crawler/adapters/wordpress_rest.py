"""The WordPress REST API as a listing source: whole posts, 100 a request, no article page to fetch.

``GET /wp-json/wp/v2/posts?per_page=100&_embed=1&orderby=date&order=desc`` answers a JSON array of posts
(WordPress/wordpress-develop ``WP_REST_Posts_Controller``): ``title.rendered`` and ``content.rendered``
(HTML after ``the_content`` filters), ``date``/``date_gmt`` and ``modified``/``modified_gmt`` (ISO without
offset; the ``_gmt`` ones are UTC), ``link``, ``guid.rendered`` (``?p=ID``), and with ``_embed`` the author
(``_embedded.author[0].name``, the display name) and terms (``_embedded['wp:term']``: categories first).
Paging is in the headers ``X-WP-Total``, ``X-WP-TotalPages`` and ``Link: <...>; rel="next"``; past the last
page WordPress answers 400 ``rest_post_invalid_page_number``. Sites without pretty permalinks serve the
same routes as ``/?rest_route=/wp/v2/posts``; the page head names the API root either way
(``<link rel="https://api.w.org/" href="...">``, ``rest_output_link_wp_head``).

A disabled API (401/403 ``rest_cannot_access`` from a security plugin, 404) or an answer that is not a
posts array is a failure of this source: the adapter raises ``ParseError`` and the spider falls back to
the HTML listings (the request's ``Source.fallback``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector
from scrapy.http import HtmlResponse, Request, TextResponse
from w3lib.url import canonicalize_url

from crawler.adapters.base import (
    API,
    META,
    Adapter,
    Listing,
    ParseError,
    Source,
    attachments,
    body_paragraphs,
    images,
    source_of,
)
from crawler.dates import TZ
from crawler.items import ArticleItem
from crawler.origin import same_origin
from crawler.text import clean_text

POSTS_ROUTE = "/wp/v2/posts"
POSTS_QUERY = (("per_page", "100"), ("_embed", "1"), ("orderby", "date"), ("order", "desc"))
API_LINK = 'link[rel="https://api.w.org/"]::attr(href)'
_NEXT = re.compile(r"<([^>]+)>\s*;\s*rel=\"?next\"?")
# Blocks ``the_content`` filters append that are not article text (Jetpack, AddToAny), as in the HTML adapter.
FURNITURE = (
    ".sharedaddy, .sd-sharing-enabled, #jp-relatedposts, .jp-relatedposts, .addtoany_share_save_container,"
    " .a2a_kit, .page-links, .wp-block-file__button, .more-link, script, style, noscript, form"
)


def api_roots(base_url: str) -> dict[str, str]:
    """The two forms of a site's API root: ``pretty`` (``/wp-json/``) and ``plain`` (``/?rest_route=/``)."""
    base = base_url.rstrip("/")
    return {"pretty": f"{base}/wp-json/", "plain": f"{base}/?rest_route=/"}


def posts_url(api_root: str, *, page: int = 1, after: str | None = None, modified_after: str | None = None) -> str:
    """The posts collection under an API root (either form), newest first, 100 a page, authors and terms embedded.

    ``after`` / ``modified_after`` (ISO 8601) ask only for posts published / modified since a watermark: the
    one place an incremental crawl sets them.
    """
    parts = urlsplit(api_root)
    query = parse_qsl(parts.query, keep_blank_values=True)
    params = list(POSTS_QUERY)
    if page > 1:
        params.append(("page", str(page)))
    if after:
        params.append(("after", after))
    if modified_after:
        params.append(("modified_after", modified_after))
    route = dict(query).get("rest_route")
    if route is not None:  # ?rest_route=/ : the route goes in the query
        query = [(k, v) for k, v in query if k != "rest_route"]
        query.insert(0, ("rest_route", route.rstrip("/") + POSTS_ROUTE))
        path = parts.path or "/"
    else:
        path = parts.path.rstrip("/") + POSTS_ROUTE
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query + params, safe="/"), ""))


def form_of(url: str) -> str:
    """``plain`` for a ``?rest_route=`` URL, else ``pretty``."""
    return "plain" if "rest_route=" in urlsplit(url).query else "pretty"


def is_json(response: TextResponse) -> bool:
    """Whether the answer is JSON (by type, or by its first character when the type is wrong)."""
    ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    return "json" in ctype or response.body.lstrip()[:1] in (b"[", b"{")


def rest_request(url: str, fallback: list[str], tried: tuple[str, ...]) -> Request:
    """A REST posts request that falls back to the HTML listings when it fails; ``tried``: the URL forms sent."""
    return Request(url, meta={META: Source(API, fallback=tuple(fallback), tried=tried)})


def retry_plain(response: TextResponse) -> Request | None:
    """The ``?rest_route=`` request after the pretty URL answered an HTML page, if not tried yet.

    Without pretty permalinks WordPress answers ``/wp-json/...`` with its home page; that page's head names
    the API root it does serve. With no such link the plain form is still worth one request.
    """
    source = source_of(response)
    if source.kind != API or "plain" in source.tried:
        return None
    root = Selector(text=response.text).css(API_LINK).get()
    root = response.urljoin(root) if root and form_of(root) == "plain" else api_roots(response.urljoin("/"))["plain"]
    return rest_request(posts_url(root), list(source.fallback or ()), (*source.tried, "plain"))


def next_page(response: TextResponse, count: int) -> list[str]:
    """The next page of posts from ``X-WP-TotalPages`` (or the ``Link: rel="next"`` header)."""
    if not count:
        return []
    parts = urlsplit(response.url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    page = int(dict(query).get("page") or 1)
    total = response.headers.get("X-WP-TotalPages")
    if total is not None and total.decode().strip().isdigit():
        if page >= int(total):
            return []
        query = [(k, v) for k, v in query if k != "page"] + [("page", str(page + 1))]
        return [urlunsplit((*parts[:3], urlencode(query, safe="/"), ""))]
    for link in response.headers.getlist("Link"):
        m = _NEXT.search(link.decode("latin-1"))
        if m:
            return [response.urljoin(m.group(1))]
    return []


def _utc(value: object) -> datetime | None:
    """A ``*_gmt`` field (ISO, no offset, UTC) as an aware local datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(TZ)


def _html_text(rendered: object) -> str:
    """Text of a ``*.rendered`` HTML fragment: tags dropped, entities (``&#8211;``, ``&amp;``) decoded."""
    if not isinstance(rendered, str) or not rendered.strip():
        return ""
    return clean_text(" ".join(Selector(text=f"<div>{rendered}</div>").xpath("//div[1]//text()").getall()))


def _rendered(post: dict[str, Any], name: str) -> str:
    value = post.get(name)
    return str(value.get("rendered") or "") if isinstance(value, dict) else ""


def _embedded(post: dict[str, Any]) -> dict[str, Any]:
    embedded = post.get("_embedded")
    return embedded if isinstance(embedded, dict) else {}


def author_name(post: dict[str, Any]) -> str | None:
    """``_embedded.author[0].name`` (an error object there when the author is not public)."""
    authors = _embedded(post).get("author") or []
    first = authors[0] if isinstance(authors, list) and authors else None
    name = first.get("name") if isinstance(first, dict) else None
    if not isinstance(name, str):
        return None
    return clean_text(unescape(name)) or None


def category_names(post: dict[str, Any]) -> list[str]:
    """Names of the post's categories from ``_embedded['wp:term']`` (term names come HTML-escaped)."""
    out = []
    for terms in _embedded(post).get("wp:term") or []:
        for term in terms if isinstance(terms, list) else []:
            if isinstance(term, dict) and term.get("taxonomy") == "category" and term.get("name"):
                out.append(clean_text(unescape(str(term["name"]))))
    return out


def post_item(adapter: Adapter, response: TextResponse, post: dict[str, Any]) -> ArticleItem:
    """One post as a whole item; raises ``ParseError`` when it has no title or no text."""
    link = str(post.get("link") or "")
    if not link:
        raise ParseError(f"post {post.get('id')} in {response.url} has no link")
    url = response.urljoin(link)
    if not same_origin(url, response.url):  # javascript:, data:, another host or port: not this portal's article
        raise ParseError(f"post {post.get('id')} in {response.url} links {link[:100]!r}, not a page of this site")
    page = HtmlResponse(
        url=url,
        body=f"<html><body><div>{_rendered(post, 'content')}</div></body></html>".encode(),
        encoding="utf-8",
    )
    content = page.css("body > div")
    content.css(FURNITURE).drop()
    item = adapter.new_item(
        page,
        _html_text(_rendered(post, "title")),
        canonical_url=canonicalize_url(page.url),
        content_id=str(post["id"]) if post.get("id") is not None else None,
    )
    item.published_raw = str(post.get("date") or "") or None
    item.published = _utc(post.get("date_gmt")) or _local(post.get("date"))
    # WordPress sets modified = date on an unedited post: that is no modification (the HTML adapter agrees).
    if post.get("modified_gmt") and post.get("modified_gmt") != post.get("date_gmt"):
        item.modified_raw = str(post.get("modified") or "") or None
        item.modified = _utc(post.get("modified_gmt"))
    categories = category_names(post)
    item.category = categories[0] if categories else None
    item.images = images(content, page)
    item.attachments = attachments(content, page)
    paragraphs, byline = body_paragraphs(content)
    item.byline = byline or author_name(post)
    if not paragraphs:
        raise ParseError(f"post {item.content_id} in {response.url} has no text in content.rendered")
    item.lead, item.body = paragraphs[0], paragraphs[1:]
    return item


def _local(value: object) -> datetime | None:
    """The site-local ``date`` when ``date_gmt`` is missing, read as Asia/Ho_Chi_Minh."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=TZ)


def parse_posts(adapter: Adapter, response: TextResponse) -> Listing:
    """Whole items from a posts page, and the next page; a post that cannot be read is fetched as a page."""
    try:
        data = json.loads(response.text)
    except ValueError as exc:
        raise ParseError(f"the WordPress REST API at {response.url} answered invalid JSON: {exc}") from None
    if isinstance(data, dict):
        raise ParseError(
            f"the WordPress REST API at {response.url} answered an error: {data.get('code')}: {data.get('message')}"
        )
    if not isinstance(data, list):
        raise ParseError(f"the WordPress REST API at {response.url} answered no list of posts")
    listing = Listing(pages=next_page(response, len(data)))
    for post in data:
        if not isinstance(post, dict):
            continue
        try:
            listing.items.append(post_item(adapter, response, post))
        except ParseError:
            if post.get("link"):  # the post's own page parses it, or counts the failure; the policy drops other sites
                listing.articles.append(response.urljoin(str(post["link"])))
    return listing
