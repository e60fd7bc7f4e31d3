"""What only the PostgreSQL store has to prove: the same migrations and schema as SQLite, many writers and deliverers
at once, moving an archive across (``db copy``), and a crawl that stores what a crawl into SQLite stores.

The behaviour both stores share is tested against both in the store tests (``store`` fixture); these tests run a
private server (tests/pgserver.py), so they are ``integration`` tests. That both stores know the same migrations is
checked without a server, in tests/test_store.py.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import subprocess
import threading
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pgserver import PgServer
from support import ALERT_PORTALS, Receivers, RunCli, StartCli, dedupe_item, wait_for
from support import DEDUPE_CASES as CASES
from support import copy_store as copy_sqlite

from crawler.clusters import article_text, is_copy, period, similarity, sketch
from crawler.dates import TZ
from crawler.enrich import normalize
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem
from crawler.simulator.server import Simulator
from crawler.store import SaveResult, Store, StoreError, open_store
from crawler.store.filters import EntryFilter
from crawler.store.migrations import MIGRATIONS
from crawler.store.postgres import migrations as pg_migrations
from crawler.store.postgres.connection import PgConnection
from crawler.store.rows import to_db

pytestmark = pytest.mark.integration


def sqlite_schema(store: Any) -> tuple[dict[str, set[str]], set[str]]:
    conn = store.conn
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
    columns = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in tables}
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")}
    return columns, indexes


def postgres_schema(store: Any) -> tuple[dict[str, set[str]], set[str]]:
    conn = store.conn
    columns: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
    ):
        columns.setdefault(table, set()).add(column)
    indexes = {
        r[0]
        for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        if not r[0].endswith(("_pkey", "_key"))  # constraints' own indexes, which SQLite names sqlite_autoindex_*
    }
    return columns, indexes


def test_the_twins_build_the_same_schema(tmp_path: Path, pg_server: PgServer) -> None:
    """Every table, column and named index of SQLite's schema, after all migrations, exists in PostgreSQL's."""
    sqlite, postgres = open_store(tmp_path / "pw.sqlite3"), open_store(pg_server.new_database())
    try:
        (lite_columns, lite_indexes), (pg_columns, pg_indexes) = sqlite_schema(sqlite), postgres_schema(postgres)
    finally:
        sqlite.close()
        postgres.close()
    # Search is each store's own structure under one rule (crawler/store/search.py): SQLite's FTS5 table (and the
    # shadow tables FTS5 keeps), PostgreSQL's folded column under a trigram index.
    fts = {t for t in lite_columns if t.startswith("article_search")}
    assert "article_search" in fts and "search" in pg_columns["articles"]
    assert {t: c for t, c in pg_columns.items()} == {
        **{t: c for t, c in lite_columns.items() if t not in fts},
        "articles": lite_columns["articles"] | {"search"},
    }
    assert pg_indexes == lite_indexes | {"articles_search"}


def test_a_migration_without_its_twin_stops_the_store_with_its_name(
    pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_migrations, "SQLITE_MIGRATIONS", [*MIGRATIONS, ("0099_new_table", "CREATE TABLE x (y)")])
    with pytest.raises(StoreError, match=r"migration 0099_new_table has no PostgreSQL body; add its twin"):
        open_store(pg_server.new_database())


def test_an_index_built_before_the_periods_is_rebuilt_by_the_twins(
    pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0012 and 0014's PostgreSQL bodies rebuild a store's bucket rows with periods and opening keys (as SQLite's do,
    tests/test_store.py): a copy crawled after the upgrade joins the story stored before it."""
    url = pg_server.new_database()
    names = [name for name, _ in MIGRATIONS]
    conn = PgConnection.open(url)
    monkeypatch.setattr(pg_migrations, "SQLITE_MIGRATIONS", MIGRATIONS[: names.index("0012_dedupe_lsh_periods")])
    pg_migrations.migrate(conn)
    monkeypatch.undo()
    case = next(c for c in CASES if c["story"] == "hdnd8" and c["variation"] == "original")
    original = dedupe_item(case, 1)
    sk = sketch("\n\n".join(case["paragraphs"]))
    assert sk is not None and sk.opening is not None
    published = to_db(original.published)
    conn.execute(
        "INSERT INTO articles (dedupe_key, portal, cms, url, title, published, lead, body, content_hash, cluster_id,"
        " first_seen, last_seen) VALUES (?, ?, 'generic', ?, ?, ?, ?, ?, ?, 1, now(), now())",
        (
            dedupe_key(original),
            original.portal,
            original.url,
            original.title,
            published,
            original.lead,
            json.dumps(original.body),
            original.content_hash,
        ),
    )
    conn.execute("INSERT INTO signatures VALUES (1, ?)", (sk.signature,))
    conn.executemany("INSERT INTO lsh_buckets (bucket, article_id) VALUES (?, 1)", [(b,) for b in sk.buckets])
    conn.close()

    store = open_store(url)
    rows = {tuple(r) for r in store.conn.execute("SELECT period, bucket, article_id FROM lsh_buckets")}  # type: ignore[attr-defined]
    assert rows == {(period(published), b, 1) for b in (*sk.buckets, sk.opening)}
    copy = dedupe_item({**case, "portal": "province"}, 2, published=original.published + timedelta(days=1))  # type: ignore[operator]
    store.save_article(copy, dedupe_key(copy), [])
    assert [c["portal"] for c in store.cluster(1)] == [original.portal, "province"]
    store.close()


