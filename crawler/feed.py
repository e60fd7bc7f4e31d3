"""The alert feed as Atom (feedgen), JSON Feed 1.1 and iCalendar (icalendar), from one filtered query.

Filters are the same everywhere (the CLI, the server, webhooks): ``province`` and ``district`` name
places from the registry and become portal slugs; ``portal`` names slugs; ``kind`` is ``new_article``,
``meeting``, a meeting kind or another alert kind, by its code or its Vietnamese name ("kỳ họp", "hội nghị",
``crawler.labels.kind_codes``); ``since`` is a date or datetime (local time when it has no offset); ``limit``
and ``before`` page. Scraped text passes through ``clean`` before any output, so a title with control
characters or lone surrogates still yields a valid document. What readers see of a kind, a level or the
detector's evidence is Vietnamese, from ``crawler.labels``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import icalendar
from feedgen.feed import FeedGenerator

from crawler import labels, units
from crawler.dates import TZ
from crawler.registry import Portal
from crawler.store import Store
from crawler.store.base import FeedReader
from crawler.store.filters import MEETING_KINDS, Cursor, CursorError, EntryFilter, Page, utc_iso
from crawler.text import fold
from crawler.vocab import AlertKind

# The pages' long forms (crawler.labels is the one vocabulary).
MEETING_KIND_LABELS = {str(code): words.long for code, words in labels.MEETING_KINDS.items()}
KIND_LABELS = {str(code): words.long for code, words in labels.ALERT_KINDS.items()}
KINDS = frozenset(k.value for k in AlertKind) | MEETING_KINDS
# A meeting record's status in words, and as the iCalendar STATUS of its event (RFC 5545 3.8.1.11).
STATUS_LABELS = {"announced": "dự kiến", "held": "đã họp", "postponed": "hoãn", "cancelled": "hủy"}
ICS_STATUS = {"announced": b"TENTATIVE", "held": b"CONFIRMED", "postponed": b"TENTATIVE", "cancelled": b"CANCELLED"}
FEED_TITLE = "portalwatch: tin mới và cuộc họp trên cổng thông tin"
FEED_SUBTITLE = "Bài mới và báo cáo cuộc họp trên các cổng thông tin đang theo dõi"
TAG = "tag:portalwatch,2025"
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
FORMATS = {
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}

# XML 1.0 allows tab, LF, CR and U+0020..U+D7FF, U+E000..U+FFFD, U+10000..; C1 controls are legal but
# only ever mojibake in scraped text. Lone surrogates (from bad JSON escapes) fall outside the ranges.
_NOT_XML = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text safe for XML, JSON (UTF-8), iCalendar and HTML: invalid and control characters removed."""
    return _NOT_XML.sub("", text)


def sanitize(value: Any) -> Any:
    """``clean`` applied to every string inside dicts and lists (the one helper every output uses)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: sanitize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitize(v) for v in value]
    return value


class FilterError(ValueError):
    """A filter names an unknown place, portal or kind; the message says what is known, in English for the CLI
    and in Vietnamese (``vi``) for a page."""

    def __init__(self, message: str, vi: str) -> None:
        super().__init__(message)
        self.vi = vi


@dataclass(frozen=True)
class FeedRequest:
    """Parsed filters, page size and cursor, with the query string that reproduces them."""

    filter: EntryFilter
    limit: int | None = None  # None: DEFAULT_LIMIT entries per page, or every meeting in the calendar
    before: Cursor | None = None
    params: tuple[tuple[str, str], ...] = field(default=())

    @property
    def page_size(self) -> int:
        return self.limit or DEFAULT_LIMIT

    def query(self, before: Cursor | None = None) -> str:
        """The query string of this request, or of its next page when given the cursor."""
        pairs = list(self.params) + ([("before", before.encode())] if before else [])
        return urlencode(pairs)


def _place_key(text: str) -> str:
    """Fold a place name and drop its diacritics, so 'Dong Thap' finds 'Đồng Tháp'."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    return [v.strip() for raw in params.get(name, ()) for v in raw.split(",") if v.strip()]


def parse_since(text: str) -> str:
    """A ``since`` bound (a local date, or an ISO datetime, local when it has no offset) as UTC ISO."""
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(), TZ)
        else:
            moment = datetime.fromisoformat(text.replace(" ", "+") if text.count(" ") == 1 else text)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=TZ)
    except ValueError:
        raise FilterError(
            f"since={text!r} is not a date (YYYY-MM-DD) or ISO datetime.",
            f"Ngày '{text}' không hợp lệ; hãy viết theo dạng năm-tháng-ngày, ví dụ 2025-07-01.",
        ) from None
    return utc_iso(moment)


