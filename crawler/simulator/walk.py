"""Walk a simulated portal in-process (no network) the way a crawl would, to know what it can reach.

Tests use it to compute exact expectations for a crawl; benchmarks use it to hand a bare Scrapy
spider the same URLs the full crawl fetches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs

from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.adapters.base import Adapter, adapter_for
from crawler.fixtures import response_for
from crawler.registry import Portal
from crawler.simulator.site import SimSite


@dataclass
class Walk:
    """Listing pages visited (with their status), article URLs and document registry pages found, in crawl order."""

    listings: dict[str, int] = field(default_factory=dict)
    articles: dict[str, None] = field(default_factory=dict)
    documents: dict[str, None] = field(default_factory=dict)

    @property
    def failed_listings(self) -> int:
        return sum(1 for status in self.listings.values() if status != 200)


def fetch_page(site: SimSite, base_url: str, path: str) -> HtmlResponse:
    """A simulated page as the Scrapy response a crawl would get, failing unless it answers 200."""
    resp = site.handle(path)
    assert resp.status == 200, f"{path} answered {resp.status}"
    return response_for(base_url + path, resp.body)


def walk(portal: Portal, site: SimSite, adapter: Adapter | None = None) -> Walk:
    """Follow the portal's start pages, pagination and postbacks through its adapter, as PortalSpider does.

    Postbacks are keyed ``POST <url> <body>`` in ``listings``, as Scrapy's duplicate filter tells them apart.
    """
    adapter = adapter or adapter_for(portal)
    result = Walk()
    todo: list[Request] = [Request(u) for u in reversed(portal.start_urls)]
    while todo:
        request = todo.pop()
        key = request.url if request.method == "GET" else f"POST {request.url} {request.body.decode()}"
        if key in result.listings:
            continue
        form = parse_qs(request.body.decode(), keep_blank_values=True) if request.method == "POST" else None
        resp = site.handle(request.url.removeprefix(portal.base_url), form)
        result.listings[key] = resp.status
        if resp.status == 200:
            listing = adapter.parse_listing(response_for(request.url, resp.body))
            result.articles.update(dict.fromkeys(listing.articles))
            result.documents.update(dict.fromkeys(listing.documents))
            todo.extend(reversed([*[Request(u) for u in listing.pages], *listing.requests]))
    return result