# Many writers ---------------------------------------------------------------------------------------------------


def mutual_copies() -> list[tuple[ArticleItem, str]]:
    """Of each story of the dedupe set, the copies that are copies of one another (``is_copy`` pairwise): one
    cluster whatever order they come in. (Clustering is one pass: a trimmed copy stored before its original can
    start a story of its own, which is the rule's, not the store's; the writers below race in any order.)"""
    chosen: list[tuple[ArticleItem, str, Any]] = []
    for n, case in sorted(enumerate(CASES), key=lambda c: c[1]["variation"] != "original"):
        art = dedupe_item(case, n)
        sk = sketch(article_text(art))
        story = [(other, osk) for other, name, osk in chosen if name == case["story"]]
        if sk is not None and all(
            is_copy(similarity(sk.signature, osk.signature), art.lead, other.lead, art.published, other.published)
            for other, osk in story
        ):
            chosen.append((art, case["story"], sk))
    return [(art, story) for art, story, _ in chosen]


def writer_items() -> list[tuple[ArticleItem, str]]:
    """Copies of a dozen stories on several portals (``mutual_copies``), and 160 articles of one portal that copy
    nothing; each with its true story."""
    items = mutual_copies()
    start = datetime(2025, 3, 1, 8, 0, tzinfo=TZ)
    for n in range(160):
        words = " ".join(f"từ{(n * 7 + k) % 1000}" for k in range(40))
        art = ArticleItem(
            portal="sim-own",
            url=f"https://own.gov.vn/bai/{n}",
            cms="generic",
            title=f"Bài riêng số {n}",
            lead=f"Bài riêng số {n} của cổng sim-own: {words}.",
            body=[f"Đoạn {n}."],
            published=start + timedelta(hours=n),
        )
        items.append((normalize(art), f"own-{n}"))
    return items


def write_all(location: str, seed: int, barrier: Any, results: Any) -> None:
    """One writer process: every item, in its own order, in batches of 8, as soon as all writers are ready."""
    items = [item for item, _ in writer_items()]
    random.Random(seed).shuffle(items)
    store = open_store(location)
    barrier.wait(timeout=120)
    done: Counter[str] = Counter()
    for i in range(0, len(items), 8):
        batch = [(a, dedupe_key(a), ["meeting"]) for a in items[i : i + 8]]
        done.update(str(r) for r in store.save_articles(batch))
    store.close()
    results.put(dict(done))


