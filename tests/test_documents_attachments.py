"""The attachments pipeline's decisions without a crawl: the content-type check at the headers, what a failed
download becomes, the file's name, and attachments it never downloads (a kind no reader reads, a URL the store
holds). tests/test_documents_crawl.py downloads and reads them over HTTP."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Headers, Response
from scrapy.utils._download_handlers import get_maxsize_msg
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem, Attachment, AttachmentText
from crawler.store import open_store
from pipelines.attachments import ATTACHMENT, AttachmentsPipeline, file_name

URL = "http://127.0.0.1:8705/news/tin-hoat-dong/bai-3063.html?download=1&id=0"


def pipeline(tmp_path: Path, **settings: object) -> AttachmentsPipeline:
    crawler = get_crawler(settings_dict={"PORTALWATCH_DB": str(tmp_path / "pw.sqlite3"), **settings})
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return AttachmentsPipeline.from_crawler(crawler)


@pytest.mark.parametrize(
    ("declared", "stopped"),
    [
        ("text/html; charset=utf-8", True),
        ("image/jpeg", True),
        ("video/mp4", True),
        ("application/pdf", False),
        ("application/octet-stream", False),
        ("application/msword", False),
        ("", False),
    ],
)
def test_web_pages_and_images_are_stopped_when_their_headers_arrive(
    tmp_path: Path, declared: str, stopped: bool
) -> None:
    p = pipeline(tmp_path)
    headers = Headers({"Content-Type": declared} if declared else {})
    request = Request(URL, meta={ATTACHMENT: True})
    if stopped:
        with pytest.raises(StopDownload) as raised:
            p.headers_received(headers, 0, request, None)
        assert raised.value.fail is False, "the response arrives, flagged download_stopped, and becomes an outcome"
    else:
        p.headers_received(headers, 0, request, None)
    p.headers_received(Headers({"Content-Type": "text/html"}), 0, Request(URL), None)  # an article page: untouched


def test_a_download_over_the_limit_is_too_large_and_other_failures_are_retried_later(tmp_path: Path) -> None:
    p = pipeline(tmp_path, PORTALWATCH_ATTACHMENT_MAX_BYTES=2 * 1024 * 1024)
    scrapy_says = get_maxsize_msg(3_000_000, 2 * 1024 * 1024, Request(URL), expected=True)
    too_large = p._failure(URL, Exception(scrapy_says))
    assert (too_large.outcome, too_large.reason) == ("too_large", f"{URL} is larger than the 2 MiB download limit")
    refused = p._failure(URL, ConnectionRefusedError("Connection was refused by other side"))
    assert (refused.outcome, refused.reason) == (
        "failed",
        "ConnectionRefusedError: Connection was refused by other side",
    )


def test_the_file_name_is_the_servers_else_the_urls() -> None:
    named = Response(URL, headers={"Content-Disposition": 'attachment; filename="nghi-quyet-12.pdf"'})
    assert file_name(named) == "nghi-quyet-12.pdf"
    encoded = Response(
        URL, headers={"Content-Disposition": "attachment; filename*=UTF-8''ngh%E1%BB%8B%20quy%E1%BA%BFt.docx"}
    )
    assert file_name(encoded) == "nghị quyết.docx"
    assert file_name(Response("http://127.0.0.1/uploads/2025/04/bao-cao%203063.pdf")) == "bao-cao 3063.pdf"


def test_known_urls_and_unread_kinds_are_never_downloaded(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pw.sqlite3")
    known = AttachmentText(URL, "ok", sha256="cd" * 32, text="Nghị quyết số 3/NQ-HĐND", pages=1)
    store.save_attachment("sim-tuyphong", known)
    store.close()
    p = pipeline(tmp_path)  # no engine: a download would fail the test
    p.open_spider()
    try:
        item = ArticleItem("sim-tuyphong", "http://127.0.0.1:8705/news/a-3063.html", "nukeviet", "Kỳ họp thứ 31")
        item.attachments = [
            Attachment(URL, "bao-cao-3063.pdf", "pdf"),
            Attachment("http://127.0.0.1:8705/uploads/anh.zip", "anh.zip", "zip"),
            Attachment(URL, "bao-cao-3063.pdf", "pdf"),  # linked twice on the page
        ]
        done = asyncio.run(p.process_item(item))
        assert isinstance(done, ArticleItem) and done.attachment_texts == [known]
        stats = p.crawler.stats
        assert stats is not None
        assert (
            stats.get_value("portalwatch/attachments/known"),
            stats.get_value("portalwatch/attachments/skipped"),
        ) == (1, 1)
        quarantined = ArticleItem(
            "sim-tuyphong", "http://127.0.0.1:8705/x.html", "nukeviet", "Nhà cái", quarantine="spam"
        )
        quarantined.attachments = [Attachment("http://127.0.0.1:8705/x.pdf", "x.pdf", "pdf")]
        assert asyncio.run(p.process_item(quarantined)).attachment_texts == []  # type: ignore[union-attr]
    finally:
        p.close_spider()


def test_reading_attachments_can_be_turned_off(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        pipeline(tmp_path, PORTALWATCH_ATTACHMENTS=False)
