"""Revisions end to end: an article edited on the portal between two crawls, one taken down, one unchanged crawl."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from support import RunCli, serve_portal

from crawler.cli import main
from crawler.simulator.site import SimSite
from crawler.store import open_store
from crawler.store.sqlite import SQLiteStore

EDITED_PARAGRAPH = "Hội nghị đã thống nhất điều chỉnh chỉ tiêu thu ngân sách năm 2025 lên 112% dự toán."


@pytest.fixture
def tanhong() -> Iterator[tuple[SimSite, str]]:
    """A 30-article sim-tanhong served in this process, so that the test can edit it between crawls."""
    with serve_portal("sim-tanhong", 30) as site:
        yield site, site.origin


def crawl(run_cli: RunCli, base: str, db: Path) -> None:
    # Every run deep: re-checks of recent articles are what see an edit or a takedown (daily by default).
    deep = {"PORTALWATCH_DEEP_EVERY": "0"}
    result = run_cli("crawl", "sim-tanhong", f"--base-url=sim-tanhong={base}", "--db", str(db), env=deep)
    assert result.returncode == 0, result.stderr[-2000:]


def alerts_of(store: SQLiteStore, kind: str) -> list[tuple[int, str]]:
    return [
        (r[0], r[1])
        for r in store.conn.execute("SELECT article_id, dedupe FROM alerts WHERE kind = ? ORDER BY id", (kind,))
    ]


@pytest.mark.integration
def test_edit_and_removal_between_two_crawls(
    tanhong: tuple[SimSite, str], tmp_path: Path, run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    site, base = tanhong
    db = tmp_path / "pw.sqlite3"
    crawl(run_cli, base, db)
    edited, removed = site.articles[1], site.articles[2]
    site.revise(
        edits={edited.id: replace(edited, paragraphs=(*edited.paragraphs, EDITED_PARAGRAPH))}, removals={removed.id}
    )
    crawl(run_cli, base, db)

    store = open_store(db)
    assert isinstance(store, SQLiteStore)
    by_content = {r["content_id"]: r for r in store.articles()}
    row, gone = by_content[str(edited.id)], by_content[str(removed.id)]
    assert row["body"][-1] == EDITED_PARAGRAPH
    assert row["revisions"] == 2
    [revision] = store.revisions(row["id"])
    assert revision["old_hash"] != revision["new_hash"] == row["content_hash"]
    assert revision["summary"] == f"+ {EDITED_PARAGRAPH[:80]}…"
    assert revision["old"]["body"] == json.dumps(list(edited.paragraphs[1:]), ensure_ascii=False)
    assert alerts_of(store, "article_edited") == [(row["id"], f"edited:{row['id']}:{revision['id']}")]
    assert alerts_of(store, "article_removed") == [(gone["id"], f"removed:{gone['id']}")]
    [run] = store.runs(limit=1)
    # Re-checked: the 20 most recent stored articles, one edited and one gone (the rest is not fetched again).
    assert (run.new, run.updated, run.unchanged) == (0, 1, 18)
    before = store.counts()

    crawl(run_cli, base, db)  # nothing changed on the portal since
    assert store.counts() == {**before, "runs": before["runs"] + 1}
    assert len(store.revisions(row["id"])) == 1
    [run] = store.runs(limit=1)
    assert (run.new, run.updated, run.unchanged) == (0, 0, 20)
    assert main(["export", "--format", "jsonl", "--db", str(db)]) == 0
    exported = {r["content_id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert exported[str(edited.id)]["revisions"] == 2
    assert exported[str(edited.id)]["cluster_id"] == row["id"]
