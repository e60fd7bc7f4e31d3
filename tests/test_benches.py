"""Every benchmark runs (``--quick``: a tiny load) on a fresh checkout and prints its comparison with its baseline.

``make bench`` once failed before printing anything (a module in bench/ shadowed a dependency): these runs keep
each script importable and its figures printed. Scripts that take more than a few seconds even when tiny are
marked ``slow``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

pytestmark = pytest.mark.integration  # every bench runs in a child process


def quick(script: str) -> str:
    """Run ``bench/<script> --quick`` as ``make bench`` does (the script's folder first on the path)."""
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"bench/{script} --quick failed:\n{done.stderr[-3000:]}"
    return done.stdout


def test_no_bench_module_shadows_a_dependency() -> None:
    """``python bench/x.py`` puts bench/ first on sys.path: a bench module named like an installed package hides it."""
    import importlib.util

    shadowing = [p.stem for p in BENCH.glob("*.py") if importlib.util.find_spec(p.stem) is not None]
    assert not shadowing, f"rename bench/{shadowing[0]}.py: it hides the installed package of that name"


def test_dates_bench_runs_both_parsers_as_often() -> None:
    out = quick("dates.py")
    assert "1 call(s) per string on each side" in out
    assert re.search(r"stamps \(20 strings\)", out) and re.search(r"body texts \(5 articles", out)
    assert len(re.findall(r"speed-up\s+\d+×", out)) == 2


def test_meetings_bench_compares_detection_with_the_parse() -> None:
    out = quick("meetings.py")
    assert re.search(r"corpus: \d+ labelled texts \(\d+ flagged\)", out)
    assert re.search(r"detection costs \d+\.\d\dx the parse step", out)


@pytest.mark.slow
def test_extract_bench_times_every_family_against_trafilatura() -> None:
    out = quick("extract.py")
    rows = re.findall(r"^(\w+)\s+5\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+x$", out, re.M)
    assert set(rows) == {"aspnet", "dotnetnuke", "liferay", "nukeviet", "sharepoint", "wordpress"}


@pytest.mark.slow
def test_dedupe_bench_stores_every_article_on_both_paths() -> None:
    out = quick("dedupe.py")
    assert re.search(r"2,000 \| exact hash only", out) and re.search(r"2,000 \| exact \+ MinHash LSH", out)
    assert re.search(r"exact \+ MinHash LSH .* \| +100\.00% \| +0 \|", out)  # every copy joined, no mixed cluster
    assert "store time per item with near-duplicates" in out


@pytest.mark.slow
def test_crawl_throughput_bench_reads_the_same_pages_three_ways() -> None:
    out = quick("crawl_throughput.py")
    assert "sim-bench with 40 articles: 4 listing + 40 article pages" in out
    rows = {m[0]: (int(m[1]), int(m[2])) for m in re.findall(r"^\((\w)\) .*?\s+(\d+)\s+(\d+)\s+[\d.]+ ", out, re.M)}
    assert rows["a"] == (44, 0) and rows["b"] == (44, 40), out
    assert rows["c"][1] == 40, out  # portalwatch stored every article
    assert re.search(r"ratios of pages/s: c/a \d+\.\d\d \(target >= 0\.70\), c/b \d+\.\d\d", out)


@pytest.mark.slow
def test_incremental_runs_bench_compares_a_full_recrawl_with_an_incremental_run() -> None:
    out = quick("incremental_runs.py")
    assert re.search(r"^sim-tanhong\s+\|\s+60 \|", out, re.M), out


@pytest.mark.slow
def test_feed_bench_times_every_route_against_the_health_check() -> None:
    out = quick("feed.py")
    for route in ("/healthz (baseline)", "/feed.atom (all)", "/feed.json?kind=council_session deep page"):
        assert re.search(re.escape(route) + r"\s+[\d.]+\s+[\d.]+\s+[\d.]+$", out, re.M), route
    assert re.search(r"full static ICS: [\d,]+ events", out)


@pytest.mark.slow
def test_attachments_bench_compares_the_readers() -> None:
    out = quick("attachments.py")
    assert re.search(r"^nghi-quyet\.pdf\s+pypdfium2\s+[\d.]+\s+\d+\s+exact$", out, re.M), out
    assert "extract/bare time ratio" in out
