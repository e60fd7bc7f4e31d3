"""What a feed, the web page or a webhook subscriber asks for: one filter, read by SQL and by Python alike.

``EntryFilter`` is parsed once from ``province``/``district``/``portal``/``kind``/``since`` (``crawler.feed``).
Which alert rows its kinds select is decided in one place, ``EntryFilter.alerts``, as an ``AlertSelection``
that compiles to the store's SQL condition (``alert_sql``: the feed's alert entries, a subscribers file's
re-filtering of pending deliveries) and answers the same question for an alert row in memory (``matches``:
a webhook's enqueueing), so the two cannot drift apart.

Light on purpose: value types only, no connection, so anything may import them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crawler.vocab import AlertKind, MeetingKind, MeetingStatus

MEETING_KINDS = frozenset(k.value for k in MeetingKind)
_NEW, _MEETING, _UPCOMING = AlertKind.NEW_ARTICLE.value, AlertKind.MEETING.value, AlertKind.UPCOMING_MEETING.value
# Alerts that stand for their article in the default stream: it is an entry once, as its alert.
ARTICLE_ALERTS = (_MEETING, _UPCOMING)
# The calendar's statuses of ``upcoming_meeting``: not held yet (an event put off or called off stays, so that a
# calendar shows the change).
_NOT_HELD = (MeetingStatus.ANNOUNCED.value, MeetingStatus.POSTPONED.value, MeetingStatus.CANCELLED.value)
DOCUMENT = AlertKind.DOCUMENT.value  # a filter value: documents newly listed by a document registry
# The meeting kind of an alert's article, as the feed indexes of migration 0007_feed_indexes spell it.
MEETING_KIND_SQL = "json_extract(articles.meeting, '$.kind')"


class CursorError(ValueError):
    """A ``before`` cursor that this server did not hand out."""


@dataclass(frozen=True)
class Cursor:
    """Position after which the next page starts: entry time (UTC ISO), source ``a``/``l``, row id."""

    time: str
    source: str
    id: int

    def encode(self) -> str:
        return f"{self.time}~{self.source}{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        time, sep, rest = text.partition("~")
        if not sep or rest[:1] not in ("a", "l") or not rest[1:].isdigit():
            raise CursorError(f"cursor {text!r} is malformed; follow the feed's own next link.")
        try:
            datetime.fromisoformat(time)
        except ValueError:
            raise CursorError(f"cursor {text!r} is malformed; follow the feed's own next link.") from None
        return cls(time, rest[0], int(rest[1:]))


@dataclass(frozen=True)
class Page:
    entries: list[dict[str, Any]]
    next: Cursor | None


@dataclass(frozen=True)
class AlertSelection:
    """Alert rows by kind: every kind but ``excluded``, or the ``kinds`` whole and the meeting alerts whose
    article's meeting kind is one of ``meeting_kinds``."""

    every: bool = False
    excluded: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    meeting_kinds: frozenset[str] = frozenset()

    def admits(self, kind: str, meeting_kind: str | None) -> bool:
        """Whether an alert of ``kind``, about an article of ``meeting_kind``, is selected."""
        if self.every:
            return kind not in self.excluded
        return kind in self.kinds or (kind == _MEETING and meeting_kind in self.meeting_kinds)

    def sql(self) -> tuple[str, list[str]] | None:
        """The same selection as an SQL condition on ``alerts`` joined to ``articles``; None when it selects none."""
        if self.every:
            excluded = sorted(self.excluded)
            if not excluded:
                return "1", []
            if len(excluded) == 1:
                return "alerts.kind != ?", excluded
            return f"alerts.kind NOT IN ({', '.join('?' * len(excluded))})", excluded
        clauses, args = [], []
        if self.kinds:
            clauses.append(f"alerts.kind IN ({', '.join('?' * len(self.kinds))})")
            args += sorted(self.kinds)
        if self.meeting_kinds:
            clauses.append(f"(alerts.kind = ? AND {MEETING_KIND_SQL} IN ({', '.join('?' * len(self.meeting_kinds))}))")
            args += [_MEETING, *sorted(self.meeting_kinds)]
        return ("(" + " OR ".join(clauses) + ")", args) if clauses else None


