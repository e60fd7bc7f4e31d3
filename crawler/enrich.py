"""The pure steps the pipelines apply to every item: normalise, date, detect meetings.

Kept here, not in the pipeline classes, so that fixture tests and the recorder run exactly what a
crawl runs, without Scrapy.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from datetime import date, datetime

from crawler.byline import split_byline
from crawler.dates import parse_date, url_year
from crawler.items import ArticleItem, MeetingInfo
from crawler.meetings import judge
from crawler.meetings.identity import Place, body_key
from crawler.meetings.venue import venue_of
from crawler.text import STAMP_READ, TEXT_READ, TITLE_READ, clean_text, fix_legacy_encoding, head


def _text(value: str | None) -> str:
    """Legacy font encodings (TCVN3, VNI) converted, then NFC and collapsed whitespace."""
    return clean_text(fix_legacy_encoding(value)) if value else ""


def normalize(item: ArticleItem) -> ArticleItem:
    """Unicode (legacy encodings converted), NFC and collapsed whitespace in every text field.

    Absolute URLs are the adapter's job."""
    for name in ("title", "byline", "category", "lead", "published_raw", "modified_raw", "origin"):
        value = getattr(item, name)
        if value is not None:
            setattr(item, name, _text(value) or None)
    item.title = item.title or ""
    item.body = [p for p in (_text(p) for p in item.body) if p]
    for image in item.images:
        image.caption = _text(image.caption) or None
    for attachment in item.attachments:
        attachment.title = clean_text(attachment.title)
    if item.byline and not item.authors:
        item.authors = split_byline(item.byline)
    item.content_hash = content_hash(item)
    return item


def content_hash(item: ArticleItem) -> str:
    """Hash of the folded title and text: equal for the same article whatever its tone-mark style.

    ``fold(f"{title}\\n{text}")``, from the keys the item keeps (``ArticleItem.folded_whole``)."""
    return hashlib.sha256(item.folded_whole().encode()).hexdigest()[:32]


def resolve_dates(item: ArticleItem) -> ArticleItem:
    """Published and modified as aware local datetimes (or dates when no time is printed)."""
    year = url_year(item.url)
    if item.published_raw and item.published is None:
        item.published = parse_date(head(item.published_raw, STAMP_READ), context_year=year).value
    ref = item.published.date() if isinstance(item.published, datetime) else item.published
    if item.modified_raw and item.modified is None:
        item.modified = parse_date(head(item.modified_raw, STAMP_READ), reference=ref, context_year=year).value
    return item


def detect_meeting(item: ArticleItem, place: Place | None = None) -> ArticleItem:
    """Attach the meeting this article reports, announces or puts off, if it names one.

    ``item.meeting.status`` says which (only a report makes ``is_meeting_report``); ``body_key`` is the body's
    canonical key, with the place of the portal (``place``) filling in a body named without its place."""
    published = item.published.date() if isinstance(item.published, datetime) else item.published
    title, text = head(item.title, TITLE_READ), head(item.text, TEXT_READ)
    verdict = judge(title, text, published=published if isinstance(published, date) else None, url=item.url)
    found = verdict.meeting or verdict.subject
    if found is not None:
        item.meeting = MeetingInfo(
            kind=str(found.kind),
            ordinal=found.ordinal,
            term=found.term,
            body=found.body,
            level=found.level,
            date=found.meeting_date,
            chair=found.chair,
            period=found.period,
            confidence=round(found.confidence, 3),
            evidence=list(found.evidence),
            status=str(found.status),
            location=venue_of(title, text),
            body_key=body_key(found.body, found.level, portal=item.portal, place=place),
        )
    return item


def process(item: ArticleItem) -> ArticleItem:
    """Every pure step, in pipeline order."""
    return detect_meeting(resolve_dates(normalize(item)))


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
    return value


def item_to_dict(item: ArticleItem) -> dict[str, object]:
    """JSON-ready dict of an item (ISO dates), the shape of exports and fixture expectations."""
    out = _plain(item)
    assert isinstance(out, dict)
    out["is_meeting_report"] = item.is_meeting_report
    # What pipelines hand the store, not the page.
    for internal in ("dedupe_key", "sketch", "quarantine", "outlinks", "attachment_texts", "documents"):
        out.pop(internal, None)
    return out
