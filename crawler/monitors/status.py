"""The health table: one record per portal, as ``portalwatch status`` and the web page show it.

Read from the store only (the state the last run's checks left, and the run history: a ``HealthReader``, which a
``Store`` is, and which a server's threads get from ``FeedReader.health_reader``), so it costs a few queries and
never judges anything itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crawler.dates import TZ
from crawler.monitors.facts import RunFacts
from crawler.store.base import HealthReader

UNKNOWN = "unknown"  # a portal with runs but no judged one yet
SUCCESS = ("ok", "partial")
LABELS = {  # what readers see on the web page
    "healthy": "bình thường",
    "quiet": "im lặng",
    "broken": "hỏng",
    "unreachable": "không truy cập được",
    "moved": "đã chuyển",
    "gone": "đã ngừng",
    UNKNOWN: "chưa rõ",
}


def portal_status(store: HealthReader, portals: Iterable[str] | None = None, history: int = 20) -> list[dict[str, Any]]:
    """One record per portal (every portal with runs or a state, or ``portals``), sorted by slug: ``portal``,
    ``status``, ``since``, ``reason``, ``fields``, ``successor``, ``last_success`` (local ISO end of the latest
    ``ok``/``partial`` run), ``last_run`` (its status), ``items_last_run``, ``new_last_run``, ``error_rate`` and
    ``coverage`` (field shares of the latest run that read articles, None before one)."""
    states = store.health_states()
    slugs = sorted(set(portals) if portals is not None else set(states) | set(store.last_starts()))
    out = []
    for slug in slugs:
        runs = [r for r in store.runs(slug, history) if r.status not in ("queued", "running", "skipped")]
        state = states.get(slug)
        last = runs[0] if runs else None
        last_facts = RunFacts.from_json(last.facts) if last is not None else None
        success = next((r for r in runs if r.status in SUCCESS and r.finished is not None), None)
        measured = next((f for f in (RunFacts.from_json(r.facts) for r in runs) if f is not None and f.checked), None)
        out.append(
            {
                "portal": slug,
                "status": state.status if state else UNKNOWN,
                "since": state.since.astimezone(TZ).isoformat() if state else None,
                "reason": state.reason if state else "",
                "fields": list(state.fields) if state else [],
                "successor": state.successor if state else None,
                "last_success": success.finished.astimezone(TZ).isoformat() if success and success.finished else None,
                "last_run": last.status if last else None,
                "items_last_run": (
                    last_facts.items if last_facts else (last.new + last.updated + last.unchanged if last else 0)
                ),
                "new_last_run": last.new if last else 0,
                "error_rate": round(last_facts.error_rate, 4) if last_facts else None,
                "coverage": measured.coverage if measured else None,
            }
        )
    return out
