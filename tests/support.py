"""Plain helpers the test modules share (their fixtures are in conftest.py): waiting for a condition, free
ports, webhook receivers, the store of alerts the feed, server, browser and webhook tests read, and the store kinds
the store tests run against."""

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
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from pgserver import PgServer

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
        self.hung = threading.Event()  # a hanging receiver answers once this is set (or after 20 s)
        receivers = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ts, sig = self.headers["X-Portalwatch-Timestamp"], self.headers["X-Portalwatch-Signature"]
                secret = receivers.secrets[self.path].encode()
                good = "sha256=" + hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
                status = receivers.status.get(self.path, 200)
                if status == 0:  # a receiver that hangs: answers long after any sensible deadline
                    receivers.hung.wait(20)  # released when the test stops the receivers
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
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

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


def add_alert(conn: Any, kind: str, article_id: int, portal: str, created_at: str) -> None:
    """An alert row as another component would write it (filling the ``dedupe`` key when the schema has one: an old
    SQLite file may not; PostgreSQL stores are never older than the key), through either store's connection."""
    old = isinstance(conn, sqlite3.Connection) and "dedupe" not in {
        r[1] for r in conn.execute("PRAGMA table_info(alerts)")
    }
    row = {"kind": kind, "article_id": article_id, "portal": portal, "created_at": created_at}
    if not old:
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


# ``portalwatch serve`` and the workbench's store -----------------------------------------------------


@contextmanager
def serving(db: Path, *args: str, env: Mapping[str, str]) -> Iterator[str]:
    """``portalwatch serve --db DB ARGS`` in a child process; its base URL once it answers ``/healthz``."""
    import sys

    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--port", str(port), "--db", str(db), *args],
        cwd=ROOT,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        assert proc.poll() is None, f"serve exited: {proc.communicate()[1][-2000:]}"
        try:
            return httpx.get(f"{base}/healthz").status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(healthy, timeout=30, what="portalwatch serve to answer /healthz")
        yield base
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


WORKBENCH_PORTALS = ("sim-tanhong", "sim-dongthap", "sim-tuyphong")  # a district, the province copying it, another
EDIT = "Hội nghị đã thống nhất điều chỉnh chỉ tiêu thu ngân sách năm 2025 lên 112% dự toán."
# Published in 2019, found after the rest; no meeting report (a ceremony), in the old tone-mark style ("uỷ").
ARCHIVED = "Huyện uỷ Tuy Phong gặp mặt các đồng chí nguyên lãnh đạo huyện nhân dịp Xuân 2019"


@dataclass(frozen=True)
class Workbench:
    """The workbench's store as the ``workbench`` fixture serves it: the URLs of the article edited and the one taken
    down between its two crawls (both with evidence), and the ids of the archived article found last."""

    base: str
    db: Path
    evidence: Path
    edited_url: str
    removed_url: str
    archived_id: int


def build_workbench(root: Path, run_cli: RunCli) -> tuple[Path, Path, str, str, int]:
    """Three simulated portals crawled with evidence on; one article edited and one taken down, then sim-tanhong
    crawled again; then an article published in 2019 with hostile links saved last. Returns the store, the evidence
    directory, the edited and removed URLs, and the archived article's id."""
    from datetime import datetime

    from crawler.dates import TZ
    from crawler.items import Attachment, Image
    from crawler.simulator.server import start
    from crawler.simulator.sites import SPECS

    db, evidence = root / "pw.sqlite3", root / "evidence"
    env = {"PORTALWATCH_DEEP_EVERY": "0", "PORTALWATCH_EVIDENCE": "1", "PORTALWATCH_EVIDENCE_DIR": str(evidence)}
    with start(0, [SPECS[s] for s in WORKBENCH_PORTALS]) as sim:
        bases = [f"--base-url={s}={sim.urls[s]}" for s in WORKBENCH_PORTALS]
        first = run_cli("crawl", *WORKBENCH_PORTALS, *bases, "--db", str(db), env=env)
        assert first.returncode == 0, first.stderr[-2000:]
        site = sim.sites["sim-tanhong"]
        edited, removed = site.articles[1], site.articles[2]
        site.revise(edits={edited.id: replace(edited, paragraphs=(*edited.paragraphs, EDIT))}, removals={removed.id})
        again = run_cli("crawl", "sim-tanhong", bases[0], "--db", str(db), env=env)
        assert again.returncode == 0, again.stderr[-2000:]
    conn = sqlite3.connect(db)
    urls = dict(conn.execute("SELECT content_id, url FROM articles WHERE portal = 'sim-tanhong'").fetchall())
    conn.close()

    from crawler.enrich import process
    from crawler.items import ArticleItem
    from crawler.store import open_store

    store = open_store(db)
    item = process(
        ArticleItem(
            portal="sim-tuyphong",
            cms="nukeviet",
            title=ARCHIVED,
            url="javascript:alert('url')",
            content_id="archived-2018",
            lead="Bài lưu trữ, đăng năm 2019, được tìm thấy sau cùng.",
            body=["Đoạn một.", "Đoạn hai."],
            images=[Image("javascript:alert('img')", "Ảnh độc")],
            attachments=[
                Attachment("javascript:alert('file')", "Tệp độc", "pdf"),
                Attachment("https://example.test/ke-hoach.docx", "Kế hoạch năm 2019", "docx"),
            ],
        )
    )
    item.published = datetime(2019, 3, 5, 10, 0, tzinfo=TZ)
    store.save_article(item, "archived-2018", [])
    archived = int(store.conn.execute("SELECT id FROM articles WHERE dedupe_key = 'archived-2018'").fetchone()[0])  # type: ignore[attr-defined]
    store.close()
    return db, evidence, urls[str(edited.id)], urls[str(removed.id)], archived


# Stores of each kind -------------------------------------------------------------------------------

# The stores every store test runs against: SQLite in the fast loop, PostgreSQL (a server) with the integration tests.
STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)]


def new_location(kind: str, request: pytest.FixtureRequest, directory: Path, name: str = "pw") -> str:
    """A fresh store's location of ``kind``: ``directory / "<name>.sqlite3"``, or a new empty PostgreSQL database
    on the session's server (``request`` brings the server up the first time it is asked for)."""
    if kind == "sqlite":
        return str(directory / f"{name}.sqlite3")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database(name)


# The dedupe set ---------------------------------------------------------------------------------------

# Copies of a dozen stories across portals, with template look-alikes (tests/data/dedupe/cases.json).
DEDUPE_CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "data" / "dedupe" / "cases.json").read_bytes())[
    "cases"
]


def dedupe_item(case: dict[str, Any], n: int = 0, **changes: Any) -> Any:
    """One case of the dedupe set as a normalised ``ArticleItem`` (``changes`` set on it first)."""
    from datetime import datetime

    from crawler.enrich import normalize
    from crawler.items import ArticleItem

    paragraphs = case["paragraphs"]
    art = ArticleItem(
        portal=case["portal"],
        url=f"https://{case['portal']}.gov.vn/bai-viet/{n}",
        cms="generic",
        title=case["title"],
        byline=case.get("byline"),
        lead=paragraphs[0],
        body=list(paragraphs[1:]),
        published=datetime.fromisoformat(case["published"]),
    )
    for k, v in changes.items():
        setattr(art, k, v)
    return normalize(art)
