"""``portalwatch analyze dates [--text]``: one JSON Lines record in, the same record with the parsed date out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crawler.dates.events import event_date
from crawler.dates.mentions import to_date
from crawler.dates.stamps import parse_date


def annotate_record(record: dict[str, Any], *, text_mode: bool = False, now: datetime | None = None) -> dict[str, Any]:
    """One JSON Lines record of ``portalwatch analyze dates``: adds ``parsed`` (or ``event_date``) and ``reason``.

    Input ``{"raw": str, "reference": "YYYY-MM-DD" | null, "context_year": int | null}`` (``text``
    instead of ``raw`` in text mode; an optional ``now`` ISO datetime, the moment a relative stamp such as
    "3 giờ trước" counts back from, else the ``now`` argument: the caller's clock); other keys pass through
    unchanged.
    """
    out = dict(record)
    out.pop("reason", None)
    key = "event_date" if text_mode else "parsed"
    try:
        reference = to_date(record.get("reference"))
        year = record.get("context_year")
        context_year = int(year) if year not in (None, "") else None
        now_raw = record.get("now")
        now = datetime.fromisoformat(str(now_raw).replace("Z", "+00:00")) if now_raw else now
    except (TypeError, ValueError) as exc:
        out[key] = None
        out["reason"] = f"bad reference, context_year or now ({exc}); use YYYY-MM-DD, a year and ISO 8601"
        return out
    if text_mode:
        result = event_date(str(record.get("text") or ""), reference=reference, context_year=context_year)
    else:
        result = parse_date(record.get("raw"), reference=reference, context_year=context_year, now=now)
    out[key] = result.iso()
    if result.value is None:
        out["reason"] = result.reason
    return out
