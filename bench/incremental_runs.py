"""Incremental runs: requests and wall time of an unchanged 2,000-article portal, full re-crawl versus incremental.

For each portal family the simulator serves a 2,000-article portal on 127.0.0.1 (in this process), a first
run stores it, then, with nothing changed on the portal, ``portalwatch crawl --full`` (the baseline: every
listing and article page read again, as before issue 8) and ``portalwatch crawl`` (incremental) run one
after the other. Requests and 304s come from the run history (Scrapy's ``downloader/request_count``,
robots.txt included); wall time is the whole command (process start included) and the run's own span.
Target: >= 100x fewer requests.

    .venv/bin/python bench/incremental_runs.py [--size 2000] [--portals sim-tanhong sim-tuyphong ...] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.simulator.server import _handler, build_site  # noqa: E402
from crawler.simulator.sites import SPECS  # noqa: E402

DEFAULT = ("sim-tanhong", "sim-tuyenhoa", "sim-tuyphong", "sim-chiemhoa", "sim-tranvanthoi", "sim-bench")


def portalwatch(*args: str) -> tuple[float, dict[str, object]]:
    """Run one command; its wall time and the run it recorded."""
    env = {**os.environ, "PORTALWATCH_PROGRESS": "off"}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"portalwatch {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    db = args[args.index("--db") + 1]
    runs = subprocess.run(
        [sys.executable, "-m", "crawler", "runs", "--db", db, "-n", "1", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    [run] = json.loads(runs.stdout)
    return wall, run


def span(run: dict[str, object]) -> float:
    return (datetime.fromisoformat(str(run["end"])) - datetime.fromisoformat(str(run["start"]))).total_seconds()


def bench(slug: str, size: int, tmp: Path) -> None:
    site = build_site(replace(SPECS[slug], count=size))
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.origin = f"http://127.0.0.1:{srv.server_address[1]}"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    db = str(tmp / f"{slug}.sqlite3")
    common = (slug, f"--base-url={site.origin}", "--db", db)
    try:
        _, first = portalwatch("crawl", *common)
        full_wall, full = portalwatch("crawl", *common, "--full")
        inc_wall, incr = portalwatch("crawl", *common)
    finally:
        srv.shutdown()
        srv.server_close()
    ratio = int(str(full["requests"])) / max(int(str(incr["requests"])), 1)
    print(
        f"{slug:<16} | {first['new']:>6} | {full['requests']:>13} | {full_wall:>7.1f} s ({span(full):>6.1f}) |"
        f" {incr['requests']:>8} | {incr['not_modified']:>4} | {inc_wall:>5.1f} s ({span(incr):>4.1f}) |"
        f" {ratio:>8.0f}x | {full_wall / inc_wall:>5.1f}x",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--portals", nargs="+", default=list(DEFAULT))
    parser.add_argument("--quick", action="store_true", help="one 60-article portal (a smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.size, args.portals = 60, ["sim-tanhong"]
    print(
        f"unchanged {args.size:,}-article portal: full re-crawl (crawl --full) vs incremental run (crawl);"
        " wall = command (run span)"
    )
    print(
        f"{'portal':<16} | {'stored':>6} | {'full requests':>13} | {'full wall':>19} | {'requests':>8} |"
        f" {'304s':>4} | {'incremental':>16} | {'requests':>9} | {'wall':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for slug in args.portals:
            bench(slug, args.size, Path(tmp))


if __name__ == "__main__":
    main()