def _portals(
    params: Mapping[str, Sequence[str]], registry: Mapping[str, Portal], stored: Callable[[], Collection[str]] | None
) -> tuple[str, ...] | None:
    chosen: set[str] | None = None
    for name, attr in (("province", "province"), ("district", "district")):
        wanted = _values(params, name)
        if not wanted:
            continue
        keys = {_place_key(w) for w in wanted}
        found = {p.slug for p in registry.values() if getattr(p, attr) and _place_key(getattr(p, attr)) in keys}
        if name == "province":  # pre-2025 names too: "Bình Phước" finds the portals now in Đồng Nai
            codes = units.province_codes(wanted)
            found |= {p.slug for p in registry.values() if p.province_code in codes}
        if not found:
            known = sorted({getattr(p, attr) for p in registry.values() if getattr(p, attr)})
            where = "tỉnh" if name == "province" else "huyện"
            raise FilterError(
                f"no portal in {name} {', '.join(wanted)!s}; known: {', '.join(known)}.",
                f"Không có cổng nào ở {where} {', '.join(wanted)}; có: {', '.join(known)}.",
            )
        chosen = found if chosen is None else chosen & found
    slugs = _values(params, "portal")
    if slugs:
        unknown = [s for s in slugs if s not in registry]
        if unknown and stored is not None:  # portals crawled with `crawl --url`, in the store but not the registry
            held = set(stored())
            unknown = [s for s in unknown if s not in held]
        if unknown:
            raise FilterError(
                f"unknown portal {', '.join(unknown)}; 'portalwatch portals list' shows the slugs.",
                f"Không có cổng {', '.join(unknown)} trong danh sách theo dõi.",
            )
        chosen = set(slugs) if chosen is None else chosen & set(slugs)
    return None if chosen is None else tuple(sorted(chosen))


def parse_request(
    params: Mapping[str, Sequence[str]],
    registry: Mapping[str, Portal],
    max_limit: int | None = MAX_LIMIT,
    stored: Callable[[], Collection[str]] | None = None,
) -> FeedRequest:
    """Filters from query parameters (each a list of values; commas also separate values).

    ``max_limit`` bounds a page served over HTTP; static files (``max_limit=None``) may hold any number.
    ``stored`` lists the portals the store holds (``Store.portals``): a ``portal`` the registry does not know is
    accepted when the store has its articles (a site crawled with ``crawl --url``).
    """
    kinds, unknown = labels.expand_kinds(_values(params, "kind"))
    if unknown:
        known = ", ".join(labels.kind_names())
        raise FilterError(
            f"unknown kind {', '.join(unknown)}; use one of: {', '.join(sorted(KINDS))}, "
            f"or a Vietnamese name ({known}).",
            f"Không có loại {', '.join(unknown)}; hãy chọn một trong: {known}.",
        )
    since = _values(params, "since")
    limit_text = _values(params, "limit")
    try:
        limit = int(limit_text[0]) if limit_text else None
    except ValueError:
        raise FilterError(
            f"limit={limit_text[0]!r} is not a number.", f"Số mục '{limit_text[0]}' không phải là số."
        ) from None
    if limit is not None and (limit < 1 or (max_limit is not None and limit > max_limit)):
        raise FilterError(
            f"limit must be between 1 and {max_limit}." if max_limit else "limit must be at least 1.",
            f"Số mục phải từ 1 đến {max_limit}." if max_limit else "Số mục phải từ 1 trở lên.",
        )
    before_text = _values(params, "before")
    try:
        before = Cursor.decode(before_text[0]) if before_text else None
    except CursorError as exc:
        raise FilterError(str(exc), "Liên kết trang tiếp theo không hợp lệ; hãy mở lại từ trang đầu.") from None
    flt = EntryFilter(_portals(params, registry, stored), tuple(kinds), parse_since(since[0]) if since else None)
    names = ("province", "district", "portal", "kind", "since", "limit")
    kept = tuple((k, v) for k in names for v in (kinds if k == "kind" else _values(params, k)))  # kinds as codes
    return FeedRequest(flt, limit, before, kept)


# Display ----------------------------------------------------------------------------------------


def _moment(value: str | None) -> datetime | None:
    """A stored display value as an aware datetime; a bare date becomes local midnight."""
    if not value:
        return None
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), time(), TZ)
    return datetime.fromisoformat(value)


