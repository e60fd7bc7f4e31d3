"""Cluster mode (crawler/cluster): runs claimed under leases in a real Redis, workers crawling simulator portals,
a worker SIGKILLed mid-run whose portal the others finish, and per-host politeness held across workers."""

from __future__ import annotations

import itertools
import json
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from conftest import cli_env
from support import ROOT, wait_for

from crawler.cluster.connection import Keys
from crawler.cluster.runs import RunQueue
from crawler.registry import load_registry
from crawler.simulator.server import start
from crawler.simulator.site import SiteSpec
from crawler.simulator.sites import SPECS

# The six CMSes of the simulator, each portal a bigger copy of a packaged one (WordPress without its REST API,
# so that every article is a page to fetch): 6 x 1,000 = 6,000 articles.
BIG = ("sim-tuyenhoa", "sim-tanhong", "sim-tuyphong", "sim-chiemhoa", "sim-tranvanthoi", "sim-longho")
BIG_COUNT = 1000


pytestmark = pytest.mark.integration  # every test here talks to a redis-server process


def queue(url: str) -> RunQueue:
    return RunQueue(redis.Redis.from_url(url))


def test_runs_are_claimed_once_and_a_dead_workers_run_passes_on(redis_url):
    runs = queue(redis_url)
    assert runs.enqueue(["a", "b", "c"]) == 3
    assert runs.enqueue(["a"]) == 0, "a portal already queued must not be queued twice"
    first = runs.claim("w1", ttl=60, limit=2)
    second = runs.claim("w2", ttl=0.3, limit=2)
    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)
    assert runs.status().running == {**dict.fromkeys(first, "w1"), second[0]: "w2"}
    assert not runs.release("w1", second[0]), "only the lease holder may release a run"
    # w2 stops renewing: once its lease ends, the next claim by anyone puts its run back and takes it.
    taken: list[str] = []
    wait_for(lambda: taken.extend(runs.claim("w1", ttl=60, limit=1)) or taken, timeout=10, what="the lease to end")
    assert taken == second and runs.owner(second[0]) == "w1"
    assert runs.renew("w2", second, ttl=60) == second, "w2 must learn that it lost the run"
    for slug in [*first, *taken]:
        assert runs.release("w1", slug)
    assert runs.status().idle


def test_requests_in_flight_survive_their_worker(redis_url):
    """A popped request stays in the in-flight hash until acknowledged; the next owner queues it again."""
    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from crawler.cluster.scheduler import TICKET, TicketQueue

    crawler = get_crawler(Spider, {"PORTALWATCH_CLUSTER_PREFIX": "t"})
    spider = Spider.from_crawler(crawler, name="sim-x")
    server = redis.Redis.from_url(redis_url)
    q = TicketQueue(server, spider, Keys("t").requests)
    for i in range(3):
        q.push(Request(f"http://127.0.0.1/{i}", priority=i))
    first, second = q.pop(), q.pop()
    assert [first.url, second.url] == ["http://127.0.0.1/2", "http://127.0.0.1/1"], "best priority first"
    assert len(q) == 1 and q.in_flight() == 2
    q.ack(first.meta[TICKET])
    retried = second.replace(dont_filter=True)  # a retry carries its ticket back into the queue
    q.push(retried)
    assert q.in_flight() == 0 and len(q) == 2
    third = q.pop()
    assert third.url == "http://127.0.0.1/1" and q.in_flight() == 1
    # The worker dies here: the next owner puts what it had in flight back, at its priority.
    assert q.requeue_in_flight() == 1
    assert q.in_flight() == 0 and [q.pop().url, q.pop().url] == ["http://127.0.0.1/1", "http://127.0.0.1/0"]
    assert q.pop() is None


