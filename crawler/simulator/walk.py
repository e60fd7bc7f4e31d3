"""Walk a simulated portal in-process (no network) the way a crawl would, to know what it can reach.

Tests use it to compute exact expectations for a crawl; benchmarks use it to hand a bare Scrapy
spider the same URLs the full crawl fetches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.adapters.base import adapter_for
from crawler.fixtures import response_for
from crawler.registry import Portal
from crawler.simulator.site import SimSite


@dataclass
class Walk:
    """Listing pages visited (with their status) and article URLs found, in crawl order."""

    listings: dict[str, int] = field(default_factory=dict)
    articles: dict[str, None] = field(default_factory=dict)

    @property
    def failed_listings(self) -> int:
        return sum(1 for status in self.listings.values() if status != 200)


def walk(portal: Portal, site: SimSite) -> Walk:
    """Follow the portal's start pages and pagination through its adapter, as PortalSpider does."""
    adapter = adapter_for(portal)
    result = Walk()
    todo = list(reversed(portal.start_urls))
    while todo:
        url = todo.pop()
        if url in result.listings:
            continue
        resp = site.handle(url.removeprefix(portal.base_url))
        result.listings[url] = resp.status
        if resp.status == 200:
            listing = adapter.parse_listing(response_for(url, resp.body))
            result.articles.update(dict.fromkeys(listing.articles))
            todo.extend(reversed(listing.pages))
    return result