@dataclass(frozen=True)
class EntryFilter:
    """Which entries to read. ``portals=None`` means every portal; an empty tuple means none.

    ``kinds`` mixes the vocabularies: ``new_article`` (every new article: the feed's article entries, a
    subscriber's ``new_article`` alerts, which the store pipeline raises for every new article), ``meeting``
    (meeting alerts: one per held meeting), ``upcoming_meeting`` (one per announced meeting, never mixed with
    ``meeting``), a ``MeetingKind`` value (meeting alerts of that kind), ``document`` (a document a portal's
    document registry newly lists: one alert per document, none for citations; no article entries) or another
    alert kind.
    No kinds: for the feed, the default stream (every article once, as itself or as its meeting or
    upcoming-meeting alert, and every other alert); for a subscriber, every alert but ``new_article`` (meetings,
    announcements, edits, removals, portal health: what is news beyond "something was published", asked for with
    ``new_article``). The calendar reads the same filter as meeting records (``meeting_sql``).
    """

    portals: tuple[str, ...] | None = None
    kinds: tuple[str, ...] = ()
    since: str | None = None  # UTC ISO; entries at or after it

    def alerts(self, *, entries: bool) -> AlertSelection:
        """The alert rows these kinds select. ``new_article`` alerts are never feed ``entries``: the feed shows
        each article as an article entry instead; a subscriber, who receives alerts and nothing else, gets them
        when it asks for ``new_article``, and its default leaves them out like the feed's alert entries."""
        kinds = set(self.kinds)
        if not kinds:
            return AlertSelection(every=True, excluded=frozenset({_NEW}))
        plain = kinds - MEETING_KINDS - ({_NEW} if entries else set())
        meeting_kinds = frozenset() if _MEETING in plain else frozenset(kinds & MEETING_KINDS)
        return AlertSelection(kinds=frozenset(plain), meeting_kinds=meeting_kinds)

    def alert_clause(self) -> tuple[str, list[str]] | None:
        """SQL condition on ``alerts``/``articles`` selecting the feed's alert entries by kind, or ``None`` for
        none (the feed applies portals and ``since`` per stream)."""
        return self.alerts(entries=True).sql()

    def alert_sql(self, *, entries: bool = False) -> tuple[str, list[str]]:
        """The whole filter as one SQL condition on ``alerts`` left-joined to ``articles``: ``matches`` in SQL."""
        kinds = self.alerts(entries=entries).sql()
        where, args = [kinds[0] if kinds else "0"], list(kinds[1] if kinds else [])
        if self.portals is not None:
            where.append(f"alerts.portal IN ({', '.join('?' * len(self.portals))})" if self.portals else "0")
            args += self.portals
        if self.since is not None:
            where.append("alerts.created_at >= ?")
            args.append(self.since)
        return " AND ".join(where), args

    def matches(self, alert: Mapping[str, Any], *, entries: bool = False) -> bool:
        """Whether an alert row (``portal``, ``kind``, ``meeting_kind``, ``created_at``) is selected: what a
        webhook subscriber receives, or with ``entries`` what the feed shows as an alert entry."""
        if self.portals is not None and alert["portal"] not in self.portals:
            return False
        if self.since is not None and alert.get("created_at") is not None and alert["created_at"] < self.since:
            return False
        return self.alerts(entries=entries).admits(alert["kind"], alert.get("meeting_kind"))

    def meeting_sql(self) -> tuple[str, list[Any]]:
        """The calendar's meeting records (``meetings`` as ``m``) as an SQL condition: ``meeting`` held ones,
        ``upcoming_meeting`` the others (announced, put off, called off), meeting kinds those kinds (whatever their
        status: a calendar of council sessions shows the coming ones); the kinds of each vocabulary narrow the
        other's. Portals: any that reported or announced the meeting; ``since``: changed since then."""
        kinds = set(self.kinds)
        statuses = ([MeetingStatus.HELD.value] if _MEETING in kinds else []) + (
            list(_NOT_HELD) if _UPCOMING in kinds else []
        )
        where: list[str] = []
        args: list[Any] = []
        if statuses and _NEW not in kinds:
            where.append(f"m.status IN ({', '.join('?' * len(statuses))})")
            args += statuses
        meeting_kinds = sorted(kinds & MEETING_KINDS)
        if meeting_kinds:
            where.append(f"m.kind IN ({', '.join('?' * len(meeting_kinds))})")
            args += meeting_kinds
        if self.portals is not None:
            where.append(
                "EXISTS (SELECT 1 FROM article_meetings am JOIN articles pa ON pa.id = am.article_id"
                f" WHERE am.meeting_id = m.id AND pa.portal IN ({', '.join('?' * len(self.portals)) or 'NULL'}))"
            )
            args += self.portals
        if self.since is not None:
            where.append("m.updated_at >= ?")
            args.append(self.since)
        return " AND ".join(where) or "1 = 1", args

    def article_mode(self) -> str | None:
        """``unalerted`` (default stream), ``all`` (``kind=new_article``) or ``None`` (no article entries)."""
        if not self.kinds:
            return "unalerted"
        return "all" if _NEW in self.kinds else None

    def article_meeting_kinds(self) -> frozenset[str] | None:
        """For article listings: ``None`` every article; empty every meeting report; else these kinds."""
        kinds = frozenset(self.kinds)
        if not kinds or _NEW in kinds:
            return None
        return frozenset() if _MEETING in kinds else kinds & MEETING_KINDS


def utc_iso(value: datetime) -> str:
    """A ``since`` bound in the stored form (UTC ISO, seconds)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime; pass an aware one")
    return value.astimezone(UTC).isoformat(timespec="seconds")
