"""Deduplication at scale: insert and check N synthetic articles against the store, beside the exact-hash path.

Each size runs in a child process on a fresh SQLite file, so each gets its own peak RSS. Articles are
generated in memory from a fixed vocabulary (about 120 words in five paragraphs, ~15 % of them copies
of a recent article on another portal: retitled, trimmed or with a byline), then saved in batches of
``--batch`` through ``SQLiteStore.save_articles`` (one transaction per batch), the way a crawl's store pipeline
writes them: it commits what arrived within ``PORTALWATCH_STORE_BATCH_DELAY`` (50 ms), about 10 articles at a
crawling process's 200 pages/s (``--batch 1`` is the old one transaction per article). Two costs are timed apart,
as a crawl splits them: upstream (content hash and MinHash sketch, made by the pipelines in each crawling
process, so they scale with processes) and the store's single writer (row, exact-hash lookup, candidates by
LSH bucket, confirmation on signatures, writes). The baseline is the same load with
``near_duplicates=False``: exact content hash only. Targets: >= 5,000 items/s at 1,000,000, peak RSS <= 1 GiB.
The generator knows which article copies which, so each run also reports clustering quality at scale: the share of
copies put in their story's cluster, and the clusters that mix two stories (precision); a "copy" the generator put
on its story's own portal, or one trimmed down to its lead, stays apart by rule, so copies joined stays just under
100 %. Store items/s per quarter (each quarter's own rate, not a running average) shows how the cost grows with the
size of the store.

    .venv/bin/python bench/dedupe.py [--sizes 100000 300000 1000000] [--batch 10] [--quick]
"""

from __future__ import annotations

import argparse
import array
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.clusters import article_sketch  # noqa: E402
from crawler.dates import TZ  # noqa: E402
from crawler.enrich import content_hash  # noqa: E402
from crawler.items import ArticleItem  # noqa: E402
from crawler.store.sqlite import SQLiteStore  # noqa: E402

SYLLABLES = (
    "hội",
    "nghị",
    "ban",
    "chấp",
    "hành",
    "đảng",
    "bộ",
    "huyện",
    "xã",
    "thị",
    "trấn",
    "kỳ",
    "họp",
    "nhân",
    "dân",
    "kinh",
    "tế",
    "văn",
    "hóa",
    "quốc",
    "phòng",
    "an",
    "ninh",
    "nông",
    "thôn",
    "mới",
    "lúa",
    "ngân",
    "sách",
    "đường",
    "giao",
    "thông",
    "cầu",
    "trường",
    "học",
    "y",
    "tế",
    "đầu",
    "tư",
    "công",
    "chỉ",
    "tiêu",
    "kết",
    "quả",
    "thực",
    "hiện",
    "nghị",
    "quyết",
    "sơ",
    "kết",
    "tổng",
    "đại",
    "biểu",
    "cử",
    "tri",
    "thủy",
    "lợi",
    "hộ",
    "nghèo",
    "chính",
    "sách",
    "phát",
    "triển",
    "sản",
    "xuất",
    "thu",
    "hoạch",
    "năng",
    "suất",
)


def synthetic(rng: random.Random, n: int, recent: list[tuple[ArticleItem, int]]) -> tuple[ArticleItem, int]:
    """Article ``n`` and its story: fresh text, or (15 %) a varied copy of a recent one on another portal.

    The story is the index of the story's first article (the truth the quality figures compare with)."""
    when = datetime(2024, 1, 1, 8, tzinfo=TZ) + timedelta(minutes=n)
    portal = f"portal-{n % 700}"
    if recent and rng.random() < 0.15:
        src, story = rng.choice(recent)
        body = src.body[:-1] if rng.random() < 0.5 else [*src.body, "Nguồn: Trung tâm Truyền thông huyện"]
        art = ArticleItem(
            portal=portal,
            url=f"https://{portal}.gov.vn/tin/{n}",
            cms="generic",
            title="Tin: " + src.title,
            lead=src.lead,
            body=body,
            published=when,
        )
        return art, story
    else:
        paragraphs = [" ".join(rng.choices(SYLLABLES, k=24)) + f" {n}." for _ in range(5)]
        art = ArticleItem(
            portal=portal,
            url=f"https://{portal}.gov.vn/tin/{n}",
            cms="generic",
            title=" ".join(rng.choices(SYLLABLES, k=10)),
            lead=paragraphs[0],
            body=paragraphs[1:],
            published=when,
        )
    return art, n


