"""Which portals are due: pure decisions over the registry, the run history and the locks held now."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timedelta

from crawler.registry import Portal
from crawler.vocab import PortalStatus

CRAWLED = (PortalStatus.ACTIVE, PortalStatus.UNVERIFIED)


def due(
    portals: Iterable[Portal], last_starts: Mapping[str, datetime], busy: Collection[str], now: datetime
) -> list[Portal]:
    """Portals whose cadence has passed since their last run started, most overdue first; never a retired or
    redirected portal, nor one that is running now (``busy``: locked in the store or launched by us)."""
    never = datetime.min.replace(tzinfo=now.tzinfo)
    out = []
    for portal in portals:
        if portal.status not in CRAWLED or portal.slug in busy:
            continue
        last = last_starts.get(portal.slug)
        due_at = never if last is None else last + portal.cadence
        if due_at <= now:
            out.append((due_at, portal.slug, portal))
    return [p for _, _, p in sorted(out, key=lambda t: t[:2])]


def jitter(portal: Portal, limit: float, rng: random.Random) -> timedelta:
    """A random delay before a due portal starts, so that portals of one cadence do not all start together:
    at most ``limit`` seconds and a tenth of the portal's cadence."""
    return timedelta(seconds=rng.uniform(0, min(limit, portal.cadence.total_seconds() / 10)))
