"""The store interface: what pipelines, the CLI, the feed and webhooks need, and nothing more.

``crawler.store.open_store`` returns one ``Store`` that composes the articles and their story clusters, the run
history and incremental state, the webhook ``outbox`` and the ``feed`` reads. SQLite implements it now;
PostgreSQL will implement the same Protocols, so callers never see a connection, a path or SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from crawler.dates import TZ
from crawler.items import ArticleItem, AttachmentText, DocumentItem
from crawler.store.filters import Cursor, EntryFilter, Page
from crawler.vocab import AlertKind

PENDING, DELIVERED = "pending", "delivered"  # states of an outbox row


class SaveResult(StrEnum):
    """What an upsert did, so pipelines can count and alert exactly once."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RunRecord:
    """One crawl of one portal, for history and the demo's summary.

    ``status`` is ``running`` while it runs (``finished`` is None), then ``ok``, ``partial`` (pages failed),
    ``failed`` (nothing read), ``interrupted`` (killed: found by the next run), ``skipped`` (the portal was
    locked by another run) or ``queued`` (handed to Scrapyd, not started yet). ``mode`` is ``full`` (every
    listing walked) or ``incremental`` (feed or first pages since the last complete run).
    """

    portal: str
    started: datetime
    finished: datetime | None
    status: str
    pages: int
    new: int
    updated: int
    unchanged: int
    failed: int
    errors: int
    finish_reason: str
    requests: int = 0
    not_modified: int = 0
    alerts: int = 0
    mode: str = "full"
    job: str | None = None
    id: int | None = None
    # What the health checks read of the run (``crawler.monitors.facts.RunFacts.as_json``); None for old rows.
    facts: Mapping[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """The run as ``portalwatch runs --json`` prints it (local ISO times)."""

        def local(value: datetime | None) -> str | None:
            return value.astimezone(TZ).isoformat() if value else None

        return {
            "portal": self.portal,
            "start": local(self.started),
            "end": local(self.finished),
            "status": self.status,
            "requests": self.requests,
            "not_modified": self.not_modified,
            "new": self.new,
            "updated": self.updated,
            "failed": self.failed,
            "errors": self.errors,
            "finish_reason": self.finish_reason,
            "alerts": self.alerts,
            "pages": self.pages,
            "unchanged": self.unchanged,
            "mode": self.mode,
            "job": self.job,
        }


@dataclass(frozen=True)
class PortalState:
    """What the last complete run of a portal left for the next one (``None``: never).

    ``complete_at`` is when that run started: the watermark of an incremental run. ``deep_at`` is the last run
    that walked the listings and re-checked recent articles; ``feed_url`` the feed an incremental run reads."""

    complete_at: datetime | None = None
    deep_at: datetime | None = None
    feed_url: str | None = None
    api_failed: bool = False  # the CMS's own API (WordPress REST) failed on that run: incremental runs use the feed


@dataclass(frozen=True)
class HealthState:
    """A portal's health as the checks last judged it (``crawler.monitors``).

    ``status`` is a ``crawler.monitors.health.Health`` value; ``since`` when it took that status; ``fields`` the
    failing fields of a ``broken`` portal; ``successor`` the origin a ``moved`` portal redirects to."""

    portal: str
    status: str
    reason: str
    since: datetime
    checked_at: datetime
    fields: tuple[str, ...] = ()
    successor: str | None = None
    run_id: int | None = None


@dataclass(frozen=True)
class ArticleQuery:
    """Filters shared by ``articles`` listings and exports.

    ``portals`` narrows to these slugs (an empty tuple: none); ``meeting_kinds`` to meeting reports (an empty set:
    every meeting report, else these kinds); ``published_since`` (UTC ISO) to articles published at or after it (a
    date-only publication counts from its local day); ``search`` to articles whose title or lead has each of its
    words (as a word or a word's start), compared without case, tone marks, diacritics or the i/y spelling variant
    ("ky hop" finds "Kỳ họp", "kì họp hđnd" finds "Kỳ họp thứ 10 HĐND")."""

    portal: str | None = None
    meetings_only: bool = False
    limit: int | None = None
    portals: tuple[str, ...] | None = None
    meeting_kinds: frozenset[str] | None = None
    published_since: str | None = None
    search: str | None = None


@dataclass(frozen=True)
class DocumentQuery:
    """Filters of ``Store.documents``.

    ``types`` narrows to these type codes (``NQ``, ``KL``...: ``crawler.documents.model.DocType`` values); ``issuer``
    to documents whose issuer's name and code have its words in order, each as a word or a word's start (case and
    tone-mark placement ignored: "huyện uỷ" finds "Huyện ủy Tuy Phong", not "Ủy ban nhân dân huyện"); ``since`` (ISO
    date) to those issued on or after it (an undated one by the day it was first seen); ``listed_only`` to those a
    document registry lists (not only cited)."""

    types: tuple[str, ...] = ()
    issuer: str | None = None
    since: str | None = None
    portal: str | None = None
    listed_only: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class Subscriber:
    id: int
    url: str
    secret: str
    filter: dict[str, list[str]]
    created_at: str
    enqueued_through: int
    name: str | None = None  # set for subscribers from a subscribers file, the key they are synced by


@dataclass(frozen=True)
class NamedSubscriber:
    """One entry of a subscribers file, as the store keeps it."""

    name: str
    url: str
    secret: str
    filter: dict[str, list[str]]
    from_start: bool = False  # only read when the entry first appears


@dataclass(frozen=True)
class SyncResult:
    """Names of the file's subscribers by what the sync did to them."""

    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: list[str]


@dataclass(frozen=True)
class Head:
    """A subscriber's next alert to deliver."""

    subscriber: Subscriber
    alert_id: int
    attempts: int
    next_attempt_at: float
    parts_sent: int = 0  # parts of a split channel message a failed attempt delivered
    held: bool = False  # not due by its subscriber's digest or quiet hours (not a failure)


def alert_key(kind: str, article_id: int, cluster_id: int, meeting_id: int | None = None) -> str:
    """What an alert is about, unique in the store: ``meeting`` and ``upcoming_meeting`` alerts once per meeting
    record (``meeting:<id>``), or per story when the article joined no record; other kinds per article."""
    if kind in (AlertKind.MEETING, AlertKind.UPCOMING_MEETING):
        return f"{kind}:{meeting_id}" if meeting_id is not None else f"{kind}:cluster:{cluster_id}"
    return f"{kind}:{article_id}"


@dataclass(frozen=True)
class MeetingQuery:
    """Which meeting records to list (``portalwatch meetings``): by status, meeting kind, the portals that reported
    or announced them, and a first day (the meeting's date, or the day it was first seen when it has none)."""

    status: str | None = None
    kinds: tuple[str, ...] = ()
    portals: tuple[str, ...] | None = None
    since: date | None = None
    limit: int | None = None

    def sql(self) -> tuple[str, list[Any]]:
        """The selection as an SQL condition on ``meetings m``."""
        where, args = ["1 = 1"], []
        if self.status:
            where.append("m.status = ?")
            args.append(self.status)
        if self.kinds:
            where.append(f"m.kind IN ({', '.join('?' * len(self.kinds))})")
            args += self.kinds
        if self.portals is not None:
            where.append(
                "EXISTS (SELECT 1 FROM article_meetings am JOIN articles pa ON pa.id = am.article_id"
                f" WHERE am.meeting_id = m.id AND pa.portal IN ({', '.join('?' * len(self.portals)) or 'NULL'}))"
            )
            args += self.portals
        if self.since is not None:
            where.append("coalesce(m.meeting_date, substr(m.first_seen, 1, 10)) >= ?")
            args.append(self.since.isoformat())
        return " AND ".join(where), args


class Outbox(Protocol):
    """Webhook subscribers and their outbox: one row per subscriber and alert, delivered in alert order."""

    def add_subscriber(self, url: str, secret: str, filters: dict[str, list[str]], from_start: bool = False) -> int:
        """A new subscriber; it receives alerts raised from now on, or every stored one with ``from_start``."""
        ...

    def sync_named(self, entries: Sequence[NamedSubscriber], filters: Mapping[str, EntryFilter]) -> SyncResult:
        """Make the named subscribers exactly ``entries`` in one transaction; a changed filter (``filters`` by
        name) drops the pending rows it does not match."""
        ...

    def subscribers(self) -> list[Subscriber]: ...

    def remove_subscriber(self, subscriber_id: int) -> bool: ...

    def alerts_after(self, alert_id: int, limit: int = 1000) -> list[dict[str, Any]]:
        """Alerts above an id, oldest first, with what a filter reads (``EntryFilter.matches``)."""
        ...

    def enqueue(self, subscriber_id: int, alert_ids: Sequence[int], through: int) -> int: ...

    def heads(self) -> list[Head]:
        """Each subscriber's lowest pending alert (due or not)."""
        ...

    def claim(self, head: Head, now: float, lease_until: float) -> bool:
        """Take a due head for one attempt; False if another deliverer took it or it is not due."""
        ...

    def delivered(self, head: Head) -> None: ...

    def failed(self, head: Head, error: str, retry_at: float, parts_sent: int = 0) -> None: ...

    def pending_alerts(self, subscriber_id: int, limit: int = -1) -> list[tuple[int, str]]:
        """A subscriber's first ``limit`` (all: -1) pending rows in alert order: (alert id, when it was raised)."""
        ...

    def drop_pending(self, subscriber_id: int, alert_ids: Sequence[int]) -> None:
        """Remove pending rows that a subscriber's edited rules no longer accept."""
        ...

    def delivered_many(self, subscriber_id: int, alert_ids: Sequence[int]) -> None:
        """Mark several of one subscriber's rows delivered at once (a digest)."""
        ...

    def hold(self, head: Head, until: float, now: float) -> bool:
        """Leave a due head for ``until`` without counting an attempt; False if it was not due or taken."""
        ...

    def counts(self) -> dict[int, dict[str, int]]: ...

    def last_errors(self) -> dict[int, str | None]: ...


class HealthReader(Protocol):
    """The reads behind the health table (``crawler.monitors.status``): a ``Store``, or ``FeedReader.health_reader``
    in a server's threads."""

    def health_states(self) -> dict[str, HealthState]: ...

    def runs(self, portal: str | None = None, limit: int = 50) -> list[RunRecord]: ...

    def last_starts(self) -> dict[str, datetime]: ...


class DocumentReader(Protocol):
    """The reads behind an entry page's attachments and documents (``FeedReader.documents_reader``, or a ``Store``)."""

    def article_attachments(self, article_id: int) -> list[dict[str, Any]]: ...

    def article_documents(self, article_id: int) -> list[dict[str, Any]]: ...

    def attachment_texts(self, article_ids: Sequence[int]) -> dict[int, str]: ...

    def document(self, document_id: int) -> dict[str, Any] | None: ...

    def documents(self, query: DocumentQuery | None = None) -> Iterator[dict[str, Any]]: ...


class FeedReader(Protocol):
    """The reads behind the feeds, the web page and webhook payloads; safe to call from several threads."""

    def entries(self, flt: EntryFilter, limit: int = 50, before: Cursor | None = None) -> Page:
        """One page of entries, newest first, and the cursor of the next page if there is one."""
        ...

    def articles(self, flt: EntryFilter, limit: int = 50, before: Cursor | None = None) -> Page: ...

    def alert(self, alert_id: int) -> dict[str, Any] | None: ...

    def meetings(
        self, flt: EntryFilter, limit: int | None = None, before: Cursor | None = None
    ) -> Iterator[dict[str, Any]]:
        """Meeting records for the calendar (``EntryFilter.meeting_sql``), newest first, each with the title, URL
        and lead of the article that stands for it."""
        ...

    def entry(self, entry_id: str) -> dict[str, Any] | None: ...

    def totals(self) -> dict[str, int]: ...

    def health(self) -> list[dict[str, Any]]: ...

    def health_reader(self) -> HealthReader:
        """Run history and health states on this thread's read connection."""
        ...

    def documents_reader(self) -> DocumentReader:
        """Attachments and documents on this thread's read connection."""
        ...

    def close(self) -> None: ...


class Store(Protocol):
    """Persistent articles, alerts and run history, with the webhook outbox and the feed reads."""

    @property
    def outbox(self) -> Outbox: ...

    @property
    def feed(self) -> FeedReader: ...

    def save_article(self, item: ArticleItem, dedupe_key: str, alert_kinds: Sequence[str]) -> SaveResult:
        """Upsert by ``dedupe_key``, in one transaction with everything it implies.

        On insert: the story cluster (``cluster_id``), its signature, the meeting record the article reports,
        announces or copies (``crawler.store.meetingrecords``) and one alert per kind (keyed by ``alert_key``: a
        second report of a meeting, or a copy of an alerted story, adds none). On a content change: a revision
        keeping the old version and one ``article_edited`` alert.
        """
        ...

    def save_articles(self, batch: Sequence[tuple[ArticleItem, str, Sequence[str]]]) -> list[SaveResult]:
        """``save_article`` over many items in one transaction (bulk loads, benchmarks)."""
        ...

    def mark_removed(self, url: str, portal: str) -> bool:
        """A stored article answered 404/410: mark it removed and alert once; False if unknown or already marked."""
        ...

    def recent_urls(self, portal: str, limit: int) -> list[str]:
        """URLs of the portal's most recently published articles not marked removed, for re-checks."""
        ...

    def cluster(self, cluster_id: int) -> list[dict[str, Any]]:
        """Every copy of one story, earliest publication first."""
        ...

    def revisions(self, article_id: int) -> list[dict[str, Any]]:
        """Replaced versions of an article, oldest first."""
        ...

    def meetings(self, query: MeetingQuery | None = None) -> list[dict[str, Any]]:
        """Meeting records (one per real meeting), the latest meeting date first."""
        ...

    def meeting(self, meeting_id: int) -> dict[str, Any] | None:
        """One meeting record with every article that reports, announces or copies it (``reports``)."""
        ...

    def articles(self, query: ArticleQuery | None = None) -> Iterator[dict[str, Any]]:
        """Stored articles, newest publication first, as JSON-ready dicts."""
        ...

    def alerts(self, limit: int = 100, portal: str | None = None) -> list[dict[str, Any]]:
        """Alerts, newest first, each with its article."""
        ...

    def portals(self) -> list[str]:
        """Slugs of the portals the store holds articles of, sorted: registry portals and ad-hoc ones alike."""
        ...

    def record_run(self, run: RunRecord) -> None: ...

    def runs(self, portal: str | None = None, limit: int = 50) -> list[RunRecord]: ...

    # Run lifecycle and incremental state (crawler/store/runstate.py) ---------------------------------

    def acquire_lock(self, portal: str, holder: str, ttl: float) -> bool:
        """Take the portal's run lock for ``ttl`` seconds; False while a live holder has it. A holder whose
        lease ran out, or whose process on this host is gone, loses it."""
        ...

    def renew_lock(self, portal: str, holder: str, ttl: float) -> bool: ...

    def release_lock(self, portal: str, holder: str) -> None: ...

    def locked_portals(self) -> set[str]:
        """Portals whose lock a live holder has now."""
        ...

    def start_run(self, portal: str, started: datetime, mode: str, job: str | None = None) -> int:
        """A ``running`` row for this run (the queued row of ``job`` if the scheduler made one); earlier
        ``running`` rows of the portal are marked ``interrupted``, since the caller holds the lock."""
        ...

    def queue_run(self, portal: str, job: str, queued: datetime) -> int:
        """A ``queued`` row for a run handed to Scrapyd as ``job``."""
        ...

    def heartbeat(self, run_id: int) -> None: ...

    def finish_run(self, run_id: int, run: RunRecord) -> None: ...

    def last_starts(self) -> dict[str, datetime]:
        """Each portal's latest run start (any status but ``skipped``), for cadences."""
        ...

    def portal_state(self, portal: str) -> PortalState: ...

    def save_portal_state(
        self,
        portal: str,
        *,
        complete_at: datetime | None = None,
        deep_at: datetime | None = None,
        feed_url: str | None = None,
        api_failed: bool | None = None,
    ) -> None:
        """Record what a complete run leaves; None keeps a field's stored value."""
        ...

    def validators(self, urls: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """Stored ``(ETag, Last-Modified)`` of these URLs, for conditional GETs."""
        ...

    def save_validators(self, validators: dict[str, tuple[str | None, str | None]]) -> None: ...

    def known_urls(self, portal: str, urls: Sequence[str], keys: Sequence[str]) -> set[str]:
        """Which of ``urls`` (with their dedupe ``keys``, same order) are stored articles of the portal."""
        ...

    # Portal health (crawler/store/health.py) -----------------------------------------------------

    def health_states(self) -> dict[str, HealthState]:
        """Every judged portal's current health state."""
        ...

    def set_health(self, state: HealthState, detail: Mapping[str, Any] | None) -> int | None:
        """Record a portal's health and, when its status changed, one ``portal_health`` alert with ``detail``, in
        one transaction (compared under the write lock, keyed per status change: never twice). Returns the
        alert's id, or None when the status is unchanged (or the portal is judged for the first time)."""
        ...

    def posting_times(self, portal: str, limit: int) -> list[datetime]:
        """Publication times (first seen when undated) of the portal's newest articles, newest first, without
        removed or quarantined ones: the portal's posting rhythm."""
        ...

    def alert_quarantined(self, portal: str, now: datetime) -> tuple[int, list[str]] | None:
        """One ``portal_health`` alert "possible injected content" naming the portal's quarantined pages that no
        alert named yet, marked in the same transaction; None when there are none."""
        ...

    def alert_high_water(self) -> int:
        """The newest alert id; alerts a run creates are those above it at its start."""
        ...

    def alerts_since(self, portal: str, after_id: int) -> int: ...

    def counts(self) -> dict[str, int]:
        """Row counts of articles and alerts (for tests, demos and health checks)."""
        ...

    # Attachments and documents (crawler/store/documents.py) --------------------------------------

    def stored_attachments(self, urls: Sequence[str]) -> dict[str, AttachmentText]:
        """What is stored of these attachment URLs (failed downloads too), by URL."""
        ...

    def attachment_attempts(self, url: str) -> int:
        """How many times an attachment URL was downloaded or tried (0: never)."""
        ...

    def attachment_by_sha256(self, sha256: str) -> AttachmentText | None:
        """A file already read, by its bytes' SHA-256 (the same file under another URL)."""
        ...

    def save_attachment(self, portal: str, attachment: AttachmentText) -> None:
        """Insert or replace what is known of one attachment URL (outcome, digest, text)."""
        ...

    def article_attachments(self, article_id: int) -> list[dict[str, Any]]:
        """A stored article's attachments in page order, with outcome, pages, size, SHA-256 and text."""
        ...

    def attachment_texts(self, article_ids: Sequence[int]) -> dict[int, str]:
        """Each article's attachment text, for full-text indexes (articles without any are left out)."""
        ...

    def save_document(self, item: DocumentItem) -> tuple[SaveResult, int | None]:
        """Store a document a registry page gives, with its page; the first time a registry lists a document, one
        ``document`` alert in the same transaction (its id is returned)."""
        ...

    def save_article_documents(
        self, article_key: str, portal: str, attachment_urls: Sequence[str], documents: Sequence[DocumentItem]
    ) -> None:
        """Link an article (its natural key) to its attachments and to the documents it cites or adopted, replacing
        the links of its earlier version; cited documents are stored (never alerted)."""
        ...

    def document_page(self, portal: str) -> str | None:
        """The portal's newest stored registry page (its adapter finds the registry's feed from it), or None."""
        ...

    def known_document_pages(self, portal: str, urls: Sequence[str]) -> set[str]:
        """Which of these registry page URLs hold a stored document of the portal."""
        ...

    def documents(self, query: DocumentQuery | None = None) -> Iterator[dict[str, Any]]:
        """Stored documents, newest issue date first, as JSON-ready dicts."""
        ...

    def document(self, document_id: int) -> dict[str, Any] | None:
        """One document with the registry pages that list it and the articles that cite or adopted it."""
        ...

    def article_documents(self, article_id: int) -> list[dict[str, Any]]:
        """The documents a stored article cites or adopted (``relation``), and where (``via``)."""
        ...

    def close(self) -> None: ...
