"""``portalwatch feed`` (a static file for cron users) and ``serve`` (the feeds, pages and API over HTTP)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.cli.common import UsageError, add_command
from crawler.registry import load_registry

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands

FILTERS = ("province", "district", "portal", "kind", "since")


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "feed",
        feed,
        "write the alert feed as Atom, JSON Feed 1.1 or iCalendar (meetings)",
        "portalwatch feed --format json --province 'Đồng Tháp' --kind meeting --out data/feed.json",
        common,
    )
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--format", choices=("atom", "json", "ics"), default="atom")
    p.add_argument("-n", "--limit", type=int, help="entries (default 200; ics: every meeting)")
    p.add_argument("--base-url", default="http://127.0.0.1:8080", help="where the feed is served, for its links")
    add_filter_arguments(p)

    p = add_command(
        sub,
        "serve",
        serve,
        "serve the feeds, a web page of alerts and a JSON API",
        "portalwatch serve --port 8080",
        common,
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORTALWATCH_PORT") or 8080),
        help="port (env PORTALWATCH_PORT; default %(default)s)",
    )
    p.add_argument(
        "--evidence-dir",
        type=Path,
        help="the evidence archive whose versions entry pages show (env PORTALWATCH_EVIDENCE_DIR; default:"
        " data/evidence when it exists)",
    )


def add_filter_arguments(
    parser: argparse.ArgumentParser,
    kind: str = "new_article, meeting, a meeting kind (council_session...) or an alert kind, or a Vietnamese name "
    "('kỳ họp', 'hội nghị', 'đại hội', 'bài mới'...)",
    since: str = "only entries found on or after this date or ISO datetime",
) -> None:
    """The feed filters as repeatable CLI options (``feed``, ``subscribers add``; ``articles`` and ``export``
    with their own ``kind`` and ``since``)."""
    parser.add_argument("--province", action="append", help="a province in the registry, e.g. 'Đồng Tháp'")
    parser.add_argument("--district", action="append", help="a district in the registry, e.g. 'Tân Hồng'")
    parser.add_argument("--portal", action="append", help="a portal slug: the registry's, or one crawled with --url")
    parser.add_argument("--kind", action="append", help=kind)
    parser.add_argument("--since", help=since)


def cli_params(args: argparse.Namespace) -> dict[str, list[str]]:
    """CLI filter options (repeatable) in the query-parameter shape ``crawler.feed.parse_request`` reads."""
    out: dict[str, list[str]] = {}
    for name in FILTERS:
        value = getattr(args, name, None)
        if value:
            out[name] = list(value) if isinstance(value, list) else [value]
    return out


def feed(args: argparse.Namespace) -> int:
    """``portalwatch feed --format atom|json|ics --out FILE [filters]``: a static file for cron users."""
    from crawler.feed import FilterError, ics_chunks, parse_request, render
    from crawler.store import open_store

    registry = load_registry(args.registry)
    params = cli_params(args)
    if args.limit or args.format != "ics":
        params["limit"] = [str(args.limit or 200)]
    store = open_store(args.db)
    try:
        req = parse_request(params, registry, max_limit=None, stored=store.portals)
    except FilterError as exc:
        store.close()
        raise UsageError(str(exc)) from None
    query = store.feed
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")  # readers never see half a file: renamed when complete
    try:
        with partial.open("wb") as f:
            if args.format == "ics":  # streamed: the full calendar of a large store is tens of megabytes
                f.writelines(ics_chunks(query.meetings(req.filter, req.limit, req.before), registry))
            else:
                f.write(render(args.format, query, req, registry, args.base_url.rstrip("/")))
        partial.replace(out)
    finally:
        store.close()
        partial.unlink(missing_ok=True)
    print(out.resolve())
    return 0


def serve(args: argparse.Namespace) -> int:
    """``portalwatch serve``: run the app with uvicorn until interrupted.

    The socket is bound here, before uvicorn starts, so a busy port is one sentence rather than uvicorn's log
    line and exit status 3; the first line printed says which database is served and what it holds."""
    import socket

    import uvicorn

    from crawler.store import describe, open_store
    from crawler.web import create_app

    try:
        sock = socket.create_server((args.host, args.port))
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {args.host}:{args.port} ({os.strerror(exc.errno) if exc.errno else exc}); "
            "choose a free port with --port."
        ) from None
    with sock:
        evidence = serve_evidence_dir(args.evidence_dir)
        registry = load_registry(args.registry)
        store = open_store(args.db)
        try:
            counts = store.counts()
        finally:
            store.close()
        app = create_app(args.db, registry, evidence_dir=evidence)
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(
            f"serving http://{host}:{sock.getsockname()[1]}/ (Ctrl-C to stop)\n"
            f"database: {describe(args.db, absolute=True)} ({counts['articles']} articles, {counts['alerts']} alerts)",
            flush=True,
        )
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        server.run(sockets=[sock])
    return 0


def serve_evidence_dir(option: Path | None) -> Path | None:
    """The evidence archive ``serve`` reads: the option, else ``PORTALWATCH_EVIDENCE_DIR``, else the crawls' default
    ``data/evidence`` if a crawl recorded there; None shows entry pages without versions."""
    from crawler.cli.evidence import evidence_dir

    if option is not None:
        if not option.is_dir():
            raise UsageError(f"--evidence-dir {option} is not a directory; PORTALWATCH_EVIDENCE=1 crawls make one.")
        return option
    configured = evidence_dir()
    return configured if configured.is_dir() else None
