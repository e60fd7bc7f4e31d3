"""A one-line progress display (pages, items, errors) while crawling on a terminal.

``PORTALWATCH_PROGRESS``: ``auto`` (default, only when stderr is a terminal), ``on`` or ``off``.
"""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    def __init__(self, crawler: Crawler, interval: float = 1.0) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        mode = crawler.settings.get("PORTALWATCH_PROGRESS", "auto")
        if mode == "off" or (mode == "auto" and not sys.stderr.isatty()):
            raise NotConfigured
        return cls(crawler)

    def line(self) -> str:
        assert self.crawler.stats is not None
        s = self.crawler.stats.get_stats()
        pages = s.get("portalwatch/listing_pages", 0) + s.get("portalwatch/article_pages", 0)
        errors = s.get("portalwatch/errors/parse", 0) + s.get("portalwatch/errors/download", 0)
        name = self.crawler.spider.name if self.crawler.spider else "?"
        return (
            f"{name}: {pages} pages, {s.get('item_scraped_count', 0)} items "
            f"({s.get('portalwatch/items/new', 0)} new), {errors} errors"
        )

    def show(self) -> None:
        sys.stderr.write("\r\033[K" + self.line())
        sys.stderr.flush()

    def opened(self) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def closed(self) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        sys.stderr.write("\r\033[K" + self.line() + "\n")
