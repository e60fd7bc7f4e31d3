"""Meeting records in the store: one row per meeting, one alert per meeting, announced -> held, the calendar's one
event per meeting, the feed and webhook filters, ``portalwatch meetings``, and stores written before records."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from crawler.cli import main
from crawler.dates import TZ
from crawler.enrich import detect_meeting, normalize, resolve_dates
from crawler.feed import ics, parse_request, render
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem, MeetingInfo
from crawler.meetings.identity import Place
from crawler.registry import load_registry
from crawler.store import Store, open_store
from crawler.store.base import MeetingQuery
from crawler.store.filters import EntryFilter
from crawler.store.migrations import MIGRATIONS
from pipelines.store import alert_kinds

REGISTRY = load_registry()
DONG_THAP = Place(province="Đồng Tháp", district="Tân Hồng", level="province")
TAN_HONG = Place(province="Đồng Tháp", district="Tân Hồng", level="district")
TODAY = datetime.now(TZ).date()
FILLER = "Các đại biểu đã tập trung thảo luận, đóng góp nhiều ý kiến tâm huyết, trách nhiệm."


def article(
    portal: str,
    n: int,
    title: str,
    lead: str,
    published: datetime,
    *,
    category: str = "Tin hoạt động",
    byline: str = "Minh Châu",
    place: Place | None = TAN_HONG,
    body: tuple[str, ...] = (),
) -> ArticleItem:
    """An article as the pipelines hand it to the store (the portal's place lends a body its place)."""
    item = ArticleItem(
        portal=portal,
        url=f"http://{portal}.test/tin-tuc/{n}",
        cms="wordpress",
        title=title,
        content_id=str(n),
        lead=lead,
        body=list(body) or [f"Bài số {n} của {portal}: {FILLER}"],
        category=category,
        byline=byline,
        published=published,
    )
    return detect_meeting(resolve_dates(normalize(item)), place)


def save(store: Store, *items: ArticleItem) -> None:
    for item in items:
        store.save_article(item, dedupe_key(item), alert_kinds(item))


def d(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def alerts(store: Store) -> list[tuple[str, str]]:
    """The meeting alerts (every new article also raises its own ``new_article`` alert, counted apart)."""
    return sorted((a["kind"], a["dedupe"]) for a in meeting_alerts(store))


def meeting_alerts(store: Store) -> list[dict[str, object]]:
    return [a for a in store.alerts() if a["kind"] != "new_article"]


def convocation(day: date, published: datetime, n: int = 1) -> ArticleItem:
    return article(
        "sim-tanhong",
        n,
        "Thông báo triệu tập Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX",
        f"Thường trực HĐND huyện Tân Hồng vừa ban hành thông báo triệu tập Kỳ họp thứ 12 HĐND huyện khóa XX, nhiệm "
        f"kỳ 2021-2026. Kỳ họp dự kiến khai mạc vào sáng ngày {d(day)} tại Hội trường UBND huyện Tân Hồng.",
        published,
    )


def opening(day: date, n: int = 2, portal: str = "sim-tanhong", place: Place | None = TAN_HONG) -> ArticleItem:
    return article(
        portal,
        n,
        "Khai mạc Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX",
        f"Sáng {d(day)}, tại Hội trường UBND huyện, HĐND huyện Tân Hồng khóa XX, nhiệm kỳ 2021-2026 khai mạc Kỳ họp "
        "thứ 12. Đồng chí Võ Thành Hưng - Chủ tịch HĐND huyện chủ trì kỳ họp.",
        at(day, 11),
        category="Xây dựng Đảng",
        place=place,
    )


def outcome(day: date, n: int = 3) -> ArticleItem:
    return article(
        "sim-tanhong",
        n,
        "HĐND huyện thông qua 15 nghị quyết",
        f"Chiều {d(day)}, sau hai ngày làm việc, Kỳ họp thứ 12 HĐND huyện khóa XX đã bế mạc. Kỳ họp đã thông qua 15 "
        "nghị quyết quan trọng.",
        at(day, 17),
        category="Kinh tế - Xã hội",
        byline="BT: Thanh Tùng",
    )


def calendar(store: Store, **params: list[str]) -> list[icalendar.Event]:
    req = parse_request(params, REGISTRY)
    return list(icalendar.Calendar.from_ical(render("ics", store.feed, req, REGISTRY, "http://t")).walk("VEVENT"))


# One row and one alert per meeting ---------------------------------------------------------------------------


def test_two_reports_of_one_session_on_one_portal_are_one_meeting_with_one_alert(store: Store) -> None:
    day = date(2025, 7, 10)
    save(store, opening(day), outcome(day + timedelta(days=1)))
    [meeting] = store.meetings()
    assert (meeting["status"], meeting["kind"], meeting["ordinal"], meeting["term"]) == (
        "held",
        "council_session",
        12,
        "khóa XX",
    )
    assert (meeting["meeting_date"], meeting["body"], meeting["articles"]) == (
        "2025-07-10",
        "Hội đồng nhân dân huyện Tân Hồng",
        2,
    )
    assert (meeting["location"], meeting["chair"], meeting["portal"]) == (
        "Hội trường UBND huyện",
        "Võ Thành Hưng",
        "sim-tanhong",
    )
    assert alerts(store) == [("meeting", f"meeting:{meeting['id']}")]
    [alert] = meeting_alerts(store)
    assert alert["title"] == "Khai mạc Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX", "the earliest report"
    assert [a["is_meeting_report"] for a in store.articles()] == [True, True]


def test_one_story_on_three_portals_is_one_meeting_with_one_alert(store: Store) -> None:
    day = date(2025, 7, 10)
    original = opening(day)
    copy = article(  # a province portal's copy, retitled, a day later: the same story (cluster)
        "sim-dongthap",
        7,
        "Tân Hồng: khai mạc Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX",
        original.lead or "",
        at(day + timedelta(days=1), 8),
        body=tuple(original.body),
        byline="Phòng Thông tin - Tỉnh ủy",
        place=DONG_THAP,
    )
    own = article(  # another portal's own report: the same session by its fields (identity)
        "sim-bench",
        9,
        "Kỳ họp thứ 12 HĐND huyện Tân Hồng: xem xét nhiều báo cáo quan trọng",
        f"Sáng {d(day)}, Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX đã khai mạc để xem xét các báo cáo, tờ trình.",
        at(day, 15),
        place=TAN_HONG,
    )
    save(store, copy, own, original)  # in any order
    [meeting] = store.meetings()
    record = store.meeting(meeting["id"])
    assert record is not None
    assert sorted(r["portal"] for r in record["reports"]) == ["sim-bench", "sim-dongthap", "sim-tanhong"]
    assert [a[0] for a in alerts(store)] == ["meeting"]
    assert meeting_alerts(store)[0]["portal"] == "sim-tanhong", "the alert names the earliest-published report"
    assert (record["title"], record["portal"]) == (original.title, "sim-dongthap")  # the record names its first


STORY = (
    "Kỳ họp xem xét các báo cáo về tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh "
    "6 tháng đầu năm và nhiệm vụ, giải pháp 6 tháng cuối năm 2025 của huyện Tân Hồng.",
    "Theo báo cáo, tổng giá trị sản xuất trên địa bàn huyện ước đạt hơn 6.200 tỷ đồng, tăng 7,2% so với cùng kỳ; "
    "thu ngân sách nhà nước đạt 62% dự toán; tỷ lệ hộ nghèo giảm còn 2,1%.",
    "Các đại biểu tập trung thảo luận về tiến độ giải ngân vốn đầu tư công, công tác phòng chống hạn mặn, xây dựng "
    "nông thôn mới nâng cao và sắp xếp đơn vị hành chính cấp xã.",
)


def test_a_copy_whose_text_names_no_meeting_joins_its_storys_meeting(store: Store) -> None:
    day = date(2025, 7, 10)
    original = opening(day)
    original.body = list(STORY)
    # Copies the detector reads less of than the original (a slogan for a headline, a lead it misses): their
    # story (``cluster_id``) says which meeting they are.
    trimmed = article(
        "sim-dongthap", 8, "Tin từ huyện Tân Hồng", original.lead or "", at(day, 20), body=STORY[:2], place=DONG_THAP
    )
    trimmed.meeting = MeetingInfo(kind="council_session", body_key="@sim-dongthap")  # no number, body or day
    bare = article("sim-bench", 9, "Tin từ huyện Tân Hồng", original.lead or "", at(day, 21), body=STORY)
    bare.meeting = None
    save(store, original, trimmed, bare)
    [meeting] = store.meetings()
    assert meeting["articles"] == 3 and len(meeting_alerts(store)) == 1
    record = store.meeting(meeting["id"])
    assert record is not None and [r["role"] for r in record["reports"]] == ["report", "report", "copy"]


def test_different_sessions_and_bodies_are_different_meetings(store: Store) -> None:
    day = date(2025, 7, 10)
    thirteenth = article(
        "sim-tanhong",
        4,
        "Khai mạc Kỳ họp thứ 13 HĐND huyện Tân Hồng khóa XX",
        "Sáng 5/8/2025, HĐND huyện Tân Hồng khóa XX khai mạc Kỳ họp thứ 13 (kỳ họp chuyên đề).",
        at(date(2025, 8, 5), 11),
    )
    province = article(
        "sim-dongthap",
        5,
        "Khai mạc Kỳ họp thứ 12 HĐND tỉnh khóa X",
        "Sáng 10/7/2025, HĐND tỉnh khóa X khai mạc Kỳ họp thứ 12.",
        at(day, 9),
        place=DONG_THAP,
    )
    save(store, opening(day), thirteenth, province)
    assert sorted((m["ordinal"], m["body"]) for m in store.meetings()) == [
        (12, "Hội đồng nhân dân huyện Tân Hồng"),
        (12, "Hội đồng nhân dân tỉnh"),
        (13, "Hội đồng nhân dân huyện Tân Hồng"),
    ]
    assert [k for k, _ in alerts(store)] == ["meeting"] * 3


# Announced -> held, and the calendar's one event -------------------------------------------------------------


def test_an_announcement_then_the_report_a_week_later(store: Store) -> None:
    save(store, convocation(TODAY, at(TODAY - timedelta(days=7), 9)))
    [announced] = store.meetings(MeetingQuery(status="announced"))
    assert (announced["meeting_date"], announced["location"]) == (TODAY.isoformat(), "Hội trường UBND huyện Tân Hồng")
    assert alerts(store) == [("upcoming_meeting", f"upcoming_meeting:{announced['id']}")]
    [event] = calendar(store)
    uid = str(event["UID"])
    assert (str(event["STATUS"]), event["SEQUENCE"], event.decoded("DTSTART")) == ("TENTATIVE", 0, TODAY)
    assert str(event["LOCATION"]) == "Hội trường UBND huyện Tân Hồng, Tân Hồng, Đồng Tháp"

    save(store, opening(TODAY))
    [held] = store.meetings()
    assert (held["id"], held["status"], held["meeting_date"], held["articles"]) == (
        announced["id"],
        "held",
        TODAY.isoformat(),
        2,
    )
    assert [k for k, _ in alerts(store)] == ["meeting", "upcoming_meeting"]
    assert store.meetings(MeetingQuery(status="announced")) == []
    [event] = calendar(store)
    assert (str(event["UID"]), str(event["STATUS"]), event["SEQUENCE"]) == (uid, "CONFIRMED", 1)
    assert str(event["SUMMARY"]) == "Khai mạc Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX", "the report stands for it"

    save(store, opening(TODAY, n=5, portal="sim-bench"), convocation(TODAY, at(TODAY - timedelta(days=6), 9), n=6))
    assert [k for k, _ in alerts(store)] == ["meeting", "upcoming_meeting"], "nothing new for a held meeting"
    [event] = calendar(store)
    assert event["SEQUENCE"] == 1


def test_old_announcements_make_records_not_alerts(store: Store) -> None:
    past = date(2022, 6, 27)
    save(store, convocation(past, at(past - timedelta(days=7), 9)))
    [meeting] = store.meetings()
    assert meeting["status"] == "announced" and meeting_alerts(store) == []
    save(store, opening(past))
    assert [k for k, _ in alerts(store)] == ["meeting"]


def test_a_postponement_then_a_cancellation(store: Store) -> None:
    day = TODAY + timedelta(days=10)
    save(store, convocation(day, at(TODAY, 8)))
    [event] = calendar(store)
    postponed = article(
        "sim-tanhong",
        11,
        "Hoãn Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX",
        f"Thường trực HĐND huyện thông báo hoãn Kỳ họp thứ 12 HĐND huyện Tân Hồng khóa XX dự kiến tổ chức ngày "
        f"{d(day)} sang thời gian khác.",
        at(TODAY, 9),
    )
    assert postponed.meeting is not None and postponed.meeting.status == "postponed"
    assert not postponed.is_meeting_report and alert_kinds(postponed) == ["new_article"]
    save(store, postponed)
    [meeting] = store.meetings()
    assert (meeting["status"], meeting["articles"]) == ("postponed", 2)
    [moved] = calendar(store)
    assert (str(moved["UID"]), str(moved["STATUS"]), moved["SEQUENCE"]) == (str(event["UID"]), "TENTATIVE", 1)
    # The detector reads few cancellation notices yet ("bị hủy", "hủy kỳ họp" headlines): the record's rule is
    # tested on a notice whose fields say so.
    cancelled = article(
        "sim-tanhong", 12, postponed.title, (postponed.lead or "").replace("hoãn", "hủy"), at(TODAY, 10)
    )
    cancelled.meeting = replace(postponed.meeting, status="cancelled")
    save(store, cancelled)
    [gone] = calendar(store)
    assert (str(gone["STATUS"]), gone["SEQUENCE"]) == ("CANCELLED", 2)
    assert [k for k, _ in alerts(store)] == ["upcoming_meeting"]


# Filters: feed, webhooks, calendar ---------------------------------------------------------------------------


def test_upcoming_meetings_are_a_filter_of_their_own(store: Store) -> None:
    later = TODAY + timedelta(days=5)
    save(store, opening(date(2025, 7, 10)))
    announcement = article(
        "sim-dongthap",
        21,
        "Thông báo triệu tập Kỳ họp thứ 14 HĐND tỉnh khóa X",
        f"Thường trực HĐND tỉnh thông báo triệu tập Kỳ họp thứ 14 HĐND tỉnh khóa X. Kỳ họp dự kiến khai mạc vào sáng "
        f"ngày {d(later)}.",
        at(TODAY, 8),
        place=DONG_THAP,
    )
    save(store, announcement)

    def kinds(**params: list[str]) -> list[str]:
        page = store.feed.entries(parse_request(params, REGISTRY).filter)
        return [e["kind"] for e in page.entries]

    assert sorted(kinds()) == ["meeting", "upcoming_meeting"], "each article once, as its alert"
    assert kinds(kind=["upcoming_meeting"]) == ["upcoming_meeting"]
    assert kinds(kind=["meeting"]) == kinds(kind=["council_session"]) == ["meeting"]
    assert sorted(kinds(kind=["new_article"])) == ["new_article", "new_article"]
    rows = store.outbox.alerts_after(0)
    by_kind = {r["kind"]: r for r in rows}
    assert EntryFilter(kinds=("upcoming_meeting",)).matches(by_kind["upcoming_meeting"])
    assert not EntryFilter(kinds=("upcoming_meeting",)).matches(by_kind["meeting"])
    assert not EntryFilter(kinds=("council_session",)).matches(by_kind["upcoming_meeting"])
    assert not EntryFilter(kinds=("new_article",)).matches(by_kind["upcoming_meeting"])
    assert EntryFilter(kinds=("new_article",)).matches(by_kind["new_article"])
    for flt in (
        EntryFilter(kinds=("upcoming_meeting",)),
        EntryFilter(kinds=("meeting",)),
        EntryFilter(kinds=("new_article",)),
        EntryFilter(),
    ):
        where, args = flt.alert_sql()
        conn = store.conn  # type: ignore[attr-defined]
        got = {
            r[0]
            for r in conn.execute(
                f"SELECT alerts.kind FROM alerts LEFT JOIN articles ON articles.id = alerts.article_id WHERE {where}",
                args,
            )
        }
        assert got == {r["kind"] for r in rows if flt.matches(r)}, "SQL and memory agree"
    view = render("json", store.feed, parse_request({"kind": ["upcoming_meeting"]}, REGISTRY), REGISTRY, "http://t")
    [item] = json.loads(view)["items"]
    assert item["title"].startswith("[Cuộc họp sắp diễn ra] Thông báo triệu tập Kỳ họp thứ 14")
    assert item["_portalwatch"]["meeting"]["status"] == "announced"
    assert [str(e["STATUS"]) for e in calendar(store, kind=["upcoming_meeting"])] == ["TENTATIVE"]
    assert [str(e["STATUS"]) for e in calendar(store, kind=["meeting"])] == ["CONFIRMED"]
    assert len(calendar(store, kind=["council_session"])) == 2
    assert len(calendar(store, portal=["sim-dongthap"])) == 1


# portalwatch meetings -----------------------------------------------------------------------------------------


def test_meetings_command(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "pw.sqlite3")
    save(store, convocation(TODAY + timedelta(days=3), at(TODAY, 8)), opening(date(2025, 7, 10), n=30))
    assert main(["meetings", "--db", db, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["status"], r["ordinal"]) for r in rows] == [("announced", 12), ("held", 12)]
    assert main(["meetings", "--db", db, "--status", "held", "--json"]) == 0
    [held] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (held["meeting_date"], held["articles"], held["body"], held["province"]) == (
        "2025-07-10",
        1,
        "Hội đồng nhân dân huyện Tân Hồng",
        "Đồng Tháp",
    )
    assert main(["meetings", "--db", db, "--since", TODAY.isoformat(), "--json"]) == 0
    assert [json.loads(line)["status"] for line in capsys.readouterr().out.splitlines()] == ["announced"]
    assert main(["meetings", "--db", db, "--id", str(held["id"])]) == 0
    out = capsys.readouterr().out
    assert "Khai mạc Kỳ họp thứ 12" in out and "report" in out and "http://sim-tanhong.test/tin-tuc/30" in out
    assert main(["meetings", "--db", db, "--since", "10/7/2025"]) == 2
    assert capsys.readouterr().err == "portalwatch: --since '10/7/2025' is not a date; write it as YYYY-MM-DD.\n"
    assert main(["meetings", "--db", db, "--id", "999"]) == 2
    assert "no meeting 999" in capsys.readouterr().err


# A store written before meeting records ------------------------------------------------------------------------


def test_a_store_from_before_meeting_records_keeps_one_alert_per_meeting(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    old = [(name, sql) for name, sql in MIGRATIONS if name < "0030"]
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    from crawler.store.clusterindex import register_functions

    register_functions(conn)
    for name, sql in old:
        for statement in (s.strip() for s in sql.split(";")):
            if statement:
                conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,))
    day = date(2025, 7, 10)
    report = opening(day)
    meeting = json.dumps({"kind": "council_session", "ordinal": 12, "date": "2025-07-10", "body": report.meeting.body})  # type: ignore[union-attr]
    conn.execute(
        "INSERT INTO articles (id, dedupe_key, portal, cms, url, title, published, lead, body, is_meeting_report,"
        " meeting, cluster_id, first_seen, last_seen, content_hash) VALUES (1, 'k1', 'sim-tanhong', 'wordpress', ?, ?,"
        " '2025-07-10T04:00:00+00:00', ?, '[]', 1, ?, 1, ?, ?, 'h')",
        (report.url, report.title, report.lead, meeting, "2025-07-10T05:00:00+00:00", "2025-07-10T05:00:00+00:00"),
    )
    conn.execute(
        "INSERT INTO alerts (id, kind, article_id, portal, created_at, dedupe) VALUES"
        " (1, 'meeting', 1, 'sim-tanhong', '2025-07-10T05:00:00+00:00', 'meeting:cluster:1')"
    )
    conn.close()
    store = open_store(path)
    try:
        [record] = store.meetings()
        assert (record["status"], record["ordinal"], record["articles"]) == ("held", 12, 1)
        assert alerts(store) == [("meeting", f"meeting:{record['id']}")]
        save(store, outcome(day + timedelta(days=1)))  # another report on the same portal: no new alert
        assert len(meeting_alerts(store)) == 1 and store.meetings()[0]["articles"] == 2
    finally:
        store.close()


def test_ics_events_without_a_date_are_left_out() -> None:
    record = {"id": 1, "portal": "sim-tanhong", "kind": "congress", "meeting_date": None, "updated_at": "2025-07-01"}
    assert b"BEGIN:VEVENT" not in ics([record], REGISTRY)
