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

import contextlib
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
from crawler.store.errors import any_store_error, store_error, store_errors
from crawler.store.runstate import holder_id

logger = logging.getLogger(__name__)
OK_REASONS = ("finished", "closespider_pagecount")
LOCKED = "portal_locked"
STORE_FAILED = "store_error"
# Stats of pages and writes the run lost (each an error), and of links it knowingly left for the next run.
ERRORS = ("portalwatch/errors/parse", "portalwatch/errors/download", "portalwatch/errors/store")
DEFERRED = ("portalwatch/budget_dropped", "portalwatch/uncovered")


def read_nothing(pages: int, not_modified: int, items: int) -> bool:
    """No page, no 304, no item: the portal could not be read at all."""
    return pages == 0 and not_modified == 0 and items == 0


def _count(stats: Mapping[str, object], key: str) -> int:
    value = stats.get(key, 0)
    return value if isinstance(value, int) else 0


def stored_articles(stats: Mapping[str, object]) -> int:
    """Articles the store took this run (not ``item_scraped_count``: a removal found on re-check is an item too)."""
    return sum(_count(stats, f"portalwatch/items/{result}") for result in ("new", "updated", "unchanged"))


def errors_of(stats: Mapping[str, object]) -> int:
    """Pages and store writes the run lost: parse and download failures (a redirect loop, a body over its size
    limit, an answer from another site among them) and articles the store could not write."""
    return sum(_count(stats, key) for key in ERRORS)


def deferred_of(stats: Mapping[str, object]) -> int:
    """Links the run left for the next one: over the page budget, or a truncated source with no listing."""
    return sum(_count(stats, key) for key in DEFERRED)


def run_end(stats: Mapping[str, object], reason: str) -> tuple[str, bool]:
    """How a run ended, from Scrapy stats and the finish reason: its status, and whether it is complete.

    A run that lost pages or store writes is ``partial``, one that read nothing ``failed``. Only a complete run
    (it finished, lost nothing and left nothing for later) leaves its watermark, feed and validators for the
    next: after any other, the next run reads again what this one may have missed. A pagination trap that was
    stopped is no loss."""
    errors = errors_of(stats)
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
    return status, reason == "finished" and not errors and not deferred_of(stats)


def run_record(portal: str, stats: dict[str, object], reason: str, now: datetime, **extra: Any) -> RunRecord:
    """A run row from Scrapy stats (``run_end`` gives its status)."""

    def n(key: str) -> int:
        return _count(stats, key)

    status, _ = run_end(stats, reason)
    errors = errors_of(stats)
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
        failed=n("portalwatch/errors/parse") + n("item_dropped_count") + n("portalwatch/errors/store"),
        errors=errors,
        lost=n("portalwatch/errors/store"),
        deferred=deferred_of(stats),
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
        location = self.crawler.settings.get("PORTALWATCH_DB")
        try:
            self.store = open_store(location)
            if not self.store.acquire_lock(spider.name, self.holder, self.ttl):
                spider.logger.warning("portal %s: another run holds its lock; this run is skipped", spider.name)
                assert self.crawler.engine is not None
                self.crawler.engine.close_spider(spider, LOCKED)
                return
            self.alerts_before = self.store.alert_high_water()
            self.run_id = self.store.start_run(
                spider.name, datetime.now(UTC), "starting", getattr(spider, "_job", None)
            )
        except any_store_error() as exc:
            self._store_failed(spider, exc, location)
            assert self.crawler.engine is not None
            self.crawler.engine.close_spider(spider, STORE_FAILED)
            return
        self.beat = task.LoopingCall(self._heartbeat, spider)
        self.beat.start(max(self.ttl / 3, 1), now=False)

    def _store_failed(self, spider: Spider, exc: BaseException, location: object) -> None:
        """One sentence for a store that failed the run log, never a traceback; the store is given up."""
        error = store_error(exc, str(location or ""))
        spider.logger.error("portal %s: %s", spider.name, error)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("portalwatch/store_failed", str(error))
        if self.store is not None:
            with contextlib.suppress(*store_errors()):
                self.store.close()
        self.store = None

    def _heartbeat(self, spider: Spider) -> None:
        if self.store is not None and self.run_id is not None:
            try:
                self.store.renew_lock(spider.name, self.holder, self.ttl)
                self.store.heartbeat(self.run_id)
            except any_store_error() as exc:  # the crawl goes on; its end records what it can
                spider.logger.warning(
                    "portal %s: %s", spider.name, store_error(exc, self.crawler.settings.get("PORTALWATCH_DB"))
                )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is None:
            return
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        policy = getattr(spider, "policy", None)
        policy = policy if isinstance(policy, ReadingPolicy) else None
        try:
            self._close(spider, stats, reason, policy)
        except any_store_error() as exc:
            self._store_failed(spider, exc, self.crawler.settings.get("PORTALWATCH_DB"))

    def _close(self, spider: Spider, stats: dict[str, object], reason: str, policy: ReadingPolicy | None) -> None:
        assert self.store is not None
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
        except any_store_error() as exc:  # a damaged store: one sentence, as every store error
            error = store_error(exc, self.crawler.settings.get("PORTALWATCH_DB"))
            logger.error("portal %s: the health checks could not read the store: %s", spider.name, error)
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