def test_writers_saving_the_same_stories_at_once_store_each_article_and_alert_once(pg_server: PgServer) -> None:
    """Four processes save the same 187 articles at once, each in another order, every one raising a meeting alert:
    each article is new exactly once, one cluster per true story (copies included), one alert per story."""
    location, writers = pg_server.new_database(), 4
    open_store(location).close()  # migrated before the race
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(writers), spawn.Queue()
    procs = [spawn.Process(target=write_all, args=(location, seed, barrier, results)) for seed in range(writers)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    items = writer_items()
    assert sum(o.get("new", 0) for o in outcomes) == len(items), outcomes
    assert sum(sum(o.values()) for o in outcomes) == writers * len(items)
    assert all(o.get("updated", 0) == 0 for o in outcomes), "an unchanged article was revised"

    store = open_store(location)
    stored = {r["url"]: r for r in store.articles()}
    assert len(stored) == len(items)
    clusters: dict[int, set[str]] = {}
    for art, story in items:
        clusters.setdefault(stored[art.url]["cluster_id"], set()).add(story)
    assert all(len(stories) == 1 for stories in clusters.values()), "two stories share a cluster"
    assert len(clusters) == len({story for _, story in items}), "a story was split in two clusters"
    alerts = store.alerts(limit=10_000)
    assert len(alerts) == len(clusters) == len({a["cluster_id"] for a in alerts}), "a story alerted twice"
    for alert in alerts:  # each names its story's earliest copy
        assert alert["source"]["url"] == alert["url"]
    store.close()


def test_two_deliverers_send_each_alert_once_per_subscriber_in_order(
    pg_server: PgServer, receivers: Receivers, start_cli: StartCli
) -> None:
    location = pg_server.new_database()
    store = open_store(location)
    items = [item for item, story in writer_items() if story.startswith("own-")]  # 160 articles, one alert each
    store.save_articles([(a, dedupe_key(a), ["meeting"]) for a in items])
    for path in ("/one", "/two"):
        store.outbox.add_subscriber(receivers.url(path), "o-secret", {}, from_start=True)
    expected = [a["id"] for a in store.outbox.alerts_after(0, limit=10_000)]
    assert len(expected) == len(items)
    deliverers = [
        start_cli("deliver", "--db", location, "--timeout", "5", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [d.communicate(timeout=300) for d in deliverers]
    assert [d.returncode for d in deliverers] == [0, 0], outputs
    for path in ("/one", "/two"):
        assert receivers.ids(path) == expected, f"{path}: not every alert once, in order"
    assert len(receivers.got) == 2 * len(items), "an alert was posted twice"
    sent = [int(out.split()[1].rstrip(";")) for out, _ in outputs]  # "delivered N; pending 0"
    assert sum(sent) == 2 * len(items), outputs
    counts = store.outbox.counts()
    assert all(c == {"pending": 0, "delivered": len(items)} for c in counts.values())
    store.close()


def test_copies_saved_at_once_wait_for_each_other_s_story(pg_server: PgServer) -> None:
    """Two writers each insert a copy of one story while a third holds the story lock: both wait for it (rows
    written, stories not decided), then decide one after the other, so the second sees the first's copy: one
    cluster, one alert. Without the lock both would decide at once, neither seeing the other's uncommitted row."""
    from crawler.store.postgres.store import _STORIES

    location = pg_server.new_database()
    stores = [open_store(location) for _ in range(2)]
    copies = [a for a, story in mutual_copies() if story == "bch15"][:2]
    holder = PgConnection.open(location)
    holder.execute("SELECT pg_advisory_lock(?)", (_STORIES,))
    threads = [
        threading.Thread(target=s.save_article, args=(a, dedupe_key(a), ["meeting"]))
        for s, a in zip(stores, copies, strict=True)
    ]
    for t in threads:
        t.start()

    def waiting() -> int:
        return int(
            holder.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'"
                " AND datname = current_database()"
            ).fetchone()[0]
        )

    wait_for(lambda: waiting() == 2, timeout=60, what="both writers to wait for the story lock")
    holder.execute("SELECT pg_advisory_unlock(?)", (_STORIES,))
    for t in threads:
        t.join(timeout=60)
    holder.close()
    [alert] = stores[0].alerts()
    assert {c["url"] for c in alert["copies"]} == {a.url for a in copies}
    for s in stores:
        s.close()


# Moving an archive ------------------------------------------------------------------------------------------------


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a user reads back from a store, through its interface (and the cluster index's rows)."""
    conn = store.conn  # type: ignore[attr-defined]
    articles = list(store.articles())
    urls = [a["url"] for a in articles]
    return {
        "articles": articles,
        "revisions": {a["id"]: store.revisions(a["id"]) for a in articles},
        "alerts": store.alerts(limit=100_000),
        "runs": store.runs(limit=100_000),
        "feed": store.feed.entries(EntryFilter(), limit=500).entries,
        "subscribers": store.outbox.subscribers(),
        "outbox": store.outbox.counts(),
        "heads": store.outbox.heads(),
        "state": {p: store.portal_state(p) for p in ALERT_PORTALS},
        "validators": store.validators(urls),
        "buckets": {tuple(r) for r in conn.execute("SELECT period, bucket, article_id FROM lsh_buckets")},
        "signatures": {tuple(r) for r in conn.execute("SELECT article_id, minhash, opening FROM signatures")},
    }


def with_deliveries(source: Path, db: Path) -> str:
    """A copy of the alert store with two subscribers, one alert delivered to each and one failed attempt."""
    copy_sqlite(source, db)
    store = open_store(db)
    for path in ("/a", "/b"):
        store.outbox.add_subscriber(f"http://127.0.0.1:9{path}", "s", {"portal": ["sim-tanhong"]}, from_start=True)
    for sub in store.outbox.subscribers():
        alerts = [a["id"] for a in store.outbox.alerts_after(0, limit=100_000) if a["portal"] == "sim-tanhong"]
        store.outbox.enqueue(sub.id, alerts, max(alerts))
    first, second = store.outbox.heads()
    assert store.outbox.claim(first, 10.0, 20.0)
    store.outbox.delivered(first)
    assert store.outbox.claim(second, 10.0, 20.0)
    store.outbox.failed(second, "HTTP 503", 30.0)
    store.close()
    return str(db)


def test_db_copy_moves_every_row_there_and_back(
    alert_store: Path, tmp_path: Path, pg_server: PgServer, run_cli: RunCli
) -> None:
    source = with_deliveries(alert_store, tmp_path / "source.sqlite3")
    target = pg_server.new_database()
    copied = run_cli("db", "copy", "--from", f"sqlite:///{source}", "--to", target)
    assert copied.returncode == 0, copied.stderr[-2000:]
    assert copied.stdout.splitlines()[-1].startswith(f"sqlite:///{source} -> {target}: ")
    lite, pg = open_store(source), open_store(target)
    before = snapshot(lite)
    assert len(before["articles"]) > 100 and before["revisions"] and before["runs"] and before["buckets"]
    assert snapshot(pg) == before

    # The copy's ids continue where the archive's stop; copying again changes nothing.
    item = dedupe_item(CASES[0], 999)
    assert pg.save_article(item, dedupe_key(item), ["meeting"]) is SaveResult.NEW
    assert max(a["id"] for a in pg.articles()) == max(a["id"] for a in before["articles"]) + 1
    again = run_cli("db", "copy", "--from", source, "--to", target)
    assert again.returncode == 2 and again.stderr.startswith(f"portalwatch: {target} already holds "), again.stderr
    assert "Traceback" not in again.stderr and len(list(pg.articles())) == len(before["articles"]) + 1

    # And back into a new SQLite file: what came from SQLite reads the same again.
    back = tmp_path / "back.sqlite3"
    returned = run_cli("db", "copy", "--from", target, "--to", str(back))
    assert returned.returncode == 0, returned.stderr[-2000:]
    pg.close()
    lite.close()
    restored = open_store(back)
    after = snapshot(restored)
    restored.close()
    assert len(after["articles"]) == len(before["articles"]) + 1
    after["articles"] = [a for a in after["articles"] if a["url"] != item.url]
    after["alerts"] = [a for a in after["alerts"] if a.get("url") != item.url]  # document alerts have none
    after["feed"] = [e for e in after["feed"] if (e["article"] or {}).get("url") != item.url]
    after["buckets"] = {b for b in after["buckets"] if b[2] != max(a["id"] for a in before["articles"]) + 1}
    after["signatures"] = {s for s in after["signatures"] if s[0] != max(a["id"] for a in before["articles"]) + 1}
    after["revisions"] = {k: v for k, v in after["revisions"].items() if k in before["revisions"]}
    assert after == {**before, "feed": before["feed"][: len(after["feed"])]}


def meeting_kind(article: dict[str, Any]) -> str | None:
    return article["meeting"]["kind"] if article["meeting"] else None


def test_a_crawl_into_postgresql_stores_what_a_crawl_into_sqlite_stores(
    simulator: Simulator, run_cli: RunCli, tmp_path: Path, pg_server: PgServer
) -> None:
    stores = {"sqlite": str(tmp_path / "pw.sqlite3"), "postgresql": pg_server.new_database()}
    seen: dict[str, Any] = {}
    for kind, db in stores.items():
        result = run_cli("crawl", "sim-tanhong", f"--base-url=sim-tanhong={simulator.urls['sim-tanhong']}", "--db", db)
        assert result.returncode == 0, result.stderr[-2000:]
        store = open_store(db)
        seen[kind] = {
            "articles": {
                (
                    a["portal"],
                    a["url"],
                    a["title"],
                    a["published"],
                    a["content_hash"],
                    json.dumps(a["meeting"], sort_keys=True),
                )
                for a in store.articles()
            },
            "alerts": {(a["kind"], a["portal"], a["url"]) for a in store.alerts(limit=100_000)},
            "runs": [(r.status, r.new, r.alerts, r.mode) for r in store.runs()],
        }
        store.close()
    assert len(seen["sqlite"]["articles"]) > 50 and len(seen["sqlite"]["alerts"]) > 5
    assert len({a[-1] for a in seen["sqlite"]["articles"]}) > 2, "meeting reports of several kinds"
    assert seen["postgresql"] == seen["sqlite"]
