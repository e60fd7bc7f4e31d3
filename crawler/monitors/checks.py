"""The health checks: pure functions from one run's facts and the portal's history to a finding, or None.

A check answers one question (has the portal gone, moved, become unreachable, broken, quiet?) with a ``Finding``:
the state it argues for, a reason a reader understands and the failing fields. ``crawler.monitors.suite`` wraps each
as a Spidermon monitor; the state a run leaves is the most serious finding (``SEVERITY``), ``healthy`` without one.
Thresholds are settings (``Thresholds.from_settings``), each named where it is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from statistics import median
from typing import Any

from crawler.dates import TZ
from crawler.monitors.facts import FIELDS, RunFacts
from crawler.store.base import HealthState


class Health(StrEnum):
    """A portal's health state (``portalwatch status``)."""

    HEALTHY = "healthy"
    QUIET = "quiet"
    BROKEN = "broken"
    UNREACHABLE = "unreachable"
    MOVED = "moved"
    GONE = "gone"


# Most serious first: a portal that answers 410 is gone, whatever else its run shows.
SEVERITY = (Health.GONE, Health.MOVED, Health.UNREACHABLE, Health.BROKEN, Health.QUIET, Health.HEALTHY)


@dataclass(frozen=True)
class Finding:
    status: Health
    reason: str
    fields: tuple[str, ...] = ()
    successor: str | None = None


@dataclass(frozen=True)
class Thresholds:
    """The checks' settings (``crawler/settings.py``, ``PORTALWATCH_HEALTH_*``)."""

    min_items: int = 5
    coverage_drop: float = 0.5
    max_selector_failures: float = 0.2
    max_disagreement: float = 0.5
    quiet_factor: float = 3.0
    quiet_min: timedelta = timedelta(days=2)
    unreachable_runs: int = 2
    moved_runs: int = 2
    gone_runs: int = 3

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        """Read from Scrapy settings: ``PORTALWATCH_HEALTH_MIN_ITEMS``, ``_COVERAGE_DROP``,
        ``_MAX_SELECTOR_FAILURES``, ``_MAX_DISAGREEMENT``, ``_QUIET_FACTOR``, ``_QUIET_MIN_DAYS``,
        ``_UNREACHABLE_RUNS``, ``_MOVED_RUNS`` and ``_GONE_RUNS``."""
        d = cls()
        p = "PORTALWATCH_HEALTH_"
        return cls(
            min_items=settings.getint(p + "MIN_ITEMS", d.min_items),
            coverage_drop=settings.getfloat(p + "COVERAGE_DROP", d.coverage_drop),
            max_selector_failures=settings.getfloat(p + "MAX_SELECTOR_FAILURES", d.max_selector_failures),
            max_disagreement=settings.getfloat(p + "MAX_DISAGREEMENT", d.max_disagreement),
            quiet_factor=settings.getfloat(p + "QUIET_FACTOR", d.quiet_factor),
            quiet_min=timedelta(days=settings.getfloat(p + "QUIET_MIN_DAYS", d.quiet_min.days)),
            unreachable_runs=settings.getint(p + "UNREACHABLE_RUNS", d.unreachable_runs),
            moved_runs=settings.getint(p + "MOVED_RUNS", d.moved_runs),
            gone_runs=settings.getint(p + "GONE_RUNS", d.gone_runs),
        )


@dataclass(frozen=True)
class Context:
    """What the checks read: this run's facts, earlier runs' facts (newest first), the portal's posting times
    (newest first), the time the checks take as now, and the thresholds."""

    portal: str
    facts: RunFacts
    history: Sequence[RunFacts]
    posting: Sequence[datetime]
    now: datetime
    thresholds: Thresholds = field(default_factory=Thresholds)
    previous: HealthState | None = None  # the state the last judged run left

    def last(self, n: int) -> list[RunFacts]:
        """This run and the ``n - 1`` before it, when there are that many."""
        runs = [self.facts, *self.history[: max(n - 1, 0)]]
        return runs if len(runs) >= n else []


def _days(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:.0f} ngày" if days >= 1 else f"{delta.total_seconds() / 3600:.0f} giờ"


def gone(ctx: Context) -> Finding | None:
    """410 Gone or a name that no longer resolves, and no page read, over ``PORTALWATCH_HEALTH_GONE_RUNS`` runs."""
    runs = ctx.last(ctx.thresholds.gone_runs)
    if not runs or not all(not r.read_pages and not r.own_pages and (r.gone or r.dns_failures) for r in runs):
        return None
    what = "trả lời 410 Gone" if ctx.facts.gone else "có tên miền không còn phân giải được (DNS)"
    return Finding(Health.GONE, f"cổng {what} trong {len(runs)} lần chạy gần nhất")


def moved(ctx: Context) -> Finding | None:
    """Every page redirected to one other site, none answered by the portal's own origin, over
    ``PORTALWATCH_HEALTH_MOVED_RUNS`` runs: a lasting move; the target is its successor."""
    runs = ctx.last(ctx.thresholds.moved_runs)
    target = ctx.facts.redirect_target
    if not runs or not target or not all(r.offsite_redirects and not r.own_pages for r in runs):
        return None
    if any(r.redirect_target != target for r in runs):
        return None
    reason = f"mọi trang chuyển hướng sang {target} trong {len(runs)} lần chạy gần nhất"
    return Finding(Health.MOVED, reason, successor=target)


