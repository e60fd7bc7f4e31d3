"""Meeting records: one ``meetings`` row per real meeting, and ``article_meetings`` linking every article about it.

An article that reports, announces or puts off a meeting joins the record whose identity is the same
(``crawler.meetings.identity.same_meeting``: body, kind, number and term, else the day), or the record of a copy of
its story (``cluster_id``), or starts one. A copy whose own text names no meeting joins its story's record too. The
record's status goes ``announced`` -> ``held`` (or ``postponed`` / ``cancelled`` while not held); its alerts are keyed
by the record (``crawler.store.base.alert_key``), so one meeting raises one ``upcoming_meeting`` and one ``meeting``
alert however many articles on however many portals tell of it. ``sequence`` counts the changes a calendar shows
(status, date, venue), for the ICS ``SEQUENCE`` of the meeting's one event.

The SQL is the subset SQLite and PostgreSQL share (``?`` placeholders, ``RETURNING``, ``ON CONFLICT``); it runs in
the save path's transaction, on the store's connection.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crawler.dates import TZ
from crawler.items import ArticleItem, MeetingInfo
from crawler.meetings.identity import MeetingIdentity, body_key, identity, next_status, same_meeting
from crawler.store.base import MeetingQuery
from crawler.vocab import AlertKind, MeetingStatus

# What an article is to its meeting.
ROLES = {
    MeetingStatus.HELD: "report",
    MeetingStatus.ANNOUNCED: "announcement",
    MeetingStatus.POSTPONED: "notice",
    MeetingStatus.CANCELLED: "notice",
}
COPY = "copy"  # a copy of a story about the meeting, whose own text names none
# The columns a meeting listing reads: the record, and the title and URL of the article that stands for it.
MEETING_COLUMNS = (
    "m.id, m.kind, m.ordinal, m.term, m.body, m.level, m.portal, m.status, m.meeting_date, m.location, m.chair,"
    " m.period, m.sequence, m.first_seen, m.last_seen, m.updated_at, m.article_id,"
    " a.title AS title, a.url AS url, a.lead AS lead, a.portal AS article_portal,"
    " (SELECT count(*) FROM article_meetings am WHERE am.meeting_id = m.id) AS articles"
)


# An announcement alerts while its meeting is still to come: its planned day is today or later, or, with no day
# planned ("sẽ khai mạc vào đầu tháng tới"), it was published within this many days. The first crawl of an
# archive finds convocations of meetings long past: they make records, not alerts.
UPCOMING_DAYS = 14


@dataclass(frozen=True)
class Joined:
    """The record an article joined, the record's status after it, and whether that meeting is still to come."""

    meeting_id: int
    status: str
    upcoming: bool = False


def still_upcoming(planned: date | None, published: date | None, today: date) -> bool:
    """Whether a meeting not held yet is still to come (``UPCOMING_DAYS``)."""
    if planned is not None:
        return planned >= today
    return published is not None and (today - published).days <= UPCOMING_DAYS


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(TZ).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def article_identity(item: ArticleItem) -> MeetingIdentity | None:
    """The identity of the meeting an article names (its ``body_key``, else one kept to its portal)."""
    info = item.meeting
    if info is None:
        return None
    key = info.body_key or body_key(info.body, info.level, portal=item.portal)
    return identity(
        info.kind,
        key,
        ordinal=info.ordinal,
        term=info.term,
        day=_day(info.date),
        seen=_day(item.published),
        period=info.period,
    )


def row_identity(row: Any) -> MeetingIdentity:
    """The identity of a stored record."""
    return identity(
        row["kind"],
        row["body_key"],
        ordinal=row["ordinal"],
        term=row["term"],
        day=_day(row["meeting_date"]),
        seen=_day(row["seen_date"]),
        period=row["period"],
    )


def alert_meeting_kinds(kinds: Sequence[str], joined: Joined | None) -> list[str]:
    """The alerts an article raises: a report ``meeting``; an announcement ``upcoming_meeting`` only while its
    meeting is not held and still to come (a convocation read after the report, or long after the day, is no
    news)."""
    if joined is None or (joined.status != MeetingStatus.HELD and joined.upcoming):
        return list(kinds)
    return [k for k in kinds if k != AlertKind.UPCOMING_MEETING]


