"""Download each article's attachments and read their text, before the article is stored.

Scrapy's media machinery, without ``FilesPipeline``: like ``MediaPipeline`` this pipeline holds an article until
its attachments are done and fetches them with ``engine.download_async`` (the downloader middlewares apply:
robots.txt, retries and back-off, per-host politeness, the per-request ``download_maxsize``), one download per URL
however many articles link it. ``FilesPipeline`` itself does not fit: it keeps bytes in a files store under MD5
names, while here the bytes are read and dropped, keyed by SHA-256, and "already fetched" is a question for the
store; and ``MediaPipeline`` logs every failed download as an error with a traceback, while here a 404, a file over
the size limit or a web page served as a PDF is a counted outcome. Yielding the requests from the spider instead
would store the article before its attachments are read, so the documents its attachments cite and the meeting
they confirm (``pipelines.documents``, next) could not be stored with it.

Per attachment: a URL the store holds is not fetched again (a failed download is retried up to
``PORTALWATCH_ATTACHMENT_ATTEMPTS`` times in later crawls); the response's ``Content-Type`` is checked when its
headers arrive (a web page, an image or a video is stopped before its body: ``unsupported``); the size limit is
``PORTALWATCH_ATTACHMENT_MAX_BYTES`` (Scrapy cancels the download: ``too_large``); bytes already read under another
URL (same SHA-256) are not read again; the rest goes to ``crawler.documents.extract`` on a thread of the pipeline's
own pool (``PORTALWATCH_ATTACHMENT_WORKERS`` threads, each waiting on one sandboxed worker process), so the reactor
never blocks. Each outcome is stored (``Store.save_attachment``) and counted (``portalwatch/attachments/<outcome>``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredSemaphore
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from crawler.documents.extract import Extraction, Limits, MiB, Outcome, extract
from crawler.items import ArticleItem, AttachmentText, PortalItem
from crawler.store import Store, open_store
from crawler.store.documents import FAILED

logger = logging.getLogger(__name__)

ATTACHMENT = "portalwatch_attachment"  # Request.meta key marking an attachment download
READ_KINDS = frozenset({"pdf", "doc", "docx", "xls", "xlsx"})  # what crawler.documents.extract reads
# Declared types that are never a document: stopped when the headers arrive, before the body is downloaded.
_NOT_DOCUMENT = re.compile(r"^(?:text/html|application/xhtml\+xml|image/|video/|audio/|text/css|text/javascript)")
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?["']?([^"';]+)""", re.I)


def declared_type(headers: Mapping[Any, Any] | Any) -> str:
    """The response's ``Content-Type`` without parameters, lower case (empty when none)."""
    raw = headers.get(b"Content-Type") or headers.get("Content-Type") or b""
    text = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
    return text.split(";")[0].strip().lower()


def file_name(response: Response) -> str:
    """The file's name: ``Content-Disposition``'s, else the URL path's last segment."""
    disposition = response.headers.get(b"Content-Disposition")
    if disposition:
        m = _FILENAME.search(disposition.decode("utf-8", "replace"))
        if m:
            return unquote(m.group(1)).strip()
    return unquote(PurePosixPath(urlsplit(response.url).path).name) or "the attachment"


def from_extraction(url: str, got: Extraction, *, sha256: str, content_type: str, size: int) -> AttachmentText:
    return AttachmentText(
        url=url,
        outcome=got.outcome.value,
        sha256=sha256,
        text=got.text,
        reason=got.reason,
        kind=got.kind.value if got.kind else None,
        content_type=content_type or None,
        size=size,
        pages=got.pages,
        ocr_pages=got.ocr_pages,
        truncated=got.truncated,
        legacy=got.legacy,
    )


