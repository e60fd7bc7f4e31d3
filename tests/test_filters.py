"""One filter, two readers: the SQL the store runs and the in-memory match agree on a store of mixed alerts.

The store is filled through its own interface with the alerts the store pipeline raises (articles with and
without meetings of every kind, on portals of three provinces, edited and removed ones), plus the alert kind no
component raises yet (``portal_health``), at times days apart. Each filter (province, district, portal, kind:
meeting kinds, alert kinds and ``new_article``, since; alone and combined) is read both ways: as the feed's alert
entries and as a subscriber's deliveries (the outbox re-filtered in SQL by a subscribers-file edit).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.enrich import process
from crawler.feed import parse_request
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem, MeetingInfo
from crawler.registry import load_registry
from crawler.store import Store, open_store
from crawler.store.base import NamedSubscriber
from crawler.store.filters import EntryFilter
from crawler.vocab import AlertKind, MeetingKind
from pipelines.store import alert_kinds

REGISTRY = load_registry()
PORTALS = {"sim-tanhong": "liferay", "sim-dongthap": "liferay", "sim-tuyenhoa": "wordpress", "sim-tuyphong": "nukeviet"}
START = datetime(2025, 6, 1, tzinfo=UTC)
FILTERS: list[dict[str, list[str]]] = [
    {},
    {"province": ["Đồng Tháp"]},
    {"district": ["Tuy Phong"]},
    {"portal": ["sim-tuyenhoa", "sim-dongthap"]},
    {"kind": ["meeting"]},
    {"kind": ["council_session"]},
    {"kind": ["council_session", "congress"]},
    {"kind": ["new_article"]},
    {"kind": ["new_article", "council_session"]},
    {"kind": ["meeting", "party_committee_conference"]},
    {"kind": ["article_edited"]},
    {"kind": ["article_removed", "portal_health"]},
    {"since": ["2025-06-05"]},
    {"province": ["Đồng Tháp"], "kind": ["council_session", "article_edited"], "since": ["2025-06-03"]},
    {"district": ["Tân Hồng", "Tuyên Hóa"], "kind": ["new_article", "portal_health"]},
]


def article(portal: str, n: int, kind: MeetingKind | None, body: str = "Đoạn {n}.") -> ArticleItem:
    item = process(
        ArticleItem(
            portal=portal,
            url=f"http://127.0.0.1:9/{portal}/bai-{n}",
            cms=PORTALS[portal],
            title=f"Bài {n} của {portal}",
            lead=f"Tin số {n} về {kind or 'hoạt động'} tại {portal}, một câu riêng cho bài này thôi.",
            body=[body.format(n=n)],
        )
    )
    item.meeting = MeetingInfo(kind=kind.value) if kind else None  # the kind under test, not the detector's
    return item


def fill(store: Store, db: Path) -> None:
    kinds = [*MeetingKind, None]
    n = 0
    for portal in PORTALS:
        for kind in kinds:
            n += 1
            item = article(portal, n, kind)
            store.save_article(item, dedupe_key(item), alert_kinds(item))
    edited = article("sim-tanhong", 1, MeetingKind.PARTY_COMMITTEE_CONFERENCE, "Đoạn {n}, đã sửa.")
    store.save_article(edited, dedupe_key(edited), alert_kinds(edited))
    assert store.mark_removed("http://127.0.0.1:9/sim-tuyphong/bai-22", "sim-tuyphong")
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(
        "INSERT INTO alerts (kind, article_id, portal, created_at, dedupe) VALUES (?, ?, ?, '', ?)",
        ("portal_health", 8, "sim-dongthap", "portal_health:8"),
    )
    for (alert_id,) in conn.execute("SELECT id FROM alerts").fetchall():  # one alert a day
        when = (START + timedelta(days=alert_id % 9)).isoformat(timespec="seconds")
        conn.execute("UPDATE alerts SET created_at = ? WHERE id = ?", (when, alert_id))
    conn.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    db = tmp_path_factory.mktemp("filters") / "pw.sqlite3"
    opened = open_store(db)
    fill(opened, db)
    yield opened, db
    opened.close()


def in_memory(store: Store, flt: EntryFilter, *, entries: bool) -> set[int]:
    return {a["id"] for a in store.outbox.alerts_after(0, limit=10_000) if flt.matches(a, entries=entries)}


def feed_alerts(store: Store, flt: EntryFilter) -> set[int]:
    return {e["alert_id"] for e in store.feed.entries(flt, limit=1000).entries if e["alert_id"] is not None}


def delivered(store: Store, db: Path, params: dict[str, list[str]], flt: EntryFilter) -> set[int]:
    """What a subscriber gets once its subscribers-file filter changes from every alert kind to ``params``."""
    outbox = store.outbox
    kinds = {"kind": [k.value for k in AlertKind]}
    everything = NamedSubscriber("newsroom", "http://127.0.0.1:9/hook", "s", kinds, from_start=True)
    outbox.sync_named([everything], {"newsroom": EntryFilter(kinds=tuple(kinds["kind"]))})
    [sub] = outbox.subscribers()
    alerts = [a["id"] for a in outbox.alerts_after(0, limit=10_000)]
    outbox.enqueue(sub.id, alerts, max(alerts))
    outbox.sync_named([NamedSubscriber("newsroom", everything.url, "s", params)], {"newsroom": flt})
    with sqlite3.connect(db) as conn:
        pending = {r[0] for r in conn.execute("SELECT alert_id FROM webhook_outbox WHERE state = 'pending'")}
    outbox.sync_named([], {})  # removed with its outbox, for the next filter
    return pending


def test_the_store_holds_every_kind_of_alert(store: tuple[Store, Path]) -> None:
    alerts = store[0].outbox.alerts_after(0, limit=10_000)
    kinds = {(a["kind"], a["meeting_kind"]) for a in alerts}
    assert {k for k, _ in kinds} == {"meeting", "article_edited", "article_removed", "portal_health", "new_article"}
    assert {m for k, m in kinds if k == "meeting"} == {k.value for k in MeetingKind}
    # Every article a new_article alert, each meeting report a meeting alert; an edit, a removal, a health alert.
    assert len(alerts) == 4 * (len(MeetingKind) + 1) + 4 * len(MeetingKind) + 3
    assert sum(a["kind"] == "new_article" for a in alerts) == 4 * (len(MeetingKind) + 1)
    assert len({a["created_at"] for a in alerts}) == 9


@pytest.mark.parametrize("params", FILTERS, ids=[str(p) or "all" for p in FILTERS])
def test_sql_and_in_memory_filters_agree(store: tuple[Store, Path], params: dict[str, list[str]]) -> None:
    opened, db = store
    flt = parse_request(params, REGISTRY).filter
    shown = in_memory(opened, flt, entries=True)
    assert feed_alerts(opened, flt) == shown, "the feed's SQL and EntryFilter.matches(entries=True) disagree"
    sent = in_memory(opened, flt, entries=False)
    assert delivered(opened, db, params, flt) == sent, "the outbox's SQL and EntryFilter.matches disagree"
    assert shown <= sent, "a subscriber gets every alert the feed shows as an alert entry"


def expected(store: Store, test: Callable[[dict[str, Any]], bool]) -> set[int]:
    return {a["id"] for a in store.outbox.alerts_after(0, limit=10_000) if test(a)}


def test_what_each_dimension_selects(store: tuple[Store, Path]) -> None:
    opened, _ = store

    def sent(params: dict[str, list[str]]) -> set[int]:
        return in_memory(opened, parse_request(params, REGISTRY).filter, entries=False)

    # Without a kind a subscriber gets every alert but new_article: meetings, the edit, the health alert.
    dong_thap = expected(
        opened, lambda a: a["portal"] in ("sim-tanhong", "sim-dongthap") and a["kind"] != "new_article"
    )
    assert sent({"province": ["dong thap"]}) == dong_thap and len(dong_thap) == 2 * len(MeetingKind) + 2
    council = expected(opened, lambda a: a["kind"] == "meeting" and a["meeting_kind"] == "council_session")
    assert sent({"kind": ["council_session"]}) == council and len(council) == 4
    # A subscriber asking for new articles gets one alert per new article, meeting reports included; the feed shows
    # them as article entries, never as alert entries.
    news = expected(opened, lambda a: a["kind"] == "new_article")
    assert sent({"kind": ["new_article"]}) == news and len(news) == 4 * (len(MeetingKind) + 1)
    assert {a["meeting_kind"] for a in opened.outbox.alerts_after(0, limit=10_000) if a["id"] in news} >= {
        "council_session",
        None,
    }
    articles = opened.feed.entries(parse_request({"kind": ["new_article"]}, REGISTRY).filter, limit=1000).entries
    assert len(articles) == len(news) and {e["kind"] for e in articles} == {"new_article"}
    assert in_memory(opened, parse_request({"kind": ["new_article"]}, REGISTRY).filter, entries=True) == set()
    late = expected(opened, lambda a: a["created_at"] >= "2025-06-05" and a["kind"] != "new_article")
    assert sent({"since": ["2025-06-05T07:00:00+07:00"]}) == late and 0 < len(late) < len(sent({}))