def run(size: int, batch: int, near: bool, db: Path) -> dict[str, float]:
    """Child process: load ``size`` articles; returns throughput, peak RSS and the store's size.

    As in a crawl, the content hash and the sketch are made upstream (normalize and fingerprint pipelines, in
    the crawling processes) and timed apart as ``upstream_us``; ``items_per_s`` is the store's writer."""
    rng = random.Random(size)
    store = SQLiteStore(db, near_duplicates=near)
    recent: list[tuple[ArticleItem, int]] = []
    truth = array.array("q")
    elapsed = upstream = quarter = 0.0
    checkpoints = {}
    for start in range(0, size, batch):
        made = [synthetic(rng, n, recent) for n in range(start, min(start + batch, size))]
        items = [item for item, _ in made]
        recent = (recent + made)[-500:]
        truth.extend(story for _, story in made)
        t0 = time.perf_counter()
        for item in items:
            item.content_hash = content_hash(item)
            if near:
                item.sketch = article_sketch(item)
        t1 = time.perf_counter()
        store.save_articles([(i, f"{i.portal}:url:{i.url}", ()) for i in items])
        elapsed += time.perf_counter() - t1
        upstream += t1 - t0
        done = start + len(items)
        if done % (size // 4 or 1) == 0:
            checkpoints[done] = round((size // 4 or 1) / (elapsed - quarter))
            quarter = elapsed
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the quality check's arrays
    found = np.fromiter((r[0] for r in store.conn.execute("SELECT cluster_id FROM articles ORDER BY id")), np.int64)
    store.close()
    db_mib = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20
    return {
        "items_per_s": size / elapsed,
        "upstream_us": upstream / size * 1e6,
        "peak_rss_mib": rss,
        "db_mib": db_mib,
        "quarters": checkpoints,
        **quality(np.frombuffer(truth, np.int64), found),
    }  # type: ignore[dict-item]


def quality(truth: np.ndarray, found: np.ndarray) -> dict[str, float]:
    """Copies in their story's cluster (recall), clusters holding two stories (precision), number of clusters.

    Articles are stored in order, so article ``i`` has id ``i + 1`` and a story's first article is ``truth[i]``."""
    copies = truth != np.arange(len(truth))
    joined = found[copies] == found[truth[copies]]
    order = np.lexsort((truth, found))
    c, t = found[order], truth[order]
    mixed = np.unique(c[1:][(c[1:] == c[:-1]) & (t[1:] != t[:-1])])
    return {
        "clusters": len(np.unique(found)),
        "copies_joined": float(joined.mean()) if joined.size else 1.0,
        "mixed_clusters": len(mixed),
    }


def child(size: int, batch: int, near: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(size),
                str(batch),
                str(int(near)),
                str(Path(tmp) / "bench.sqlite3"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--batch", type=int, default=10, help="articles per transaction (a crawl's: about 10)")
    parser.add_argument("--quick", action="store_true", help="2,000 articles (a smoke test)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.sizes = [2000]
    if args.child:
        size, batch, near, db = args.child
        print(json.dumps(run(int(size), int(batch), near == "1", Path(db))))
        return
    print(
        f"{'articles':>10} | {'path':<22} | {'store items/s':>13} | {'upstream µs/item':>16} |"
        f" {'end-to-end/core':>15} |"
        f" {'peak RSS':>9} | {'db size':>8} | {'clusters':>8} | {'copies joined':>13} | {'mixed':>5} |"
        " store items/s in each quarter"
    )
    for size in args.sizes:
        base = child(size, args.batch, near=False)
        near = child(size, args.batch, near=True)
        for name, r in (("exact hash only", base), ("exact + MinHash LSH", near)):
            one_core = 1 / (1 / r["items_per_s"] + r["upstream_us"] / 1e6)
            print(
                f"{size:>10,} | {name:<22} | {r['items_per_s']:>13,.0f} | {r['upstream_us']:>16,.0f} | "
                f"{one_core:>15,.0f} | {r['peak_rss_mib']:>5,.0f} MiB | {r['db_mib']:>4,.0f} MiB | "
                f"{r['clusters']:>8,} | {r['copies_joined']:>13.2%} | {r['mixed_clusters']:>5,} | {r['quarters']}",
                flush=True,
            )
        print(
            f"{'':>10} | store time per item with near-duplicates: {base['items_per_s'] / near['items_per_s']:.2f}x "
            "the exact-hash path's",
            flush=True,
        )


if __name__ == "__main__":
    main()
