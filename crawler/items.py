"""Items produced by adapters and completed by pipelines.

Plain dataclasses used through itemadapter: adapters fill the raw fields, pipelines fill the
derived ones (aware datetimes, authors, meeting fields, fingerprints).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Image:
    """An image in the article body, with its caption when the page gives one."""

    src: str
    caption: str | None = None


@dataclass
class Attachment:
    """A linked document (PDF, DOC, DOCX, XLS...) offered for download."""

    url: str
    title: str
    kind: str


@dataclass
class Author:
    """One person in a byline with the role the byline gives (``BT`` editor, ``Ảnh`` photo)."""

    name: str
    role: str | None = None


@dataclass
class MeetingInfo:
    """Structured fields of a meeting report (see ``crawler.meetings``)."""

    kind: str
    ordinal: int | None = None
    term: str | None = None
    body: str | None = None
    level: str | None = None
    date: date | None = None
    chair: str | None = None
    period: str | None = None
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)


@dataclass
class ArticleItem:
    """One article page as parsed by an adapter and completed by the pipelines."""

    portal: str
    url: str
    cms: str
    title: str
    canonical_url: str | None = None
    content_id: str | None = None
    published_raw: str | None = None
    modified_raw: str | None = None
    byline: str | None = None
    category: str | None = None
    lead: str | None = None
    body: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    # Filled by pipelines.
    published: datetime | date | None = None
    modified: datetime | date | None = None
    authors: list[Author] = field(default_factory=list)
    meeting: MeetingInfo | None = None
    content_hash: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_meeting_report(self) -> bool:
        return self.meeting is not None

    @property
    def text(self) -> str:
        """Lead and body as one text, for detectors that read the whole article."""
        return "\n\n".join(p for p in [self.lead or "", *self.body] if p)
