"""Evidence trail at 100,000 articles: storage, write cost against plain warcio, the reactor's share, lookups.

Pages are real simulator article pages (five CMS families, rendered in-process, ~8-19 KB of HTML each: the size of
the saved portal pages in tests/fixtures), spread over ``--portals`` portals. Each synthetic article gets its own
URL and a line of its own in the body, so no two payloads are equal.

1. First crawl: every article a ``response`` record through ``PortalWriter`` (SHA-256 digests, the revisit check,
   the CDXJ journal, a flush every 256 records as the recorder does, the index merge at close).
   Baseline, same run: the same responses written with warcio's ``WARCWriter`` alone (gzip per record, response
   and request records, warcio's default SHA-1 digests), no index, no revisit check. Ratio printed.
2. Second crawl: 95 % of the articles unchanged (``revisit`` records), 5 % edited (new ``response`` records).
3. Bytes on disk per 1,000 articles (WARC files and index) for each crawl.
4. The reactor's share: what the ``response_received`` handler does per page (build the capture, queue it),
   against writing the page in the handler (what a synchronous recorder would make the reactor wait for).
5. Index lookups: ``Archive.versions(url)`` for 1,000 random URLs, with the portal given and across all portals.
6. ``prune`` to one version per page, and what it frees.
7. A real crawl of ``sim-bench`` (2,400 articles, simulator in this process, crawl in a child process) with the
   recorder on and off, alternated ``--crawls`` times: pages/s and the ratio, which is what the reactor loses to
   the recorder's thread (GIL included).

    .venv/bin/python bench/evidence.py [--articles 100000] [--portals 20] [--crawls 2]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapy import Request  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from crawler.evidence import Archive, Capture, Keep, PortalWriter, prune  # noqa: E402
from crawler.evidence.recorder import capture_of  # noqa: E402
from crawler.registry import load_registry  # noqa: E402
from crawler.simulator.server import build_site, start  # noqa: E402
from crawler.simulator.sites import SPECS  # noqa: E402
from crawler.simulator.walk import walk  # noqa: E402

SITES = ("sim-tanhong", "sim-tuyenhoa", "sim-tuyphong", "sim-chiemhoa", "sim-longho")
HEADERS = (
    ("Server", "Apache"),
    ("Content-Type", "text/html; charset=utf-8"),
    ("Cache-Control", "no-cache"),
    ("Content-Encoding", "gzip"),
    ("Vary", "Accept-Encoding"),
)
REQUEST_HEADERS = (("User-Agent", "portalwatch/0.1"), ("Accept", "text/html"), ("Accept-Language", "vi"))
T0 = datetime(2025, 7, 1, tzinfo=UTC)
BATCH = 256


def page_pool(per_site: int) -> list[bytes]:
    """Article pages of the simulated portals as a crawl would fetch them."""
    registry, pool = load_registry(), []
    for slug in SITES:
        site = build_site(replace(SPECS[slug], count=per_site))
        portal = registry[slug].with_base_url(site.origin)
        for url in walk(portal, site).articles:
            resp = site.handle(url.removeprefix(site.origin))
            if resp.status == 200:
                pool.append(resp.body)
    return pool


def captures(pool: list[bytes], n: int, portals: int, crawl: int, edited: float) -> dict[str, list[Capture]]:
    """Article ``i`` of ``n`` on portal ``i % portals``; in crawl 2 a share ``edited`` of them has a new line."""
    rng = random.Random(crawl)
    out: dict[str, list[Capture]] = {f"bench-{p:03d}": [] for p in range(portals)}
    when = T0 + timedelta(days=crawl)
    for i in range(n):
        slug = f"bench-{i % portals:03d}"
        body = pool[i % len(pool)].replace(b"</body>", f"<p>Bài số {i}</p></body>".encode(), 1)
        if crawl > 1 and rng.random() < edited:
            body = body.replace(b"</body>", "<p>Đính chính: số liệu đã cập nhật.</p></body>".encode(), 1)
        out[slug].append(
            Capture(f"https://{slug}.gov.vn/tin-tuc/{i}.html", 200, HEADERS, body, when, "GET", REQUEST_HEADERS)
        )
    return out


def write_project(root: Path, slug: str, caps: list[Capture]) -> tuple[float, int, int]:
    """Seconds, responses, revisits of one portal's captures through ``PortalWriter``."""
    t0 = time.perf_counter()
    with PortalWriter(root, slug) as writer:
        for i, c in enumerate(caps, 1):
            writer.write(c)
            if i % BATCH == 0:
                writer.flush()
    return time.perf_counter() - t0, writer.tally.responses, writer.tally.revisits


