"""``portalwatch crawl``, ``schedule`` and ``runs``: starting runs and reading their history."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.cli.cluster import add_cluster_option, enqueue, redis_url
from crawler.cli.common import UsageError, add_command, opened_store, require_http_url, table
from crawler.registry import Portal, load_registry, select
from crawler.vocab import Cms, PortalStatus

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands
    from crawler.detect import Fingerprint
    from crawler.runner import CrawlSummary


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "crawl",
        crawl,
        "crawl portals into the store",
        "portalwatch crawl sim-tanhong --base-url http://127.0.0.1:8702",
        common,
    )
    p.add_argument("slugs", nargs="*", help="registry slugs to crawl")
    p.add_argument("--all", action="store_true", help="every active or unverified portal")
    p.add_argument("--url", help="crawl a site that is not in the registry, starting from this listing URL")
    p.add_argument(
        "--cms",
        help="the CMS of --url: wordpress, liferay, nukeviet, sharepoint, aspnet, generic, or "
        "auto to fingerprint it first",
    )
    p.add_argument("--slug", help="a name for --url's site (default: derived from its host)")
    p.add_argument(
        "--base-url",
        action="append",
        default=[],
        metavar="[SLUG=]URL",
        help="serve a portal from another host, e.g. the simulator (repeatable)",
    )
    p.add_argument("--due", action="store_true", help="every portal whose cadence has passed (one pass, for cron)")
    p.add_argument("--full", action="store_true", help="read every page again, known articles too (not incremental)")
    add_yes(p)
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")
    add_cluster_option(p, "queue the runs in this Redis for portalwatch worker processes instead of crawling here")

    p = add_command(
        sub,
        "schedule",
        schedule,
        "run due portals at their cadence until SIGTERM/SIGINT",
        "portalwatch schedule --max-runs 2 --deliver",
        common,
    )
    p.add_argument(
        "--max-runs",
        type=int,
        default=None,
        help="runs at once (default 2; with --cluster, every due portal is queued and the workers' places decide)",
    )
    p.add_argument(
        "--jitter",
        type=float,
        default=30.0,
        help="random delay before a due portal starts, at most this many seconds (default %(default)s)",
    )
    p.add_argument("--tick", type=float, default=5.0, help="seconds between scheduling passes (default %(default)s)")
    p.add_argument(
        "--grace",
        type=float,
        default=60.0,
        help="seconds a stopping run may take to finish before it is killed (default %(default)s)",
    )
    p.add_argument("--via", nargs=2, metavar=("scrapyd", "URL"), help="start runs as Scrapyd jobs at URL")
    p.add_argument("--once", action="store_true", help="one pass: start what is due, wait for it, exit")
    p.add_argument("--deliver", action="store_true", help="also deliver webhook alerts (portalwatch deliver --follow)")
    p.add_argument("--subscribers", type=Path, help="with --deliver: the subscribers file")
    add_yes(p)
    add_cluster_option(p, "queue due runs in this Redis for portalwatch worker processes")

    p = add_command(sub, "runs", runs, "show the run history", "portalwatch runs --portal sim-tanhong --json", common)
    p.add_argument("--portal")
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="a JSON array, one object per run")

    p = add_command(sub, "status", status, "show each portal's health", "portalwatch status --json", common)
    p.add_argument("--json", action="store_true", help="a JSON array, one object per portal")


def add_yes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--yes",
        action="store_true",
        help="crawl the packaged registry's real portals without asking (env PORTALWATCH_YES=1); "
        "needed with --all, --due and schedule when not on a terminal",
    )


def confirm_real_portals(portals: Iterable[Portal], args: argparse.Namespace, what: str) -> None:
    """Ask before crawling real government hosts that the user did not choose: the packaged registry's.

    A registry of the user's own (``--registry``, ``PORTALWATCH_REGISTRY``) or named slugs are a choice already.
    ``--yes`` or ``PORTALWATCH_YES=1`` says yes (cron, systemd); on a terminal the user is asked; otherwise the
    command stops with one sentence saying how to go on, so a script never crawls dozens of hosts by surprise."""
    import os

    if args.registry:
        return
    real = [p for p in portals if not p.simulated and p.status in (PortalStatus.ACTIVE, PortalStatus.UNVERIFIED)]
    if not real:
        return
    hosts = len({p.domain for p in real})
    message = (
        f"{what} would crawl {len(real)} real portals on {hosts} hosts of the packaged registry "
        "(politely: robots.txt obeyed, a second between requests to a host)"
    )
    if args.yes or os.environ.get("PORTALWATCH_YES", "").lower() in ("1", "yes", "true"):
        print(f"portalwatch: {message}.", file=sys.stderr, flush=True)
        return
    if sys.stdin.isatty() and sys.stderr.isatty():
        try:
            answer = input(f"{message}. Continue? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() in ("y", "yes", "c", "có", "co"):
            return
        raise UsageError("nothing crawled; name portals, or use your own registry with --registry FILE.")
    raise UsageError(
        f"{message}; confirm with --yes (or PORTALWATCH_YES=1), name the portals to crawl, or use your own "
        "registry with --registry FILE ('portalwatch init' writes one)."
    )


def base_urls(values: list[str], slugs: list[str]) -> dict[str, str]:
    """``--base-url [SLUG=]URL`` options as slug -> URL; a bare URL needs exactly one portal."""
    out = {}
    for value in values:
        slug, sep, url = value.partition("=")
        if not sep:
            if len(slugs) != 1:
                raise UsageError("--base-url without SLUG= needs exactly one portal; write --base-url SLUG=URL.")
            slug, url = slugs[0], value
        out[slug] = url
    return out


def detect_site(url: str) -> Fingerprint:
    """Fetch ``url`` and fingerprint its CMS; a fetch that fails is the user's one-sentence error."""
    from crawler import detect

    try:
        final, html, headers = detect.fetch(url)
    except OSError as exc:
        raise UsageError(f"cannot fetch {url} ({exc}); check the address and the network.") from None
    return detect.fingerprint(final, html, headers)


