"""Bad stores: one sentence and exit 2 for every command, never a traceback; a crawl into a damaged store is
``partial``, exits non-zero and counts the articles it could not store; a newer store is refused."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile.harness import Crawl, registry_for, run
from starlette.testclient import TestClient

from crawler.cli import main
from crawler.server import create_app
from crawler.simulator.server import Simulator, start
from crawler.simulator.sites import SPECS
from crawler.store import open_store

PAGE = 4096


def read_only(directory: Path, command: list[str]) -> list[str]:
    """``command`` run with ``directory`` read-only: chmod for a user; for root (whom modes do not stop), a
    read-only bind mount in a private mount namespace (``unshare -m``)."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        return command
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, str(directory), *command]


def one_sentence(result: Crawl | subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("portalwatch: the store "), result.stderr[-2000:]
    for word in words:
        assert word in lines[0], lines[0]


def damage(path: Path, pages: list[int]) -> None:
    """Overwrite whole pages of a SQLite file with bytes no page starts with (page 1 is the first)."""
    with path.open("r+b") as f:
        for page in pages:
            f.seek((page - 1) * PAGE)
            f.write(b"\xa5" * PAGE)


@pytest.fixture
def stores(tmp_path: Path) -> dict[str, Path]:
    """A store of each bad kind."""
    good = tmp_path / "good" / "pw.sqlite3"
    open_store(good).close()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database\n" * 200)
    directory = tmp_path / "adirectory"
    directory.mkdir()
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copy(good, damaged)
    damage(damaged, [1])
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(good, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('0099_from_the_future', datetime('now'))")
    return {"good": good, "garbage": garbage, "directory": directory, "damaged": damaged, "newer": newer}


COMMANDS = {
    "crawl": ["crawl", "sim-tanhong", "--base-url", "http://127.0.0.1:9"],
    "runs": ["runs"],
    "articles": ["articles"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("garbage", ("is damaged or is not a portalwatch database",)),
        ("directory", ("is a directory, not a database file",)),
        ("damaged", ("is damaged or is not a portalwatch database",)),
        ("newer", ("migrated by a newer portalwatch", "0099_from_the_future")),
    ],
)
def test_a_bad_store_is_one_sentence(
    command: str, kind: str, words: tuple[str, ...], stores: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([*COMMANDS[command], f"--db={stores[kind]}"])  # in process: an exception would fail the test
    result = subprocess.CompletedProcess([], code, "", capsys.readouterr().err)
    one_sentence(result, *words)


@pytest.mark.integration
@pytest.mark.parametrize("command", ["crawl", "runs", "feed"])
def test_a_read_only_directory_is_one_sentence(command: str, stores: dict[str, Path], tmp_path: Path) -> None:
    db = stores["good"]
    args = {**COMMANDS, "feed": ["feed", "--out", str(tmp_path / "feed.atom")]}[command]
    base = [sys.executable, "-m", "crawler", *args, f"--db={db}"]
    env = {**os.environ, "PORTALWATCH_PROGRESS": "off"}
    result = subprocess.run(read_only(db.parent, base), capture_output=True, text=True, timeout=120, env=env)
    one_sentence(result, "cannot be written (a read-only file or directory)")


def test_entries_past_sqlite_integers_are_404(stores: dict[str, Path]) -> None:
    client = TestClient(create_app(str(stores["good"])))
    for entry in ("article:" + "9" * 20, "alert:" + "9" * 20, "article:²", "article:1"):
        response = client.get(f"/entries/{entry}")
        assert response.status_code == 404, (entry, response.status_code)


@pytest.fixture
def tanhong() -> Iterator[Simulator]:
    with start(0, specs=[SPECS["sim-tanhong"]]) as sim:
        yield sim


@pytest.mark.integration
def test_a_crawl_into_a_damaged_store_is_partial_and_counts_what_it_lost(tanhong: Simulator, tmp_path: Path) -> None:
    reg = registry_for(tanhong, "sim-tanhong", tmp_path / "portals.toml")
    db = tmp_path / "pw.sqlite3"
    first = run(["crawl", "sim-tanhong", "--registry", str(reg), f"--db={db}"], tmp_path, deadline=300)
    assert first.returncode == 0, first.stderr[-2000:]
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf'")]
    damage(db, leaves[5 : 5 + 12 * max(1, len(leaves) // 60) : max(1, len(leaves) // 60)])
    # --full writes every article again; no re-check of recent articles, whose read of the damaged pages would fail
    # the run at its start (one sentence too, status failed).
    args = ["crawl", "sim-tanhong", "--full", "--registry", str(reg), f"--db={db}"]
    again = run(args, tmp_path, deadline=300, env={"PORTALWATCH_RECHECK": "0"})
    assert again.returncode == 1, "a run that lost store writes exits non-zero: " + again.stderr[-2000:]
    assert "Traceback" not in again.stderr, again.stderr[-3000:]
    lost_lines = [line for line in again.stderr.splitlines() if "could not be stored: the store" in line]
    assert lost_lines and all("is damaged or is not a portalwatch database" in line for line in lost_lines)
    newest = (
        sqlite3.connect(db)
        .execute("SELECT status, lost, errors, unchanged FROM runs ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    assert newest == ("partial", len(lost_lines), len(lost_lines), 240 - len(lost_lines)), (
        "the run row says how many articles were lost, and every other one was stored"
    )
