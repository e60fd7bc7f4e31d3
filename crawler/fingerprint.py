"""Canonical URLs and content ids: one key for one article, however many URLs a portal gives it.

Portals publish one article under many URLs: Liferay adds ``plidlayout``, portlet instances and
``redirect=``; WordPress answers ``?p=ID`` and the permalink; links go out over http and https,
with and without ``www``, with tracking and session parameters. ``content_id`` finds the CMS's own
id in a URL (the strongest key); ``canonical_url`` is the fallback key when a page has none.
Content hashes are ``crawler.enrich.content_hash``; near-duplicates across portals are in
``crawler.clusters``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

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

# Content ids per CMS, read from the URL. Examples are the URL shapes seen on the portals:
_LIFERAY = re.compile(r"/content/id/(\d+)(?:[/?#;]|$)")  # /web/hth/chi-tiet-bai-viet/-/asset_publisher/X/content/id/N
_NUKEVIET = re.compile(r"^(?:/[a-z]{2})?/[\w-]+/[\w-]+/[\w-]+-(\d+)\.html?$")  # /news/tin-hoat-dong/slug-3010.html
_ASPNET = re.compile(r"/(?:DetailView|Article)/(\d+)(?:/|$)", re.I)  # /Default.aspx/DetailView/1234/0/slug.aspx
_SHAREPOINT_PARAMS = ("itemid", "id")  # /Pages/chi-tiet-tin.aspx?ItemID=123, /Lists/TinTuc/DispForm.aspx?ID=7
_WORDPRESS_PARAMS = ("p", "page_id")  # /?p=123 (the shortlink), /?page_id=7
# DotNetNuke module views: key/value pairs after the page path, in the query, or glued on with "&":
# /tin-tuc/ctl/detail/mid/1388/id/5, /trang-chu/ctl/detail/mid/1385&ID=5 (Vĩnh Long communes),
# /Default.aspx?TabId=56&ctl=Detail&mid=1388&ID=5, /tabid/56/ctl/detail/mid/1388/id/5/Default.aspx;
# a news module's item id is "id" (or itemid / newsid); EasyDNNnews and DNNArticle print /ArticleID/5/<slug>.
_DNN_PAIR = re.compile(r"/(ctl|mid|id|itemid|newsid|articleid)/([^/]+)", re.I)
_DNN_ID_KEYS = ("id", "itemid", "newsid")
_DNN_NOT_VIEWS = frozenset({"edit", "login", "logoff", "register", "sendpassword", "profile", "terms", "privacy"})


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


def _param(url: str, names: tuple[str, ...]) -> str | None:
    query = {k.lower(): v for k, v in parse_qsl(urlsplit(url).query)}
    for name in names:
        value = query.get(name, "")
        if value.isdigit():
            return value
    return None


def dotnetnuke_id(url: str) -> str | None:
    """The item id of a DotNetNuke module view (``ctl`` and ``mid`` with an ``id``), or an ``ArticleID``."""
    parts = urlsplit(url)
    path, _, glued = unquote(parts.path).partition("&")
    params: dict[str, str] = {k.lower(): v for k, v in _DNN_PAIR.findall(path)}
    for key, value in parse_qsl("&".join(q for q in (glued, parts.query) if q)):
        params.setdefault(key.lower(), value)
    if params.get("articleid", "").isdigit():
        return params["articleid"]
    if not params.get("mid", "").isdigit() or params.get("ctl", "").lower() in _DNN_NOT_VIEWS | {""}:
        return None
    return next((params[k] for k in _DNN_ID_KEYS if params.get(k, "").isdigit()), None)


def content_id(url: str | None, cms: str | None) -> str | None:
    """The CMS's own article id in ``url``, or None when the URL does not carry one.

    Only the portal's CMS rule applies: a ``-123.html`` suffix is an id on NukeViet but may be
    anything on a generic site.
    """
    if not url:
        return None
    path = unquote(urlsplit(_SESSION_PATH.sub("", url)).path)
    if cms == Cms.LIFERAY:
        m = _LIFERAY.search(path)
    elif cms == Cms.NUKEVIET:
        m = _NUKEVIET.match(path)
    elif cms == Cms.ASPNET:
        m = _ASPNET.search(path)
    elif cms == Cms.SHAREPOINT:
        return _param(url, _SHAREPOINT_PARAMS)
    elif cms == Cms.WORDPRESS:
        return _param(url, _WORDPRESS_PARAMS)
    elif cms == Cms.DOTNETNUKE:
        return dotnetnuke_id(_SESSION_PATH.sub("", url))
    else:
        return None
    return m.group(1) if m else None


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