# Migration 0030's twin for the PostgreSQL store (crawler/store/postgres/migrations.py, not on this branch yet): the
# same tables in its terms. Dates and times stay ISO text, as this module reads and compares them. Its 0031 twin is
# ``records_from_alerts(conn, "%s")`` followed by
# ``SELECT setval(pg_get_serial_sequence('meetings', 'id'), coalesce(max(id), 1)) FROM meetings``.
POSTGRES_0030 = """
CREATE TABLE meetings (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    ident text NOT NULL,
    kind text NOT NULL,
    ordinal integer,
    term text,
    body text,
    body_key text NOT NULL,
    level text,
    portal text NOT NULL,
    status text NOT NULL,
    meeting_date text,
    seen_date text,
    location text,
    chair text,
    period text,
    article_id bigint REFERENCES articles (id),
    sequence integer NOT NULL DEFAULT 0,
    first_seen text NOT NULL,
    last_seen text NOT NULL,
    updated_at text NOT NULL
);
CREATE INDEX meetings_ident ON meetings (ident);
CREATE INDEX meetings_first_seen ON meetings (first_seen, id);
CREATE INDEX meetings_date ON meetings (meeting_date);
CREATE TABLE article_meetings (
    article_id bigint PRIMARY KEY REFERENCES articles (id),
    meeting_id bigint NOT NULL REFERENCES meetings (id),
    role text NOT NULL,
    linked_at text NOT NULL
);
CREATE INDEX article_meetings_meeting ON article_meetings (meeting_id, article_id)
"""


def records_from_alerts(conn: Any, mark: str = "?") -> None:
    """Migration 0031: a held record for each meeting alert of a store written before records (one per story),
    linking every copy of its story, and the alert made the record's (``meeting:<id>``, the record taking the
    alert's id). The body key is kept to the reporting portal: the registry's places are not the store's to read.
    ``mark`` is the connection's placeholder (``?`` SQLite, ``%s`` psycopg); the SQL is both engines'."""
    rows = conn.execute(
        "SELECT alerts.id, alerts.created_at, a.id, a.portal, a.published, a.meeting FROM alerts"
        " JOIN articles a ON a.id = alerts.article_id WHERE alerts.kind = 'meeting' ORDER BY alerts.id"
    ).fetchall()
    columns = (
        "id, ident, kind, ordinal, term, body, body_key, level, portal, status, meeting_date, seen_date, chair,"
        " period, article_id, first_seen, last_seen, updated_at"
    )
    for alert_id, created, article_id, portal, published, stored in rows:
        info = json.loads(stored) if isinstance(stored, str) else stored
        if not isinstance(info, dict) or not info.get("kind"):
            continue
        key = body_key(info.get("body"), info.get("level"), portal=portal)
        lookup = identity(info["kind"], key, ordinal=info.get("ordinal")).lookup
        day, seen = _day(info.get("date")), _day(published)
        conn.execute(
            f"INSERT INTO meetings ({columns}) VALUES ({', '.join([mark] * 18)})",
            (
                alert_id,
                lookup,
                info["kind"],
                info.get("ordinal"),
                info.get("term"),
                info.get("body"),
                key,
                info.get("level"),
                portal,
                MeetingStatus.HELD.value,
                day.isoformat() if day else None,
                seen.isoformat() if seen else None,
                info.get("chair"),
                info.get("period"),
                article_id,
                created,
                created,
                created,
            ),
        )
        conn.execute(
            "INSERT INTO article_meetings (article_id, meeting_id, role, linked_at)"
            f" SELECT c.id, {mark}, CASE WHEN c.is_meeting_report THEN 'report' ELSE 'copy' END, {mark}"
            f" FROM articles c WHERE c.cluster_id = (SELECT coalesce(cluster_id, id) FROM articles WHERE id = {mark})"
            f" OR c.id = {mark} ON CONFLICT (article_id) DO NOTHING",
            (alert_id, created, article_id, article_id),
        )
        conn.execute(f"UPDATE alerts SET dedupe = {mark} WHERE id = {mark}", (f"meeting:{alert_id}", alert_id))


