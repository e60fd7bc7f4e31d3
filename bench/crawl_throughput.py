"""Crawl throughput: portalwatch's full pipeline against two plain Scrapy spiders, same pages, same run.

For each size, one simulator process serves ``sim-bench`` (WordPress, REST API off, so every page is fetched)
with that many articles, every page rendered before any crawl starts (a warm server for all three). Then, each
in a child process of its own (a fresh reactor, its own CPU time and peak memory):

(a) **bare Scrapy**: fetches every listing and article page the portal has and does nothing with them;
(b) **Scrapy + parsel**: the 40-line spider a user writes: it reads the listing pages, follows their article
    links and extracts title, published stamp and body paragraphs with three XPaths (items go nowhere);
(c) **portalwatch**: ``sim-bench`` crawled into a fresh SQLite store by the project's spider, settings and
    pipelines (normalise, dates, fingerprint and sketch, meetings, store).

Printed per crawler: pages, crawl seconds (from the spider's opening to its closing, clocked alike for all three),
ms/page, pages/s, CPU seconds of the crawler process over its crawl and of the simulator process over the whole child
run (the simulator is not the bottleneck when its share is well under one core), the crawler's peak RSS, and the
ratios c/a and c/b of pages/s; the load averages before and after each size (the machine is shared: figures under
load are noisy, CPU seconds less so). ``--repeat N`` runs each crawler N times per size and keeps the median run by
pages/s; ``--set NAME=VALUE`` sets a Scrapy setting of portalwatch's crawl (to measure one).

    .venv/bin/python bench/crawl_throughput.py [--sizes 500 5000] [--repeat 1] [--quick] [--profile] [--set ...]

``--quick`` crawls 40 articles once (the test suite runs it); ``--profile`` runs only portalwatch's crawl (2,400
articles, or ``--sizes N``), under cProfile, and prints the 15 functions with the most cumulative time, then the 15
of the project's own code (``make profile``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
SLUG = "sim-bench"
CRAWLERS = {
    "bare": "(a) bare Scrapy (fetch only)",
    "parsel": "(b) Scrapy + parsel (3 XPaths)",
    "portalwatch": "(c) portalwatch (full pipeline)",
}
# What both plain spiders share with portalwatch's crawl of a simulated portal: 16 requests at once (per domain
# too: crawler.settings.SIMULATED_PORTAL_SETTINGS), robots.txt obeyed, no delay, no AutoThrottle, no cookies, no
# telnet console or remote-control server (portalwatch turns both off).
# Everything else is Scrapy's default, as in a spider a user writes.
PLAIN_SETTINGS: dict[str, Any] = {
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": True,
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    "COOKIES_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
}


# --- child processes -------------------------------------------------------------------------------------------

CLOCK: dict[str, float] = {}  # this process's clock and CPU time at its spider's opening and closing (``CpuClock``)


class CpuClock:
    """Scrapy extension of all three crawlers: the crawl's span and this process's CPU time over it, from the spider's
    opening to its closing, measured the same way for each."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> CpuClock:
        from scrapy import signals

        ext = cls()
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        CLOCK["opened"], CLOCK["cpu_opened"] = time.monotonic(), time.process_time()

    def closed(self) -> None:
        CLOCK["closed"], CLOCK["cpu_closed"] = time.monotonic(), time.process_time()


def clocked(pages: int, items: int) -> dict[str, Any]:
    """A crawler child's answer: pages, items, the crawl's seconds and CPU seconds (``CpuClock``)."""
    return {
        "pages": pages,
        "items": items,
        "seconds": CLOCK["closed"] - CLOCK["opened"],
        "cpu": CLOCK["cpu_closed"] - CLOCK["cpu_opened"],
    }


def child_simulator(size: int, url_file: Path) -> None:
    """Serve sim-bench with ``size`` articles on a free port, every page rendered once; write the pages a crawl
    reads (listings, then articles) to ``url_file``; answer ``cpu`` on stdin with this process's CPU seconds."""
    sys.path.insert(0, str(ROOT))
    from dataclasses import replace
    from http.server import ThreadingHTTPServer

    from crawler.registry import load_registry
    from crawler.simulator.server import start
    from crawler.simulator.sites import SPECS
    from crawler.simulator.walk import walk

    # socketserver listens with a backlog of 5: a crawler opening its 16 connections at once loses SYNs and waits
    # out the kernel's 1 s retransmission, a stall of the simulator, not of the crawler (a real web server listens
    # with a backlog of hundreds). This process serves the bench alone, so its servers get a real server's backlog.
    ThreadingHTTPServer.request_queue_size = int(os.environ.get("SIM_BACKLOG", 128))
    if os.environ.get("SIM_SWITCH"):
        sys.setswitchinterval(float(os.environ["SIM_SWITCH"]))
    spec = replace(SPECS[SLUG], count=size)
    sim = start(0, [spec])
    site, base = sim.sites[SLUG], sim.urls[SLUG]
    walked = walk(load_registry()[SLUG].with_base_url(base), site)
    for url in walked.articles:  # render every article page now, so that no crawler pays for it
        assert site.handle(url.removeprefix(base)).status == 200
    url_file.write_text(json.dumps({"listings": list(walked.listings), "articles": list(walked.articles)}))
    print(f"ready {base}", flush=True)
    for line in sys.stdin:
        if line.strip() == "cpu":
            print(time.process_time(), flush=True)
    sim.stop()


