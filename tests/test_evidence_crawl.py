"""The evidence trail end to end: a simulated portal crawled three times with PORTALWATCH_EVIDENCE on, an article
fetched, edited, fetched again and taken down; its export holds both versions with SHA-256 digests that verify,
an unchanged re-check is a revisit, and the word diff of the two versions is exactly the added paragraph."""

from __future__ import annotations

import base64
import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import RunCli, serve_portal
from warcio.archiveiterator import ArchiveIterator

from crawler.evidence import Archive, Span, export, removed_on, word_diff
from crawler.evidence.diff import INSERT, render_html
from crawler.evidence.text import article_text, trail
from crawler.registry import load_registry
from crawler.simulator.site import SimSite
from crawler.store import open_store

# Subprocess crawls / a killed child process (the marker the fast loop leaves out).
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
ADDED = "Hội nghị đã thống nhất điều chỉnh chỉ tiêu thu ngân sách năm 2025 lên 112% dự toán."


@pytest.fixture
def tanhong() -> Iterator[SimSite]:
    """A 30-article sim-tanhong served in this process, so that the test can edit it between crawls."""
    with serve_portal("sim-tanhong", 30) as site:
        yield site


def crawl(run_cli: RunCli, site: SimSite, db: Path, evidence: Path) -> tuple[datetime, datetime]:
    """One deep crawl with evidence on (every run re-checks recent articles); the times it started and ended."""
    env = {
        "PORTALWATCH_DEEP_EVERY": "0",
        "PORTALWATCH_EVIDENCE": "1",
        "PORTALWATCH_EVIDENCE_DIR": str(evidence),
    }
    started = datetime.now(UTC).replace(microsecond=0)
    args = ["crawl", "sim-tanhong", f"--base-url=sim-tanhong={site.origin}", "--db", str(db)]
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return started, datetime.now(UTC)


def sha256_b32(data: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def test_edit_and_takedown_leave_a_verifiable_trail(tanhong: SimSite, run_cli: RunCli, tmp_path: Path) -> None:
    site, db, evidence = tanhong, tmp_path / "pw.sqlite3", tmp_path / "evidence"
    crawl(run_cli, site, db, evidence)
    edited, unchanged = site.articles[1], site.articles[3]
    site.revise(edits={edited.id: replace(edited, paragraphs=(*edited.paragraphs, ADDED))})
    crawl(run_cli, site, db, evidence)
    site.revise(removals={edited.id})
    third = crawl(run_cli, site, db, evidence)

    store = open_store(db)
    urls = {r["content_id"]: r["url"] for r in store.articles()}
    store.close()
    url, same_url = urls[str(edited.id)], urls[str(unchanged.id)]
    archive = Archive(evidence)

    # Three fetches of the edited article: two different pages, then the takedown.
    first, second, gone = archive.versions(url)
    assert [(v.status, v.revisit) for v in (first, second, gone)] == [(200, False), (200, False), (404, False)]
    assert first.digest != second.digest
    assert removed_on(url, evidence) == gone.timestamp
    assert third[0] <= gone.timestamp <= third[1]
    # The unchanged article re-checked on the second crawl is a revisit of the first fetch.
    same = archive.versions(same_url)
    assert [v.revisit for v in same[:2]] == [False, True]
    assert same[1].digest == same[0].digest and archive.original(same[1]) == same[0]
    assert archive.read(same[1]).body == archive.read(same[0]).body

    # The export of both pages stands alone: every digest verifies, recomputed here and by warcio.
    out = tmp_path / "trail.warc.gz"
    report = export([url, same_url], out, evidence)
    assert report.unresolved == ()
    # A list, not a dict keyed by (URI, WARC-Date): WARC/1.0 dates are whole seconds, and two crawls of a fast
    # machine can fetch one page twice within a second.
    responses: list[tuple[str, str, int, bytes]] = []
    revisits, requests = [], 0
    with out.open("rb") as fh:
        for record in ArchiveIterator(fh, check_digests=True):
            body = record.content_stream().read()
            assert record.digest_checker.problems == []
            headers = record.rec_headers
            if record.rec_type == "response":
                assert headers.get_header("WARC-Payload-Digest") == sha256_b32(body)
                status = int(record.http_headers.get_statuscode())
                date = headers.get_header("WARC-Date")
                responses.append((headers.get_header("WARC-Target-URI"), date, status, body))
            elif record.rec_type == "revisit":
                assert headers.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
                revisits.append(headers)
            elif record.rec_type == "request":
                requests += 1
    mine = sorted((d, s) for u, d, s, _ in responses if u == url)
    assert [s for _, s in mine] == [200, 200, 404]
    assert requests == len(responses) + len(revisits)
    for headers in revisits:  # each revisit's original is in the same file, with the same payload digest
        original = (headers.get_header("WARC-Refers-To-Target-URI"), headers.get_header("WARC-Refers-To-Date"))
        bodies = [b for u, d, _, b in responses if (u, d) == original]
        assert headers.get_header("WARC-Payload-Digest") in {sha256_b32(b) for b in bodies}, original
    assert len(revisits) >= 1

    # The word diff of the two versions, read by the portal's own parser, is the added paragraph and nothing else.
    portal = load_registry()["sim-tanhong"].with_base_url(site.origin)
    old, new = (article_text(archive.read(v), portal) for v in (first, second))
    changes = [s for s in word_diff(old, new) if s.op != "equal"]
    words = "Hội nghị đã thống nhất điều chỉnh chỉ tiêu thu ngân sách năm 2025 lên 112 % dự toán ."
    assert changes == [Span(INSERT, tuple(words.split()))]
    assert f"<br>\n<ins>{ADDED}</ins>" in render_html(old, new)
    # What the entry page gets in one call: the versions, the diff of the edit, the takedown date.
    shown = trail(archive, url, portal)
    assert [r.version for r in shown.revisions] == [first, second, gone]
    assert [r.diff_html for r in shown.revisions] == [None, render_html(old, new), None]
    assert shown.removed_on == gone.timestamp

    # The command a journalist runs: the article's id in the store, every version of it in one WARC file.
    [(article_id,)] = sqlite3.connect(db).execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchall()
    warc = tmp_path / "bai.warc.gz"
    args = ["evidence", str(article_id), "--out", str(warc), "--db", str(db)]
    result = run_cli(*args, env={"PORTALWATCH_EVIDENCE_DIR": str(evidence)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"3 versions (3 records) written to {warc}"
    statuses = []
    with warc.open("rb") as fh:
        for record in ArchiveIterator(fh, check_digests=True):
            if record.rec_type == "response":
                statuses.append(int(record.http_headers.get_statuscode()))
    assert statuses == [200, 200, 404]
    missing = run_cli("evidence", "999999", "--db", str(db), env={"PORTALWATCH_EVIDENCE_DIR": str(evidence)})
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith(
        "no article 999999 in the store; `portalwatch articles --json` shows the ids."
    )
