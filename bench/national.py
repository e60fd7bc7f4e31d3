"""National scale, simulated: 3,700 portals on their own loopback hosts, crawled by cluster workers.

The national simulator (``crawler.simulator.national``) runs in its own process and reports its own CPU time, so
its share of the machine is known. Phases, each on a private ``redis-server`` and a fresh SQLite store:

1. **Backfill** every portal with ``--workers`` workers (this is also what makes the next pass incremental).
2. **An hour of news**: a quarter of the portals publish two articles each.
3. **The hourly incremental pass** over every portal: wall time (target <= 10 minutes), requests, crawler CPU,
   store growth, and nothing lost (every published article stored, once).
4. **Backfill scaling** on the first ``--scaling-portals`` portals with 1, 2 and 4 workers: articles/s and
   crawler CPU per article (targets: 2 workers >= 1.7x one worker; CPU per article within 15 % from 1 to 4).

The baseline each ratio is against is measured in the same run (one worker). This machine has 2 cores: more
than two busy processes share them, so 4 workers cannot be faster than 2 here; what 4 workers show is that
coordination through Redis costs no CPU per article.

    .venv/bin/python bench/national.py [--portals 3700] [--articles 24] [--workers 2] [--scaling-portals 300]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.simulator.national import CONTROL  # noqa: E402
from crawler.store import open_store  # noqa: E402

ENV = {**os.environ, "PORTALWATCH_PROGRESS": "off"}


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A private redis-server on a free loopback port; its URL."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("bench: redis-server is not installed; run `make system-deps`.")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.RedisError:
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit("bench: redis-server did not start")
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class NationalSimulator:
    """``python -m crawler.simulator.national`` in a child process, with its control address."""

    def __init__(self, workdir: Path, portals: int, articles: int) -> None:
        self.registry = workdir / "national.toml"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crawler.simulator.national",
                "--portals",
                str(portals),
                "--articles",
                str(articles),
                "--registry",
                str(self.registry),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("ready "):
            sys.exit(f"bench: the national simulator did not start ({line!r})")
        self.port = int(line.split()[1])

    def control(self, path: str, **args: Any) -> Any:
        import httpx

        return httpx.post(f"http://{CONTROL}:{self.port}{path}", json=args, timeout=600).json()

    def stats(self) -> dict[str, Any]:
        return dict(self.control("/stats"))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


@dataclass
class Pass:
    """One cluster pass: portals queued, workers run until the cluster drains."""

    workers: int
    wall: float
    cpu: float  # the workers' CPU seconds (user + system)
    sim_cpu: float
    requests: int
    articles: int  # stored by this pass
    runs: int
    statuses: dict[str, int]
    beside: float = float("nan")  # the workers' CPU seconds outside their reactor threads (threads, children)

    @property
    def beside_share(self) -> float:
        """The share of the workers' CPU spent beside their reactor threads: what one worker uses beyond a core."""
        return self.beside / self.cpu if self.cpu else float("nan")

    @property
    def beside_text(self) -> str:
        return "n/a" if math.isnan(self.beside_share) else f"{self.beside_share:.0%}"

    @property
    def rate(self) -> float:
        return self.articles / self.wall if self.wall else 0.0

    @property
    def cpu_per_article(self) -> float:
        return self.cpu / self.articles if self.articles else float("nan")


def wait_child(proc: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Wait for a child; its exit code and its own CPU seconds (``wait4``'s resource usage)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_utime + usage.ru_stime


_SPLIT = re.compile(r"CPU ([\d.]+) s in the reactor thread, ([\d.]+) s in other threads, ([\d.]+) s in child")


def beside_reactor(log: Path) -> float:
    """CPU seconds a worker spent outside its reactor thread, from its last log line (``worker.cpu_split``)."""
    found = _SPLIT.findall(log.read_text(errors="replace")) if log.exists() else []
    return float(found[-1][1]) + float(found[-1][2]) if found else float("nan")


def cluster_pass(
    redis_url: str,
    registry: Path,
    db: Path,
    sim: NationalSimulator,
    workers: int,
    slugs: list[str] | None = None,
    max_runs: int = 16,
    logdir: Path | None = None,
) -> Pass:
    """Queue the portals (all of the registry's, or ``slugs``), run ``workers`` workers until the cluster drains."""
    from crawler.cluster.connection import connect
    from crawler.cluster.runs import RunQueue
    from crawler.registry import load_registry

    queue = RunQueue(connect(redis_url))
    queue.enqueue(slugs or list(load_registry(registry)))
    store = open_store(db)
    before = store.counts()
    last_run = max((r.id or 0 for r in store.runs(None, 1)), default=0)
    store.close()
    sim_before = sim.stats()["cpu"]
    started = time.monotonic()
    logdir = logdir or db.parent
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crawler",
                "worker",
                "--redis",
                redis_url,
                "--registry",
                str(registry),
                "--db",
                str(db),
                "--drain",
                "--max-runs",
                str(max_runs),
            ],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=(logdir / f"worker{i}.log").open("wb"),
        )
        for i in range(workers)
    ]
    cpu = beside = 0.0
    for i, proc in enumerate(procs):
        code, used = wait_child(proc)
        cpu += used
        if code != 0:
            sys.exit(f"bench: worker {i} exited {code}; see {logdir / f'worker{i}.log'}")
        beside += beside_reactor(logdir / f"worker{i}.log")
    wall = time.monotonic() - started
    sim_cpu = sim.stats()["cpu"] - sim_before
    store = open_store(db)
    after = store.counts()
    runs = [r for r in store.runs(None, 1_000_000) if (r.id or 0) > last_run]
    store.close()
    statuses: dict[str, int] = {}
    for r in runs:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    return Pass(
        workers,
        wall,
        cpu,
        sim_cpu,
        sum(r.requests for r in runs),
        after["articles"] - before["articles"],
        len(runs),
        statuses,
        beside,
    )


