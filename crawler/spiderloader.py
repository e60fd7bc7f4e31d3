"""A spider loader that exposes one spider per registry slug.

``scrapy list`` prints every slug and ``scrapy crawl <slug>`` runs ``PortalSpider`` for that
portal: the portal is data, the spider class is one.
"""

from __future__ import annotations

import builtins
from typing import Any

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from crawler.registry import Portal, load_registry
from spiders.portal import PortalSpider


def politeness_settings(portal: Portal, settings: BaseSettings | None = None) -> dict[str, Any]:
    """The portal's own pace and page budget as Scrapy settings, for its spider's ``custom_settings``.

    The registry's ``delay`` and ``concurrency`` become ``DOWNLOAD_DELAY`` and
    ``CONCURRENT_REQUESTS_PER_DOMAIN``; its ``page_budget``, else ``PORTALWATCH_PAGE_BUDGET``, becomes
    Scrapy's ``CLOSESPIDER_PAGECOUNT``, so the CloseSpider extension ends a runaway crawl (a calendar
    or a faceted search paging for ever) with the finish reason ``closespider_pagecount``.
    """
    custom: dict[str, Any] = {}
    if portal.delay is not None:
        custom["DOWNLOAD_DELAY"] = portal.delay
    if portal.concurrency is not None:
        custom["CONCURRENT_REQUESTS_PER_DOMAIN"] = portal.concurrency
    budget = portal.page_budget
    if budget is None and settings is not None:
        budget = settings.getint("PORTALWATCH_PAGE_BUDGET", 5000)
    if budget:
        custom["CLOSESPIDER_PAGECOUNT"] = budget
    return custom


def spider_class(portal: Portal, settings: BaseSettings | None = None) -> type[PortalSpider]:
    """The spider class for one portal: ``PortalSpider`` bound to it, loopback-fast if simulated, paced and
    budgeted by its registry entry (``politeness_settings``; an entry's own values beat the loopback ones)."""
    custom: dict[str, Any] = {}
    if portal.simulated and settings is not None:
        custom.update(settings.getdict("SIMULATED_PORTAL_SETTINGS"))
    custom.update(politeness_settings(portal, settings))
    return type(
        f"PortalSpider_{portal.slug.replace('-', '_')}",
        (PortalSpider,),
        {"name": portal.slug, "portal": portal, "custom_settings": custom},
    )


class PortalSpiderLoader:
    """Scrapy's SPIDER_LOADER_CLASS over the portal registry (``SpiderLoaderProtocol``)."""

    def __init__(self, settings: BaseSettings) -> None:
        self.settings = settings
        self.portals = load_registry(settings.get("PORTALWATCH_REGISTRY") or None)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PortalSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        try:
            return spider_class(self.portals[spider_name], self.settings)
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> builtins.list[str]:
        return sorted(self.portals)

    def find_by_request(self, request: Request) -> builtins.list[str]:
        return [slug for slug, p in self.portals.items() if request.url.startswith(p.base_url)]
