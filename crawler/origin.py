"""Whose page a URL is: the one rule for links the crawler follows, stores and the feeds print.

A link is the portal's when it is ``http`` or ``https`` and on the portal's own origin: the same scheme, host
and port (RFC 6454), so ``javascript:``, ``data:``, another host and another port of the same host are never
followed, stored as the portal's article, nor printed as a link. One exception: ``http`` to ``https`` on the
same host at the default ports is the same site upgrading its transport, which most Vietnamese portals do
behind a redirect; the reverse is not allowed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters no URL we send or print may hold: controls (CR/LF split HTTP headers) and spaces.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f]")

Origin = tuple[str, str, int]


def origin(url: str | None) -> Origin | None:
    """``(scheme, host, port)`` of an http(s) URL with a host, lower-cased, the port made explicit; else None."""
    if not url or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme]


@lru_cache(maxsize=256)
def _prefixes(base_url: str) -> tuple[str, ...]:
    """``scheme://host[:port]/`` spellings that certainly are ``base_url``'s origin: a quick yes for most links."""
    here = origin(base_url)
    if here is None:
        return ()
    scheme, host, port = here
    spelled = [f"{scheme}://{host}:{port}/"]
    if port == DEFAULT_PORTS[scheme]:
        spelled.append(f"{scheme}://{host}/")
    return tuple(spelled)


def same_origin(url: str | None, base_url: str) -> bool:
    """Whether ``url`` is on ``base_url``'s origin (or its https upgrade at the default ports)."""
    if url and url.startswith(_prefixes(base_url)) and not _UNSAFE.search(url):
        return True
    here, there = origin(base_url), origin(url)
    if here is None or there is None:
        return False
    if here == there:
        return True
    return here == ("http", there[1], 80) and there[0] == "https" and there[2] == 443


def unsafe(text: str) -> bool:
    """Whether ``text`` holds a control character or a space: what could split a request line or a header."""
    return _UNSAFE.search(text) is not None


def web_url(url: object) -> str | None:
    """``url`` when it is an http(s) URL with a host and no control character or space, else None (a ``javascript:``
    or ``data:`` URL, a value that is not text)."""
    return url if isinstance(url, str) and url and origin(url) is not None else None


def portal_link(url: str | None, base_url: str | None) -> str | None:
    """The link an output may print for a stored article: on the portal's origin when the portal is known
    (``base_url``), at least an http(s) URL when it is not (a site crawled with ``--url``); else None."""
    if base_url is None:
        return web_url(url)
    return url if same_origin(url, base_url) else None
