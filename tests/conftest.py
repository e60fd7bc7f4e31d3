"""Shared fixtures: the CLI in a child process, the simulator, stores (fresh, and one full of alerts), the
server on it, webhook receivers, free ports and the real WordPress.

A test that runs a child process (``portalwatch``, a crawl, ``serve``, Scrapyd, WordPress, Chromium, Tesseract
OCR) or reads a store one filled is marked ``integration``; ``make test-fast`` runs the others, in under a
minute. Servers in this process (the simulator, webhook receivers) start in a fraction of a second and are
fine in the fast loop; so is the document extractor's own worker process (its sandbox, not a program).
Plain helpers shared by several modules live in ``support.py``, never in a test module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from channel_standins import BotApi, Inbox
from pgserver import FAST, PgServer, PgServerError, private_server
from support import (
    ALERT_PORTALS,
    ROOT,
    STORES,
    Receivers,
    RunCli,
    StartCli,
    Workbench,
    add_hostile_and_edit,
    build_workbench,
    free_port,
    new_location,
    serving,
    wait_for,
)

from crawler.simulator.server import Simulator, start
from crawler.store import Store, open_store

if TYPE_CHECKING:
    from realwp import RealWordPress


# Under `pytest -n` (`make test`) each worker builds its own fixtures (free ports, `tmp_path_factory` directories),
# so tests sharing a costly one are kept on one worker (`--dist loadgroup`) to build it once: the session's crawled
# stores served by `serve` (one group: the browser tests use both), the real WordPress, and an integration module's
# own module-scoped fixtures (a crawl, a browser). Other tests go to whichever worker is free.
SHARED_ONCE = {"workbench": "served-stores", "alert_store": "served-stores", "realwp": "realwp"}


def _group(item: pytest.Item) -> str | None:
    used = getattr(item, "fixturenames", ())
    group = next((g for name, g in SHARED_ONCE.items() if name in used), None)
    if group is None and item.get_closest_marker("integration") is not None:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info is not None else ()
        if any(d.scope == "module" for chain in defs for d in chain):
            group = item.nodeid.split("::")[0]
    return group


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = _group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a child ``portalwatch``: this one, without the progress line, plus ``extra``."""
    return {**os.environ, "PORTALWATCH_PROGRESS": "off", **(extra or {})}


@pytest.fixture(scope="session")
def run_cli() -> RunCli:
    """``portalwatch ARGS`` in a child process, as a user runs it; returns the finished process (text)."""

    def run(
        *args: str, env: Mapping[str, str] | None = None, timeout: float = 600, cwd: Path = ROOT
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "crawler", *args],
            cwd=cwd,
            env=cli_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture(scope="module")
def start_cli() -> Iterator[StartCli]:
    """``portalwatch ARGS`` started in a child process (``Popen`` keywords pass through); a process still
    running when the module's tests are done is killed, so none outlives the tests."""
    started: list[subprocess.Popen[str]] = []

    def start_process(*args: str, env: Mapping[str, str] | None = None, **popen: Any) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", *args], cwd=ROOT, env=cli_env(env), text=True, **popen
        )
        started.append(proc)
        return proc

    yield start_process
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture(name="free_port")
def free_port_fixture() -> int:
    """A port on 127.0.0.1 that nothing listens on: servers a test starts bind it, never a fixed one."""
    return free_port()


@pytest.fixture(scope="session")
def simulator() -> Iterator[Simulator]:
    """Every simulated portal, as packaged, on free ports of this process (read-only: a test that publishes
    or revises articles starts its own with ``crawler.simulator.server.start``)."""
    with start(0) as running:
        yield running


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A private PostgreSQL server for the session (tests/pgserver.py); FAILS (never skips) when it cannot start."""
    try:
        with private_server(FAST) as server:
            yield server
    except PgServerError as exc:
        pytest.fail(f"PostgreSQL: {exc}", pytrace=False)


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: each store test runs once per kind."""
    return str(request.param)


