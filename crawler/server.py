"""``portalwatch serve``: the feeds, an HTML page of the latest entries and a small JSON API.

A Starlette app run by uvicorn. Endpoints are plain functions (Starlette runs them in its thread pool),
each reading through ``FeedQuery`` (one SQLite connection per thread). Pages are Jinja2 templates with
autoescaping, every string has passed ``crawler.feed.clean`` and a Content-Security-Policy forbids
scripts, so a scraped ``<script>`` title can only ever be text.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from crawler import feed
from crawler.monitors.status import LABELS, portal_status
from crawler.registry import Portal, load_registry
from crawler.store import open_store

TEMPLATES = Path(__file__).with_name("templates")
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"


def _params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if value:
            out.setdefault(key, []).append(value)
    return out


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _http_only(url: str | None) -> str | None:
    """Links to scraped URLs only when they are http(s): a ``javascript:`` URL is never a link."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _json(data: Any, status: int = 200) -> Response:
    body = json.dumps(feed.sanitize(data), ensure_ascii=False, default=str).encode("utf-8")
    return Response(body, status, media_type="application/json; charset=utf-8")


class App:
    """Routes over one database and one registry."""

    def __init__(self, db: str, registry: Mapping[str, Portal]) -> None:
        self.store = open_store(db)  # migrated once here; its feed reads open one connection per serving thread
        self.query = self.store.feed
        self.registry = registry
        self.templates = Jinja2Templates(directory=str(TEMPLATES))  # autoescapes .html

    def routes(self) -> list[Route]:
        return [
            Route("/", self.index),
            Route("/entries/{entry_id}", self.entry),
            Route("/feed.atom", self.atom),
            Route("/feed.json", self.json_feed),
            Route("/meetings.ics", self.ics),
            Route("/api/articles", self.api_articles),
            Route("/api/alerts", self.api_alerts),
            Route("/healthz", self.healthz),
        ]

    def _request(self, request: Request) -> feed.FeedRequest:
        return feed.parse_request(_params(request), self.registry)

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

    def _page(self, request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def index(self, request: Request) -> Response:
        params = _params(request)
        form = {k: (params.get(k) or [""])[0] for k in ("province", "district", "portal", "kind", "since")}
        context: dict[str, Any] = {
            "form": form,
            "error": None,
            "views": [],
            "next_query": None,
            "query": "",
            "provinces": sorted({p.province for p in self.registry.values()}),
            "districts": sorted({p.district for p in self.registry.values() if p.district}),
            "portals": sorted(self.registry.values(), key=lambda p: p.slug),
            "kinds": [*feed.KIND_LABELS.items(), *feed.MEETING_KIND_LABELS.items()],
            "health": self.query.health(),
            "portal_health": self._portal_health(),
            "health_labels": LABELS,
        }
        try:
            req = self._request(request)
        except feed.FilterError as exc:
            context["error"] = str(exc)
            return self._page(request, "index.html", context, 400)
        page = self.query.entries(req.filter, req.page_size, req.before)
        views = [feed.view(e, self.registry) for e in page.entries]
        for v in views:
            v["url"] = _http_only(v["url"])
        query = req.query()
        context.update(
            views=views, query=f"?{query}" if query else "", next_query=req.query(page.next) if page.next else None
        )
        return self._page(request, "index.html", context)

    def _portal_health(self) -> list[dict[str, Any]]:
        """The health strip: portals not ``healthy`` first, then the rest (``crawler.monitors.status``)."""
        rows = portal_status(self.query.health_reader())
        return sorted(rows, key=lambda r: (r["status"] == "healthy", r["portal"]))

    def entry(self, request: Request) -> Response:
        found = self.query.entry(request.path_params["entry_id"])
        if found is None:
            return PlainTextResponse("no such entry; entries are named article:<id> or alert:<id>.", 404)
        v = feed.view(found, self.registry)
        v["url"] = _http_only(v["url"])
        return self._page(request, "entry.html", {"v": v})

    def _api(self, request: Request, what: str) -> Response:
        try:
            req = self._request(request)
        except feed.FilterError as exc:
            return _json({"error": str(exc)}, 400)
        if what == "articles":
            page = self.query.articles(req.filter, req.page_size, req.before)
            items: list[Any] = page.entries
        else:
            page = self.query.entries(req.filter, req.page_size, req.before)
            items = [{**e, "time": feed.view(e, self.registry)["time"].isoformat()} for e in page.entries]
        nxt = f"{_base(request)}/api/{what}?{req.query(page.next)}" if page.next else None
        return _json({what: items, "next_url": nxt})

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


def create_app(db: str, registry: Mapping[str, Portal] | None = None) -> Starlette:
    """The ASGI app; ``registry`` defaults to the packaged one."""
    app = App(db, registry if registry is not None else load_registry())
    return Starlette(routes=app.routes())
