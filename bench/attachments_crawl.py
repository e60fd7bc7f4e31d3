"""The attachment pipeline's throughput in a crawl, against the same crawl without it.

sim-tuyphong (220 articles; 33 attachments: text PDFs, DOCX, one scanned page read by OCR, a 21 MiB file, a zip
bomb, a web page named .doc, a login page, a damaged PDF; and its 60 laws documents) is crawled into a fresh store
by ``portalwatch crawl`` in a child process, with attachments read (``pipelines/attachments.py``) and with
``PORTALWATCH_ATTACHMENTS=0`` (the baseline: the same crawl, attachments only linked), alternately, best of
``--runs``. Printed: each crawl's seconds, the ratio, and attachments per second of the difference (what reading
them costs a crawl, with ``PORTALWATCH_ATTACHMENT_WORKERS`` readers).

    .venv/bin/python bench/attachments_crawl.py [--runs 3] [--workers 2]

Run on the development machine (2 cores, shared with other jobs), 2 readers, best of 3: 11.6 s against 7.6 s
(ratio 1.54), 8.1 attachments a second of the difference; the scanned page's OCR is about 1 s of it, each
reader's worker process ~0.1 s a file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SLUG = "sim-tuyphong"


def crawl(url: str, attachments: bool, workers: int) -> float:
    """Seconds of one ``portalwatch crawl`` of the portal into a fresh store."""
    env = {
        **os.environ,
        "PORTALWATCH_PROGRESS": "off",
        "PORTALWATCH_ATTACHMENTS": "1" if attachments else "0",
        "PORTALWATCH_ATTACHMENT_WORKERS": str(workers),
    }
    with tempfile.TemporaryDirectory(prefix="pw-bench-") as tmp:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", SLUG, f"--base-url={SLUG}={url}", "--db", f"{tmp}/pw.sqlite3"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the crawl failed: {done.stderr[-2000:]}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from crawler.simulator.server import start
    from crawler.simulator.sites import SPECS

    with start(0, [SPECS[SLUG]]) as sim:
        site = sim.sites[SLUG]
        files = sum(len(a.attachments) for a in site.articles)
        crawl(sim.urls[SLUG], True, args.workers)  # warm the simulator's file cache and the OS's
        on, off = [], []
        for _ in range(args.runs):
            off.append(crawl(sim.urls[SLUG], False, args.workers))
            on.append(crawl(sim.urls[SLUG], True, args.workers))
    best_on, best_off = min(on), min(off)
    extra = max(best_on - best_off, 1e-9)
    print(f"{SLUG}: {len(site.articles)} articles, {files} attachments, {args.workers} readers, best of {args.runs}")
    print(f"  baseline (attachments off): {best_off:6.2f} s")
    print(f"  attachments read:           {best_on:6.2f} s   ratio {best_on / best_off:.2f}")
    print(f"  attachments per second of the difference: {files / extra:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
