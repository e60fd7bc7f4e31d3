"""Crawl throughput: portalwatch's full pipeline against a bare Scrapy spider, same URLs, same run.

The simulator runs in its own process (its own core). portalwatch crawls ``sim-bench`` (2,400
articles) into a fresh SQLite file; then a bare Scrapy spider with the same concurrency fetches
exactly the URLs that crawl fetched (listing and article pages) and does nothing with them. Both run
in child processes so that each gets a fresh reactor and its own peak memory.

    .venv/bin/python bench/crawl_throughput.py [--portal sim-bench] [--port 0]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.cli.demo import simulator_process  # noqa: E402
from crawler.registry import load_registry  # noqa: E402
from crawler.simulator.server import build_site  # noqa: E402
from crawler.simulator.sites import SPECS  # noqa: E402
from crawler.simulator.walk import walk  # noqa: E402
from crawler.store import open_store  # noqa: E402

BARE = r"""
import json, sys, time
from scrapy import Spider, Request
from scrapy.crawler import CrawlerProcess
from crawler.settings import SIMULATED_PORTAL_SETTINGS

urls = json.load(open(sys.argv[1]))

class Bare(Spider):
    name = "bare"
    async def start(self):
        for url in urls:
            yield Request(url, callback=self.parse)
    def parse(self, response):
        pass

process = CrawlerProcess({"LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False,
                          "COOKIES_ENABLED": False, "CONCURRENT_REQUESTS": 16, **SIMULATED_PORTAL_SETTINGS})
crawler = process.create_crawler(Bare)
process.crawl(crawler)
process.start()
s = crawler.stats.get_stats()
print(json.dumps({"pages": s.get("response_received_count", 0) - s.get("robotstxt/response_count", 0),
                  "seconds": (s["finish_time"] - s["start_time"]).total_seconds()}))
"""


def child(cmd: list[str]) -> tuple[str, float]:
    """Run a child process to completion; return its stdout and its own peak RSS in MiB."""
    env = {**os.environ, "PORTALWATCH_PROGRESS": "off"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, text=True, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd[:4])} failed:\n{err.read()[-3000:]}")
        return out.read(), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", default="sim-bench")
    parser.add_argument("--port", type=int, default=0, help="simulator base port (0: free ports)")
    args = parser.parse_args()
    portal = load_registry()[args.portal]
    spec = SPECS[args.portal]
    with simulator_process(args.port) as urls, tempfile.TemporaryDirectory() as tmp:
        base = urls[args.portal]
        db = Path(tmp) / "bench.sqlite3"
        start = time.perf_counter()
        _, pw_rss = child([sys.executable, "-m", "crawler", "crawl", args.portal, "--base-url", base, "--db", str(db)])
        pw_wall = time.perf_counter() - start
        store = open_store(db)
        [run] = store.runs(args.portal)
        stored = store.counts()["articles"]
        store.close()
        pw_seconds = (run.finished - run.started).total_seconds()

        walked = walk(portal.with_base_url(base), build_site(spec))
        url_file = Path(tmp) / "urls.json"
        url_file.write_text(json.dumps([*walked.listings, *walked.articles]))
        start = time.perf_counter()
        stdout, bare_rss = child([sys.executable, "-c", BARE, str(url_file)])
        bare_wall = time.perf_counter() - start
        bare = json.loads(stdout.strip().splitlines()[-1])

    pw_rate, bare_rate = run.pages / pw_seconds, bare["pages"] / bare["seconds"]
    print(f"portal {args.portal}: {spec.count} simulated articles, {stored} stored by portalwatch")
    print(f"{'crawler':34} {'pages':>6} {'crawl s':>8} {'pages/s':>8} {'process s':>10} {'peak MiB':>9}")
    print(
        f"{'portalwatch (full pipeline)':34} {run.pages:6d} {pw_seconds:8.2f} {pw_rate:8.1f} {pw_wall:10.2f} "
        f"{pw_rss:9.0f}"
    )
    print(
        f"{'bare Scrapy (fetch only)':34} {bare['pages']:6d} {bare['seconds']:8.2f} {bare_rate:8.1f} "
        f"{bare_wall:10.2f} {bare_rss:9.0f}"
    )
    print(f"ratio portalwatch/bare pages/s: {pw_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