def test_a_lapsed_owners_pages_in_flight_are_read_before_the_run_ends(redis_url):
    """A worker that lost its lease while reading a page leaves it in flight after the new owner's start: the new
    owner does not end the run on an empty queue while that page's links may still be coming; it reads it again."""
    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from crawler.cluster.scheduler import TICKET, ClusterScheduler

    server = redis.Redis.from_url(redis_url)
    runs = RunQueue(server, Keys("lap"))
    runs.enqueue(["sim-lap"])
    assert runs.claim("new", ttl=60, limit=1) == ["sim-lap"]

    def scheduler(worker: str) -> ClusterScheduler:
        crawler = get_crawler(Spider, {"PORTALWATCH_CLUSTER_PREFIX": "lap", "PORTALWATCH_CLUSTER_WORKER": worker})
        spider = Spider.from_crawler(crawler, name="sim-lap")
        keys = Keys("lap")
        found = ClusterScheduler(
            server,
            worker=worker,
            keys=keys,
            queue_key=keys.requests,
            queue_cls="crawler.cluster.scheduler.TicketQueue",
            dupefilter_key=keys.dupefilter,
            dupefilter_cls="scrapy_redis.dupefilter.RFPDupeFilter",
        )
        found.stats = crawler.stats
        found.open(spider)
        return found

    new = scheduler("new")
    new.queue.push(Request("http://127.0.0.1/listing/2"))
    old = scheduler("old")  # still reading: it pops a page after the new owner started
    assert not old.holds_lease and new.holds_lease
    page = old.next_request()
    assert page is not None and new.queue.in_flight() == 1 and len(new) == 0
    assert new.has_pending_requests(), "the run must not end while another worker's page is in flight"
    again = new.next_request()
    assert again is not None and again.url == page.url and again.meta[TICKET] != page.meta[TICKET]
    assert not new.has_pending_requests(), "its own pages in flight do not keep the run open"
    assert not old.has_pending_requests(), "only the lease holder reads the queue"
    new.queue.clear()


def big_registry(sim_urls: dict[str, str], path: Path) -> Path:
    packaged = load_registry()
    tables = []
    for slug, url in sim_urls.items():
        p = packaged[slug.replace("-big", "")]
        tables.append(
            f'[portals.{slug}]\nname = "{p.name}"\nprovince = "{p.province}"\nbase_url = "{url}"\ncms = "{p.cms}"\n'
            f"start_paths = {json.dumps(list(p.start_paths))}\nsimulated = true\n"
        )
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


def big_specs() -> list[SiteSpec]:
    return [
        replace(
            SPECS[slug],
            slug=f"{slug}-big",
            count=BIG_COUNT,
            first_id=SPECS[slug].first_id + 3_000_000,
            seeds=(),
            faults=frozenset({"rest_disabled"}) if slug == "sim-tuyenhoa" else frozenset(),
        )
        for slug in BIG
    ]


def worker(url: str, registry: Path, db: Path, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler",
            "worker",
            "--redis",
            url,
            "--registry",
            str(registry),
            "--db",
            str(db),
            "--drain",
            *extra,
        ],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )


