"""Read queries behind the web workbench: entries by publication date with search, the meetings calendar, and the
entry page's full article and its copies on other portals.

The feed (``FeedQuery.entries``) lists entries in the order they were found, which is what a feed reader and a
webhook need. A reader of the workbench asks what was *published* lately: a portal crawled for the first time
brings years of archive at once, and discovery order would put 2022 items above 2025 ones. So here an article is
dated by ``SHOWN_SQL`` (its publication, or when we first saw it if the page gave no date or a later one), and an
alert about something that happened to an article or a portal (edited, removed, health) by when it happened. Paging
is by keyset on the indexes of migration 0041, one indexed stream per portal merged, as in ``FeedQuery``.

The calendar reads meeting records (``meetings``, crawler/store/meetingrecords.py): one per real meeting, with its
status (held, announced, postponed, cancelled) and the article that stands for it.

SQL here is portable but for ``json_extract`` (PostgreSQL: ``meeting->>'kind'``), the FTS5 ``MATCH`` (PostgreSQL: a
``tsvector`` over ``unaccent`` text) and row-value comparisons, which PostgreSQL has too.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

from crawler.store.articles import cluster_rows
from crawler.store.dialect import Connection, Dialect
from crawler.store.filters import MEETING_KINDS, AlertSelection, Cursor, EntryFilter, Page
from crawler.store.meetingrecords import MEETING_COLUMNS
from crawler.store.rows import JSON_COLUMNS, from_db
from crawler.store.search import match_expression, search_sql
from crawler.vocab import AlertKind

if TYPE_CHECKING:
    Key = tuple[str, int, int]

_MAX_ID = 2**62
_NEW, _MEETING = AlertKind.NEW_ARTICLE.value, AlertKind.MEETING.value
# The articles' columns a listing shows, with the story's size and the attachments (a listing shows their count).
_LIST_COLUMNS = (
    "id, portal, url, canonical_url, title, published, modified, byline, category, lead, is_meeting_report, meeting,"
    " first_seen, attachments, cluster_id"
)
# The story's one meeting alert, when this article is the copy it names.
_MEETING_ALERT = f"(SELECT min(m.id) FROM alerts m WHERE m.kind = '{_MEETING}' AND m.article_id = a.id)"
# A meeting record's alert: its report's, else its announcement's (``alert_key``); None when it raised none.
_RECORD_ALERT = (
    "coalesce((SELECT al.id FROM alerts al WHERE al.dedupe = 'meeting:' || m.id),"
    " (SELECT al.id FROM alerts al WHERE al.dedupe = 'upcoming_meeting:' || m.id))"
)
_RECORD_FIELDS = ("kind", "ordinal", "term", "body", "level", "location", "chair", "period", "status")
# What the workbench never shows of an article (keys and bookkeeping).
_HIDDEN = ("dedupe_key", "content_hash", "quarantine", "quarantine_alert", "search")


class WorkbenchReads:
    """The workbench's reads, mixed into ``FeedQuery`` (``self.conn`` is the thread's read-only connection)."""

    if TYPE_CHECKING:

        @property
        def conn(self) -> Connection: ...

        dialect: Dialect

        def _alert_entries(
            self,
            flt: EntryFilter,
            clause: tuple[str, list[str]],
            portal: str | None,
            limit: int,
            before: Cursor | None,
        ) -> Iterator[tuple[Key, dict[str, Any]]]: ...

    # Entries by publication date -------------------------------------------------------------

    def latest(
        self, flt: EntryFilter, limit: int = 50, before: Cursor | None = None, search: str | None = None
    ) -> Page:
        """One page of entries, newest publication first, and the next page's cursor.

        Each article is one entry (as its story's meeting alert when it is the copy that alert names); other alerts
        (edited, removed, portal health) are entries at the time they were raised. ``flt.since`` bounds the same
        dates. ``search`` (else ``flt.search``) keeps the articles whose title or lead has every word of it
        (``crawler.store.search``), and only articles; a search without a word finds nothing."""
        search = search if search is not None else flt.search
        match = None
        if search is not None and search.strip():
            match = match_expression(search)
            if match is None:
                return Page([], None)
        kinds = set(flt.kinds)
        articles: tuple[str, ...] | None  # None: no article entries; (): every article; else meeting kinds (or "*")
        if not kinds or _NEW in kinds:
            articles = ()
        elif _MEETING in kinds:
            articles = ("*",)
        elif kinds & MEETING_KINDS:
            articles = tuple(sorted(kinds & MEETING_KINDS))
        else:
            articles = None
        events = None
        if match is None:
            plain = kinds - MEETING_KINDS - {_NEW, _MEETING}
            selection = (
                AlertSelection(every=True, excluded=frozenset({_NEW, _MEETING}))
                if not kinds
                else AlertSelection(kinds=frozenset(plain))
            )
            events = selection.sql(self.dialect)
        streams: list[Iterable[tuple[Key, dict[str, Any]]]] = []
        for portal in [None] if flt.portals is None else list(flt.portals):
            if articles is not None:
                streams.append(self._shown_articles(flt, articles, portal, limit + 1, before, search))
            if events is not None:
                streams.append(self._alert_entries(flt, events, portal, limit + 1, before))
        merged = list(islice(heapq.merge(*streams, key=lambda e: e[0], reverse=True), limit + 1))
        last = merged[limit - 1][0] if len(merged) > limit and limit else None
        nxt = Cursor(last[0], "l" if last[1] else "a", last[2]) if last else None
        return Page([e for _, e in merged[:limit]], nxt)

    def _shown_articles(
        self,
        flt: EntryFilter,
        meeting_kinds: tuple[str, ...],
        portal: str | None,
        limit: int,
        before: Cursor | None,
        search: str | None,
    ) -> Iterator[tuple[Key, dict[str, Any]]]:
        shown = self.dialect.shown("a")
        where: list[str] = ["a.quarantine IS NULL"]  # injected pages are stored, never shown
        args: list[Any] = []
        if portal is not None:
            where.append("a.portal = ?")
            args.append(portal)
        if meeting_kinds:
            where.append(f"EXISTS (SELECT 1 FROM alerts m WHERE m.kind = '{_MEETING}' AND m.article_id = a.id)")
            if meeting_kinds != ("*",):
                where.append(f"{self.dialect.meeting_kind('a')} IN ({', '.join('?' * len(meeting_kinds))})")
                args += list(meeting_kinds)
        if flt.since:
            where.append(f"{shown} >= ?")
            args.append(flt.since)
        found = search_sql(self.dialect, "a", search)
        if found is not None:  # the one search rule (crawler/store/search.py)
            where.append(found[0])
            args += found[1]
        if before is not None:
            where.append(f"({shown}, a.id) < (?, ?)")
            args += [before.time, before.id if before.source == "a" else _MAX_ID]
        cols = ", ".join(f"a.{c.strip()}" for c in _LIST_COLUMNS.split(","))
        sql = (
            f"SELECT {cols}, {shown} AS shown, {_MEETING_ALERT} AS meeting_alert,"
            " (SELECT count(*) FROM articles c WHERE c.cluster_id = a.cluster_id) AS copies"
            f" FROM articles a WHERE {' AND '.join(where)} ORDER BY {shown} DESC, a.id DESC LIMIT ?"
        )
        for row in self.conn.execute(sql, [*args, limit]):
            article = _decode(row, ("shown", "meeting_alert", "copies"))
            alert_id = row["meeting_alert"]
            entry = {
                "id": f"alert:{alert_id}" if alert_id else f"article:{row['id']}",
                "kind": _MEETING if alert_id else _NEW,
                "time": row["first_seen"],
                "portal": row["portal"],
                "alert_id": alert_id,
                "article": article,
                "copies": row["copies"],
            }
            yield (row["shown"], 0, row["id"]), entry

    # The entry page ------------------------------------------------------------------------

    def article(self, article_id: int) -> dict[str, Any] | None:
        """Everything stored of one article a reader may see (body, images, attachments, authors, story, removal),
        or None when there is none or it is quarantined."""
        if not 0 < article_id < 2**63:
            return None
        row = self.conn.execute("SELECT * FROM articles WHERE id = ? AND quarantine IS NULL", (article_id,)).fetchone()
        return None if row is None else _decode(row, _HIDDEN)

    def cluster(self, cluster_id: int) -> list[dict[str, Any]]:
        """Every copy of one story (portal, url, title, published), earliest publication first."""
        return cluster_rows(self.conn, cluster_id)

    # The meetings calendar -----------------------------------------------------------------

    def calendar(self, flt: EntryFilter, first: date, last: date) -> list[dict[str, Any]]:
        """The meeting records dated from ``first`` to ``last`` (one per real meeting, whatever number of articles tell
        of it, held, announced, put off or called off), by date, each with the article that stands for it (id, title,
        URL, publication) and its alert; ``flt`` filters portals and meeting kinds (``meeting`` or none: every kind)."""
        where, args = _records_where(flt)
        sql = (
            f"SELECT {MEETING_COLUMNS}, a.published AS published, {_RECORD_ALERT} AS alert_id"
            " FROM meetings m LEFT JOIN articles a ON a.id = m.article_id"
            f" WHERE {where} AND m.meeting_date BETWEEN ? AND ? ORDER BY m.meeting_date, m.id"
        )
        rows = []
        for row in self.conn.execute(sql, [*args, first.isoformat(), last.isoformat()]):
            meeting = {key: row[key] for key in _RECORD_FIELDS if row[key] is not None}
            meeting["date"] = row["meeting_date"]
            rows.append(
                {
                    "meeting_id": row["id"],
                    "article_id": row["article_id"],
                    "alert_id": row["alert_id"],
                    "portal": row["article_portal"] or row["portal"],
                    "url": row["url"],
                    "title": row["title"],
                    "published": from_db(row["published"]),
                    "meeting": meeting,
                    "date": str(row["meeting_date"])[:10],
                    "status": row["status"],
                }
            )
        return rows

    def meeting_months(self, flt: EntryFilter) -> dict[str, int]:
        """How many meeting records each month holds (``YYYY-MM``), oldest first, under the calendar's filters."""
        where, args = _records_where(flt)
        sql = (
            "SELECT substr(m.meeting_date, 1, 7) AS month, count(*) FROM meetings m"
            " LEFT JOIN articles a ON a.id = m.article_id"
            f" WHERE {where} AND m.meeting_date IS NOT NULL GROUP BY month ORDER BY month"
        )
        return {r[0]: r[1] for r in self.conn.execute(sql, args) if r[0]}


def _records_where(flt: EntryFilter) -> tuple[str, list[Any]]:
    """The calendar's records (``meetings m`` with the article ``a`` that stands for each): ``EntryFilter.meeting_sql``
    with its meeting kinds only (``meeting`` alone would mean held ones, and the calendar shows every status), and
    never a record whose article is quarantined."""
    where, args = replace(flt, kinds=tuple(k for k in flt.kinds if k in MEETING_KINDS)).meeting_sql()
    return f"({where}) AND (a.id IS NULL OR a.quarantine IS NULL)", args


def _decode(row: sqlite3.Row, drop: Iterable[str] = ()) -> dict[str, Any]:
    """A stored article row as readers get it: JSON columns decoded, dates in local time, flags as booleans."""
    skip = set(drop)
    out = {k: row[k] for k in row.keys() if k not in skip}  # noqa: SIM118 (sqlite3.Row)
    for key in (*JSON_COLUMNS, "meeting"):
        if key in out and isinstance(out[key], str):
            out[key] = json.loads(out[key]) if out[key] else None
    for key in ("published", "modified", "first_seen", "last_seen", "updated_at", "removed_at"):
        if key in out:
            out[key] = from_db(out[key])
    if "is_meeting_report" in out:
        out["is_meeting_report"] = bool(out["is_meeting_report"])
    return out
