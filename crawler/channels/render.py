"""Vietnamese messages for readers: one alert, or a digest of a period's alerts grouped by kind.

Pure: input is what ``crawler.feed.view`` makes of a feed entry (``FeedQuery.entry('alert:<id>')``),
the same dict the feed and the web page show, so a message says what the page says. Output is a
``Message`` that each channel writes in its dialect and splits at its limit (``crawler.channels.message``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from crawler import labels
from crawler.channels.message import Block, Item, Line, Message, Span

# Short kind words for a chat line: the one vocabulary of crawler.labels.
MEETING_WORDS = {code: words.short for code, words in labels.MEETING_KINDS.items()}
ALERT_WORDS = {code: words.short for code, words in labels.ALERT_KINDS.items()}
# The order of a digest's groups: meetings first, what readers act on.
KIND_ORDER = (*MEETING_WORDS, *(k for k in ALERT_WORDS if k != "meeting"))
_moment, vn_date, vn_datetime = labels.moment, labels.vn_date, labels.vn_datetime
UPCOMING = "upcoming_meeting"


def kind_key(view: Mapping[str, Any]) -> str:
    """The alert's kind for grouping: a meeting alert by its meeting kind."""
    meeting = view.get("meeting") or {}
    if view["kind"] == "meeting" and meeting.get("kind") in MEETING_WORDS:
        return str(meeting["kind"])
    return str(view["kind"])


def kind_word(view: Mapping[str, Any]) -> str:
    """'Kỳ họp HĐND', 'Bài bị gỡ'...: the kind in words."""
    key = kind_key(view)
    return MEETING_WORDS.get(key) or ALERT_WORDS.get(key) or key


def headline(view: Mapping[str, Any]) -> str:
    """'Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII', or 'Bài mới · <portal>'."""
    meeting = view.get("meeting") or {}
    word = kind_word(view)
    if view["kind"] not in ("meeting", UPCOMING) or not meeting:
        return f"{word} · {view.get('portal_name') or view['portal']}"
    if view["kind"] == UPCOMING:  # "Sắp họp · Kỳ họp HĐND lần thứ 12 · ..."
        word = f"{word} · {MEETING_WORDS.get(str(meeting.get('kind')), ALERT_WORDS['meeting'])}"
    if meeting.get("ordinal"):
        word += f" lần thứ {meeting['ordinal']}"
    return " · ".join(str(p) for p in (word, meeting.get("body"), meeting.get("term")) if p)


def article_title(view: Mapping[str, Any]) -> str:
    """The article's own title: ``feed.view`` prefixes ``[<kind>] `` for edits, removals and health."""
    return str(view.get("title") or "").removeprefix(f"[{view.get('kind_label')}] ")


def place(view: Mapping[str, Any]) -> str:
    """'Huyện ủy Tân Hồng · Tân Hồng, Đồng Tháp': the portal and where it is."""
    where = ", ".join(p for p in (view.get("district"), view.get("province")) if p)
    return " · ".join(p for p in (view.get("portal_name") or view["portal"], where) if p)


def entry_url(view: Mapping[str, Any], base_url: str | None) -> str | None:
    """The entry's page on the workbench (``<base>/entries/<id>``), when the server's address is known."""
    return f"{base_url.rstrip('/')}/entries/{view['id']}" if base_url else None


def _links(view: Mapping[str, Any], base_url: str | None) -> Line:
    spans: list[Span] = []
    url = view.get("url") if view["kind"] != "portal_health" else view.get("portal_url")
    for label, href in (
        ("Bài gốc" if view["kind"] != "portal_health" else "Trang cổng", url),
        ("Chi tiết", entry_url(view, base_url)),
    ):
        if href:
            spans += [Span(" · ", plain="\n")] if spans else []
            spans.append(Span(label, href=str(href)))
    return tuple(spans)


def alert_message(view: Mapping[str, Any], base_url: str | None = None) -> Message:
    """One alert: headline as title; the article title; meeting date, portal and place; lead; links."""
    meeting = view.get("meeting") or {}
    facts: list[Line] = []
    title = article_title(view)
    if title and view["kind"] != "portal_health":
        facts.append((Span(title, bold=True),))
    if meeting.get("date"):
        planned = " dự kiến" if view["kind"] == UPCOMING else ""
        facts.append((Span(f"Ngày họp{planned}: {vn_date(meeting['date'])}"),))
    if meeting.get("location"):
        facts.append((Span(f"Địa điểm: {meeting['location']}"),))
    if meeting.get("period"):
        facts.append((Span(f"Kỳ: {meeting['period']}"),))
    facts.append((Span(f"Cổng: {place(view)}"),))
    if view.get("published"):
        facts.append((Span(f"Đăng lúc: {vn_datetime(view['published'])}"),))
    blocks: list[Block] = [tuple((line,) for line in facts)]
    if view.get("lead"):
        blocks.append((((Span(str(view["lead"])),),),))
    links = _links(view, base_url)
    if links:
        blocks.append(((links,),))
    return Message(headline(view), tuple(blocks))


def _digest_item(view: Mapping[str, Any], base_url: str | None) -> Item:
    meeting = view.get("meeting") or {}
    when = meeting.get("date") or view.get("published") or view.get("time")
    what = article_title(view) if view["kind"] != "portal_health" else ""
    text = " · ".join(p for p in (vn_date(when), what, str(view.get("portal_name") or view["portal"])) if p)
    links = _links(view, base_url)
    return ((Span(f"• {text}"),), links) if links else ((Span(f"• {text}"),),)


def _newest_first(view: Mapping[str, Any]) -> tuple[float, int]:
    moment = _moment(view.get("time"))
    stamp = moment.timestamp() if isinstance(moment, datetime) else 0.0
    return -stamp, -int(view.get("alert_id") or 0)


def digest_message(
    views: Sequence[Mapping[str, Any]], start: datetime, end: datetime, base_url: str | None = None
) -> Message:
    """The alerts of ``[start, end)`` in one message: a group per kind with its count, newest first inside.

    Groups follow ``KIND_ORDER`` (meetings first); each entry is one line with the meeting or publication
    date, title and portal, and its links on the next line, kept together when the message is split.
    """
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for view in views:
        groups.setdefault(kind_key(view), []).append(view)
    order = sorted(groups, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k))
    blocks: list[Block] = []
    for key in order:
        rows = sorted(groups[key], key=_newest_first)
        word = MEETING_WORDS.get(key) or ALERT_WORDS.get(key) or key
        header: Line = (Span(f"{word}: {len(rows)}", bold=True),)
        items = [_digest_item(v, base_url) for v in rows]
        blocks.append(((header, *items[0]), *items[1:]))  # a group's header never ends a part alone
    title = f"Tổng hợp {len(views)} cảnh báo, {vn_datetime(start)} – {vn_datetime(end)}"
    return Message(title, tuple(blocks))
