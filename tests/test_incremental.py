"""Incremental runs on every portal family: an unchanged portal costs robots.txt and a 304; three new articles
(one a meeting report) cost their feed and their three pages, store 3 and raise 1 alert (from the run history)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from support import RunCli

from crawler.meetings import analyze
from crawler.simulator.server import Simulator, start
from crawler.simulator.site import SimSite
from crawler.simulator.sites import SPECS
from crawler.store import ArticleQuery, open_store

pytestmark = pytest.mark.integration  # each crawl is a child process
# portal -> requests of an unchanged run. SharePoint's feeds are under /_layouts/, which its robots.txt
# disallows: its runs read the sitemap index (robots.txt twice: the middleware's and discovery's; the index,
# whose text need not change when its sitemap does), whose <lastmod> says the sitemap did not change.
# sim-tuyenhoa asks WordPress's REST API for posts modified since the last run (200 and [], REST sends no
# validators) and gets new posts whole; sim-bench is WordPress with REST disabled, so its runs read its feed.
# sim-tuyphong's runs also read its laws module's RSS, found from the laws pages the first run stored (a 200 the first
# time, whose validators make it a 304 after).
UNCHANGED = {
    "sim-tanhong": 2,
    "sim-tuyenhoa": 2,
    "sim-tuyphong": 3,
    "sim-tranvanthoi": 2,
    "sim-longho": 2,
    "sim-bench": 2,
    "sim-chiemhoa": 3,
}
WHOLE = {"sim-tuyenhoa"}  # sources that deliver new articles whole: no article page is fetched
NO_304 = {"sim-tuyenhoa", "sim-chiemhoa"}


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with start(0, [replace(SPECS[slug], count=30) for slug in UNCHANGED]) as running:
        yield running


def crawl(run_cli: RunCli, site: SimSite, slug: str, db: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """One ``portalwatch crawl``; the run it recorded, as ``portalwatch runs --json`` prints it."""
    site.reset_requests()
    done = run_cli("crawl", slug, f"--base-url={site.origin}", "--db", str(db), env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    store = open_store(db)
    try:
        [run] = store.runs(limit=1)
    finally:
        store.close()
    assert len(site.requests) == run.requests  # the run history counts what the portal answered
    return run.as_json()


@pytest.mark.parametrize("slug", list(UNCHANGED))
def test_unchanged_then_three_new_articles(sim: Simulator, slug: str, tmp_path: Path, run_cli: RunCli) -> None:
    site, db = sim.sites[slug], tmp_path / "pw.sqlite3"
    first = crawl(run_cli, site, slug, db)
    assert (first["mode"], first["new"], first["status"]) == ("walk", 30, "ok")

    unchanged = crawl(run_cli, site, slug, db)
    assert (unchanged["mode"], unchanged["new"], unchanged["alerts"]) == ("incremental", 0, 0)
    assert unchanged["requests"] == UNCHANGED[slug], site.requests
    assert unchanged["not_modified"] == [h.status for h in site.requests].count(304) == (slug not in NO_304)
    if slug == "sim-tuyphong":
        assert [(h.target, h.status) for h in site.requests if "/laws/" in h.target] == [("/laws/rss/", 200)]
    sources = [urlsplit(h.target).path for h in site.requests]

    published = site.publish(3, meetings=1)
    second = crawl(run_cli, site, slug, db)
    # A new_article alert for each new article, a meeting alert for the meeting report, and an upcoming_meeting
    # alert for each announcement of a session to come among the new articles (checked below).
    upcoming = [a for a in open_store(db).alerts(limit=10) if a["kind"] == "upcoming_meeting"]
    assert (second["new"], second["alerts"], second["updated"], second["status"]) == (3, 4 + len(upcoming), 0, "ok")
    for alert in upcoming:
        [article] = [a for a in published if a.title == alert["title"]]
        found = analyze(article.title, "\n".join(article.paragraphs))
        assert found is not None and found.status == "announced", f"{article.title} is no announcement"
    # The same sources as the unchanged run (now 200), and the three new articles' pages and attachments: nothing else.
    pages = 0 if slug in WHOLE else 3
    files = sum(len(a.attachments) for a in published)  # read by pipelines/attachments.py
    changed = 1 if slug == "sim-chiemhoa" else 0  # the sitemap the index now dates after the last run
    assert second["requests"] == UNCHANGED[slug] + changed + pages + files, site.requests
    assert sorted(p for h in site.requests if (p := urlsplit(h.target).path) in sources) == sorted(sources)
    assert len([h for h in site.requests if urlsplit(h.target).path not in sources and h.status == 200]) == (
        pages + changed + files
    )

    store = open_store(db)
    newest = list(store.articles(ArticleQuery(portal=slug, limit=3)))
    assert [r["title"] for r in newest] == [a.title for a in published]
    assert [r["published"] for r in newest] == [a.published.isoformat() for a in published]
    [meeting] = [r for r in newest if r["is_meeting_report"]]
    alerts = store.alerts(limit=4 + len(upcoming))
    assert [a["title"] for a in alerts if a["kind"] == "meeting"] == [meeting["title"]]
    assert sorted(a["title"] for a in alerts if a["kind"] == "new_article") == sorted(a.title for a in published)
    assert store.counts()["articles"] == 33


def test_deep_run_walks_listings_until_known_links(tmp_path: Path, run_cli: RunCli) -> None:
    """A deep run reads the feed and the listings too, and stops paging after PORTALWATCH_KNOWN_STOP (10)
    consecutive known links: 3 new articles on top of 240 cost listing pages 1 and 2, not all 25."""
    with start(0, [replace(SPECS["sim-tanhong"], count=240)]) as running:
        site, db = running.sites["sim-tanhong"], tmp_path / "pw.sqlite3"
        assert crawl(run_cli, site, "sim-tanhong", db)["new"] == 240
        listing_pages = len([h for h in site.requests if "/tin-tuc" in h.target and "getRSS" not in h.target])
        assert listing_pages == 25  # the first run walks them all
        site.publish(3)
        deep = crawl(run_cli, site, "sim-tanhong", db, env={"PORTALWATCH_DEEP_EVERY": "0"})
    assert (deep["mode"], deep["new"], deep["status"]) == ("incremental", 3, "ok")
    # Page 1 holds the 3 new and 7 known links, page 2 ten known ones: paging stops there (page 1 alone when the
    # feed, read at the same time, had the new ones stored before page 1 was parsed).
    listing = [h.target for h in site.requests if "/tin-tuc" in h.target and "getRSS" not in h.target]
    assert 1 <= len(listing) <= 2, listing
    articles = {h.target.split("?")[0] for h in site.requests if "/content/id/" in h.target}
    assert len(articles) == 3 + 20  # the new articles and the 20 most recent stored ones, re-checked for edits
