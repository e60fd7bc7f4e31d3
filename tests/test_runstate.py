"""Run history, locks, incremental state and cadences in the store, without a crawl."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler import incremental as inc
from crawler.cadence import due
from crawler.registry import parse_registry
from crawler.store import RunRecord, Store, open_store
from crawler.store.base import PortalState
from crawler.store.runstate import HOST

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
REGISTRY = """
[portals.hourly]
name = "Huyện ủy A"
province = "Đồng Tháp"
base_url = "https://a.gov.vn"
cms = "wordpress"
cadence = "1h"

[portals.daily]
name = "Huyện ủy B"
province = "Đồng Tháp"
base_url = "https://b.gov.vn"
cms = "liferay"
cadence = "1d"

[portals.gone]
name = "Huyện ủy C"
province = "Đồng Tháp"
base_url = "https://c.gov.vn"
cms = "liferay"
status = "retired"
retired_on = 2025-07-01
"""


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_lock_blocks_a_live_holder_and_passes_from_a_dead_one(store: Store, tmp_path: Path) -> None:
    assert store.acquire_lock("sim-tanhong", "me", ttl=60)
    other = open_store(tmp_path / "pw.sqlite3")  # another process would see the same rows
    assert not other.acquire_lock("sim-tanhong", "someone-else", ttl=60)
    assert other.locked_portals() == {"sim-tanhong"}
    # A holder on this host whose process is gone (SIGKILL) loses the lock at once, lease or not.
    store.conn.execute("UPDATE portal_locks SET pid = ?, host = ?", (dead_pid(), HOST))
    assert other.locked_portals() == set()
    assert other.acquire_lock("sim-tanhong", "someone-else", ttl=60)
    assert not store.renew_lock("sim-tanhong", "me", ttl=60)
    other.release_lock("sim-tanhong", "someone-else")
    assert store.acquire_lock("sim-tanhong", "me", ttl=60)


def test_lock_on_another_host_lasts_until_its_lease_ends(store: Store) -> None:
    assert store.acquire_lock("p", "far", ttl=60)
    store.conn.execute("UPDATE portal_locks SET host = 'elsewhere', pid = 1")
    assert not store.acquire_lock("p", "me", ttl=60)
    store.conn.execute("UPDATE portal_locks SET expires_at = ?", ((NOW - timedelta(days=1)).isoformat(),))
    assert store.acquire_lock("p", "me", ttl=60)


def test_a_killed_run_is_marked_interrupted_by_the_next(store: Store) -> None:
    first = store.start_run("p", NOW, "walk")
    store.heartbeat(first)
    second = store.start_run("p", NOW + timedelta(minutes=5), "walk")
    store.finish_run(
        second,
        RunRecord("p", NOW, NOW + timedelta(minutes=6), "ok", 10, 3, 0, 0, 0, 0, "finished", requests=12, alerts=1),
    )
    newest, killed = store.runs("p")
    assert (killed.status, killed.finish_reason) == ("interrupted", "killed")
    assert killed.finished is not None
    assert (newest.status, newest.requests, newest.new, newest.alerts) == ("ok", 12, 3, 1)
    assert newest.as_json()["start"] == "2026-12-05T15:05:00+07:00"  # the start_run time, not the record's


def test_a_queued_scrapyd_job_becomes_its_run(store: Store) -> None:
    queued = store.queue_run("p", "job-1", NOW)
    assert store.runs("p")[0].status == "queued"
    assert store.start_run("p", NOW + timedelta(seconds=3), "walk", job="job-1") == queued
    [run] = store.runs("p")
    assert (run.status, run.job) == ("running", "job-1")


def test_portal_state_keeps_fields_a_later_save_leaves_out(store: Store) -> None:
    assert store.portal_state("p") == PortalState()
    store.save_portal_state("p", complete_at=NOW, deep_at=NOW, feed_url="https://a.gov.vn/feed/")
    store.save_portal_state("p", complete_at=NOW + timedelta(hours=1))
    assert store.portal_state("p") == PortalState(NOW + timedelta(hours=1), NOW, "https://a.gov.vn/feed/")
    store.save_validators({"https://a.gov.vn/feed/": ('"abc"', "Sat, 05 Dec 2026 08:00:00 GMT")})
    assert store.validators(["https://a.gov.vn/feed/", "https://a.gov.vn/x"]) == {
        "https://a.gov.vn/feed/": ('"abc"', "Sat, 05 Dec 2026 08:00:00 GMT")
    }


def test_due_follows_cadence_locks_and_status() -> None:
    portals = parse_registry(REGISTRY)
    last = {"hourly": NOW - timedelta(minutes=61), "daily": NOW - timedelta(hours=2)}
    assert [p.slug for p in due(portals.values(), last, set(), NOW)] == ["hourly"]
    assert [p.slug for p in due(portals.values(), last, {"hourly"}, NOW)] == []
    assert [p.slug for p in due(portals.values(), {}, set(), NOW)] == ["daily", "hourly"]  # never run: both, not gone


def test_plan_modes() -> None:
    assert inc.make_plan(PortalState(), NOW, enabled=True, deep_every=86400).mode == inc.WALK
    assert inc.make_plan(PortalState(NOW), NOW, enabled=False, deep_every=86400).mode == inc.FULL
    plan = inc.make_plan(
        PortalState(NOW - timedelta(hours=1), NOW - timedelta(hours=2), "f"), NOW, enabled=True, deep_every=86400
    )
    assert (plan.mode, plan.deep, plan.feed_url, plan.since) == (inc.INCREMENTAL, False, "f", NOW - timedelta(hours=1))
    assert inc.make_plan(PortalState(NOW, NOW - timedelta(days=2)), NOW, enabled=True, deep_every=86400).deep


def test_known_run_carries_across_pages() -> None:
    assert inc.known_run([False, True, True, False, True], 0) == (2, 1)
    assert inc.known_run([True, True, True], 8) == (11, 11)
    assert inc.known_run([], 4) == (4, 4)


def test_feed_choice_and_validators() -> None:
    links = ["https://x.gov.vn/feed/", "https://a.gov.vn/comments/feed/", "https://a.gov.vn/feed/"]
    assert inc.pick_feed(links, "https://a.gov.vn") == "https://a.gov.vn/feed/"
    assert inc.validators_of({b"ETag": b'"v1"', b"Last-Modified": b"Sat, 05 Dec 2026 08:00:00 GMT"}) == (
        '"v1"',
        "Sat, 05 Dec 2026 08:00:00 GMT",
    )
    assert inc.validators_of({b"Last-Modified": b"yesterday"}) is None
    assert inc.conditional_headers({"u": ('"v1"', None)}, "u") == {"If-None-Match": '"v1"'}


def test_known_urls_match_by_key_url_or_canonical(tmp_path: Path) -> None:
    from crawler.items import ArticleItem

    store = open_store(tmp_path / "pw.sqlite3")
    item = ArticleItem(
        portal="p",
        url="https://a.gov.vn/tin/bai-1/",
        cms="wordpress",
        title="Bài 1",
        canonical_url="https://a.gov.vn/?p=11",
        content_id="11",
        content_hash="h1",
    )
    store.save_article(item, "p:id:11", [])
    urls = ["https://a.gov.vn/tin/bai-1/", "https://a.gov.vn/?p=11", "https://a.gov.vn/tin/bai-2/"]
    keys = ["p:url:x", "p:id:11", "p:url:y"]
    assert store.known_urls("p", urls, keys) == set(urls[:2])
    assert store.known_urls("other", urls[:1], ["other:url:x"]) == set()


def test_sitemap_lastmod_against_the_watermark() -> None:
    assert inc.older_than("2026-11-01", NOW)
    assert inc.older_than("2026-12-03T08:00:00Z", NOW)
    assert not inc.older_than("2026-12-04T16:00:00+07:00", NOW)  # within a day's slack
    assert not inc.older_than("2026-12-04", NOW)  # a bare date: whole days, in Vietnam's calendar
    assert not inc.older_than("", NOW) and not inc.older_than("last week", NOW)
