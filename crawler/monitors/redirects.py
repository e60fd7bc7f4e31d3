"""Downloader middleware: redirects to another site, counted before Scrapy's redirect middleware follows them.

A portal that moved (a district's site now answering with its province's) redirects every page to another
origin; the spider never sees those answers, since the redirect is followed (or dropped as off-site). Counted as
``portalwatch/redirects/offsite`` with the target origin, beside the pages the portal's own origin answered
(``crawler.monitors.facts``); the ``moved`` check decides.
Placed above ``RedirectMiddleware`` (600) so its ``process_response`` runs first.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.monitors import facts


def origin(url: str) -> str:
    """Scheme, host and port of a URL (``http://host:port``), as a successor is recorded."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class RedirectWatch:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectWatch:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        portal, stats = getattr(self.crawler.spider, "portal", None), self.crawler.stats
        if portal is None or stats is None:
            return response
        own = origin(portal.base_url)
        if response.status in (200, 304) and origin(response.url) == own:
            stats.inc_value(facts.OWN_PAGES)
        elif 300 <= response.status < 400 and location:
            target = origin(urljoin(request.url, location.decode("latin-1")))
            if target != own:
                stats.inc_value(facts.OFFSITE)
                stats.set_value(facts.OFFSITE_TARGET, target)
        return response
