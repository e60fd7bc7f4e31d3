"""``portalwatch schedule``: start due portals, forever, until SIGTERM or SIGINT.

Each run is a child process (``portalwatch crawl <slug>``: Twisted's reactor cannot restart in one
process, and a crashed run must not take the scheduler down), a Scrapyd job (``--via scrapyd URL``) or a run
queued in Redis for the cluster's workers (``--cluster URL``, ``crawler.cluster``).
At most ``max_runs`` run at once; a portal never runs twice at once, because its lock is in the store
(taken by the run itself, so cron, Scrapyd and this loop all respect it). On SIGTERM/SIGINT no new run
starts, each child gets SIGINT (Scrapy's graceful stop: in-flight requests finish, the run is recorded)
and the loop waits up to ``grace`` seconds; a child still running then is killed, and its portal's next
run continues where it stopped (``crawler.incremental``'s walk mode).

It logs (logger ``portalwatch.schedule``, INFO; ``portalwatch schedule`` writes it to stderr, which systemd's
journal keeps) each run's start and end with the counts its run row holds, so ``journalctl -u`` tells what
happened without opening the store.
"""

from __future__ import annotations

import logging
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Protocol

from crawler import cadence
from crawler.registry import Portal
from crawler.store import RunRecord, open_store

log = logging.getLogger("portalwatch.schedule")


class Launcher(Protocol):
    """Starts one portal's run and says which of its runs are still going."""

    def launch(self, portal: Portal) -> None: ...

    def running(self) -> set[str]: ...

    def stop(self, grace: float) -> None: ...


@dataclass
class LocalLauncher:
    """Runs as child processes of this one: ``python -m crawler crawl <slug> --db DB``."""

    db: str
    registry: str | None = None
    children: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def launch(self, portal: Portal) -> None:
        cmd = [sys.executable, "-m", "crawler", "crawl", portal.slug, "--db", self.db]
        if self.registry:
            cmd += ["--registry", self.registry]
        self.children[portal.slug] = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)

    def running(self) -> set[str]:
        for slug, proc in list(self.children.items()):
            if proc.poll() is not None:
                log.debug("run of %s: its process exited with status %s", slug, proc.returncode)
                del self.children[slug]
        return set(self.children)

    def stop(self, grace: float) -> None:
        for proc in self.children.values():
            proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + grace
        for slug, proc in self.children.items():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                log.warning("run of %s did not stop within %.0f s; killed (its next run resumes)", slug, grace)
                proc.kill()
                proc.wait()
        self.children.clear()


@dataclass
class ScrapydLauncher:
    """Runs as Scrapyd jobs; each is recorded in the run history as ``queued`` with its job id."""

    url: str
    db: str
    registry: str | None = None
    project: str = "portalwatch"

    def __post_init__(self) -> None:
        from crawler.scrapyd import ScrapydClient

        self.client = ScrapydClient(self.url, self.project)

    def launch(self, portal: Portal) -> None:
        """Record the run as queued under a job id chosen here, then hand it to Scrapyd: the job's own run
        row (``_job``) is that one, however soon Scrapyd starts it."""
        settings = {"PORTALWATCH_DB": str(Path(self.db).resolve()), "PORTALWATCH_PROGRESS": "off"}
        if self.registry:  # else the registry deployed in the egg
            settings["PORTALWATCH_REGISTRY"] = str(Path(self.registry).resolve())
        job = uuid.uuid4().hex
        store = open_store(self.db)
        try:
            run_id = store.queue_run(portal.slug, job, datetime.now(UTC))
            try:
                self.client.schedule(portal.slug, settings=settings, job=job)
            except Exception:
                store.finish_run(
                    run_id,
                    RunRecord(
                        portal.slug, datetime.now(UTC), datetime.now(UTC), "failed", 0, 0, 0, 0, 0, 1, "scrapyd_refused"
                    ),
                )
                raise
        finally:
            store.close()

    def running(self) -> set[str]:
        return set(self.client.active())

    def stop(self, grace: float) -> None:
        """Scrapyd's jobs are Scrapyd's: they go on without this scheduler."""


@dataclass
class ClusterLauncher:
    """Runs queued in Redis for the cluster's workers (``portalwatch worker``, ``crawler.cluster``): launching is
    queueing, and a portal is busy while it waits or runs. The runs are the workers': they go on without this
    scheduler, and a stopped worker's runs pass to another."""

    url: str

    def __post_init__(self) -> None:
        from crawler.cluster.connection import connect
        from crawler.cluster.runs import RunQueue

        self.queue = RunQueue(connect(self.url))

    def launch(self, portal: Portal) -> None:
        self.queue.enqueue([portal.slug])

    def running(self) -> set[str]:
        status = self.queue.status()
        return set(status.queued) | set(status.running)

    def stop(self, grace: float) -> None:
        """The workers' runs are theirs."""


