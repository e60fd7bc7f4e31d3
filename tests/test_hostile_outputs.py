"""What readers and subscribers receive never carries a link off the portal's site, and one bad subscriber URL
(CR/LF, any control character) is refused when added or synced and never stops delivery to the others."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from crawler import feed
from crawler.registry import load_registry
from crawler.server import create_app
from crawler.store import open_store
from crawler.store.filters import EntryFilter
from crawler.store.meetingrecords import records_from_alerts
from crawler.webhooks import Deliverer, SubscribersError, load_subscribers

REGISTRY = load_registry()
PORTAL = "tanhong"  # a real portal: https://tanhong.dongthap.gov.vn (a simulated one is held to http(s) only)
BASE = REGISTRY[PORTAL].base_url
GOOD = f"{BASE}/web/hth/chi-tiet-bai-viet/-/asset_publisher/x/content/id/1"
UNSAFE = [
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "http://evil.example/web/hth/bai-2",
    "https://tanhong.dongthap.gov.vn:8443/web/hth/bai-3",  # the same host, another port
    f"{BASE}/web/hth/bai-4\r\nSet-Cookie: x=1",
]
MARKERS = ("javascript:", "data:text", "evil.example", ":8443", "Set-Cookie")


@pytest.fixture
def polluted(tmp_path: Path) -> Path:
    """A store whose articles were stored with unsafe URLs (as a version before the origin rule could), each a
    meeting report with an alert, and one ordinary article; its meeting records made from those alerts as the
    migration that introduced records makes them (the calendar reads records)."""
    db = tmp_path / "pw.sqlite3"
    open_store(db).close()
    conn = sqlite3.connect(db, isolation_level=None)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    meeting = json.dumps({"kind": "council_session", "date": "2025-07-01", "ordinal": 9})
    for n, url in enumerate([GOOD, *UNSAFE], start=1):
        conn.execute(
            "INSERT INTO articles (dedupe_key, portal, cms, url, title, is_meeting_report, meeting, first_seen,"
            " last_seen) VALUES (?, 'tanhong', 'liferay', ?, ?, 1, ?, ?, ?)",
            (f"k{n}", url, f"Kỳ họp thứ 9 HĐND huyện (bài {n})", meeting, now, now),
        )
        conn.execute(
            "INSERT INTO alerts (kind, article_id, portal, created_at, dedupe) VALUES ('meeting', ?, 'tanhong', ?, ?)",
            (n, now, f"meeting:{n}"),
        )
    records_from_alerts(conn)
    conn.close()
    return db


def clean(text: str) -> None:
    for marker in MARKERS:
        assert marker not in text, f"output carries {marker!r}"


def test_atom_json_feed_and_ics_print_only_links_on_the_portals_site(polluted: Path) -> None:
    store = open_store(polluted)
    req = feed.FeedRequest(EntryFilter(), 50)
    for fmt in ("atom", "json", "ics"):
        text = feed.render(fmt, store.feed, req, REGISTRY, "http://127.0.0.1:8080").decode("utf-8")
        clean(text)
        assert GOOD in text.replace("\r\n ", ""), f"{fmt}: the article on the portal's site keeps its link"


def test_pages_and_the_json_api_print_only_links_on_the_portals_site(polluted: Path) -> None:
    client = TestClient(create_app(str(polluted), REGISTRY))
    for path in ("/", "/api/articles", "/api/alerts", *(f"/entries/article:{n}" for n in range(1, 7))):
        response = client.get(path)
        assert response.status_code == 200, path
        clean(response.text)
    assert GOOD in client.get("/entries/article:1").text


class Receiver:
    """An HTTP receiver that records the alert ids POSTed to it."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.ids.append(int(json.loads(body)["id"]))
                clean(body.decode("utf-8"))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.server.shutdown()
    made.server.server_close()


@pytest.mark.integration
def test_a_crlf_subscriber_is_refused_when_added(polluted: Path) -> None:
    env = {**os.environ, "PORTALWATCH_PROGRESS": "off"}
    bad = "http://127.0.0.1:9/hook\r\nX-Injected: 1"
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "subscribers", "add", bad, f"--db={polluted}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "without spaces or control characters" in result.stderr
    with pytest.raises(ValueError, match="control characters"):
        open_store(polluted).outbox.add_subscriber(bad, "s", {})


def test_a_crlf_subscriber_is_refused_when_synced(tmp_path: Path) -> None:
    path = tmp_path / "subscribers.toml"
    path.write_text('[subscribers.evil]\nurl = "http://127.0.0.1:9/hook\\r\\nX: 1"\nsecret = "s"\n', encoding="utf-8")
    with pytest.raises(SubscribersError, match=r"\[subscribers\.evil\].*not an http\(s\) URL without spaces"):
        load_subscribers(path, REGISTRY)


def test_one_bad_subscriber_never_stops_the_others(polluted: Path, receiver: Receiver) -> None:
    conn = sqlite3.connect(polluted, isolation_level=None)
    for url in ("http://127.0.0.1:9/hook\r\nX-Injected: 1", "http://127.0.0.1:9/a b"):  # stored by an older version
        conn.execute(
            "INSERT INTO webhook_subscribers (url, secret, filter, created_at, enqueued_through)"
            " VALUES (?, 's', '{}', '2025-01-01', 0)",
            (url,),
        )
    conn.close()
    open_store(polluted).outbox.add_subscriber(receiver.url, "s", {}, from_start=True)
    # The bad rows back off (1, 2, 4, 8, 16 s) until the next try lies past the deadline: a clock its sleeps
    # advance lets that whole half minute pass at once instead of spinning through it.
    now = [time.time()]
    deliverer = Deliverer(
        str(polluted), REGISTRY, timeout=5, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s)
    )
    try:
        deliverer.run(deadline=30)
    finally:
        deliverer.close()
    assert sorted(receiver.ids) == [1, 2, 3, 4, 5, 6], "every alert reaches the good subscriber, links cleaned"
    errors = sqlite3.connect(polluted).execute("SELECT DISTINCT last_error FROM webhook_outbox WHERE state = 'pending'")
    assert [e for (e,) in errors if e and "is not a valid http(s) URL" in e], "the bad ones wait, with the reason"