def write_baseline(root: Path, slug: str, caps: list[Capture]) -> float:
    """The same responses with warcio alone: no index, no revisit check, default digests."""
    root.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with (root / f"{slug}.warc.gz").open("ab") as fh:
        writer = WARCWriter(fh, gzip=True)
        for c in caps:
            http = StatusAndHeaders("200 OK", list(c.headers), protocol="HTTP/1.1")
            resp = writer.create_warc_record(
                c.url, "response", payload=io.BytesIO(c.body), length=len(c.body), http_headers=http
            )
            path = c.url.split("/", 3)[3]
            request = StatusAndHeaders(f"GET /{path} HTTP/1.1", list(c.request_headers), is_http_request=True)
            writer.write_request_response_pair(writer.create_warc_record(c.url, "request", http_headers=request), resp)
    return time.perf_counter() - t0


def write_all(root: Path, batches: dict[str, list[Capture]], baseline: Path | None) -> tuple[float, float, int, int]:
    """Project seconds, baseline seconds, responses, revisits; portal by portal, the baseline and the project
    alternated so that both see the same load on a shared machine."""
    proj = base = 0.0
    responses = revisits = 0
    for slug, caps in batches.items():
        if baseline is not None:
            base += write_baseline(baseline, slug, caps)
        seconds, fresh, same = write_project(root, slug, caps)
        proj, responses, revisits = proj + seconds, responses + fresh, revisits + same
    return proj, base, responses, revisits


def disk(root: Path) -> tuple[int, int]:
    """Bytes of WARC files and of index files under a directory."""
    files = [p for p in root.rglob("*") if p.is_file()]
    warc = sum(p.stat().st_size for p in files if p.name.endswith(".warc.gz"))
    index = sum(p.stat().st_size for p in files if p.name.endswith(".cdxj"))
    return warc, index


def reactor_share(pool: list[bytes], n: int, root: Path) -> tuple[float, float]:
    """Microseconds per page: the signal handler's work (capture and queue), and a write done in the handler."""
    import queue

    responses = []
    for i in range(n):
        url = f"https://bench-reactor.gov.vn/tin-tuc/{i}.html"
        request = Request(url, headers=dict(REQUEST_HEADERS))
        responses.append((HtmlResponse(url, body=pool[i % len(pool)], headers=dict(HEADERS), request=request), request))
    q: queue.SimpleQueue[Capture] = queue.SimpleQueue()
    t0 = time.perf_counter()
    for response, request in responses:
        q.put(capture_of(response, request, T0))
    handler = (time.perf_counter() - t0) / n * 1e6
    with PortalWriter(root, "bench-reactor") as writer:
        t0 = time.perf_counter()
        for response, request in responses:
            writer.write(capture_of(response, request, T0))
            writer.flush()  # a synchronous recorder makes each page durable before the reactor goes on
        inline = (time.perf_counter() - t0) / n * 1e6
    return handler, inline


def lookups(root: Path, urls: list[str], portal_of: dict[str, str]) -> tuple[float, float]:
    archive = Archive(root)
    t0 = time.perf_counter()
    for url in urls:
        assert len(archive.versions(url, portal_of[url])) == 2
    with_portal = (time.perf_counter() - t0) / len(urls) * 1e6
    t0 = time.perf_counter()
    for url in urls:
        assert len(archive.versions(url)) == 2
    across = (time.perf_counter() - t0) / len(urls) * 1e6
    return with_portal, across


