"""End to end: a simulated NukeViet portal crawled over HTTP into a SQLite file, its documents and attachments read.

sim-tuyphong serves its news (220 articles, 33 with an attachment: resolutions, reports as PDF and DOCX, a scan,
and the files a crawler must survive), and its ``laws`` module (60 documents), linked from the menu and the sitemap
index. One conference report is edited to cite its resolution in its text, as reports do. What the crawl must
store: every laws document with every field and one ``document`` alert each; that resolution as one document with
both sources; each attachment's text or outcome; and nothing fetched again by a second crawl.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein
from support import RunCli

from crawler.simulator.nukeviet import NukeVietSite, detail_url
from crawler.simulator.nukeviet_files import Variant, expected_text, variant
from crawler.simulator.nukeviet_laws import CAT_NAMES
from crawler.simulator.server import Simulator, start
from crawler.simulator.sites import SPECS
from crawler.store import ArticleQuery, open_store
from crawler.store.base import DocumentQuery

pytestmark = pytest.mark.integration  # a crawl in a child process, OCR in the extractor's
SLUG = "sim-tuyphong"
CITING = 3007  # "Hội nghị Ban Chấp hành Đảng bộ huyện Tuy Phong lần thứ 33", resolution 09-NQ/HU of 20/6/2025
CITATION = (
    "Hội nghị đã ban hành Nghị quyết số 09-NQ/HU ngày 20/6/2025 của Ban Chấp hành Đảng bộ huyện về nhiệm vụ trọng "
    "tâm thời gian tới."
)
ISSUERS = {
    "HU": "Huyện ủy Tuy Phong",
    "HĐND": "Hội đồng nhân dân huyện Tuy Phong",
    "UBND": "Ủy ban nhân dân huyện Tuy Phong",
}


def collapse(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def served() -> Iterator[Simulator]:
    with start(0, [SPECS[SLUG]]) as sim:
        site = sim.sites[SLUG]
        assert isinstance(site, NukeVietSite)
        report = site.by_id[CITING]
        site.revise({CITING: replace(report, paragraphs=(*report.paragraphs, CITATION))})
        yield sim


@pytest.fixture(scope="module")
def crawled(served: Simulator, run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    db = tmp_path_factory.mktemp("documents") / "pw.sqlite3"
    site = served.sites[SLUG]
    site.reset_requests()
    run = run_cli("crawl", SLUG, f"--base-url={SLUG}={served.urls[SLUG]}", "--db", str(db))
    assert run.returncode == 0, run.stderr[-3000:]
    return db, list(site.requests)


def site_of(served: Simulator) -> NukeVietSite:
    site = served.sites[SLUG]
    assert isinstance(site, NukeVietSite)
    return site


def test_every_laws_document_is_stored_with_every_field_and_alerted_once(served: Simulator, crawled) -> None:
    db, _ = crawled
    site, base = site_of(served), served.urls[SLUG]
    store = open_store(db)
    listed = {d["url"]: d for d in store.documents(DocumentQuery(listed_only=True))}
    assert len(listed) == len(site.laws.laws) == 60
    for law in site.laws.laws:
        doc = listed[base + law.url]
        got = {k: doc[k] for k in ("number", "issuer", "signer", "issue_date", "effective_date", "expiry_date")}
        assert got == {
            "number": law.code,
            "issuer": ISSUERS[law.issuer],
            "signer": law.signer,
            "issue_date": law.publtime.isoformat(),
            "effective_date": law.startvalid.isoformat(),
            "expiry_date": law.exptime.isoformat() if law.exptime else None,
        }, law.url
        assert (doc["type"], doc["title"], doc["summary"], doc["portal"]) == (law.cat, law.title, law.introtext, SLUG)
        assert [f["name"] for f in doc["files"]] == list(law.files)
        assert CAT_NAMES[law.cat]  # every category the module lists is a type the store knows
    alerts = [a for a in store.alerts(limit=1000) if a["kind"] == "document"]
    assert len(alerts) == 60 and len({a["detail"]["document_id"] for a in alerts}) == 60
    assert {a["detail"]["url"] for a in alerts} == set(listed)


def test_the_resolution_cited_by_its_report_is_one_document_with_both_sources(served: Simulator, crawled) -> None:
    db, _ = crawled
    site, base = site_of(served), served.urls[SLUG]
    store = open_store(db)
    [doc] = [d for d in store.documents() if d["number"] == "09-NQ/HU" and d["issue_date"] == "2025-06-20"]
    detail = store.document(doc["id"])
    assert detail is not None
    law = next(x for x in site.laws.laws if x.meeting_id == CITING)
    assert detail["pages"] == [base + law.url]
    [source] = detail["sources"]
    assert (source["article_url"], source["via"], source["relation"]) == (
        base + detail_url(site.by_id[CITING]),
        "article",
        "adopted",
    )
    assert source["cited"].startswith("Nghị quyết số 09-NQ/HU ngày 20/6/2025 của Ban Chấp hành Đảng bộ huyện")
    # The council session's resolution, attached to its report, is the laws module's document too.
    session = next(x for x in site.laws.laws if x.meeting_id == 3063)
    [attached] = [d for d in store.documents() if d["url"] == base + session.url]
    sources = store.document(attached["id"])["sources"]  # type: ignore[index]
    assert [(s["via"], s["relation"], s["title"]) for s in sources] == [
        ("attachment", "adopted", site.by_id[3063].title)
    ]
    # Documents: the 60 listed, and the scanned conclusion that no list shows (only cited, never alerted).
    assert Counter(d["listed"] for d in store.documents()) == Counter({True: 60, False: 1})


def test_the_report_meeting_is_confirmed_and_attached_resolutions_make_no_meeting(served: Simulator, crawled) -> None:
    db, _ = crawled
    site = site_of(served)
    store = open_store(db)
    articles = {r["content_id"]: r for r in store.articles(ArticleQuery(portal=SLUG))}
    session = articles["3063"]
    assert (
        session["meeting"]["evidence"][-1] == "văn bản: Nghị quyết số 3/NQ-HĐND (tệp đính kèm): Kỳ họp thứ 31 khóa XX"
    )
    previews = [a for a in site.articles if variant(site, a) is Variant.EARLIER_RESOLUTION]
    assert len(previews) >= 3
    meeting_alerts = {a["content_id"] for a in store.alerts(limit=2000) if a["kind"] == "meeting"}
    for preview in previews:
        row = articles[str(preview.id)]
        assert not row["is_meeting_report"] and str(preview.id) not in meeting_alerts, preview.title
        assert [d["relation"] for d in store.article_documents(row["id"])] in ([], ["cited"])
    assert any(store.article_documents(articles[str(p.id)]["id"]) for p in previews), "a preview cites a resolution"


def test_each_attachment_is_read_or_an_outcome(served: Simulator, crawled) -> None:
    db, _ = crawled
    site = site_of(served)
    store = open_store(db)
    articles = {r["content_id"]: r for r in store.articles(ArticleQuery(portal=SLUG))}
    seen: Counter[Variant] = Counter()
    for article in (a for a in site.articles if a.attachments):
        kind = variant(site, article)
        [stored] = store.article_attachments(articles[str(article.id)]["id"])
        seen[kind] += 1
        where = f"{article.id} ({kind})"
        truth = expected_text(site, article)
        if kind is Variant.SCAN:
            assert (stored["outcome"], stored["pages"], stored["ocr_pages"]) == ("scanned", 1, 1), where
            score = 1 - Levenshtein.distance(collapse(truth), collapse(stored["text"])) / len(collapse(truth))
            assert score >= 0.95, f"{where}: OCR character accuracy {score:.3f}"
        elif truth is not None:
            assert stored["outcome"] == "ok", where
            assert collapse(stored["text"]) == collapse(truth), where
            assert stored["kind"] == ("docx" if kind is Variant.REPORT_DOCX else "pdf"), where
        else:
            expected = {
                Variant.HUGE: ("too_large", "larger than the 20 MiB download limit"),
                Variant.ZIP_BOMB: ("too_large", "zip bomb"),
                Variant.WEB_PAGE_DOC: ("unsupported", "is a web page"),
                Variant.LOGIN_PAGE: ("unsupported", "is served as text/html, not as a document"),
                Variant.DAMAGED: ("broken", "the PDF cannot be opened"),
            }[kind]
            assert stored["outcome"] == expected[0] and expected[1] in stored["reason"], where
        if stored["outcome"] in ("ok", "scanned", "broken"):
            assert re.fullmatch(r"[0-9a-f]{64}", stored["sha256"]) and stored["size"] > 0, where
    assert set(seen) == set(Variant), "every kind of file was served"
    login = next(a for a in site.articles if a.attachments and variant(site, a) is Variant.LOGIN_PAGE)
    [page] = store.article_attachments(articles[str(login.id)]["id"])
    assert (page["size"], page["sha256"]) == (None, None), "the web page's body is never downloaded"


def test_each_attachment_url_is_downloaded_once_and_a_second_crawl_fetches_none(
    served: Simulator, crawled, run_cli: RunCli
) -> None:
    db, first = crawled
    site = site_of(served)
    downloads = Counter(hit.target for hit in first if "download=1" in hit.target and "/news/" in hit.target)
    assert len(downloads) == sum(1 for a in site.articles if a.attachments) == 33
    assert set(downloads.values()) == {1}
    laws_pages = [hit for hit in first if hit.target.startswith("/laws/detail/")]
    assert len(laws_pages) == 60
    site.reset_requests()
    run = run_cli("crawl", SLUG, f"--base-url={SLUG}={served.urls[SLUG]}", "--db", str(db), "--full")
    assert run.returncode == 0, run.stderr[-3000:]
    again = list(site.requests)
    assert sum(hit.target.startswith("/news/") and ".html" in hit.target for hit in again) >= 220, "articles re-read"
    assert [hit.target for hit in again if "download=1" in hit.target] == []
    store = open_store(db)
    assert Counter(a["kind"] for a in store.alerts(limit=2000))["document"] == 60
    assert sum(1 for _ in store.documents()) == 61


def test_documents_command_lists_the_crawled_documents(crawled, run_cli: RunCli) -> None:
    db, _ = crawled
    run = run_cli("documents", "--db", str(db), "--type", "nghị quyết", "--issuer", "hđnd", "--json")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert rows and {r["type"] for r in rows} == {"NQ"} and {r["issuer"] for r in rows} == {ISSUERS["HĐND"]}
    assert [r["issue_date"] for r in rows] == sorted((r["issue_date"] for r in rows), reverse=True)
    table = run_cli("documents", "--db", str(db), "--since", "2025-06-01", "--listed")
    assert table.returncode == 0 and "09-NQ/HU" in table.stdout and "Nghị quyết" in table.stdout
    bad = run_cli("documents", "--db", str(db), "--since", "1/6/2025")
    assert (
        bad.returncode == 2
        and bad.stderr.strip() == "portalwatch: --since '1/6/2025' is not a date; write it as YYYY-MM-DD."
    )
    assert isinstance(bad, subprocess.CompletedProcess)


def test_a_document_published_later_is_found_by_an_incremental_run_from_the_laws_feed(
    served: Simulator, crawled, run_cli: RunCli
) -> None:
    from datetime import date, datetime, time, timedelta

    from crawler.dates import TZ
    from crawler.simulator.nukeviet_laws import SimLaw

    db, _ = crawled
    site, base = site_of(served), served.urls[SLUG]
    newest = max(site.laws.laws, key=lambda x: x.addtime)
    day = date(2025, 6, 30)
    law = SimLaw(
        id=max(x.id for x in site.laws.laws) + 1,
        code="03-KL/HU",
        cat="KL",
        issuer="HU",
        subject="Huyện ủy Tuy Phong",
        signer="Trần Sinh Toàn",
        title="Kết luận số 03-KL/HU về công tác chuẩn bị kết thúc hoạt động cấp huyện",
        introtext="Về công tác chuẩn bị kết thúc hoạt động cấp huyện",
        area="Xây dựng Đảng",
        publtime=day,
        startvalid=day,
        exptime=None,
        addtime=max(newest.addtime + timedelta(hours=1), datetime.combine(day, time(9), TZ)),
        files=("03_kl_hu.pdf",),
    )
    site.laws.add(law)
    site.reset_requests()
    run = run_cli("crawl", SLUG, f"--base-url={SLUG}={served.urls[SLUG]}", "--db", str(db))
    assert run.returncode == 0, run.stderr[-3000:]
    laws_hits = [h.target for h in site.requests if h.target.startswith("/laws/")]
    assert laws_hits == ["/laws/rss/", law.url], "the module's feed, then the one new document's page"
    store = open_store(db)
    [alert] = [a for a in store.alerts(limit=5) if a["kind"] == "document"][:1]
    assert (alert["detail"]["title"], alert["detail"]["url"]) == ("Kết luận số 03-KL/HU", base + law.url)
    assert Counter(a["kind"] for a in store.alerts(limit=2000))["document"] == 61
