"""The run lifecycle of a portal crawl: its lock, its durable ``runs`` row, its heartbeat, its end.

When the spider opens, the extension takes the portal's lock in the store (``PORTALWATCH_LOCK_TTL``
seconds, renewed every third of it) and writes a ``running`` row; a second run of the same portal,
from any process, ends at once as ``skipped``. When the spider closes, this extension alone decides how
the run ended (``run_end``): the row gets its status and figures (requests, 304s, new, updated, failed,
alerts, finish reason), a complete run leaves what its reading policy says for the next one (validators,
watermark, feed; ``crawler.incremental.Outcome``), and the lock is released. A run killed with SIGKILL
leaves its row ``running`` and its lock to a dead pid: the next run takes both over, and the previous
incremental state stays. Scrapyd passes its job id as the spider argument ``_job``; the row carries it.
Before the row is closed, the run's health facts are judged with the portal's history (``crawler.monitors``):
the row keeps the facts, and a change of the portal's health state raises its one alert.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

from crawler.incremental import FULL, ReadingPolicy
from crawler.monitors.facts import RunFacts
from crawler.monitors.suite import judge_run
from crawler.store import RunRecord, Store, open_store
from crawler.store.runstate import holder_id

logger = logging.getLogger(__name__)
OK_REASONS = ("finished", "closespider_pagecount")
LOCKED = "portal_locked"


def read_nothing(pages: int, not_modified: int, items: int) -> bool:
    """No page, no 304, no item: the portal could not be read at all."""
    return pages == 0 and not_modified == 0 and items == 0


def _count(stats: Mapping[str, object], key: str) -> int:
    value = stats.get(key, 0)
    return value if isinstance(value, int) else 0


def stored_articles(stats: Mapping[str, object]) -> int:
    """Articles the store took this run (not ``item_scraped_count``: a removal found on re-check is an item too)."""
    return sum(_count(stats, f"portalwatch/items/{result}") for result in ("new", "updated", "unchanged"))


def run_end(stats: dict[str, object], reason: str) -> tuple[str, bool]:
    """How a run ended, from Scrapy stats and the finish reason: its status, and whether it is complete.

    A run with errors is ``partial``, one that read nothing ``failed``. Only a complete run (it finished and no
    page failed) leaves its watermark, feed and validators for the next: after any other, the next run reads
    again what this one may have missed."""
    errors = _count(stats, "portalwatch/errors/parse") + _count(stats, "portalwatch/errors/download")
    pages = _count(stats, "portalwatch/listing_pages") + _count(stats, "portalwatch/article_pages")
    if reason == LOCKED:
        status = "skipped"
    elif reason == "shutdown":  # SIGINT/SIGTERM: Scrapy stopped gracefully; the next run walks on from here
        status = "interrupted"
    elif reason not in OK_REASONS or read_nothing(
        pages, _count(stats, "portalwatch/not_modified"), stored_articles(stats)
    ):
        status = "failed"
    else:
        status = "partial" if errors else "ok"
    return status, reason == "finished" and not errors


def run_record(portal: str, stats: dict[str, object], reason: str, now: datetime, **extra: Any) -> RunRecord:
    """A run row from Scrapy stats (``run_end`` gives its status)."""

    def n(key: str) -> int:
        return _count(stats, key)

    status, _ = run_end(stats, reason)
    errors = n("portalwatch/errors/parse") + n("portalwatch/errors/download")
    started = stats.get("start_time")
    return RunRecord(
        portal=portal,
        started=started if isinstance(started, datetime) else now,
        finished=now,
        status=status,
        pages=n("portalwatch/listing_pages") + n("portalwatch/article_pages"),
        new=n("portalwatch/items/new"),
        updated=n("portalwatch/items/updated"),
        unchanged=n("portalwatch/items/unchanged"),
        failed=n("portalwatch/errors/parse") + n("item_dropped_count"),
        errors=errors,
        finish_reason=reason,
        requests=n("downloader/request_count"),
        not_modified=n("portalwatch/not_modified"),
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
        policy = getattr(spider, "policy", None)
        policy = policy if isinstance(policy, ReadingPolicy) else None
        try:
            mode = policy.plan.mode if policy is not None else FULL
            if self.run_id is None:  # skipped: the portal was locked
                self.store.record_run(
                    run_record(
                        spider.name, stats, reason, datetime.now(UTC), mode=mode, job=getattr(spider, "_job", None)
                    )
                )
                return
            status, complete = run_end(stats, reason)
            if complete and policy is not None:
                self._leave(spider.name, policy)
            plan = policy.plan if policy is not None else None
            facts = RunFacts.from_stats(stats, status, mode, deep=plan.deep if plan is not None else True)
            if self.crawler.settings.getbool("PORTALWATCH_HEALTH_ENABLED", True) and reason != "shutdown":
                self._judge(spider, facts)
            alerts = self.store.alerts_since(spider.name, self.alerts_before)
            self.crawler.stats.set_value("portalwatch/alerts", alerts)
            record = run_record(
                spider.name, stats, reason, datetime.now(UTC), mode=mode, alerts=alerts, facts=facts.as_json()
            )
            self.store.finish_run(self.run_id, record)
            self.store.release_lock(spider.name, self.holder)
        finally:
            self.store.close()

    def _judge(self, spider: Spider, facts: RunFacts) -> None:
        """The portal's health from this run and its history (``crawler.monitors``); a failing check is logged,
        never a reason to lose the run's row."""
        assert self.store is not None and self.run_id is not None
        try:
            judge_run(self.crawler, spider, self.store, self.run_id, facts)
        except Exception:
            logger.exception("portal %s: the health checks failed", spider.name)

    def _leave(self, portal: str, policy: ReadingPolicy) -> None:
        """What a complete run leaves for the next: its validators, watermark, feed and API outcome."""
        assert self.store is not None
        outcome = policy.outcome()
        self.store.save_validators(outcome.validators)
        self.store.save_portal_state(
            portal,
            complete_at=outcome.complete_at,
            deep_at=outcome.deep_at,
            feed_url=outcome.feed_url,
            api_failed=outcome.api_failed,
        )
