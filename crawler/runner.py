"""Run crawls of one or many portals in this process, with the project's settings."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler.registry import Portal
from crawler.runlog import LOCKED, errors_of, read_nothing, run_end, stored_articles
from crawler.spiderloader import spider_class
from crawler.store import open_store


def project_settings(db: str | None = None, **overrides: Any) -> Settings:
    """The project's Scrapy settings wherever the command runs from (no scrapy.cfg needed)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    if db:
        settings.set("PORTALWATCH_DB", db, priority="cmdline")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


@dataclass(frozen=True)
class CrawlSummary:
    """What one portal's crawl did, for the terminal summary."""

    portal: str
    pages: int
    articles: int
    new: int
    meetings: int
    errors: int
    finish_reason: str
    not_modified: int = 0
    status: str = "ok"

    @property
    def skipped(self) -> bool:
        """Another run of the portal held its lock (``crawler.runlog``): nothing was tried, nothing failed."""
        return self.finish_reason == LOCKED

    @property
    def read_nothing(self) -> bool:
        """No page, no 304, no item: the portal could not be read at all (the command fails)."""
        return read_nothing(self.pages, self.not_modified, self.articles) and not self.skipped

    @property
    def lost_something(self) -> bool:
        """The run is ``partial`` or ``failed`` (``crawler.runlog.run_end``): pages or store writes were lost."""
        return self.status in ("partial", "failed") or self.read_nothing

    @classmethod
    def from_stats(cls, portal: str, stats: Mapping[str, Any]) -> CrawlSummary:
        def n(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        return cls(
            portal=portal,
            pages=n("portalwatch/listing_pages") + n("portalwatch/article_pages"),
            articles=stored_articles(stats),
            new=n("portalwatch/items/new"),
            meetings=n("portalwatch/meeting_reports"),
            errors=errors_of(stats),
            finish_reason=str(stats.get("finish_reason", "?")),
            not_modified=n("portalwatch/not_modified"),
            status=run_end(stats, str(stats.get("finish_reason", "?")))[0],
        )


def crawl(
    portals: Sequence[Portal], settings: Settings, base_urls: Mapping[str, str] | None = None
) -> list[CrawlSummary]:
    """Crawl the portals concurrently (one Scrapy crawler each) and wait for all of them.

    The store is opened once first, so that one that cannot be used (``StoreError``: a damaged file, a read-only
    directory, a newer version's migrations) stops the command with one sentence before any crawl starts."""
    open_store(settings.get("PORTALWATCH_DB")).close()
    base_urls = base_urls or {}
    process = CrawlerProcess(settings)
    crawlers = []
    for portal in portals:
        crawler = process.create_crawler(spider_class(portal, settings))
        kwargs = {"base_url": base_urls[portal.slug]} if portal.slug in base_urls else {}
        process.crawl(crawler, **kwargs)
        crawlers.append((portal.slug, crawler))
    process.start()
    return [CrawlSummary.from_stats(slug, c.stats.get_stats() if c.stats else {}) for slug, c in crawlers]
