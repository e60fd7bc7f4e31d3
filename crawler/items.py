"""Items produced by the spider and adapters and completed by pipelines.

Plain dataclasses used through itemadapter: adapters fill the raw fields, pipelines fill the
derived ones (aware datetimes, authors, meeting fields, the store key and near-duplicate sketch),
each a typed field, so what one pipeline hands the next is visible here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from crawler.text import fold

if TYPE_CHECKING:
    from crawler.clusters import Sketch


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
    origin: str | None = None  # the body the page credits as the news source (NukeViet's "Nguồn tin")
    # Filled by pipelines.
    published: datetime | date | None = None
    modified: datetime | date | None = None
    authors: list[Author] = field(default_factory=list)
    meeting: MeetingInfo | None = None
    content_hash: str | None = None
    dedupe_key: str | None = None  # the natural key the store upserts on (``crawler.fingerprint.dedupe_key``)
    sketch: Sketch | None = None  # near-duplicate sketch, made in the crawling process (``crawler.clusters``)

    @property
    def is_meeting_report(self) -> bool:
        return self.meeting is not None

    @property
    def text(self) -> str:
        """Lead and body as one text, for detectors that read the whole article."""
        return "\n\n".join(p for p in [self.lead or "", *self.body] if p)

    def folded(self) -> tuple[str, str]:
        """``crawler.text.fold`` of the title and of ``text``: the match keys the content hash and the sketch read.

        Folded once per text and kept on the item (outside its fields, so never exported or stored); a later change
        of the title or the text is seen, and folds again."""
        title, text = self.title, self.text
        cached = self.__dict__.get("_folded")
        if cached is None or cached[0] != title or cached[1] != text:
            cached = (title, text, fold(title), fold(text))
            self.__dict__["_folded"] = cached
        return cached[2], cached[3]


@dataclass(frozen=True)
class RemovalItem:
    """A stored article that answered 404 or 410 when re-checked: the store marks it removed, alerting once."""

    portal: str
    url: str
    status: int


# What the spider yields, so what every pipeline receives; pipelines that complete articles pass removals on.
PortalItem = ArticleItem | RemovalItem
