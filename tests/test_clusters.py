"""Story clusters: copies across portals join one cluster, template look-alikes stay apart, state persists."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support import RunCli

from crawler.clusters import (
    CONTAINMENT_THRESHOLD,
    LEAD_THRESHOLD,
    MIN_CONTAINED_SHINGLES,
    THRESHOLD,
    containment,
    lead_similarity,
    similarity,
    sketch,
)
from crawler.enrich import normalize
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem
from crawler.simulator.server import Simulator, build_site
from crawler.simulator.sites import SPECS
from crawler.store import open_store
from crawler.store.sqlite import SQLiteStore

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "dedupe" / "cases.json").read_text(encoding="utf-8")
)["cases"]
# Copies too short for Jaccard similarity: they are found by containment (crawler.clusters.is_trimmed_copy).
CONTAINED = {"heavily trimmed: lead and one paragraph", "lead only"}


def item(case: dict[str, Any], n: int = 0, **changes: Any) -> ArticleItem:
    paragraphs = case["paragraphs"]
    art = ArticleItem(
        portal=case["portal"],
        url=f"https://{case['portal']}.gov.vn/bai-viet/{n}",
        cms="generic",
        title=case["title"],
        byline=case.get("byline"),
        lead=paragraphs[0],
        body=list(paragraphs[1:]),
        published=datetime.fromisoformat(case["published"]),
    )
    for k, v in changes.items():
        setattr(art, k, v)
    return normalize(art)


def cluster_of(store: SQLiteStore, art: ArticleItem) -> int:
    row = store.conn.execute("SELECT cluster_id FROM articles WHERE url = ?", (art.url,)).fetchone()
    return int(row[0])


def pair_scores(truth: list[str], found: list[int]) -> tuple[float, float]:
    """Pair-counting precision and recall: of the pairs put together, how many are copies; of the copies, how many."""
    together = copies = both = 0
    for (t1, f1), (t2, f2) in itertools.combinations(zip(truth, found, strict=True), 2):
        together += f1 == f2
        copies += t1 == t2
        both += f1 == f2 and t1 == t2
    return both / max(together, 1), both / max(copies, 1)


def test_clustering_precision_and_recall_on_the_dedupe_set(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite3")
    assert isinstance(store, SQLiteStore)
    # Crawl order: oldest first, as portals publish them.
    ordered = sorted(enumerate(CASES), key=lambda c: c[1]["published"])
    items = [item(case, n) for n, case in ordered]
    for art in items:
        store.save_article(art, dedupe_key(art), [])
    truth = [case["story"] for _, case in ordered]
    found = [cluster_of(store, art) for art in items]
    precision, recall = pair_scores(truth, found)
    stories = len(set(truth))
    print(
        f"\nthreshold {THRESHOLD}: precision {precision:.3f}, recall {recall:.3f}, "
        f"{len(set(found))} clusters for {stories} stories ({len(CASES)} articles)"
    )
    assert precision == 1.0
    assert recall == 1.0
    assert len(set(found)) == stories


def test_threshold_sits_between_copies_and_template_lookalikes() -> None:
    """Every copy is close to its original; reports written from one template are not."""
    sketches = [sketch("\n\n".join(c["paragraphs"])) for c in CASES]
    originals = {c["story"]: s for c, s in zip(CASES, sketches, strict=True) if c["variation"] == "original"}
    to_original = [
        similarity(s.signature, originals[c["story"]].signature)  # type: ignore[union-attr]
        for c, s in zip(CASES, sketches, strict=True)
        if c["story"] in originals and s is not None and c["variation"] not in CONTAINED
    ]
    lookalikes = [
        similarity(a.signature, b.signature)  # type: ignore[union-attr]
        for (ca, a), (cb, b) in itertools.combinations(zip(CASES, sketches, strict=True), 2)
        if ca["story"] != cb["story"] and ca["story"].split("-")[0] == cb["story"].split("-")[0]
    ]
    print(f"\ncopy to original: min {min(to_original):.3f}; template look-alikes: max {max(lookalikes):.3f}")
    assert min(to_original) >= THRESHOLD > max(lookalikes)


def test_rules_besides_similarity(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite3")
    assert isinstance(store, SQLiteStore)
    original = next(c for c in CASES if c["story"] == "hdnd8" and c["variation"] == "original")
    first = item(original, 1)
    same_portal = item(original, 2, title="Kỳ họp thứ 8 (đăng lại)")
    month_later = item({**original, "portal": "late"}, 3, published=first.published + timedelta(days=30))  # type: ignore[operator]
    next_day = item({**original, "portal": "province"}, 4, published=first.published + timedelta(days=1))  # type: ignore[operator]
    for art in (first, same_portal, month_later, next_day):
        store.save_article(art, dedupe_key(art), [])
    ids = [cluster_of(store, a) for a in (first, same_portal, month_later, next_day)]
    assert ids[0] == ids[3], "a copy on another portal the next day is the same story"
    assert len({ids[0], ids[1], ids[2]}) == 3, "same portal, or a month apart: not a copy"


def test_the_window_edge_across_index_periods_and_undated_copies(tmp_path: Path) -> None:
    """The index is split by publication period: a copy 7 days off sits in another period and still joins (8 days
    after the latest copy does not), and an undated copy may match any date, both ways round (``close_in_time``)."""
    store = open_store(tmp_path / "db.sqlite3")
    assert isinstance(store, SQLiteStore)
    original = next(c for c in CASES if c["story"] == "hdnd8" and c["variation"] == "original")
    first = item(original, 1)
    day = timedelta(days=1)
    edge_after = item({**original, "portal": "after"}, 2, published=first.published + 7 * day)  # type: ignore[operator]
    edge_before = item({**original, "portal": "before"}, 3, published=first.published - 7 * day)  # type: ignore[operator]
    too_late = item({**original, "portal": "late"}, 4, published=first.published + 15 * day)  # type: ignore[operator]
    undated = item({**original, "portal": "undated"}, 5, published=None)
    for art in (first, edge_after, edge_before, too_late, undated):
        store.save_article(art, dedupe_key(art), [])
    ids = [cluster_of(store, a) for a in (first, edge_after, edge_before, too_late, undated)]
    assert ids[1] == ids[2] == ids[4] == ids[0] != ids[3]
    periods = {r[0] for r in store.conn.execute("SELECT DISTINCT period FROM lsh_buckets")}
    assert len(periods) == 5, "two periods around the original, the undated one, and the late copy's"

    # An undated article stored first is found by a dated copy that comes later.
    store2 = open_store(tmp_path / "db2.sqlite3")
    assert isinstance(store2, SQLiteStore)
    undated_first = item({**original, "portal": "undated"}, 6, published=None)
    dated_later = item(original, 7)
    for art in (undated_first, dated_later):
        store2.save_article(art, dedupe_key(art), [])
    assert cluster_of(store2, dated_later) == cluster_of(store2, undated_first)


def test_state_survives_a_restart_and_one_meeting_alert_per_story(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    bch = [c for c in CASES if c["story"] == "bch15"]
    original = item(bch[0], 0)
    first = open_store(path)
    first.save_article(original, dedupe_key(original), ["meeting"])
    first.close()
    second = open_store(path)  # a new process would see exactly this
    copies = [item(c, n) for n, c in enumerate(bch[1:], 1)]
    for art in copies:
        second.save_article(art, dedupe_key(art), ["meeting"])
    [alert] = second.alerts()
    assert alert["kind"] == "meeting" and alert["title"] == original.title
    assert alert["source"]["portal"] == "tanhong"
    assert alert["source"]["published"] == "2024-07-11T16:20:00+07:00"
    assert sorted(c["portal"] for c in alert["copies"]) == sorted(c["portal"] for c in bch)
    assert {r["cluster_id"] for r in second.articles()} == {alert["id"]}


def text_of(case: dict[str, Any]) -> str:
    return "\n\n".join(case["paragraphs"])


def test_containment_sits_between_trimmed_copies_and_same_opening_reports() -> None:
    """A brief that keeps the lead and a paragraph is (nearly) all inside its original; reports that share a directive's
    opening sentence and nearly the same lead share little else."""
    originals = {c["story"]: c for c in CASES if c["variation"] == "original"}
    trimmed = [containment(text_of(originals[c["story"]]), text_of(c)) for c in CASES if c["variation"] in CONTAINED]
    same_lead = [
        containment(text_of(a), text_of(b))
        for a, b in itertools.combinations(CASES, 2)
        if a["story"] != b["story"] and lead_similarity(a["paragraphs"][0], b["paragraphs"][0]) >= LEAD_THRESHOLD
    ]
    print(
        f"\ntrimmed copies in their original: min {min(c for c, _ in trimmed):.3f} (shortest"
        f" {min(n for _, n in trimmed)} shingles); distinct stories with alike leads: max"
        f" {max(c for c, _ in same_lead):.3f}"
    )
    assert len(trimmed) == 5 and same_lead, "the cases include trimmed copies and a same-opening pair"
    assert min(c for c, _ in trimmed) >= CONTAINMENT_THRESHOLD > max(c for c, _ in same_lead)
    assert min(n for _, n in trimmed) >= MIN_CONTAINED_SHINGLES


@pytest.mark.parametrize("text", ["", "Ngắn quá."])
def test_short_texts_have_no_sketch(text: str) -> None:
    assert sketch(text) is None


STORY_PORTALS = ("sim-tanhong", "sim-dongthap", "sim-tuyenhoa", "sim-tuyphong")


@pytest.fixture(scope="module")
def crawled_stories(simulator: Simulator, run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    """sim-dongthap (a province republishing sim-tanhong) crawled with three district portals."""
    db = tmp_path_factory.mktemp("stories") / "pw.sqlite3"
    bases = [f"--base-url={slug}={simulator.urls[slug]}" for slug in STORY_PORTALS]
    result = run_cli("crawl", *STORY_PORTALS, *bases, "--db", str(db))
    assert result.returncode == 0, result.stderr[-2000:]
    store = open_store(db)
    assert isinstance(store, SQLiteStore)
    return store


@pytest.mark.integration
def test_simulator_crawl_yields_one_cluster_per_story(crawled_stories: SQLiteStore) -> None:
    rows = list(crawled_stories.articles())
    cluster = {(r["portal"], r["content_id"]): r["cluster_id"] for r in rows}
    province = build_site(SPECS["sim-dongthap"]).articles
    copies = [a for a in province if "copy_of" in a.extra]
    assert {a.extra["variation"] for a in copies} == {
        "title changed",
        "byline added",
        "paragraph trimmed",
        "captions changed",
    }
    for a in copies:
        assert cluster[("sim-dongthap", str(a.id))] == cluster[("sim-tanhong", a.extra["copy_of"])], a.extra
    twins = [cluster[("sim-dongthap", str(a.id))] for a in province if "twin" in a.extra]
    assert len(set(twins)) == 2
    stories = len(rows) - len(copies)
    assert len(set(cluster.values())) == stories, "every other article is a story of its own"


@pytest.mark.integration
def test_one_meeting_alert_per_story_with_every_portal(crawled_stories: SQLiteStore) -> None:
    alerts = [a for a in crawled_stories.alerts(limit=10_000) if a["kind"] == "meeting"]
    assert len({a["cluster_id"] for a in alerts}) == len(alerts)
    # One alert per meeting (a story is one meeting; two stories may be one meeting): every meeting report's story
    # is in a meeting record, and every record of a held meeting has its one alert.
    meeting_clusters = {r["cluster_id"] for r in crawled_stories.articles() if r["is_meeting_report"]}
    assert {a["cluster_id"] for a in alerts} <= meeting_clusters
    conn = crawled_stories.conn
    unlinked = conn.execute(
        "SELECT count(*) FROM articles WHERE is_meeting_report = 1"
        " AND id NOT IN (SELECT article_id FROM article_meetings)"
    ).fetchone()[0]
    held = conn.execute("SELECT count(*) FROM meetings WHERE status = 'held'").fetchone()[0]
    assert (unlinked, len(alerts)) == (0, held)
    seed = next(a for a in alerts if a["source"]["title"] == "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng")
    assert [(c["portal"], c["published"]) for c in seed["copies"]] == [
        ("sim-tanhong", "2022-07-11T16:20:00+07:00"),
        ("sim-dongthap", "2022-07-12T16:20:00+07:00"),
    ]
