"""The documents an article names: cited in its text, or in the text of its attachments (an attached resolution
names itself in its heading: "Số: 3/NQ-HĐND").

Pure: an ``ArticleItem`` with its ``attachment_texts`` in, ``DocumentItem`` values out (``via`` ``article`` or
``attachment``), each with the ``Found`` that ``crawler.documents.meetings`` reads (the meetings named around the
citation, or in the heading of the attachment it opens). The same document cited twice in one text is one item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime

from crawler.dates import parse_date
from crawler.documents.issuers import issuer_for, place_in
from crawler.documents.meetings import Found, sessions
from crawler.documents.model import DocumentRef, Via
from crawler.documents.numbers import find_documents
from crawler.items import ArticleItem, DocumentItem
from crawler.text import fold

MAX_CITED = 40  # documents kept per article: a 300-page annex cites hundreds, and none of them is news
HEADING = 2000  # characters of an attachment that are its heading: the number, type, issuer and the meeting
READ = ("ok", "scanned")  # attachment outcomes that have text
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n")
# The national motto in the right column of a heading, which text extraction puts on the issuer's lines.
_MOTTO = re.compile(
    r"(?i)cộng hòa xã hội chủ nghĩa việt nam|cộng hoà xã hội chủ nghĩa việt nam|độc lập\s*-\s*tự do\s*-\s*hạnh phúc"
    r"|đảng cộng sản việt nam|^\s*số\s*:?\s*$"
)
_PLACE_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}/\d{1,2}/\d{4}", re.I)


def around(text: str, start: int, end: int, reach: int = 300) -> str:
    """The sentence holding ``text[start:end]`` (at most ``reach`` characters each side)."""
    left = text[max(0, start - reach) : start]
    ends = list(_SENTENCE_END.finditer(left))
    begin = start - len(left) + (ends[-1].end() if ends else 0)
    right = text[end : end + reach]
    stop = _SENTENCE_END.search(right)
    return text[begin : end + (stop.start() if stop else len(right))]


def _reference(item: ArticleItem) -> date | None:
    when = item.published
    return when.date() if isinstance(when, datetime) else when


def _found(ref: DocumentRef, text: str, where: str, heading: bool) -> Found:
    named = sessions(around(text, ref.start, ref.end))
    if heading:  # the attachment's own number: the meeting it names in its heading is its own
        named = tuple(dict.fromkeys([*named, *sessions(text[:HEADING])]))
    return Found(ref.as_document(), where, named)


def own_number(ref: DocumentRef, text: str, places: Mapping[str, str] | None) -> DocumentRef:
    """The document an attachment is, from the number in its heading: issued by the body the heading's left column
    names on the line above the number ("HUYỆN ỦY TUY PHONG", "HỘI ĐỒNG NHÂN DÂN / HUYỆN TUY PHONG"), on the date
    its place-and-date line gives ("Tuy Phong, ngày 18 tháng 4 năm 2025"), when the citation itself said neither."""
    lines = [_MOTTO.sub(" ", line).strip(" \t:") for line in text[: ref.start].splitlines()]
    lines = [line for line in lines if line]
    who = lines[-1] if lines else ""
    if len(lines) > 1 and place_in(who) and not fold(who).split()[0].endswith("ủy"):
        who = f"{lines[-2]} {who}"  # the body on one line, its place on the next
    issuer = issuer_for(ref.number, who=who, places=places) if who and place_in(who) else ref.issuer
    issued = ref.issue_date
    if issued is None and (m := _PLACE_DATE.search(text[ref.end : ref.end + 160])):
        found = parse_date(m.group(0)).value
        issued = found if isinstance(found, date) and not isinstance(found, datetime) else None
    return replace(ref, issuer=issuer, issue_date=issued)


def cited(item: ArticleItem, places: Mapping[str, str] | None = None) -> list[tuple[DocumentItem, Found]]:
    """Documents the article's title and text cite, then those its readable attachments cite, one per identity
    and source; at most ``MAX_CITED``."""
    reference = _reference(item)
    out: list[tuple[DocumentItem, Found]] = []
    seen: set[tuple[object, str]] = set()
    text = "\n\n".join(p for p in (item.title, item.text) if p)
    sources = [(text, Via.ARTICLE, item.url, "bài viết")]
    sources += [(a.text, Via.ATTACHMENT, a.url, "tệp đính kèm") for a in item.attachment_texts if a.outcome in READ]
    for body, via, url, where in sources:
        for n, ref in enumerate(find_documents(body, reference=reference, places=places)):
            key = (ref.identity, url)
            if key in seen:
                continue
            seen.add(key)
            heading = via is Via.ATTACHMENT and n == 0 and ref.start < HEADING
            if heading:
                ref = own_number(ref, body, places)
            found = _found(ref, body, where, heading)
            doc = DocumentItem(
                portal=item.portal,
                url=url,
                document=found.document,
                via=via.value,
                article_url=item.url,
                cited=ref.cited[:500],
            )
            out.append((doc, found))
            if len(out) >= MAX_CITED:
                return out
    return out
