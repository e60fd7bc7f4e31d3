"""Downloader middleware: redirects to another site, counted before Scrapy's redirect middleware follows them.

A portal that moved (a district's site now answering with its province's) redirects every page to another
origin; the spider never sees those answers, since the redirect is followed (or dropped as off-site). Counted as
``portalwatch/redirects/offsite`` with the target origin, beside the pages the portal's own origin answered
(``crawler.monitors.facts``); the ``moved`` check decides. Whose page a URL is follows the crawler's one rule
(``crawler.origin``: scheme, host and port, an https upgrade allowed). Placed above ``RedirectMiddleware`` (600)
and ``crawler.offsite.RedirectGuardMiddleware`` (650, which refuses the hop) so its ``process_response`` runs
first.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.monitors import facts
from crawler.origin import same_origin


def origin(url: str) -> str:
    """Scheme, host and port of a URL (``http://host:port``), as a successor is recorded (not a test of whose
    page it is: ``crawler.origin.same_origin`` is)."""
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
        if response.status in (200, 304) and same_origin(response.url, portal.base_url):
            stats.inc_value(facts.OWN_PAGES)
        elif 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if not same_origin(target, portal.base_url):
                stats.inc_value(facts.OFFSITE)
                stats.set_value(facts.OFFSITE_TARGET, origin(target))
        return response
