"""Crawls of the hostile server (tests/hostile): every attack stopped, counted and bounded, the pages around it kept.

Each crawl runs in a child process as a user would run it; its peak RSS (``ru_maxrss``) must stay under 400 MB and
its wall time under a generous deadline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile.harness import Crawl, crawl, registry, run
from hostile.server import HOSTILE, ORDINARY, HostileServer

from crawler.store import ArticleQuery, open_store

PEAK_MB = 400
DEADLINE = 180.0
pytestmark = pytest.mark.integration  # every test crawls in a child process


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with HostileServer() as running:
        yield running


def bounded(result: Crawl) -> None:
    """The bounds every attack is held to, and no traceback for the user."""
    assert not result.timed_out, f"the crawl did not end within {DEADLINE:.0f} s"
    assert result.peak_mb <= PEAK_MB, f"peak RSS {result.peak_mb:.0f} MB > {PEAK_MB} MB"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]


def stored_urls(db: Path, slug: str) -> list[str]:
    return [r["url"] for r in open_store(db).articles(ArticleQuery(portal=slug))]


def failure_reasons(stderr: str) -> dict[str, str]:
    """``download failed for <url>: <reason>`` lines, by URL path."""
    found = re.findall(r"download failed for http://127\.0\.0\.1:\d+(\S+): (.*)", stderr)
    return {path: reason for path, reason in found}


def test_page_attacks_are_stopped_counted_and_the_crawl_stays_bounded(server: HostileServer, tmp_path: Path) -> None:
    reg = registry(tmp_path / "portals.toml", "hostile-all", server.origin, ["/all/"])
    result = crawl("hostile-all", reg, tmp_path, deadline=DEADLINE)
    bounded(result)
    assert result.returncode == 1, "a run that lost pages exits non-zero"
    [run_row] = open_store(result.db).runs("hostile-all")
    assert (run_row.status, run_row.errors, run_row.new) == ("partial", 7, len(ORDINARY) + 1)
    urls = stored_urls(result.db, "hostile-all")
    ordinary = [f"{server.origin}/all/bai-viet-{n}.html" for n in ORDINARY]
    assert sorted(urls) == sorted([*ordinary, f"{server.origin}/title/bai-viet-{HOSTILE}.html"]), (
        "the ordinary articles and the 1 MB title are stored; nothing from another origin"
    )
    [title] = [r["title"] for r in open_store(result.db).articles() if "/title/" in r["url"]]
    assert len(title) > 990_000, "a long title is stored whole: only what detection reads is cut"
    reasons = failure_reasons(result.stderr)
    expected = {
        "gzip": "sent more than 8,388,608 bytes",  # 10 MB on the wire: cut while it arrives
        "gzip1": "exceeded DOWNLOAD_MAXSIZE (8388608 B) during decompression",  # 1 MB on the wire, 1 GiB inflated
        "brotli": "exceeded DOWNLOAD_MAXSIZE (8388608 B) during decompression",
        "big": "announced a body larger than 8,388,608 bytes",
        "endless": "sent more than 8,388,608 bytes",
        "loop": "redirect loop:",
        "otherport": f"redirects to {server.other}/otherport/bai-viet-99.html, which is not on the portal's site",
    }
    for attack, words in expected.items():
        path = f"/{attack}/bai-viet-{HOSTILE}.html" if attack != "loop" else "/loop/hop"
        assert words in reasons.get(path, ""), f"{attack}: {reasons.get(path)!r}"
    other_port = server.servers[1].server_address[1]
    assert not [h for h in server.hits if h.port == other_port], "a redirect to another port is never followed"


def test_a_200_mb_sitemap_is_cut_at_50000_urls_and_articles_start_within_seconds(
    server: HostileServer, tmp_path: Path
) -> None:
    starts = ["/hugemap/sitemap.xml", "/hugemap/"]
    reg = registry(tmp_path / "portals.toml", "hostile-hugemap", server.origin, starts, page_budget=300)
    before = len(server.hits)
    result = crawl("hostile-hugemap", reg, tmp_path, deadline=DEADLINE)
    bounded(result)
    hits = server.hits[before:]
    sitemap_at = next(h.at for h in hits if h.path == "/hugemap/sitemap.xml")
    articles = [h for h in hits if h.path.startswith("/hugemap/bai-viet-")]
    assert articles and articles[0].at - sitemap_at < 15, "article requests start seconds after the sitemap"
    assert len(articles) <= 300, "the page budget bounds what is queued, not only what is answered"
    store = open_store(result.db)
    [run_row] = store.runs("hostile-hugemap")
    assert run_row.deferred > 40_000, "the links over the budget are counted as left for the next run"
    assert store.portal_state("hostile-hugemap").complete_at is None, "a truncated run is never complete"
    assert "lists more than 50000 URLs" in result.stderr


@pytest.mark.parametrize("attack", ["xxe", "selfref"])
def test_xxe_and_self_referencing_sitemaps_fall_back_to_the_listings(
    attack: str, server: HostileServer, tmp_path: Path
) -> None:
    slug = f"hostile-{attack}"
    reg = registry(tmp_path / "portals.toml", slug, server.origin, [f"/{attack}/sitemap.xml", f"/{attack}/"])
    result = crawl(slug, reg, tmp_path, deadline=DEADLINE)
    bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(stored_urls(result.db, slug)) == [f"{server.origin}/{attack}/bai-viet-{n}.html" for n in ORDINARY]
    assert f"sitemap {server.origin}/{attack}/sitemap.xml is of no use" in result.stderr
    assert server.secret.encode() not in result.db.read_bytes(), "no external entity was read into the store"


def test_a_pagination_trap_stops_and_the_run_stays_complete(server: HostileServer, tmp_path: Path) -> None:
    reg = registry(tmp_path / "portals.toml", "hostile-trap", server.origin, ["/trap/"], page_budget=300)
    before = len(server.hits)
    result = crawl("hostile-trap", reg, tmp_path, deadline=DEADLINE)
    bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    pages = [h for h in server.hits[before:] if h.path.startswith("/trap/?page=")]
    assert len(pages) == 15, "15 pages in a row without a new article link end the chain"
    assert "offered no new article link; stopped paging there" in result.stderr
    store = open_store(result.db)
    [run_row] = store.runs("hostile-trap")
    assert (run_row.status, run_row.new, run_row.errors) == ("ok", len(ORDINARY), 0)
    assert store.portal_state("hostile-trap").complete_at is not None, "a stopped trap is no reason to walk again"


def test_rest_links_off_the_site_are_neither_fetched_nor_stored_nor_fed(server: HostileServer, tmp_path: Path) -> None:
    reg = registry(tmp_path / "portals.toml", "hostile-rest", server.origin, ["/rest/"], cms="wordpress")
    before = len(server.hits)
    result = crawl("hostile-rest", reg, tmp_path, deadline=DEADLINE)
    bounded(result)
    assert stored_urls(result.db, "hostile-rest") == [f"{server.origin}/rest/bai-viet-11.html"]
    assert "4 links not on the portal's site skipped" in result.stderr
    other_port = server.servers[1].server_address[1]
    assert not [h for h in server.hits[before:] if h.port == other_port or "/rest/bai-viet-1" in h.path]
    for fmt in ("atom", "json"):
        out = tmp_path / f"feed.{fmt}"
        fed = run(["feed", "--format", fmt, "--out", str(out), f"--db={result.db}", "--registry", str(reg)], tmp_path)
        assert fed.returncode == 0, fed.stderr[-2000:]
        text = out.read_text(encoding="utf-8")
        assert f"{server.origin}/rest/bai-viet-11.html" in text
        for unsafe in ("javascript:", "data:text", "evil.example", server.other):
            assert unsafe not in text, f"{fmt} feed carries {unsafe}"


def test_a_sitemap_older_than_the_listing_has_the_listing_walked(server: HostileServer, tmp_path: Path) -> None:
    reg = registry(tmp_path / "portals.toml", "hostile-stale", server.origin, ["/stale/sitemap.xml", "/stale/"])
    result = crawl("hostile-stale", reg, tmp_path, deadline=DEADLINE)
    bounded(result)
    assert result.returncode == 0, result.stderr[-2000:]
    stored = sorted(stored_urls(result.db, "hostile-stale"))
    assert stored == [f"{server.origin}/stale/bai-viet-{n}.html" for n in (11, 12, 13, 14, 15)], (
        "the probe's article no sitemap lists (13) makes the run walk on to page 2 when it is otherwise done"
    )
    assert "the sitemap is older than the listings" in result.stderr
