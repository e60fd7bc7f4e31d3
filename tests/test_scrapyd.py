"""Deploy this checkout to a real Scrapyd on 127.0.0.1 with scrapyd-deploy and crawl the simulator through it.

The egg is built from a copy of the checkout (scrapyd-deploy writes build/ and *.egg-info beside
scrapy.cfg; other work in the tree should not see them). The deploy target is added through Scrapy's
user config (``$XDG_CONFIG_HOME/scrapy.cfg``), so the repository's scrapy.cfg is used unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest
from simregistry import registry_file
from support import ROOT

from crawler.registry import load_registry
from crawler.scrapyd import ScrapydClient, ScrapydError
from crawler.simulator.server import start
from crawler.simulator.sites import SPECS
from crawler.store import ArticleQuery, open_store

VENV_BIN = Path(sys.executable).parent
SEED = "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"
TARGET = "portalwatch-test"
CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {root}/eggs
logs_dir = {root}/logs
dbs_dir = {root}/dbs
items_dir =
jobs_to_keep = 5
max_proc = 2
poll_interval = 0.2
"""


@dataclass
class Scrapyd:
    url: str
    root: Path
    process: subprocess.Popen[bytes]

    def output(self) -> str:
        return (self.root / "scrapyd.out").read_text(errors="replace")[-4000:]


