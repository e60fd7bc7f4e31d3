"""What an operator sees: the scheduler's runs in its log, a progress line every interval off a terminal, each
failed download once with its status, one line for a host that refuses connections, one sentence for a busy port,
and a question before crawling the packaged registry's real hosts."""

from __future__ import annotations

import argparse
import io
import logging
import re
import socket
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from simregistry import registry_file
from support import RunCli, free_port

from crawler.cli import UsageError, main
from crawler.cli.crawl import confirm_real_portals
from crawler.progress import QUIETED, DownloadFailureLog, Progress
from crawler.registry import load_registry
from crawler.simulator.server import Simulator, start
from crawler.simulator.sites import SPECS
from crawler.store import open_store


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port of 127.0.0.1 that something listens on."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield sock.getsockname()[1]


def test_a_busy_port_is_one_sentence(busy_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", str(busy_port), "--db", str(tmp_path / "pw.sqlite3")]) == 2
    assert capsys.readouterr().err == (
        f"portalwatch: cannot listen on 127.0.0.1:{busy_port} (Address already in use); "
        "choose a free port with --port.\n"
    )
    assert main(["simulate", "--port", str(busy_port - 1)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"portalwatch: cannot listen on ports {busy_port}-") and err.count("\n") == 1


def test_progress_off_a_terminal_is_a_plain_line_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())  # not a terminal
    crawler = get_crawler(settings_dict={"PORTALWATCH_PROGRESS": "auto", "PORTALWATCH_PROGRESS_EVERY": 30})
    progress = Progress.from_crawler(crawler)
    assert (progress.live, progress.interval) == (False, 30.0)
    assert crawler.stats is not None
    crawler.stats.set_value("portalwatch/listing_pages", 3)
    crawler.stats.set_value("portalwatch/article_pages", 40)
    crawler.stats.set_value("item_scraped_count", 40)
    crawler.stats.set_value("portalwatch/items/new", 38)
    crawler.stats.set_value("portalwatch/errors/download", 2)
    progress.show()
    written = sys.stderr.getvalue()  # type: ignore[attr-defined]
    assert re.fullmatch(r"\?: 43 pages, 40 items \(38 new\), 2 errors after \d+ s\n", written), written
    with pytest.raises(NotConfigured):
        Progress.from_crawler(get_crawler(settings_dict={"PORTALWATCH_PROGRESS": "off"}))


def test_scrapy_failure_records_are_lowered_to_one_line() -> None:
    DownloadFailureLog.from_crawler(get_crawler())
    DownloadFailureLog.from_crawler(get_crawler())  # a second crawler in the process adds no second filter
    robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    assert sum(type(f).__name__ == "_OneLine" for f in robots.filters) == 1
    try:
        raise ConnectionRefusedError("Connection was refused by other side: 111: Connection refused.")
    except ConnectionRefusedError:
        record = robots.makeRecord(
            robots.name, logging.ERROR, __file__, 1, "Error downloading %s", ("x",), sys.exc_info()
        )
    assert robots.filters[0].filter(record)
    assert (record.levelno, record.levelname, record.exc_info) == (QUIETED[robots.name], "INFO", None)


def test_the_packaged_registrys_real_hosts_need_a_yes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("PORTALWATCH_YES", raising=False)
    portals = list(load_registry().values())
    real = [p for p in portals if not p.simulated and p.status in ("active", "unverified")]
    asked = argparse.Namespace(registry=None, yes=False)
    with pytest.raises(UsageError) as refused:  # stdin is not a terminal under pytest
        confirm_real_portals(portals, asked, "schedule")
    assert str(refused.value).startswith(
        f"schedule would crawl {len(real)} real portals on {len({p.domain for p in real})} hosts "
        "of the packaged registry"
    )
    assert "confirm with --yes (or PORTALWATCH_YES=1)" in str(refused.value)
    confirm_real_portals(portals, argparse.Namespace(registry=None, yes=True), "schedule")
    assert capsys.readouterr().err.startswith(f"portalwatch: schedule would crawl {len(real)} real portals")
    monkeypatch.setenv("PORTALWATCH_YES", "1")
    confirm_real_portals(portals, asked, "crawl --all")
    monkeypatch.delenv("PORTALWATCH_YES")
    confirm_real_portals(portals, argparse.Namespace(registry="mine.toml", yes=False), "schedule")  # the user's own
    assert main(["crawl", "--all", "--db", str(tmp_path / "pw.sqlite3")]) == 2
    assert "crawl --all would crawl" in capsys.readouterr().err


# A crawl and the scheduler in child processes --------------------------------------------------------------


@pytest.fixture
def sims() -> Iterator[Simulator]:
    with start(0, [replace(SPECS["sim-tanhong"], count=12), SPECS["sim-tuyenhoa"]]) as running:
        yield running


@pytest.mark.integration
def test_schedule_logs_each_runs_start_and_end_with_counts(sims: Simulator, tmp_path: Path, run_cli: RunCli) -> None:
    registry = registry_file(sims, ["sim-tanhong"], tmp_path / "portals.toml", "1h")
    db = str(tmp_path / "pw.sqlite3")
    done = run_cli("schedule", "--once", "--jitter", "0", "--tick", "0.2", "--registry", str(registry), "--db", db)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert any(
        line.endswith("INFO portalwatch.schedule: scheduling 1 portals, at most 2 runs at once: one pass")
        for line in lines
    )
    assert any(line.endswith("INFO portalwatch.schedule: run of sim-tanhong starting (cadence 1h)") for line in lines)
    [ended] = [line for line in lines if "run of sim-tanhong ended" in line]
    found = re.search(r"ended: ok, \d+ pages, 12 new, 0 updated, (\d+) alerts, 0 errors in \d+ s \(finished\)$", ended)
    assert found, ended
    store = open_store(db)
    assert int(found.group(1)) == store.counts()["alerts"] > 12  # a new_article alert each, and the meetings'
    store.close()
    again = run_cli("schedule", "--once", "--registry", str(registry), "--db", db)
    assert again.returncode == 0 and again.stderr.splitlines()[-1].endswith(
        "INFO portalwatch.schedule: no portal was due"
    )


@pytest.mark.integration
def test_a_crawl_off_a_terminal_prints_progress_lines(sims: Simulator, tmp_path: Path, run_cli: RunCli) -> None:
    url = sims.urls["sim-tuyenhoa"]
    env = {"PORTALWATCH_PROGRESS": "auto", "PORTALWATCH_PROGRESS_EVERY": "0.2"}
    done = run_cli("crawl", "sim-tuyenhoa", "--base-url", url, "--db", str(tmp_path / "pw.sqlite3"), env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    progress = [line for line in done.stderr.splitlines() if line.startswith("sim-tuyenhoa: ")]
    assert progress, done.stderr[-2000:]
    assert all(
        re.fullmatch(r"sim-tuyenhoa: \d+ pages, \d+ items \(\d+ new\), 0 errors after \d+ s", p) for p in progress
    )
    assert "\r" not in done.stderr


@pytest.mark.integration
def test_a_host_that_refuses_connections_is_one_line(tmp_path: Path, run_cli: RunCli) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    done = run_cli("crawl", "--url", url, "--cms", "wordpress", "--db", str(tmp_path / "pw.sqlite3"))
    assert done.returncode == 1  # nothing read
    [line] = [line for line in done.stderr.splitlines() if line.strip()]  # no Twisted traceback, no retry chatter
    assert re.search(rf"WARNING: portal [\w-]+: download failed for {re.escape(url)}: Connection was refused", line), (
        line
    )