def crawl_rates(work: Path, crawls: int) -> dict[bool, list[float]]:
    """Pages/s of full crawls of sim-bench, evidence off and on, alternated."""
    rates: dict[bool, list[float]] = {False: [], True: []}
    sim = start(port=0, specs=[SPECS["sim-bench"]])
    try:
        base = sim.urls["sim-bench"]
        for i in range(crawls):
            for on in (False, True):
                db = work / f"crawl-{i}-{on}.sqlite3"
                env = {
                    **os.environ,
                    "PORTALWATCH_PROGRESS": "off",
                    "PORTALWATCH_EVIDENCE": "1" if on else "0",
                    "PORTALWATCH_EVIDENCE_DIR": str(work / f"crawl-evidence-{i}"),
                }
                cmd = [sys.executable, "-P", "-m", "crawler", "crawl", "sim-bench", f"--base-url=sim-bench={base}"]
                t0 = time.perf_counter()
                result = subprocess.run([*cmd, "--db", str(db)], cwd=ROOT, env=env, capture_output=True, text=True)
                seconds = time.perf_counter() - t0
                if result.returncode != 0:
                    sys.exit(f"crawl failed:\n{result.stderr[-3000:]}")
                pages = sum(1 for hit in sim.sites["sim-bench"].requests)
                sim.sites["sim-bench"].reset_requests()
                rates[on].append(pages / seconds)
    finally:
        sim.stop()
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--edited", type=float, default=0.05)
    parser.add_argument("--crawls", type=int, default=2, help="crawls of sim-bench with the recorder off and on")
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: a temporary directory)")
    args = parser.parse_args()
    n, per_k = args.articles, args.articles / 1000
    work = Path(tempfile.mkdtemp(prefix="pw-evidence-", dir=args.dir))
    try:
        pool = page_pool(40)
        sizes = sorted(len(p) for p in pool)
        print(f"{len(pool)} simulator article pages, {sizes[len(sizes) // 2] / 1024:.1f} KiB median HTML")
        print(f"{n:,} articles on {args.portals} portals\n")
        root = work / "evidence"

        first = captures(pool, n, args.portals, 1, 0.0)
        proj_s, base_s, responses, revisits = write_all(root, first, work / "baseline")
        assert (responses, revisits) == (n, 0)
        warc1, index1 = disk(root)
        base_bytes, _ = disk(work / "baseline")
        print("first crawl (all responses)")
        print(f"  portalwatch   {n / proj_s:8,.0f} records/s  {proj_s / n * 1e6:6.0f} us/page")
        print(f"  warcio alone  {n / base_s:8,.0f} records/s  {base_s / n * 1e6:6.0f} us/page")
        print(f"  ratio (portalwatch / warcio alone): {proj_s / base_s:.2f}x the time per page")
        print(
            f"  disk per 1,000 articles: {warc1 / per_k / 2**20:.2f} MiB WARC + {index1 / per_k / 1024:.0f} KiB index"
        )
        raw = sum(len(c.body) for cs in first.values() for c in cs)
        print(f"  (warcio alone: {base_bytes / per_k / 2**20:.2f} MiB; the HTML itself: {raw / per_k / 2**20:.2f} MiB)")
        del first

        second = captures(pool, n, args.portals, 2, args.edited)
        proj2_s, _, responses, revisits = write_all(root, second, None)
        warc2, index2 = disk(root)
        print(f"\nsecond crawl ({revisits:,} revisits, {responses:,} edited pages as responses)")
        print(f"  portalwatch   {n / proj2_s:8,.0f} records/s  {proj2_s / n * 1e6:6.0f} us/page")
        print(
            f"  disk added per 1,000 articles: {(warc2 - warc1) / per_k / 2**20:.2f} MiB WARC + "
            f"{(index2 - index1) / per_k / 1024:.0f} KiB index"
        )
        print(f"  total after two crawls: {(warc2 + index2) / 2**20:,.0f} MiB")
        portal_of = {c.url: slug for slug, cs in second.items() for c in cs}
        del second

        handler, inline = reactor_share(pool, 2000, work / "reactor")
        print("\nreactor share per page (response_received)")
        print(f"  queue the capture (the recorder): {handler:6.1f} us")
        print(f"  write it in the handler instead: {inline:6.1f} us  ({inline / handler:.0f}x)")

        rng = random.Random(7)
        sample = rng.sample(sorted(portal_of), 1000)
        with_portal, across = lookups(root, sample, portal_of)
        print(f"\nindex lookup, versions(url): {with_portal:.0f} us with the portal given", end="")
        print(f", {across:.0f} us across all {args.portals} portals")

        t0 = time.perf_counter()
        reports = prune(root, Keep(versions=1), now=T0 + timedelta(days=3))
        prune_s = time.perf_counter() - t0
        warc3, index3 = disk(root)
        print(
            f"\nprune to 1 version per page: {sum(r.dropped for r in reports):,} records dropped in {prune_s:.1f} s, "
            f"{(warc2 + index2) / 2**20:,.0f} MiB -> {(warc3 + index3) / 2**20:,.0f} MiB"
        )
        if args.crawls:
            rates = crawl_rates(work, args.crawls)
            off, on = max(rates[False]), max(rates[True])
            print(f"\ncrawl of sim-bench (best of {args.crawls}, whole process incl. start-up), pages/s:")
            print(f"  recorder off {off:6.1f}   on {on:6.1f}   ratio on/off {on / off:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
