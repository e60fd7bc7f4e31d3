"""``portalwatch schedule`` with a fast cadence: every due portal runs, again and again, never two at once."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from simregistry import registry_file

from crawler.simulator.server import Simulator, start
from crawler.simulator.sites import SPECS
from crawler.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SLUGS = ("sim-tuyenhoa", "sim-tanhong", "sim-tuyphong")


@pytest.fixture
def sims() -> Iterator[Simulator]:
    with start(0, [replace(SPECS[s], count=12) for s in SLUGS]) as running:
        yield running


def portalwatch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PORTALWATCH_PROGRESS": "off"},
        timeout=120,
    )


def test_schedule_runs_every_due_portal_and_never_overlaps_one(sims: Simulator, tmp_path: Path) -> None:
    registry, db = registry_file(sims, SLUGS, tmp_path / "portals.toml", "4s"), tmp_path / "pw.sqlite3"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler",
            "schedule",
            "--registry",
            str(registry),
            "--db",
            str(db),
            "--max-runs",
            "2",
            "--jitter",
            "1",
            "--tick",
            "0.2",
        ],
        cwd=ROOT,
        env={**os.environ, "PORTALWATCH_PROGRESS": "off"},
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(25)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err[-2000:]

    runs = json.loads(portalwatch("runs", "--db", str(db), "-n", "200", "--json").stdout)
    # Every run finished cleanly, none left running; one in flight at SIGTERM was stopped gracefully (SIGINT to
    # Scrapy), recorded as interrupted, and can only be its portal's last.
    assert {r["status"] for r in runs} <= {"ok", "interrupted"}, runs
    assert all(
        r["start"] == max(x["start"] for x in runs if x["portal"] == r["portal"])
        for r in runs
        if r["status"] == "interrupted"
    ), runs
    spans = sorted((datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"]), r["portal"]) for r in runs)
    for slug in SLUGS:
        mine = [(a, b) for a, b, p in spans if p == slug]
        assert len(mine) >= 2, f"{slug} ran {len(mine)} times in 25 s with a 4 s cadence"
        assert all(end <= nxt for (_, end), (nxt, _) in itertools.pairwise(mine)), f"{slug} overlapped"
        gaps = [nxt - first for (first, _), (nxt, _) in itertools.pairwise(mine)]
        assert min(gaps) >= timedelta(seconds=4), f"{slug} started again before its cadence: {gaps}"
    # At most two at once (--max-runs 2): at every start, count the runs still going.
    for start_at, _, _ in spans:
        assert sum(1 for a, b, _ in spans if a <= start_at < b) <= 2
    assert sum(r["new"] for r in runs) == 3 * 12  # later runs find nothing new
    assert {r["mode"] for r in runs[:-3]} <= {"incremental"}


def test_crawl_due_runs_only_what_is_due(sims: Simulator, tmp_path: Path) -> None:
    registry, db = registry_file(sims, SLUGS, tmp_path / "portals.toml", "1h"), tmp_path / "pw.sqlite3"
    first = portalwatch("crawl", "--due", "--registry", str(registry), "--db", str(db))
    assert first.returncode == 0, first.stderr[-2000:]
    assert {line.split()[0] for line in first.stdout.splitlines()[2:]} == set(SLUGS)
    again = portalwatch("crawl", "--due", "--registry", str(registry), "--db", str(db))
    assert again.stdout.strip() == "no portal is due"
    runs = json.loads(portalwatch("runs", "--db", str(db), "--json").stdout)
    assert sorted(r["portal"] for r in runs) == sorted(SLUGS)


def test_schedule_delivers_webhooks_beside_the_runs(tmp_path: Path) -> None:
    """``schedule --deliver``: the meeting alerts a scheduled run raises reach a subscriber, signed, in order."""
    from test_webhooks import Receivers, wait_for

    recv = Receivers({"/one": "o-secret"})
    try:
        with start(0, [replace(SPECS["sim-tanhong"], count=12)]) as sim:
            registry = registry_file(sim, ["sim-tanhong"], tmp_path / "portals.toml", "1h")
            subscribers = tmp_path / "subscribers.toml"
            subscribers.write_text(
                f'[subscribers.bot]\nurl = "{recv.url("/one")}"\nsecret = "o-secret"\n'
                'kind = "meeting"\nfrom_start = true\n',
                encoding="utf-8",
            )
            db = tmp_path / "pw.sqlite3"
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "crawler",
                    "schedule",
                    "--registry",
                    str(registry),
                    "--db",
                    str(db),
                    "--deliver",
                    "--subscribers",
                    str(subscribers),
                    "--tick",
                    "0.2",
                    "--jitter",
                    "0",
                ],
                cwd=ROOT,
                env={**os.environ, "PORTALWATCH_PROGRESS": "off"},
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                wait_for(
                    lambda: (
                        db.exists()
                        and any(
                            r["status"] == "ok"
                            for r in json.loads(portalwatch("runs", "--db", str(db), "--json").stdout or "[]")
                        )
                    )
                )
                expected = [a["alert_id"] for a in reversed(open_store(db).alerts(limit=100))]
                assert len(expected) > 0
                wait_for(lambda: recv.ids("/one") == expected)
            finally:
                proc.send_signal(signal.SIGTERM)
                _, err = proc.communicate(timeout=90)
    finally:
        recv.close()
    assert proc.returncode == 0, err[-2000:]
    assert all(r["signed"] for r in recv.got)
