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
    from crawler.documents.model import Document


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
    """Structured fields of the meeting an article reports or announces (see ``crawler.meetings``).

    ``status`` is ``held`` for a report, ``announced`` for an announcement or convocation (``date`` is then the
    planned one), ``postponed`` / ``cancelled`` for a notice putting one off. ``body_key`` is the body's canonical
    key (``crawler.meetings.identity.body_key``, the portal's place filled in), what the store joins meetings on.
    """

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
    status: str = "held"
    location: str | None = None
    body_key: str | None = None


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
    # Why the page looks injected (gambling spam, a foreign template; ``crawler.monitors.spam``): stored, never alerted.
    quarantine: str | None = None
    # Links on the article's page to other hosts (``crawler.monitors.pagechecks``), which the spam guard reads.
    outlinks: list[str] = field(default_factory=list)
    # What ``pipelines.attachments`` read from the attachments, and the documents ``pipelines.documents`` found cited
    # in the text and the attachments (stored with the article by that pipeline, not by the store pipeline).
    attachment_texts: list[AttachmentText] = field(default_factory=list)
    documents: list[DocumentItem] = field(default_factory=list)

    @property
    def is_meeting_report(self) -> bool:
        """True for the report of a held meeting; an announcement or a postponement notice is none."""
        return self.meeting is not None and self.meeting.status == "held"

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

    def folded_whole(self) -> str:
        """``fold(f"{title}\\n{text}")`` from ``folded``: folding collapses the line break to the space that joins
        the two keys, and drops an empty one (the content hash and the spam guard read this)."""
        return " ".join(k for k in self.folded() if k)


@dataclass(frozen=True)
class RemovalItem:
    """A stored article that answered 404 or 410 when re-checked: the store marks it removed, alerting once."""

    portal: str
    url: str
    status: int


@dataclass
class AttachmentText:
    """One attachment of an article as ``pipelines.attachments`` read it (``crawler.documents.extract``).

    ``outcome`` is an ``Outcome`` value (``ok``, ``scanned``, ``empty``, ``too_large``, ``unsupported``, ``broken``)
    or ``failed`` when it could not be downloaded (HTTP error, network), which a later crawl tries again; ``sha256``
    is the downloaded bytes' digest (None when nothing was downloaded); ``text`` is NFC."""

    url: str
    outcome: str
    sha256: str | None = None
    text: str = ""
    reason: str = ""
    kind: str | None = None
    content_type: str | None = None
    size: int | None = None
    pages: int | None = None
    ocr_pages: int = 0
    truncated: bool = False
    legacy: str | None = None


@dataclass
class DocumentItem:
    """A document (nghị quyết, kết luận, quyết định...) as one source gives it: the page of a document registry
    (NukeViet's ``laws`` module, a "Văn bản" section) or a citation in an article or its attachment.

    ``document`` carries number, type, issuer, signer, dates, trích yếu and files; its ``identity`` makes the same
    document reached twice one stored document. ``via`` says where it was read (``crawler.documents.model.Via``):
    ``registry`` for a registry page (``url`` is that page; a newly stored one raises one ``document`` alert),
    ``article`` or ``attachment`` for a citation (``url`` is the article, or the attachment it was cited in;
    ``article_url`` the citing article). ``adopted`` marks a meeting report's own resolution (the document its
    meeting adopted); ``cited`` is the citation's words."""

    portal: str
    url: str
    document: Document
    via: str = "registry"
    article_url: str | None = None
    cited: str = ""
    adopted: bool = False


# What the spider yields, so what every pipeline receives; pipelines that complete articles pass the others on.
PortalItem = ArticleItem | RemovalItem | DocumentItem
