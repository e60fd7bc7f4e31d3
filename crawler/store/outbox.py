"""Webhook subscribers and their outbox: one row per subscriber and alert, in the SQLite store.

Delivery state lives here and nowhere else, so a killed ``portalwatch deliver`` resumes where it
stopped. Each subscriber is served strictly in alert order: only its lowest pending row (its head)
is ever attempted. Claiming a row is a compare-and-set that pushes ``next_attempt_at`` past the
request's timeout (a lease), so two deliverers never send one subscriber's alerts out of order, and a
deliverer killed mid-request leaves a row that becomes due again when the lease ends.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from crawler.store.base import DELIVERED, PENDING, Head, NamedSubscriber, Subscriber, SyncResult
from crawler.store.filters import MEETING_KIND_SQL, EntryFilter
from crawler.store.tx import immediate


def _subscriber(row: sqlite3.Row) -> Subscriber:
    return Subscriber(
        row["id"],
        row["url"],
        row["secret"],
        json.loads(row["filter"]),
        row["created_at"],
        row["enqueued_through"],
        row["name"],
    )


class SQLiteOutbox:
    """``Outbox`` on the store's connection (``SQLiteStore.outbox``, migrations applied)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate(self.conn)

    # Subscribers ------------------------------------------------------------------------------

    def add_subscriber(self, url: str, secret: str, filters: dict[str, list[str]], from_start: bool = False) -> int:
        """A new subscriber; it receives alerts raised from now on, or every stored one with ``from_start``."""
        with self._write() as conn:
            start = 0 if from_start else conn.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0]
            cur = conn.execute(
                "INSERT INTO webhook_subscribers (url, secret, filter, created_at, enqueued_through)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    url,
                    secret,
                    json.dumps(filters, ensure_ascii=False),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    start,
                ),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def sync_named(self, entries: Sequence[NamedSubscriber], filters: Mapping[str, EntryFilter]) -> SyncResult:
        """Make the named subscribers exactly ``entries``, in one transaction (so a sync is all or nothing).

        A name already stored keeps its id, its mark and its outbox whatever else changed; when its filter
        changed, its pending rows whose alert the new filter (``filters[name]``, parsed from ``entry.filter``)
        does not match are dropped. A stored name missing from ``entries`` is removed with its outbox.
        Subscribers without a name (``portalwatch subscribers add``) are left alone.
        """
        added, updated, unchanged = [], [], []
        with self._write() as conn:
            stored = {r["name"]: r for r in conn.execute("SELECT * FROM webhook_subscribers WHERE name IS NOT NULL")}
            for entry in entries:
                row = stored.pop(entry.name, None)
                filter_json = json.dumps(entry.filter, ensure_ascii=False, sort_keys=True)
                if row is None:
                    start = (
                        0 if entry.from_start else conn.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0]
                    )
                    conn.execute(
                        "INSERT INTO webhook_subscribers (name, url, secret, filter, created_at, enqueued_through)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            entry.name,
                            entry.url,
                            entry.secret,
                            filter_json,
                            datetime.now(UTC).isoformat(timespec="seconds"),
                            start,
                        ),
                    )
                    added.append(entry.name)
                    continue
                refiltered = json.loads(row["filter"]) != entry.filter
                if not refiltered and (row["url"], row["secret"]) == (entry.url, entry.secret):
                    unchanged.append(entry.name)
                    continue
                conn.execute(
                    "UPDATE webhook_subscribers SET url = ?, secret = ?, filter = ? WHERE id = ?",
                    (entry.url, entry.secret, filter_json, row["id"]),
                )
                if refiltered:
                    where, args = filters[entry.name].alert_sql()
                    conn.execute(  # a head held by the old digest or quiet hours is judged again by the new ones
                        "UPDATE webhook_outbox SET next_attempt_at = 0, held = 0 WHERE subscriber_id = ? AND held = 1",
                        (row["id"],),
                    )
                    conn.execute(
                        "DELETE FROM webhook_outbox WHERE subscriber_id = ? AND state = ? AND alert_id IN"
                        " (SELECT alerts.id FROM alerts LEFT JOIN articles ON articles.id = alerts.article_id"
                        f" WHERE NOT coalesce({where}, 0))",
                        (row["id"], PENDING, *args),
                    )
                updated.append(entry.name)
            for row in stored.values():
                conn.execute("DELETE FROM webhook_outbox WHERE subscriber_id = ?", (row["id"],))
                conn.execute("DELETE FROM webhook_subscribers WHERE id = ?", (row["id"],))
        return SyncResult(added, updated, sorted(stored), unchanged)

    def subscribers(self) -> list[Subscriber]:
        return [_subscriber(r) for r in self.conn.execute("SELECT * FROM webhook_subscribers ORDER BY id")]

    def remove_subscriber(self, subscriber_id: int) -> bool:
        """Drop a subscriber and its outbox rows; False when there was none."""
        with self._write() as conn:
            conn.execute("DELETE FROM webhook_outbox WHERE subscriber_id = ?", (subscriber_id,))
            return conn.execute("DELETE FROM webhook_subscribers WHERE id = ?", (subscriber_id,)).rowcount > 0

    # Enqueueing -------------------------------------------------------------------------------

    def alerts_after(self, alert_id: int, limit: int = 1000) -> list[dict[str, Any]]:
        """Alerts above an id, oldest first, with what a filter reads (portal, kind, meeting kind, time)."""
        rows = self.conn.execute(
            "SELECT alerts.id, alerts.kind, alerts.portal, alerts.created_at,"
            f" {MEETING_KIND_SQL} AS meeting_kind"
            " FROM alerts LEFT JOIN articles ON articles.id = alerts.article_id WHERE alerts.id > ?"
            " ORDER BY alerts.id LIMIT ?",
            (alert_id, limit),
        )
        return [dict(r) for r in rows]

    def enqueue(self, subscriber_id: int, alert_ids: Sequence[int], through: int) -> int:
        """Outbox rows for these alerts, and the subscriber's mark moved to ``through``, in one transaction."""
        with self._write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO webhook_outbox (subscriber_id, alert_id) VALUES (?, ?)",
                [(subscriber_id, a) for a in alert_ids],
            )
            conn.execute(
                "UPDATE webhook_subscribers SET enqueued_through = max(enqueued_through, ?) WHERE id = ?",
                (through, subscriber_id),
            )
        return len(alert_ids)

    # Delivery ---------------------------------------------------------------------------------

    def heads(self) -> list[Head]:
        """Each subscriber's lowest pending alert (due or not)."""
        subs = {s.id: s for s in self.subscribers()}
        rows = self.conn.execute(
            "SELECT o.subscriber_id, o.alert_id, o.attempts, o.next_attempt_at, o.parts_sent, o.held"
            " FROM webhook_outbox o"
            " WHERE o.state = 'pending' AND o.alert_id = (SELECT min(alert_id) FROM webhook_outbox p"
            " WHERE p.subscriber_id = o.subscriber_id AND p.state = 'pending')"
        )
        return [Head(subs[r[0]], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows if r[0] in subs]

    def claim(self, head: Head, now: float, lease_until: float) -> bool:
        """Take a due head for one attempt; False if another deliverer took it or it is not due."""
        with self._write() as conn:
            return (
                conn.execute(
                    "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, held = 0"
                    " WHERE subscriber_id = ? AND alert_id = ? AND state = 'pending' AND next_attempt_at <= ?",
                    (lease_until, head.subscriber.id, head.alert_id, now),
                ).rowcount
                == 1
            )

    def delivered(self, head: Head) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE webhook_outbox SET state = 'delivered', delivered_at = ?, last_error = NULL"
                " WHERE subscriber_id = ? AND alert_id = ?",
                (datetime.now(UTC).isoformat(timespec="milliseconds"), head.subscriber.id, head.alert_id),
            )

    def failed(self, head: Head, error: str, retry_at: float, parts_sent: int = 0) -> None:
        """A failed attempt: its reason, when to try again, and the parts of a split message it delivered."""
        with self._write() as conn:
            conn.execute(
                "UPDATE webhook_outbox SET last_error = ?, next_attempt_at = ?, parts_sent = ?, held = 0"
                " WHERE subscriber_id = ? AND alert_id = ?",
                (error[:500], retry_at, parts_sent, head.subscriber.id, head.alert_id),
            )

    def pending_alerts(self, subscriber_id: int, limit: int = -1) -> list[tuple[int, str]]:
        """A subscriber's first ``limit`` (all: -1) pending rows in alert order: (alert id, when it was raised)."""
        rows = self.conn.execute(
            "SELECT o.alert_id, alerts.created_at FROM webhook_outbox o JOIN alerts ON alerts.id = o.alert_id"
            " WHERE o.subscriber_id = ? AND o.state = 'pending' ORDER BY o.alert_id LIMIT ?",
            (subscriber_id, limit),
        )
        return [(r[0], r[1]) for r in rows]

    def drop_pending(self, subscriber_id: int, alert_ids: Sequence[int]) -> None:
        """Remove pending rows that a subscriber's edited rules no longer accept."""
        with self._write() as conn:
            conn.executemany(
                "DELETE FROM webhook_outbox WHERE subscriber_id = ? AND alert_id = ? AND state = 'pending'",
                [(subscriber_id, a) for a in alert_ids],
            )

    def delivered_many(self, subscriber_id: int, alert_ids: Sequence[int]) -> None:
        """Mark several of one subscriber's rows delivered in one transaction (a digest's alerts)."""
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._write() as conn:
            conn.executemany(
                "UPDATE webhook_outbox SET state = 'delivered', delivered_at = ?, last_error = NULL"
                " WHERE subscriber_id = ? AND alert_id = ?",
                [(stamp, subscriber_id, a) for a in alert_ids],
            )

    def hold(self, head: Head, until: float, now: float) -> bool:
        """Leave a due head until ``until`` (its digest or the end of quiet hours) without counting an attempt."""
        with self._write() as conn:
            return (
                conn.execute(
                    "UPDATE webhook_outbox SET next_attempt_at = ?, held = 1"
                    " WHERE subscriber_id = ? AND alert_id = ? AND state = 'pending' AND next_attempt_at <= ?",
                    (until, head.subscriber.id, head.alert_id, now),
                ).rowcount
                == 1
            )

    def counts(self) -> dict[int, dict[str, int]]:
        """Per subscriber: pending and delivered rows."""
        out: dict[int, dict[str, int]] = {s.id: {PENDING: 0, DELIVERED: 0} for s in self.subscribers()}
        for sub, state, n in self.conn.execute(
            "SELECT subscriber_id, state, count(*) FROM webhook_outbox GROUP BY subscriber_id, state"
        ):
            out.setdefault(sub, {PENDING: 0, DELIVERED: 0})[state] = n
        return out

    def last_errors(self) -> dict[int, str | None]:
        """Per subscriber, the error of its head row if the last attempt failed."""
        return {
            h.subscriber.id: self.conn.execute(
                "SELECT last_error FROM webhook_outbox WHERE subscriber_id = ? AND alert_id = ?",
                (h.subscriber.id, h.alert_id),
            ).fetchone()[0]
            for h in self.heads()
        }
