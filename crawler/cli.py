"""``portalwatch``: thin commands over the library. Each command parses arguments and calls one
library function; errors a user can cause are one sentence on stderr and exit status 2."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from crawler import commands, feed
from crawler.registry import RegistryError
from crawler.store import DEFAULT_DB, StoreError
from crawler.store.errors import describe

Handler = Callable[[argparse.Namespace], int]


def _lazy(module: str, name: str) -> Handler:
    """A handler imported when run, so that ``crawl`` never loads the web server or HTTP client."""
    return lambda args: int(getattr(importlib.import_module(module), name)(args))


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=os.environ.get("PORTALWATCH_DB", DEFAULT_DB),
        help="SQLite file or sqlite:///path URL (env PORTALWATCH_DB; default %(default)s)",
    )
    common.add_argument(
        "--registry",
        default=os.environ.get("PORTALWATCH_REGISTRY") or None,
        help="portal registry TOML (env PORTALWATCH_REGISTRY; default: the packaged one)",
    )
    return common


def _add(sub: Any, name: str, handler: Handler, summary: str, example: str, common: argparse.ArgumentParser) -> Any:
    p = sub.add_parser(
        name,
        help=summary,
        description=summary,
        parents=[common],
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=handler)
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="portalwatch", description="Monitor Vietnamese party and government portals.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _add(
        sub,
        "crawl",
        commands.crawl,
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
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")

    p = _add(
        sub,
        "schedule",
        commands.schedule,
        "run due portals at their cadence until SIGTERM/SIGINT",
        "portalwatch schedule --max-runs 2 --deliver",
        common,
    )
    p.add_argument("--max-runs", type=int, default=2, help="runs at once (default %(default)s)")
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

    p = _add(sub, "runs", commands.runs, "show the run history", "portalwatch runs --portal sim-tanhong --json", common)
    p.add_argument("--portal")
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="a JSON array, one object per run")

    portals = sub.add_parser("portals", help="the portal registry", description="the portal registry")
    psub = portals.add_subparsers(dest="portals_command", required=True, metavar="SUBCOMMAND")
    p = _add(psub, "list", commands.portals_list, "list registry portals", "portalwatch portals list --json", common)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p = _add(
        psub,
        "check",
        commands.portals_check,
        "check portals live: reachable, redirected, gone, which CMS",
        "portalwatch portals check tanhong --write",
        common,
    )
    p.add_argument("slugs", nargs="*", help="portals to check (default: every portal that is not simulated)")
    p.add_argument("--write", action="store_true", help="write status, retired_on, cms and notes back to the registry")
    p = _add(
        psub,
        "detect",
        commands.portals_detect,
        "fingerprint a site's CMS and print a registry entry",
        "portalwatch portals detect http://127.0.0.1:8702/web/hth/tin-tuc",
        common,
    )
    p.add_argument("url")
    p.add_argument("--slug", help="slug for the printed entry (default: from the host)")
    p = _add(
        psub,
        "discover",
        _lazy("crawler.discover", "command"),
        "propose commune portal URLs of a province, from its units and naming patterns, to check online",
        "portalwatch portals discover --province 'Bình Phước'",
        common,
    )
    p.add_argument("--province", required=True, help="province: current or pre-2025 name, or its code")
    p.add_argument("--all", action="store_true", help="every naming pattern, not only the likeliest per commune")
    p.add_argument("--json", action="store_true", help="one JSON object per line")

    fixtures = sub.add_parser("fixtures", help="saved pages for the adapter tests", description="saved pages")
    fsub = fixtures.add_subparsers(dest="fixtures_command", required=True, metavar="SUBCOMMAND")
    p = _add(
        fsub,
        "record",
        commands.fixtures_record,
        "save a page and its parse as expected JSON for review",
        "portalwatch fixtures record sim-tanhong http://127.0.0.1:8702/web/hth/tin-tuc --type listing",
        common,
    )
    p.add_argument("slug")
    p.add_argument("url")
    p.add_argument("--type", choices=("article", "listing"), default="article")
    p.add_argument("--name", help="file name without extension (default: from the URL)")
    p.add_argument("--as-url", help="record the page under this URL (e.g. the registry base URL)")
    p.add_argument("--root", type=Path, help="fixtures folder (default: tests/fixtures of this checkout)")

    p = _add(
        sub,
        "articles",
        commands.articles,
        "show the latest stored articles",
        "portalwatch articles -n 20 --meetings",
        common,
    )
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--portal")
    p.add_argument("--meetings", action="store_true", help="only meeting reports")
    p.add_argument("--json", action="store_true")

    p = _add(
        sub,
        "export",
        commands.export,
        "export stored articles as JSON Lines or CSV",
        "portalwatch export --format csv --out articles.csv",
        common,
    )
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    p.add_argument("--portal")
    p.add_argument("--meetings", action="store_true")

    p = _add(
        sub,
        "feed",
        feed.command,
        "write the alert feed as Atom, JSON Feed 1.1 or iCalendar (meetings)",
        "portalwatch feed --format json --province 'Đồng Tháp' --kind meeting --out data/feed.json",
        common,
    )
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--format", choices=("atom", "json", "ics"), default="atom")
    p.add_argument("-n", "--limit", type=int, help="entries (default 200; ics: every meeting)")
    p.add_argument("--base-url", default="http://127.0.0.1:8080", help="where the feed is served, for its links")
    feed.add_filter_arguments(p)

    p = _add(
        sub,
        "simulate",
        commands.simulate,
        "serve the simulated portals on 127.0.0.1",
        "portalwatch simulate --port 8700",
        common,
    )
    p.add_argument("--port", type=int, default=8700, help="base port; portal i listens on port + i")

    p = _add(
        sub,
        "demo",
        commands.demo,
        "simulate, crawl every simulated portal, summarise, write the feed",
        "portalwatch demo --db data/demo.sqlite3",
        common,
    )
    p.add_argument("--port", type=int, default=8700)
    p.add_argument("--feed", type=Path, default=Path("data/feed.atom"))

    p = _add(
        sub,
        "serve",
        _lazy("crawler.server", "serve"),
        "serve the feeds, a web page of alerts and a JSON API",
        "portalwatch serve --port 8080",
        common,
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    subscribers = sub.add_parser("subscribers", help="webhook subscribers", description="webhook subscribers")
    wsub = subscribers.add_subparsers(dest="subscribers_command", required=True, metavar="SUBCOMMAND")
    p = _add(
        wsub,
        "add",
        _lazy("crawler.webhooks", "subscribers_add"),
        "add a webhook subscriber with a filter",
        "portalwatch subscribers add https://bot.example/hook --province 'Đồng Tháp' --kind meeting",
        common,
    )
    p.add_argument("url")
    p.add_argument("--secret", help="HMAC secret (default: a new random one, printed)")
    p.add_argument("--from-start", action="store_true", help="also deliver every alert already stored")
    feed.add_filter_arguments(p)
    p = _add(
        wsub,
        "list",
        _lazy("crawler.webhooks", "subscribers_list"),
        "list webhook subscribers and their outbox",
        "portalwatch subscribers list --subscribers subscribers.toml",
        common,
    )
    p.add_argument(
        "--subscribers",
        type=Path,
        default=os.environ.get("PORTALWATCH_SUBSCRIBERS") or None,
        help="sync this subscribers file first, which also checks it (env PORTALWATCH_SUBSCRIBERS)",
    )
    p = _add(
        wsub,
        "remove",
        _lazy("crawler.webhooks", "subscribers_remove"),
        "remove a webhook subscriber",
        "portalwatch subscribers remove 3",
        common,
    )
    p.add_argument("id", type=int)
    p = _add(
        sub,
        "deliver",
        _lazy("crawler.webhooks", "deliver"),
        "POST pending alerts to webhook subscribers",
        "portalwatch deliver --follow --subscribers subscribers.toml",
        common,
    )
    p.add_argument(
        "--subscribers",
        type=Path,
        default=os.environ.get("PORTALWATCH_SUBSCRIBERS") or None,
        help="subscribers file ([subscribers.<name>] tables), synced at start and whenever it changes "
        "(env PORTALWATCH_SUBSCRIBERS)",
    )
    p.add_argument("--follow", action="store_true", help="keep running and deliver new alerts as they come")
    p.add_argument("--deadline", type=float, help="give up after this many seconds, leaving the rest pending")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    p.add_argument("--backoff-base", type=float, default=1.0, help="first retry delay in seconds (then doubling)")
    p.add_argument("--backoff-cap", type=float, default=600.0, help="longest retry delay in seconds")
    p.add_argument("-v", "--verbose", action="store_true", help="log each attempt on stderr")

    analyze = sub.add_parser(
        "analyze",
        help="run the text analysers on JSON Lines",
        description="run the text analysers on JSON Lines from stdin",
    )
    asub = analyze.add_subparsers(dest="analyze_command", required=True, metavar="SUBCOMMAND")
    p = _add(
        asub,
        "dates",
        commands.analyze_dates,
        "parse date stamps (or event dates with --text)",
        'echo \'{"raw": "Sáng ngày 11/7/2022"}\' | portalwatch analyze dates',
        common,
    )
    p.add_argument("--text", action="store_true", help="records carry body text; add event_date")
    _add(
        asub,
        "meetings",
        commands.analyze_meetings,
        "detect meeting reports and their fields",
        'echo \'{"title": "Kỳ họp thứ 9 HĐND huyện", "text": "..."}\' | portalwatch analyze meetings',
        common,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (RegistryError, StoreError, commands.UsageError) as exc:
        print(f"portalwatch: {exc}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:  # a store that opened but fails on reading (a damaged page): one sentence
        print(f"portalwatch: {describe(exc, getattr(args, 'db', DEFAULT_DB))}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as exc:
        print(
            f"portalwatch: input is not JSON Lines ({exc.msg} at line {exc.lineno}); one object per line.",
            file=sys.stderr,
        )
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
