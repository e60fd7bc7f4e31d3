"""End to end: crawl the simulator over real HTTP into a SQLite file, as a user would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from support import ROOT, RunCli

from crawler.cli import main
from crawler.registry import load_registry
from crawler.simulator.server import Simulator, build_site
from crawler.simulator.sites import SPECS
from crawler.simulator.walk import walk
from crawler.store import ArticleQuery, open_store

# Every simulated portal but the 2,400-article benchmark one; every healthy one must be read in full.
CRAWLED = tuple(slug for slug in SPECS if slug != "sim-bench")
HEALTHY = tuple(slug for slug in CRAWLED if not SPECS[slug].faults)
Crawled = tuple[Path, subprocess.CompletedProcess[str]]
TUYENHOA_SEED = "Triển khai nhiệm vụ xây dựng cơ sở vững mạnh toàn diện, cụm an toàn làm chủ 6 tháng cuối năm 2020"
BOILERPLATE = (
    "Xuất bản thông tin",
    "Chi tiết bài viết",
    "Leave a Reply",
    "Akismet",
    "Your email address will not be published",
)


@pytest.fixture(scope="module")
def crawled(simulator: Simulator, run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    db = tmp_path_factory.mktemp("crawl") / "pw.sqlite3"
    bases = [f"--base-url={slug}={simulator.urls[slug]}" for slug in CRAWLED]
    result = run_cli("crawl", *CRAWLED, *bases, "--db", str(db))
    return db, result


@pytest.mark.integration
def test_every_simulated_article_is_stored_with_its_truth(crawled: Crawled) -> None:
    db, _result = crawled
    store = open_store(db)
    counts = {r.portal: (r.status, r.new, r.errors) for r in store.runs()}
    for slug in HEALTHY:
        truth = {a.title + "|" + a.published.isoformat() for a in build_site(SPECS[slug]).articles}
        stored = {r["title"] + "|" + r["published"] for r in store.articles(ArticleQuery(portal=slug))}
        assert stored == truth, f"{slug}: {len(truth - stored)} missing, {len(stored - truth)} unexpected"
        assert counts[slug] == ("ok", SPECS[slug].count, 0)


@pytest.mark.integration
def test_seed_articles_are_flagged_meeting_reports(crawled: Crawled) -> None:
    store = open_store(crawled[0])
    meetings = {r["title"]: r for r in store.articles(ArticleQuery(meetings_only=True))}
    tanhong = meetings["Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"]
    assert tanhong["published"] == "2022-07-11T16:20:00+07:00"
    assert tanhong["content_id"] == "11790550"
    assert tanhong["byline"] == "BT: Kim Lệ + Ảnh: Chí Dũng"
    assert (tanhong["meeting"]["kind"], tanhong["meeting"]["ordinal"], tanhong["meeting"]["date"]) == (
        "party_committee_conference",
        9,
        "2022-07-11",
    )
    tuyenhoa = meetings[TUYENHOA_SEED]
    assert tuyenhoa["published"] == "2020-07-04T08:42:00+07:00"
    assert tuyenhoa["byline"] == "Văn Tư – Thanh Đạm"
    assert (tuyenhoa["meeting"]["kind"], tuyenhoa["meeting"]["date"]) == ("review_conference", "2020-07-03")


@pytest.mark.integration
def test_no_stored_text_carries_page_furniture(crawled: Crawled) -> None:
    store = open_store(crawled[0])
    rows = list(store.articles())
    assert len(rows) > sum(SPECS[s].count for s in HEALTHY)
    for row in rows:
        text = "\n".join([row["title"], row["lead"] or "", *row["body"]])
        found = [b for b in BOILERPLATE if b in text]
        assert not found, f"{row['url']}: body contains {found}"
        assert not (row["lead"] or "").startswith("null")


@pytest.mark.integration
def test_broken_portal_counts_its_failures_and_others_complete(
    crawled: Crawled,
) -> None:
    db, result = crawled
    assert result.returncode == 0, result.stderr[-2000:]
    site = build_site(SPECS["sim-broken"])
    portal = load_registry()["sim-broken"]
    walked = walk(portal, site)
    urls, failed_listings = list(walked.articles), walked.failed_listings
    statuses = {u: site.handle(u.removeprefix(portal.base_url)) for u in urls}
    down = sum(1 for r in statuses.values() if r.status == 500)
    malformed = sum(1 for r in statuses.values() if r.status == 200 and b"<h1" not in r.body)
    assert failed_listings == 1 and down > 0 and malformed > 0
    store = open_store(db)
    [run] = store.runs("sim-broken")
    assert run.status == "partial"
    assert run.errors == failed_listings + down + malformed
    assert run.new == len(urls) - down - malformed
    assert store.counts()["articles"] == sum(SPECS[s].count for s in HEALTHY) + run.new
    warnings = [line for line in result.stderr.splitlines() if "WARNING: portal sim-broken: " in line]
    assert sum("download failed for" in w for w in warnings) == failed_listings + down
    assert sum("not a single post page" in w for w in warnings) == malformed
    # Each failed page once, with its status; Scrapy's own lines about it (retries given up, refused statuses) are
    # below the log level.
    for url, response in statuses.items():
        if response.status == 500:  # crawled from the simulator's port, not the registry's
            path = url.removeprefix(portal.base_url)
            [line] = [line for line in result.stderr.splitlines() if f"{path}: " in line]
            assert re.search(rf"WARNING: portal sim-broken: download failed for \S+{re.escape(path)}: HTTP 500$", line)
    assert "Gave up retrying" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.integration
def test_second_crawl_stores_and_alerts_nothing_new(simulator: Simulator, crawled: Crawled, run_cli: RunCli) -> None:
    db, _ = crawled
    before = open_store(db).counts()
    assert before["alerts"] > 0
    again = run_cli(
        "crawl",
        "sim-tuyenhoa",
        "sim-tanhong",
        f"--base-url=sim-tuyenhoa={simulator.urls['sim-tuyenhoa']}",
        f"--base-url=sim-tanhong={simulator.urls['sim-tanhong']}",
        "--db",
        str(db),
    )
    assert again.returncode == 0, again.stderr[-2000:]
    after = open_store(db).counts()
    assert (after["articles"], after["alerts"]) == (before["articles"], before["alerts"])
    latest = {r.portal: r for r in open_store(db).runs(limit=2)}
    # Incremental: robots.txt, then the feed each portal's pages advertise answers 304; nothing else is read.
    assert {(r.portal, r.mode, r.requests, r.not_modified, r.new) for r in latest.values()} == {
        ("sim-tanhong", "incremental", 2, 1, 0),
        ("sim-tuyenhoa", "incremental", 2, 0, 0),
    }  # REST: no 304
    full = run_cli(
        "crawl", "sim-tanhong", f"--base-url=sim-tanhong={simulator.urls['sim-tanhong']}", "--full", "--db", str(db)
    )
    assert full.returncode == 0, full.stderr[-2000:]
    [run] = open_store(db).runs(limit=1)
    assert (run.mode, run.new, run.unchanged) == ("full", 0, 240)  # every page read again, nothing new
    assert open_store(db).counts()["alerts"] == before["alerts"]


@pytest.mark.integration
def test_export_has_every_documented_field(crawled: Crawled, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "jsonl", "--meetings", "--portal", "sim-tanhong", "--db", str(crawled[0])]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    seed = next(r for r in rows if r["content_id"] == "11790550")
    assert list(seed) == [
        "portal",
        "province",
        "district",
        "url",
        "canonical_url",
        "content_id",
        "title",
        "published",
        "modified",
        "byline",
        "category",
        "lead",
        "body",
        "images",
        "attachments",
        "is_meeting_report",
        "meeting",
        "cluster_id",
        "revisions",
    ]
    assert seed["is_meeting_report"] is True
    assert seed["lead"].startswith("Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng")
    assert seed["body"][-1].endswith("thực hiện tốt công tác phòng, chống dịch CoVid - 19 trong điều kiện mới./.")


@pytest.mark.integration
def test_feed_lists_meeting_alerts(crawled: Crawled, tmp_path: Path) -> None:
    feed = ["feed", "--kind", "meeting", "--province", "Đồng Tháp", "--out", str(tmp_path / "feed.atom"), "-n", "500"]
    assert main([*feed, "--db", str(crawled[0])]) == 0
    parsed = feedparser.parse(str(tmp_path / "feed.atom"))
    assert not parsed.bozo, parsed.bozo_exception
    titles = {e.title for e in parsed.entries}
    assert "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng" in titles
    store = open_store(crawled[0])
    in_province = [a for p in ("sim-tanhong", "sim-dongthap") for a in store.alerts(limit=1000, portal=p)]
    assert len(parsed.entries) == len([a for a in in_province if a["kind"] == "meeting"])


@pytest.mark.integration
def test_scrapy_list_and_crawl_with_base_url(simulator: Simulator, tmp_path: Path) -> None:
    scrapy = [sys.executable, "-m", "scrapy"]
    listed = subprocess.run([*scrapy, "list"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert listed.stdout.split() == sorted(load_registry())
    db = tmp_path / "scrapy.sqlite3"
    run = subprocess.run(
        [
            *scrapy,
            "crawl",
            "sim-tanhong",
            "-a",
            f"base_url={simulator.urls['sim-tanhong']}",
            "-s",
            f"PORTALWATCH_DB={db}",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert open_store(db).counts()["articles"] == 240


@pytest.mark.integration
def test_crawl_a_site_outside_the_registry(simulator: Simulator, tmp_path: Path, run_cli: RunCli) -> None:
    db = tmp_path / "adhoc.sqlite3"
    run = run_cli(
        "crawl",
        "--url",
        simulator.urls["sim-tanhong"] + "/web/hth/tin-tuc",
        "--cms",
        "liferay",
        "--slug",
        "tanhong-adhoc",
        "--db",
        str(db),
    )
    assert run.returncode == 0, run.stderr[-2000:]
    # robots.txt (no Sitemap line; /sitemap.xml answers 404, so the listings), 25 listing pages, the feed the
    # listing advertises (read once, for the next run's conditional GET), 240 articles; no 304
    assert run.stdout.splitlines()[2].split()[:5] == ["tanhong-adhoc", "267", "0", "240", "240"]
    store = open_store(db)
    assert {r["portal"] for r in store.articles()} == {"tanhong-adhoc"}
    assert store.counts()["articles"] == 240


@pytest.mark.integration
def test_detect_and_crawl_an_unseen_site_with_cms_auto(
    simulator: Simulator, tmp_path: Path, run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    start = simulator.urls["sim-tanhong"] + "/web/hth/tin-tuc"
    assert main(["portals", "detect", start]) == 0
    detected = capsys.readouterr().out
    assert 'cms = "liferay"' in detected and f'seen_at = "{start}"' in detected
    assert 'name = "Huyện ủy Tân Hồng"' in detected and 'province = "Đồng Tháp"' in detected
    run = run_cli("crawl", "--url", start, "--cms", "auto", "--slug", "unseen", "--db", str(tmp_path / "a.sqlite3"))
    assert run.returncode == 0, run.stderr[-2000:]
    assert "detected liferay" in run.stderr
    assert open_store(tmp_path / "a.sqlite3").counts()["articles"] == 240


def test_fixtures_record_saves_page_and_expectation(simulator: Simulator, tmp_path: Path) -> None:
    url = (
        simulator.urls["sim-tanhong"] + "/web/hth/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/11790550"
    )
    as_url = "http://127.0.0.1:8702/web/hth/chi-tiet-bai-viet/-/asset_publisher/x/content/id/11790550"
    record = ["fixtures", "record", "sim-tanhong", url, "--name", "seed", "--root", str(tmp_path), "--as-url", as_url]
    assert main(record) == 0
    case = json.loads((tmp_path / "liferay" / "sim-tanhong" / "seed.json").read_text(encoding="utf-8"))
    assert case["type"] == "article" and case["url"].endswith("/content/id/11790550")
    assert case["expected"]["title"] == "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"
    assert case["expected"]["published"] == "2022-07-11T16:20:00+07:00"
    assert (tmp_path / "liferay" / "sim-tanhong" / "seed.html").stat().st_size > 1000


@pytest.mark.integration
def test_a_sitemap_start_replaces_listing_pages(simulator: Simulator, tmp_path: Path, run_cli: RunCli) -> None:
    registry = (ROOT / "crawler" / "portals.toml").read_text(encoding="utf-8")
    registry = registry.replace('start_paths = ["/news/"]', 'start_paths = ["/sitemap.xml", "/news/"]', 1)
    (tmp_path / "portals.toml").write_text(registry, encoding="utf-8")
    db = tmp_path / "sitemap.sqlite3"
    run = run_cli(
        "crawl",
        "sim-tuyphong",
        "--base-url",
        simulator.urls["sim-tuyphong"],
        "--db",
        str(db),
        "--registry",
        str(tmp_path / "portals.toml"),
    )
    assert run.returncode == 0, run.stderr[-2000:]
    [record] = open_store(db).runs("sim-tuyphong")
    assert (record.new, record.errors) == (220, 0)
    assert record.pages == 3 + 220 + 1, (
        "the sitemap index and its news and laws sitemaps, then the articles and the feed they advertise: no listing"
        " page (the laws sitemap's 60 documents are document pages)"
    )


@pytest.mark.integration
def test_sitemap_found_through_robots_txt(simulator: Simulator, tmp_path: Path, run_cli: RunCli) -> None:
    db = tmp_path / "robots.sqlite3"
    run = run_cli("crawl", "sim-tranvanthoi", "--base-url", simulator.urls["sim-tranvanthoi"], "--db", str(db))
    assert run.returncode == 0, run.stderr[-2000:]
    [record] = open_store(db).runs("sim-tranvanthoi")
    assert (record.new, record.errors) == (220, 0)
    assert record.pages == 1 + 1 + 220 + 1, (
        "robots.txt, the sitemap it names, the articles and their feed: no postback listing"
    )
