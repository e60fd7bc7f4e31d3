"""Canonical URLs and content ids: one key for one article, however many URLs a portal gives it.

Portals publish one article under many URLs: Liferay adds ``plidlayout``, portlet instances and
``redirect=``; WordPress answers ``?p=ID`` and the permalink; links go out over http and https,
with and without ``www``, with tracking and session parameters. ``content_id`` finds the CMS's own
id in a URL (the strongest key; each adapter owns its CMS's rule); ``canonical_url`` is the fallback
key when a page has none.
Content hashes are ``crawler.enrich.content_hash``; near-duplicates across portals are in
``crawler.clusters``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from crawler.items import ArticleItem
from crawler.text import nfc
from crawler.vocab import Cms

# Parameters that never say which content a page shows: tracking, sessions, and Liferay's portlet
# plumbing (p_p_id/lifecycle/state/mode/col_*, the layout plid and the back link).
_DROP_PREFIXES = ("utm_", "p_p_")
_DROP_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "jsessionid",
        "phpsessid",
        "plidlayout",
        "redirect",
        "_ga",
        "mc_cid",
        "mc_eid",
        "zarsrc",
        "p_l_id",
        "p_v_l_s_g_id",
    }
)
_SESSION_PATH = re.compile(r";jsessionid=[^/?#]*", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CMS_VALUES = frozenset(c.value for c in Cms)


def _dropped(name: str) -> bool:
    low = name.lower()
    return low in _DROP_NAMES or low.startswith(_DROP_PREFIXES)


def _nfc_path(path: str) -> str:
    """Percent-decoded, NFC, re-encoded: ``tin-t%E1%BB%A9c`` and an NFD ``tin-tức`` become one path."""
    return quote(nfc(unquote(path)), safe="/:@!$&'()*+,;=-._~")


def canonical_url(url: str) -> str:
    """One spelling for every way of writing the same address.

    https, no ``www.``, no default port, no trailing slash (but ``/``), NFC path, sorted query
    without tracking/session/Liferay-plumbing parameters, no fragment (w3lib does the sorting,
    percent-encoding and fragment).
    """
    parts = urlsplit(_SESSION_PATH.sub("", url.strip()))
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = _nfc_path(parts.path).rstrip("/") or "/"
    scheme = "https" if scheme in _DEFAULT_PORTS else scheme
    rebuilt = urlunsplit((scheme, host, path, parts.query, ""))
    names = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if _dropped(k)}
    if names:
        rebuilt = url_query_cleaner(rebuilt, sorted(names), remove=True, unique=False, keep_fragments=False)
    return canonicalize_url(rebuilt, keep_fragments=False)


def url_path(url: str | None) -> str:
    """A URL's path as content-id rules read it: percent-decoded, without a ``;jsessionid=`` session."""
    return unquote(urlsplit(_SESSION_PATH.sub("", url or "")).path)


def query_id(url: str | None, names: tuple[str, ...]) -> str | None:
    """The first of the query parameters ``names`` (any case) whose value is a number."""
    query = {k.lower(): v for k, v in parse_qsl(urlsplit(url or "").query)}
    return next((query[n] for n in names if query.get(n, "").isdigit()), None)


def content_id(url: str | None, cms: str | None) -> str | None:
    """The CMS's own article id in ``url``, or None when the URL does not carry one.

    Only the portal's CMS rule applies (``Adapter.content_id``, one per adapter module): a ``-123.html``
    suffix is an id on NukeViet but may be anything on a generic site.
    """
    if not url or cms not in _CMS_VALUES:
        return None
    from crawler.adapters.base import adapter_class  # adapters import this module's URL helpers

    return adapter_class(Cms(cms)).content_id(url)


def article_key(
    portal: str, cms: str | None, url: str, canonical: str | None = None, known_id: str | None = None
) -> str:
    """The natural key an article is stored under: portal + content id, else portal + canonical URL.

    ``known_id`` is the id the adapter read from the page (a WordPress permalink's post id is only
    on the page); it wins over ids in the URLs.
    """
    cid = known_id or content_id(url, cms) or content_id(canonical, cms)
    if cid:
        return f"{portal}:id:{cid}"
    return f"{portal}:url:{canonical_url(canonical or url)}"


def dedupe_key(item: ArticleItem) -> str:
    """The key an item is stored under (``article_key`` of its portal, CMS, URLs and the id its page gave)."""
    return article_key(item.portal, item.cms, item.url, item.canonical_url, item.content_id)
