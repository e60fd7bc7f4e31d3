"""Named, ordered schema migrations; each runs in its own transaction and is recorded once.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from crawler.store.dialect import SQLITE
from crawler.store.meetingrecords import records_from_alerts
from crawler.store.search import FOLD_SQL
from crawler.store.search import TABLE as SEARCH

# When an entry is dated on the workbench: its publication, unless it has none or one after we first saw the page (a
# misread year cannot float an article above today's news). Text comparison, as both are stored as ISO text.
SHOWN_SQL = SQLITE.shown()


def _fold(column: str) -> str:
    return FOLD_SQL.format(column)


# A body is SQL statements, or a function of the connection for a step that needs the Python rules over stored rows.
Body = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Body]] = [
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
        # Keyset paging of the feed (crawler/store/feedquery.py) per portal, per meeting kind, per alert kind.
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
        # Webhook subscribers and their outbox (crawler/store/outbox.py); one row per subscriber and alert.
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
    (
        # Story clusters (MinHash signatures and LSH band buckets, crawler/clusters.py), removals.
        "0008_clusters",
        """
        ALTER TABLE articles ADD COLUMN cluster_id INTEGER;
        UPDATE articles SET cluster_id = id;
        ALTER TABLE articles ADD COLUMN removed_at TEXT;
        CREATE INDEX articles_cluster ON articles (cluster_id, published);
        CREATE INDEX articles_content_hash ON articles (content_hash);
        CREATE TABLE signatures (article_id INTEGER PRIMARY KEY, minhash BLOB NOT NULL);
        CREATE TABLE lsh_buckets (
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (bucket, article_id)
        ) WITHOUT ROWID
        """,
    ),
    (
        # Every replaced version of an article, and alerts unique on a story key (meeting:cluster:<id>,
        # edited:<article>:<revision>, removed:<article>) instead of (kind, article_id). SQLite cannot drop a
        # constraint: the table is rebuilt; its rows pass through a copy so that webhook_outbox's references
        # are satisfied again before COMMIT, and the indexes 0007_feed_indexes put on it are made again.
        "0009_revisions_alert_keys",
        """
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles (id),
            created_at TEXT NOT NULL,
            old_hash TEXT,
            new_hash TEXT,
            summary TEXT NOT NULL,
            old TEXT NOT NULL
        );
        CREATE INDEX revisions_article ON revisions (article_id, id);
        PRAGMA defer_foreign_keys = ON;
        CREATE TEMP TABLE alerts_copy AS SELECT * FROM alerts;
        DROP TABLE alerts;
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles (id),
            portal TEXT NOT NULL,
            created_at TEXT NOT NULL,
            dedupe TEXT NOT NULL UNIQUE,
            revision_id INTEGER REFERENCES revisions (id)
        );
        INSERT INTO alerts (id, kind, article_id, portal, created_at, dedupe)
            SELECT id, kind, article_id, portal, created_at,
                   CASE kind WHEN 'meeting' THEN 'meeting:cluster:' || article_id ELSE kind || ':' || article_id END
            FROM alerts_copy;
        DROP TABLE alerts_copy;
        CREATE INDEX alerts_kind_article ON alerts (kind, article_id);
        CREATE INDEX IF NOT EXISTS alerts_feed ON alerts (created_at, id);
        CREATE INDEX IF NOT EXISTS alerts_kind_feed ON alerts (kind, created_at, id);
        CREATE INDEX IF NOT EXISTS alerts_portal_feed ON alerts (portal, created_at, id)
        """,
    ),
    (
        # Run history a killed run cannot lose (a row from the start, status "running", so ``finished``
        # may be NULL: the table is rebuilt), per-portal locks
        # that a crashed holder does not keep (a lease plus its pid), the incremental state a complete run leaves
        # (watermark, feed, last deep run), HTTP validators for conditional GETs, and indexes to tell known links.
        "0010_run_state",
        """
        CREATE TABLE runs_v2 (
            id INTEGER PRIMARY KEY,
            portal TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL,
            pages INTEGER NOT NULL,
            new INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            finish_reason TEXT NOT NULL,
            requests INTEGER NOT NULL DEFAULT 0,
            not_modified INTEGER NOT NULL DEFAULT 0,
            alerts INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL DEFAULT 'full',
            job TEXT,
            pid INTEGER,
            host TEXT,
            heartbeat TEXT
        );
        INSERT INTO runs_v2 (id, portal, started, finished, status, pages, new, updated, unchanged, failed, errors,
                             finish_reason)
            SELECT id, portal, started, finished, status, pages, new, updated, unchanged, failed, errors, finish_reason
            FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_v2 RENAME TO runs;
        CREATE INDEX runs_portal_started ON runs (portal, started DESC);
        CREATE INDEX runs_job ON runs (job);
        CREATE INDEX runs_status ON runs (status, portal);
        CREATE TABLE portal_locks (
            portal TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            acquired_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE portal_state (
            portal TEXT PRIMARY KEY,
            complete_at TEXT,
            deep_at TEXT,
            feed_url TEXT,
            api_failed INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE http_validators (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX articles_portal_url ON articles (portal, url);
        CREATE INDEX articles_portal_canonical ON articles (portal, canonical_url)
        """,
    ),
    (
        # Subscribers from a subscribers file (crawler/webhooks.py) are found again by their name, so an
        # edited entry keeps its row and its outbox; subscribers added on the command line have no name.
        "0011_webhook_subscriber_names",
        """
        ALTER TABLE webhook_subscribers ADD COLUMN name TEXT;
        CREATE UNIQUE INDEX webhook_subscribers_name ON webhook_subscribers (name) WHERE name IS NOT NULL
        """,
    ),
    (
        # At scale: LSH bucket rows keyed by publication period first (crawler/clusters.py ``period``), so a
        # day's inserts share a few pages of the index instead of dirtying one random page per band (the cost of a
        # commit at a million articles). Rows are rebuilt from the stored signatures by functions the store registers
        # on its connection (``dedupe_period``, ``dedupe_buckets``), the same code that makes new rows.
        "0012_dedupe_lsh_periods",
        """
        CREATE TABLE lsh_buckets_v2 (
            period INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (period, bucket, article_id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO lsh_buckets_v2 (period, bucket, article_id)
            SELECT dedupe_period(a.published), b.value, s.article_id
            FROM signatures s JOIN articles a ON a.id = s.article_id, json_each(dedupe_buckets(s.minhash)) b;
        DROP TABLE lsh_buckets;
        ALTER TABLE lsh_buckets_v2 RENAME TO lsh_buckets
        """,
    ),
    (
        # At scale: the exact-text lookup by publication period too. A global content_hash index takes one
        # random page per new article (a seventh of a bulk commit's pages at a million); keyed by the period first
        # (the expression is crawler/clusters.py ``period`` in SQL, -1 when undated), a day's rows share a few pages.
        # Built-in functions only, so any connection that writes articles keeps the index right.
        "0013_dedupe_content_hash_periods",
        """
        CREATE INDEX articles_period_hash ON articles (
            coalesce(CAST(julianday(substr(published, 1, 10)) - 1721424.5 AS INTEGER) / 7, -1), content_hash);
        DROP INDEX articles_content_hash
        """,
    ),
    (
        # Heavily trimmed copies: each signature's opening key (crawler/clusters.py ``opening``, the first
        # words a copy keeps with its lead) is kept for re-indexing and indexed as one more bucket row; stored
        # articles get theirs from their stored text (``dedupe_opening``, registered by the store like 0012's).
        "0014_dedupe_openings",
        """
        ALTER TABLE signatures ADD COLUMN opening INTEGER;
        UPDATE signatures SET opening = (SELECT dedupe_opening(a.lead, a.body, a.title) FROM articles a
                                         WHERE a.id = signatures.article_id);
        INSERT OR IGNORE INTO lsh_buckets (period, bucket, article_id)
            SELECT dedupe_period(a.published), s.opening, s.article_id
            FROM signatures s JOIN articles a ON a.id = s.article_id WHERE s.opening IS NOT NULL
        """,
    ),
    (
        # The body a page credits as the news source (NukeViet's "Nguồn tin"), which readers of a copy look for.
        "0015_article_origin",
        "ALTER TABLE articles ADD COLUMN origin TEXT",
    ),
    (
        # What a run knowingly did not do: articles the store could not write (``lost``: a damaged file, a full
        # disk), and links left for the next run by the page budget or a truncated source (``deferred``).
        "0016_run_losses",
        """
        ALTER TABLE runs ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN deferred INTEGER NOT NULL DEFAULT 0
        """,
    ),
    (
        # Portal health (crawler/monitors): each run's facts as the checks read them (one JSON object: items, new,
        # field coverage, selector failures, cross-check, off-site redirects, 410s and DNS failures), and each
        # portal's current health state, changed only together with the one portal_health alert it raises.
        "0025_portal_health",
        """
        ALTER TABLE runs ADD COLUMN facts TEXT;
        CREATE TABLE portal_health (
            portal TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            fields TEXT NOT NULL DEFAULT '[]',
            successor TEXT,
            since TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            run_id INTEGER
        )
        """,
    ),
    (
        # Alerts about a portal rather than an article (portal_health): article_id may be NULL, and ``detail``
        # carries what the alert says (status, reason, failing fields, successor, URLs). Rebuilt as in 0009 (SQLite
        # cannot relax NOT NULL); webhook_outbox's references are satisfied again before COMMIT.
        "0026_alerts_detail",
        """
        PRAGMA defer_foreign_keys = ON;
        CREATE TEMP TABLE alerts_copy AS SELECT * FROM alerts;
        DROP TABLE alerts;
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            article_id INTEGER REFERENCES articles (id),
            portal TEXT NOT NULL,
            created_at TEXT NOT NULL,
            dedupe TEXT NOT NULL UNIQUE,
            revision_id INTEGER REFERENCES revisions (id),
            detail TEXT
        );
        INSERT INTO alerts (id, kind, article_id, portal, created_at, dedupe, revision_id)
            SELECT id, kind, article_id, portal, created_at, dedupe, revision_id FROM alerts_copy;
        DROP TABLE alerts_copy;
        CREATE INDEX alerts_kind_article ON alerts (kind, article_id);
        CREATE INDEX alerts_feed ON alerts (created_at, id);
        CREATE INDEX alerts_kind_feed ON alerts (kind, created_at, id);
        CREATE INDEX alerts_portal_feed ON alerts (portal, created_at, id)
        """,
    ),
    (
        # Injected pages (crawler/monitors/spam.py): stored with the reason they were quarantined, never alerted
        # as articles and hidden from feeds; ``quarantine_alert`` is the one portal_health alert that named them.
        "0027_article_quarantine",
        """
        ALTER TABLE articles ADD COLUMN quarantine TEXT;
        ALTER TABLE articles ADD COLUMN quarantine_alert INTEGER;
        CREATE INDEX articles_quarantine ON articles (portal, id) WHERE quarantine IS NOT NULL
        """,
    ),
    (
        # One row per real meeting (crawler/store/meetingrecords.py), found again by ``ident`` (the lookup key of
        # crawler/meetings/identity.py), and every article that reports, announces, puts off or copies it.
        "0030_meeting_records",
        """
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            ident TEXT NOT NULL,
            kind TEXT NOT NULL,
            ordinal INTEGER,
            term TEXT,
            body TEXT,
            body_key TEXT NOT NULL,
            level TEXT,
            portal TEXT NOT NULL,
            status TEXT NOT NULL,
            meeting_date TEXT,
            seen_date TEXT,
            location TEXT,
            chair TEXT,
            period TEXT,
            article_id INTEGER REFERENCES articles (id),
            sequence INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX meetings_ident ON meetings (ident);
        CREATE INDEX meetings_first_seen ON meetings (first_seen, id);
        CREATE INDEX meetings_date ON meetings (meeting_date);
        CREATE TABLE article_meetings (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id),
            meeting_id INTEGER NOT NULL REFERENCES meetings (id),
            role TEXT NOT NULL,
            linked_at TEXT NOT NULL
        );
        CREATE INDEX article_meetings_meeting ON article_meetings (meeting_id, article_id)
        """,
    ),
    (
        # A store written before meeting records: each meeting alert (one per story) becomes a held meeting, with
        # every copy of its story, and its alert the meeting's (``meeting:<id>``), so that no meeting alerts twice.
        # Python (crawler/store/meetingrecords.py), for the identity rules; PostgreSQL's twin runs the same.
        "0031_meeting_records_from_alerts",
        records_from_alerts,
    ),
    (
        # Attachments read during the crawl (pipelines/attachments.py): one row per URL with its outcome, the bytes'
        # SHA-256 and the text, so no URL is fetched twice and no file is read twice; linked to articles by their
        # natural key (written before the article row, in the same pass of the pipelines, so a crash between the two
        # leaves a link the next crawl rewrites, never an article without its attachments).
        "0035_attachments",
        """
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            portal TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            sha256 TEXT,
            kind TEXT,
            content_type TEXT,
            size INTEGER,
            pages INTEGER,
            ocr_pages INTEGER NOT NULL DEFAULT 0,
            truncated INTEGER NOT NULL DEFAULT 0,
            legacy TEXT,
            text TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
        CREATE INDEX attachments_sha256 ON attachments (sha256);
        CREATE TABLE article_attachments (
            article_key TEXT NOT NULL,
            attachment_id INTEGER NOT NULL REFERENCES attachments (id),
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (article_key, attachment_id)
        );
        CREATE INDEX article_attachments_attachment ON article_attachments (attachment_id)
        """,
    ),
    (
        # Documents (crawler/documents): one row per identity (issuer, type, number, period), whichever way it was
        # reached; the registry pages that list it (NukeViet laws, "Văn bản"), and the articles that cite it or, for
        # a meeting report, adopted it (by the article's natural key, as 0035). ``listed_at`` is when a registry
        # first listed it: the moment of its one ``document`` alert, which names it in ``alerts.document_id``.
        "0036_documents",
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            issuer_key TEXT NOT NULL,
            type TEXT NOT NULL,
            number_key TEXT NOT NULL,
            period TEXT NOT NULL,
            portal TEXT NOT NULL,
            number TEXT NOT NULL,
            issuer_code TEXT NOT NULL,
            issuer TEXT NOT NULL,
            signer TEXT,
            issue_date TEXT,
            effective_date TEXT,
            expiry_date TEXT,
            title TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            term TEXT,
            url TEXT,
            files TEXT NOT NULL DEFAULT '[]',
            listed_at TEXT,
            first_seen TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (issuer_key, type, number_key, period)
        );
        CREATE INDEX documents_issue_date ON documents (issue_date);
        CREATE TABLE document_pages (
            url TEXT NOT NULL PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id),
            portal TEXT NOT NULL,
            first_seen TEXT NOT NULL
        );
        CREATE INDEX document_pages_document ON document_pages (document_id);
        CREATE TABLE article_documents (
            article_key TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents (id),
            source_url TEXT NOT NULL,
            via TEXT NOT NULL,
            relation TEXT NOT NULL,
            cited TEXT NOT NULL DEFAULT '',
            first_seen TEXT NOT NULL,
            PRIMARY KEY (article_key, document_id, source_url)
        );
        CREATE INDEX article_documents_document ON article_documents (document_id);
        ALTER TABLE alerts ADD COLUMN document_id INTEGER REFERENCES documents (id)
        """,
    ),
    (
        # The workbench's search over titles and leads (crawler/store/search.py): a contentless FTS5 index that folds
        # case and diacritics ("ky hop" finds "Kỳ họp"; "đ" is written "d" by FOLD_SQL), filled from the stored
        # articles and kept in step by triggers on insert, on a change of title or lead, and on removal. Contentless:
        # the text is not stored twice; a row is removed with the values it was indexed with, which the triggers
        # recompute from the old row. Built-in functions only, so any connection writing articles keeps it right.
        "0040_article_search",
        f"""
        CREATE VIRTUAL TABLE {SEARCH} USING fts5(
            title, lead, content = '', tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO {SEARCH} (rowid, title, lead) SELECT id, {_fold("title")}, {_fold("lead")} FROM articles;
        CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
            INSERT INTO {SEARCH} (rowid, title, lead) VALUES (new.id, {_fold("new.title")}, {_fold("new.lead")});
        END;
        CREATE TRIGGER article_search_update AFTER UPDATE OF title, lead ON articles BEGIN
            INSERT INTO {SEARCH} ({SEARCH}, rowid, title, lead)
                VALUES ('delete', old.id, {_fold("old.title")}, {_fold("old.lead")});
            INSERT INTO {SEARCH} (rowid, title, lead) VALUES (new.id, {_fold("new.title")}, {_fold("new.lead")});
        END;
        CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
            INSERT INTO {SEARCH} ({SEARCH}, rowid, title, lead)
                VALUES ('delete', old.id, {_fold("old.title")}, {_fold("old.lead")});
        END
        """,
    ),
    (
        # The workbench's reads: entries by the date they were published (``SHOWN_SQL``: the publication time, or the
        # first sighting when the page gave none or a later one), overall and per portal. Expressions word for word as
        # crawler/store/workbench.py queries them. (The calendar reads meeting records by ``meetings_date``, 0030.)
        "0041_workbench_indexes",
        f"""
        CREATE INDEX articles_shown ON articles ({SHOWN_SQL}, id);
        CREATE INDEX articles_portal_shown ON articles (portal, {SHOWN_SQL}, id)
        """,
    ),
    (
        # Channel delivery (crawler/channels/delivery.py): how many parts of a split message a failed attempt
        # delivered (the retry resumes after them), and a head held by its subscriber's digest or quiet hours
        # (not a failure: a one-off deliver leaves it for later instead of waiting).
        "0045_channel_delivery",
        """
        ALTER TABLE webhook_outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE webhook_outbox ADD COLUMN held INTEGER NOT NULL DEFAULT 0
        """,
    ),
]


def _applied(conn: sqlite3.Connection) -> set[str]:
    """The names of the migrations recorded in the store (none before its first migration)."""
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    if has_table.fetchone() is None:
        return set()
    return {str(row[0]) for row in conn.execute("SELECT name FROM schema_migrations")}


def unknown_migrations(conn: sqlite3.Connection) -> list[str]:
    """Migrations recorded in the store that this version does not know (a newer version migrated it): a store
    this version would misread, so it is refused before anything is written."""
    known = {name for name, _ in MIGRATIONS}
    return sorted(name for name in _applied(conn) if name not in known)


def statements(sql: str) -> list[str]:
    """A migration's statements in order. Split at semicolons, but a piece is only a statement once SQLite says it is
    complete, so a trigger body (``BEGIN ...; ...; END``) stays whole."""
    out, pending = [], ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                out.append(pending.strip())
            pending = ""
    if pending.strip(" \n\t;"):
        out.append(pending.strip())
    return out


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations in order; returns the names applied now.

    A store this version has migrated (every open but the first) is told by one read of the applied names, without
    taking the write lock once per migration; a store with any migration pending goes through them one by one, each
    checked again under the lock."""
    if _applied(conn).issuperset(name for name, _ in MIGRATIONS):
        return []
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
            if callable(sql):
                sql(conn)
            else:
                for statement in statements(sql):
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
