"""``portalwatch worker``: one process of the cluster, crawling whatever portal runs are due.

One Twisted reactor and one Scrapy crawler per portal run, as ``crawler.runner`` runs them, up to ``max_runs``
at once; what changes in a worker is the scheduler (scrapy-redis's, with the run's queue in Redis:
``crawler.cluster.scheduler``), the per-host gate (``crawler.cluster.politeness``) and where runs come from
(``crawler.cluster.runs``). Each run still takes its portal's lock and writes its run row through the run log,
and ends when its queue drains, closed with its counts like any run.

Every ``tick`` the worker renews the leases of its runs and claims due ones for its free places. A run that
ends releases its lease; one that was interrupted (this worker is stopping) or found its portal locked by a run
outside the cluster goes back to the queue, for another worker or later. On SIGTERM or SIGINT the worker claims
nothing more, stops its runs gracefully (Scrapy's shutdown; their queues stay in Redis) and exits; a second
signal stops at once. With ``drain`` it exits by itself once nothing is queued or running in the whole cluster.
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.internet import task

from crawler.cluster.connection import Keys, connect
from crawler.cluster.runs import RunQueue
from crawler.registry import Portal
from crawler.runlog import LOCKED
from crawler.runner import CrawlSummary
from crawler.spiderloader import spider_class
from crawler.store import without_password

log = logging.getLogger("portalwatch.worker")

INTERRUPTED = "shutdown"


def _reactor() -> Any:
    """Twisted's installed reactor (imported late: importing it installs one; typed Any, as Twisted's module is)."""
    from twisted.internet import reactor

    return reactor


def worker_id() -> str:
    """This worker in lease records: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def cluster_settings(base: Settings, redis_url: str, worker: str, prefix: str) -> dict[str, Any]:
    """The Scrapy settings that make a crawl a cluster worker's: scrapy-redis's scheduler with tickets, the shared
    host gate in the HTTP download handler, and the ticket acknowledgements outermost among the spider middlewares
    (added to the project's middlewares, which stay)."""
    gated = "crawler.cluster.politeness.GatedHTTPDownloadHandler"
    spider = {**base.getdict("SPIDER_MIDDLEWARES"), "crawler.cluster.acks.TicketAcks": 10}
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "crawler.cluster.scheduler.ClusterScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": Keys(prefix).dupefilter,  # scrapy-redis's dupefilter reads its key here
        "PORTALWATCH_CLUSTER_WORKER": worker,
        "PORTALWATCH_CLUSTER_PREFIX": prefix,
        "DOWNLOAD_HANDLERS": {**base.getdict("DOWNLOAD_HANDLERS"), "http": gated, "https": gated},
        "SPIDER_MIDDLEWARES": spider,
        "PORTALWATCH_PROGRESS": "off",
        "STATS_DUMP": False,
    }


def portal_settings(settings: Settings, base: Settings, custom: Mapping[str, Any]) -> Settings:
    """One run's settings (``settings``: the run's crawler's own copy of ``base``, changed in place, as Scrapy
    copies a crawler's settings anyway): the portal's pace (its registry delay and concurrency, else the project's)
    moves from Scrapy's per-process download slot to the shared host gate; the local slot gets no delay of its own."""
    delay = float(custom.get("DOWNLOAD_DELAY", base.getfloat("DOWNLOAD_DELAY")))
    concurrency = int(custom.get("CONCURRENT_REQUESTS_PER_DOMAIN", base.getint("CONCURRENT_REQUESTS_PER_DOMAIN")))
    settings.set("PORTALWATCH_HOST_DELAY", delay, priority="cmdline")
    settings.set("PORTALWATCH_HOST_CONCURRENCY", concurrency, priority="cmdline")
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    return settings


def lease_settings(lease: float) -> dict[str, Any]:
    """The store's portal lock lasts as long as the Redis lease, so that when a dead worker's lease ends on another
    machine its lock has ended too (on this machine the lock notices the dead pid at once)."""
    return {"PORTALWATCH_LOCK_TTL": lease}


