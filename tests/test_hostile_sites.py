"""Simulated portals that misbehave as real ones do: injected faults (5xx, timeouts, resets, cut and dripped
bodies, a wrong Content-Type and charset) and a NukeViet sitemap capped at its newest 1,000 articles."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hostile.harness import registry_for, run

from crawler.simulator.server import build_site, start
from crawler.simulator.site import TRANSIENT
from crawler.simulator.sites import SPECS
from crawler.store import ArticleQuery, open_store

pytestmark = pytest.mark.integration  # every test crawls in a child process

FAULTY = replace(
    SPECS["sim-tanhong"],
    fault_rates=(
        ("5xx", 0.05),
        ("timeout", 0.02),
        ("reset", 0.04),
        ("truncate", 0.04),
        ("drip", 0.03),
        ("content_type", 0.04),
        ("charset", 0.04),
    ),
    fault_seed=7,
)


def test_a_faulty_portal_is_crawled_whole_but_for_what_never_answers(tmp_path: Path) -> None:
    site = build_site(FAULTY)
    drawn = {a.id: site.fault_for(a) for a in site.articles}
    kinds = Counter(kind for kind, _ in filter(None, drawn.values()))
    lasting = {i for i, f in drawn.items() if f and f[0] in TRANSIENT and f[1]}
    assert set(kinds) == {"5xx", "timeout", "reset", "truncate", "drip", "content_type", "charset"} and lasting
    with start(0, specs=[FAULTY]) as sim:
        reg = registry_for(sim, "sim-tanhong", tmp_path / "portals.toml")
        result = run(["crawl", "sim-tanhong", "--registry", str(reg), f"--db={tmp_path / 'pw.sqlite3'}"], tmp_path)
    assert not result.timed_out and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, "pages that never answered make the run partial"
    store = open_store(tmp_path / "pw.sqlite3")
    [row] = store.runs("sim-tanhong")
    assert (row.status, row.errors, row.new) == ("partial", len(lasting), FAULTY.count - len(lasting))
    truth = {a.title for a in site.articles if a.id not in lasting}
    stored = {r["title"] for r in store.articles(ArticleQuery(portal="sim-tanhong"))}
    assert stored == truth, "every page that answered is stored with its true title (charset and type fixed)"


def test_a_capped_nukeviet_sitemap_does_not_hide_the_archive(tmp_path: Path) -> None:
    big = replace(SPECS["sim-tuyphong"], count=2000)
    site = build_site(big)
    assert site.sitemap().count("<url>") == 1000, "NukeViet's news sitemap lists the newest 1,000 only"
    with start(0, specs=[big]) as sim:
        reg = registry_for(sim, "sim-tuyphong", tmp_path / "portals.toml")
        result = run(["crawl", "sim-tuyphong", "--registry", str(reg), f"--db={tmp_path / 'pw.sqlite3'}"], tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    store = open_store(tmp_path / "pw.sqlite3")
    [row] = store.runs("sim-tuyphong")
    assert (row.status, row.new, row.errors, row.deferred) == ("ok", 2000, 0, 0), "the first run stores all 2,000"
    assert store.portal_state("sim-tuyphong").complete_at is not None
