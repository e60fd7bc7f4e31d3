"""What each CLI command does, over the library; ``crawler.cli`` only declares the arguments."""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from crawler import detect, runner
from crawler.cadence import due
from crawler.dates import TZ
from crawler.feed import atom_feed
from crawler.fixtures import FIXTURES, record
from crawler.registry import DEFAULT_REGISTRY, Portal, RegistryError, load_registry, select
from crawler.store import ArticleQuery, Store, open_store
from crawler.vocab import Cms, PortalStatus

EXPORT_FIELDS = (
    "portal",
    "url",
    "canonical_url",
    "content_id",
    "title",
    "published",
    "modified",
    "byline",
    "category",
    "lead",
    "body",
    "images",
    "attachments",
    "is_meeting_report",
    "meeting",
    "cluster_id",
    "revisions",
)


class UsageError(ValueError):
    """The command line asks for something impossible; the message says what to change."""


@contextmanager
def _store(args: argparse.Namespace) -> Iterator[Store]:
    store = open_store(args.db)
    try:
        yield store
    finally:
        store.close()


def _base_urls(values: list[str], slugs: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        slug, sep, url = value.partition("=")
        if not sep:
            if len(slugs) != 1:
                raise UsageError("--base-url without SLUG= needs exactly one portal; write --base-url SLUG=URL.")
            slug, url = slugs[0], value
        out[slug] = url
    return out


def _http_url(url: str, option: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{option} {url!r} is not an http(s) URL.")


def _detect(url: str) -> detect.Fingerprint:
    try:
        final, html, headers = detect.fetch(url)
    except OSError as exc:
        raise UsageError(f"cannot fetch {url} ({exc}); check the address and the network.") from None
    return detect.fingerprint(final, html, headers)


def adhoc_portal(url: str, cms: str | None, slug: str | None) -> Portal:
    """A registry-less portal for ``crawl --url``: base is the URL's origin, start is the URL."""
    if not cms:
        raise UsageError("--url needs --cms (one of: " + ", ".join(c.value for c in Cms) + ", auto).")
    _http_url(url, "--url")
    parts = urlsplit(url)
    assert parts.hostname is not None
    if cms == "auto":
        found = _detect(url)
        print(f"detected {found.cms}: " + ("; ".join(found.evidence) or "no CMS marker, generic"), file=sys.stderr)
        cms = found.cms.value
    try:
        kind = Cms(cms)
    except ValueError:
        raise UsageError(f"--cms {cms!r} is unknown; use one of: " + ", ".join(c.value for c in Cms) + ".") from None
    name = slug or detect.slug_for(url)
    base = f"{parts.scheme}://{parts.netloc}"
    start = url[len(base) :] or "/"
    return Portal(
        slug=name,
        name=parts.hostname,
        province="?",
        base_url=base,
        cms=kind,
        start_paths=(start,),
        simulated=parts.hostname in ("127.0.0.1", "localhost"),
    )


def _table(rows: list[list[Any]], headers: list[str], out: IO[str] | None = None) -> None:
    out = out or sys.stdout
    cells = [headers, *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for i, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)


def print_summary(summaries: Iterable[runner.CrawlSummary]) -> None:
    summaries = list(summaries)
    _table(
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
) -> list[runner.CrawlSummary]:
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
    elif args.due:
        with _store(args) as store:
            portals = due(registry.values(), store.last_starts(), store.locked_portals(), datetime.now(UTC))
        if not portals:
            print("no portal is due")
            return 0
    elif args.slugs:
        portals = select(registry, args.slugs)
    else:
        raise UsageError("name portals to crawl, or use --all or --due, or --url URL --cms CMS.")
    summaries = run_crawl(
        portals, args.db, _base_urls(args.base_url, [p.slug for p in portals]), args.verbose, full=args.full
    )
    print_summary(summaries)
    return 1 if any(s.lost_something for s in summaries) else 0


def runs(args: argparse.Namespace) -> int:
    with _store(args) as store:
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
                *(j[k] for k in ("requests", "not_modified", "new", "updated", "failed", "errors", "alerts")),
                j["finish_reason"],
            ]
        )
    _table(
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
    from crawler.schedule import LocalLauncher, Scheduler, ScrapydLauncher

    portals = load_registry(args.registry)
    if args.via is None:
        launcher: Any = LocalLauncher(args.db, args.registry)
    elif args.via[0] == "scrapyd":
        _http_url(args.via[1], "--via scrapyd")
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
        max_runs=args.max_runs,
        jitter=args.jitter,
        tick=args.tick,
        grace=args.grace,
        deliver_args=deliver,
    )
    return scheduler.run(once=args.once)


def portals_check(args: argparse.Namespace) -> int:
    from crawler.check import check, registry_values, verdict, write_updates

    registry = load_registry(args.registry)
    portals = select(registry, args.slugs) if args.slugs else [p for p in registry.values() if not p.simulated]
    path = Path(args.registry) if args.registry else DEFAULT_REGISTRY
    updates = {}
    rows = []
    for portal in portals:
        result = check(portal)
        status, reason = verdict(portal, result)
        rows.append([portal.slug, result.status or "-", status, result.cms or "-", reason])
        if args.write:
            updates[portal.slug] = registry_values(portal, result, status, reason, registry, datetime.now(TZ).date())
    _table(rows, ["slug", "http", "verdict", "cms", "reason"])
    if args.write:
        written = write_updates(path, updates)
        load_registry(path)  # the rewritten files must still validate
        for file in written:
            print(f"wrote {file}")
    return 0


def portals_detect(args: argparse.Namespace) -> int:
    _http_url(args.url, "URL")
    print(detect.registry_entry(args.url, _detect(args.url), args.slug), end="")
    return 0


