"""Requests stay on the portal's origin, and redirects that leave it or go round in circles are errors.

Scrapy's ``OffsiteMiddleware`` compares host names only (``allowed_domains``), so a redirect to another port of
the same host, or a ``data:`` URL a portal's API names as an article, would be fetched and stored as the
portal's article. ``OriginMiddleware`` refuses every request that is not on the portal's origin
(``crawler.origin``: scheme, host and port) before it is sent, robots.txt included.

Scrapy's ``RedirectMiddleware`` schedules each hop as a new request, and a hop back to a URL already fetched is
dropped by the duplicate filter without a word: a redirect loop lost its page with no error. The
``RedirectGuardMiddleware`` sees each redirect before ``RedirectMiddleware`` follows it and turns a hop back to
a URL of the same chain, and a hop to another origin, into an ``IgnoreRequest`` with a sentence that names
both ends; the request's errback counts it as a failed page. Stats: ``portalwatch/redirect_loops``,
``portalwatch/offsite_redirects``, ``portalwatch/offsite_requests``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import canonicalize_url, safe_url_string

from crawler.origin import same_origin

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

REDIRECTS = frozenset({301, 302, 303, 307, 308})


class _PortalBound:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _PortalBound:
        return cls(crawler)

    def base_url(self) -> str | None:
        portal = getattr(self.crawler.spider, "portal", None)
        base = getattr(portal, "base_url", None)
        return base if isinstance(base, str) else None

    def count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


class OriginMiddleware(_PortalBound):
    """Downloader middleware (before robots.txt is fetched): only the portal's origin is ever requested."""

    def process_request(self, request: Request) -> None:
        base = self.base_url()
        if base is not None and not same_origin(request.url, base):
            self.count("portalwatch/offsite_requests")
            raise IgnoreRequest(f"{request.url} is not on the portal's site {base}: not requested")


class RedirectGuardMiddleware(_PortalBound):
    """Downloader middleware (its responses before ``RedirectMiddleware``'s): loops and off-site hops refused."""

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECTS or not location or request.meta.get("dont_redirect"):
            return response
        if response.status in request.meta.get("handle_httpstatus_list", ()):
            return response
        target = urljoin(request.url, safe_url_string(location.decode("latin-1")))
        base = self.base_url()
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if base is not None and not same_origin(target, base):
            self.count("portalwatch/offsite_redirects")
            raise IgnoreRequest(f"{chain[0]} redirects to {target}, which is not on the portal's site {base}")
        seen = {canonicalize_url(u) for u in chain}
        if canonicalize_url(target) in seen:
            self.count("portalwatch/redirect_loops")
            hops = " -> ".join([*chain, target])
            raise IgnoreRequest(f"redirect loop: {hops}")
        return response
