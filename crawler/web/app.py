"""``portalwatch serve``: the workbench pages, the feeds and a small JSON API, as one Starlette app run by uvicorn.

Endpoints are plain functions (Starlette runs them in its thread pool), each reading through the store's
``FeedReader`` (one SQLite connection per thread). Pages are Jinja2 templates with autoescaping; every string has
passed ``crawler.feed.clean``; links to scraped URLs are made only for http(s) URLs, and to an article only on its
portal's site (``crawler.feed.article_link``); and a Content-Security-Policy allows no script at all, so a scraped
``<script>`` title can only ever be text. Pages work without JavaScript.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from crawler import feed
from crawler.dates import TZ
from crawler.monitors.checks import SEVERITY
from crawler.monitors.status import portal_status
from crawler.registry import Portal
from crawler.store import open_store
from crawler.store.filters import MEETING_KINDS, EntryFilter
from crawler.text import fold
from crawler.web import labels
from crawler.web.calendar import Month, default_month, weeks
from crawler.web.entry import entry_page
from crawler.web.portals import portal_page, portals_page

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES, STATIC = PACKAGE / "templates", PACKAGE / "static"
# No script anywhere; styles from this server only; images from the portals (the entry page shows an article's).
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' http: https:; form-action 'self'; base-uri 'none';"
    " frame-ancestors 'none'"
)
SEARCH_CHARS = 200
STRIP_PORTALS = 12  # the health strip names this many troubled portals, worst first
# A filter a hand-edited address got wrong, in one Vietnamese sentence (the value is shown as given).
FILTER_ERRORS = {
    "province": "Không có cổng nào thuộc tỉnh “{}”.",
    "district": "Không có cổng nào thuộc huyện “{}”.",
    "portal": "Không có cổng “{}” trong danh sách cổng.",
    "kind": "Không có loại tin “{}”.",
    "since": "“{}” không phải là một ngày (năm-tháng-ngày, ví dụ 2025-07-01).",
    "limit": "Số mục mỗi trang phải từ 1 đến 500, không phải “{}”.",
    "before": "Liên kết trang “{}” không hợp lệ; hãy quay lại trang đầu.",
}


def _params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if value:
            out.setdefault(key, []).append(value)
    return out


def _first(params: Mapping[str, list[str]], name: str) -> str:
    return (params.get(name) or [""])[0].strip()


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _json(data: Any, status: int = 200) -> Response:
    body = json.dumps(feed.sanitize(data), ensure_ascii=False, default=str).encode("utf-8")
    return Response(body, status, media_type="application/json; charset=utf-8")


class App:
    """Routes over one database, one registry and, optionally, an evidence archive."""

    def __init__(
        self,
        db: str,
        registry: Mapping[str, Portal],
        evidence_dir: Path | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        self.db = db
        self.store = open_store(db)  # migrated once here; its feed reads open one connection per serving thread
        self.query = self.store.feed
        self.registry = registry
        self.evidence_dir = evidence_dir
        self.today = today or (lambda: datetime.now(TZ).date())
        self._months: dict[tuple[EntryFilter, tuple[tuple[str, int], ...]], dict[str, int]] = {}
        self._months_lock = threading.Lock()  # endpoints run in a thread pool
        self.templates = Jinja2Templates(directory=str(TEMPLATES))  # autoescapes .html
        self.templates.env.filters.update(
            vn_date=labels.vn_date,
            vn_datetime=labels.vn_datetime,
            iso=labels.iso,
            kind=labels.kind,
            health=labels.health,
            level=labels.level,
        )
        self.templates.env.globals.update(labels=labels, db=db)

    def routes(self) -> list[Route | Mount]:
        return [
            Route("/", self.index),
            Route("/calendar", self.calendar),
            Route("/entries/{entry_id}", self.entry),
            Route("/portals", self.portals),
            Route("/portals/{slug}", self.portal),
            Route("/feed.atom", self.atom),
            Route("/feed.json", self.json_feed),
            Route("/meetings.ics", self.ics),
            Route("/api/articles", self.api_articles),
            Route("/api/alerts", self.api_alerts),
            Route("/healthz", self.healthz),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]

    # Plumbing ------------------------------------------------------------------------------

    def _request(self, request: Request) -> feed.FeedRequest:
        return feed.parse_request(_params(request), self.registry)

    def _page(self, request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _not_found(self, request: Request, message: str) -> Response:
        return self._page(request, "error.html", {"message": message}, 404)

    def _filter_error(self, params: Mapping[str, list[str]]) -> str:
        """The first filter of a request that ``feed.parse_request`` refuses, in one Vietnamese sentence."""
        for name, sentence in FILTER_ERRORS.items():
            if params.get(name):
                try:
                    feed.parse_request({name: params[name]}, self.registry)
                except feed.FilterError:
                    return sentence.format(", ".join(params[name]))
        return "Bộ lọc không hợp lệ; hãy chọn lại từ biểu mẫu."

    def _choices(self) -> dict[str, Any]:
        return {
            "provinces": sorted({p.province for p in self.registry.values() if p.province}),
            "districts": sorted({p.district for p in self.registry.values() if p.district}),
            "portals": sorted(self.registry.values(), key=lambda p: p.slug),
        }

    def _item(self, entry: Mapping[str, Any]) -> dict[str, Any]:
        """One entry of a listing: ``feed.view`` with the dates and counts the workbench shows."""
        v = feed.view(entry, self.registry)  # links only on each portal's site (``feed.article_link``)
        article = entry.get("article") or {}
        # An article by its publication; an alert about an edit, a removal or a portal by when it happened.
        dated = entry["kind"] in ("new_article", "meeting") and labels.moment(article.get("published"))
        v["shown"] = dated or v["time"]
        v["attachments"] = len(article.get("attachments") or [])
        v["copies"] = int(entry.get("copies") or 1)
        v["meeting_facts"] = labels.meeting_facts(v["meeting"])
        return v

    # Pages ---------------------------------------------------------------------------------

    def index(self, request: Request) -> Response:
        """Entries by publication date, searched and filtered, with the portals' health on top."""
        params = _params(request)
        search = _first(params, "q")[:SEARCH_CHARS]
        form = {k: _first(params, k) for k in ("province", "district", "portal", "kind", "since")}
        context: dict[str, Any] = {
            **self._choices(),
            "form": form,
            "search": search,
            "error": None,
            "items": [],
            "next_query": None,
            "first_query": None,
            "feed_query": "",
            "kinds": [*feed.KIND_LABELS.items(), *feed.MEETING_KIND_LABELS.items()],
            "strip": self._health_strip(),
        }
        try:
            req = feed.parse_request({**params, "q": [search]} if search else params, self.registry)
        except feed.FilterError:
            context["error"] = self._filter_error(params)
            return self._page(request, "index.html", context, 400)
        page = self.query.latest(req.filter, req.page_size, req.before)  # the filter carries the search (q)
        context.update(
            items=[self._item(e) for e in page.entries],
            feed_query=req.query(),
            next_query=req.query(page.next) if page.next else None,
            first_query=None if req.before is None else req.query(),
        )
        return self._page(request, "index.html", context)

    def _health_strip(self) -> dict[str, Any]:
        """Portals not ``healthy`` one by one, worst first, each linking to its page (at most ``STRIP_PORTALS``, the
        rest counted and linked to the table of every portal); the healthy ones as a count."""
        rows = portal_status(self.query.health_reader())
        trouble = sorted(
            (r for r in rows if r["status"] != "healthy"),
            key=lambda r: (SEVERITY.index(r["status"]) if r["status"] in SEVERITY else len(SEVERITY), r["portal"]),
        )
        return {
            "trouble": trouble[:STRIP_PORTALS],
            "more": len(trouble) - len(trouble[:STRIP_PORTALS]),
            "healthy": len(rows) - len(trouble),
        }

    def calendar(self, request: Request) -> Response:
        """A month of meetings, filtered by province, portal, meeting kind and body."""
        params = _params(request)
        known: dict[str, list[str]] = {k: params[k] for k in ("province", "district", "portal", "kind") if k in params}
        kinds = sorted(MEETING_KINDS)
        context: dict[str, Any] = {
            **self._choices(),
            "form": {k: _first(params, k) for k in ("province", "district", "portal", "kind", "body", "month")},
            "meeting_kinds": [(k, feed.MEETING_KIND_LABELS.get(k, k)) for k in kinds],
            "error": None,
            "weeks": [],
            "bodies": [],
            "month_options": [],
        }
        try:
            flt = feed.parse_request(known, self.registry).filter
        except feed.FilterError:
            context["error"] = self._filter_error(params)
            context["month"] = Month.of(self.today())
            return self._page(request, "calendar.html", context, 400)
        if any(k not in MEETING_KINDS and k != "meeting" for k in flt.kinds):
            context["error"] = "Lịch họp chỉ lọc theo loại cuộc họp."
            context["month"] = Month.of(self.today())
            return self._page(request, "calendar.html", context, 400)
        months = self._meeting_months(flt)
        asked = context["form"]["month"]
        month = Month.parse(asked) if asked else None
        if asked and month is None:
            context["error"] = f"“{asked}” không phải là một tháng (năm-tháng, ví dụ 2025-07)."
        month = month or default_month(months, self.today())
        meetings = self.query.calendar(flt, month.first, month.last)
        for m in meetings:
            m["title"] = feed.clean(m["title"] or "")
            m["portal_name"] = self.registry[m["portal"]].name if m["portal"] in self.registry else m["portal"]
            m["body"] = feed.clean(str(m["meeting"].get("body") or ""))
            m["kind_label"] = labels.kind(str(m["meeting"].get("kind") or "meeting"), short=True)
        context["bodies"] = sorted({m["body"] for m in meetings if m["body"]}, key=fold)
        body = context["form"]["body"]
        if body:
            meetings = [m for m in meetings if fold(m["body"]) == fold(body)]
        filters = [(k, v) for k in ("province", "district", "portal", "kind", "body") for v in params.get(k, [])]
        context.update(
            month=month,
            weeks=weeks(month, meetings, self.today()),
            count=len(meetings),
            month_options=[(k, labels.month_name(int(k[:4]), int(k[5:7])), n) for k, n in reversed(months.items())],
            month_links={
                "prev": urlencode([*filters, ("month", month.prev().key)]),
                "next": urlencode([*filters, ("month", month.next().key)]),
            },
        )
        return self._page(request, "calendar.html", context, 400 if context["error"] else 200)

    def _meeting_months(self, flt: EntryFilter) -> dict[str, int]:
        """``FeedReader.meeting_months``, which reads every meeting (a third of a second at 30,000), kept until the
        store changes: a new article or alert (an edit and a removal raise one) moves ``totals``."""
        key = (flt, tuple(sorted(self.query.totals().items())))
        with self._months_lock:
            if key in self._months:
                return self._months[key]
        months = self.query.meeting_months(flt)
        with self._months_lock:
            if len(self._months) >= 64:
                self._months.clear()
            self._months[key] = months
        return months

    def entry(self, request: Request) -> Response:
        context = entry_page(self.query, self.registry, request.path_params["entry_id"], self.evidence_dir)
        if context is None:
            return self._not_found(request, "Không có mục này. Mục có dạng article:<số> hoặc alert:<số>.")
        return self._page(request, "entry.html", context)

    def portals(self, request: Request) -> Response:
        return self._page(request, "portals.html", portals_page(self.query, self.registry))

    def portal(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        context = portal_page(self.query, self.registry, slug)
        if context is None:
            return self._not_found(request, f"Không có cổng “{slug}” trong danh sách cổng.")
        return self._page(request, "portal.html", context)

    # Feeds and API -------------------------------------------------------------------------

    def _feed(self, request: Request, fmt: str) -> Response:
        try:
            req = self._request(request)
        except feed.FilterError as exc:
            return PlainTextResponse(str(exc), 400)
        if fmt == "ics" and req.limit is None:  # a calendar of every meeting is for `portalwatch feed` (cron)
            req = dataclasses.replace(req, limit=feed.MAX_LIMIT)
        body = feed.render(fmt, self.query, req, self.registry, _base(request))
        return Response(body, media_type=feed.FORMATS[fmt])

    def atom(self, request: Request) -> Response:
        return self._feed(request, "atom")

    def json_feed(self, request: Request) -> Response:
        return self._feed(request, "json")

    def ics(self, request: Request) -> Response:
        return self._feed(request, "ics")

    def _api(self, request: Request, what: str) -> Response:
        try:
            req = self._request(request)
        except feed.FilterError as exc:
            return _json({"error": str(exc)}, 400)
        if what == "articles":
            page = self.query.articles(req.filter, req.page_size, req.before)
            items: list[Any] = [self._linked(a) for a in page.entries]
        else:
            page = self.query.entries(req.filter, req.page_size, req.before)
            items = [
                {**e, "time": feed.view(e, self.registry)["time"].isoformat(), "article": self._linked(e["article"])}
                for e in page.entries
            ]
        nxt = f"{_base(request)}/api/{what}?{req.query(page.next)}" if page.next else None
        return _json({what: items, "next_url": nxt})

    def _linked(self, article: dict[str, Any] | None) -> dict[str, Any] | None:
        """A stored article with its URL only when it is on its portal's site (``feed.article_link``)."""
        if article is None:
            return None
        return {**article, "url": feed.article_link(article.get("url"), self.registry.get(article.get("portal", "")))}

    def api_articles(self, request: Request) -> Response:
        return self._api(request, "articles")

    def api_alerts(self, request: Request) -> Response:
        return self._api(request, "alerts")

    def healthz(self, request: Request) -> Response:
        try:
            totals = self.query.totals()
        except Exception as exc:  # noqa: BLE001 (any database failure is the answer)
            return _json({"status": "error", "error": str(exc)}, 503)
        failing = sorted(h["portal"] for h in self.query.health() if h["status"] == "failed")
        return _json({"status": "ok", **totals, "portals_failing": failing})


def create_app(
    db: str,
    registry: Mapping[str, Portal] | None = None,
    evidence_dir: Path | str | None = None,
    today: Callable[[], date] | None = None,
) -> Starlette:
    """The ASGI app; ``registry`` defaults to the packaged one; ``evidence_dir`` (``PORTALWATCH_EVIDENCE_DIR``)
    adds each article's evidence trail to its page; ``today`` is for tests of the calendar's default month."""
    from crawler.registry import load_registry

    app = App(
        db,
        registry if registry is not None else load_registry(),
        Path(evidence_dir) if evidence_dir is not None else None,
        today,
    )
    return Starlette(routes=app.routes())
