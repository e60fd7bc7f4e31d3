"""Crawl a real WordPress (Debian's package, MariaDB, PHP's built-in server): REST mode, then HTML-only mode.

Both crawls run the CLI in a subprocess, as a user would, and must store every created post with its exact
title, category, author and publication datetime. Saved pages of the real block theme (Twenty Twenty-Three)
are checked without a server at the end.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from realwp import RealWordPress
from support import RunCli

from crawler.fixtures import FIXTURES, response_for, run_case
from crawler.registry import Portal, load_registry
from crawler.store import open_store

BLOCK_THEME = FIXTURES / "wordpress" / "realwp-blocktheme"
# Where the saved block-theme pages were served (tests/realwp.py, port rewritten for a stable fixture).
SAVED_ORIGIN = "http://127.0.0.1:8790"
_REQUEST = re.compile(r"^(\d{3}) GET (\S+)$", re.M)


def served(realwp: RealWordPress, since: int) -> list[tuple[int, str]]:
    """(status, URI) of every GET WordPress answered after byte ``since`` of the access log."""
    log = realwp.access_log.read_bytes()[since:].decode("utf-8", "replace")
    return [(int(status), path) for status, path in _REQUEST.findall(log) if path != "/robots.txt"]


def log_size(realwp: RealWordPress) -> int:
    return realwp.access_log.stat().st_size if realwp.access_log.exists() else 0


def crawl(run_cli: RunCli, realwp: RealWordPress, db: Path) -> subprocess.CompletedProcess[str]:
    result = run_cli("crawl", "--url", realwp.origin + "/", "--cms", "wordpress", "--slug", "realwp", "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def assert_every_post_stored(realwp: RealWordPress, db: Path) -> None:
    """Every created post, and nothing else, with exact title, category, byline, published and content id."""
    rows = {r["url"]: r for r in open_store(db).articles()}
    assert sorted(rows) == sorted(p.link for p in realwp.posts), "every post, and only the posts, must be stored"
    for post in realwp.posts:
        row = rows[post.link]
        got = (row["title"], row["category"], row["byline"], row["published"], row["content_id"])
        assert got == (post.title, post.category, post.author, post.published.isoformat(), str(post.id)), post.key
        assert row["published"].endswith("+07:00")
        assert [row["lead"], *row["body"]] == list(post.paragraphs), post.key
    first = rows[realwp.posts[0].link]
    assert [(i["src"], i["caption"]) for i in first["images"]] == [
        (f"{realwp.uploads}/hoi-nghi.jpg", "Quang cảnh hội nghị tại xã Thanh Hóa")
    ]
    assert [(a["url"], a["title"], a["kind"]) for a in first["attachments"]] == [
        (f"{realwp.uploads}/nghi-quyet.pdf", "Toàn văn Nghị quyết Hội nghị", "pdf")
    ]
    meetings = {r["title"] for r in open_store(db).articles() if r["is_meeting_report"]}
    assert "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 3" in meetings


@pytest.mark.integration
def test_the_site_is_debians_wordpress_with_the_block_theme(realwp: RealWordPress, run_cli: RunCli) -> None:
    assert realwp.theme == "twentytwentythree"
    assert len(realwp.posts) >= 30
    assert len({p.category for p in realwp.posts}) >= 4 and len({p.author for p in realwp.posts}) >= 3
    assert {p.published.year for p in realwp.posts} == {2022, 2023, 2024, 2025}
    detected = run_cli("portals", "detect", realwp.origin + "/")
    assert detected.returncode == 0, detected.stderr
    assert 'cms = "wordpress"' in detected.stdout


@pytest.mark.integration
def test_rest_mode_reads_every_post_from_the_api(realwp: RealWordPress, run_cli: RunCli, tmp_path: Path) -> None:
    since = log_size(realwp)
    crawl(run_cli, realwp, tmp_path / "rest.sqlite3")
    requests = served(realwp, since)
    assert [path for _, path in requests] == ["/wp-json/wp/v2/posts?per_page=100&_embed=1&orderby=date&order=desc"]
    assert requests[0][0] == 200
    [run] = open_store(tmp_path / "rest.sqlite3").runs("realwp")
    assert (run.pages, run.new, run.errors) == (1, len(realwp.posts), 0), "one API request, no article page"
    assert_every_post_stored(realwp, tmp_path / "rest.sqlite3")


@pytest.mark.integration
def test_html_only_mode_falls_back_to_the_block_theme_pages(
    realwp: RealWordPress, run_cli: RunCli, tmp_path: Path
) -> None:
    since = log_size(realwp)
    with realwp.html_only():
        result = crawl(run_cli, realwp, tmp_path / "html.sqlite3")
    requests = served(realwp, since)
    assert requests[0] == (401, "/wp-json/wp/v2/posts?per_page=100&_embed=1&orderby=date&order=desc")
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr[-3000:]
    articles = {path for status, path in requests if status == 200 and re.match(r"^/\d{4}/\d\d/\d\d/[^/]+/$", path)}
    assert articles == {p.link.removeprefix(realwp.origin) for p in realwp.posts}, "every post page fetched once"
    listings = [path for _, path in requests if path == "/" or path.startswith("/page/")]
    assert listings == ["/", "/page/2/", "/page/3/", "/page/4/"], "the query loop's next links, followed to the end"
    [run] = open_store(tmp_path / "html.sqlite3").runs("realwp")
    assert (run.pages, run.new, run.errors) == (len(listings) + len(realwp.posts), len(realwp.posts), 0)
    assert_every_post_stored(realwp, tmp_path / "html.sqlite3")


@pytest.mark.integration
def test_html_only_mode_really_closes_rest_and_feeds(realwp: RealWordPress) -> None:
    import urllib.error
    import urllib.request

    with realwp.html_only():
        for path, status in (("/wp-json/wp/v2/posts", 401), ("/?rest_route=/wp/v2/posts", 401), ("/feed/", 404)):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(realwp.origin + path, timeout=10)
            assert err.value.code == status, path
    with urllib.request.urlopen(realwp.origin + "/feed/", timeout=10) as answer:
        assert answer.status == 200


# Saved pages of the block theme, no server --------------------------------------------------------


def blocktheme_portal() -> Portal:
    return replace(
        load_registry()["sim-tuyenhoa"],
        slug="realwp-blocktheme",
        base_url=SAVED_ORIGIN,
        name="WordPress 6.1 (Debian), Twenty Twenty-Three",
    )


@pytest.mark.parametrize("case", sorted(BLOCK_THEME.glob("*.json")), ids=lambda p: p.stem)
def test_block_theme_saved_page(case: Path) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    got = run_case(blocktheme_portal(), spec["url"], case.with_suffix(".html").read_bytes(), spec["type"])
    expected = spec["expected"]
    for key in sorted(set(expected) | set(got)):
        assert got.get(key) == expected.get(key), (
            f"{case.name}: field '{key}' differs: expected {expected.get(key)!r}, got {got.get(key)!r}"
        )


def test_block_theme_pages_are_the_ones_expected() -> None:
    """The saved single post reads as its author wrote it; the listing's next link continues the crawl."""
    cases = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in BLOCK_THEME.glob("*.json")}
    article = cases["single-post"]["expected"]
    assert article["title"] == "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 3"
    assert (article["category"], article["byline"]) == ("Xây dựng Đảng", "Ban Tuyên giáo Huyện ủy")
    assert article["published"] == "2022-01-01T07:00:00+07:00" and article["modified"] is None
    assert [i["caption"] for i in article["images"]] == ["Quang cảnh hội nghị tại xã Thanh Hóa"]
    assert [a["kind"] for a in article["attachments"]] == ["pdf"]
    listing = cases["home-page-2"]["expected"]
    assert len(listing["articles"]) == 10 and listing["pages"] == [SAVED_ORIGIN + "/page/3/"]
    html = (BLOCK_THEME / "home-page-2.html").read_bytes()
    with pytest.raises(Exception, match="not a single post"):
        run_case(blocktheme_portal(), SAVED_ORIGIN + "/page/2/", html, "article")
    assert response_for(SAVED_ORIGIN + "/page/2/", html).css(".wp-block-query-pagination-next")