def _plain_crawl(spider_cls: type, **kwargs: Any) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    sys.path.insert(0, str(ROOT))
    from crawler.settings import SIMULATED_PORTAL_SETTINGS

    settings = {**PLAIN_SETTINGS, **SIMULATED_PORTAL_SETTINGS, "EXTENSIONS": {"__main__.CpuClock": 0}}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, **kwargs)
    process.start()
    s = crawler.stats.get_stats()
    pages = s.get("response_received_count", 0) - s.get("robotstxt/response_count", 0)
    return clocked(pages, s.get("item_scraped_count", 0))


def child_bare(url_file: Path) -> dict[str, Any]:
    """(a): every page of the portal fetched, nothing parsed."""
    from scrapy import Request, Spider

    pages = json.loads(url_file.read_text())

    class Bare(Spider):
        name = "bare"

        async def start(self):  # type: ignore[no-untyped-def]
            for url in [*pages["listings"], *pages["articles"]]:
                yield Request(url, callback=self.parse)

        def parse(self, response):  # type: ignore[no-untyped-def]
            pass

    return _plain_crawl(Bare)


def child_parsel(url_file: Path) -> dict[str, Any]:
    """(b): the listing pages read, their article links followed, three fields extracted per article."""
    from scrapy import Request, Spider

    listings = json.loads(url_file.read_text())["listings"]

    class Parsel(Spider):
        name = "parsel"

        async def start(self):  # type: ignore[no-untyped-def]
            for url in listings:
                yield Request(url, callback=self.parse)

        def parse(self, response):  # type: ignore[no-untyped-def]
            for href in response.xpath("//main//article//h2[contains(@class, 'entry-title')]/a/@href").getall():
                yield response.follow(href, callback=self.parse_article)

        def parse_article(self, response):  # type: ignore[no-untyped-def]
            article = response.xpath("//article[starts-with(@id, 'post-')]")
            yield {
                "url": response.url,
                "title": article.xpath("normalize-space(.//h1)").get(),
                "published": article.xpath(".//time[contains(@class, 'published')]/@datetime").get(),
                "body": [
                    " ".join(p.xpath(".//text()").getall())
                    for p in article.xpath(".//div[contains(@class, 'entry-content')]/p")
                ],
            }

    return _plain_crawl(Parsel)


def child_portalwatch(base: str, db: Path, profile: bool, overrides: dict[str, Any]) -> dict[str, Any]:
    """(c): ``portalwatch crawl sim-bench`` in this process, through the library (no page budget)."""
    sys.path.insert(0, str(ROOT))
    os.environ["PORTALWATCH_PROGRESS"] = "off"
    from crawler.registry import load_registry
    from crawler.runner import crawl, project_settings
    from crawler.store import open_store

    settings = project_settings(str(db), PORTALWATCH_PAGE_BUDGET=0, LOG_LEVEL="WARNING", **overrides)
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), "__main__.CpuClock": 0}, priority="cmdline")
    portal = load_registry()[SLUG]
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(crawl, [portal], settings, {SLUG: base})
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(15)
        print("The project's own code (crawler/, pipelines/, spiders/):", file=sys.stderr)
        stats.print_stats(re.escape(str(ROOT)) + r"/(crawler|pipelines|spiders)/", 15)
    else:
        crawl([portal], settings, {SLUG: base})
    store = open_store(db)
    [run] = store.runs(SLUG)
    items = store.counts()["articles"]
    store.close()
    return clocked(run.pages, items)


# --- the parent ------------------------------------------------------------------------------------------------


@dataclass
class Result:
    crawler: str
    pages: int
    items: int
    seconds: float
    cpu: float
    sim_cpu: float
    rss_mib: float

    @property
    def rate(self) -> float:
        return self.pages / self.seconds

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages


class Simulator:
    """The simulator child: started, asked for its CPU time, stopped."""

    def __init__(self, size: int, url_file: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--child", "simulator", str(size), str(url_file)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self._read()
        if not line.startswith("ready "):
            raise SystemExit(f"the simulator did not start: {line!r}")
        self.base = line.split()[1]

    def _read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def cpu(self) -> float:
        assert self.proc.stdin is not None
        self.proc.stdin.write("cpu\n")
        self.proc.stdin.flush()
        return float(self._read())

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


SETTINGS: list[str] = []  # --set options, passed on to portalwatch's crawl


def run_child(args: list[str], stderr: IO[str] | None = None) -> tuple[dict[str, Any], float]:
    """One crawler child to completion: the JSON it printed last, and its peak RSS in MiB."""
    env = {**os.environ, "PORTALWATCH_PROGRESS": "off"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, *[f"--set={s}" for s in SETTINGS], "--child", *args],
            cwd=ROOT,
            stdout=out,
            stderr=stderr or err,
            text=True,
            env=env,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"crawler {args[0]} failed:\n{err.read()[-3000:]}")
        return json.loads(out.read().strip().splitlines()[-1]), usage.ru_maxrss / 1024


