"""The benchmarks start: ``python bench/<name>.py`` puts bench/ first on sys.path, so a bench module named like
a package the project imports (Twisted's ``incremental`` was one) would be imported in its place."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
from support import ROOT

BENCH = ROOT / "bench"
MODULES = sorted(p.stem for p in BENCH.glob("*.py"))


@pytest.mark.parametrize("name", MODULES)
def test_no_bench_module_shadows_an_importable_one(name: str) -> None:
    assert str(BENCH) not in sys.path
    found = importlib.util.find_spec(name)
    assert found is None, f"bench/{name}.py shadows {found.origin} when a benchmark runs; rename it"


# As `python bench/<name>.py` runs: bench/ first on sys.path, each module imported (its main does not run), then
# what the crawls a benchmark starts import (Scrapy, hence Twisted and its `incremental`).
IMPORT_ALL = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
for name in json.loads(sys.argv[2]):
    importlib.import_module(name)
import scrapy.crawler
"""


@pytest.mark.integration
def test_every_bench_module_imports_as_it_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, str(BENCH), json.dumps(MODULES)],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
