"""Documents as values: the number, the type, the issuer, and the identity that makes one document one item.

A document is reached several ways (a NukeViet ``laws`` page, its RSS item, a citation in a report, an
attachment's first page); ``Document.identity`` and ``DocumentRef.identity`` give them the same key. The key is
issuer + type + number + period, where the period is what makes a number unique again: the year printed in a
State legal number (``45/2025/NQ-HĐND``); else the term for party documents, which restart at 01 every committee
term, or their issue date when the term is not known; else the issue year for State numbers without a year
(``123/QĐ-UBND`` restarts every January).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from crawler.text import fold


class Via(StrEnum):
    """Where a document was read: a document registry's page (NukeViet ``laws``, a "Văn bản" section), or a
    citation in an article's text or in one of its attachments."""

    REGISTRY = "registry"
    ARTICLE = "article"
    ATTACHMENT = "attachment"


class DocType(StrEnum):
    """Document types by the code their numbers carry; ``label`` is the Vietnamese name readers see."""

    NGHI_QUYET = "NQ"
    KET_LUAN = "KL"
    CHI_THI = "CT"
    QUYET_DINH = "QĐ"
    QUY_DINH = "QyĐ"  # State code; party regulations are numbered with QĐ ("Quy định số 368-QĐ/TW")
    QUY_CHE = "QC"
    THONG_BAO = "TB"
    THONG_TRI = "TTri"
    HUONG_DAN = "HD"
    KE_HOACH = "KH"
    CHUONG_TRINH = "CTr"
    BAO_CAO = "BC"
    TO_TRINH = "TTr"
    DE_AN = "ĐA"
    CONG_VAN = "CV"
    CONG_DIEN = "CĐ"
    BIEN_BAN = "BB"
    GIAY_MOI = "GM"
    NGHI_DINH = "NĐ"
    THONG_TU = "TT"
    LUAT = "L"

    @property
    def label(self) -> str:
        """The type's Vietnamese name, as documents and readers write it."""
        return _LABELS[self]


_LABELS = {
    DocType.NGHI_QUYET: "Nghị quyết",
    DocType.KET_LUAN: "Kết luận",
    DocType.CHI_THI: "Chỉ thị",
    DocType.QUYET_DINH: "Quyết định",
    DocType.QUY_DINH: "Quy định",
    DocType.QUY_CHE: "Quy chế",
    DocType.THONG_BAO: "Thông báo",
    DocType.THONG_TRI: "Thông tri",
    DocType.HUONG_DAN: "Hướng dẫn",
    DocType.KE_HOACH: "Kế hoạch",
    DocType.CHUONG_TRINH: "Chương trình",
    DocType.BAO_CAO: "Báo cáo",
    DocType.TO_TRINH: "Tờ trình",
    DocType.DE_AN: "Đề án",
    DocType.CONG_VAN: "Công văn",
    DocType.CONG_DIEN: "Công điện",
    DocType.BIEN_BAN: "Biên bản",
    DocType.GIAY_MOI: "Giấy mời",
    DocType.NGHI_DINH: "Nghị định",
    DocType.THONG_TU: "Thông tư",
    DocType.LUAT: "Luật",
}
TYPE_CODES = {t.value.lower(): t for t in DocType}
TYPE_NAMES = {fold(t.label): t for t in DocType}


@dataclass(frozen=True)
class DocumentNumber:
    """One document number split into its parts.

    ``text`` is the number as printed (spaces removed, ``Ð`` read as ``Đ``); ``serial`` the running number (``5``
    for ``05-KL/ĐU``); ``year`` is printed in State legal numbers only; ``code`` is the type abbreviation (None in
    a letter's number, ``456/UBND-VP``, and in a law's, ``63/2025/QH15``); ``issuer`` the issuing body's code and
    ``unit`` what follows it (the drafting unit ``VP`` of ``UBND-VP``)."""

    text: str
    serial: int
    issuer: str
    code: str | None = None
    year: int | None = None
    unit: str | None = None
    party: bool = False

    @property
    def type(self) -> DocType | None:
        """The type the code names; a letter's number (no code) is a ``CONG_VAN``, a law's a ``LUAT``."""
        if self.code is None:
            return DocType.LUAT if self.year and re.fullmatch(r"QH\d*", self.issuer) else DocType.CONG_VAN
        return TYPE_CODES.get(self.code.lower())

    @property
    def key(self) -> str:
        """The number for matching: serial without zero padding, upper case (``5-KL/ĐU``, ``45/2025/NQ-HĐND``)."""
        if self.party:
            return f"{self.serial}-{self.code}/{self.issuer}{'-' + self.unit if self.unit else ''}".upper()
        head = f"{self.serial}/{self.year}" if self.year else str(self.serial)
        return f"{head}/{'-'.join(p for p in (self.code, self.issuer, self.unit) if p)}".upper()