def stored(db: Path, portal: str) -> int:
    """Articles of ``portal`` in the store (0 while the workers have not made its tables yet)."""
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute("SELECT count(*) FROM articles WHERE portal = ?", (portal,)).fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_four_workers_crawl_six_portals_and_a_killed_workers_portal_is_finished(redis_url, tmp_path, run_cli):
    db, specs = tmp_path / "pw.sqlite3", big_specs()
    with start(0, specs) as sim:
        registry = big_registry(sim.urls, tmp_path / "portals.toml")
        queued = run_cli("crawl", "--all", "--cluster", redis_url, "--registry", str(registry), "--db", str(db))
        assert queued.returncode == 0, queued.stderr
        assert queued.stdout.startswith("queued 6 runs"), queued.stdout
        logs = [tmp_path / f"worker{i}.log" for i in range(4)]
        workers = [worker(redis_url, registry, db, log, "--max-runs", "2", "--lease", "15") for log in logs]
        try:
            runs = queue(redis_url)
            by_pid = {proc.pid: (proc, log) for proc, log in zip(workers, logs, strict=True)}
            target: list[str] = []

            def one_mid_run() -> bool:
                for slug, owner in runs.status().running.items():
                    if 150 <= stored(db, slug) <= BIG_COUNT - 300:
                        target[:] = [slug, owner]
                        return True
                return False

            wait_for(one_mid_run, timeout=300, what="a worker in the middle of a run")
            victim, _ = by_pid.pop(int(target[1].split(":")[1]))
            assert victim.poll() is None
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            killed_at = stored(db, target[0])
            for proc, log in by_pid.values():
                try:
                    assert proc.wait(timeout=600) == 0, log.read_text()[-3000:]
                except subprocess.TimeoutExpired:
                    pytest.fail(f"a worker did not exit after the cluster drained: {log.read_text()[-3000:]}")
        finally:
            for proc in workers:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
    assert killed_at < BIG_COUNT
    with sqlite3.connect(db) as conn:
        per_portal = dict(conn.execute("SELECT portal, count(*) FROM articles GROUP BY portal").fetchall())
        assert per_portal == {s.slug: BIG_COUNT for s in specs}, "every article of every portal, each stored once"
        assert conn.execute("SELECT count(DISTINCT url) FROM articles").fetchone()[0] == 6 * BIG_COUNT
        held = conn.execute("SELECT count(*) FROM meetings WHERE status = 'held'").fetchone()[0]
        alerts = conn.execute("SELECT count(*), count(DISTINCT dedupe) FROM alerts WHERE kind = 'meeting'").fetchone()
        assert held > 100 and alerts == (held, held), "one meeting alert per held meeting, none twice"
        news = conn.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM alerts WHERE kind = 'new_article'"
        ).fetchone()
        assert news == (6 * BIG_COUNT, 6 * BIG_COUNT), "one new_article alert per article, none twice"
        rows = conn.execute("SELECT portal, status, finish_reason, pid FROM runs ORDER BY id").fetchall()
    assert not [r for r in rows if r[1] == "running"], f"every run row is closed: {rows}"
    finals = {portal: (status, reason, pid) for portal, status, reason, pid in rows}
    assert all(status == "ok" and reason == "finished" for status, reason, _ in finals.values()), rows
    killed = [r for r in rows if r[0] == target[0]]
    assert killed[0][1:3] == ("interrupted", "killed") and killed[0][3] == victim.pid, killed
    assert finals[target[0]][2] not in (victim.pid, None), "another worker finished the killed worker's portal"
    client = redis.Redis.from_url(redis_url)
    assert runs.status().idle
    keys = [k.decode() for k in client.keys("*")]
    left = sorted(k for k in keys if not k.endswith(":workers") and ":host:" not in k)
    assert left == [], f"a finished run leaves no queue, dupefilter or in-flight requests in Redis: {left}"
    lasting = [k for k in keys if ":host:" in k and client.pttl(k) < 0]
    assert lasting == [], f"a host's politeness keys (tokens, next start) expire by themselves: {lasting}"


def test_schedule_queues_due_portals_for_a_worker(redis_url, tmp_path, simulator, start_cli):
    from simregistry import registry_file

    db = tmp_path / "pw.sqlite3"
    registry = registry_file(simulator, ["sim-tuyenhoa"], tmp_path / "portals.toml", "1h")
    sched = start_cli(
        "schedule",
        "--once",
        "--jitter",
        "0",
        "--tick",
        "0.2",
        "--cluster",
        redis_url,
        "--registry",
        str(registry),
        "--db",
        str(db),
    )
    # A draining worker exits as soon as the cluster is idle: it starts once the scheduler has queued the run.
    wait_for(lambda: not queue(redis_url).status().idle, timeout=120, what="the scheduler to queue the portal")
    worker_proc = start_cli(
        "worker",
        "--redis",
        redis_url,
        "--registry",
        str(registry),
        "--db",
        str(db),
        "--drain",
        "--lease",
        "5",
        stderr=subprocess.PIPE,
    )
    assert sched.wait(timeout=300) == 0
    assert worker_proc.wait(timeout=120) == 0, worker_proc.stderr.read() if worker_proc.stderr else ""
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT portal, status, new FROM runs").fetchall() == [("sim-tuyenhoa", "ok", 240)]


def national(tmp_path: Path, portals: int, articles: int) -> tuple[subprocess.Popen[str], int, Path]:
    registry = tmp_path / "national.toml"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.simulator.national",
            "--portals",
            str(portals),
            "--articles",
            str(articles),
            "--registry",
            str(registry),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("ready "), f"the national simulator did not start: {line!r}"
    return proc, int(line.split()[1]), registry


def control(port: int, path: str, **args: object) -> object:
    import httpx

    from crawler.simulator.national import CONTROL

    return httpx.post(f"http://{CONTROL}:{port}{path}", json=args, timeout=10).json()