def adhoc_portal(url: str, cms: str | None, slug: str | None) -> Portal:
    """A registry-less portal for ``crawl --url``: base is the URL's origin, start is the URL."""
    if not cms:
        raise UsageError("--url needs --cms (one of: " + ", ".join(c.value for c in Cms) + ", auto).")
    require_http_url(url, "--url")
    parts = urlsplit(url)
    assert parts.hostname is not None
    if cms == "auto":
        found = detect_site(url)
        print(f"detected {found.cms}: " + ("; ".join(found.evidence) or "no CMS marker, generic"), file=sys.stderr)
        cms = found.cms.value
    try:
        kind = Cms(cms)
    except ValueError:
        raise UsageError(f"--cms {cms!r} is unknown; use one of: " + ", ".join(c.value for c in Cms) + ".") from None
    from crawler.detect import slug_for

    base = f"{parts.scheme}://{parts.netloc}"
    start = url[len(base) :] or "/"
    return Portal(
        slug=slug or slug_for(url),
        name=parts.hostname,
        province="?",
        base_url=base,
        cms=kind,
        start_paths=(start,),
        simulated=parts.hostname in ("127.0.0.1", "localhost"),
    )


def print_summary(summaries: Iterable[CrawlSummary]) -> None:
    """The table a crawl ends with, and a line for each portal skipped because another run holds it."""
    summaries = list(summaries)
    table(
        [[s.portal, s.pages, s.not_modified, s.articles, s.new, s.meetings, s.errors] for s in summaries],
        ["portal", "pages", "304s", "articles", "new", "meeting reports", "errors"],
    )
    for s in summaries:
        if s.skipped:
            print(f"{s.portal}: skipped, another run of this portal is in progress (portalwatch runs shows it)")


def run_crawl(
    portals: list[Portal],
    db: str,
    base_urls: dict[str, str],
    verbose: bool,
    log_file: Path | None = None,
    full: bool = False,
) -> list[CrawlSummary]:
    """Crawl ``portals`` in this process (one Twisted reactor: once per process)."""
    from crawler import runner

    settings = runner.project_settings(db, LOG_LEVEL="INFO" if verbose else "WARNING")
    if full:
        settings.set("PORTALWATCH_INCREMENTAL", False, priority="cmdline")
    if log_file:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.unlink(missing_ok=True)
        settings.set("LOG_FILE", str(log_file), priority="cmdline")
    return runner.crawl(portals, settings, base_urls)


