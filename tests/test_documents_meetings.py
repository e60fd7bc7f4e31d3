"""A meeting report's documents: which its meeting adopted, what they confirm, and that they never make a meeting.

Articles and attachments are the simulated NukeViet portal's (sim-tuyphong: its reports, the resolution PDFs it
attaches, the laws module that lists them), read through the pure pipeline and ``DocumentsPipeline`` with a real
store; the attachment text is the file's known text (tests/test_documents_crawl.py reads the files themselves).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy.utils.test import get_crawler

from crawler.adapters.nukeviet_laws import parse_law_detail
from crawler.documents.cited import cited
from crawler.documents.issuers import places_of
from crawler.documents.meetings import Found, adopted, confirm, sessions
from crawler.documents.numbers import find_documents
from crawler.enrich import process
from crawler.fingerprint import dedupe_key
from crawler.fixtures import response_for
from crawler.items import ArticleItem, AttachmentText
from crawler.registry import load_registry
from crawler.simulator.corpus import SimArticle
from crawler.simulator.nukeviet import NukeVietSite, detail_url
from crawler.simulator.nukeviet_files import Variant, expected_text, variant
from crawler.simulator.sites import SPECS
from crawler.store import open_store
from pipelines.documents import DocumentsPipeline

PORTAL = load_registry()["sim-tuyphong"]
PLACES = places_of(PORTAL)
SITE = NukeVietSite(SPECS["sim-tuyphong"])


def item_of(article: SimArticle, attached: bool = True) -> ArticleItem:
    """The article as the pipeline has it before the documents pipeline: parsed fields, meeting detected, and its
    attachment's text as the attachments pipeline read it."""
    url = PORTAL.base_url + detail_url(article)
    item = ArticleItem(
        PORTAL.slug,
        url,
        "nukeviet",
        article.title,
        content_id=str(article.id),
        published_raw=article.published.isoformat(),
        lead=article.paragraphs[0],
        body=list(article.paragraphs[1:]),
    )
    item.published = article.published
    item = process(item)
    if attached and article.attachments:
        text = expected_text(SITE, article)
        item.attachment_texts = [AttachmentText(url + "?download=1&id=0", "ok" if text else "broken", text=text or "")]
    return item


def law_document(code: str, meeting_id: int | None = None):
    law = next(x for x in SITE.laws.laws if x.code == code and (meeting_id is None or x.meeting_id == meeting_id))
    return parse_law_detail(response_for(PORTAL.base_url + law.url, SITE.handle(law.url).body), PLACES)


def test_a_session_report_adopted_the_resolution_it_attaches_which_confirms_the_session() -> None:
    report = SITE.by_id[3063]  # Kỳ họp thứ 31 HĐND huyện Tuy Phong khóa XX, with 3/NQ-HĐND attached
    assert variant(SITE, report) is Variant.RESOLUTION
    item = item_of(report)
    assert item.meeting is not None and (item.meeting.kind, item.meeting.ordinal) == ("council_session", 31)
    [(doc, found)] = cited(item, PLACES)
    assert (doc.via, doc.url, doc.document.number.text) == ("attachment", item.attachment_texts[0].url, "3/NQ-HĐND")
    assert doc.document.identity == law_document("3/NQ-HĐND", 3063).identity, "the laws module's document"
    assert [str(s) for s in found.named] == ["Kỳ họp thứ 31 khóa XX"]
    assert adopted(item.meeting, found)
    confirmed = confirm(item.meeting, [found])
    assert confirmed is not None
    assert confirmed.evidence[-1] == "văn bản: Nghị quyết số 3/NQ-HĐND (tệp đính kèm): Kỳ họp thứ 31 khóa XX"
    assert (confirmed.kind, confirmed.ordinal, confirmed.term, confirmed.date) == (
        item.meeting.kind,
        31,
        "khóa XX",
        item.meeting.date,
    )


def test_a_report_that_leaves_out_the_ordinal_gets_it_from_its_resolution() -> None:
    report = SITE.by_id[3063]
    vague = replace(
        report,
        title="Kỳ họp HĐND huyện Tuy Phong",
        paragraphs=tuple(p.replace(" thứ 31", "").replace("khóa XX, ", "") for p in report.paragraphs),
    )
    item = item_of(vague)
    assert item.meeting is not None and item.meeting.ordinal is None
    [(_, found)] = cited(item, PLACES)
    confirmed = confirm(item.meeting, [found])
    assert confirmed is not None and (confirmed.ordinal, confirmed.kind) == (31, "council_session")