@dataclass
class Scheduler:
    """The loop: every ``tick`` seconds, start what is due, up to ``max_runs`` at once."""

    portals: Mapping[str, Portal]
    db: str
    launcher: Launcher
    max_runs: int = 2
    jitter: float = 30.0
    tick: float = 1.0
    grace: float = 60.0
    rng: random.Random = field(default_factory=random.Random)
    waiting: dict[str, datetime] = field(default_factory=dict)  # due portals and when their jitter ends
    launched: dict[str, datetime] = field(default_factory=dict)
    stopping: bool = False
    deliver_args: list[str] | None = None  # run webhook delivery beside the crawls, with these extra arguments
    active: set[str] = field(default_factory=set)  # runs going at the last pass: one gone since has ended

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        log.info("signal %s: no new runs; waiting for the running ones", signum)
        self.stopping = True

    def step(self, now: datetime) -> list[str]:
        """One pass: the slugs started now."""
        busy = self.launcher.running()
        self.log_ended(self.active - busy)
        self.active = set(busy)
        store = open_store(self.db)
        try:
            busy |= store.locked_portals()
            last = store.last_starts()
        finally:
            store.close()
        for slug, when in self.launched.items():  # a run that died before writing its row still counts
            if slug not in last or last[slug] < when:
                last[slug] = when
        started = []
        for portal in cadence.due(self.portals.values(), last, busy, now):
            start_at = self.waiting.setdefault(portal.slug, now + cadence.jitter(portal, self.jitter, self.rng))
            if start_at > now or len(busy) >= self.max_runs:
                continue
            log.info("run of %s starting (cadence %s)", portal.slug, cadence_text(portal))
            self.launcher.launch(portal)
            self.active.add(portal.slug)
            del self.waiting[portal.slug]
            self.launched[portal.slug] = now
            busy.add(portal.slug)
            started.append(portal.slug)
        return started

    def log_ended(self, slugs: set[str]) -> None:
        """One line per ended run: its status and counts, from the run row the run wrote."""
        if not slugs:
            return
        store = open_store(self.db)
        try:
            for slug in sorted(slugs):
                last = store.runs(slug, 1)
                run = last[0] if last else None
                if run is None or run.finished is None:
                    log.warning("run of %s ended without recording its end (killed?); its next run resumes", slug)
                    continue
                log.info(
                    "run of %s ended: %s, %d pages, %d new, %d updated, %d alerts, %d errors in %.0f s (%s)",
                    slug,
                    run.status,
                    run.pages,
                    run.new,
                    run.updated,
                    run.alerts,
                    run.errors,
                    (run.finished - run.started).total_seconds(),
                    run.finish_reason,
                )
        finally:
            store.close()

    def _deliverer(self, proc: subprocess.Popen[bytes] | None) -> subprocess.Popen[bytes] | None:
        """``portalwatch deliver --follow`` beside the runs (``deliver_args``), started again if it died."""
        if self.deliver_args is None or (proc is not None and proc.poll() is None):
            return proc
        if proc is not None:
            log.warning("webhook delivery exited (%s); starting it again", proc.returncode)
        return subprocess.Popen(
            [sys.executable, "-m", "crawler", "deliver", "--follow", "--db", self.db, *self.deliver_args]
        )

    def run(self, once: bool = False) -> int:
        """Until a signal (or, with ``once``, one pass waiting for its runs); returns the exit status."""
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        log.info(
            "scheduling %d portals, at most %d runs at once%s",
            len(self.portals),
            self.max_runs,
            ": one pass" if once else f", a pass every {self.tick:g} s until SIGTERM/SIGINT",
        )
        deliverer = None
        started = 0
        while not self.stopping:
            deliverer = self._deliverer(deliverer)
            try:
                started += len(self.step(datetime.now(UTC)))
            except Exception:
                log.exception("scheduling pass failed; retrying")
            if once and not self.waiting:
                while self.launcher.running() and not self.stopping:
                    time.sleep(self.tick)
                break
            time.sleep(self.tick)
        self.launcher.stop(self.grace)
        self.log_ended(self.active - self.launcher.running())
        if once and not started:
            log.info("no portal was due")
        if deliverer is not None and deliverer.poll() is None:
            deliverer.send_signal(signal.SIGINT)
            try:
                deliverer.wait(timeout=self.grace)
            except subprocess.TimeoutExpired:
                deliverer.kill()  # its outbox lease makes the alert in flight due again
        return 0


def cadence_text(portal: Portal) -> str:
    """A portal's cadence as the registry writes it ("1h", "30m")."""
    seconds = int(portal.cadence.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