def measure(name: str, sim: Simulator, url_file: Path, tmp: Path, repeat: int) -> Result:
    """The median of ``repeat`` runs of one crawler (by pages/s), with the simulator's CPU over that run."""
    runs = []
    for i in range(repeat):
        extra = [sim.base, str(tmp / f"pw{i}.sqlite3")] if name == "portalwatch" else [str(url_file)]
        before = sim.cpu()
        out, rss = run_child([name, *extra])
        sim_cpu = sim.cpu() - before
        runs.append(Result(name, out["pages"], out["items"], out["seconds"], out["cpu"], sim_cpu, rss))
    runs.sort(key=lambda r: r.rate)
    return runs[len(runs) // 2]


def setting(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with a JSON value (a bare word is a string)."""
    name, _, value = text.partition("=")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_size(size: int, repeat: int, crawlers: list[str]) -> dict[str, Result]:
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        url_file = tmp / "pages.json"
        sim = Simulator(size, url_file)
        try:
            pages = json.loads(url_file.read_text())
            print(
                f"\n{SLUG} with {size} articles: {len(pages['listings'])} listing + {len(pages['articles'])}"
                f" article pages ({load()})"
            )
            results = {name: measure(name, sim, url_file, tmp, repeat) for name in crawlers}
        finally:
            sim.stop()
    print(
        f"{'crawler':33} {'pages':>6} {'items':>6} {'crawl s':>8} {'ms/page':>8} {'pages/s':>8} {'CPU s':>7}"
        f" {'sim CPU s':>9} {'peak MiB':>9}"
    )
    for name, r in results.items():
        print(
            f"{CRAWLERS[name]:33} {r.pages:6d} {r.items:6d} {r.seconds:8.2f} {r.ms_per_page:8.2f} {r.rate:8.1f}"
            f" {r.cpu:7.2f} {r.sim_cpu:9.2f} {r.rss_mib:9.0f}"
        )
    if len(results) < len(CRAWLERS):
        return results
    c = results["portalwatch"].rate
    print(
        f"ratios of pages/s: c/a {c / results['bare'].rate:.2f} (target >= 0.70),"
        f" c/b {c / results['parsel'].rate:.2f} (target >= 0.85)   ({load()})"
    )
    if any(results[name].items != len(pages["articles"]) for name in ("parsel", "portalwatch")):
        raise SystemExit(f"not every article was read: {len(pages['articles'])} on the portal")
    return results


def profile(size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        sim = Simulator(size, tmp / "pages.json")
        try:
            print(f"portalwatch crawling {SLUG} with {size} articles under cProfile ({load()})", flush=True)
            out, _ = run_child(["portalwatch", sim.base, str(tmp / "pw.sqlite3"), "--profile"], stderr=sys.stdout)
        finally:
            sim.stop()
    print(f"{out['pages']} pages in {out['seconds']:.2f} s under the profiler ({load()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000], help="articles on the portal")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each crawler per size (the median is kept)")
    parser.add_argument("--quick", action="store_true", help="40 articles, once (a smoke test)")
    parser.add_argument("--crawlers", nargs="+", choices=list(CRAWLERS), default=list(CRAWLERS), help="a subset")
    parser.add_argument("--profile", action="store_true", help="portalwatch's crawl only, under cProfile")
    parser.add_argument(
        "--set",
        type=setting,
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="a Scrapy setting for portalwatch's crawl, to measure it (--set CONCURRENT_ITEMS=1)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "simulator":
            child_simulator(int(rest[0]), Path(rest[1]))
            return
        if kind == "bare":
            out = child_bare(Path(rest[0]))
        elif kind == "parsel":
            out = child_parsel(Path(rest[0]))
        else:
            out = child_portalwatch(rest[0], Path(rest[1]), args.profile, dict(args.set))
        print(json.dumps(out))
        return
    SETTINGS.extend(f"{name}={json.dumps(value)}" for name, value in args.set)
    if args.profile:
        profile(args.sizes[0] if args.sizes != [500, 5000] else 2400)
        return
    sizes, repeat = ([40], 1) if args.quick else (args.sizes, args.repeat)
    print(f"crawl throughput: {len(sizes)} size(s), {repeat} run(s) of each crawler per size ({load()})")
    for size in sizes:
        bench_size(size, repeat, args.crawlers)


if __name__ == "__main__":
    main()