class MeetingRecordsMixin:
    """The meeting half of a store; it provides ``conn`` (inside the save path's transaction)."""

    conn: Any

    # Writes (inside the caller's transaction) -----------------------------------------------------------

    def _join_meeting(
        self, article_id: int, cluster: int, item: ArticleItem, published: str | None, now: str, *, new: bool
    ) -> Joined | None:
        """Join a saved article (``new``, or a new version of a stored one) to its meeting record (found, its
        story's, or a new one) and advance the record; None when it is about no meeting."""
        info = item.meeting
        if new and info is None and cluster == article_id:
            return None  # most articles: no meeting named, no story to share one with
        linked = (
            None
            if new
            else self.conn.execute(
                "SELECT meeting_id FROM article_meetings WHERE article_id = ?", (article_id,)
            ).fetchone()
        )
        meeting_id: int | None = int(linked[0]) if linked else None
        wanted = article_identity(item)
        if meeting_id is None and wanted is not None:
            meeting_id = self._find_meeting(wanted)
        if meeting_id is None and cluster != article_id:
            story = self.conn.execute(
                "SELECT min(am.meeting_id) FROM article_meetings am JOIN articles a ON a.id = am.article_id"
                " WHERE a.cluster_id = ?",
                (cluster,),
            ).fetchone()
            meeting_id = int(story[0]) if story and story[0] is not None else None
        if meeting_id is None:
            if info is None or wanted is None:
                return None
            meeting_id = self._new_meeting(wanted, info, item, article_id, now)
        if linked is None:
            role = ROLES.get(MeetingStatus(info.status), COPY) if info is not None else COPY
            self.conn.execute(
                "INSERT INTO article_meetings (article_id, meeting_id, role, linked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (article_id) DO NOTHING",
                (article_id, meeting_id, role, now),
            )
        status, planned = self._advance(meeting_id, info, article_id, published, now)
        today = datetime.fromisoformat(now).astimezone(TZ).date()
        return Joined(meeting_id, status, still_upcoming(_day(planned), _day(item.published), today))

    def _find_meeting(self, wanted: MeetingIdentity) -> int | None:
        """The record with the same identity (the index on ``ident`` finds candidates); of several, the nearest in
        time, then the latest."""
        rows = self.conn.execute(
            "SELECT id, kind, body_key, ordinal, term, meeting_date, seen_date, period FROM meetings WHERE ident = ?",
            (wanted.lookup,),
        ).fetchall()
        when = wanted.day or wanted.seen
        best: tuple[int, int] | None = None
        for row in rows:
            found = row_identity(row)
            if same_meeting(found, wanted):
                other = found.day or found.seen
                rank = (abs((other - when).days) if other and when else 0, -int(row["id"]))
                best = min(best, rank) if best else rank
        return -best[1] if best else None

    def _new_meeting(
        self, wanted: MeetingIdentity, info: MeetingInfo, item: ArticleItem, article_id: int, now: str
    ) -> int:
        row = self.conn.execute(
            "INSERT INTO meetings (ident, kind, ordinal, term, body, body_key, level, portal, status, meeting_date,"
            " seen_date, location, chair, period, article_id, sequence, first_seen, last_seen, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
            (
                wanted.lookup,
                info.kind,
                info.ordinal,
                info.term,
                info.body,
                wanted.body,
                info.level,
                item.portal,
                info.status,
                wanted.day.isoformat() if wanted.day else None,
                wanted.seen.isoformat() if wanted.seen else None,
                info.location,
                info.chair if info.status == MeetingStatus.HELD else None,
                info.period,
                article_id,
                now,
                now,
                now,
            ),
        ).fetchone()
        return int(row[0])

    def _advance(
        self, meeting_id: int, info: MeetingInfo | None, article_id: int, published: str | None, now: str
    ) -> tuple[str, str | None]:
        """What one more article tells of a record: status, date, venue and missing fields; its status and date
        after."""
        row = self.conn.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
        if info is None:  # a copy whose own text names no meeting: seen again, nothing more
            self.conn.execute("UPDATE meetings SET last_seen = ? WHERE id = ?", (now, meeting_id))
            return str(row["status"]), row["meeting_date"]
        status = next_status(row["status"], info.status)
        day, new_day = row["meeting_date"], info.date.isoformat() if info.date else None
        if new_day and info.status == MeetingStatus.HELD:
            if row["status"] != MeetingStatus.HELD or day is None:
                day = new_day  # the first report dates it: the day it was held, not the day planned
            elif new_day < day:
                day = new_day  # a multi-day meeting is dated by its first day
        elif new_day and info.status == MeetingStatus.ANNOUNCED and row["status"] != MeetingStatus.HELD:
            day = new_day  # the latest plan
        elif new_day and day is None:
            day = new_day  # a notice putting it off dates it only when nothing else did
        location = row["location"] or info.location
        changed = (status, day, location) != (row["status"], row["meeting_date"], row["location"])
        representative = row["article_id"]
        if info.status == MeetingStatus.HELD and status == MeetingStatus.HELD:
            # The record stands for its earliest-published report, as its one ``meeting`` alert does.
            current = self.conn.execute(
                "SELECT published, id IN (SELECT article_id FROM article_meetings WHERE meeting_id = ? AND role = ?)"
                " FROM articles WHERE id = ?",
                (meeting_id, ROLES[MeetingStatus.HELD], representative),
            ).fetchone()
            if current is None or not current[1] or (published and current[0] and published < current[0]):
                representative = article_id
        self.conn.execute(
            "UPDATE meetings SET status = ?, meeting_date = ?, location = ?, article_id = ?,"
            " term = coalesce(term, ?), body = coalesce(body, ?), level = coalesce(level, ?),"
            " chair = coalesce(chair, ?), period = coalesce(period, ?), sequence = sequence + ?, last_seen = ?,"
            " updated_at = CASE WHEN ? = 1 THEN ? ELSE updated_at END WHERE id = ?",
            (
                status,
                day,
                location,
                representative,
                info.term,
                info.body,
                info.level,
                info.chair if info.status == MeetingStatus.HELD else None,
                info.period,
                int(changed),
                now,
                int(changed),
                now,
                meeting_id,
            ),
        )
        return status, day

    # Reads ---------------------------------------------------------------------------------------------------

    def meetings(self, query: MeetingQuery | None = None) -> list[dict[str, Any]]:
        """Meeting records, the latest meeting date first (``portalwatch meetings``)."""
        query = query or MeetingQuery()
        where, args = query.sql()
        sql = (
            f"SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN articles a ON a.id = m.article_id"
            f" WHERE {where} ORDER BY coalesce(m.meeting_date, substr(m.first_seen, 1, 10)) DESC, m.id DESC"
        )
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        return [meeting_view(r) for r in self.conn.execute(sql, args).fetchall()]

    def meeting(self, meeting_id: int) -> dict[str, Any] | None:
        """One record with every article linked to it (portal, URL, title, role), earliest publication first."""
        row = self.conn.execute(
            f"SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN articles a ON a.id = m.article_id WHERE m.id = ?",
            (meeting_id,),
        ).fetchone()
        if row is None:
            return None
        out = meeting_view(row)
        out["reports"] = [
            {**dict(r), "published": _local(r["published"])}
            for r in self.conn.execute(
                "SELECT a.id, a.portal, a.url, a.title, a.published, am.role FROM article_meetings am"
                " JOIN articles a ON a.id = am.article_id WHERE am.meeting_id = ?"
                " ORDER BY a.published IS NULL, a.published, a.id",
                (meeting_id,),
            ).fetchall()
        ]
        return out


def _local(text: str | None) -> str | None:
    if not text or len(text) == 10:
        return text
    return datetime.fromisoformat(text).astimezone(TZ).isoformat()


def meeting_view(row: Any) -> dict[str, Any]:
    """A record as listings, JSON output and the calendar read it (local times)."""
    out = {k: row[k] for k in row.keys()}  # noqa: SIM118 (sqlite3.Row and the PostgreSQL row alike)
    for key in ("first_seen", "last_seen", "updated_at"):
        out[key] = _local(out[key])
    return out


def iter_meetings(conn: Any, where: str, args: Sequence[Any], limit: int | None) -> Iterator[dict[str, Any]]:
    """Records for the calendar, newest first by first report, streamed (a static ICS of a large store)."""
    sql = (
        f"SELECT {MEETING_COLUMNS} FROM meetings m LEFT JOIN articles a ON a.id = m.article_id"
        f" WHERE {where} ORDER BY m.first_seen DESC, m.id DESC"
    )
    if limit is not None:
        sql, args = sql + " LIMIT ?", [*args, limit]
    for row in conn.execute(sql, args):
        yield meeting_view(row)
