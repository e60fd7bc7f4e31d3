"""``portalwatch simulate`` and ``demo``: the simulated portals, and a whole crawl of them with its feed."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler import labels
from crawler.cli.common import UsageError, add_command, opened_store, table
from crawler.registry import RegistryError, load_registry
from crawler.store import DEFAULT_DB, ArticleQuery

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "simulate",
        simulate,
        "serve the simulated portals on 127.0.0.1",
        "portalwatch simulate --port 8700",
        common,
    )
    p.add_argument("--port", type=int, default=8700, help="base port; portal i listens on port + i")

    p = add_command(
        sub,
        "demo",
        demo,
        "simulate, crawl every simulated portal, summarise, write the feed",
        "portalwatch demo --feed data/feed.atom",
        common,
    )
    p.add_argument("--port", type=int, default=8700)
    p.add_argument("--feed", type=Path, default=Path("data/feed.atom"))


def simulate(args: argparse.Namespace) -> int:
    from crawler.simulator.server import start
    from crawler.simulator.sites import SITES

    try:
        sim = start(args.port)
    except OSError as exc:
        last = args.port + max(s.port_offset for s in SITES)
        raise UsageError(
            f"cannot listen on ports {args.port + 1}-{last} of 127.0.0.1 ({exc.strerror}); "
            "choose free ones with --port."
        ) from None
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


def write_feed(db: str, path: Path, limit: int = 200) -> Path:
    """The Atom feed of the newest entries in ``db``, written to ``path`` (the demo's ``data/feed.atom``)."""
    from crawler.feed import atom_feed

    with opened_store(db) as store:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(atom_feed(store, limit=limit))
    return path.resolve()


def demo(args: argparse.Namespace) -> int:
    from crawler.cli.crawl import print_summary, run_crawl

    registry = load_registry(args.registry)
    simulated = [p for p in registry.values() if p.simulated]
    if not simulated:
        raise RegistryError("the registry has no simulated portals (simulated = true); the demo needs them.")
    with simulator_process(args.port) as urls:
        ports = sorted(urlsplit(u).port or 0 for u in urls.values())
        print(f"simulator: {len(urls)} portals on 127.0.0.1, ports {ports[0]}-{ports[-1]}", flush=True)
        bases = {p.slug: urls[p.slug] for p in simulated if p.slug in urls}
        summaries = run_crawl(simulated, args.db, bases, False, log_file=args.feed.parent / "demo.log")
    print()
    print_summary(summaries)
    with opened_store(args.db) as store:
        print("\nNewest meeting reports per portal:")
        rows = []
        for p in simulated:
            for r in store.articles(ArticleQuery(portal=p.slug, meetings_only=True, limit=3)):
                m = r["meeting"] or {}
                rows.append(
                    [
                        labels.vn_datetime(r["published"]),
                        r["portal"],
                        labels.meeting_kind(m.get("kind"), short=True),
                        m.get("ordinal") or "",
                        labels.vn_date(m.get("date")),
                        r["title"][:70],
                    ]
                )
        table(rows, ["published", "portal", "kind", "no.", "meeting date", "title"])
        counts = store.counts()
    path = write_feed(args.db, args.feed)
    print(f"\nstore: {Path(args.db).resolve()} ({counts['articles']} articles, {counts['alerts']} alerts)")
    print(f"feed:  {path}")
    print(f"log:   {(args.feed.parent / 'demo.log').resolve()} (the failures counted above, page by page)")
    print("\nNext, to read them in a browser:")
    for step in next_steps(args):
        print(f"  {step}")
    return 1 if any(s.read_nothing for s in summaries) else 0


def next_steps(args: argparse.Namespace) -> list[str]:
    """The commands that show the demo's store in a browser, as a user types them from here: activate the
    virtualenv portalwatch runs from (when it runs from one), serve the store, open the page."""
    steps = []
    if sys.prefix != sys.base_prefix:
        activate = Path(sys.prefix) / "bin" / "activate"
        try:
            shown = str(activate.relative_to(Path.cwd()))
        except ValueError:
            shown = str(activate)
        steps.append(f". {shlex.quote(shown)}")
    serve = ["portalwatch", "serve"]
    if args.db != DEFAULT_DB:
        serve += ["--db", args.db]
    if args.registry:
        serve += ["--registry", args.registry]
    steps.append(shlex.join(serve))
    port = os.environ.get("PORTALWATCH_PORT") or "8080"
    steps.append(f"open http://127.0.0.1:{port}/ in a browser (Ctrl-C in the terminal stops the server)")
    return steps
