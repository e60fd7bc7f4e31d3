"""Documents and attachments in the store: one row per identity however reached, one alert per listed document,
article links replaced with the article, attachments by URL and by SHA-256; the feed's and webhooks' ``document``
filter. Saved simulator pages give the registry's documents (tests/fixtures/nukeviet/sim-tuyphong/laws-*)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from crawler.adapters.nukeviet import NukeVietAdapter
from crawler.documents.issuers import places_of
from crawler.documents.model import Via
from crawler.documents.numbers import find_documents
from crawler.feed import parse_request, view
from crawler.fixtures import response_for
from crawler.items import ArticleItem, AttachmentText, DocumentItem
from crawler.registry import load_registry
from crawler.store import SaveResult, Store
from crawler.store.base import DocumentQuery
from crawler.store.filters import DOCUMENT, EntryFilter

REGISTRY = load_registry()
PORTAL = REGISTRY["sim-tuyphong"]
SAVED = Path(__file__).resolve().parent / "fixtures" / "nukeviet" / "sim-tuyphong"
CASES = tomllib.loads((SAVED / "laws-fixtures.toml").read_text(encoding="utf-8"))


def page_item(name: str) -> DocumentItem:
    """A saved laws page as the spider yields it (``NukeVietAdapter.parse_document``)."""
    case = CASES[name]
    return NukeVietAdapter(PORTAL).parse_document(response_for(case["url"], (SAVED / case["file"]).read_bytes()))


def citation(text: str, article_url: str = "http://127.0.0.1:8705/news/a-1.html") -> DocumentItem:
    ref = find_documents(text, places=places_of(PORTAL))[0]
    return DocumentItem(
        PORTAL.slug, article_url, ref.as_document(), via=Via.ARTICLE, article_url=article_url, cited=ref.cited
    )


def article(store: Store, key: str = "sim-tuyphong:cid:1") -> int:
    item = ArticleItem(PORTAL.slug, "http://127.0.0.1:8705/news/a-1.html", "nukeviet", "Kỳ họp thứ 31", lead="Lead")
    store.save_article(item, key, [])
    return next(r["id"] for r in store.articles() if r["dedupe_key"] == key)


def test_registry_page_stores_every_field_and_alerts_once(store: Store) -> None:
    item = page_item("laws-detail-party-resolution")
    assert store.save_document(item)[0] is SaveResult.NEW
    assert store.save_document(item) == (SaveResult.UNCHANGED, None)
    [doc] = store.documents()
    case = CASES["laws-detail-party-resolution"]
    assert {k: doc[k] for k in ("number", "type", "issuer", "signer", "issue_date", "effective_date", "title")} == {
        "number": "09-NQ/HU",
        "type": "NQ",
        "issuer": "Huyện ủy Tuy Phong",
        "signer": "Nguyễn Thị Hồng",
        "issue_date": "2025-06-20",
        "effective_date": "2025-06-20",
        "title": case["title"],
    }
    assert doc["url"] == case["url"] and [f["name"] for f in doc["files"]] == ["09_nq_hu.pdf", "09_nq_hu.doc"]
    assert (doc["listed"], doc["pages"], doc["articles"]) == (True, 1, 0)
    [alert] = store.alerts()
    assert (alert["kind"], alert["portal"], alert["detail"]["title"]) == (
        "document",
        PORTAL.slug,
        "Nghị quyết số 09-NQ/HU",
    )
    assert alert["detail"]["url"] == case["url"] and alert["detail"]["issue_date"] == "2025-06-20"
    assert store.known_document_pages(PORTAL.slug, [case["url"], case["url"] + "x"]) == {case["url"]}


def test_a_document_cited_first_and_listed_later_is_one_row_alerted_when_listed(store: Store) -> None:
    key = "sim-tuyphong:cid:3007"
    article(store, key)
    cited = citation("Hội nghị đã ban hành Nghị quyết số 09-NQ/HU ngày 20/6/2025 của Ban Chấp hành Đảng bộ huyện.")
    store.save_article_documents(key, PORTAL.slug, [], [cited])
    assert [d["listed"] for d in store.documents()] == [False] and store.alerts() == []
    result, alert = store.save_document(page_item("laws-detail-party-resolution"))
    assert result is SaveResult.UPDATED and alert is not None
    [doc] = store.documents()
    assert (doc["listed"], doc["signer"], doc["pages"], doc["articles"]) == (True, "Nguyễn Thị Hồng", 1, 1)
    assert [a["kind"] for a in store.alerts()] == ["document"]


def test_a_citation_without_its_date_joins_the_stored_document(store: Store) -> None:
    store.save_document(page_item("laws-detail-council-resolution"))  # 3/NQ-HĐND of 18/4/2025
    key = "sim-tuyphong:cid:3063"
    article_id = article(store, key)
    undated = citation("Kỳ họp đã thông qua Nghị quyết số 3/NQ-HĐND của Hội đồng nhân dân huyện Tuy Phong.")
    assert undated.document.identity.period == ""
    store.save_article_documents(key, PORTAL.slug, [], [undated])
    [doc] = store.documents()
    assert (doc["number"], doc["issue_date"], doc["articles"]) == ("3/NQ-HĐND", "2025-04-18", 1)
    [linked] = store.article_documents(article_id)
    assert (linked["number"], linked["relation"], linked["via"]) == ("3/NQ-HĐND", "cited", "article")
    detail = store.document(doc["id"])
    assert detail is not None and detail["sources"][0]["article_id"] == article_id


def test_party_numbers_of_two_terms_are_two_documents(store: Store) -> None:
    one = citation("Nghị quyết số 01-NQ/HU ngày 02/7/2020 của Ban Chấp hành Đảng bộ huyện")
    two = citation("Nghị quyết số 01-NQ/HU ngày 21/8/2020 của Ban Chấp hành Đảng bộ huyện")
    store.save_article_documents("k", PORTAL.slug, [], [one, two])
    assert sorted(d["issue_date"] for d in store.documents()) == ["2020-07-02", "2020-08-21"]


def test_article_links_are_replaced_by_the_articles_next_version(store: Store) -> None:
    key = "sim-tuyphong:cid:1"
    article_id = article(store, key)
    store.save_attachment(PORTAL.slug, AttachmentText("http://x/a.pdf", "ok", sha256="aa", text="Số 12-NQ/HU"))
    store.save_attachment(PORTAL.slug, AttachmentText("http://x/b.pdf", "broken", sha256="bb", reason="cut"))
    store.save_article_documents(
        key, PORTAL.slug, ["http://x/b.pdf", "http://x/a.pdf"], [citation("Kết luận số 5-KL/HU")]
    )
    assert [a["url"] for a in store.article_attachments(article_id)] == ["http://x/b.pdf", "http://x/a.pdf"]
    assert store.attachment_texts([article_id, 999]) == {article_id: "Số 12-NQ/HU"}
    assert [d["number"] for d in store.article_documents(article_id)] == ["5-KL/HU"]
    reader = store.feed.documents_reader()  # what the workbench's threads read
    assert reader.article_attachments(article_id) == store.article_attachments(article_id)
    assert reader.article_documents(article_id) == store.article_documents(article_id)
    store.save_article_documents(key, PORTAL.slug, ["http://x/a.pdf"], [])
    assert [a["url"] for a in store.article_attachments(article_id)] == ["http://x/a.pdf"]
    assert store.article_documents(article_id) == []


def test_attachments_are_found_by_url_and_by_digest_and_failures_count_attempts(store: Store) -> None:
    text = AttachmentText("http://x/nq.pdf", "ok", sha256="ab" * 32, text="Nghị quyết", pages=1, size=900)
    store.save_attachment(PORTAL.slug, text)
    assert store.stored_attachments(["http://x/nq.pdf", "http://x/none.pdf"]) == {"http://x/nq.pdf": text}
    assert store.attachment_by_sha256("ab" * 32) == text
    failed = AttachmentText("http://x/gone.pdf", "failed", reason="gone.pdf answered HTTP 404")
    store.save_attachment(PORTAL.slug, failed)
    store.save_attachment(PORTAL.slug, failed)
    assert store.attachment_attempts("http://x/gone.pdf") == 2 and store.attachment_by_sha256("") is None


def test_documents_filters_by_type_issuer_and_date(store: Store) -> None:
    for name in ("laws-detail-party-resolution", "laws-detail-council-resolution", "laws-detail-plan-with-expiry"):
        store.save_document(page_item(name))
    numbers = lambda **kw: [d["number"] for d in store.documents(DocumentQuery(**kw))]  # noqa: E731
    assert numbers() == ["09-NQ/HU", "1/KH-UBND", "3/NQ-HĐND"]
    assert numbers(types=("NQ",)) == ["09-NQ/HU", "3/NQ-HĐND"]
    assert numbers(issuer="huyện uỷ") == ["09-NQ/HU"]  # the other tone-mark placement
    assert numbers(issuer="hội đồng nhân dân tuy phong") == ["3/NQ-HĐND"]
    assert numbers(since="2025-05-01") == ["09-NQ/HU"]
    assert numbers(limit=1) == ["09-NQ/HU"]


@pytest.mark.parametrize("kinds", [("document",), ("văn bản",), ("Văn bản mới",)])
def test_feed_and_webhook_filter_document_alerts(store: Store, kinds: tuple[str, ...]) -> None:
    store.save_document(page_item("laws-detail-council-resolution"))
    req = parse_request({"kind": list(kinds)}, REGISTRY)
    assert req.filter.kinds == (DOCUMENT,)
    entries = store.feed.entries(req.filter).entries
    assert [e["kind"] for e in entries] == ["document"]
    shown = view(entries[0], REGISTRY)
    assert shown["title"] == "[Văn bản mới] Nghị quyết số 3/NQ-HĐND"
    assert shown["url"] == CASES["laws-detail-council-resolution"]["url"]
    assert "Hội đồng nhân dân huyện Tuy Phong · ngày 18/4/2025" in shown["lead"]
    [alert] = store.outbox.alerts_after(0)
    assert req.filter.matches(alert) and EntryFilter().matches(alert)  # a subscriber's default takes it too
    assert not EntryFilter(kinds=("meeting",)).matches(alert)
    assert store.feed.entries(EntryFilter(kinds=("meeting",))).entries == []


def test_dates_of_documents_are_dates() -> None:
    doc = page_item("laws-detail-plan-with-expiry").document
    assert doc.expiry_date == date(2025, 12, 31) and doc.effective_date is not None