def _env() -> dict[str, str]:
    """The test's environment without anything that would make Scrapyd's jobs import the checkout or
    pick up a developer's project settings instead of the deployed egg's."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY_", "PORTALWATCH_")) and k != "PYTHONPATH"}


def _tool(name: str) -> str:
    path = VENV_BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing; install the dev extra (pip install -e '.[dev]').")
    return str(path)


@pytest.fixture
def scrapyd(tmp_path: Path, free_port: int) -> Iterator[Scrapyd]:
    """A Scrapyd with empty eggs, logs and dbs directories, running in a temporary directory."""
    root = tmp_path / "scrapyd"
    root.mkdir()
    port = free_port
    (root / "scrapyd.conf").write_text(CONF.format(port=port, root=root))
    with (root / "scrapyd.out").open("wb") as out:
        process = subprocess.Popen([_tool("scrapyd")], cwd=root, env=_env(), stdout=out, stderr=subprocess.STDOUT)
    server = Scrapyd(f"http://127.0.0.1:{port}/", root, process)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"scrapyd exited with status {process.returncode}:\n{server.output()}")
            try:
                if httpx.get(server.url + "daemonstatus.json", timeout=1).json().get("status") == "ok":
                    break
            except (httpx.HTTPError, ValueError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"scrapyd did not answer daemonstatus.json within 20 s:\n{server.output()}")
            time.sleep(0.1)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _copy_checkout(dest: Path) -> Path:
    """The files setuptools reads for the egg: top-level files and the packages pyproject.toml includes."""
    dest.mkdir()
    for item in ROOT.iterdir():
        if item.is_file():
            shutil.copy2(item, dest / item.name)
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    for package in {name.split(".")[0].rstrip("*") for name in include}:
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def _deploy(server: Scrapyd, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    src = _copy_checkout(tmp_path / "src")
    config = tmp_path / "xdg"
    config.mkdir()
    (config / "scrapy.cfg").write_text(f"[deploy:{TARGET}]\nurl = {server.url}\n")
    env = {**_env(), "XDG_CONFIG_HOME": str(config)}
    return subprocess.run(
        [_tool("scrapyd-deploy"), TARGET, "--version", "t1"],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _wait_finished(server: Scrapyd, job: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = httpx.get(server.url + "listjobs.json", params={"project": "portalwatch"}, timeout=5).json()
        if any(j["id"] == job for j in jobs["finished"]):
            return
        time.sleep(0.2)
    log = server.root / "logs" / "portalwatch" / "sim-tanhong" / f"{job}.log"
    text = log.read_text(errors="replace")[-6000:] if log.exists() else "(no job log yet)"
    pytest.fail(
        f"Scrapyd job {job} did not finish within {timeout:.0f} s; job log:\n{text}\nscrapyd:\n{server.output()}"
    )


@pytest.mark.integration
def test_deploy_and_crawl_through_scrapyd(scrapyd: Scrapyd, tmp_path: Path) -> None:
    deployed = _deploy(scrapyd, tmp_path)
    assert deployed.returncode == 0 and '"status": "ok"' in deployed.stdout, (
        f"scrapyd-deploy failed:\n{deployed.stdout}\n{deployed.stderr}"
    )

    # The egg Scrapyd stored carries the packages, their data files and the settings entry point.
    egg = scrapyd.root / "eggs" / "portalwatch" / "t1.egg"
    with zipfile.ZipFile(egg) as z:
        names = set(z.namelist())
        entry_points = z.read("EGG-INFO/entry_points.txt").decode()
    for member in (
        "crawler/portals.toml",
        "crawler/simulator/data/seeds.json",
        "crawler/templates/base.html",
        "crawler/spiderloader.py",
        "spiders/portal.py",
        "pipelines/store.py",
    ):
        assert member in names, f"{member} is missing from the deployed egg; check package data in pyproject.toml"
    assert "[scrapy]\nsettings = crawler.settings" in entry_points

    spiders = httpx.get(scrapyd.url + "listspiders.json", params={"project": "portalwatch"}, timeout=30).json()
    assert spiders.get("spiders") == sorted(load_registry()), spiders
    assert "sim-tanhong" in spiders["spiders"]

    client = ScrapydClient(scrapyd.url)
    with pytest.raises(ScrapydError, match=r"refused schedule.json .* \(spider 'nope' not found\); deploy"):
        client.schedule("nope")
    db = tmp_path / "pw.sqlite3"
    with start(0, [replace(SPECS["sim-tanhong"], count=30)]) as sim:
        job = client.schedule(
            "sim-tanhong",
            settings={"PORTALWATCH_DB": str(db), "PORTALWATCH_PROGRESS": "off"},
            args={"base_url": sim.urls["sim-tanhong"]},
        )
        _wait_finished(scrapyd, job, timeout=40)

        store = open_store(db)
        try:
            titles = [a["title"] for a in store.articles(ArticleQuery(portal="sim-tanhong"))]
            [run] = store.runs("sim-tanhong")
        finally:
            store.close()
        assert len(titles) == 30, f"{len(titles)} articles stored through Scrapyd, expected the simulator's 30"
        assert SEED in titles
        assert (run.job, run.status, run.new) == (job, "ok", 30)  # Scrapyd's _job is in the run history
        assert client.active() == {}
        assert client.daemon_status()["finished"] == 1

        # portalwatch schedule --via scrapyd: the due portal becomes a job, recorded queued and then run.
        registry = registry_file(sim, ["sim-tanhong"], tmp_path / "portals.toml", "1h")
        db2 = tmp_path / "scheduled.sqlite3"
        scheduled = subprocess.run(
            [
                sys.executable,
                "-m",
                "crawler",
                "schedule",
                "--via",
                "scrapyd",
                scrapyd.url,
                "--once",
                "--jitter",
                "0",
                "--tick",
                "0.2",
                "--registry",
                str(registry),
                "--db",
                str(db2),
            ],
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert scheduled.returncode == 0, scheduled.stderr[-3000:]
    store = open_store(db2)
    try:
        [run] = store.runs()
    finally:
        store.close()
    assert (run.portal, run.status, run.new, run.mode) == ("sim-tanhong", "ok", 30, "walk")
    assert run.job is not None and len(run.job) == 32
    assert client.daemon_status()["finished"] == 2


def test_client_errors_are_one_sentence(free_port: int) -> None:
    port = free_port  # nothing listens there
    with pytest.raises(ScrapydError, match=r"^cannot reach Scrapyd at http://127.0.0.1:\d+/ .*URL is right\.$"):
        ScrapydClient(f"http://127.0.0.1:{port}", timeout=2).active()
    with pytest.raises(ValueError, match="jobid"):
        ScrapydClient(f"http://127.0.0.1:{port}").schedule("sim-tanhong", args={"jobid": "x"})
