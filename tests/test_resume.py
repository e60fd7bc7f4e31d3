"""SIGKILL in the middle of a 1,000-article crawl, then a restart: every article once, every alert once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import StartCli, serve_portal

from crawler.simulator.site import SimSite
from crawler.store import open_store

SIZE = 1000
pytestmark = pytest.mark.integration  # crawls in child processes, killed and restarted


@pytest.fixture(scope="module")
def big_portal() -> Iterator[SimSite]:
    """sim-tanhong (Liferay) with 1,000 articles, served in this process."""
    with serve_portal("sim-tanhong", SIZE) as site:
        yield site


def crawl(start_cli: StartCli, site: SimSite, db: Path) -> subprocess.Popen[str]:
    args = ("crawl", "sim-tanhong", f"--base-url={site.origin}", "--db", str(db))
    return start_cli(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.parametrize("kill_at", [50, 400, 850])
def test_sigkill_then_restart_stores_every_article_once(
    big_portal: SimSite, tmp_path: Path, kill_at: int, start_cli: StartCli
) -> None:
    db = tmp_path / "pw.sqlite3"
    proc = crawl(start_cli, big_portal, db)
    deadline = time.monotonic() + 120
    while stored(db) < kill_at:
        assert proc.poll() is None, f"the crawl ended before {kill_at} articles: {proc.stderr.read()[-2000:]}"
        assert time.monotonic() < deadline, f"{kill_at} articles not stored within 120 s"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = stored(db)
    alerted_before = sqlite3.connect(db).execute("SELECT count(*) FROM alerts").fetchone()[0]
    assert kill_at <= before < SIZE, f"killed too late to test anything ({before} stored)"

    restart = crawl(start_cli, big_portal, db)
    _out, err = restart.communicate(timeout=300)
    assert restart.returncode == 0, err[-2000:]

    store = open_store(db)
    rows = list(store.articles())
    # Liferay prints minutes; 1,000 generated articles are spaced by seconds too.
    truth = {(a.title, a.published.replace(second=0).isoformat()) for a in big_portal.articles}
    assert len(rows) == SIZE
    assert {(r["title"], r["published"]) for r in rows} == truth
    reports = sum(r["is_meeting_report"] for r in rows)
    conn = store.conn  # type: ignore[attr-defined]
    meetings = conn.execute("SELECT count(*) FROM meetings WHERE status = 'held'").fetchone()[0]
    assert 0 < meetings <= reports
    dupes = conn.execute("SELECT count(*) - count(DISTINCT kind || article_id) FROM alerts").fetchone()[0]
    assert dupes == 0
    linked = conn.execute(
        "SELECT count(*) FROM article_meetings am JOIN articles a ON a.id = am.article_id WHERE a.is_meeting_report = 1"
    ).fetchone()[0]
    assert linked == reports, "every report is in its meeting's record"
    # One new_article alert per article and one meeting alert per meeting (two reports of one session alert
    # once), none twice; the corpus's convocations are years old: no upcoming alert.
    assert store.counts()["alerts"] == SIZE + meetings
    resumed, killed = store.runs("sim-tanhong")
    assert (killed.status, killed.finish_reason) == ("interrupted", "killed")
    assert (resumed.status, resumed.mode, resumed.new) == ("ok", "walk", SIZE - before)
    assert resumed.alerts == SIZE + meetings - alerted_before


def test_a_second_run_of_a_running_portal_is_skipped(big_portal: SimSite, tmp_path: Path, start_cli: StartCli) -> None:
    """The portal's lock in the store: a run started while another holds it ends at once, recorded as skipped."""
    db = tmp_path / "pw.sqlite3"
    first = crawl(start_cli, big_portal, db)
    try:
        deadline = time.monotonic() + 60
        while stored(db) < 20:
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        second = crawl(start_cli, big_portal, db)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err[-2000:]
        assert "sim-tanhong: skipped, another run of this portal is in progress" in out
        assert first.poll() is None  # the first run goes on
    finally:
        first.send_signal(signal.SIGINT)  # Scrapy's graceful stop: the run is recorded, its lock released
        first.communicate(timeout=120)
    store = open_store(db)
    skipped, stopped = store.runs("sim-tanhong")[:2]
    assert (skipped.status, skipped.finish_reason, skipped.requests) == ("skipped", "portal_locked", 0)
    assert (stopped.status, stopped.finish_reason) == ("interrupted", "shutdown")
    assert store.locked_portals() == set()  # released