@dataclass
class Worker:
    """One worker process (see the module docstring)."""

    redis_url: str
    portals: Mapping[str, Portal]
    settings: Settings
    max_runs: int = 8
    lease: float = 60.0
    tick: float = 0.5
    drain: bool = False
    locked_retry: float = 30.0
    prefix: str = Keys().prefix
    worker: str = field(default_factory=worker_id)
    running: dict[str, Crawler] = field(default_factory=dict)
    finished: list[tuple[str, CrawlSummary]] = field(default_factory=list)
    stopping: bool = False
    lost: set[str] = field(default_factory=set)  # runs whose lease passed to another worker, being stopped

    def __post_init__(self) -> None:
        self.queue = RunQueue(connect(self.redis_url), Keys(self.prefix))
        extra = {
            **cluster_settings(self.settings, self.redis_url, self.worker, self.prefix),
            **lease_settings(self.lease),
        }
        self.settings.setdict(extra, priority="cmdline")
        self._renewed = 0.0

    def run(self) -> int:
        """Crawl until stopped (or, with ``drain``, until the cluster has nothing left); returns the exit status."""
        from scrapy.utils.reactor import install_reactor

        install_reactor(self.settings["TWISTED_REACTOR"])  # before anything imports the default one
        self.process = CrawlerProcess(self.settings)
        reactor = _reactor()
        loop = task.LoopingCall(self._tick)
        reactor.callWhenRunning(self._install_signals)
        reactor.callWhenRunning(loop.start, self.tick, True)
        shown = without_password(self.redis_url)
        log.info("worker %s: %s, up to %d runs at once", self.worker, shown, self.max_runs)
        self.process.start(stop_after_crawl=False, install_signal_handlers=False)
        self.queue.leave(self.worker)
        log.info("worker %s: exits; %s", self.worker, cpu_split())
        return 0

    def _install_signals(self) -> None:
        from scrapy.utils.ossignal import install_shutdown_handlers

        install_shutdown_handlers(self._on_signal)

    def _on_signal(self, signum: int, frame: Any) -> None:
        reactor = _reactor()
        if self.stopping:  # the second signal: stop now, the leases pass on when they end
            reactor.callFromThread(reactor.stop)
            return
        self.stopping = True
        reactor.callFromThread(self._stop_runs)

    def _stop_runs(self) -> None:
        log.info("worker %s: stopping; %d runs go back to the queue", self.worker, len(self.running))
        for crawler in list(self.running.values()):
            crawler.stop()
        self._maybe_exit()

    def _tick(self) -> None:
        reactor = _reactor()
        try:
            now = reactor.seconds()
            if now - self._renewed >= self.lease / 3:
                lost = self.queue.renew(self.worker, list(self.running), self.lease)
                for slug in lost:
                    log.warning("worker %s: lost the lease of %s (too slow to renew); its run stops", self.worker, slug)
                    self._give_up(slug)
                self._renewed = now
            if not self.stopping:
                free = self.max_runs - len(self.running)
                for slug in self.queue.claim(self.worker, self.lease, free if free > 0 else 0):
                    self._start(slug)
            self._maybe_exit()
        except Exception:  # Redis away for a moment: try again at the next tick
            log.exception("worker %s: cluster pass failed; retrying", self.worker)

    def _give_up(self, slug: str) -> None:
        """Stop a run whose lease passed to another worker: that worker continues it (and reads again what this
        one had in flight), so this one adds nothing more to the portal's queue and does not queue it again."""
        crawler = self.running.get(slug)
        if crawler is not None and slug not in self.lost:
            self.lost.add(slug)
            crawler.stop()

    def _maybe_exit(self) -> None:
        reactor = _reactor()
        if self.running:
            return
        if (self.stopping or (self.drain and self.queue.status().idle)) and reactor.running:
            reactor.stop()

    def _start(self, slug: str) -> None:
        portal = self.portals.get(slug)
        if portal is None:
            log.error("worker %s: %s is not in this worker's registry; run dropped", self.worker, slug)
            self.queue.release(self.worker, slug)
            return
        spidercls = spider_class(portal, self.settings)
        crawler = Crawler(spidercls, self.settings)  # its own copy of the settings, before they are frozen
        portal_settings(crawler.settings, self.settings, spidercls.custom_settings or {})
        self.running[slug] = crawler
        log.info("worker %s: run of %s starts", self.worker, slug)
        done = self.process.crawl(crawler)
        done.addBoth(self._ended, slug, crawler)

    def _ended(self, result: Any, slug: str, crawler: Crawler) -> None:
        self.running.pop(slug, None)
        stats = crawler.stats.get_stats() if crawler.stats else {}
        summary = CrawlSummary.from_stats(slug, stats)
        self.finished.append((slug, summary))
        reason = summary.finish_reason
        if slug in self.lost:
            self.lost.discard(slug)
        elif reason == INTERRUPTED:
            self.queue.enqueue([slug])  # another worker continues its queue
        elif reason == LOCKED:
            self.queue.enqueue([slug], delay=self.locked_retry)
        self.queue.release(self.worker, slug)
        if isinstance(result, Exception) or hasattr(result, "getErrorMessage"):
            log.error("worker %s: run of %s failed: %s", self.worker, slug, result)
        log.info(
            "worker %s: run of %s ended (%s): %d pages, %d articles, %d new, %d errors",
            self.worker,
            slug,
            reason,
            summary.pages,
            summary.articles,
            summary.new,
            summary.errors,
        )
        self._maybe_exit()


def cpu_split() -> str:
    """Where this process's CPU time went, for its last log line: the reactor's thread (this one: Scrapy runs the
    reactor in the main thread), the other threads (Twisted's pool: DNS, attachment reading calls), and the child
    processes it waited for (the attachment readers, ``crawler.documents``). Sizing reads it: what is beside the
    reactor thread is what one worker uses beyond one core."""
    reactor = resource.getrusage(resource.RUSAGE_THREAD)
    whole = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    main = reactor.ru_utime + reactor.ru_stime
    threads = whole.ru_utime + whole.ru_stime - main
    return (
        f"CPU {main:.1f} s in the reactor thread, {threads:.1f} s in other threads, "
        f"{children.ru_utime + children.ru_stime:.1f} s in child processes"
    )


def log_to_stderr() -> None:
    """The worker's own lines (a run starts, ends, a lease is lost) on stderr, whatever Scrapy's LOG_LEVEL."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
