"""The run lifecycle of a portal crawl: its lock, its durable ``runs`` row, its heartbeat.

When the spider opens, the extension takes the portal's lock in the store (``PORTALWATCH_LOCK_TTL``
seconds, renewed every third of it) and writes a ``running`` row; a second run of the same portal,
from any process, ends at once as ``skipped``. When the spider closes, the row gets its figures
(requests, 304s, new, updated, failed, alerts, finish reason) and the lock is released. A run killed
with SIGKILL leaves its row ``running`` and its lock to a dead pid: the next run takes both over.
Scrapyd passes its job id as the spider argument ``_job``; the row carries it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

from crawler.store import RunRecord, Store, open_store
from crawler.store.runstate import holder_id

OK_REASONS = ("finished", "closespider_pagecount")
LOCKED = "portal_locked"


def read_nothing(pages: int, not_modified: int, items: int) -> bool:
    """No page, no 304, no item: the portal could not be read at all."""
    return pages == 0 and not_modified == 0 and items == 0


def run_record(portal: str, stats: dict[str, object], reason: str, now: datetime, **extra: Any) -> RunRecord:
    """A run row from Scrapy stats; a run with errors is ``partial``, one with no pages ``failed``."""

    def n(key: str) -> int:
        value = stats.get(key, 0)
        return value if isinstance(value, int) else 0

    errors = n("portalwatch/errors/parse") + n("portalwatch/errors/download")
    pages = n("portalwatch/listing_pages") + n("portalwatch/article_pages")
    not_modified = n("portalwatch/not_modified")
    if reason == LOCKED:
        status = "skipped"
    elif reason == "shutdown":  # SIGINT/SIGTERM: Scrapy stopped gracefully; the next run walks on from here
        status = "interrupted"
    elif reason not in OK_REASONS or read_nothing(pages, not_modified, n("item_scraped_count")):
        status = "failed"
    else:
        status = "partial" if errors else "ok"
    started = stats.get("start_time")
    return RunRecord(
        portal=portal,
        started=started if isinstance(started, datetime) else now,
        finished=now,
        status=status,
        pages=pages,
        new=n("portalwatch/items/new"),
        updated=n("portalwatch/items/updated"),
        unchanged=n("portalwatch/items/unchanged"),
        failed=n("portalwatch/errors/parse") + n("item_dropped_count"),
        errors=errors,
        finish_reason=reason,
        requests=n("downloader/request_count"),
        not_modified=not_modified,
        **extra,
    )


class RunLog:
    """Scrapy extension: one lock and one ``runs`` row per spider run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.ttl = crawler.settings.getfloat("PORTALWATCH_LOCK_TTL", 300)
        self.holder = holder_id()
        self.store: Store | None = None
        self.run_id: int | None = None
        self.alerts_before = 0
        self.beat: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLog:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.store = open_store(self.crawler.settings.get("PORTALWATCH_DB"))
        if not self.store.acquire_lock(spider.name, self.holder, self.ttl):
            spider.logger.warning("portal %s: another run holds its lock; this run is skipped", spider.name)
            assert self.crawler.engine is not None
            self.crawler.engine.close_spider(spider, LOCKED)
            return
        self.alerts_before = self.store.alert_high_water()
        self.run_id = self.store.start_run(spider.name, datetime.now(UTC), "starting", getattr(spider, "_job", None))
        self.beat = task.LoopingCall(self._heartbeat, spider.name)
        self.beat.start(max(self.ttl / 3, 1), now=False)

    def _heartbeat(self, portal: str) -> None:
        if self.store is not None and self.run_id is not None:
            self.store.renew_lock(portal, self.holder, self.ttl)
            self.store.heartbeat(self.run_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is None:
            return
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        try:
            mode = getattr(getattr(spider, "plan", None), "mode", "full")
            if self.run_id is None:  # skipped: the portal was locked
                self.store.record_run(
                    run_record(
                        spider.name, stats, reason, datetime.now(UTC), mode=mode, job=getattr(spider, "_job", None)
                    )
                )
                return
            alerts = self.store.alerts_since(spider.name, self.alerts_before)
            self.crawler.stats.set_value("portalwatch/alerts", alerts)  # type: ignore[union-attr]
            self.store.finish_run(
                self.run_id, run_record(spider.name, stats, reason, datetime.now(UTC), mode=mode, alerts=alerts)
            )
            self.store.release_lock(spider.name, self.holder)
        finally:
            self.store.close()
