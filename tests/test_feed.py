"""The alert feed on a store filled by crawling the simulator: Atom (feedparser), JSON Feed 1.1 (validated
against the spec here: no feedparser release reads JSON Feed) and ICS (icalendar), filters, paging, safety."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import pytest
from icalendar.parser import Contentline
from support import HOSTILE, HOSTILE_CLEAN, SEED

from crawler import labels
from crawler.cli import main
from crawler.feed import (
    clean,
    empty_calendar,
    fold_line,
    ics,
    json_feed,
    meeting_line,
    parse_request,
    render,
    sanitize,
)
from crawler.registry import Portal, load_registry
from crawler.store import open_store
from crawler.store.base import FeedReader
from crawler.store.filters import EntryFilter, Page

REGISTRY = load_registry()


@pytest.fixture(scope="module")
def db(alert_store: Path) -> Path:
    """The shared store of crawled alerts (read-only here)."""
    return alert_store


@pytest.fixture(scope="module")
def query(db: Path) -> Iterator[FeedReader]:
    store = open_store(db)
    yield store.feed
    store.close()


def sql(db: Path, statement: str, *args: object) -> int:
    return int(sqlite3.connect(db).execute(statement, args).fetchone()[0])


def fetch(query: FeedReader, fmt: str, params: dict[str, list[str]]) -> bytes:
    return render(fmt, query, parse_request(params, REGISTRY), REGISTRY, "http://feeds.test")


def walk_atom(query: FeedReader, params: dict[str, list[str]]) -> list[feedparser.FeedParserDict]:
    """Every entry, following the feed's own ``next`` links."""
    entries, pages = [], 0
    while True:
        parsed = feedparser.parse(fetch(query, "atom", params))
        assert not parsed.bozo, parsed.bozo_exception
        entries += parsed.entries
        pages += 1
        nxt = [link.href for link in parsed.feed.links if link.rel == "next"]
        if not nxt:
            return entries
        params = parse_qs(urlsplit(nxt[0]).query)
        assert pages < 100


# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), checked field by field: feedparser 6.0.x, the newest
# feedparser release, reads XML feeds only (its JSON Feed parser exists on its unreleased main branch).
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
FEED_FIELDS = {
    "version": str,
    "title": str,
    "home_page_url": str,
    "feed_url": str,
    "description": str,
    "user_comment": str,
    "next_url": str,
    "icon": str,
    "favicon": str,
    "authors": list,
    "language": str,
    "expired": bool,
    "hubs": list,
    "items": list,
}
ITEM_FIELDS = {
    "id": str,
    "url": str,
    "external_url": str,
    "title": str,
    "content_html": str,
    "content_text": str,
    "summary": str,
    "image": str,
    "banner_image": str,
    "date_published": str,
    "date_modified": str,
    "authors": list,
    "tags": list,
    "language": str,
    "attachments": list,
}


def _fields(obj: dict[str, Any], known: dict[str, type], where: str) -> None:
    """Every key is a spec field of the right JSON type, or an extension (a leading underscore)."""
    for key, value in obj.items():
        if key.startswith("_"):
            assert isinstance(value, dict), f"{where}: extension {key} should be an object"
            continue
        assert key in known, f"{where}: {key} is not a JSON Feed 1.1 field (the 1.0 'author' is deprecated)"
        assert type(value) is known[key], f"{where}: {key} must be {known[key].__name__}, not {type(value).__name__}"


def _url(value: str, where: str) -> None:
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https") and parts.netloc, f"{where}: {value!r} is not an absolute URL"


def _authors(authors: list[Any], where: str) -> None:
    for author in authors:
        assert isinstance(author, dict) and set(author) <= {"name", "url", "avatar"}, f"{where}: author {author}"
        assert author and all(isinstance(v, str) and v for v in author.values()), f"{where}: empty author {author}"
        if "url" in author:
            _url(author["url"], where)