def _local(value: str) -> datetime:
    """A stored UTC time as shown everywhere: Asia/Ho_Chi_Minh."""
    moment = _moment(value)
    assert moment is not None
    return moment.astimezone(TZ)


def meeting_line(meeting: Mapping[str, Any] | None) -> str:
    """'Kỳ họp HĐND · lần thứ 10 · HĐND huyện · ngày họp 9/7/2022' for a meeting's fields (an article's
    ``meeting`` or a meeting record); one not held says so ('dự kiến', 'hoãn', 'hủy'), a venue is named."""
    if not meeting:
        return ""
    parts = [labels.meeting_kind(meeting.get("kind"))]
    if meeting.get("ordinal"):
        parts.append(f"lần thứ {meeting['ordinal']}")
    for key in ("body", "term", "period"):
        if meeting.get(key):
            parts.append(str(meeting[key]))
    day = meeting.get("date") or meeting.get("meeting_date")
    status = meeting.get("status") or "held"
    if day:
        when = f"ngày họp {labels.vn_date(str(day))}"
        parts.append(when + (f" ({STATUS_LABELS.get(status, status)})" if status != "held" else ""))
    elif status != "held":
        parts.append(STATUS_LABELS.get(status, status))
    if meeting.get("location"):
        parts.append(f"tại {meeting['location']}")
    return " · ".join(p for p in parts if p)


def view(entry: Mapping[str, Any], registry: Mapping[str, Portal]) -> dict[str, Any]:
    """What every output shows of one entry, already cleaned of characters no format can carry."""
    article = entry.get("article") or {}
    portal = registry.get(entry["portal"])
    kind = entry["kind"]
    # An alert about the portal itself (its reason and the pages it names), or about a document (its name and page).
    detail = entry.get("detail") or {}
    title = article.get("title") or detail.get("title") or f"{KIND_LABELS.get(kind, kind)}: {entry['portal']}"
    if kind not in ("new_article", "meeting"):
        title = f"[{KIND_LABELS.get(kind, kind)}] {title}"
    # A report's meeting, and an announcement's on its upcoming-meeting alert (an announcement listed as a new
    # article shows none: it is no meeting report).
    meeting = article.get("meeting") if article.get("is_meeting_report") or kind == "upcoming_meeting" else None
    lead = article.get("lead") or "\n".join([str(detail.get("reason") or ""), *map(str, detail.get("urls") or [])])
    summary = "\n\n".join(p for p in (meeting_line(meeting), lead.strip()) if p)
    tags = [kind, *([meeting["kind"]] if meeting and meeting.get("kind") else []), entry["portal"]]
    view: dict[str, Any] = sanitize(
        {
            "id": entry["id"],
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, kind),
            "title": title,
            "url": article.get("url") or detail.get("url"),
            "portal": entry["portal"],
            "portal_name": portal.name if portal else entry["portal"],
            "portal_url": portal.base_url if portal else None,
            "province": portal.province if portal else None,
            "district": portal.district if portal else None,
            "time": _local(entry["time"]),
            "published": article.get("published"),
            "modified": article.get("modified"),
            "lead": lead.strip() or None,
            "byline": article.get("byline"),
            "meeting": meeting,
            "meeting_line": meeting_line(meeting),
            "meeting_facts": labels.meeting_facts(meeting),
            "evidence": [labels.evidence(str(e)) for e in (meeting or {}).get("evidence") or []],
            "summary": summary,
            "tags": tags,
            "alert_id": entry.get("alert_id"),
        }
    )
    return view


# Formats ----------------------------------------------------------------------------------------