def crawl(args: argparse.Namespace) -> int:
    registry = load_registry(args.registry)
    if args.url:
        portals = [adhoc_portal(args.url, args.cms, args.slug)]
    elif args.all:
        portals = [p for p in registry.values() if p.status in (PortalStatus.ACTIVE, PortalStatus.UNVERIFIED)]
        confirm_real_portals(portals, args, "crawl --all")
    elif args.due:
        from crawler.cadence import due

        with opened_store(args.db) as store:
            portals = due(registry.values(), store.last_starts(), store.locked_portals(), datetime.now(UTC))
        if not portals:
            print("no portal is due")
            return 0
        confirm_real_portals(portals, args, "crawl --due")
    elif args.slugs:
        portals = select(registry, args.slugs)
    else:
        raise UsageError("name portals to crawl, or use --all or --due, or --url URL --cms CMS.")
    if args.cluster:
        if args.url or args.base_url or args.full:
            raise UsageError("--cluster queues registry portals as they are; drop --url, --base-url and --full.")
        return enqueue(redis_url(args.cluster, "--cluster"), portals)
    summaries = run_crawl(
        portals, args.db, base_urls(args.base_url, [p.slug for p in portals]), args.verbose, full=args.full
    )
    print_summary(summaries)
    return 1 if any(s.read_nothing for s in summaries) else 0


RUN_COLUMNS = ("requests", "not_modified", "new", "updated", "failed", "errors", "alerts")


def runs(args: argparse.Namespace) -> int:
    with opened_store(args.db) as store:
        rows = store.runs(args.portal, args.limit)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    cells = []
    for run in rows:
        j = run.as_json()
        cells.append(
            [
                j["portal"],
                j["start"][:19],
                (j["end"] or "-")[11:19] or "-",
                j["status"],
                j["mode"],
                *(j[k] for k in RUN_COLUMNS),
                j["finish_reason"],
            ]
        )
    table(
        cells,
        [
            "portal",
            "start",
            "end",
            "status",
            "mode",
            "requests",
            "304s",
            "new",
            "updated",
            "failed",
            "errors",
            "alerts",
            "finish reason",
        ],
    )
    return 0


def schedule(args: argparse.Namespace) -> int:
    import logging
    import os

    from crawler.schedule import ClusterLauncher, Launcher, LocalLauncher, Scheduler, ScrapydLauncher

    # Each run's start and end on stderr (systemd's journal keeps it); PORTALWATCH_LOG_LEVEL=WARNING quiets them.
    name = os.environ.get("PORTALWATCH_LOG_LEVEL", "INFO").upper()
    level = logging.getLevelName(name)
    if not isinstance(level, int):
        raise UsageError(f"PORTALWATCH_LOG_LEVEL={name!r} is not a log level; use DEBUG, INFO, WARNING or ERROR.")
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    portals = load_registry(args.registry)
    confirm_real_portals(portals.values(), args, "schedule")
    launcher: Launcher
    max_runs = args.max_runs if args.max_runs is not None else 2
    if args.cluster:
        if args.via is not None:
            raise UsageError("--cluster and --via are two ways to run; choose one.")
        launcher = ClusterLauncher(redis_url(args.cluster, "--cluster"))
        max_runs = args.max_runs if args.max_runs is not None else max(len(portals), 1)
    elif args.via is None:
        launcher = LocalLauncher(args.db, args.registry)
    elif args.via[0] == "scrapyd":
        require_http_url(args.via[1], "--via scrapyd")
        launcher = ScrapydLauncher(args.via[1], args.db, args.registry)
    else:
        raise UsageError(f"--via {args.via[0]!r} is unknown; use --via scrapyd URL.")
    deliver = None
    if args.deliver:
        deliver = ["--subscribers", str(args.subscribers)] if args.subscribers else []
    scheduler = Scheduler(
        portals,
        args.db,
        launcher,
        max_runs=max_runs,
        jitter=args.jitter,
        tick=args.tick,
        grace=args.grace,
        deliver_args=deliver,
    )
    return scheduler.run(once=args.once)


def status(args: argparse.Namespace) -> int:
    from crawler.monitors.status import portal_status

    with opened_store(args.db) as store:
        rows = portal_status(store)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    cells = []
    for r in rows:
        coverage = " ".join(f"{k}={v:.0%}" for k, v in (r["coverage"] or {}).items()) or "-"
        reason = r["reason"] + (f" → {r['successor']}" if r["successor"] and r["successor"] not in r["reason"] else "")
        cells.append([r["portal"], r["status"], (r["last_success"] or "-")[:16], r["items_last_run"], coverage, reason])
    table(cells, ["portal", "status", "last success", "items", "coverage", "reason"])
    return 0