def validate_json_feed(doc: dict[str, Any]) -> None:
    """JSON Feed 1.1: required fields, the types of every field, items, authors, dates, URLs and languages."""
    _fields(doc, FEED_FIELDS, "feed")
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"].strip(), "feed: title is required"
    for key in ("home_page_url", "feed_url", "next_url", "icon", "favicon"):
        if key in doc:
            _url(doc[key], f"feed {key}")
    assert LANGUAGE_TAG.fullmatch(doc.get("language", "vi"))
    _authors(doc.get("authors", []), "feed")
    ids = [item.get("id") for item in doc["items"]]
    assert len(ids) == len(set(ids)), "item ids must be unique"
    for item in doc["items"]:
        where = f"item {item.get('id')}"
        assert isinstance(item, dict)
        _fields(item, ITEM_FIELDS, where)
        assert isinstance(item.get("id"), str) and item["id"], f"{where}: id is a required non-empty string"
        assert "content_text" in item or "content_html" in item, f"{where}: content_text or content_html is required"
        for key in ("url", "external_url", "image", "banner_image"):
            if key in item:
                _url(item[key], f"{where} {key}")
        for key in ("date_published", "date_modified"):
            if key in item:
                assert RFC3339.fullmatch(item[key]), f"{where}: {key} {item[key]} is not RFC 3339"
                datetime.fromisoformat(item[key].replace("Z", "+00:00"))
        assert all(isinstance(t, str) and t for t in item.get("tags", [])), f"{where}: tags are strings"
        assert LANGUAGE_TAG.fullmatch(item.get("language", "vi")), f"{where}: language"
        _authors(item.get("authors", []), where)
        for attachment in item.get("attachments", []):
            assert isinstance(attachment.get("url"), str) and isinstance(attachment.get("mime_type"), str)


