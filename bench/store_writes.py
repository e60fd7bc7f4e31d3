"""Store write throughput: SQLite (the baseline, one WAL file) against PostgreSQL (a private server), same items.

The crawl's write pattern: each item saved with its alerts in one transaction (``save_article``, what
``pipelines/store.py`` does), and the batch API (``save_articles``, 100 items per transaction); by 1 writer process
and by 4 at once (a cluster's workers, each writing its own portals' articles). Items are bench/dedupe.py's synthetic
articles (15 % copies of a recent one on another portal, so story clustering has work to do), a fifth of them
meeting reports raising an alert; hashes and sketches are made before the clock starts, as the crawling processes'
pipelines make them. Items/s is all writers' items over the wall time from the first write to the last.

Durability is matched: SQLite runs WAL with ``synchronous=NORMAL`` (a commit does not wait for fsync; a crash loses
the last commits, never consistency); PostgreSQL with ``synchronous_commit=off``, the same promise (fsync stays on).
``--durable`` adds PostgreSQL with commits flushed to disk (its default) for comparison.

    .venv/bin/python bench/store_writes.py [--items 4000] [--writers 1 4] [--durable] [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # the private PostgreSQL server the tests start (tests/pgserver.py)

from dedupe import synthetic  # noqa: E402

from crawler.clusters import article_text, sketch  # noqa: E402
from crawler.enrich import content_hash  # noqa: E402
from crawler.items import ArticleItem  # noqa: E402
from crawler.store import open_store  # noqa: E402

BATCH = 100


def items(n: int, seed: int = 7) -> list[tuple[ArticleItem, str, list[str]]]:
    """``n`` articles ready to save: key, alert kinds, hash and sketch made upstream."""
    rng = random.Random(seed)
    recent: list[tuple[ArticleItem, int]] = []
    out = []
    for i in range(n):
        item, story = synthetic(rng, i, recent)
        recent = [*recent, (item, story)][-500:]
        item.content_hash = content_hash(item)
        item.sketch = sketch(article_text(item))
        out.append((item, f"{item.portal}:url:{item.url}", ["meeting"] if i % 5 == 0 else []))
    return out


def writer(location: str, work: list[Any], batch: int, barrier: Any, results: Any) -> None:
    """One writer process: its share of the items, timed from the shared start."""
    store = open_store(location)
    barrier.wait(timeout=300)
    start, cpu = time.perf_counter(), time.process_time()
    if batch == 1:
        for item, key, kinds in work:
            store.save_article(item, key, kinds)
    else:
        for i in range(0, len(work), batch):
            store.save_articles(work[i : i + batch])
    end, cpu = time.perf_counter(), time.process_time() - cpu
    store.close()
    results.put((start, end, len(work), cpu))


@dataclass(frozen=True)
class Result:
    store: str
    mode: str
    writers: int
    items_per_s: float
    cpu_ms_per_item: float  # writer processes' CPU (Python and driver), not the database server's


def measure(location: str, store: str, work: list[Any], batch: int, writers: int) -> Result:
    open_store(location).close()  # migrated before the clock
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(writers), spawn.Queue()
    # Each writer its own portals (as a cluster's workers crawl theirs): items dealt out by portal.
    shares: list[list[Any]] = [[] for _ in range(writers)]
    for entry in work:
        shares[zlib.crc32(entry[0].portal.encode()) % writers].append(entry)
    procs = [spawn.Process(target=writer, args=(location, s, batch, barrier, results)) for s in shares]
    for p in procs:
        p.start()
    got = [results.get(timeout=1800) for _ in procs]
    for p in procs:
        p.join()
    wall = max(g[1] for g in got) - min(g[0] for g in got)
    saved = sum(g[2] for g in got)
    cpu = sum(g[3] for g in got)
    mode = "save_article" if batch == 1 else f"save_articles({batch})"
    return Result(store, mode, writers, saved / wall, cpu / saved * 1000)


@contextmanager
def postgres(settings: dict[str, str]) -> Iterator[Any]:
    from pgserver import private_server

    with private_server(settings) as server:
        yield server


def compare(n: int, writer_counts: Sequence[int] = (1, 4), durable: bool = False) -> list[Result]:
    """Every configuration on ``n`` items: SQLite first, then PostgreSQL (a private server each); for other
    benchmarks (bench/cluster.py reports the SQLite-versus-PostgreSQL write figure from here)."""
    work = items(n)
    configs = [("postgresql", {"synchronous_commit": "off"})]
    if durable:
        configs.append(("postgresql durable", {"synchronous_commit": "on"}))
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        for batch in (1, BATCH):
            for writers in writer_counts:
                db = Path(tmp) / f"w{batch}-{writers}.sqlite3"
                results.append(measure(str(db), "sqlite", work, batch, writers))
                print(results[-1], file=sys.stderr, flush=True)
        for name, settings in configs:
            with postgres(settings) as server:
                for batch in (1, BATCH):
                    for writers in writer_counts:
                        location = server.new_database("bench")
                        results.append(measure(location, name, work, batch, writers))
                        print(results[-1], file=sys.stderr, flush=True)
    return results


def table(results: Sequence[Result]) -> str:
    """The results with each one's ratio to SQLite in the same mode and number of writers."""
    lines = [f"{'store':<20} {'mode':<19} {'writers':>7} {'items/s':>9} {'CPU ms/item':>11} {'vs SQLite':>9}"]
    baseline = {(r.mode, r.writers): r.items_per_s for r in results if r.store == "sqlite"}
    for r in results:
        ratio = r.items_per_s / baseline[(r.mode, r.writers)]
        lines.append(
            f"{r.store:<20} {r.mode:<19} {r.writers:>7} {r.items_per_s:>9,.0f} {r.cpu_ms_per_item:>11.2f}"
            f" {ratio:>8.2f}x"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=4000)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--durable", action="store_true", help="also PostgreSQL with synchronous_commit=on")
    parser.add_argument("--quick", action="store_true", help="200 items (a smoke test)")
    args = parser.parse_args()
    n = 200 if args.quick else args.items
    print(f"{n} items, a fifth alerting; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    print(table(compare(n, args.writers, args.durable)))
    print(f"load average after: {os.getloadavg()[0]:.1f} (4 writers share the cores with the server and each other)")


if __name__ == "__main__":
    main()
