"""What every simulated portal shares: its spec, its articles, static files and injected faults, HTTP
validators and conditional GETs, the log of the requests it answered, and publishing between crawls.

A CMS module (``wordpress.py``, ``liferay.py``) subclasses ``SimSite`` and renders that CMS's real
page templates in ``route``; everything here is CMS-neutral.

Conditional GET: a CMS module marks a response it can revalidate with ``validated`` (an ``ETag`` and a
``Last-Modified``, and the rule that judges ``If-None-Match`` / ``If-Modified-Since``); ``handle`` then
answers a matching request ``304 Not Modified`` with no body. Each module says in its docstring which
validators its CMS really sends and which the simulator adds as the caching front (nginx, IIS) would.
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import cached_property
from itertools import pairwise
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from crawler.dates import TZ
from crawler.simulator.corpus import SimArticle, fresh_article, generate
from crawler.simulator.sessions import Session, copy_of, session_article
from crawler.vocab import Cms

# Faults a spec may ask for, so tests see how a crawl survives a bad portal.
FAULTS = frozenset(
    {
        "listing_500",  # the second listing page answers 500
        "article_500",  # every 7th article answers 500
        "malformed_article",  # every 5th article is cut off before its title, with broken markup
        "rest_disabled",  # WordPress: the REST API answers 401 rest_cannot_access (HTML listings only)
    }
)


@dataclass
class Scenario:
    """Switches a test flips between two crawls to play a portal's life; all off, the site is as it always was.

    ``theme``: the site moves to a new theme whose article template prints the date and author under other
    markup (the CMS module's ``THEME_REWRITES``), so the adapter's selectors miss those fields. ``redirect_to``:
    every request answers ``301`` to the same path on that origin (the site moved, e.g. into the province that
    absorbed it). ``gone``: every request answers ``410 Gone``. ``silent``: ``SimSite.advance`` publishes nothing.
    Injected gambling pages are articles (``SimSite.inject``), so they are listed everywhere articles are,
    sitemaps included."""

    theme: bool = False
    redirect_to: str | None = None
    gone: bool = False
    silent: bool = False


# What a gambling page planted on a portal says (crawler/monitors/spam.py must quarantine it).
SPAM_TITLES = (
    "Nhà cái uy tín nhất 2025 – đăng ký nhận thưởng 100K",
    "Nổ hũ đổi thưởng, bắn cá online: link vào mới nhất",
    "Tai xiu online uy tin – top nha cai casino truc tuyen",
)
SPAM_TEXT = (
    "Nhà cái uy tín hàng đầu Việt Nam: casino trực tuyến, nổ hũ, bắn cá đổi thưởng, tài xỉu online.",
    "Đăng ký nhận ngay 100K, nạp tiền nhanh, rút tiền nhanh trong 3 phút. Link vào fb88 và jun88 không bị chặn.",
    "Soi kèo nhà cái hôm nay, tỷ lệ kèo chuẩn xác, game bài đổi thưởng uy tín nhất.",
)


@dataclass(frozen=True)
class SiteSpec:
    """One simulated portal: its registry slug, CMS, place and size."""

    slug: str
    cms: Cms
    place: str
    count: int
    first_id: int
    port_offset: int
    seeds: tuple[str, ...] = ()
    faults: frozenset[str] = frozenset()
    site_path: str = "hth"  # Liferay site friendly URL (/web/<site_path>/...)
    # A council session's convocation, opening and outcome beyond ``count`` (``sessions.corpus_stories``); off,
    # the corpus is what every other test and benchmark reads.
    meeting_stories: bool = False


# How a response's validators are judged against a request's (``SimResponse.revalidate``).
# RFC9110: If-None-Match decides when sent (weak comparison, "*" too), else If-Modified-Since >= Last-Modified.
RFC9110 = "rfc9110"
WORDPRESS = "wordpress"  # WP::send_headers: both must match when both are sent, either one otherwise


@dataclass
class SimResponse:
    """A response the simulator sends: status, body and headers.

    ``revalidate`` names the rule (``RFC9110``, ``WORDPRESS``) by which ``handle`` answers a conditional
    GET with 304; empty for responses nothing revalidates (article pages, REST, errors)."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    revalidate: str = ""


class Hit(NamedTuple):
    """One request a simulated site answered over HTTP: method, path with query string, status."""

    method: str
    target: str
    status: int


def html(page: str, status: int = 200) -> SimResponse:
    return SimResponse(status, page.encode("utf-8"))


def http_date(when: datetime) -> str:
    """An HTTP-date (RFC 9110 IMF-fixdate, GMT) of an aware datetime, to the second."""
    return format_datetime(when.astimezone(UTC).replace(microsecond=0), usegmt=True)


def strong_etag(body: bytes) -> str:
    """A strong entity tag from the body's bytes: any change to the representation changes it."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def last_change(articles: Iterable[SimArticle]) -> datetime:
    """The newest publication or edit time among ``articles`` (the Unix epoch for none)."""
    return max((a.modified or a.published for a in articles), default=datetime(1970, 1, 1, tzinfo=UTC))


def validated(
    resp: SimResponse, last_modified: datetime, *, etag: str | None = None, rule: str = RFC9110
) -> SimResponse:
    """``resp`` with ``Last-Modified`` and ``ETag`` (default: a strong hash of the body), revalidated by ``rule``.

    Changes ``resp`` in place and returns it: a cached page gets its validators once."""
    if resp.status == 200 and not resp.revalidate:
        resp.headers["Last-Modified"] = http_date(last_modified)
        resp.headers["ETag"] = etag or strong_etag(resp.body)
        resp.revalidate = rule
    return resp


def _entity_tags(value: str) -> list[str]:
    """The entity tags of an ``If-None-Match`` list, ``W/`` prefixes dropped (weak comparison), or ``["*"]``."""
    return [t.strip().removeprefix("W/") for t in value.split(",") if t.strip()]


def _http_time(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def not_modified(resp: SimResponse, request_headers: Mapping[str, str]) -> bool:
    """Whether a conditional GET with ``request_headers`` (lower-case names) gets 304 for ``resp``."""
    etag, stamp = resp.headers.get("ETag", ""), _http_time(resp.headers.get("Last-Modified", ""))
    client_etag, client_time = request_headers.get("if-none-match"), request_headers.get("if-modified-since")
    since = _http_time(client_time) if client_time else None
    if resp.revalidate == WORDPRESS:
        # WP::send_headers (wp-includes/class-wp.php): the raw If-None-Match string against its ETag, and
        # strtotime(If-Modified-Since) >= the Last-Modified timestamp; both when both are sent.
        etag_ok = client_etag is not None and client_etag == etag
        time_ok = since is not None and stamp is not None and since >= stamp
        return (etag_ok and time_ok) if (client_etag and client_time) else (etag_ok or time_ok)
    if client_etag is not None:  # RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since is then ignored
        tags = _entity_tags(client_etag)
        return "*" in tags or etag.removeprefix("W/") in tags
    return since is not None and stamp is not None and since >= stamp


NOT_FOUND = SimResponse(404, b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>")
SERVER_ERROR = SimResponse(500, b"<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>")
_JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SimSite:
    """Base of a simulated portal; subclasses implement ``route`` with their CMS's templates."""

    # (old, new) markup replacements on HTML pages when ``scenario.theme`` is on: the new theme's article template.
    THEME_REWRITES: tuple[tuple[str, str], ...] = ()

    def __init__(self, spec: SiteSpec) -> None:
        self.spec = spec
        self.scenario = Scenario()
        # Where the site is served; the server sets it once it has a port. Sitemaps, robots.txt and
        # feeds print absolute URLs with it, as the real CMSes do.
        self.origin = f"http://127.0.0.1:{8700 + spec.port_offset}"
        # Every request answered over HTTP, in arrival order (server.py records them; in-process
        # ``handle`` calls, as tests and walk.py make, are not requests a crawl made).
        self.requests: list[Hit] = []
        self._requests_lock = threading.Lock()
        # Ids continue the corpus scheme (first_id + 7 * index) after the generated articles.
        self._next_index = spec.count

    @cached_property
    def articles(self) -> list[SimArticle]:
        """All articles, newest first."""
        spec = self.spec
        return generate(spec.place, spec.count, first_id=spec.first_id, seeds=spec.seeds, stories=spec.meeting_stories)

    @cached_property
    def _rendered(self) -> dict[tuple[object, ...], SimResponse]:
        return {}

    def cached(self, key: tuple[object, ...], render: Callable[[], str], content_type: str = "") -> SimResponse:
        """A rendered page, kept: a benchmark crawl asks for thousands of them."""
        if key not in self._rendered:
            resp = html(render())
            if content_type:
                resp.content_type = content_type
            self._rendered[key] = resp
        return self._rendered[key]

    @cached_property
    def by_id(self) -> dict[int, SimArticle]:
        return {a.id: a for a in self.articles}

    def revise(self, edits: Mapping[int, SimArticle] | None = None, removals: Collection[int] = ()) -> None:
        """Edit or take down articles between two crawls, as a portal's editor does (revision tests).

        Every cached view of the articles (lookups, rendered pages) is dropped with them."""
        self._replace([(edits or {}).get(a.id, a) for a in self.articles if a.id not in removals])

    def publish(self, count: int, meetings: int = 0, now: datetime | None = None) -> list[SimArticle]:
        """Publish ``count`` new articles between two crawls, ``meetings`` of them meeting reports; newest first.

        They go on top of every view (listings, feeds, sitemaps, REST, article pages). The first is published
        at ``now`` (default: the current time in Asia/Ho_Chi_Minh) rounded up to a whole minute, or a minute
        after the site's newest article if that is later; each next one a minute after the previous. Whole
        minutes because most of these CMSes print no seconds; rounded up so that nothing published after a
        crawl started is dated before it (WordPress's ``modified_after`` watermark). Ids continue the site's
        scheme. The text comes from the corpus generator (``corpus.fresh_article``), checked against
        the crawler's meeting detector, so exactly ``meetings`` of them are flagged."""
        if not 0 <= meetings <= count:
            raise ValueError(f"meetings must be between 0 and count ({count}), not {meetings}")
        flags = [i < meetings for i in range(count)]
        random.Random(f"{self.spec.slug}:publish:{self._next_index}").shuffle(flags)
        slots = self._slots(count, now)
        new = [
            fresh_article(self.spec.place, i, when, meeting=meeting)
            for (i, when), meeting in zip(slots, flags, strict=True)
        ]
        new.reverse()
        self._replace([*new, *self.articles])
        return new

    def publish_session(
        self, session: Session, stage: str, now: datetime | None = None, *, variation: str | None = None
    ) -> SimArticle:
        """Publish one stage of a council session (``sessions.STAGES``) between two crawls, at ``now`` as
        ``publish`` times it: the convocation, the opening report or the outcome report; with ``variation``
        (``corpus.VARIATIONS``), the copy a portal makes of another portal's article."""
        [(article_id, when)] = self._slots(1, now)
        article = session_article(session, stage, article_id, when)
        if variation is not None:
            article = copy_of(article, variation, article_id, when)
        self._replace([article, *self.articles])
        return article

    def _slots(self, count: int, now: datetime | None) -> list[tuple[int, datetime]]:
        """Ids and publication times of ``count`` articles published now, oldest first (``publish``)."""
        now = now or datetime.now(TZ)
        if now.tzinfo is None:
            raise ValueError("publish(now=...) needs an aware datetime (DESIGN: no naive datetimes)")
        when = now.astimezone(TZ)
        if when.second or when.microsecond:
            when = when.replace(second=0, microsecond=0) + timedelta(minutes=1)
        if self.articles:
            when = max(when, max(a.published for a in self.articles) + timedelta(minutes=1))
        taken = set(self.by_id)
        slots = []
        for i in range(count):
            while (article_id := self.spec.first_id + 7 * self._next_index) in taken:
                self._next_index += 1
            self._next_index += 1
            slots.append((article_id, when + timedelta(minutes=i)))
        return slots

    def _replace(self, articles: list[SimArticle]) -> None:
        """Swap the article list and drop every cached view of the old one (lookups, rendered pages)."""
        for name in [n for n in self.__dict__ if isinstance(getattr(type(self), n, None), cached_property)]:
            del self.__dict__[name]
        self.__dict__["articles"] = articles

    def record(self, method: str, target: str, status: int) -> None:
        """Log one request answered over HTTP (called by the server's handler threads)."""
        with self._requests_lock:
            self.requests.append(Hit(method, target, status))

    def reset_requests(self) -> None:
        """Forget the logged requests, e.g. between two crawls of one test."""
        with self._requests_lock:
            self.requests.clear()

    def is_faulty(self, article: SimArticle, fault: str, every: int) -> bool:
        """Whether ``fault`` hits this article (deterministic: every ``every``-th id, never a seed)."""
        # Generated ids step by 7 from first_id, so id // 7 counts articles one by one.
        return fault in self.spec.faults and article.seed is None and (article.id // 7) % every == 0

    def handle(
        self, target: str, form: dict[str, list[str]] | None = None, headers: Mapping[str, str] | None = None
    ) -> SimResponse:
        """Answer a GET for ``target`` (path and query string), or a POST when ``form`` is given.

        ``headers`` are the request's; a GET whose ``If-None-Match`` / ``If-Modified-Since`` match a
        revalidated response's validators gets ``304 Not Modified`` with those validators and no body."""
        parts = urlsplit(target)
        path, query = parts.path or "/", parse_qs(parts.query, keep_blank_values=True)  # "?_embed" counts, as in PHP
        if self.scenario.redirect_to:
            return SimResponse(301, b"", "text/html", {"Location": self.scenario.redirect_to.rstrip("/") + target})
        if self.scenario.gone:
            return SimResponse(410, b"<!DOCTYPE html><html><body><h1>410 Gone</h1></body></html>")
        if form is not None:
            return self.route_post(path, query, form) or SimResponse(405, b"Method Not Allowed", "text/plain")
        if path == "/robots.txt":
            return SimResponse(200, self.robots().encode(), "text/plain; charset=utf-8")
        if path.endswith((".jpg", ".png")):
            return SimResponse(200, _JPEG, "image/jpeg")
        if path.endswith(".pdf"):
            return SimResponse(200, _PDF, "application/pdf")
        resp = self.route(path, query) or NOT_FOUND
        if self.scenario.theme and resp.status == 200 and resp.content_type.startswith("text/html"):
            resp = self.rethemed(resp)
        if headers and resp.revalidate:
            lowered = {k.lower(): v for k, v in headers.items()}
            if not_modified(resp, lowered):
                return SimResponse(
                    304,
                    b"",
                    "",
                    {
                        k: v
                        for k, v in resp.headers.items()
                        if k in ("ETag", "Last-Modified", "Cache-Control", "Expires")
                    },
                )
        return resp

    def rethemed(self, resp: SimResponse) -> SimResponse:
        """A page in the new theme (``THEME_REWRITES``), with validators of its own."""
        if not self.THEME_REWRITES:
            raise NotImplementedError(f"{type(self).__name__} has no THEME_REWRITES for the theme switch")
        body = resp.body.decode("utf-8")
        for old, new in self.THEME_REWRITES:
            body = body.replace(old, new)
        headers = {k: v for k, v in resp.headers.items() if k != "ETag"}
        out = SimResponse(resp.status, body.encode("utf-8"), resp.content_type, headers, resp.revalidate)
        if "ETag" in resp.headers:
            out.headers["ETag"] = strong_etag(out.body)
        return out

    def advance(self, now: datetime) -> list[SimArticle]:
        """Let the site's clock run to ``now``: one article per usual gap (the median gap of its newest articles)
        after its newest one, unless ``scenario.silent``. Newest first."""
        if self.scenario.silent or len(self.articles) < 3:
            return []
        times = sorted((a.published for a in self.articles[:30]), reverse=True)
        gaps = sorted(a - b for a, b in pairwise(times) if a > b)
        gap = gaps[len(gaps) // 2]
        new: list[SimArticle] = []
        when = times[0] + gap
        while when <= now:
            new = self.publish(1, now=when) + new
            when += gap
        return new

    def inject(self, count: int, now: datetime | None = None) -> list[SimArticle]:
        """Plant ``count`` gambling pages among the articles (as intruders do through a hijacked CMS account): they
        are listed, in feeds and in sitemaps, like any article. Newest first."""
        planted = self.publish(count, now=now)
        spam = [
            replace(
                a,
                title=SPAM_TITLES[i % len(SPAM_TITLES)],
                slug=f"nha-cai-uy-tin-{a.id}",
                paragraphs=SPAM_TEXT,
                byline="Admin",
                images=(),
                attachments=(),
                meeting_kind=None,
                ordinal=None,
                meeting_date=None,
            )
            for i, a in enumerate(planted)
        ]
        ids = {a.id: a for a in spam}
        self._replace([ids.get(a.id, a) for a in self.articles])
        return spam

    def robots(self) -> str:
        return "User-agent: *\nDisallow: /wp-admin/\nDisallow: /c/portal/\n"

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        raise NotImplementedError

    def route_post(self, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> SimResponse | None:
        """Answer a form POST (ASP.NET postbacks); most CMSes serve none."""
        return None

    def broken(self, article: SimArticle) -> SimResponse | None:
        """The faulty answer for an article page, or None when it is served normally."""
        if self.is_faulty(article, "article_500", 7):
            return SERVER_ERROR
        if self.is_faulty(article, "malformed_article", 5):
            return html(
                "<html><head><meta charset='utf-8'><body><div class='entry-content'><p>Ngày </div"
                "><table><tr><td><p>" + article.paragraphs[0][:30]
            )
        return None
