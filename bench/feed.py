"""Feed latency at scale: 1,000,000 articles and 100,000 meeting alerts in SQLite, served by ``portalwatch serve``.

Fills a fresh store by direct SQL (registry portals, first_seen spread over a year, one meeting report
in ten with a meeting alert and its meeting record), starts the server in a child process, and times sequential requests
from this process: median and p95 of ``/feed.atom?province=…`` and ``/feed.json?kind=…`` (first and
a deep page), against the named baseline ``/healthz`` (the server's own floor), plus the generation
time of the full static ICS (``portalwatch feed --format ics``). Target: p95 ≤ 50 ms.

    .venv/bin/python bench/feed.py [--articles 1000000] [--alerts 100000] [--requests 200] [--db PATH] [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.registry import load_registry  # noqa: E402
from crawler.store import open_store  # noqa: E402
from crawler.vocab import MeetingKind  # noqa: E402

KINDS = [k.value for k in MeetingKind]


def fill(db: Path, n_articles: int, n_alerts: int) -> None:
    open_store(db).close()  # schema and every migration, as the crawler makes it
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    alert_cols = {r[1] for r in conn.execute("PRAGMA table_info(alerts)")}
    portals = sorted(load_registry().values(), key=lambda p: p.slug)
    rng = random.Random(7)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    step = timedelta(days=365) / n_articles
    every = max(n_articles // n_alerts, 1)
    conn.execute("BEGIN")
    batch, alerts = [], []
    for i in range(1, n_articles + 1):
        portal = portals[rng.randrange(len(portals))]
        seen = (start + step * i).isoformat(timespec="seconds")
        meeting = None
        if i % every == 0 and len(alerts) < n_alerts:
            day = (start + step * i).date().isoformat()
            meeting = json.dumps(
                {
                    "kind": KINDS[rng.randrange(len(KINDS))],
                    "ordinal": rng.randrange(1, 40),
                    "date": day,
                    "evidence": ["Hội nghị"],
                },
                ensure_ascii=False,
            )
            alerts.append((i, portal.slug, seen))
        title = f"Bài số {i} của {portal.name}"
        batch.append(
            (
                f"k{i}",
                portal.slug,
                portal.cms.value,
                f"{portal.base_url}/a/{i}",
                title,
                seen,
                "Đoạn dẫn " * 20,
                int(meeting is not None),
                meeting,
                seen,
                seen,
            )
        )
        if len(batch) == 50_000:
            _insert(conn, batch)
            batch = []
    _insert(conn, batch)
    sql = "INSERT INTO alerts (kind, article_id, portal, created_at" + (", dedupe" if "dedupe" in alert_cols else "")
    sql += ") VALUES ('meeting', ?, ?, ?" + (", 'meeting:' || ?" if "dedupe" in alert_cols else "") + ")"
    conn.executemany(sql, [(*a, a[0]) if "dedupe" in alert_cols else a for a in alerts])
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meetings'").fetchone():
        # One meeting record per alert (its id the article's), which the calendar reads: one event each.
        conn.execute(
            "INSERT INTO meetings (id, ident, kind, ordinal, body_key, portal, status, meeting_date, seen_date,"
            " article_id, first_seen, last_seen, updated_at)"
            " SELECT a.id, 'bench:' || a.id, json_extract(a.meeting, '$.kind'), json_extract(a.meeting, '$.ordinal'),"
            " '@' || a.portal, a.portal, 'held', json_extract(a.meeting, '$.date'), substr(a.published, 1, 10), a.id,"
            " a.first_seen, a.first_seen, a.first_seen FROM alerts JOIN articles a ON a.id = alerts.article_id"
        )
        conn.execute(
            "INSERT INTO article_meetings (article_id, meeting_id, role, linked_at)"
            " SELECT id, id, 'report', first_seen FROM meetings"
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _insert(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    conn.executemany(
        "INSERT INTO articles (dedupe_key, portal, cms, url, title, published, lead, is_meeting_report, meeting,"
        " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(client: httpx.Client, url: str, n: int) -> list[float]:
    client.get(url).raise_for_status()  # warm the page cache and the connection
    out = []
    for _ in range(n):
        t = time.perf_counter()
        resp = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        resp.raise_for_status()
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--alerts", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--db", type=Path, help="reuse (or create) this store instead of a temporary one")
    ap.add_argument("--quick", action="store_true", help="2,000 articles, 200 alerts, 5 requests a route")
    args = ap.parse_args()
    if args.quick:
        args.articles, args.alerts, args.requests = 2000, 200, 5
    with tempfile.TemporaryDirectory(prefix="pw-feed-bench-") as tmp:  # about 1 GB: removed at the end
        run(args, Path(tmp))


def run(args: argparse.Namespace, tmp: Path) -> None:
    db = args.db or tmp / "bench.sqlite3"
    if not db.exists():
        t = time.perf_counter()
        fill(db, args.articles, args.alerts)
        print(f"filled {db}: {args.articles:,} articles, {args.alerts:,} alerts in {time.perf_counter() - t:.0f} s")
    province = max(
        {p.province for p in load_registry().values()},
        key=lambda name: sum(p.province == name for p in load_registry().values()),
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--port", str(port), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=30) as client:
            for _ in range(200):
                try:
                    client.get(f"{base}/healthz")
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            deep = client.get(f"{base}/feed.json", params={"kind": "council_session", "limit": 50})
            for _ in range(20):  # up to twenty pages down, following next_url
                if "next_url" not in deep.json():
                    break
                deep = client.get(deep.json()["next_url"])
            routes = {
                "/healthz (baseline)": f"{base}/healthz",
                f"/feed.atom?province={province}": str(httpx.URL(f"{base}/feed.atom", params={"province": province})),
                "/feed.json?kind=council_session": f"{base}/feed.json?kind=council_session",
                "/feed.json?kind=council_session deep page": str(deep.url),
                "/feed.atom (all)": f"{base}/feed.atom",
            }
            results = {name: timed(client, url, args.requests) for name, url in routes.items()}
    finally:
        server.terminate()
        server.wait()
    floor = statistics.median(results["/healthz (baseline)"])
    print(f"\n{'route':48} {'median ms':>10} {'p95 ms':>8} {'× baseline':>11}")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:48} {median:10.1f} {p95(values):8.1f} {median / floor:11.1f}")
    out = tmp / "meetings.ics"
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "crawler", "feed", "--format", "ics", "--out", str(out), "--db", str(db)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - t
    events = out.read_bytes().count(b"BEGIN:VEVENT")
    size = out.stat().st_size / 1e6
    print(f"\nfull static ICS: {events:,} events, {size:.1f} MB in {elapsed:.1f} s (process start included)")


if __name__ == "__main__":
    main()