class AttachmentsPipeline:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("PORTALWATCH_ATTACHMENTS", True):
            raise NotConfigured("attachments are not read (PORTALWATCH_ATTACHMENTS is off)")
        self.crawler = crawler
        self.location = settings.get("PORTALWATCH_DB")
        self.max_bytes = settings.getint("PORTALWATCH_ATTACHMENT_MAX_BYTES", 20 * MiB)
        self.per_article = settings.getint("PORTALWATCH_ATTACHMENTS_PER_ARTICLE", 10)
        self.attempts = settings.getint("PORTALWATCH_ATTACHMENT_ATTEMPTS", 3)
        self.limits = Limits(
            max_bytes=self.max_bytes,
            timeout=settings.getfloat("PORTALWATCH_ATTACHMENT_TIMEOUT", 120.0),
            ocr_pages=settings.getint("PORTALWATCH_ATTACHMENT_OCR_PAGES", 30),
        )
        workers = max(1, settings.getint("PORTALWATCH_ATTACHMENT_WORKERS", 2))
        # Downloads in flight at once: each holds up to max_bytes in memory until it is read.
        self.slots = DeferredSemaphore(max(1, settings.getint("PORTALWATCH_ATTACHMENT_CONCURRENCY", 2 * workers)))
        self.pool = ThreadPool(minthreads=0, maxthreads=workers, name="portalwatch-attachments")
        self.store: Store | None = None
        # URLs being downloaded, and the articles waiting for each: one download per URL however many link it.
        self.waiting: dict[str, list[Deferred[AttachmentText]]] = {}
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttachmentsPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = open_store(self.location)
        self.pool.start()

    def close_spider(self) -> None:
        self.pool.stop()
        if self.store is not None:
            self.store.close()

    def count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"portalwatch/attachments/{key}")

    # The content-type check, when the headers arrive ------------------------------------------------------

    def headers_received(self, headers: Mapping[Any, Any], body_length: int, request: Request, spider: Any) -> None:
        """Stop the download of an attachment served as a web page, an image or a video (an error or login page, a
        photo): its body is never read, and the response arrives empty, flagged ``download_stopped``."""
        if request.meta.get(ATTACHMENT) and _NOT_DOCUMENT.match(declared_type(headers)):
            raise StopDownload(fail=False)

    # Items --------------------------------------------------------------------------------------------

    async def process_item(self, item: PortalItem) -> PortalItem:
        if not isinstance(item, ArticleItem) or item.quarantine or not item.attachments:
            return item
        wanted = []
        for attachment in item.attachments[: self.per_article]:
            if attachment.kind.lower() in READ_KINDS and attachment.url.startswith(("http://", "https://")):
                wanted.append(attachment.url)
            else:
                self.count("skipped")  # a kind no reader here reads (images, archives, slides): not downloaded
        wanted = list(dict.fromkeys(wanted))
        assert self.store is not None
        stored = self.store.stored_attachments(wanted)
        texts = []
        for url in wanted:
            known = stored.get(url)
            if known is not None and (known.outcome != FAILED or self.store.attachment_attempts(url) >= self.attempts):
                self.count("known")
                texts.append(known)
            else:
                texts.append(await self._fetch_once(item.portal, url))
        item.attachment_texts = texts
        return item

    async def _fetch_once(self, portal: str, url: str) -> AttachmentText:
        """The outcome of one URL, downloaded once even when several articles wait for it at the same time."""
        if url in self.waiting:
            waiter: Deferred[AttachmentText] = Deferred()
            self.waiting[url].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self.waiting[url] = []
        try:
            got = await self._fetch(portal, url)
        except Exception as exc:
            for waiter in self.waiting.pop(url):
                waiter.errback(exc)
            raise
        for waiter in self.waiting.pop(url):
            waiter.callback(got)
        return got

    async def _fetch(self, portal: str, url: str) -> AttachmentText:
        await maybe_deferred_to_future(self.slots.acquire())
        try:
            got = await self._download_and_read(url)
        finally:
            self.slots.release()
        assert self.store is not None
        self.store.save_attachment(portal, got)
        self.count(got.outcome)
        if got.outcome not in (Outcome.OK, Outcome.SCANNED):
            logger.info("portal %s: attachment %s: %s (%s)", portal, url, got.outcome, got.reason)
        return got

    async def _download_and_read(self, url: str) -> AttachmentText:
        assert self.crawler.engine is not None
        request = Request(
            url, callback=NO_CALLBACK, meta={ATTACHMENT: True, "download_maxsize": self.max_bytes}, priority=-1
        )
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - any download failure is this attachment's outcome
            return self._failure(url, exc)
        ctype = declared_type(response.headers)
        name = file_name(response)
        if response.status != 200:
            return AttachmentText(url, FAILED, reason=f"{name} answered HTTP {response.status}", content_type=ctype)
        if "download_stopped" in response.flags:
            reason = f"{name} is served as {ctype}, not as a document (a web page or an image)"
            return AttachmentText(url, Outcome.UNSUPPORTED.value, reason=reason, content_type=ctype)
        body = response.body
        digest = hashlib.sha256(body).hexdigest()
        assert self.store is not None
        same = self.store.attachment_by_sha256(digest)
        if same is not None:  # the same bytes under another URL: read once
            self.count("same_file")
            return replace(same, url=url, content_type=ctype or same.content_type)
        from twisted.internet import reactor  # the running one: never imported before Scrapy installs it

        got = await maybe_deferred_to_future(
            deferToThreadPool(reactor, self.pool, extract, body, ctype, name, self.limits)
        )
        return from_extraction(url, got, sha256=digest, content_type=ctype, size=len(body))

    def _failure(self, url: str, exc: Exception) -> AttachmentText:
        """A download that raised: over the size limit (Scrapy cancels it) is ``too_large``, else ``failed``."""
        message = str(exc)
        if "max size" in message:  # scrapy.utils._download_handlers.get_maxsize_msg, from download_maxsize
            reason = f"{url} is larger than the {self.max_bytes / MiB:g} MiB download limit"
            return AttachmentText(url, Outcome.TOO_LARGE.value, reason=reason)
        return AttachmentText(url, FAILED, reason=f"{type(exc).__name__}: {message[:200]}")
