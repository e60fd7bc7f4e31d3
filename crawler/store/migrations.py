"""Named, ordered schema migrations; each runs in its own transaction and is recorded once.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles_alerts_runs",
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            portal TEXT NOT NULL,
            cms TEXT NOT NULL,
            url TEXT NOT NULL,
            canonical_url TEXT,
            content_id TEXT,
            title TEXT NOT NULL,
            published TEXT,
            published_raw TEXT,
            modified TEXT,
            modified_raw TEXT,
            byline TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            category TEXT,
            lead TEXT,
            body TEXT NOT NULL DEFAULT '[]',
            images TEXT NOT NULL DEFAULT '[]',
            attachments TEXT NOT NULL DEFAULT '[]',
            content_hash TEXT,
            is_meeting_report INTEGER NOT NULL DEFAULT 0,
            meeting TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            updated_at TEXT
        );
        CREATE INDEX articles_portal_published ON articles (portal, published DESC);
        CREATE INDEX articles_published ON articles (published DESC);
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles (id),
            portal TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (kind, article_id)
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            portal TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT NOT NULL,
            status TEXT NOT NULL,
            pages INTEGER NOT NULL,
            new INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            finish_reason TEXT NOT NULL
        );
        CREATE INDEX runs_portal_started ON runs (portal, started DESC);
        """,
    ),
    (
        # Issue 7: keyset paging of the feed (crawler/store/feedquery.py) per portal, per meeting kind, per alert kind.
        "0007_feed_indexes",
        """
        CREATE INDEX IF NOT EXISTS articles_feed ON articles (first_seen, id);
        CREATE INDEX IF NOT EXISTS articles_portal_feed ON articles (portal, first_seen, id);
        CREATE INDEX IF NOT EXISTS articles_meeting_feed ON articles (first_seen, id) WHERE is_meeting_report = 1;
        CREATE INDEX IF NOT EXISTS articles_meeting_kind_feed
            ON articles (json_extract(meeting, '$.kind'), first_seen, id) WHERE is_meeting_report = 1;
        CREATE INDEX IF NOT EXISTS alerts_feed ON alerts (created_at, id);
        CREATE INDEX IF NOT EXISTS alerts_kind_feed ON alerts (kind, created_at, id);
        CREATE INDEX IF NOT EXISTS alerts_portal_feed ON alerts (portal, created_at, id)
        """,
    ),
    (
        # Issue 7: webhook subscribers and their outbox (crawler/store/outbox.py); one row per subscriber and alert.
        "0007_webhook_outbox",
        """
        CREATE TABLE webhook_subscribers (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            filter TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            enqueued_through INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE webhook_outbox (
            subscriber_id INTEGER NOT NULL REFERENCES webhook_subscribers (id) ON DELETE CASCADE,
            alert_id INTEGER NOT NULL REFERENCES alerts (id),
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            delivered_at TEXT,
            PRIMARY KEY (subscriber_id, alert_id)
        );
        CREATE INDEX webhook_outbox_pending ON webhook_outbox (subscriber_id, alert_id) WHERE state = 'pending'
        """,
    ),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations in order; returns the names applied now."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = []
    for name, sql in MIGRATIONS:
        # executescript would COMMIT implicitly; run statements one by one inside one transaction,
        # checking under the write lock so that two processes starting together apply it once.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            for statement in (s.strip() for s in sql.split(";")):
                if statement:
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
