"""``portalwatch worker``, and the ``--cluster URL`` of ``crawl`` and ``schedule``: cluster mode on Redis.

Workers crawl; ``crawl --all --cluster URL`` (or named portals, or ``--due``) queues runs for them and exits;
``schedule --cluster URL`` queues each portal when it is due. See ``crawler.cluster``.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from crawler.cli.common import UsageError, add_command
from crawler.registry import Portal, load_registry

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "worker",
        worker,
        "crawl the portal runs queued in Redis, as one worker of a cluster, until SIGTERM/SIGINT",
        "portalwatch worker --redis redis://127.0.0.1:6379/0 --max-runs 16",
        common,
    )
    p.add_argument("--redis", default=os.environ.get("PORTALWATCH_REDIS"), help="Redis URL (env PORTALWATCH_REDIS)")
    p.add_argument("--max-runs", type=int, default=8, help="portal runs at once in this worker (default %(default)s)")
    p.add_argument(
        "--lease",
        type=float,
        default=None,
        help="seconds a run's claim lasts unrenewed: a dead worker's runs pass on after it "
        "(default PORTALWATCH_CLUSTER_LEASE, 60)",
    )
    p.add_argument("--drain", action="store_true", help="exit once nothing is queued or running in the cluster")
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")


def add_cluster_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--cluster URL`` on ``crawl`` and ``schedule``."""
    parser.add_argument("--cluster", metavar="REDIS_URL", help=f"{what} (see portalwatch worker)")


def redis_url(value: str | None, option: str) -> str:
    if not value:
        raise UsageError(f"{option} needs a Redis URL, e.g. redis://127.0.0.1:6379/0 (or set PORTALWATCH_REDIS).")
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise UsageError(f"{option} {value!r} is not a Redis URL; write redis://HOST:PORT/DB.")
    return value


def enqueue(url: str, portals: list[Portal]) -> int:
    """``crawl --cluster``: queue the runs for the workers; prints what it did."""
    from crawler.cluster.connection import ClusterError, connect
    from crawler.cluster.runs import RunQueue

    try:
        queue = RunQueue(connect(url))
    except ClusterError as exc:
        raise UsageError(str(exc)) from None
    added = queue.enqueue(p.slug for p in portals)
    status = queue.status()
    print(
        f"queued {added} runs ({len(portals) - added} already queued); {len(status.queued)} waiting, "
        f"{len(status.running)} running, {len(status.workers)} workers alive"
    )
    return 0


def worker(args: argparse.Namespace) -> int:
    from crawler import runner
    from crawler.cluster.connection import ClusterError
    from crawler.cluster.worker import Worker, log_to_stderr

    url = redis_url(args.redis, "--redis")
    if args.max_runs < 1:
        raise UsageError("--max-runs must be 1 or more.")
    settings = runner.project_settings(args.db, LOG_LEVEL="INFO" if args.verbose else "WARNING")
    if args.registry:
        settings.set("PORTALWATCH_REGISTRY", args.registry, priority="cmdline")
    lease = args.lease if args.lease is not None else settings.getfloat("PORTALWATCH_CLUSTER_LEASE", 60)
    log_to_stderr()
    try:
        return Worker(
            url,
            load_registry(args.registry),
            settings,
            max_runs=args.max_runs,
            lease=lease,
            drain=args.drain,
            prefix=settings.get("PORTALWATCH_CLUSTER_PREFIX") or "portalwatch",
        ).run()
    except ClusterError as exc:
        raise UsageError(str(exc)) from None
