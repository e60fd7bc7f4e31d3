"""The alert feed on a store filled by crawling the simulator: Atom (feedparser), JSON Feed 1.1 (read as
JSON against the spec: feedparser 6 does not read JSON Feed) and ICS (icalendar), filters, paging, safety."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import pytest
from icalendar.parser import Contentline

from crawler.enrich import process
from crawler.feed import clean, fold_line, ics, json_feed, meeting_line, parse_request, render, sanitize
from crawler.items import ArticleItem
from crawler.registry import Portal, load_registry
from crawler.simulator.server import start
from crawler.store import open_store
from crawler.store.feedquery import EntryFilter, FeedQuery, Page

ROOT = Path(__file__).resolve().parent.parent
PORTALS = ("sim-tuyenhoa", "sim-tanhong", "sim-tuyphong")
HOSTILE = "<script>alert('x')</script> ]]> & \x01\x0b\x7f\x85 Hội nghị"
HOSTILE_CLEAN = "<script>alert('x')</script> ]]> &   Hội nghị"  # controls dropped; normalize made \\x0b \\x85 spaces
SEED = "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"
REGISTRY = load_registry()


def portalwatch(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTALWATCH_PROGRESS": "off"}
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def fill_store(db: Path) -> None:
    """Crawl three simulated portals, then add a hostile title and an ``article_edited`` alert."""
    with start(0) as sim:
        run = portalwatch("crawl", *PORTALS, *(f"--base-url={s}={sim.urls[s]}" for s in PORTALS), "--db", str(db))
    assert run.returncode == 0, run.stderr[-2000:]
    store = open_store(db)
    item = process(ArticleItem(portal="sim-tanhong", cms="liferay", title=HOSTILE, content_id="999",
                               url="http://127.0.0.1:8702/web/hth/chi-tiet-bai-viet/-/asset_publisher/x/content/id/999",
                               lead="Dẫn & <b>đậm</b>", body=["x"]))
    store.save_article(item, "hostile", ["meeting"] if item.is_meeting_report else [])
    conn = sqlite3.connect(db)
    seed_id = conn.execute("SELECT id FROM articles WHERE title = ?", (SEED,)).fetchone()[0]
    add_alert(conn, "article_edited", seed_id, "sim-tanhong", "2099-01-01T00:00:00+00:00")
    conn.commit()
    store.close()


def add_alert(conn: sqlite3.Connection, kind: str, article_id: int, portal: str, created_at: str) -> None:
    """An alert row as another component would write it (filling issue 6's ``dedupe`` key when present)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(alerts)")}
    row = {"kind": kind, "article_id": article_id, "portal": portal, "created_at": created_at}
    if "dedupe" in columns:
        row["dedupe"] = f"{kind}:{article_id}:{created_at}"
    conn.execute(f"INSERT INTO alerts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("feed") / "pw.sqlite3"
    fill_store(path)
    return path


@pytest.fixture(scope="module")
def query(db: Path) -> Iterator[FeedQuery]:
    q = FeedQuery(db)
    yield q
    q.close()


def sql(db: Path, statement: str, *args: object) -> int:
    return int(sqlite3.connect(db).execute(statement, args).fetchone()[0])


def fetch(query: FeedQuery, fmt: str, params: dict[str, list[str]]) -> bytes:
    return render(fmt, query, parse_request(params, REGISTRY), REGISTRY, "http://feeds.test")


def walk_atom(query: FeedQuery, params: dict[str, list[str]]) -> list[feedparser.FeedParserDict]:
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


def validate_json_feed(doc: dict[str, object]) -> None:
    """The JSON Feed 1.1 rules a reader relies on: version, title, items with string ids and one content."""
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(doc["title"], str) and doc["title"]
    assert all(not k.startswith("_") or k == "_portalwatch" for k in doc)
    items = doc["items"]
    assert isinstance(items, list)
    for item in items:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        assert "author" not in item and all(isinstance(a["name"], str) for a in item["authors"])
        for key in ("date_published", "date_modified"):
            if key in item:
                assert item[key][10] == "T" and item[key][-6] in "+-", f"{key} {item[key]} is not RFC 3339"


def test_every_article_is_an_entry_once_and_other_alerts_under_their_kind(query: FeedQuery, db: Path) -> None:
    entries = walk_atom(query, {"limit": ["200"]})
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    articles = sql(db, "SELECT count(*) FROM articles")
    meetings = sql(db, "SELECT count(*) FROM alerts WHERE kind = 'meeting'")
    assert len(entries) == articles + 1  # each article once (as itself or as its meeting alert) + the edit alert
    assert sum(e.tags[0].term == "meeting" for e in entries) == meetings
    assert sum(e.tags[0].term == "new_article" for e in entries) == articles - meetings
    [edited] = [e for e in entries if e.tags[0].term == "article_edited"]
    assert edited.title == f"[Bài đã sửa] {SEED}" and edited.updated == "2099-01-01T07:00:00+07:00"
    assert entries[0] is edited  # newest first


def test_atom_province_filter_and_paging(query: FeedQuery, db: Path) -> None:
    first = feedparser.parse(fetch(query, "atom", {"province": ["Đồng Tháp"], "limit": ["20"]}))
    assert len(first.entries) == 20 and {e.author for e in first.entries} == {REGISTRY["sim-tanhong"].name}
    every = walk_atom(query, {"province": ["dong thap"], "kind": ["meeting"], "limit": ["7"]})
    expected = sql(db, "SELECT count(*) FROM alerts WHERE kind = 'meeting' AND portal = 'sim-tanhong'")
    assert len(every) == expected == len({e.id for e in every})
    seed = next(e for e in every if e.title == SEED)
    assert seed.published == "2022-07-11T16:20:00+07:00" and seed.link.startswith("http://127.0.0.1:")
    assert [t.term for t in seed.tags] == ["meeting", "party_committee_conference", "sim-tanhong"]
    assert seed.summary.startswith("Hội nghị Ban Chấp hành / Ban Thường vụ · lần thứ 9")
    assert "ngày họp 2022-07-11" in seed.summary


def test_json_feed_meeting_kind_filter_and_next_url(query: FeedQuery, db: Path) -> None:
    seen: list[dict[str, object]] = []
    params = {"kind": ["council_session"], "limit": ["10"]}
    while True:
        doc = json.loads(fetch(query, "json", params))
        validate_json_feed(doc)
        seen += doc["items"]
        if "next_url" not in doc:
            break
        params = parse_qs(urlsplit(doc["next_url"]).query)
    expected = sql(db, "SELECT count(*) FROM alerts JOIN articles ON articles.id = article_id WHERE kind = 'meeting'"
                       " AND json_extract(meeting, '$.kind') = 'council_session'")
    assert len(seen) == expected > 10
    assert {i["_portalwatch"]["meeting"]["kind"] for i in seen} == {"council_session"}
    assert all(i["tags"][:2] == ["meeting", "council_session"] for i in seen)
    assert all(i["title"].startswith(("Kỳ họp", "Khai mạc Kỳ họp", "Bế mạc Kỳ họp")) for i in seen), \
        {i["title"] for i in seen}


def test_since_and_district_filters(query: FeedQuery, db: Path) -> None:
    assert json.loads(fetch(query, "json", {"since": ["2098-12-31"]}))["items"][0]["title"].startswith("[Bài đã sửa]")
    assert len(json.loads(fetch(query, "json", {"since": ["2098-12-31"]}))["items"]) == 1
    doc = json.loads(fetch(query, "json", {"district": ["Tuy Phong"], "kind": ["new_article"], "limit": ["500"]}))
    assert len(doc["items"]) == sql(db, "SELECT count(*) FROM articles WHERE portal = 'sim-tuyphong'")
    assert {i["_portalwatch"]["district"] for i in doc["items"]} == {"Tuy Phong"}


def test_ics_has_each_meeting_at_its_meeting_date(query: FeedQuery, db: Path) -> None:
    cal = icalendar.Calendar.from_ical(fetch(query, "ics", {"portal": ["sim-tanhong"]}))
    events = cal.walk("VEVENT")
    dated = sql(db, "SELECT count(*) FROM alerts JOIN articles ON articles.id = article_id WHERE kind = 'meeting'"
                    " AND alerts.portal = 'sim-tanhong' AND json_extract(meeting, '$.date') IS NOT NULL")
    assert len(events) == dated > 20
    seed = next(e for e in events if str(e["SUMMARY"]) == SEED)
    assert seed.decoded("DTSTART") == date(2022, 7, 11) and seed.decoded("DTEND") == date(2022, 7, 12)
    assert str(seed["LOCATION"]) == "Tân Hồng, Đồng Tháp" and str(seed["UID"]).startswith("article-")
    briefings = icalendar.Calendar.from_ical(fetch(query, "ics", {"kind": ["briefing"], "limit": ["5"]}))
    assert len(briefings.walk("VEVENT")) == 5
    assert all(str(e["CATEGORIES"].cats[0]) == "briefing" for e in briefings.walk("VEVENT"))


def test_hostile_title_yields_valid_feeds(query: FeedQuery) -> None:
    params = {"portal": ["sim-tanhong"], "kind": ["new_article"], "limit": ["5"]}
    atom = feedparser.parse(fetch(query, "atom", params))
    assert not atom.bozo, atom.bozo_exception
    assert atom.entries[0].title == HOSTILE_CLEAN
    assert b"<script>" not in fetch(query, "atom", params)
    doc = json.loads(fetch(query, "json", params))
    assert doc["items"][0]["title"] == HOSTILE_CLEAN and doc["items"][0]["summary"] == "Dẫn & <b>đậm</b>"


def test_lone_surrogates_and_undecodable_bytes_are_dropped(db: Path, tmp_path: Path) -> None:
    assert clean("a\ud800b\udfffc\x00d\ufffe") == "abcd"
    entry = {"id": "article:1", "kind": "new_article", "time": "2025-01-01T00:00:00+00:00", "portal": "sim-tanhong",
             "alert_id": None, "article": {"title": "x\ud83d y", "url": "http://e.test/1", "lead": "l\udc80"}}
    doc = json.loads(json_feed(Page([entry], None), parse_request({}, REGISTRY), REGISTRY, "http://f.test"))
    assert doc["items"][0]["title"] == "x y"
    broken = tmp_path / "broken.sqlite3"
    conn = sqlite3.connect(broken)
    sqlite3.connect(db).backup(conn)
    conn.execute("UPDATE articles SET title = CAST(X'3C623EEDA080' AS TEXT) WHERE dedupe_key = 'hostile'")
    conn.commit()
    q = FeedQuery(broken)
    atom = feedparser.parse(render("atom", q, parse_request({"kind": ["new_article"], "portal": ["sim-tanhong"]},
                                                            REGISTRY), REGISTRY, "http://f.test"))
    assert not atom.bozo and atom.entries[0].title == "<b>\ufffd\ufffd\ufffd"


def test_cli_writes_static_files_and_rejects_unknown_filters(db: Path, tmp_path: Path) -> None:
    out = portalwatch("feed", "--format", "ics", "--out", str(tmp_path / "m.ics"), "--province", "Quảng Bình",
                      "--db", str(db))
    assert out.returncode == 0, out.stderr
    events = icalendar.Calendar.from_ical((tmp_path / "m.ics").read_bytes()).walk("VEVENT")
    assert {str(e["LOCATION"]) for e in events} == {"Tuyên Hóa, Quảng Bình"}
    bad = portalwatch("feed", "--out", str(tmp_path / "x.atom"), "--province", "Atlantis", "--db", str(db))
    assert bad.returncode == 2 and bad.stderr.startswith("portalwatch: no portal in province Atlantis; known: ")


# iCalendar: rendered here for speed, checked against icalendar's own component API and parser ----------


def reference_ics(meetings: Iterable[Mapping[str, Any]], registry: Mapping[str, Portal]) -> bytes:
    """The calendar as icalendar's component API builds it (feed.ics before it rendered events itself)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//portalwatch//meetings//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "portalwatch: cuộc họp")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for article in meetings:
        a = sanitize(dict(article))
        meeting, portal = a["meeting"], registry.get(a["portal"])
        day = date.fromisoformat(meeting["date"][:10])
        event = icalendar.Event()
        event.add("uid", f"article-{a['id']}@portalwatch")
        event.add("dtstamp", datetime.fromisoformat(a["first_seen"]))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", a["title"])
        event.add("description", "\n\n".join(p for p in (meeting_line(meeting), a.get("lead") or "", a["url"]) if p))
        event.add("url", a["url"])
        place = ", ".join(p for p in (portal.district, portal.province) if p) if portal else ""
        if place:
            event.add("location", place)
        event.add("categories", [meeting.get("kind") or "meeting", a["portal"]])
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
    {"id": 1, "portal": "sim-tanhong", "url": "http://127.0.0.1:8702/a/1", "title": HOSTILE + " \ud800 end",
     "lead": "Dẫn; có, dấu \\ và\r\ndòng mới ^ " + "ứ" * 60, "first_seen": "2025-07-01T08:30:00+07:00",
     "meeting": {"kind": "council_session", "ordinal": 9, "date": "2025-07-02", "body": "HĐND huyện; khóa XII"}},
    {"id": 2, "portal": "sim-tuyenhoa", "url": "http://127.0.0.1:8701/a/2", "title": "\\" * 80 + "ắ" * 30,
     "lead": None, "first_seen": "2025-07-01T00:00:00+07:00", "meeting": {"kind": "congress", "date": "2025-07-03"}},
    {"id": 3, "portal": "not-in-registry", "url": "http://127.0.0.1:8701/a/3", "title": "x,y;z\n]]>&<b>",
     "lead": "🙂" * 40, "first_seen": "2024-12-31T23:59:59+07:00", "meeting": {"date": "2025-01-01T09:00:00+07:00"}},
]


def test_ics_has_what_icalendar_components_give(query: FeedQuery) -> None:
    meetings = list(query.meetings(EntryFilter()))
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


def test_fold_line_splits_where_icalendar_does() -> None:
    rng = random.Random(5)
    alphabet = "aZ \\^,;:đĐắỨ€🙂\t"
    for _ in range(3000):
        line = "DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
        assert fold_line(line.encode()) == Contentline(line).to_ical(), line


def test_ics_skips_undated_meetings_and_escapes_urls() -> None:
    odd = [{**HOSTILE_MEETINGS[1], "id": 7, "meeting": {"kind": "congress", "date": "ngày 3"}},
           {**HOSTILE_MEETINGS[1], "id": 8, "url": "http://e.test/a b\r\nX-INJECTED:1"}]
    [event] = icalendar.Calendar.from_ical(ics(odd, REGISTRY)).walk("VEVENT")
    assert str(event["UID"]) == "article-8@portalwatch" and "X-INJECTED" not in event
    assert str(event["URL"]) == "http://e.test/a%20b%0D%0AX-INJECTED:1"
