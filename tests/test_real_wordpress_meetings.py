"""Meeting records on the real WordPress (tests/realwp.py): a session's convocation, then a week later two reports
under other headlines, categories and authors, published through WordPress and crawled by the CLI between them;
then the opening's story republished by two more (simulated) portals.

One meeting row, announced then held; one ``upcoming_meeting`` alert, then one ``meeting`` alert, and nothing more
for the copies; its one calendar event goes from TENTATIVE to CONFIRMED under the same UID.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from realwp import RealPost, RealWordPress
from support import RunCli

from crawler.dates import TZ
from crawler.simulator.server import start
from crawler.simulator.sessions import Session
from crawler.simulator.sites import SPECS
from crawler.store import open_store

pytestmark = pytest.mark.integration

FILLER = (
    "Kỳ họp xem xét các báo cáo về tình hình kinh tế - xã hội, quốc phòng - an ninh năm nay và nhiệm vụ năm tới.",
    "Các đại biểu tập trung thảo luận về giải ngân vốn đầu tư công, xây dựng nông thôn mới và phòng chống thiên tai.",
)


def session_posts(now: datetime) -> tuple[RealPost, list[RealPost]]:
    """The convocation (published a week ago, for today) and two reports of today's sitting, published at ``now``
    (to the second: WordPress keeps a backdated post's date as its modification time, and an incremental crawl
    asks for posts modified since the last one)."""
    today = f"{now.day}/{now.month}/{now.year}"
    now = now.replace(microsecond=0)
    convocation = RealPost(
        key="k12-convocation",
        title="Thông báo triệu tập Kỳ họp thứ 12 HĐND huyện Tuyên Hóa khóa XX",
        slug="thong-bao-trieu-tap-ky-hop-thu-12",
        category="Tin hoạt động",
        author="Ban Tuyên giáo Huyện ủy",
        published=(now - timedelta(days=7)).replace(second=0, microsecond=0),
        paragraphs=(
            "Thường trực HĐND huyện Tuyên Hóa vừa ban hành thông báo triệu tập Kỳ họp thứ 12 HĐND huyện Tuyên Hóa "
            f"khóa XX, nhiệm kỳ 2021-2026. Kỳ họp dự kiến khai mạc vào sáng ngày {today} tại Hội trường UBND huyện.",
            *FILLER,
        ),
    )
    opening = RealPost(
        key="k12-opening",
        title="Khai mạc Kỳ họp thứ 12 HĐND huyện Tuyên Hóa khóa XX",
        slug="khai-mac-ky-hop-thu-12",
        category="Xây dựng Đảng",
        author="Trần Văn Hùng",
        published=now - timedelta(seconds=2),
        paragraphs=(
            f"Sáng {today}, tại Hội trường UBND huyện, HĐND huyện Tuyên Hóa khóa XX, nhiệm kỳ 2021-2026 khai mạc Kỳ "
            "họp thứ 12. Đồng chí Trần Hữu Chức - Chủ tịch HĐND huyện chủ trì kỳ họp.",
            *FILLER,
        ),
    )
    questions = RealPost(
        key="k12-questions",
        title="Cử tri Tuyên Hóa gửi gắm nhiều kiến nghị tới kỳ họp",
        slug="cu-tri-gui-gam-kien-nghi",
        category="Kinh tế – Xã hội",
        author="Lê Văn Đức",
        published=now - timedelta(seconds=1),
        paragraphs=(
            f"Sáng {today}, tại Kỳ họp thứ 12 HĐND huyện Tuyên Hóa khóa XX, các đại biểu đã nghe báo cáo tổng hợp ý "
            "kiến, kiến nghị của cử tri gửi tới kỳ họp.",
            *FILLER,
        ),
    )
    return convocation, [opening, questions]


# The session as the simulator tells it (crawler/simulator/sessions.py): its portals carry the real site's opening.
SESSION = Session("tuyenhoa", 12, datetime.now(TZ).date())


def crawl(run_cli: RunCli, realwp: RealWordPress, db: Path) -> None:
    result = run_cli("crawl", "--url", realwp.origin + "/", "--cms", "wordpress", "--slug", "realwp", "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]


def event_of(run_cli: RunCli, db: Path, tmp_path: Path, meeting_id: int) -> icalendar.Event:
    out = tmp_path / "meetings.ics"
    result = run_cli("feed", "--format", "ics", "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr[-2000:]
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    [event] = [e for e in events if str(e["UID"]) == f"meeting-{meeting_id}@portalwatch"]
    return event


def alert_kinds(db: Path, meeting_id: int) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT kind FROM alerts WHERE kind != 'new_article' AND dedupe LIKE ? ORDER BY id", (f"%:{meeting_id}",)
        )
        return [r[0] for r in rows]
    finally:
        conn.close()


def test_a_convocation_then_two_reports_a_week_later(realwp: RealWordPress, run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "pw.sqlite3"
    now = datetime.now(TZ)
    convocation, _ = session_posts(now)
    with realwp.published([convocation]) as [announced_post]:
        crawl(run_cli, realwp, db)
        store = open_store(db)
        try:
            [announced] = [m for m in store.meetings() if m["url"] == announced_post.link]
            assert (announced["status"], announced["ordinal"], announced["meeting_date"]) == (
                "announced",
                12,
                now.date().isoformat(),
            )
            assert announced["location"] == "Hội trường UBND huyện"
            assert alert_kinds(db, announced["id"]) == ["upcoming_meeting"]
            event = event_of(run_cli, db, tmp_path, announced["id"])
            assert (str(event["STATUS"]), event["SEQUENCE"]) == ("TENTATIVE", 0)

            _, reports = session_posts(datetime.now(TZ))  # after the crawl: what it has not seen
            with realwp.published(reports) as posted:
                crawl(run_cli, realwp, db)
                record = store.meeting(announced["id"])
                assert record is not None and record["status"] == "held"
                assert sorted((r["url"], r["role"]) for r in record["reports"]) == sorted(
                    [(announced_post.link, "announcement"), *((p.link, "report") for p in posted)]
                )
                assert record["chair"] == "Trần Hữu Chức" and record["meeting_date"] == now.date().isoformat()
                assert alert_kinds(db, announced["id"]) == ["upcoming_meeting", "meeting"]
                event = event_of(run_cli, db, tmp_path, announced["id"])
                assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CONFIRMED", 1)
                assert str(event["SUMMARY"]) == "Khai mạc Kỳ họp thứ 12 HĐND huyện Tuyên Hóa khóa XX"
                stored = {a["url"]: a for a in store.articles()}
                assert {(stored[p.link]["category"], stored[p.link]["byline"]) for p in posted} == {
                    ("Xây dựng Đảng", "Trần Văn Hùng"),
                    ("Kinh tế – Xã hội", "Lê Văn Đức"),
                }
                assert all(stored[p.link]["is_meeting_report"] for p in posted)
                assert not stored[announced_post.link]["is_meeting_report"]

                # The opening's story on two more portals (simulated WordPress sites, one retitling it).
                opening = posted[0]
                specs = [replace(SPECS["sim-tuyenhoa"], count=12), replace(SPECS["sim-bench"], count=12)]
                with start(0, specs) as sim:
                    for site, variation in zip(sim.sites.values(), (None, "title changed"), strict=True):
                        copy = site.publish_session(SESSION, "opening", opening.published, variation=variation)
                        site.revise(edits={copy.id: replace(copy, paragraphs=opening.paragraphs)})  # its text
                    bases = [f"--base-url={slug}={site.origin}" for slug, site in sim.sites.items()]
                    result = run_cli("crawl", *sim.sites, *bases, "--db", str(db))
                    assert result.returncode == 0, result.stderr[-3000:]
                record = store.meeting(announced["id"])
                assert record is not None
                assert sorted({r["portal"] for r in record["reports"]}) == ["realwp", "sim-bench", "sim-tuyenhoa"]
                assert len(record["reports"]) == 5
                assert alert_kinds(db, announced["id"]) == ["upcoming_meeting", "meeting"]
                conn = sqlite3.connect(db)
                held, alerted = conn.execute(
                    "SELECT (SELECT count(*) FROM meetings WHERE status = 'held'),"
                    " (SELECT count(*) FROM alerts WHERE kind = 'meeting')"
                ).fetchone()
                conn.close()
                assert alerted == held, "one alert per meeting, none for a copy"
        finally:
            store.close()
