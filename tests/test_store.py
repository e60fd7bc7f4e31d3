"""The SQLite store: idempotent upsert, one alert per article, atomic writes, migrations once."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crawler.dates import TZ
from crawler.enrich import process
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem
from crawler.store import ArticleQuery, SaveResult, Store, open_store
from crawler.store.migrations import MIGRATIONS


def article(**changes: object) -> ArticleItem:
    item = ArticleItem(
        portal="sim-tanhong",
        url="http://127.0.0.1:8702/web/hth/chi-tiet-bai-viet/-/asset_publisher/x/content/id/7",
        cms="liferay",
        title="Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng",
        content_id="7",
        lead="Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng tổ chức kỳ họp lần thứ 9.",
        body=["Đoạn hai."],
        byline="BT: Kim Lệ + Ảnh: Chí Dũng",
        published=datetime(2022, 7, 11, 16, 20, tzinfo=TZ),
    )
    for k, v in changes.items():
        setattr(item, k, v)
    return process(item)


def test_insert_then_unchanged_then_updated(store: Store) -> None:
    item = article()
    assert store.save_article(item, dedupe_key(item), ["meeting"]) is SaveResult.NEW
    again = article(url=item.url + "?plidlayout=4694")
    assert store.save_article(again, dedupe_key(again), ["meeting"]) is SaveResult.UNCHANGED
    edited = article(body=["Đoạn hai đã sửa."])
    assert store.save_article(edited, dedupe_key(edited), ["meeting"]) is SaveResult.UPDATED
    assert store.counts() == {"articles": 1, "alerts": 2, "runs": 0}  # the meeting, then the edit
    [row] = store.articles(ArticleQuery(meetings_only=True))
    assert row["published"] == "2022-07-11T16:20:00+07:00"
    assert row["body"] == ["Đoạn hai đã sửa."]
    assert row["meeting"]["kind"] == "party_committee_conference"
    assert row["meeting"]["ordinal"] == 9
    assert row["meeting"]["date"] == "2022-07-11"
    assert [a["name"] for a in row["authors"]] == ["Kim Lệ", "Chí Dũng"]
    edit, alert = store.alerts()
    assert alert["kind"] == "meeting" and alert["title"] == edited.title
    assert edit["kind"] == "article_edited" and edit["revisions"] == 2


class CrashingConnection:
    """A connection that dies when the alert row is written, as a killed process would."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if "INTO alerts" in sql:
            raise sqlite3.OperationalError("disk I/O error")
        return self.conn.execute(sql, *args)


def test_failed_write_leaves_nothing_behind(store: Store) -> None:
    real = store.conn  # type: ignore[attr-defined]
    store.conn = CrashingConnection(real)  # type: ignore[attr-defined]
    item = article()
    with pytest.raises(sqlite3.OperationalError):
        store.save_article(item, dedupe_key(item), ["meeting"])
    store.conn = real  # type: ignore[attr-defined]
    assert store.counts()["articles"] == 0, "the article must not be stored without its alert"
    assert store.save_article(item, dedupe_key(item), ["meeting"]) is SaveResult.NEW
    assert store.counts()["alerts"] == 1


def test_migrations_apply_once_and_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path).close()
    store = open_store(path)
    names = [r[0] for r in store.conn.execute("SELECT name FROM schema_migrations")]  # type: ignore[attr-defined]
    assert names == [name for name, _ in MIGRATIONS]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # type: ignore[attr-defined]


@pytest.mark.parametrize("location", ["postgresql://x/y", "mysql://x"])
def test_unsupported_locations_say_what_to_use(location: str, tmp_path: Path) -> None:
    from crawler.store import StoreError

    with pytest.raises(StoreError, match="use a SQLite file path or sqlite:///path"):
        open_store(location)