@dataclass(frozen=True)
class Issuer:
    """The body that issued a document: its code in numbers, its name, and where it sits when it is local.

    ``level`` is the administrative word ("tỉnh", "huyện", "xã"...) and ``place`` the locality's name; both are
    None for national bodies (Trung ương, Chính phủ, ministries) and when the text does not say."""

    code: str
    name: str | None = None
    level: str | None = None
    place: str | None = None

    @property
    def display(self) -> str:
        """How a reader sees it: "Tỉnh ủy Bình Thuận", "Hội đồng nhân dân tỉnh Bình Thuận", "Bộ Chính trị"."""
        name = self.name or self.code
        if not self.place:
            return name
        if fold(name).endswith(" ủy") and not fold(name).startswith("đảng"):  # Tỉnh ủy, Huyện ủy: level in the name
            return f"{name} {self.place}"
        return f"{name} {self.level} {self.place}" if self.level else f"{name} {self.place}"

    @property
    def key(self) -> str:
        """Code, level and place folded: the issuer part of a document's identity."""
        return fold(" ".join(p for p in (self.code, self.level or "", self.place or "") if p))


@dataclass(frozen=True)
class DocumentFile:
    """An attached file: where to download it and the name the portal gives it."""

    url: str
    name: str


class DocumentKey(NamedTuple):
    """Identity of a document: issuer, type, number and the period that makes the number unique."""

    issuer: str
    type: str
    number: str
    period: str


def document_key(
    number: DocumentNumber, doc_type: DocType | None, issuer: Issuer, issue_date: date | None, term: str | None
) -> DocumentKey:
    """The identity of a document however it was reached (see the module docstring for the period rule)."""
    if number.year:
        period = str(number.year)
    elif number.party:
        period = term or (issue_date.isoformat() if issue_date else "")
    else:
        period = str(issue_date.year) if issue_date else ""
    return DocumentKey(issuer.key, doc_type.value if doc_type else "", number.key, period)


@dataclass(frozen=True)
class Document:
    """A document as a registry page describes it: number, type, issuer, signer, dates, trích yếu and files.

    ``title`` is the page's heading when it says more than the summary; ``term`` ("2020-2025") is set when a
    source states it; ``url`` is the page the document was read from."""

    number: DocumentNumber
    type: DocType | None
    issuer: Issuer
    summary: str
    signer: str | None = None
    issue_date: date | None = None
    effective_date: date | None = None
    expiry_date: date | None = None
    title: str = ""
    term: str | None = None
    files: tuple[DocumentFile, ...] = field(default_factory=tuple)
    url: str | None = None

    @property
    def identity(self) -> DocumentKey:
        return document_key(self.number, self.type, self.issuer, self.issue_date, self.term)

    @property
    def name(self) -> str:
        """ "Nghị quyết số 12-NQ/HU", as a reader refers to it."""
        return f"{self.type.label} số {self.number.text}" if self.type else f"Số {self.number.text}"


@dataclass(frozen=True)
class DocumentRef:
    """A document cited in text: what the citation says, and where (``start``/``end`` in the NFC text)."""

    number: DocumentNumber
    type: DocType | None
    issuer: Issuer
    issue_date: date | None = None
    summary: str = ""
    cited: str = ""
    start: int = 0
    end: int = 0
    term: str | None = None

    @property
    def identity(self) -> DocumentKey:
        return document_key(self.number, self.type, self.issuer, self.issue_date, self.term)

    def as_document(self) -> Document:
        """The document as far as the citation describes it (no signer, files or page of its own)."""
        return Document(
            number=self.number,
            type=self.type,
            issuer=self.issuer,
            summary=self.summary,
            issue_date=self.issue_date,
            term=self.term,
        )

    def refers_to(self, document: Document) -> bool:
        """Whether this citation names ``document``: same identity, or the same but for a period it does not state."""
        mine, theirs = self.identity, document.identity
        return mine == theirs or (mine.period == "" and mine[:3] == theirs[:3])
