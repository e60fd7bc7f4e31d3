"""What the portal pages show: every portal's health (the table the home page's strip links to), and one portal's
health with its reason, its recent runs with what went wrong in each, and the health alerts it raised."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crawler.monitors.status import portal_status
from crawler.origin import web_url
from crawler.registry import Portal
from crawler.store.base import FeedReader, RunRecord
from crawler.store.filters import EntryFilter
from crawler.web import labels


def portals_page(query: FeedReader, registry: Mapping[str, Portal]) -> dict[str, Any]:
    """Every portal with runs or a health state, with its name and latest run."""
    rows = portal_status(query.health_reader())
    latest = {h["portal"]: h for h in query.health()}
    for r in rows:
        r["name"] = registry[r["portal"]].name if r["portal"] in registry else r["portal"]
        r["run"] = latest.get(r["portal"])
    return {"rows": rows}


def portal_page(query: FeedReader, registry: Mapping[str, Portal], slug: str) -> dict[str, Any] | None:
    """One portal's page, or None when the registry does not know it and it never ran."""
    reader = query.health_reader()
    runs = reader.runs(slug, 20)
    portal = registry.get(slug)
    if portal is None and not runs:
        return None
    [status] = portal_status(reader, [slug])
    alerts = query.latest(EntryFilter(portals=(slug,), kinds=("portal_health",)), 10).entries
    return {
        "slug": slug,
        "portal": portal,
        "portal_url": web_url(portal.base_url) if portal else None,
        "status": status,
        "runs": [run_row(r) for r in runs],
        "alerts": [{"time": a["time"], "detail": a.get("detail") or {}, "id": a["id"]} for a in alerts],
    }


def run_row(run: RunRecord) -> dict[str, Any]:
    """A run as the portal page lists it: times, status and mode in words, counts, and what went wrong."""
    facts = run.facts or {}
    problems = [f"{field}: {n}" for field, n in sorted((facts.get("selector_failures") or {}).items())]
    for key, label in (
        ("dns_failures", "lỗi DNS"),
        ("gone", "trang 404/410"),
        ("offsite_redirects", "chuyển hướng ra ngoài"),
        ("quarantined", "trang bị cách ly"),
    ):
        if facts.get(key):
            problems.append(f"{label}: {facts[key]}")
    return {
        "started": run.started,
        "finished": run.finished,
        "status": run.status,
        "status_label": labels.RUN_STATUS.get(run.status, run.status),
        "mode": labels.RUN_MODE.get(run.mode, run.mode),
        "requests": run.requests,
        "new": run.new,
        "updated": run.updated,
        "errors": run.errors,
        "failed": run.failed,
        "finish_reason": labels.FINISH_REASON.get(run.finish_reason, run.finish_reason),
        "problems": problems,
    }