def test_sqlite_url_form(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/x.sqlite3")
    assert (tmp_path / "x.sqlite3").exists()
    store.close()


def test_a_story_alert_names_its_earliest_copy_whatever_the_crawl_order(store: Store) -> None:
    copy = article(
        portal="sim-dongthap",
        url="http://127.0.0.1:8708/copy",
        content_id="c1",
        published=datetime(2022, 7, 12, 9, 0, tzinfo=TZ),
    )
    assert store.save_article(copy, dedupe_key(copy), ["meeting"]) is SaveResult.NEW
    original = article()
    assert store.save_article(original, dedupe_key(original), ["meeting"]) is SaveResult.NEW
    [alert] = store.alerts()
    assert (alert["portal"], alert["url"]) == ("sim-tanhong", original.url)
    assert [c["portal"] for c in alert["copies"]] == ["sim-tanhong", "sim-dongthap"]


def test_cluster_index_upgrade_keeps_stored_articles_findable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store written before 0012_dedupe_lsh_periods (bucket rows without a period) is rebuilt from its signatures on
    open, with the opening key 0014 adds from the stored text: nothing is lost, and a copy crawled after the upgrade
    joins the story stored before it."""
    from crawler import clusters
    from crawler.store import migrations
    from crawler.store.sqlite import to_db

    path = tmp_path / "db.sqlite3"
    names = [name for name, _ in MIGRATIONS]
    conn = sqlite3.connect(path, isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[: names.index("0012_dedupe_lsh_periods")])
    migrations.migrate(conn)
    monkeypatch.undo()
    original = article()
    sk = clusters.sketch(clusters.article_text(original))
    assert sk is not None
    conn.execute(
        "INSERT INTO articles (id, dedupe_key, portal, cms, url, title, published, lead, body, content_hash,"
        " cluster_id, first_seen, last_seen) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'x', 'x')",
        (
            dedupe_key(original),
            original.portal,
            original.cms,
            original.url,
            original.title,
            to_db(original.published),
            original.lead,
            json.dumps(original.body),
            original.content_hash,
        ),
    )
    conn.execute("INSERT INTO signatures VALUES (1, ?)", (sk.signature,))
    conn.executemany("INSERT INTO lsh_buckets (bucket, article_id) VALUES (?, 1)", [(b,) for b in sk.buckets])
    conn.close()

    store = open_store(path)
    rows = {tuple(r) for r in store.conn.execute("SELECT period, bucket, article_id FROM lsh_buckets")}  # type: ignore[attr-defined]
    assert sk.opening is not None
    assert rows == {(clusters.period(to_db(original.published)), b, 1) for b in (*sk.buckets, sk.opening)}
    copy = article(
        portal="sim-dongthap",
        url="http://127.0.0.1:8708/copy",
        content_id="c1",
        title="Tin: Kỳ họp",
        published=datetime(2022, 7, 12, 9, 0, tzinfo=TZ),
    )
    assert store.save_article(copy, dedupe_key(copy), []) is SaveResult.NEW
    assert [c["portal"] for c in store.cluster(1)] == ["sim-tanhong", "sim-dongthap"]


def test_every_lookup_of_a_save_is_an_index_seek(store: Store) -> None:
    """At a million articles one scan costs more than a thousand saves: the statements a save runs (dated and undated,
    exact hash and LSH candidates) must each search an index. Fix a SCAN by keeping the query on an index's columns."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)  # type: ignore[attr-defined]
    dated = article()
    undated = article(
        portal="sim-dongthap", url="http://127.0.0.1:8708/copy", content_id="c1", title="Tin: Kỳ họp", published=None
    )
    for item in (dated, undated):
        store.save_article(item, dedupe_key(item), ["meeting"])
    store.conn.set_trace_callback(None)  # type: ignore[attr-defined]
    reads = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert any("lsh_buckets" in s and "WITH RECURSIVE" in s for s in reads), "the undated article walks every period"
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}  # type: ignore[attr-defined]
    for sql in reads:
        plan = [r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]  # type: ignore[attr-defined]
        assert not [step for step in plan if step.startswith("SCAN") and step.split()[1] in tables], (sql, plan)


def test_a_batch_that_writes_one_key_twice_sees_its_own_first_write(store: Store) -> None:
    """save_articles reads the batch's stored rows once up front; a key written earlier in the batch is read again."""
    first, same, edited = article(), article(), article(body=["Đoạn hai đã sửa."])
    results = store.save_articles([(a, dedupe_key(a), []) for a in (first, same, edited)])
    assert results == [SaveResult.NEW, SaveResult.UNCHANGED, SaveResult.UPDATED]
    [row] = store.articles()
    assert row["body"] == ["Đoạn hai đã sửa."] and row["revisions"] == 2


def test_article_query_narrows_by_portals_kinds_publication_and_folded_words(store: Store) -> None:
    from crawler.items import MeetingInfo

    rows = [
        ("sim-tanhong", "Kỳ họp thứ 10 HĐND huyện Tân Hồng", "council_session", datetime(2025, 6, 1, 0, 30, tzinfo=TZ)),
        (
            "sim-tanhong",
            "Hội nghị Ban Chấp hành lần thứ 9",
            "party_committee_conference",
            datetime(2025, 5, 31, 23, 0, tzinfo=TZ),
        ),
        ("sim-dongthap", "KỲ HỌP CHUYÊN ĐỀ HĐND TỈNH", "council_session", date(2025, 6, 1)),
        ("sim-tuyenhoa", "Nông dân ra quân làm thủy lợi", None, date(2025, 5, 31)),
    ]
    for n, (portal, title, kind, published) in enumerate(rows):
        item = article(portal=portal, title=title, content_id=str(n), url=f"http://127.0.0.1:9/{n}", lead=f"Tin {n}.")
        item.published = published
        item.meeting = MeetingInfo(kind=kind) if kind else None
        store.save_article(item, dedupe_key(item), [])

    def titles(**query: object) -> set[str]:
        return {r["title"] for r in store.articles(ArticleQuery(**query))}  # type: ignore[arg-type]

    council, conference, provincial, farming = (r[1] for r in rows)
    assert titles(search="ky hop") == {council, provincial}  # diacritics, tone placement and case ignored
    assert titles(search="kì họp hđnd") == titles(search="KY HOP") and titles(search="  ") == titles()
    assert titles(portals=("sim-tanhong", "sim-tuyenhoa")) == {council, conference, farming}
    assert titles(portals=()) == set()
    assert titles(meeting_kinds=frozenset({"council_session"})) == {council, provincial}
    assert titles(meeting_kinds=frozenset()) == {council, provincial, conference}
    # From 1 June, local time: the 00:30 stamp and the date-only 1 June, not 31 May 23:00 nor the date 31 May.
    since = datetime(2025, 6, 1, tzinfo=TZ).astimezone(UTC).isoformat()
    assert titles(published_since=since) == {council, provincial}
    assert titles(published_since=since, search="hđnd", portals=("sim-tanhong",)) == {council}
    assert store.portals() == ["sim-dongthap", "sim-tanhong", "sim-tuyenhoa"]
