"""Portal health end to end: a simulated portal changes between crawls, and the run's checks say so once.

Each test crawls one simulated NukeViet portal (its own simulator and store) with ``portalwatch crawl``, flips a
scenario switch on the site between runs and reads the state and alerts through the store. Time is the checks'
clock (``PORTALWATCH_HEALTH_NOW``), set from the site's newest article: nothing sleeps.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

import pytest

from crawler.simulator.server import Simulator, start
from crawler.simulator.site import SimSite
from crawler.simulator.sites import SPECS
from crawler.store import open_store
from crawler.store.filters import EntryFilter

pytestmark = pytest.mark.integration  # crawls in child processes

ROOT = Path(__file__).resolve().parent.parent
SLUG = "sim-tuyphong"


class Portal:
    """One simulated portal, its store, and crawls of it at chosen times."""

    def __init__(self, sim: Simulator, db: Path) -> None:
        self.sim, self.db = sim, db
        self.site: SimSite = sim.sites[SLUG]

    def crawl(self, now: datetime) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PORTALWATCH_PROGRESS": "off", "PORTALWATCH_HEALTH_NOW": now.isoformat()}
        args = ["crawl", SLUG, f"--base-url={SLUG}={self.sim.urls[SLUG]}", "--db", str(self.db)]
        return subprocess.run(
            [sys.executable, "-m", "crawler", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )

    def state(self) -> Any:
        store = open_store(self.db)
        try:
            return store.health_states()[SLUG]
        finally:
            store.close()

    def health_alerts(self) -> list[dict[str, Any]]:
        store = open_store(self.db)
        try:
            return [a for a in store.alerts(limit=1000) if a["kind"] == "portal_health"]
        finally:
            store.close()

    def meeting_alerts(self) -> int:
        store = open_store(self.db)
        try:
            return sum(a["kind"] == "meeting" for a in store.alerts(limit=10_000))
        finally:
            store.close()

    def newest(self) -> datetime:
        return self.site.articles[0].published


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[Portal]:
    with start(0, [SPECS[SLUG]]) as sim:
        yield Portal(sim, tmp_path / "pw.sqlite3")


def closed_origin() -> str:
    """An origin nothing listens on: where a moved portal's successor would be, unreachable from here."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_theme_switch_is_broken_naming_the_fields_once(portal: Portal) -> None:
    t0 = portal.newest() + timedelta(days=1)
    first = portal.crawl(t0)
    assert first.returncode == 0, first.stderr[-2000:]
    assert (portal.state().status, portal.health_alerts()) == ("healthy", [])

    portal.site.scenario.theme = True
    portal.site.publish(6, now=t0 + timedelta(hours=2))
    portal.crawl(t0 + timedelta(days=1))
    state = portal.state()
    assert state.status == "broken"
    assert set(state.fields) == {"published", "byline"}, state.reason
    [alert] = portal.health_alerts()
    assert alert["detail"]["status"] == "broken"
    assert set(alert["detail"]["fields"]) == {"published", "byline"}
    assert "published chỉ có ở 0% số bài" in alert["detail"]["reason"]

    portal.crawl(t0 + timedelta(days=2))  # nothing new: the portal stays broken, and says so once
    assert portal.state().status == "broken"
    assert len(portal.health_alerts()) == 1


def test_redirect_to_another_site_is_moved_with_its_successor_once(portal: Portal) -> None:
    t0 = portal.newest() + timedelta(days=1)
    portal.crawl(t0)
    successor = closed_origin()
    portal.site.scenario.redirect_to = successor
    portal.crawl(t0 + timedelta(hours=1))  # one redirected run is not yet a lasting move
    assert (portal.state().status, portal.health_alerts()) == ("healthy", [])
    store = open_store(portal.db)
    facts = store.runs(SLUG, 1)[0].facts
    store.close()
    assert facts is not None and facts["redirect_target"] == successor and facts["own_pages"] == 0

    portal.crawl(t0 + timedelta(hours=2))
    state = portal.state()
    assert (state.status, state.successor) == ("moved", successor)
    [alert] = portal.health_alerts()
    assert (alert["detail"]["status"], alert["detail"]["successor"]) == ("moved", successor)

    portal.crawl(t0 + timedelta(hours=3))
    assert portal.state().status == "moved"
    assert len(portal.health_alerts()) == 1


def test_silent_portal_is_quiet_after_three_usual_gaps_once(portal: Portal) -> None:
    t0 = portal.newest() + timedelta(days=1)
    portal.crawl(t0)
    published = portal.site.advance(t0 + timedelta(days=20))  # the site keeps its rhythm for a while
    assert published
    portal.crawl(t0 + timedelta(days=20))
    assert (portal.state().status, portal.health_alerts()) == ("healthy", [])

    portal.site.scenario.silent = True
    times = sorted((a.published for a in portal.site.articles[:30]), reverse=True)
    gap = median(a - b for a, b in pairwise(times))  # the usual gap, as the quiet check measures it
    later = portal.newest() + 3 * gap - timedelta(days=1)
    assert portal.site.advance(later) == []
    portal.crawl(later)  # just under three gaps: not yet quiet
    assert portal.state().status == "healthy"

    quiet_at = portal.newest() + 3 * gap + timedelta(days=1)
    portal.crawl(quiet_at)
    state = portal.state()
    assert state.status == "quiet"
    assert f"không có bài mới từ {portal.newest().date().isoformat()}" in state.reason
    [alert] = portal.health_alerts()
    assert alert["detail"]["status"] == "quiet"

    portal.crawl(quiet_at + timedelta(days=1))
    assert len(portal.health_alerts()) == 1


def test_injected_gambling_pages_are_quarantined_with_one_alert(portal: Portal) -> None:
    t0 = portal.newest() + timedelta(days=1)
    portal.crawl(t0)
    meetings_before = portal.meeting_alerts()
    portal.site.publish(2, meetings=1, now=t0 + timedelta(hours=1))
    spam = portal.site.inject(3, now=t0 + timedelta(hours=2))
    portal.crawl(t0 + timedelta(days=1))

    store = open_store(portal.db)
    try:
        quarantined = store.conn.execute(  # type: ignore[attr-defined]
            "SELECT id, url, title, quarantine FROM articles WHERE quarantine IS NOT NULL ORDER BY id"
        ).fetchall()
        assert sorted(r["title"] for r in quarantined) == sorted(a.title for a in spam)
        assert all(r["quarantine"].startswith("gambling spam") for r in quarantined)
        ids = [r["id"] for r in quarantined]
        article_alerts = store.conn.execute(  # type: ignore[attr-defined]
            f"SELECT count(*) FROM alerts WHERE article_id IN ({', '.join('?' * len(ids))})", ids
        ).fetchone()[0]
        assert article_alerts == 0  # no meeting, new-article or edit alert for an injected page
        shown = {e["article"]["id"] for e in store.feed.entries(EntryFilter(), limit=1000).entries if e["article"]}
        assert not shown & set(ids), "a quarantined page is in the feed"
    finally:
        store.close()
    [alert] = portal.health_alerts()
    assert alert["detail"]["status"] == "injected"
    assert "possible injected content" in alert["detail"]["reason"]
    assert alert["detail"]["urls"] == [r["url"] for r in quarantined]
    assert portal.meeting_alerts() == meetings_before + 1  # the real meeting report beside them still alerts

    portal.crawl(t0 + timedelta(days=2))
    assert len(portal.health_alerts()) == 1