def atom(page: Page, req: FeedRequest, registry: Mapping[str, Portal], base_url: str) -> bytes:
    """Atom 1.0 with RFC 5005 ``next`` links; entry ids are stable tag URIs."""
    fg = FeedGenerator()
    fg.id(f"{TAG}:feed")
    fg.title(FEED_TITLE)
    fg.subtitle(FEED_SUBTITLE)
    query = req.query()
    fg.link(href=f"{base_url}/feed.atom" + (f"?{query}" if query else ""), rel="self")
    fg.link(href=f"{base_url}/" + (f"?{query}" if query else ""), rel="alternate", type="text/html")
    if page.next:
        fg.link(href=f"{base_url}/feed.atom?{req.query(page.next)}", rel="next")
    fg.language("vi")
    views = [view(e, registry) for e in page.entries]
    fg.updated(max((v["time"] for v in views), default=datetime(2000, 1, 1, tzinfo=TZ)))
    for v in reversed(views):  # feedgen prepends: add oldest first so the newest leads
        entry = fg.add_entry()
        entry.id(f"{TAG}:{v['id']}")
        entry.title(v["title"])
        if v["url"]:
            entry.link(href=v["url"], rel="alternate")
        entry.author({"name": v["portal_name"], **({"uri": v["portal_url"]} if v["portal_url"] else {})})
        entry.updated(v["time"])
        published = _moment(v["published"])
        if published:
            entry.published(published)
        for tag in v["tags"]:
            entry.category(term=tag, label=KIND_LABELS.get(tag) or MEETING_KIND_LABELS.get(tag) or tag)
        entry.summary(v["summary"] or v["title"])
        if v["evidence"]:
            entry.content("\n".join([v["summary"], "", "Dấu hiệu: " + "; ".join(v["evidence"])]), type="text")
    return bytes(fg.atom_str(pretty=True))


def json_feed(page: Page, req: FeedRequest, registry: Mapping[str, Portal], base_url: str) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1); portalwatch fields under ``_portalwatch``."""
    query = req.query()
    doc: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": FEED_TITLE,
        "home_page_url": f"{base_url}/",
        "feed_url": f"{base_url}/feed.json" + (f"?{query}" if query else ""),
        "description": FEED_SUBTITLE,
        "language": "vi",
    }
    if page.next:
        doc["next_url"] = f"{base_url}/feed.json?{req.query(page.next)}"
    items = []
    for v in (view(e, registry) for e in page.entries):
        item: dict[str, Any] = {"id": v["id"], "title": v["title"], "content_text": v["summary"] or v["title"]}
        if v["url"]:
            item["url"] = v["url"]
        if v["lead"]:
            item["summary"] = v["lead"]
        published, modified = _moment(v["published"]), _moment(v["modified"])
        item["date_published"] = (published or v["time"]).isoformat()
        if modified:
            item["date_modified"] = modified.isoformat()
        item["authors"] = [{"name": v["portal_name"], **({"url": v["portal_url"]} if v["portal_url"] else {})}]
        item["tags"] = v["tags"]
        item["language"] = "vi"
        item["_portalwatch"] = {
            "kind": v["kind"],
            "portal": v["portal"],
            "province": v["province"],
            "district": v["district"],
            "found_at": v["time"].isoformat(),
            "published": v["published"],
            "alert_id": v["alert_id"],
            "meeting": v["meeting"],
        }
        items.append(item)
    doc["items"] = items
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# iCalendar ---------------------------------------------------------------------------------------
# icalendar's component API costs about half a millisecond per event (54 s for the 100,000 meetings of
# bench/feed.py), nearly all of it in per-character line folding. So the calendar's header comes from
# icalendar, every TEXT value is escaped by icalendar's own vText, and each event's content lines are
# assembled here and folded by ``fold_line`` below, which splits where icalendar's folding splits
# (tests/test_feed.py compares both through icalendar's parser).

_FOLD_OCTETS = 74  # content octets per physical line, as icalendar folds (RFC 5545: at most 75 with the space)
_URI_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


def fold_line(line: bytes) -> bytes:
    """RFC 5545 folding of one UTF-8 content line: never inside a character, nor after an escape's backslash."""
    if len(line) <= _FOLD_OCTETS:
        return line
    parts, start = [], 0
    while len(line) - start > _FOLD_OCTETS:
        end = start + _FOLD_OCTETS
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back off to the start of its character
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:  # keep '\n', '\,', '^n' whole for fragile readers
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _text(value: str) -> bytes:
    """An iCalendar TEXT value: cleaned, then escaped by icalendar (backslash, ';', ',', newlines)."""
    return icalendar.vText(clean(value)).to_ical()


def _uri(value: str) -> bytes:
    """A URI value (not escaped in iCalendar): whitespace and controls percent-encoded so it stays one line."""
    return _URI_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", clean(value)).encode("utf-8")


def _utc_stamp(value: str) -> bytes:
    """A stored ISO datetime as an iCalendar UTC DATE-TIME (DTSTAMP must be UTC)."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode("ascii")


def empty_calendar() -> icalendar.Calendar:
    """The meetings calendar's properties, without events."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//portalwatch//meetings//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "portalwatch: cuộc họp")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return cal


