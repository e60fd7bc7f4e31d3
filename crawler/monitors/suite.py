"""The health checks as a Spidermon ``MonitorSuite``, and the action that records their verdict.

Spidermon's way: each check is a monitor (a test that passes or fails with a message), the suite runs them all at
the end of a crawl, and actions run afterwards apart from the checks. Here the monitors wrap the pure checks of
``crawler.monitors.checks`` (a failing monitor keeps its ``Finding``), and ``RecordHealth``, a
``monitors_finished_actions`` action, turns the findings into the portal's state through the store: the state and,
when the status changed, its one ``portal_health`` alert in one transaction (``Store.set_health``), then one alert
naming newly quarantined pages (``Store.alert_quarantined``). A return to ``healthy`` is recorded without an alert:
alerts ask for attention, a recovery does not. A portal's first judgement is its baseline, recorded without an
alert: a change is news, the state a portal was found in is on ``portalwatch status``.

``crawler.runlog`` runs the suite at the end of each run (``judge_run``) with Spidermon's own runner, so it runs
after the run's facts are known and before the run row is closed (its alert count includes these alerts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from scrapy import Spider
from scrapy.crawler import Crawler
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner
from spidermon.core.actions import Action

from crawler.monitors import checks
from crawler.monitors.checks import Context, Finding, Health, Thresholds
from crawler.monitors.facts import RunFacts
from crawler.store import Store
from crawler.store.base import HealthState

logger = logging.getLogger(__name__)


class HealthMonitor(Monitor):  # type: ignore[misc]
    """Base of the health monitors: ``check`` is a function of ``crawler.monitors.checks``."""

    check: ClassVar[Callable[[Context], Finding | None]]
    finding: Finding | None = None

    def judge(self) -> None:
        self.finding = type(self).check(self.data.health)
        if self.finding is not None:
            self.fail(f"{self.finding.status}: {self.finding.reason}")


@monitors.name("Gone")
class GoneMonitor(HealthMonitor):
    """410 Gone or DNS failures over ``PORTALWATCH_HEALTH_GONE_RUNS`` runs."""

    check = checks.gone

    @monitors.name("The portal still exists")  # type: ignore[untyped-decorator]
    def test_gone(self) -> None:
        self.judge()


@monitors.name("Moved")
class MovedMonitor(HealthMonitor):
    """A lasting redirect to another site over ``PORTALWATCH_HEALTH_MOVED_RUNS`` runs."""

    check = checks.moved

    @monitors.name("The portal answers at its own address")  # type: ignore[untyped-decorator]
    def test_moved(self) -> None:
        self.judge()


@monitors.name("Unreachable")
class UnreachableMonitor(HealthMonitor):
    """No page read over ``PORTALWATCH_HEALTH_UNREACHABLE_RUNS`` runs."""

    check = checks.unreachable

    @monitors.name("The portal can be read")  # type: ignore[untyped-decorator]
    def test_unreachable(self) -> None:
        self.judge()


@monitors.name("Broken")
class BrokenMonitor(HealthMonitor):
    """Listings, field coverage, selector failures and the generic cross-check (``PORTALWATCH_HEALTH_MIN_ITEMS``,
    ``_COVERAGE_DROP``, ``_MAX_SELECTOR_FAILURES``, ``_MAX_DISAGREEMENT``)."""

    check = checks.broken

    @monitors.name("The adapter reads the portal as before")  # type: ignore[untyped-decorator]
    def test_broken(self) -> None:
        self.judge()


@monitors.name("Quiet")
class QuietMonitor(HealthMonitor):
    """No new article for ``PORTALWATCH_HEALTH_QUIET_FACTOR`` usual gaps (``_QUIET_MIN_DAYS`` at least)."""

    check = checks.quiet

    @monitors.name("The portal publishes at its usual rhythm")  # type: ignore[untyped-decorator]
    def test_quiet(self) -> None:
        self.judge()


class RecordHealth(Action):  # type: ignore[misc]
    """Record the most serious finding as the portal's state (and its one alert), then the injected-pages alert."""

    def run_action(self) -> None:
        health: Context = self.data.health
        store: Store = self.data.store
        failed = [r.item.finding for r in self.result.monitors_failed_results if isinstance(r.item, HealthMonitor)]
        found = checks.verdict([f for f in failed if f is not None], health)
        state = HealthState(
            portal=health.portal,
            status=found.status.value,
            reason=found.reason,
            since=health.now,
            checked_at=health.now,
            fields=found.fields,
            successor=found.successor,
            run_id=self.data.run_id,
        )
        detail = None
        if found.status != Health.HEALTHY:
            detail = {"status": found.status.value, "reason": found.reason, "fields": list(found.fields)}
            if found.successor:
                detail["successor"] = found.successor
        alert = store.set_health(state, detail)
        if alert:
            logger.warning("portal %s: health %s: %s", health.portal, found.status, found.reason)
        injected = store.alert_quarantined(health.portal, health.now)
        if injected:
            logger.warning("portal %s: possible injected content: %s", health.portal, ", ".join(injected[1][:10]))