def startup_cpu(redis_url: str, registry: Path, db: Path) -> float:
    """CPU seconds a worker spends starting and stopping with nothing to do (imports, registry, Redis): a cost per
    process, not per article, shown apart so that a short benchmark does not charge it to its articles."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler",
            "worker",
            "--redis",
            redis_url,
            "--registry",
            str(registry),
            "--db",
            str(db),
            "--drain",
        ],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return wait_child(proc)[1]


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def show(label: str, p: Pass) -> None:
    print(
        f"{label:<34} {p.wall:8.1f} s {p.articles:8d} art {p.rate:8.1f} art/s {p.requests:8d} req "
        f"{p.cpu:8.1f} s cpu ({p.beside_text} beside the reactor threads) {1000 * p.cpu_per_article:7.2f} ms "
        f"cpu/art  sim cpu {p.sim_cpu:6.1f} s  runs {p.statuses}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--portals", type=int, default=3700)
    parser.add_argument("--articles", type=int, default=24, help="articles per portal (a few dozen)")
    parser.add_argument("--workers", type=int, default=2, help="workers for the backfill and the hourly pass")
    parser.add_argument("--every", type=int, default=4, help="one portal in EVERY publishes during the hour")
    parser.add_argument("--new", type=int, default=2, help="articles each of those publishes")
    parser.add_argument("--max-runs", type=int, default=32, help="portal runs at once in each worker")
    parser.add_argument("--scaling-portals", type=int, default=300, help="portals of the 1/2/4-worker backfills")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-hourly", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pw-national-") as tmp:
        work = Path(tmp)
        sim = NationalSimulator(work, args.portals, args.articles)
        try:
            print(f"national simulator: {args.portals} portals x {args.articles} articles on 127.1.x.y:{sim.port}")
            if not args.skip_hourly:
                hourly(work, sim, args)
            if not args.skip_scaling:
                scaling(work, sim, args)
            stats = sim.stats()
            print(f"simulator: {stats['requests']} requests served, {stats['cpu']:.1f} s CPU in all")
        finally:
            sim.stop()
    return 0


def hourly(work: Path, sim: NationalSimulator, args: argparse.Namespace) -> None:
    db = work / "hourly.sqlite3"
    with redis_server(work) as url:
        backfill = cluster_pass(url, sim.registry, db, sim, args.workers, max_runs=args.max_runs)
        show(f"backfill, {args.workers} workers", backfill)
        size_before = store_bytes(db)
        published = sim.control("/publish", every=args.every, count=args.new, seed=1)
        expected = sum(len(ids) for ids in published.values())
        hour = cluster_pass(url, sim.registry, db, sim, args.workers, max_runs=args.max_runs)
        show(f"hourly pass, {args.workers} workers", hour)
    store = open_store(db)
    try:
        found = {slug: 0 for slug in published}
        for row in store.articles():
            if row["portal"] in found and any(str(i) in row["url"] for i in published[row["portal"]]):
                found[row["portal"]] += 1
    finally:
        store.close()
    missing = {s: len(published[s]) - n for s, n in found.items() if n < len(published[s])}
    lost = "nothing lost" if hour.articles == expected and not missing else f"LOST {missing}"
    growth = store_bytes(db) - size_before
    verdict = "meets" if hour.wall <= 600 else "MISSES"
    print(
        f"hourly pass: {len(published)} portals published {expected} articles; stored {hour.articles} ({lost}); "
        f"{hour.wall:.0f} s wall ({verdict} the 10-minute target), {hour.requests} requests "
        f"({hour.requests / max(hour.runs, 1):.1f} per run), crawler CPU {hour.cpu:.0f} s, simulator CPU "
        f"{hour.sim_cpu:.0f} s, store +{growth / 1e6:.1f} MB"
    )


def scaling(work: Path, sim: NationalSimulator, args: argparse.Namespace) -> None:
    from crawler.registry import load_registry

    slugs = list(load_registry(sim.registry))[: args.scaling_portals]
    passes = {}
    for n in (1, 2, 4):
        run_dir = work / f"scale{n}"
        run_dir.mkdir()
        with redis_server(run_dir) as url:
            passes[n] = cluster_pass(
                url, sim.registry, run_dir / "pw.sqlite3", sim, n, slugs, max_runs=args.max_runs, logdir=run_dir
            )
        show(f"backfill {len(slugs)} portals, {n} worker(s)", passes[n])
    speedup = passes[2].rate / passes[1].rate
    spread = max(p.cpu_per_article for p in passes.values()) / min(p.cpu_per_article for p in passes.values()) - 1
    print(
        f"scaling: 2 workers = {speedup:.2f}x one worker's articles/s (target >= 1.7); 4 workers = "
        f"{passes[4].rate / passes[1].rate:.2f}x; crawler CPU per article varies {100 * spread:.0f} % from 1 to 4 "
        f"workers (target <= 15 %); simulator CPU {max(p.sim_cpu / p.wall for p in passes.values()):.0%} of a core "
        f"at most"
    )
    print(
        json.dumps(
            {
                n: {"articles_per_s": round(p.rate, 1), "cpu_ms_per_article": round(1000 * p.cpu_per_article, 2)}
                for n, p in passes.items()
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