def _calendar_frame() -> tuple[bytes, bytes]:
    """The VCALENDAR header and footer, written by icalendar around the events."""
    whole = empty_calendar().to_ical()
    footer = b"END:VCALENDAR\r\n"
    assert whole.endswith(footer)
    return whole[: -len(footer)], footer


def _date(day: date) -> bytes:
    return day.isoformat().replace("-", "").encode("ascii")


def vevent(
    meeting: Mapping[str, Any], registry: Mapping[str, Portal], cache: dict[Any, tuple[str, bytes]] | None = None
) -> bytes:
    """One all-day VEVENT for a meeting record at its date; empty when the record has no date.

    The UID is the record's, so the event an announcement made is the one the report updates: ``STATUS`` goes
    from TENTATIVE to CONFIRMED (CANCELLED when called off) and ``SEQUENCE`` counts the changes, which is how
    calendar clients know to replace what they hold (RFC 5546 2.1.4). ``LOCATION`` is the venue the articles
    name, then the portal's place. ``cache`` keeps the per-portal parts (place, categories) between the events
    of one calendar.
    """
    try:
        day = date.fromisoformat(str(meeting.get("meeting_date"))[:10])
    except ValueError:
        return b""
    cache = {} if cache is None else cache
    kind, slug = meeting.get("kind") or "other_meeting", meeting["portal"]
    key = (kind, slug)
    if key not in cache:
        portal = registry.get(slug)
        place = ", ".join(p for p in (portal.district, portal.province) if p) if portal else ""
        cache[key] = (
            place,
            fold_line(b"CATEGORIES:" + b",".join(_text(c) for c in (labels.meeting_kind(kind), kind, slug))),
        )
    place, categories = cache[key]
    where = ", ".join(p for p in (meeting.get("location") or "", place) if p)
    url = meeting.get("url") or ""
    description = "\n\n".join(p for p in (meeting_line(meeting), meeting.get("lead") or "", url) if p)
    lines = [
        b"BEGIN:VEVENT",
        b"UID:meeting-%d@portalwatch" % meeting["id"],
        b"DTSTAMP:" + _utc_stamp(meeting["updated_at"]),
        b"DTSTART;VALUE=DATE:" + _date(day),
        b"DTEND;VALUE=DATE:" + _date(day + timedelta(days=1)),
        b"SEQUENCE:%d" % int(meeting.get("sequence") or 0),
        b"STATUS:" + ICS_STATUS.get(str(meeting.get("status")), b"CONFIRMED"),
        b"SUMMARY:" + _text(meeting.get("title") or meeting_line(meeting)),
        b"DESCRIPTION:" + _text(description),
        *([b"URL:" + _uri(url)] if url else []),
        *([b"LOCATION:" + _text(where)] if where else []),
    ]
    return b"\r\n".join(fold_line(line) for line in lines) + b"\r\n" + categories + b"\r\nEND:VEVENT\r\n"


def ics_chunks(meetings: Iterable[Mapping[str, Any]], registry: Mapping[str, Portal]) -> Iterator[bytes]:
    """The calendar in pieces (header, one per event, footer), for streaming a large one to a file."""
    header, footer = _calendar_frame()
    yield header
    cache: dict[Any, tuple[str, bytes]] = {}
    for meeting in meetings:
        yield vevent(meeting, registry, cache)
    yield footer


def ics(meetings: Iterable[Mapping[str, Any]], registry: Mapping[str, Portal]) -> bytes:
    """One all-day VEVENT per meeting record (announced, held, put off or called off) at its date; UIDs are
    stable per meeting."""
    return b"".join(ics_chunks(meetings, registry))


def render(fmt: str, query: FeedReader, req: FeedRequest, registry: Mapping[str, Portal], base_url: str) -> bytes:
    """The document for ``portalwatch feed --format`` and the server's feed routes."""
    if fmt == "ics":
        return ics(query.meetings(req.filter, req.limit, req.before), registry)
    page = query.entries(req.filter, req.page_size, req.before)
    return (atom if fmt == "atom" else json_feed)(page, req, registry, base_url)


def atom_feed(store: Store, limit: int = 200, base_url: str = "http://127.0.0.1:8080") -> bytes:
    """Atom of the newest entries of a store (the demo's ``data/feed.atom``)."""
    from crawler.registry import load_registry

    req = FeedRequest(EntryFilter(), min(limit, MAX_LIMIT))
    return atom(store.feed.entries(req.filter, req.page_size), req, load_registry(), base_url)