def fixtures_record(args: argparse.Namespace) -> int:
    portal = load_registry(args.registry).get(args.slug)
    if portal is None:
        raise UsageError(f"unknown portal '{args.slug}'; add it to the registry first.")
    _http_url(args.url, "URL")
    try:
        _, html, _ = detect.fetch(args.url)
    except OSError as exc:
        raise UsageError(f"cannot fetch {args.url} ({exc}); check the address and the network.") from None
    name = args.name or (re.sub(r"[^a-z0-9]+", "-", urlsplit(args.url).path.lower()).strip("-") or "home")[:80]
    folder = (args.root or FIXTURES) / portal.cms.value / portal.slug
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    out = record(portal, args.as_url or args.url, page, args.type, f"recorded from {args.url}")
    print(f"{page}\n{out}\nreview the expected values in the JSON before committing both files")
    return 0


def portals_list(args: argparse.Namespace) -> int:
    portals = load_registry(args.registry).values()
    if args.json:
        for p in portals:
            print(json.dumps(p.as_json(), ensure_ascii=False))
        return 0
    _table(
        [[p.slug, p.cms, p.status, p.level, p.province, p.name, p.base_url] for p in portals],
        ["slug", "cms", "status", "level", "province", "name", "base_url"],
    )
    return 0


def articles(args: argparse.Namespace) -> int:
    with _store(args) as store:
        rows = list(store.articles(ArticleQuery(portal=args.portal, meetings_only=args.meetings, limit=args.limit)))
    if args.json:
        for row in rows:
            print(json.dumps({k: row[k] for k in EXPORT_FIELDS}, ensure_ascii=False))
        return 0
    _table(
        [[r["published"] or "?", r["portal"], "họp" if r["is_meeting_report"] else "", r["title"][:90]] for r in rows],
        ["published", "portal", "meeting", "title"],
    )
    return 0


def export(args: argparse.Namespace) -> int:
    out = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
    try:
        with _store(args) as store:
            rows = store.articles(ArticleQuery(portal=args.portal, meetings_only=args.meetings))
            if args.format == "jsonl":
                for row in rows:
                    out.write(json.dumps({k: row[k] for k in EXPORT_FIELDS}, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
                writer.writeheader()
                for row in rows:
                    cells = {k: row[k] for k in EXPORT_FIELDS}
                    cells["body"] = "\n\n".join(row["body"] or [])
                    for k in ("images", "attachments", "meeting"):
                        cells[k] = json.dumps(row[k], ensure_ascii=False) if row[k] else ""
                    writer.writerow(cells)
    finally:
        if args.out:
            out.close()
    return 0


def write_feed(db: str, path: Path, limit: int = 200) -> Path:
    store = open_store(db)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(atom_feed(store, limit=limit))
    finally:
        store.close()
    return path.resolve()


def simulate(args: argparse.Namespace) -> int:
    from crawler.simulator.server import start

    sim = start(args.port)
    for slug, url in sim.urls.items():
        print(f"{slug:16} {url}", flush=True)
    print("serving; Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sim.stop()
    return 0


@contextmanager
def simulator_process(port: int) -> Iterator[dict[str, str]]:
    """``portalwatch simulate`` in a child process (its own core), yielding slug -> base URL."""
    from crawler.simulator.sites import SITES

    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "simulate", "--port", str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        urls = {}
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("serving"):
                break
            slug, url = line.split()
            urls[slug] = url
        if len(urls) != len(SITES):
            raise UsageError(f"the simulator did not start on ports {port}+ (in use?); try --port with a free one.")
        yield urls
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def demo(args: argparse.Namespace) -> int:
    registry = load_registry(args.registry)
    simulated = [p for p in registry.values() if p.simulated]
    if not simulated:
        raise RegistryError("the registry has no simulated portals (simulated = true); the demo needs them.")
    with simulator_process(args.port) as urls:
        print(f"simulator: {len(urls)} portals on 127.0.0.1:{args.port + 1}..", flush=True)
        bases = {p.slug: urls[p.slug] for p in simulated if p.slug in urls}
        summaries = run_crawl(simulated, args.db, bases, False, log_file=args.feed.parent / "demo.log")
    print()
    print_summary(summaries)
    with _store(args) as store:
        print("\nNewest meeting reports per portal:")
        rows = []
        for p in simulated:
            for r in store.articles(ArticleQuery(portal=p.slug, meetings_only=True, limit=3)):
                m = r["meeting"] or {}
                rows.append(
                    [
                        r["published"],
                        r["portal"],
                        m.get("kind", ""),
                        m.get("ordinal") or "",
                        m.get("date") or "",
                        r["title"][:70],
                    ]
                )
        _table(rows, ["published", "portal", "kind", "no.", "meeting date", "title"])
        counts = store.counts()
    path = write_feed(args.db, args.feed)
    print(f"\nstore: {Path(args.db).resolve()} ({counts['articles']} articles, {counts['alerts']} alerts)")
    print(f"feed:  {path}")
    print(f"log:   {(args.feed.parent / 'demo.log').resolve()} (the failures counted above, page by page)")
    return 1 if any(s.read_nothing for s in summaries) else 0


def _jsonl(transform: Any) -> int:
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(transform(json.loads(line)), ensure_ascii=False), flush=False)
    return 0


def analyze_dates(args: argparse.Namespace) -> int:
    from crawler.dates import annotate_record

    return _jsonl(lambda record: annotate_record(record, text_mode=args.text))


def analyze_meetings(args: argparse.Namespace) -> int:
    from crawler.meetings import annotate_record

    return _jsonl(annotate_record)
