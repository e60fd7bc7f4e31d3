"""Attachments and documents: the attachments-and-documents half of both stores.

Attachments are rows by URL (outcome, SHA-256, text), so a URL is fetched once and a file read once
(``stored_attachments``, ``attachment_by_sha256``). Documents are rows by identity (``crawler.documents.model``:
issuer, type, number, period); the registry pages that list one (``document_pages``) and the articles that cite or
adopted it (``article_documents``) point at that one row, however many ways it was reached. A citation that does
not state its period (no date) joins the stored document with the same issuer, type and number; a registry page
that does completes a row a citation made. The one ``document`` alert of a document is raised in the transaction
that first stores it from a registry page, never for a citation.

Articles are referred to by their natural key (``articles.dedupe_key``) because these rows are written before the
article's own row, in the same pass of the pipelines (see migration 0035). SQL is plain (no JSON functions, no
SQLite-only syntax: ``INSERT ... ON CONFLICT ... RETURNING`` both engines share), so both stores run it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any

from crawler.documents.model import Document, Via
from crawler.items import AttachmentText, DocumentItem
from crawler.store.base import DocumentQuery, SaveResult
from crawler.store.dialect import Connection
from crawler.text import fold
from crawler.vocab import AlertKind

FAILED = "failed"  # an attachment that could not be downloaded (the other outcomes are crawler.documents.extract's)
CITED, ADOPTED = "cited", "adopted"  # what an article did with a document it names
_ATTACHMENT_FIELDS = (
    "outcome",
    "reason",
    "sha256",
    "kind",
    "content_type",
    "size",
    "pages",
    "ocr_pages",
    "truncated",
    "legacy",
    "text",
)
# Fields a registry page states and a citation may only fill in when nothing stated them.
_DOCUMENT_FIELDS = (
    "number",
    "issuer_code",
    "issuer",
    "signer",
    "issue_date",
    "effective_date",
    "expiry_date",
    "title",
    "summary",
    "term",
    "url",
    "files",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _attachment(row: sqlite3.Row) -> AttachmentText:
    return AttachmentText(
        url=row["url"],
        outcome=row["outcome"],
        sha256=row["sha256"],
        text=row["text"],
        reason=row["reason"],
        kind=row["kind"],
        content_type=row["content_type"],
        size=row["size"],
        pages=row["pages"],
        ocr_pages=row["ocr_pages"],
        truncated=bool(row["truncated"]),
        legacy=row["legacy"],
    )


def document_values(doc: Document) -> dict[str, Any]:
    """A document's columns: its identity's four parts and what it says."""
    issuer, doc_type, number, period = doc.identity
    return {
        "issuer_key": issuer,
        "type": doc_type,
        "number_key": number,
        "period": period,
        "number": doc.number.text,
        "issuer_code": doc.issuer.code,
        "issuer": doc.issuer.display,
        "signer": doc.signer,
        "issue_date": _day(doc.issue_date),
        "effective_date": _day(doc.effective_date),
        "expiry_date": _day(doc.expiry_date),
        "title": doc.title,
        "summary": doc.summary,
        "term": doc.term,
        "url": doc.url,
        "files": json.dumps([{"url": f.url, "name": f.name} for f in doc.files], ensure_ascii=False),
    }


def _empty(value: object) -> bool:
    return value is None or value == "" or value == "[]"


def _in_order(words: list[str], tokens: list[str]) -> bool:
    """Whether each word starts one of ``tokens``, in order: "huyện ủy" is in "Huyện ủy Tuy Phong", not in "Ủy ban
    nhân dân huyện Tuy Phong". Folded in Python (tone-mark placement, case): SQL has no such collation."""
    i = 0
    for token in tokens:
        if i < len(words) and token.startswith(words[i]):
            i += 1
    return i == len(words)


def document_record(row: sqlite3.Row) -> dict[str, Any]:
    """A stored document as the CLI, the feed and the workbench show it (JSON-ready)."""
    out = {k: row[k] for k in row.keys()}  # noqa: SIM118 (sqlite3.Row)
    out["files"] = json.loads(out["files"] or "[]")
    out["listed"] = out["listed_at"] is not None
    for key in ("issuer_key", "number_key"):
        out.pop(key, None)
    return out