@pytest.fixture
def store_location(store_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh store of ``store_kind`` lives (``tmp_path / "pw.sqlite3"`` or a new PostgreSQL database); another
    ``open_store`` of it sees what another process would."""
    return new_location(store_kind, request, tmp_path)


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    """A fresh, migrated, empty store (``store_location``), of each kind in turn."""
    opened = open_store(store_location)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def alert_store(simulator: Simulator, run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of three crawled portals (``support.ALERT_PORTALS``), a hostile title and an edit alert, shared
    read-only by the feed, server, browser and webhook tests (``support.copy_store`` for one to change)."""
    db = tmp_path_factory.mktemp("alerts") / "pw.sqlite3"
    bases = [f"--base-url={slug}={simulator.urls[slug]}" for slug in ALERT_PORTALS]
    run = run_cli("crawl", *ALERT_PORTALS, *bases, "--db", str(db))
    assert run.returncode == 0, run.stderr[-2000:]
    add_hostile_and_edit(db)
    return db


@pytest.fixture(scope="session")
def served(alert_store: Path) -> Iterator[str]:
    """``portalwatch serve`` on ``alert_store`` in a child process; its base URL once it answers ``/healthz``."""
    with serving(alert_store, env=cli_env()) as base:
        yield base


@pytest.fixture(scope="session")
def workbench(run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    """``portalwatch serve --evidence-dir`` on the workbench's store (``support.build_workbench``: three portals,
    copies across two of them, an edit and a takedown with their evidence, an archived article found last)."""
    db, evidence, edited, removed, archived = build_workbench(tmp_path_factory.mktemp("workbench"), run_cli)
    with serving(db, "--evidence-dir", str(evidence), env=cli_env()) as base:
        yield Workbench(base, db, evidence, edited, removed, archived)


@pytest.fixture
def receivers() -> Iterator[Receivers]:
    """Webhook receivers on one port, one path per subscriber of the webhook tests, each with its secret."""
    recv = Receivers(
        {
            "/newsroom": "n-secret",
            "/newsroom2": "n-secret",
            "/everything": "e-secret",
            "/late": "l-secret",
            "/one": "o-secret",
            "/two": "o-secret",
            "/hang": "h-secret",
        }
    )
    yield recv
    recv.close()


class RedisServer:
    """A private ``redis-server`` (tests/conftest.py ``redis_server``): its URL for database ``db``."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._next_db = 0

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def fresh_url(self) -> str:
        """A database no test used yet, emptied: each test's keys are its own."""
        import redis

        self._next_db += 1
        url = self.url(self._next_db)
        redis.Redis.from_url(url).flushdb()
        return url


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """Debian's ``redis-server`` on a free loopback port, with its own directory and no persistence, stopped after
    the session; FAILS (never skips) when it cannot be started (``make system-deps`` installs it)."""
    import shutil

    import redis

    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if binary is None:
        pytest.fail(
            "redis-server is not installed; run `make system-deps` (Debian package redis-server).", pytrace=False
        )
    workdir = tmp_path_factory.mktemp("redis")
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(workdir),
            "--save",
            "",
            "--appendonly",
            "no",
            "--databases",
            "256",
            "--daemonize",
            "no",
            "--logfile",
            str(workdir / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    client = redis.Redis(port=port, socket_connect_timeout=1)

    def answers() -> bool:
        if proc.poll() is not None:
            log = (
                (workdir / "redis.log").read_text(errors="replace")[-2000:] if (workdir / "redis.log").exists() else ""
            )
            pytest.fail(f"redis-server exited ({proc.returncode}): {log}", pytrace=False)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    try:
        wait_for(answers, timeout=20, what="redis-server to answer PING")
        yield RedisServer(port)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """An empty database of the session's private Redis, for one test."""
    return redis_server.fresh_url()


@pytest.fixture(scope="session")
def realwp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealWordPress]:
    """The running real WordPress (tests/realwp.py); FAILS (never skips) when it cannot be had."""
    from realwp import RealWordPressError, real_wordpress

    try:
        with real_wordpress(tmp_path_factory.mktemp("realwp")) as site:
            yield site
    except RealWordPressError as exc:
        pytest.fail(f"real WordPress: {exc}", pytrace=False)


@pytest.fixture
def bot_api() -> Iterator[BotApi]:
    """Telegram's Bot API stand-in on a free port (``channel_standins.BotApi``)."""
    api = BotApi()
    api.thread.start()
    yield api
    api.release.set()
    api.server.shutdown()
    api.server.server_close()


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """An aiosmtpd server on a free port and the inbox it fills."""
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()
