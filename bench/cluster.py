"""Cluster throughput: the single-process crawler against 1, 2 and 4 cluster workers, same portals, same run.

The portals are the national simulator's (``crawler.simulator.national``: each on its own loopback host, in its
own process, which reports its own CPU time: when it uses a fraction of one core while the crawlers use both,
the simulator is not the bottleneck). Each configuration backfills the same ``--portals`` portals into a fresh
SQLite store (and a fresh private Redis for the workers):

- ``single``: ``portalwatch crawl <slugs>`` in one process (the baseline);
- ``1``, ``2``, ``4`` workers: ``portalwatch crawl --cluster`` then ``portalwatch worker --drain`` processes.

It prints articles/s, crawler CPU per article, the simulator's CPU, and the ratios against one worker and against
the single process. The SQLite-versus-PostgreSQL write figure is the PostgreSQL store's own benchmark
(``bench/store_writes.py``), run here when it is present.

    .venv/bin/python bench/cluster.py [--portals 150] [--articles 12]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import (
    ENV,
    ROOT,
    NationalSimulator,
    Pass,
    cluster_pass,
    redis_server,
    show,
    startup_cpu,
    wait_child,
)

from crawler.registry import load_registry
from crawler.store import open_store


def single_process(registry: Path, db: Path, sim: NationalSimulator, slugs: list[str]) -> Pass:
    """``portalwatch crawl`` of every portal in one process: the crawler without the cluster."""
    sim_before = sim.stats()["cpu"]
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", *slugs, "--registry", str(registry), "--db", str(db)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=(db.parent / "single.log").open("wb"),
    )
    code, cpu = wait_child(proc)
    wall = time.monotonic() - started
    if code != 0:
        sys.exit(f"bench: the single-process crawl exited {code}; see {db.parent / 'single.log'}")
    store = open_store(db)
    runs = store.runs(None, 1_000_000)
    articles = store.counts()["articles"]
    store.close()
    statuses: dict[str, int] = {}
    for r in runs:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    return Pass(
        1, wall, cpu, sim.stats()["cpu"] - sim_before, sum(r.requests for r in runs), articles, len(runs), statuses
    )


def store_writes() -> None:
    """The PostgreSQL store's write benchmark, if this checkout has it (the PostgreSQL helper's)."""
    script = ROOT / "bench" / "store_writes.py"
    if not script.exists():
        print(
            "SQLite vs PostgreSQL writes: bench/store_writes.py is not in this checkout (the PostgreSQL store's "
            "benchmark); its figure goes here once it lands."
        )
        return
    print("SQLite vs PostgreSQL writes (bench/store_writes.py):")
    subprocess.run([sys.executable, str(script)], cwd=ROOT, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--portals", type=int, default=150)
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--max-runs", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pw-cluster-") as tmp:
        work = Path(tmp)
        sim = NationalSimulator(work, args.portals, args.articles)
        try:
            slugs = list(load_registry(sim.registry))
            print(f"{len(slugs)} portals x {args.articles} articles, each on its own loopback host")
            (work / "single").mkdir()
            passes = {"single": single_process(sim.registry, work / "single" / "pw.sqlite3", sim, slugs)}
            show("single process (baseline)", passes["single"])
            (work / "idle").mkdir()
            with redis_server(work / "idle") as url:
                idle = startup_cpu(url, sim.registry, work / "idle" / "pw.sqlite3")
            print(f"a worker's start-up and exit with nothing to do: {idle:.1f} s CPU (charged per process below)")
            for n in (1, 2, 4):
                run_dir = work / f"w{n}"
                run_dir.mkdir()
                with redis_server(run_dir) as url:
                    passes[str(n)] = cluster_pass(
                        url, sim.registry, run_dir / "pw.sqlite3", sim, n, slugs, args.max_runs, run_dir
                    )
                show(f"{n} worker(s)", passes[str(n)])
        finally:
            sim.stop()
    one = passes["1"]
    print()
    print(
        "| crawler | articles/s | x 1 worker | x single | CPU ms/article | CPU beside the reactor thread "
        "| simulator CPU (share of a core) |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, p in passes.items():
        label = "single process" if name == "single" else f"{name} worker(s)"
        print(
            f"| {label} | {p.rate:.1f} | {p.rate / one.rate:.2f} | {p.rate / passes['single'].rate:.2f} | "
            f"{1000 * p.cpu_per_article:.1f} | {p.beside_text} | {p.sim_cpu:.1f} s ({p.sim_cpu / p.wall:.0%}) |"
        )
    cpus = [p.cpu_per_article for k, p in passes.items() if k != "single"]
    print(
        f"\n2 workers = {passes['2'].rate / one.rate:.2f}x one worker (target >= 1.7); CPU per article varies "
        f"{100 * (max(cpus) / min(cpus) - 1):.0f} % from 1 to 4 workers without start-up (target <= 15 %). "
        f"The simulator used at most {max(p.sim_cpu / p.wall for p in passes.values()):.0%} of one core."
    )
    store_writes()
    return 0


if __name__ == "__main__":
    sys.exit(main())