def test_politeness_holds_across_workers(redis_url, tmp_path):
    """Two portals on one host, each run by its own worker: together they never send the host more than one
    request at once, nor two within its delay; a 429 with Retry-After stops both workers."""
    sim, port, national_registry = national(tmp_path, portals=1, articles=6)
    try:
        entry = national_registry.read_text()
        base = entry.split('base_url = "')[1].split('"')[0]
        host = base.removeprefix("http://").split(":")[0]
        registry = tmp_path / "shared-host.toml"
        registry.write_text(
            "\n".join(
                entry.replace(entry.split("]")[0] + "]", f"[portals.{slug}]") + "delay = 0.25\nconcurrency = 1\n"
                for slug in ("host-one", "host-two")
            )
        )
        control(port, "/watch", host=host, latency=0.05)
        control(port, "/throttle", host=host, times=1, retry_after=2)
        db = tmp_path / "pw.sqlite3"
        queued = subprocess.run(
            [
                sys.executable,
                "-m",
                "crawler",
                "crawl",
                "--all",
                "--cluster",
                redis_url,
                "--registry",
                str(registry),
                "--db",
                str(db),
            ],
            cwd=ROOT,
            env=cli_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert queued.returncode == 0, queued.stderr
        logs = [tmp_path / f"w{i}.log" for i in range(2)]
        workers = [worker(redis_url, registry, db, log, "--max-runs", "1") for log in logs]
        for proc, log in zip(workers, logs, strict=True):
            assert proc.wait(timeout=300) == 0, log.read_text()[-3000:]
        arrivals = sorted(control(port, "/arrivals", host=host))  # type: ignore[arg-type]
    finally:
        sim.terminate()
        sim.wait(timeout=20)
    with sqlite3.connect(db) as conn:
        pids = {r[0] for r in conn.execute("SELECT pid FROM runs")}
        assert dict(conn.execute("SELECT portal, count(*) FROM articles GROUP BY portal")) == {
            "host-one": 6,
            "host-two": 6,
        }
    assert len(pids) == 2, "each portal was run by its own worker"
    assert len(arrivals) >= 16
    overlaps = [(a, b) for a, b in itertools.pairwise(arrivals) if b[0] < a[1]]
    assert not overlaps, f"the host got two requests at once: {overlaps[:3]}"
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(arrivals)]
    assert min(gaps[1:]) >= 0.25 - 0.02, f"two requests closer than the host's delay: {sorted(gaps)[:3]}"
    assert gaps[0] >= 2 - 0.05, f"the 429's Retry-After (2 s) was not honoured by both workers: {gaps[0]:.2f} s"


def test_a_stopped_worker_puts_its_run_back_and_another_finishes_it(redis_url, tmp_path, run_cli):
    """SIGTERM: the worker stops its run gracefully (row ``interrupted``), the run and its request queue stay in
    Redis, and the next worker continues them to the end."""
    spec = replace(big_specs()[2], count=400)  # NukeViet: an article page per article
    db = tmp_path / "pw.sqlite3"
    with start(0, [spec]) as sim:
        registry = big_registry(sim.urls, tmp_path / "portals.toml")
        assert run_cli("crawl", spec.slug, "--cluster", redis_url, "--registry", str(registry)).returncode == 0
        first = worker(redis_url, registry, db, tmp_path / "first.log")
        try:
            wait_for(lambda: stored(db, spec.slug) >= 50, timeout=300, what="the first worker to store 50 articles")
            first.send_signal(signal.SIGTERM)
            assert first.wait(timeout=120) == 0, (tmp_path / "first.log").read_text()[-3000:]
        finally:
            if first.poll() is None:
                first.kill()
        runs, client = queue(redis_url), redis.Redis.from_url(redis_url)
        assert runs.status().queued == [spec.slug] and not runs.status().running
        assert client.zcard(f"portalwatch:{spec.slug}:requests") > 0, "the run's queue waits for the next worker"
        assert stored(db, spec.slug) < 400
        second = worker(redis_url, registry, db, tmp_path / "second.log")
        assert second.wait(timeout=300) == 0, (tmp_path / "second.log").read_text()[-3000:]
    assert stored(db, spec.slug) == 400
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT status, finish_reason FROM runs ORDER BY id").fetchall()
    assert rows == [("interrupted", "shutdown"), ("ok", "finished")]