def unreachable(ctx: Context) -> Finding | None:
    """No page read (no answer, or only errors) over ``PORTALWATCH_HEALTH_UNREACHABLE_RUNS`` runs, where no
    redirect, 410 or DNS failure says the portal moved or went."""
    runs = ctx.last(ctx.thresholds.unreachable_runs)
    if not runs or not all(
        not r.read_pages and not r.items and not (r.offsite_redirects or r.gone or r.dns_failures) for r in runs
    ):
        return None
    return Finding(Health.UNREACHABLE, f"không đọc được trang nào trong {len(runs)} lần chạy gần nhất")


def broken(ctx: Context) -> Finding | None:
    """The portal answers, but what it answers no longer reads as it used to: listings without articles where
    earlier runs found some (on a run that walked them: an incremental "nothing changed" lists none); a field's
    coverage dropping below (1 - ``PORTALWATCH_HEALTH_COVERAGE_DROP``) of its usual share; selector failures above
    ``PORTALWATCH_HEALTH_MAX_SELECTOR_FAILURES``; titles differing from the generic extractor's on more than
    ``PORTALWATCH_HEALTH_MAX_DISAGREEMENT`` of the sampled pages. Coverage and failures are judged on runs of at
    least ``PORTALWATCH_HEALTH_MIN_ITEMS`` articles."""
    f, t = ctx.facts, ctx.thresholds
    if not f.read_pages:
        return None
    reasons: list[str] = []
    failing: list[str] = []
    if f.walked_listings and f.listing_pages and not f.links and not f.items and not f.not_modified:
        before = [r.links for r in ctx.history if r.links]
        if before:
            reasons.append(f"trang danh sách không còn liên kết bài nào (lần trước: {before[0]})")
            failing.append("listing")
    usual = [r for r in ctx.history if r.checked >= t.min_items]
    if f.checked >= t.min_items and usual:
        for name in FIELDS:
            share = median(r.coverage.get(name, 0.0) for r in usual)
            now_share = f.coverage.get(name, 0.0)
            if share > 0 and now_share < share * (1 - t.coverage_drop):
                reasons.append(f"{name} chỉ có ở {now_share:.0%} số bài (thường {share:.0%})")
                failing.append(name)
    pages = f.checked + f.selector_failures.get("page", 0)
    failures = sum(f.selector_failures.values())
    if pages >= t.min_items and failures / pages > t.max_selector_failures:
        named = [n for n in f.selector_failures if n != "page"]
        unread = f.selector_failures.get("page", 0)
        parts = [f"{n} trống ở {f.selector_failures[n]}" for n in named]
        parts += [f"{unread} không đọc được"] if unread else []
        reasons.append(f"bộ chọn hỏng ở {failures}/{pages} trang bài ({', '.join(parts)})")
        failing += [n for n in named if n not in failing] or (["article"] if "article" not in failing else [])
    if f.sampled >= 2 and f.disagreed / f.sampled > t.max_disagreement:
        reasons.append(
            f"tiêu đề của bộ đọc CMS khác bộ trích xuất chung ở {f.disagreed}/{f.sampled} trang ({f.disagreement})"
        )
        failing += ["title"] if "title" not in failing else []
    if not reasons:
        return None
    return Finding(Health.BROKEN, "; ".join(reasons), tuple(failing))


def quiet(ctx: Context) -> Finding | None:
    """No new article for ``PORTALWATCH_HEALTH_QUIET_FACTOR`` times the portal's usual gap between articles (the
    median gap of its newest ones), and for at least ``PORTALWATCH_HEALTH_QUIET_MIN_DAYS``."""
    times = [t for t in ctx.posting if t <= ctx.now]
    if len(times) < 3:
        return None
    gaps = [a - b for a, b in pairwise(times) if a > b]
    if not gaps:
        return None
    usual = timedelta(seconds=median(g.total_seconds() for g in gaps))
    silent = ctx.now - times[0]
    if silent <= max(usual * ctx.thresholds.quiet_factor, ctx.thresholds.quiet_min):
        return None
    since = times[0].astimezone(TZ).date().isoformat()
    return Finding(Health.QUIET, f"không có bài mới từ {since} ({_days(silent)}; nhịp đăng thường {_days(usual)})")


CHECKS = (gone, moved, unreachable, broken, quiet)


def reads_articles(ctx: Context) -> bool:
    """Whether the run read enough article pages to say whether the adapter still reads them."""
    f = ctx.facts
    return f.read_pages and (
        f.checked + f.selector_failures.get("page", 0) >= ctx.thresholds.min_items or f.sampled >= 2
    )


def verdict(findings: Sequence[Finding], ctx: Context | None = None) -> Finding:
    """The state a run leaves: its most serious finding, else healthy. A ``broken`` portal stays broken through
    runs that read too few article pages to tell (an incremental run with nothing new): only a run that reads
    articles again, well, clears it."""
    found = next((f for status in SEVERITY for f in findings if f.status == status), Finding(Health.HEALTHY, ""))
    previous = ctx.previous if ctx is not None else None
    if (
        ctx is not None
        and previous is not None
        and previous.status == Health.BROKEN
        and SEVERITY.index(found.status) > SEVERITY.index(Health.BROKEN)
        and not reads_articles(ctx)
    ):
        return Finding(Health.BROKEN, previous.reason, previous.fields)
    return found
