"""Run history, per-portal locks and incremental state in SQLite: the run-lifecycle half of ``SQLiteStore``.

A run writes its ``runs`` row when it starts (``running``), so a run killed with SIGKILL is still in the
history: the next run of the portal, which holds the lock, marks it ``interrupted``. The lock is a lease
(``expires_at``) renewed by a heartbeat, plus the holder's host and pid, so a crashed holder on this host
loses it at once and one elsewhere when its lease ends. Incremental state (watermark, feed, validators) is
written only by a complete run: a killed run leaves the previous state, and the next run redoes its work.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from crawler.store.base import PortalState, RunRecord
from crawler.store.tx import immediate

HOST = socket.gethostname()
_RUN_FIELDS = (
    "portal",
    "status",
    "pages",
    "new",
    "updated",
    "unchanged",
    "failed",
    "errors",
    "finish_reason",
    "requests",
    "not_modified",
    "alerts",
    "mode",
    "job",
    "id",
)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _facts(run: RunRecord) -> str | None:
    return json.dumps(dict(run.facts), ensure_ascii=False, sort_keys=True) if run.facts is not None else None


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder_id() -> str:
    """This process as a lock holder: host and pid."""
    return f"{HOST}:{os.getpid()}"


class RunStateMixin:
    """The run-lifecycle half of ``SQLiteStore`` (it provides ``conn``)."""

    conn: sqlite3.Connection

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate(self.conn)

    # Locks --------------------------------------------------------------------------------------

    def _holder_gone(self, row: sqlite3.Row, now: datetime) -> bool:
        if datetime.fromisoformat(row["expires_at"]) <= now:
            return True
        return bool(row["host"] == HOST and not pid_alive(int(row["pid"])))

    def acquire_lock(self, portal: str, holder: str, ttl: float) -> bool:
        now = datetime.now(UTC)
        with self._write() as conn:
            row = conn.execute("SELECT * FROM portal_locks WHERE portal = ?", (portal,)).fetchone()
            if row is not None and row["holder"] != holder and not self._holder_gone(row, now):
                return False
            conn.execute(
                "INSERT INTO portal_locks (portal, holder, host, pid, acquired_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (portal) DO UPDATE SET holder = excluded.holder, host = excluded.host,"
                " pid = excluded.pid, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at",
                (portal, holder, HOST, os.getpid(), _iso(now), _iso(now + timedelta(seconds=ttl))),
            )
        return True

    def renew_lock(self, portal: str, holder: str, ttl: float) -> bool:
        expires = _iso(datetime.now(UTC) + timedelta(seconds=ttl))
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE portal_locks SET expires_at = ? WHERE portal = ? AND holder = ?", (expires, portal, holder)
            )
        return cur.rowcount == 1

    def release_lock(self, portal: str, holder: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM portal_locks WHERE portal = ? AND holder = ?", (portal, holder))

    def locked_portals(self) -> set[str]:
        now = datetime.now(UTC)
        rows = self.conn.execute("SELECT * FROM portal_locks").fetchall()
        return {r["portal"] for r in rows if not self._holder_gone(r, now)}

    # Run rows -----------------------------------------------------------------------------------

    def start_run(self, portal: str, started: datetime, mode: str, job: str | None = None) -> int:
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET status = 'interrupted', finish_reason = 'killed',"
                " finished = coalesce(heartbeat, started) WHERE portal = ? AND status = 'running'",
                (portal,),
            )
            values = (_iso(started), mode, os.getpid(), HOST, _iso(datetime.now(UTC)))
            if job:
                cur = conn.execute(
                    "UPDATE runs SET status = 'running', started = ?, mode = ?, pid = ?, host = ?,"
                    " heartbeat = ? WHERE job = ? AND status = 'queued'",
                    (*values, job),
                )
                if cur.rowcount:
                    return int(conn.execute("SELECT id FROM runs WHERE job = ?", (job,)).fetchone()[0])
            cur = conn.execute(
                "INSERT INTO runs (portal, started, finished, status, pages, new, updated, unchanged, failed, errors,"
                " finish_reason, mode, job, pid, host, heartbeat)"
                " VALUES (?, ?, NULL, 'running', 0, 0, 0, 0, 0, 0, '', ?, ?, ?, ?, ?)",
                (portal, values[0], mode, job, *values[2:]),
            )
            return int(cur.lastrowid or 0)

    def queue_run(self, portal: str, job: str, queued: datetime) -> int:
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO runs (portal, started, finished, status, pages, new, updated, unchanged, failed, errors,"
                " finish_reason, job) VALUES (?, ?, NULL, 'queued', 0, 0, 0, 0, 0, 0, '', ?)",
                (portal, _iso(queued), job),
            )
            return int(cur.lastrowid or 0)

    def heartbeat(self, run_id: int) -> None:
        """The run is alive now (an interrupted run's end is its last heartbeat)."""
        with self._write() as conn:
            conn.execute("UPDATE runs SET heartbeat = ? WHERE id = ?", (_iso(datetime.now(UTC)), run_id))

    def finish_run(self, run_id: int, run: RunRecord) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, status = ?, pages = ?, new = ?, updated = ?, unchanged = ?, failed = ?,"
                " errors = ?, finish_reason = ?, requests = ?, not_modified = ?, alerts = ?, mode = ?, facts = ?"
                " WHERE id = ?",
                (
                    _iso(run.finished),
                    run.status,
                    run.pages,
                    run.new,
                    run.updated,
                    run.unchanged,
                    run.failed,
                    run.errors,
                    run.finish_reason,
                    run.requests,
                    run.not_modified,
                    run.alerts,
                    run.mode,
                    _facts(run),
                    run_id,
                ),
            )

    def record_run(self, run: RunRecord) -> None:
        """A whole run at once (a run that never started, such as one skipped because the portal was locked)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO runs (portal, started, finished, status, pages, new, updated, unchanged, failed, errors,"
                " finish_reason, requests, not_modified, alerts, mode, job, pid, host, facts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run.portal,
                    _iso(run.started),
                    _iso(run.finished),
                    run.status,
                    run.pages,
                    run.new,
                    run.updated,
                    run.unchanged,
                    run.failed,
                    run.errors,
                    run.finish_reason,
                    run.requests,
                    run.not_modified,
                    run.alerts,
                    run.mode,
                    run.job,
                    os.getpid(),
                    HOST,
                    _facts(run),
                ),
            )

    @staticmethod
    def _run(row: sqlite3.Row) -> RunRecord:
        values: dict[str, Any] = {k: row[k] for k in _RUN_FIELDS}
        facts = json.loads(row["facts"]) if row["facts"] else None
        return RunRecord(
            started=datetime.fromisoformat(row["started"]), finished=_dt(row["finished"]), facts=facts, **values
        )

    def runs(self, portal: str | None = None, limit: int = 50) -> list[RunRecord]:
        """Runs, newest first."""
        sql = "SELECT * FROM runs" + (" WHERE portal = ?" if portal else "") + " ORDER BY id DESC LIMIT ?"
        return [self._run(r) for r in self.conn.execute(sql, (portal, limit) if portal else (limit,))]

    def last_starts(self) -> dict[str, datetime]:
        rows = self.conn.execute("SELECT portal, max(started) FROM runs WHERE status != 'skipped' GROUP BY portal")
        return {r[0]: datetime.fromisoformat(r[1]) for r in rows}

    # Incremental state --------------------------------------------------------------------------

    def portal_state(self, portal: str) -> PortalState:
        row = self.conn.execute("SELECT * FROM portal_state WHERE portal = ?", (portal,)).fetchone()
        if row is None:
            return PortalState()
        return PortalState(
            _dt(row["complete_at"]), _dt(row["deep_at"]), row["feed_url"] or None, bool(row["api_failed"])
        )

    def save_portal_state(
        self,
        portal: str,
        *,
        complete_at: datetime | None = None,
        deep_at: datetime | None = None,
        feed_url: str | None = None,
        api_failed: bool | None = None,
    ) -> None:
        flag = None if api_failed is None else int(api_failed)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO portal_state (portal, complete_at, deep_at, feed_url, api_failed, updated_at)"
                " VALUES (?, ?, ?, ?, coalesce(?, 0), ?)"
                " ON CONFLICT (portal) DO UPDATE SET complete_at = coalesce(excluded.complete_at, complete_at),"
                " deep_at = coalesce(excluded.deep_at, deep_at), feed_url = coalesce(excluded.feed_url, feed_url),"
                " api_failed = coalesce(?, api_failed), updated_at = excluded.updated_at",
                (portal, _iso(complete_at), _iso(deep_at), feed_url, flag, _iso(datetime.now(UTC)), flag),
            )

    def validators(self, urls: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        out: dict[str, tuple[str | None, str | None]] = {}
        for i in range(0, len(urls), 500):
            chunk = list(urls[i : i + 500])
            rows = self.conn.execute(
                f"SELECT * FROM http_validators WHERE url IN ({', '.join('?' * len(chunk))})", chunk
            )
            out.update({r["url"]: (r["etag"], r["last_modified"]) for r in rows})
        return out

    def save_validators(self, validators: dict[str, tuple[str | None, str | None]]) -> None:
        now = _iso(datetime.now(UTC))
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO http_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)",
                [(u, e, m, now) for u, (e, m) in validators.items()],
            )

    def known_urls(self, portal: str, urls: Sequence[str], keys: Sequence[str]) -> set[str]:
        known: set[str] = set()
        for i in range(0, len(urls), 300):
            chunk, kchunk = list(urls[i : i + 300]), list(keys[i : i + 300])
            marks, kmarks = ", ".join("?" * len(chunk)), ", ".join("?" * len(kchunk))
            rows = self.conn.execute(
                f"SELECT url, canonical_url, dedupe_key FROM articles WHERE dedupe_key IN ({kmarks})"
                f" OR (portal = ? AND url IN ({marks})) OR (portal = ? AND canonical_url IN ({marks}))",
                (*kchunk, portal, *chunk, portal, *chunk),
            ).fetchall()
            hits = {v for r in rows for v in (r["url"], r["canonical_url"], r["dedupe_key"]) if v}
            known.update(u for u, k in zip(chunk, kchunk, strict=True) if u in hits or k in hits)
        return known

    def alert_high_water(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0])

    def alerts_since(self, portal: str, after_id: int) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM alerts WHERE id > ? AND portal = ?", (after_id, portal)).fetchone()[
                0
            ]
        )
