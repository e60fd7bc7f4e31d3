"""A run's plan, made once at its start, and the HTTP validators and sitemap dates its reading relies on.

Kept apart from ``crawler.incremental.ReadingPolicy`` (which re-exports these names): plain values and pure
functions, tested without a store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from crawler.dates import TZ
from crawler.origin import same_origin
from crawler.store.base import PortalState

Validators = dict[str, tuple[str | None, str | None]]

FULL, WALK, INCREMENTAL = "full", "walk", "incremental"


@dataclass
class Plan:
    """One run's decisions, made once at its start from the portal's stored state."""

    mode: str
    deep: bool
    since: datetime | None = None
    feed_url: str | None = None
    api_failed: bool = False
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def skips_known(self) -> bool:
        """Whether stored articles are left unfetched (all modes but ``full``)."""
        return self.mode != FULL

    @property
    def conditional(self) -> bool:
        return self.mode == INCREMENTAL


def make_plan(state: PortalState, now: datetime, *, enabled: bool, deep_every: float) -> Plan:
    """The mode from the stored state: ``full`` when incremental runs are off, ``walk`` without a complete run."""
    if not enabled:
        return Plan(FULL, deep=True)
    if state.complete_at is None:
        return Plan(WALK, deep=True, feed_url=state.feed_url)
    deep = state.deep_at is None or now - state.deep_at >= timedelta(seconds=deep_every)
    return Plan(INCREMENTAL, deep=deep, since=state.complete_at, feed_url=state.feed_url, api_failed=state.api_failed)


def known_run(flags: Sequence[bool], carried: int) -> tuple[int, int]:
    """The longest run of consecutive known links on a listing page (continuing ``carried`` from the previous
    page of the chain) and the run still open at its end, to carry to the next page."""
    longest = current = carried
    for known in flags:
        current = current + 1 if known else 0
        longest = max(longest, current)
    return longest, current


def pick_feed(links: Sequence[str], base_url: str) -> str | None:
    """The site's news feed among a page's ``<link rel="alternate">`` feeds: the first on the portal's host that
    is not a comments feed (WordPress lists ``/feed/`` before ``/comments/feed/``; NukeViet the module's feed
    before its categories')."""
    for link in links:
        if same_origin(link, base_url) and "comment" not in link.lower():
            return link
    return None


def older_than(lastmod: str | None, since: datetime, slack: timedelta = timedelta(days=1)) -> bool:
    """Whether a sitemap's ``<lastmod>`` (W3C datetime: a date, or a time with its offset) is older than the
    watermark by more than ``slack`` (clocks and time zones disagree); an absent or unreadable one is not."""
    if not lastmod:
        return False
    try:
        when = datetime.fromisoformat(lastmod.strip())
    except ValueError:
        return False
    if when.tzinfo is None:  # a bare date (or local time): compare days, in Vietnam's calendar
        return when.date() < (since - slack).astimezone(TZ).date()
    return when < since - slack


def conditional_headers(validators: Mapping[str, tuple[str | None, str | None]], url: str) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` for a URL whose validators are stored."""
    etag, modified = validators.get(url, (None, None))
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


def validators_of(headers: Mapping[bytes, object]) -> tuple[str | None, str | None] | None:
    """``(ETag, Last-Modified)`` of a response (Scrapy's header mapping), or None when it sent neither."""

    def one(name: bytes) -> str | None:
        value = headers.get(name)
        if isinstance(value, bytes):
            return value.decode("latin-1")
        if isinstance(value, list) and value:
            return bytes(value[0]).decode("latin-1")
        return None

    etag, modified = one(b"ETag"), one(b"Last-Modified")
    if modified:
        try:  # a malformed date would make every later conditional GET unconditional: normalise or drop it
            modified = format_datetime(parsedate_to_datetime(modified), usegmt=True)
        except (TypeError, ValueError):
            modified = None
    return (etag, modified) if etag or modified else None


@dataclass(frozen=True)
class Outcome:
    """What a complete run leaves for the next one (the run log saves it; a run that is not complete, nothing).

    ``feed_url`` None keeps the stored feed and ``""`` forgets it (it failed: gone, or disallowed by robots.txt);
    ``api_failed`` None keeps the stored flag (the run asked the CMS's API nothing)."""

    validators: Validators
    complete_at: datetime
    deep_at: datetime | None
    feed_url: str | None
    api_failed: bool | None
