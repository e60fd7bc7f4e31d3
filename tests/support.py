"""Plain helpers the test modules share (their fixtures are in conftest.py): waiting for a condition, free
ports, webhook receivers, and the store of alerts the feed, server, browser and webhook tests read."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def serve_portal(slug: str, count: int) -> Iterator[Any]:
    """One packaged simulated portal with ``count`` articles, served in this process on a free port, so that a
    test can publish, revise or take down articles between crawls (its ``SimSite``; ``.origin`` is its URL)."""
    from crawler.simulator.server import start
    from crawler.simulator.sites import SPECS

    with start(0, [replace(SPECS[slug], count=count)]) as sim:
        yield sim.sites[slug]


class RunCli(Protocol):
    """The ``run_cli`` fixture: ``portalwatch ARGS`` run to its end in a child process."""

    def __call__(
        self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 600, cwd: Path = ROOT
    ) -> subprocess.CompletedProcess[str]: ...


class StartCli(Protocol):
    """The ``start_cli`` fixture: ``portalwatch ARGS`` started in a child process."""

    def __call__(self, *args: str, env: Mapping[str, str] | None = None, **popen: Any) -> subprocess.Popen[str]: ...


def wait_for(condition: Callable[[], object], timeout: float = 60, what: str = "the condition") -> None:
    """Poll ``condition`` until it is true; fail after ``timeout`` seconds (no fixed sleeps in tests)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"timed out after {timeout:.0f} s waiting for {what}"
        time.sleep(0.05)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Webhook receivers ---------------------------------------------------------------------------------


class Receivers:
    """Real HTTP receivers on one port: every POST is recorded (path, key, id, signature check) and answered
    with the status set for its path (200 unless told otherwise; 0 hangs for 20 s, then answers 200)."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets: dict[str, str] = secrets
        self.status: dict[str, int] = {}
        self.got: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        receivers = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ts, sig = self.headers["X-Portalwatch-Timestamp"], self.headers["X-Portalwatch-Signature"]
                secret = receivers.secrets[self.path].encode()
                good = "sha256=" + hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
                status = receivers.status.get(self.path, 200)
                if status == 0:  # a receiver that hangs: answers long after any sensible deadline
                    time.sleep(20)
                    status = 200
                with receivers.lock:
                    receivers.got.append(
                        {
                            "path": self.path,
                            "key": self.headers["Idempotency-Key"],
                            "id": json.loads(body)["id"],
                            "signed": hmac.compare_digest(good, sig),
                            "accepted": status == 200,
                        }
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def ids(self, path: str) -> list[int]:
        """Alert ids accepted at a path, in arrival order."""
        with self.lock:
            return [int(r["id"]) for r in self.got if r["path"] == path and r["accepted"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# The store of alerts -------------------------------------------------------------------------------

ALERT_PORTALS = ("sim-tuyenhoa", "sim-tanhong", "sim-tuyphong")
HOSTILE = "<script>alert('x')</script> ]]> & \x01\x0b\x7f\x85 Hội nghị"
HOSTILE_CLEAN = "<script>alert('x')</script> ]]> &   Hội nghị"  # controls dropped; normalize made \\x0b \\x85 spaces
SEED = "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"


def add_alert(conn: sqlite3.Connection, kind: str, article_id: int, portal: str, created_at: str) -> None:
    """An alert row as another component would write it (filling the ``dedupe`` key when the schema has one)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(alerts)")}
    row = {"kind": kind, "article_id": article_id, "portal": portal, "created_at": created_at}
    if "dedupe" in columns:
        row["dedupe"] = f"{kind}:{article_id}:{created_at}"
    conn.execute(f"INSERT INTO alerts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def add_hostile_and_edit(db: Path) -> None:
    """To a crawled store: an article with a hostile title, and an ``article_edited`` alert on the seed."""
    from crawler.enrich import process
    from crawler.items import ArticleItem
    from crawler.store import open_store
    from pipelines.store import alert_kinds

    store = open_store(db)
    item = process(
        ArticleItem(
            portal="sim-tanhong",
            cms="liferay",
            title=HOSTILE,
            content_id="999",
            url="http://127.0.0.1:8702/web/hth/chi-tiet-bai-viet/-/asset_publisher/x/content/id/999",
            lead="Dẫn & <b>đậm</b>",
            body=["x"],
        )
    )
    store.save_article(item, "hostile", alert_kinds(item))
    conn = sqlite3.connect(db)
    seed_id = conn.execute("SELECT id FROM articles WHERE title = ?", (SEED,)).fetchone()[0]
    add_alert(conn, "article_edited", seed_id, "sim-tanhong", "2099-01-01T00:00:00+00:00")
    conn.commit()
    conn.close()
    store.close()


def copy_store(source: Path, dest: Path) -> Path:
    """A copy of a SQLite store (its WAL included) for a test that changes it."""
    src, dst = sqlite3.connect(source), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return dest