@pytest.mark.parametrize("article_id", [a.id for a in SITE.articles if variant(SITE, a) is Variant.EARLIER_RESOLUTION])
def test_a_preview_that_attaches_a_resolution_is_never_made_a_meeting_report(article_id: int) -> None:
    preview = SITE.by_id[article_id]  # "Dự kiến nội dung Kỳ họp thứ N": an announcement, not a report
    item = item_of(preview)
    assert not item.is_meeting_report
    assert item.meeting is None or item.meeting.status == "announced", "at most the session it announces"
    found = cited(item, PLACES)
    assert not any(adopted(item.meeting, f) for _, f in found), "a session still ahead has adopted nothing"
    assert confirm(item.meeting, [f for _, f in found]) == item.meeting


def test_a_conference_report_citing_its_resolution_by_date_adopted_it() -> None:
    conference = SITE.by_id[3007]  # Hội nghị lần thứ 33, whose resolution is 09-NQ/HU of 20/6/2025
    law = law_document("09-NQ/HU", 3007)
    text = (
        "Hội nghị đã ban hành Nghị quyết số 09-NQ/HU ngày 20/6/2025 của Ban Chấp hành Đảng bộ huyện về nhiệm vụ "
        "trọng tâm thời gian tới; quán triệt Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị."
    )
    item = item_of(replace(conference, paragraphs=(*conference.paragraphs, text)), attached=False)
    assert item.meeting is not None and item.meeting.date == law.issue_date
    found = cited(item, PLACES)
    assert [(d.document.number.text, d.via) for d, _ in found] == [("09-NQ/HU", "article"), ("35-CT/TW", "article")]
    assert found[0][0].document.identity == law.identity
    assert [adopted(item.meeting, f) for _, f in found] == [True, False], "the Politburo's directive is only cited"


def test_documents_of_another_body_or_session_are_not_adopted() -> None:
    item = item_of(SITE.by_id[3063])
    assert item.meeting is not None
    other_session = find_documents("Số: 7/NQ-HĐND", places={"huyện": "Tuy Phong"})[0].as_document()
    named = sessions("HỘI ĐỒNG NHÂN DÂN HUYỆN TUY PHONG KHÓA XX, KỲ HỌP THỨ 9")
    assert [str(s) for s in named] == ["Kỳ họp thứ 9 khóa XX"]
    assert not adopted(item.meeting, Found(other_session, "tệp đính kèm", named))
    board = find_documents("Hướng dẫn số 12-HD/BTGHU ngày 18/4/2025")[0].as_document()  # Ban Tuyên giáo Huyện ủy
    assert not adopted(item.meeting, Found(board, "bài viết"))
    confirmed = confirm(item.meeting, [Found(other_session, "tệp đính kèm", named)])
    assert confirmed is not None and confirmed.evidence == item.meeting.evidence and confirmed.ordinal == 31


def test_documents_pipeline_stores_links_and_marks_the_adopted_resolution(tmp_path: Path) -> None:
    db = tmp_path / "pw.sqlite3"
    crawler = get_crawler(settings_dict={"PORTALWATCH_DB": str(db)})
    crawler.stats.open_spider()  # type: ignore[union-attr]
    crawler.spider = SimpleNamespace(portal=PORTAL)  # type: ignore[assignment]
    pipeline = DocumentsPipeline.from_crawler(crawler)
    pipeline.open_spider()
    try:
        report, preview = item_of(SITE.by_id[3063]), item_of(SITE.by_id[3308])
        for item in (report, preview):
            item.dedupe_key = dedupe_key(item)
            pipeline.process_item(item)
        assert [(d.document.number.text, d.adopted) for d in report.documents] == [("3/NQ-HĐND", True)]
        assert report.meeting is not None and report.meeting.evidence[-1].startswith("văn bản: Nghị quyết số 3/NQ")
        assert not preview.is_meeting_report and [d.adopted for d in preview.documents] == [False]
        assert crawler.stats.get_value("portalwatch/documents/cited") == 2  # type: ignore[union-attr]
    finally:
        pipeline.close_spider()
    store = open_store(db)
    try:
        numbers = {d["number"]: d["articles"] for d in store.documents()}
        assert numbers == {"3/NQ-HĐND": 1, "2/NQ-HĐND": 1}
        assert store.alerts() == [], "citations raise no document alert"
    finally:
        store.close()
