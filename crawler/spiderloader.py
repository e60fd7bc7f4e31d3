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


def spider_class(portal: Portal, settings: BaseSettings | None = None) -> type[PortalSpider]:
    """The spider class for one portal: ``PortalSpider`` bound to it, loopback-fast if simulated."""
    custom: dict[str, Any] = {}
    if portal.simulated and settings is not None:
        custom.update(settings.getdict("SIMULATED_PORTAL_SETTINGS"))
    return type(f"PortalSpider_{portal.slug.replace('-', '_')}", (PortalSpider,),
                {"name": portal.slug, "portal": portal, "custom_settings": custom})


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