class PortalHealthSuite(MonitorSuite):  # type: ignore[misc]
    """Portal health, judged at the end of every run (``crawler.runlog``)."""

    monitors: ClassVar[list[Any]] = [GoneMonitor, MovedMonitor, UnreachableMonitor, BrokenMonitor, QuietMonitor]
    monitors_finished_actions: ClassVar[list[Any]] = [RecordHealth]


class HealthResult(SpiderMonitorResult):  # type: ignore[misc]
    """Spidermon's report through the spider's logger; a failed check is one info line, not an error with a
    traceback: it is news about the portal, not a fault of the crawler. The warning comes once, with the alert,
    when the portal's state changes (``RecordHealth``), so a portal that stays quiet does not warn every run."""

    def write_errors(self) -> None:
        for status in self.step.error_statuses:
            for result in self.step.items_for_status(status):
                finding = getattr(result.item, "finding", None)
                what = f"{finding.status}: {finding.reason}" if finding is not None else result.error
                self.log(f"{result.item.name} failed: {what}", level=logging.INFO)

    def log(self, msg: str, level: int = logging.DEBUG) -> None:
        self.spider.logger.log(level, "[Spidermon] %s", msg)


class HealthRunner(SpiderMonitorRunner):  # type: ignore[misc]
    def create_result(self) -> HealthResult:
        return HealthResult(self.spider)


def clock(settings: Any) -> datetime:
    """Now, for the checks: ``PORTALWATCH_HEALTH_NOW`` (an ISO time with offset) when set, else the system clock."""
    fixed = settings.get("PORTALWATCH_HEALTH_NOW") or ""
    if not fixed:
        return datetime.now(UTC)
    when = datetime.fromisoformat(fixed)
    if when.tzinfo is None:
        raise ValueError(f"PORTALWATCH_HEALTH_NOW={fixed!r} has no UTC offset; write it as 2025-07-01T08:00:00+07:00.")
    return when


def judge_run(crawler: Crawler, spider: Spider, store: Store, run_id: int, facts: RunFacts) -> None:
    """Run the health suite for one finished run (its facts not yet in the store)."""
    settings = crawler.settings
    history_size = settings.getint("PORTALWATCH_HEALTH_HISTORY", 10)
    judged = ("ok", "partial", "failed")  # not skipped, queued, interrupted or still running
    earlier = [r for r in store.runs(spider.name, history_size + 1) if r.id != run_id and r.status in judged]
    history = [f for f in (RunFacts.from_json(r.facts) for r in earlier[:history_size]) if f is not None]
    context = Context(
        portal=spider.name,
        facts=facts,
        history=history,
        posting=store.posting_times(spider.name, 30),
        now=clock(settings),
        thresholds=Thresholds.from_settings(settings),
        previous=store.health_states().get(spider.name),
    )
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    suite = PortalHealthSuite(crawler=crawler)
    HealthRunner(spider=spider).run(
        suite, stats=stats, crawler=crawler, spider=spider, health=context, store=store, run_id=run_id
    )
