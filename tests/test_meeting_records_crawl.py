"""Meeting records end to end on the simulator: crawls by the CLI, as a user runs them.

A council session told by several articles on one portal, and its copies on others (the corpus's meeting stories);
one story on three portals; an announcement, then a week later the report. Each time: one meeting row, one
``meeting`` alert, and at most one ``upcoming_meeting`` alert per meeting.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from support import RunCli

from crawler.dates import TZ
from crawler.simulator.server import Simulator, start
from crawler.simulator.sessions import CORPUS_ORDINAL, Session
from crawler.simulator.sites import SPECS
from crawler.store import open_store
from crawler.store.base import MeetingQuery

pytestmark = pytest.mark.integration


@pytest.fixture
def portals() -> Iterator[Simulator]:
    """sim-tanhong with its meeting stories, sim-dongthap republishing it, sim-bench: small, served here."""
    specs = [
        replace(SPECS["sim-tanhong"], count=40, meeting_stories=True),
        replace(SPECS["sim-dongthap"], count=32, meeting_stories=True),
        replace(SPECS["sim-bench"], count=20),
    ]
    with start(0, specs) as sim:
        yield sim


def crawl(run_cli: RunCli, sim: Simulator, db: Path, *slugs: str) -> None:
    bases = [f"--base-url={slug}={sim.sites[slug].origin}" for slug in slugs]
    result = run_cli("crawl", *slugs, *bases, "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]


def rows(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()


def one_alert_per_meeting(db: Path) -> None:
    """Every held meeting has exactly one ``meeting`` alert, every alert one meeting; no upcoming alert twice."""
    held = rows(db, "SELECT count(*) FROM meetings WHERE status = 'held'")[0][0]
    alerted = rows(db, "SELECT count(*), count(DISTINCT dedupe) FROM alerts WHERE kind = 'meeting'")[0]
    assert alerted == (held, held)
    keys = [k for (k,) in rows(db, "SELECT dedupe FROM alerts WHERE kind IN ('meeting', 'upcoming_meeting')")]
    assert all(k.split(":")[1].isdigit() for k in keys), "every meeting alert is a record's"  # type: ignore[union-attr]


def test_a_session_told_by_three_articles_and_their_copies_is_one_meeting(
    portals: Simulator, run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "pw.sqlite3"
    crawl(run_cli, portals, db, "sim-tanhong", "sim-dongthap")
    story = [
        a for slug in ("sim-tanhong", "sim-dongthap") for a in portals.sites[slug].articles if "session" in a.extra
    ]
    assert len(story) == 6  # convocation, opening, outcome, and the province portal's copy of each
    store = open_store(db)
    try:
        [meeting] = [m for m in store.meetings() if m["ordinal"] == CORPUS_ORDINAL]
        record = store.meeting(meeting["id"])
        assert record is not None
        assert sorted((r["portal"], r["role"]) for r in record["reports"]) == [
            ("sim-dongthap", "announcement"),
            ("sim-dongthap", "report"),
            ("sim-dongthap", "report"),
            ("sim-tanhong", "announcement"),
            ("sim-tanhong", "report"),
            ("sim-tanhong", "report"),
        ]
        assert (record["status"], record["meeting_date"], record["body"]) == (
            "held",
            "2022-06-27",
            "Hội đồng nhân dân huyện Tân Hồng",
        )
        alerts = rows(db, "SELECT kind FROM alerts WHERE kind != 'new_article' AND dedupe LIKE ?", f"%:{meeting['id']}")
        assert alerts == [("meeting",)], "one alert; its convocation is long past, so no upcoming alert"
        assert rows(
            db,
            "SELECT title FROM articles JOIN alerts ON alerts.article_id = articles.id WHERE dedupe = ?",
            f"meeting:{meeting['id']}",
        ) == [("Khai mạc Kỳ họp thứ 45 HĐND huyện Tân Hồng khóa XX",)]
    finally:
        store.close()
    one_alert_per_meeting(db)
    crawl(run_cli, portals, db, "sim-tanhong", "sim-dongthap")  # a second run: nothing new
    one_alert_per_meeting(db)


def test_one_story_on_three_portals_is_one_meeting_with_one_alert(
    portals: Simulator, run_cli: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "pw.sqlite3"
    slugs = ("sim-tanhong", "sim-dongthap", "sim-bench")
    crawl(run_cli, portals, db, *slugs)
    before = rows(db, "SELECT count(*) FROM alerts WHERE kind = 'meeting'")[0][0]
    now = datetime.now(TZ)
    session = Session("tanhong", 46, now.date())
    portals.sites["sim-tanhong"].publish_session(session, "opening", now - timedelta(hours=3))
    portals.sites["sim-dongthap"].publish_session(
        session, "opening", now - timedelta(hours=2), variation="title changed"
    )
    portals.sites["sim-bench"].publish_session(session, "opening", now - timedelta(hours=1), variation="byline added")
    crawl(run_cli, portals, db, *slugs)
    store = open_store(db)
    try:
        [meeting] = [m for m in store.meetings() if m["ordinal"] == 46]
        record = store.meeting(meeting["id"])
        assert record is not None
        assert sorted(r["portal"] for r in record["reports"]) == sorted(slugs)
        assert record["title"] == "Khai mạc Kỳ họp thứ 46 HĐND huyện Tân Hồng khóa XX"
    finally:
        store.close()
    assert rows(db, "SELECT count(*) FROM alerts WHERE kind = 'meeting'")[0][0] == before + 1
    assert rows(db, "SELECT portal FROM alerts WHERE dedupe = ?", f"meeting:{meeting['id']}") == [("sim-tanhong",)]
    one_alert_per_meeting(db)


def test_an_announcement_then_a_week_later_the_report(portals: Simulator, run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "pw.sqlite3"
    site = portals.sites["sim-tanhong"]
    now = datetime.now(TZ)
    session = Session("tanhong", 47, now.date())
    site.publish_session(session, "announcement", now - timedelta(days=7))
    crawl(run_cli, portals, db, "sim-tanhong")
    store = open_store(db)
    try:
        # The portal's older previews ("Dự kiến nội dung Kỳ họp thứ 29", undated) are announced meetings too.
        found = store.meetings(MeetingQuery(status="announced", since=now.date()))
        [announced] = [m for m in found if m["ordinal"] == 47]
        assert (announced["ordinal"], announced["meeting_date"]) == (47, now.date().isoformat())
        upcoming = rows(db, "SELECT kind, dedupe FROM alerts WHERE kind = 'upcoming_meeting'")
        assert upcoming == [("upcoming_meeting", f"upcoming_meeting:{announced['id']}")]
        event = event_of(run_cli, db, tmp_path, announced["id"])
        assert (str(event["STATUS"]), event["SEQUENCE"], event.decoded("DTSTART")) == ("TENTATIVE", 0, now.date())

        site.publish_session(session, "opening", now)
        crawl(run_cli, portals, db, "sim-tanhong")
        [held] = [m for m in store.meetings() if m["ordinal"] == 47]
        assert (held["id"], held["status"], held["articles"]) == (announced["id"], "held", 2)
        assert rows(
            db, "SELECT kind FROM alerts WHERE kind != 'new_article' AND dedupe LIKE ? ORDER BY id", f"%:{held['id']}"
        ) == [
            ("upcoming_meeting",),
            ("meeting",),
        ]
        event = event_of(run_cli, db, tmp_path, held["id"])  # the same UID: the record's
        assert (str(event["STATUS"]), event["SEQUENCE"], event.decoded("DTSTART")) == ("CONFIRMED", 1, now.date())
    finally:
        store.close()
    one_alert_per_meeting(db)


def event_of(run_cli: RunCli, db: Path, tmp_path: Path, meeting_id: int) -> icalendar.Event:
    """A meeting's one event in the static calendar ``portalwatch feed --format ics`` writes."""
    out = tmp_path / "meetings.ics"
    result = run_cli("feed", "--format", "ics", "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr[-2000:]
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    [event] = [e for e in events if str(e["UID"]) == f"meeting-{meeting_id}@portalwatch"]
    return event
