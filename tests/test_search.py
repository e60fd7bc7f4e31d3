"""The workbench's reads on a store: search over titles and leads with Vietnamese folding, kept in step with every
write (and built for a store made before it), entries by publication date, and the meetings calendar's query."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from crawler.dates import TZ
from crawler.enrich import process
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem
from crawler.store import Store, open_store
from crawler.store.filters import EntryFilter
from crawler.store.migrations import MIGRATIONS
from crawler.store.search import match_expression


def article(n: int, title: str, published: datetime | None, lead: str = "", portal: str = "sim-tanhong") -> ArticleItem:
    item = ArticleItem(
        portal=portal,
        url=f"http://127.0.0.1:8702/web/hth/-/content/id/{n}",
        cms="liferay",
        title=title,
        content_id=str(n),
        lead=lead or f"Bài số {n}.",
        body=[f"Nội dung bài số {n}, khác mọi bài khác: {n * 7919}."],
        published=published,
    )
    return process(item)


def save(store: Store, item: ArticleItem) -> None:
    store.save_article(item, dedupe_key(item), ["meeting"] if item.is_meeting_report else [])


def titles(store: Store, query: str, flt: EntryFilter | None = None) -> list[str]:
    return [e["article"]["title"] for e in store.feed.latest(flt or EntryFilter(), 50, search=query).entries]


SESSION = "Kỳ họp thứ 10 HĐND huyện Tân Hồng khóa X"
COMMITTEE = "Ủy ban Kiểm tra Huyện uỷ Tân Hồng sơ kết công tác"  # old-style "uỷ" and new-style "Ủy"
HOA = "Hội nghị bàn giải pháp hoà giải ở cơ sở tại Đồng Tháp"


@pytest.fixture
def filled(store: Store) -> Store:
    for n, (title, when) in enumerate(
        [
            (SESSION, datetime(2022, 7, 9, 8, 0, tzinfo=TZ)),
            (COMMITTEE, datetime(2023, 1, 5, 9, 0, tzinfo=TZ)),
            (HOA, datetime(2024, 3, 1, 14, 30, tzinfo=TZ)),
        ],
        1,
    ):
        save(store, article(n, title, when))
    return store


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ky hop", [SESSION]),  # no diacritics
        ("KỲ HỌP", [SESSION]),  # capitals
        ("kì họp", [SESSION]),  # the other spelling of a final i/y ("kỳ"/"kì") is the same word
        ("huyện ủy", [COMMITTEE]),  # new-style tone mark finds the old style
        ("huyen uy", [COMMITTEE]),
        ("uy ban", [COMMITTEE]),
        ("hòa giải", [HOA]),  # "hòa" finds "hoà"
        ("dong thap", [HOA]),  # "đ" without its bar
        ("ĐỒNG THÁP", [HOA]),
        ('"giải hoà"', []),  # a quoted phrase keeps its word order
        ('"hoa giai"', [HOA]),
        ("tân hồng", [COMMITTEE, SESSION]),  # newest publication first
        ("khóa X", [SESSION]),
        ("xyz", []),
    ],
)
def test_search_folds_case_diacritics_tone_placement_and_dj(filled: Store, query: str, found: list[str]) -> None:
    assert titles(filled, query) == found


def test_search_reads_leads_and_never_parses_a_readers_words_as_syntax(store: Store) -> None:
    save(store, article(1, "Tin hoạt động", datetime(2024, 1, 1, tzinfo=TZ), lead="Đại hội Đảng bộ xã Phú Lạc"))
    assert titles(store, "dai hoi phu lac") == ["Tin hoạt động"]
    for hostile in ('phu" OR "x', "phu*", "NEAR(phu lac)", "title:phu", "-phu", "AND", '"', "(", "'; DROP TABLE"):
        store.feed.latest(EntryFilter(), 5, search=hostile)  # no sqlite3.OperationalError (fts5 syntax error)
    assert titles(store, "phu -lac") == ["Tin hoạt động"]  # '-' is no operator: both words are looked for
    assert store.feed.latest(EntryFilter(), 5, search="--- ...").entries == []  # no word: nothing
    assert match_expression("x OR title:y*") == '"x" AND "OR" AND "title" AND "y"'
    assert match_expression('x "OR title:y') == '"x" AND "OR title y"'  # an open quote closes at the end


def test_search_index_follows_edits_and_removals(filled: Store) -> None:
    edited = article(1, "Kỳ họp bất thường HĐND huyện Tân Hồng", datetime(2022, 7, 9, 8, 0, tzinfo=TZ))
    edited.content_id = "1"
    filled.save_article(edited, dedupe_key(article(1, SESSION, datetime(2022, 7, 9, 8, 0, tzinfo=TZ))), [])
    assert titles(filled, "bat thuong") == ["Kỳ họp bất thường HĐND huyện Tân Hồng"]
    assert titles(filled, "khoa X") == []  # the old title's words are gone from the index
    conn = filled.conn  # type: ignore[attr-defined]  # both stores' connections autocommit each statement
    for table in ("alerts", "article_meetings", "meetings"):  # what refers to the article
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM articles WHERE title = ?", (HOA,))
    assert titles(filled, "hoa giai") == []
    if filled.dialect.name != "sqlite":  # type: ignore[attr-defined]
        return  # PostgreSQL's folded column is written by the store's save path (the rest is SQLite's triggers)
    # Another connection, without any function of the store's, writes articles and keeps the index right.
    other = sqlite3.connect(filled.path)  # type: ignore[attr-defined]
    other.execute("UPDATE articles SET title = 'Đại hội Đoàn' WHERE title = ?", (COMMITTEE,))
    other.commit()
    other.close()
    assert titles(filled, "dai hoi doan") == ["Đại hội Đoàn"] and titles(filled, "uy ban") == []
    assert conn.execute("INSERT INTO article_search (article_search) VALUES ('integrity-check')")


def test_a_store_made_before_search_is_indexed_when_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler.store import migrations

    path = tmp_path / "old.sqlite3"
    names = [name for name, _ in MIGRATIONS]
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[: names.index("0040_article_search")])
    old = open_store(path)
    save(old, article(1, SESSION, datetime(2022, 7, 9, 8, 0, tzinfo=TZ)))
    old.close()
    monkeypatch.undo()
    store = open_store(path)
    try:
        assert titles(store, "ky hop") == [SESSION]
    finally:
        store.close()


def test_latest_orders_by_publication_not_discovery(store: Store) -> None:
    """Found in this order: 2024, 2019, undated, 2035 (a misread year); listed 2024... by publication, the undated
    and the future-dated ones at the time they were found (now), which is after 2024."""
    save(store, article(1, "Năm 2024", datetime(2024, 5, 1, 9, 0, tzinfo=TZ)))
    save(store, article(2, "Năm 2019", datetime(2019, 5, 1, 9, 0, tzinfo=TZ)))
    save(store, article(3, "Không ghi ngày", None))
    save(store, article(4, "Năm 2035", datetime(2035, 1, 1, 9, 0, tzinfo=TZ)))
    discovery = [e["article"]["title"] for e in store.feed.entries(EntryFilter(), 10).entries]
    assert discovery[-1] == "Năm 2024"  # the feed: newest found first
    first = store.feed.latest(EntryFilter(), 2)
    second = store.feed.latest(EntryFilter(), 2, first.next)
    shown = [e["article"]["title"] for e in first.entries + second.entries]
    assert shown == ["Năm 2035", "Không ghi ngày", "Năm 2024", "Năm 2019"]
    assert second.next is None
    since = store.feed.latest(EntryFilter(since="2020-01-01T00:00:00+00:00"), 10).entries
    assert "Năm 2019" not in [e["article"]["title"] for e in since] and len(since) == 3


def test_calendar_reads_meetings_by_their_date(store: Store) -> None:
    report = "Kỳ họp thứ 10 HĐND huyện Tân Hồng khóa X"
    lead = "Sáng ngày 9/7/2022, HĐND huyện Tân Hồng khóa X tổ chức kỳ họp thứ 10 để xem xét các báo cáo."
    item = article(1, report, datetime(2022, 7, 9, 16, 0, tzinfo=TZ), lead=lead)
    assert item.meeting is not None and item.meeting.date == date(2022, 7, 9)
    save(store, item)
    save(store, article(2, "Tin khác", datetime(2022, 7, 10, tzinfo=TZ)))
    [meeting] = store.feed.calendar(EntryFilter(), date(2022, 7, 1), date(2022, 7, 31))
    assert (meeting["date"], meeting["title"], meeting["status"]) == ("2022-07-09", report, "held")
    assert meeting["meeting"]["kind"] == "council_session" and meeting["alert_id"]
    assert store.feed.calendar(EntryFilter(), date(2022, 8, 1), date(2022, 8, 31)) == []
    assert store.feed.calendar(EntryFilter(kinds=("congress",)), date(2022, 7, 1), date(2022, 7, 31)) == []
    assert store.feed.calendar(EntryFilter(portals=("sim-tuyphong",)), date(2022, 7, 1), date(2022, 7, 31)) == []
    assert store.feed.meeting_months(EntryFilter()) == {"2022-07": 1}
