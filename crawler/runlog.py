"""Record each portal crawl in the store's run history when the spider closes."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.store import RunRecord, open_store


def run_record(portal: str, stats: dict[str, object], reason: str, now: datetime) -> RunRecord:
    """A run row from Scrapy stats; a run with errors is ``partial``, one with no pages ``failed``."""

    def n(key: str) -> int:
        value = stats.get(key, 0)
        return value if isinstance(value, int) else 0

    errors = n("portalwatch/errors/parse") + n("portalwatch/errors/download")
    pages = n("portalwatch/listing_pages") + n("portalwatch/article_pages")
    status = "failed" if pages == 0 or reason not in ("finished", "closespider_pagecount") else (
        "partial" if errors else "ok")
    started = stats.get("start_time")
    return RunRecord(
        portal=portal, started=started if isinstance(started, datetime) else now, finished=now, status=status,
        pages=pages, new=n("portalwatch/items/new"), updated=n("portalwatch/items/updated"),
        unchanged=n("portalwatch/items/unchanged"), failed=n("portalwatch/errors/parse") + n("item_dropped_count"),
        errors=errors, finish_reason=reason,
    )


class RunLog:
    """Scrapy extension writing one ``runs`` row per spider run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLog:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        record = run_record(spider.name, self.crawler.stats.get_stats(), reason, datetime.now(UTC))
        store = open_store(self.crawler.settings.get("PORTALWATCH_DB"))
        try:
            store.record_run(record)
        finally:
            store.close()