def json_doc(query: FeedReader, params: dict[str, list[str]]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(fetch(query, "json", params))
    validate_json_feed(doc)
    return doc


def walk_json_feed(query: FeedReader, params: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Every item, following ``next_url``: each page valid, its ``feed_url`` the page itself, no item twice."""
    items: list[dict[str, Any]] = []
    for _ in range(100):
        doc = json_doc(query, params)
        assert parse_qs(urlsplit(doc["feed_url"]).query) == {k: v for k, v in params.items() if k != "before"}
        assert doc["items"] or not items, "an empty page after a next_url"
        items += doc["items"]
        if "next_url" not in doc:
            assert len({i["id"] for i in items}) == len(items), "an item on two pages"
            return items
        assert urlsplit(doc["next_url"]).path == "/feed.json"
        params = parse_qs(urlsplit(doc["next_url"]).query)
    raise AssertionError("more than 100 pages")


@pytest.mark.integration  # the shared crawled store
def test_every_article_is_an_entry_once_and_other_alerts_under_their_kind(query: FeedReader, db: Path) -> None:
    entries = walk_atom(query, {"limit": ["200"]})
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    articles = sql(db, "SELECT count(*) FROM articles")
    meetings = sql(db, "SELECT count(*) FROM alerts WHERE kind = 'meeting'")
    documents = sql(db, "SELECT count(*) FROM alerts WHERE kind = 'document'")  # sim-tuyphong's laws module
    assert documents == 60
    # Each article once (as itself or as its meeting alert), the edit alert, and each listed document's alert.
    assert len(entries) == articles + 1 + documents
    assert sum(e.tags[0].term == "meeting" for e in entries) == meetings
    assert sum(e.tags[0].term == "document" for e in entries) == documents
    assert sum(e.tags[0].term == "new_article" for e in entries) == articles - meetings
    items = walk_json_feed(query, {"limit": ["150"]})  # the same stream as JSON Feed, page by page
    assert [f"tag:portalwatch,2025:{i['id']}" for i in items] == ids
    [edited] = [e for e in entries if e.tags[0].term == "article_edited"]
    assert edited.title == f"[Bài đã sửa] {SEED}" and edited.updated == "2099-01-01T07:00:00+07:00"
    assert entries[0] is edited  # newest first


@pytest.mark.integration  # the shared crawled store
def test_atom_province_filter_and_paging(query: FeedReader, db: Path) -> None:
    first = feedparser.parse(fetch(query, "atom", {"province": ["Đồng Tháp"], "limit": ["20"]}))
    assert len(first.entries) == 20 and {e.author for e in first.entries} == {REGISTRY["sim-tanhong"].name}
    every = walk_atom(query, {"province": ["dong thap"], "kind": ["meeting"], "limit": ["7"]})
    expected = sql(db, "SELECT count(*) FROM alerts WHERE kind = 'meeting' AND portal = 'sim-tanhong'")
    assert len(every) == expected == len({e.id for e in every})
    seed = next(e for e in every if e.title == SEED)
    assert seed.published == "2022-07-11T16:20:00+07:00" and seed.link.startswith("http://127.0.0.1:")
    assert [t.term for t in seed.tags] == ["meeting", "party_committee_conference", "sim-tanhong"]
    assert seed.summary.startswith("Hội nghị Ban Chấp hành / Ban Thường vụ · lần thứ 9")
    assert "ngày họp 11/7/2022" in seed.summary


@pytest.mark.integration  # the shared crawled store
def test_json_feed_meeting_kind_filter_and_next_url(query: FeedReader, db: Path) -> None:
    seen = walk_json_feed(query, {"kind": ["council_session"], "limit": ["10"]})
    expected = sql(
        db,
        "SELECT count(*) FROM alerts JOIN articles ON articles.id = article_id WHERE kind = 'meeting'"
        " AND json_extract(meeting, '$.kind') = 'council_session'",
    )
    assert len(seen) == expected > 10
    assert {i["_portalwatch"]["meeting"]["kind"] for i in seen} == {"council_session"}
    assert all(i["tags"][:2] == ["meeting", "council_session"] for i in seen)
    assert all(i["title"].startswith(("Kỳ họp", "Khai mạc Kỳ họp", "Bế mạc Kỳ họp")) for i in seen), {
        i["title"] for i in seen
    }


@pytest.mark.integration  # the shared crawled store
def test_since_and_district_filters(query: FeedReader, db: Path) -> None:
    assert json_doc(query, {"since": ["2098-12-31"]})["items"][0]["title"].startswith("[Bài đã sửa]")
    assert len(json_doc(query, {"since": ["2098-12-31"]})["items"]) == 1
    doc = json_doc(query, {"district": ["Tuy Phong"], "kind": ["new_article"], "limit": ["500"]})
    assert len(doc["items"]) == sql(db, "SELECT count(*) FROM articles WHERE portal = 'sim-tuyphong'")
    assert {i["_portalwatch"]["district"] for i in doc["items"]} == {"Tuy Phong"}


@pytest.mark.integration  # the shared crawled store
def test_ics_has_each_meeting_at_its_meeting_date(query: FeedReader, db: Path) -> None:
    cal = icalendar.Calendar.from_ical(fetch(query, "ics", {"portal": ["sim-tanhong"]}))
    events = cal.walk("VEVENT")
    # One event per meeting record (not per article) that an article of the portal tells of, at its date.
    dated = sql(
        db,
        "SELECT count(*) FROM meetings m WHERE m.meeting_date IS NOT NULL AND EXISTS (SELECT 1 FROM article_meetings"
        " am JOIN articles a ON a.id = am.article_id WHERE am.meeting_id = m.id AND a.portal = 'sim-tanhong')",
    )
    assert len(events) == dated > 20
    assert len({str(e["UID"]) for e in events}) == len(events)
    seed = next(e for e in events if str(e["SUMMARY"]) == SEED)
    assert seed.decoded("DTSTART") == date(2022, 7, 11) and seed.decoded("DTEND") == date(2022, 7, 12)
    assert str(seed["LOCATION"]) == "Tân Hồng, Đồng Tháp" and str(seed["UID"]).startswith("meeting-")
    assert str(seed["STATUS"]) == "CONFIRMED" and seed["SEQUENCE"] == 0
    briefings = icalendar.Calendar.from_ical(fetch(query, "ics", {"kind": ["briefing"], "limit": ["5"]}))
    assert len(briefings.walk("VEVENT")) == 5
    # The kind in words for a calendar's reader, then its code and the portal for a program.
    assert all([str(c) for c in e["CATEGORIES"].cats][:2] == ["Giao ban", "briefing"] for e in briefings.walk("VEVENT"))


@pytest.mark.integration  # the shared crawled store
def test_hostile_title_yields_valid_feeds(query: FeedReader) -> None:
    params = {"portal": ["sim-tanhong"], "kind": ["new_article"], "limit": ["5"]}
    atom = feedparser.parse(fetch(query, "atom", params))
    assert not atom.bozo, atom.bozo_exception
    assert atom.entries[0].title == HOSTILE_CLEAN
    assert b"<script>" not in fetch(query, "atom", params)
    doc = json_doc(query, params)
    assert doc["items"][0]["title"] == HOSTILE_CLEAN and doc["items"][0]["summary"] == "Dẫn & <b>đậm</b>"


@pytest.mark.integration  # the shared crawled store
def test_lone_surrogates_and_undecodable_bytes_are_dropped(db: Path, tmp_path: Path) -> None:
    assert clean("a\ud800b\udfffc\x00d\ufffe") == "abcd"
    entry = {
        "id": "article:1",
        "kind": "new_article",
        "time": "2025-01-01T00:00:00+00:00",
        "portal": "sim-tanhong",
        "alert_id": None,
        "article": {"title": "x\ud83d y", "url": "http://e.test/1", "lead": "l\udc80"},
    }
    doc = json.loads(json_feed(Page([entry], None), parse_request({}, REGISTRY), REGISTRY, "http://f.test"))
    validate_json_feed(doc)
    assert doc["items"][0]["title"] == "x y"
    broken = tmp_path / "broken.sqlite3"
    conn = sqlite3.connect(broken)
    sqlite3.connect(db).backup(conn)
    conn.execute("UPDATE articles SET title = CAST(X'3C623EEDA080' AS TEXT) WHERE dedupe_key = 'hostile'")
    conn.commit()
    store = open_store(broken)
    atom = feedparser.parse(
        render(
            "atom",
            store.feed,
            parse_request({"kind": ["new_article"], "portal": ["sim-tanhong"]}, REGISTRY),
            REGISTRY,
            "http://f.test",
        )
    )
    store.close()
    assert not atom.bozo and atom.entries[0].title == "<b>\ufffd\ufffd\ufffd"


@pytest.mark.integration  # the shared crawled store
def test_cli_writes_static_files_and_rejects_unknown_filters(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics_file = tmp_path / "m.ics"
    assert main(["feed", "--format", "ics", "--out", str(ics_file), "--province", "Quảng Bình", "--db", str(db)]) == 0
    events = icalendar.Calendar.from_ical(ics_file.read_bytes()).walk("VEVENT")
    # Quảng Bình merged into Quảng Trị on 2025-07-01: the old name finds its portals, the new name is shown
    assert {str(e["LOCATION"]) for e in events} == {"Tuyên Hóa, Quảng Trị"}
    assert capsys.readouterr().out == f"{ics_file.resolve()}\n"
    assert main(["feed", "--out", str(tmp_path / "x.atom"), "--province", "Atlantis", "--db", str(db)]) == 2
    assert capsys.readouterr().err.startswith("portalwatch: no portal in province Atlantis; known: ")
    assert not (tmp_path / "x.atom").exists()
    recent = tmp_path / "recent.json"
    assert main(["feed", "--format", "json", "--out", str(recent), "--since", "2098-12-31", "--db", str(db)]) == 0
    assert [i["title"] for i in json.loads(recent.read_text(encoding="utf-8"))["items"]] == [f"[Bài đã sửa] {SEED}"]


# iCalendar: rendered here for speed, checked against icalendar's own component API and parser ----------


def reference_ics(meetings: Iterable[Mapping[str, Any]], registry: Mapping[str, Portal]) -> bytes:
    """The calendar as icalendar's component API builds it (feed.ics renders its events itself)."""
    cal = empty_calendar()
    for record in meetings:
        m, portal = sanitize(dict(record)), registry.get(record["portal"])
        day = date.fromisoformat(m["meeting_date"][:10])
        event = icalendar.Event()
        event.add("uid", f"meeting-{m['id']}@portalwatch")
        event.add("dtstamp", datetime.fromisoformat(m["updated_at"]))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("sequence", m["sequence"])
        event.add("status", {"held": "CONFIRMED", "cancelled": "CANCELLED"}.get(m["status"], "TENTATIVE"))
        event.add("summary", m["title"])
        event.add("description", "\n\n".join(p for p in (meeting_line(m), m.get("lead") or "", m["url"]) if p))
        event.add("url", m["url"])
        place = ", ".join(p for p in (portal.district, portal.province) if p) if portal else ""
        where = ", ".join(p for p in (m.get("location") or "", place) if p)
        if where:
            event.add("location", where)
        event.add(
            "categories",
            [labels.meeting_kind(m.get("kind") or "other_meeting"), m.get("kind") or "other_meeting", m["portal"]],
        )
        cal.add_component(event)
    return cal.to_ical()


def parsed_events(data: bytes) -> list[bytes]:
    """Each VEVENT as icalendar re-serialises it after parsing: equal when the properties are equal."""
    cal = icalendar.Calendar.from_ical(data)
    return [event.to_ical() for event in cal.walk("VEVENT")]


def physical_lines_are_valid(data: bytes) -> None:
    """RFC 5545: CRLF line ends, at most 75 octets a line, never a character split across a fold."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")


HOSTILE_MEETINGS = [
    {
        "id": 1,
        "portal": "sim-tanhong",
        "url": "http://127.0.0.1:8702/a/1",
        "title": HOSTILE + " \ud800 end",
        "lead": "Dẫn; có, dấu \\ và\r\ndòng mới ^ " + "ứ" * 60,
        "updated_at": "2025-07-01T08:30:00+07:00",
        "kind": "council_session",
        "ordinal": 9,
        "meeting_date": "2025-07-02",
        "body": "HĐND huyện; khóa XII",
        "status": "announced",
        "sequence": 0,
        "location": "Hội trường; UBND, huyện",
    },
    {
        "id": 2,
        "portal": "sim-tuyenhoa",
        "url": "http://127.0.0.1:8701/a/2",
        "title": "\\" * 80 + "ắ" * 30,
        "lead": None,
        "updated_at": "2025-07-01T00:00:00+07:00",
        "kind": "congress",
        "meeting_date": "2025-07-03",
        "status": "held",
        "sequence": 2,
    },
    {
        "id": 3,
        "portal": "not-in-registry",
        "url": "http://127.0.0.1:8701/a/3",
        "title": "x,y;z\n]]>&<b>",
        "lead": "🙂" * 40,
        "updated_at": "2024-12-31T23:59:59+07:00",
        "kind": None,
        "meeting_date": "2025-01-01T09:00:00+07:00",
        "status": "cancelled",
        "sequence": 1,
    },
]


@pytest.mark.integration  # the shared crawled store
def test_ics_has_what_icalendar_components_give(query: FeedReader) -> None:
    meetings = [m for m in query.meetings(EntryFilter()) if m["meeting_date"]]  # the calendar leaves out undated
    assert len(meetings) > 50
    for chosen in (meetings, HOSTILE_MEETINGS):
        mine, reference = ics(chosen, REGISTRY), reference_ics(chosen, REGISTRY)
        physical_lines_are_valid(mine)
        assert parsed_events(mine) == parsed_events(reference)
        ours, theirs = icalendar.Calendar.from_ical(mine), icalendar.Calendar.from_ical(reference)
        assert ours.to_ical().split(b"BEGIN:VEVENT")[0] == theirs.to_ical().split(b"BEGIN:VEVENT")[0]
    hostile = icalendar.Calendar.from_ical(ics(HOSTILE_MEETINGS, REGISTRY)).walk("VEVENT")
    assert str(hostile[0]["SUMMARY"]) == clean(HOSTILE + " \ud800 end")
    assert "<script>alert('x')</script> ]]> &" in str(hostile[0]["SUMMARY"])
    assert str(hostile[0]["DESCRIPTION"]).endswith("dòng mới ^ " + "ứ" * 60 + "\n\nhttp://127.0.0.1:8702/a/1")
    assert str(hostile[2]["SUMMARY"]) == "x,y;z\n]]>&<b>" and hostile[2].decoded("DTSTART") == date(2025, 1, 1)
    assert [str(e["STATUS"]) for e in hostile] == ["TENTATIVE", "CONFIRMED", "CANCELLED"]
    assert str(hostile[0]["LOCATION"]) == "Hội trường; UBND, huyện, Tân Hồng, Đồng Tháp"


def test_fold_line_splits_where_icalendar_does() -> None:
    rng = random.Random(5)
    alphabet = "aZ \\^,;:đĐắỨ€🙂\t"
    for _ in range(3000):
        line = "DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
        assert fold_line(line.encode()) == Contentline(line).to_ical(), line


def test_ics_skips_undated_meetings_and_escapes_urls() -> None:
    odd = [
        {**HOSTILE_MEETINGS[1], "id": 7, "meeting_date": "ngày 3"},
        {**HOSTILE_MEETINGS[1], "id": 9, "meeting_date": None},
        {**HOSTILE_MEETINGS[1], "id": 8, "url": "http://e.test/a b\r\nX-INJECTED:1"},
    ]
    [event] = icalendar.Calendar.from_ical(ics(odd, REGISTRY)).walk("VEVENT")
    assert str(event["UID"]) == "meeting-8@portalwatch" and "X-INJECTED" not in event
    assert str(event["URL"]) == "http://e.test/a%20b%0D%0AX-INJECTED:1"