class DocumentsMixin:
    """The attachments-and-documents half of a store (it provides ``conn``, ``_write``, one write transaction, and
    ``_lock_stories``, taken before an alert is raised so that alert ids commit in order on PostgreSQL)."""

    conn: Connection

    def _write(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _lock_stories(self) -> None:
        """Serialise alert ids with other writers until the transaction ends (PostgreSQL; SQLite's write lock does)."""

    # Attachments ------------------------------------------------------------------------------

    def stored_attachments(self, urls: Sequence[str]) -> dict[str, AttachmentText]:
        """What is stored of these attachment URLs (failed downloads too), by URL."""
        out: dict[str, AttachmentText] = {}
        for i in range(0, len(urls), 500):
            chunk = list(urls[i : i + 500])
            rows = self.conn.execute(f"SELECT * FROM attachments WHERE url IN ({_marks(chunk)})", chunk)
            out.update({r["url"]: _attachment(r) for r in rows})
        return out

    def attachment_attempts(self, url: str) -> int:
        """How many times the URL was downloaded or tried (0: never)."""
        row = self.conn.execute("SELECT attempts FROM attachments WHERE url = ?", (url,)).fetchone()
        return int(row[0]) if row else 0

    def attachment_by_sha256(self, sha256: str) -> AttachmentText | None:
        """A file already read, by its bytes' digest (the same file under another URL)."""
        row = self.conn.execute(
            "SELECT * FROM attachments WHERE sha256 = ? AND outcome != ? ORDER BY id LIMIT 1", (sha256, FAILED)
        ).fetchone()
        return _attachment(row) if row else None

    def save_attachment(self, portal: str, attachment: AttachmentText) -> None:
        """Insert or replace what is known of one attachment URL; a repeated try counts in ``attempts``."""
        values = {f: getattr(attachment, f) for f in _ATTACHMENT_FIELDS}
        values["truncated"] = int(values["truncated"])
        now = _now()
        sets = ", ".join(f"{f} = excluded.{f}" for f in _ATTACHMENT_FIELDS)
        with self._write() as conn:
            conn.execute(
                f"INSERT INTO attachments (url, portal, {', '.join(_ATTACHMENT_FIELDS)}, first_seen, fetched_at)"
                f" VALUES (?, ?, {_marks(_ATTACHMENT_FIELDS)}, ?, ?) ON CONFLICT (url) DO UPDATE SET {sets},"
                " attempts = attachments.attempts + 1, fetched_at = excluded.fetched_at",
                (attachment.url, portal, *values.values(), now, now),
            )

    def article_attachments(self, article_id: int) -> list[dict[str, Any]]:
        """The attachments of a stored article, in page order: URL, outcome and its reason, pages, size, SHA-256
        and text (what the workbench's entry page shows)."""
        rows = self.conn.execute(
            "SELECT t.* FROM articles a JOIN article_attachments l ON l.article_key = a.dedupe_key"
            " JOIN attachments t ON t.id = l.attachment_id WHERE a.id = ? ORDER BY l.position",
            (article_id,),
        )
        return [{**dict(r), "truncated": bool(r["truncated"])} for r in rows]

    def attachment_texts(self, article_ids: Sequence[int]) -> dict[int, str]:
        """The text of each article's readable attachments, joined by blank lines (for full-text indexes); articles
        without any are left out."""
        out: dict[int, list[str]] = {}
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i : i + 500])
            rows = self.conn.execute(
                "SELECT a.id, t.text FROM articles a JOIN article_attachments l ON l.article_key = a.dedupe_key"
                f" JOIN attachments t ON t.id = l.attachment_id WHERE a.id IN ({_marks(chunk)}) AND t.text != ''"
                " ORDER BY a.id, l.position",
                chunk,
            )
            for r in rows:
                out.setdefault(int(r[0]), []).append(r[1])
        return {k: "\n\n".join(v) for k, v in out.items()}

    # Documents --------------------------------------------------------------------------------

    def _find_document(self, conn: Connection, values: dict[str, Any]) -> sqlite3.Row | None:
        """The stored row of this identity; without a period, the newest with the same issuer, type and number."""
        key = (values["issuer_key"], values["type"], values["number_key"])
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM documents WHERE issuer_key = ? AND type = ? AND number_key = ? AND period = ?",
            (*key, values["period"]),
        ).fetchone()
        if row is not None:
            return row
        if values["period"] == "":
            found: sqlite3.Row | None = conn.execute(
                "SELECT * FROM documents WHERE issuer_key = ? AND type = ? AND number_key = ?"
                " ORDER BY issue_date IS NULL, issue_date DESC, id DESC LIMIT 1",
                key,
            ).fetchone()
            return found
        # A citation stored without its period, which this source now states.
        undated: sqlite3.Row | None = conn.execute(
            "SELECT * FROM documents WHERE issuer_key = ? AND type = ? AND number_key = ? AND period = ''", key
        ).fetchone()
        return undated

    def _upsert_document(
        self, conn: Connection, portal: str, doc: Document, *, registry: bool, now: str
    ) -> tuple[int, SaveResult, bool]:
        """The document's row id, what the write did, and whether a registry listed it for the first time."""
        values = document_values(doc)
        old = self._find_document(conn, values)
        if old is None:
            inserted = conn.execute(
                f"INSERT INTO documents (portal, {', '.join(values)}, listed_at, first_seen, updated_at)"
                f" VALUES (?, {_marks(list(values))}, ?, ?, ?) RETURNING id",
                (portal, *values.values(), now if registry else None, now, now),
            ).fetchone()
            return int(inserted[0]), SaveResult.NEW, registry
        changes: dict[str, Any] = {}
        if old["period"] == "" and values["period"]:
            changes["period"] = values["period"]
        for name in _DOCUMENT_FIELDS:
            new = values[name]
            if _empty(new) or new == old[name]:
                continue
            if registry or _empty(old[name]):  # a registry page states; a citation only fills in
                changes[name] = new
        first_listing = registry and old["listed_at"] is None
        if first_listing:
            changes["listed_at"] = now
        if changes:
            sets = ", ".join(f"{k} = ?" for k in changes)
            conn.execute(
                f"UPDATE documents SET {sets}, updated_at = ? WHERE id = ?", (*changes.values(), now, old["id"])
            )
        return int(old["id"]), (SaveResult.UPDATED if changes else SaveResult.UNCHANGED), first_listing

    def save_document(self, item: DocumentItem) -> tuple[SaveResult, int | None]:
        """Store a document a registry page gives (``via`` ``registry``) with its page, in one transaction; the
        first time a registry lists it, one ``document`` alert (its id is returned, else None)."""
        now = _now()
        with self._write() as conn:
            doc_id, result, first_listing = self._upsert_document(
                conn, item.portal, item.document, registry=item.via == Via.REGISTRY, now=now
            )
            conn.execute(
                "INSERT INTO document_pages (url, document_id, portal, first_seen) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET document_id = excluded.document_id",
                (item.url, doc_id, item.portal, now),
            )
            alert = self._document_alert(conn, doc_id, item, now) if first_listing else None
        return result, alert

    def _document_alert(self, conn: Connection, doc_id: int, item: DocumentItem, now: str) -> int | None:
        doc = item.document
        facts = [doc.issue_date and f"ngày {doc.issue_date.day}/{doc.issue_date.month}/{doc.issue_date.year}"]
        detail = {
            "title": doc.name,
            "reason": " · ".join(p for p in [doc.issuer.display, *facts, doc.summary] if p),
            "url": doc.url or item.url,
            "document_id": doc_id,
            "number": doc.number.text,
            "type": doc.type.value if doc.type else None,
            "issuer": doc.issuer.display,
            "issue_date": _day(doc.issue_date),
            "signer": doc.signer,
            "summary": doc.summary,
        }
        self._lock_stories()
        cur = conn.execute(
            "INSERT INTO alerts (kind, article_id, portal, created_at, dedupe, detail, document_id)"
            " VALUES (?, NULL, ?, ?, ?, ?, ?) ON CONFLICT (dedupe) DO NOTHING RETURNING id",
            (
                AlertKind.DOCUMENT.value,
                item.portal,
                now,
                f"document:{doc_id}",
                json.dumps(detail, ensure_ascii=False),
                doc_id,
            ),
        )
        raised = cur.fetchone()
        return int(raised[0]) if raised else None

    def save_article_documents(
        self, article_key: str, portal: str, attachment_urls: Sequence[str], documents: Sequence[DocumentItem]
    ) -> None:
        """Link an article (by its natural key) to its stored attachments, and to the documents it cites or, for a
        meeting report, adopted; in one transaction, replacing the links an earlier version of the article made."""
        if not attachment_urls and not documents and not self._linked(article_key):
            return  # most articles: nothing to link, and no earlier version's links to drop (no write transaction)
        now = _now()
        with self._write() as conn:
            conn.execute("DELETE FROM article_attachments WHERE article_key = ?", (article_key,))
            ids = {
                r["url"]: r["id"]
                for r in (
                    conn.execute(
                        f"SELECT id, url FROM attachments WHERE url IN ({_marks(attachment_urls)})",
                        list(attachment_urls),
                    )
                    if attachment_urls
                    else []
                )
            }
            conn.executemany(
                "INSERT INTO article_attachments (article_key, attachment_id, position) VALUES (?, ?, ?)"
                " ON CONFLICT (article_key, attachment_id) DO NOTHING",
                [(article_key, ids[u], i) for i, u in enumerate(attachment_urls) if u in ids],
            )
            conn.execute("DELETE FROM article_documents WHERE article_key = ?", (article_key,))
            for item in documents:
                doc_id, _, _ = self._upsert_document(conn, portal, item.document, registry=False, now=now)
                conn.execute(
                    "INSERT INTO article_documents (article_key, document_id, source_url, via, relation, cited,"
                    " first_seen) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_key, document_id, source_url)"
                    " DO UPDATE SET relation = CASE WHEN excluded.relation = ? THEN excluded.relation"
                    " ELSE article_documents.relation END",
                    (
                        article_key,
                        doc_id,
                        item.url,
                        item.via,
                        ADOPTED if item.adopted else CITED,
                        item.cited,
                        now,
                        ADOPTED,
                    ),
                )

    def _linked(self, article_key: str) -> bool:
        """Whether an earlier version of the article linked attachments or documents (one query for both)."""
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM article_attachments WHERE article_key = ?)"
            " OR EXISTS (SELECT 1 FROM article_documents WHERE article_key = ?)",
            (article_key, article_key),
        ).fetchone()
        return bool(row[0])

    def document_page(self, portal: str) -> str | None:
        """The portal's newest stored registry page (its adapter finds the registry's feed from it), or None."""
        row = self.conn.execute(
            "SELECT url FROM document_pages WHERE portal = ? ORDER BY first_seen DESC, url LIMIT 1", (portal,)
        ).fetchone()
        return str(row[0]) if row else None

    def known_document_pages(self, portal: str, urls: Sequence[str]) -> set[str]:
        """Which of these registry page URLs hold a stored document of the portal."""
        known: set[str] = set()
        for i in range(0, len(urls), 500):
            chunk = list(urls[i : i + 500])
            rows = self.conn.execute(
                f"SELECT url FROM document_pages WHERE portal = ? AND url IN ({_marks(chunk)})", [portal, *chunk]
            )
            known.update(r[0] for r in rows)
        return known

    def documents(self, query: DocumentQuery | None = None) -> Iterator[dict[str, Any]]:
        """Stored documents, newest issue date first (undated ones by when they were first seen), with how many
        registry pages list them and how many articles cite them."""
        query = query or DocumentQuery()
        where: list[str] = []
        args: list[Any] = []
        if query.types:
            where.append(f"type IN ({_marks(query.types)})")
            args += query.types
        if query.portal:
            where.append("portal = ?")
            args.append(query.portal)
        if query.since:
            where.append("coalesce(issue_date, substr(first_seen, 1, 10)) >= ?")
            args.append(query.since)
        if query.listed_only:
            where.append("listed_at IS NOT NULL")
        sql = (
            "SELECT d.*, (SELECT count(*) FROM document_pages p WHERE p.document_id = d.id) AS pages,"
            " (SELECT count(DISTINCT article_key) FROM article_documents l WHERE l.document_id = d.id) AS articles"
            f" FROM documents d{' WHERE ' + ' AND '.join(where) if where else ''}"
            " ORDER BY coalesce(issue_date, substr(first_seen, 1, 10)) DESC, id DESC"
        )
        words = fold(query.issuer or "").split()
        shown = 0
        for row in self.conn.execute(sql, args):
            if words and not _in_order(words, fold(f"{row['issuer']} {row['issuer_code']}").split()):
                continue
            yield document_record(row)
            shown += 1
            if query.limit and shown >= query.limit:
                return

    def document(self, document_id: int) -> dict[str, Any] | None:
        """One document with the registry pages that list it and the articles that cite or adopted it."""
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        out = document_record(row)
        out["pages"] = [
            r[0] for r in self.conn.execute("SELECT url FROM document_pages WHERE document_id = ?", (document_id,))
        ]
        out["sources"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT a.id AS article_id, a.url AS article_url, a.title, l.source_url, l.via, l.relation, l.cited"
                " FROM article_documents l LEFT JOIN articles a ON a.dedupe_key = l.article_key"
                " WHERE l.document_id = ? ORDER BY l.first_seen, l.source_url",
                (document_id,),
            )
        ]
        return out

    def article_documents(self, article_id: int) -> list[dict[str, Any]]:
        """The documents a stored article cites or (a meeting report) adopted: each with ``relation``, ``via``
        (``article`` or ``attachment``) and the citation's words."""
        rows = self.conn.execute(
            "SELECT d.*, l.relation, l.via, l.source_url, l.cited FROM articles a"
            " JOIN article_documents l ON l.article_key = a.dedupe_key JOIN documents d ON d.id = l.document_id"
            " WHERE a.id = ? ORDER BY l.relation = ? DESC, d.issue_date, d.id",
            (article_id, ADOPTED),
        )
        return [document_record(r) for r in rows]
