"""``portalwatch schedule`` with a fast cadence: every due portal runs, again and again, never two at once."""

from __future__ import annotations

import itertools
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from simregistry import registry_file
from support import Receivers, RunCli, StartCli, wait_for

from crawler.cli import main
from crawler.simulator.server import Simulator, start
from crawler.simulator.sites import SPECS
from crawler.store import open_store

SLUGS = ("sim-tuyenhoa", "sim-tanhong", "sim-tuyphong")
pytestmark = pytest.mark.integration  # the scheduler and its runs are child processes


@pytest.fixture
def sims() -> Iterator[Simulator]:
    with start(0, [replace(SPECS[s], count=12) for s in SLUGS]) as running:
        yield running


def runs(db: Path) -> list[dict[str, Any]]:
    """The run history as ``portalwatch runs --json`` prints it, newest first (empty before the store exists)."""
    if not db.exists():
        return []
    store = open_store(db)
    try:
        return [r.as_json() for r in store.runs(limit=200)]
    finally:
        store.close()


def test_schedule_runs_every_due_portal_and_never_overlaps_one(
    sims: Simulator, tmp_path: Path, start_cli: StartCli
) -> None:
    registry, db = registry_file(sims, SLUGS, tmp_path / "portals.toml", "4s"), tmp_path / "pw.sqlite3"
    proc = start_cli(
        *("schedule", "--registry", str(registry), "--db", str(db)),
        *("--max-runs", "2", "--jitter", "1", "--tick", "0.2"),
        stderr=subprocess.PIPE,
    )

    def every_portal_ran_twice() -> bool:
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        done = [r["portal"] for r in runs(db) if r["end"] is not None]
        return all(done.count(slug) >= 2 for slug in SLUGS)

    wait_for(every_portal_ran_twice, timeout=180, what="every portal to run twice at a 4 s cadence")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err[-2000:]

    history = runs(db)
    # Every run finished cleanly, none left running; one in flight at SIGTERM was stopped gracefully (SIGINT to
    # Scrapy), recorded as interrupted, and can only be its portal's last.
    assert {r["status"] for r in history} <= {"ok", "interrupted"}, history
    assert all(
        r["start"] == max(x["start"] for x in history if x["portal"] == r["portal"])
        for r in history
        if r["status"] == "interrupted"
    ), history
    spans = sorted((datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"]), r["portal"]) for r in history)
    for slug in SLUGS:
        mine = [(a, b) for a, b, p in spans if p == slug]
        assert len(mine) >= 2, f"{slug} ran {len(mine)} times"
        assert all(end <= nxt for (_, end), (nxt, _) in itertools.pairwise(mine)), f"{slug} overlapped"
        gaps = [nxt - first for (first, _), (nxt, _) in itertools.pairwise(mine)]
        assert min(gaps) >= timedelta(seconds=4), f"{slug} started again before its cadence: {gaps}"
    # At most two at once (--max-runs 2): at every start, count the runs still going.
    for start_at, _, _ in spans:
        assert sum(1 for a, b, _ in spans if a <= start_at < b) <= 2
    assert sum(r["new"] for r in history) == 3 * 12  # later runs find nothing new
    assert {r["mode"] for r in history[:-3]} <= {"incremental"}


def test_crawl_due_runs_only_what_is_due(
    sims: Simulator, tmp_path: Path, run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    registry, db = registry_file(sims, SLUGS, tmp_path / "portals.toml", "1h"), tmp_path / "pw.sqlite3"
    first = run_cli("crawl", "--due", "--registry", str(registry), "--db", str(db))
    assert first.returncode == 0, first.stderr[-2000:]
    assert {line.split()[0] for line in first.stdout.splitlines()[2:]} == set(SLUGS)
    assert main(["crawl", "--due", "--registry", str(registry), "--db", str(db)]) == 0  # nothing due: no crawl
    assert capsys.readouterr().out.strip() == "no portal is due"
    assert sorted(r["portal"] for r in runs(db)) == sorted(SLUGS)


def test_schedule_delivers_webhooks_beside_the_runs(tmp_path: Path, receivers: Receivers, start_cli: StartCli) -> None:
    """``schedule --deliver``: the meeting alerts a scheduled run raises reach a subscriber, signed, in order."""
    with start(0, [replace(SPECS["sim-tanhong"], count=12)]) as sim:
        registry = registry_file(sim, ["sim-tanhong"], tmp_path / "portals.toml", "1h")
        subscribers = tmp_path / "subscribers.toml"
        subscribers.write_text(
            f'[subscribers.bot]\nurl = "{receivers.url("/one")}"\nsecret = "o-secret"\n'
            'kind = "meeting"\nfrom_start = true\n',
            encoding="utf-8",
        )
        db = tmp_path / "pw.sqlite3"
        proc = start_cli(
            *("schedule", "--registry", str(registry), "--db", str(db)),
            *("--deliver", "--subscribers", str(subscribers), "--tick", "0.2", "--jitter", "0"),
            stderr=subprocess.PIPE,
        )
        try:
            wait_for(lambda: any(r["status"] == "ok" for r in runs(db)), what="the scheduled run to finish")
            stored = reversed(open_store(db).alerts(limit=100))
            expected = [a["alert_id"] for a in stored if a["kind"] == "meeting"]  # not the new_article alerts
            assert len(expected) > 0
            wait_for(lambda: receivers.ids("/one") == expected, what="every meeting alert delivered")
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err[-2000:]
    assert all(r["signed"] for r in receivers.got)
