"""EvidenceRecorder: a Scrapy extension that keeps every fetched article page as a WARC record.

Settings (crawler/settings.py): ``PORTALWATCH_EVIDENCE`` (off by default; on records), ``PORTALWATCH_EVIDENCE_DIR``
(``data/evidence``), ``PORTALWATCH_EVIDENCE_KEEP`` (retention, e.g. ``20,365d``; empty keeps everything),
``PORTALWATCH_EVIDENCE_FILE_SIZE`` (bytes of one rolling file), ``PORTALWATCH_EVIDENCE_CALLBACKS`` (the spider
callbacks whose responses are article pages).

It listens to ``response_received``, which sees every response the downloader hands on with the request that
asked for it (so a 404 that the spider's re-check handles is seen too), and records an answer to an article
callback that is a 200 HTML page or a 404/410 (a takedown). The handler only copies the response's headers into
a queue (the body is not copied: Scrapy's bytes are immutable); a thread writes, flushing once per batch, so
the reactor never waits on gzip or the disk. ``spider_closed`` waits for the thread (off the reactor) and
merges the index. Stats: ``portalwatch/evidence/responses``, ``.../revisits``, ``.../bytes``, ``.../errors``.
"""

from __future__ import annotations

import logging
import queue
import threading
from datetime import UTC, datetime
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from crawler.evidence.retention import Keep, parse_keep
from crawler.evidence.warcfile import MAX_FILE_SIZE, Capture, EvidenceError
from crawler.evidence.writer import PortalWriter

logger = logging.getLogger(__name__)

ARTICLE_CALLBACKS = ("parse_article", "parse_recheck")
GONE = (404, 410)
BATCH = 256  # captures written between two flushes at most
_STOP = object()


def capture_of(response: Response, request: Request, fetched_at: datetime) -> Capture:
    """The capture of a Scrapy response (headers decoded as Latin-1, as HTTP defines them)."""
    return Capture(
        url=response.url,
        status=response.status,
        headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs),
        body=response.body,
        fetched_at=fetched_at,
        method=request.method,
        request_headers=tuple(
            (k.decode("latin-1"), v.decode("latin-1")) for k, vs in request.headers.items() for v in vs
        ),
        protocol=getattr(response, "protocol", None) or "HTTP/1.1",
    )


def is_article_page(response: Response, request: Request, callbacks: frozenset[str]) -> bool:
    """Whether a response is one the evidence trail keeps: the answer to an article callback that is a 200 HTML
    page or a takedown (404/410)."""
    if getattr(request.callback, "__name__", None) not in callbacks:
        return False
    if response.status in GONE:
        return True
    content_type = response.headers.get(b"Content-Type", b"") or b""
    return response.status == 200 and (isinstance(response, HtmlResponse) or b"html" in content_type.lower())


class EvidenceRecorder:
    def __init__(self, crawler: Crawler, root: Path, keep: Keep, max_file_size: int, callbacks: frozenset[str]) -> None:
        self.crawler = crawler
        self.root = root
        self.keep = keep
        self.max_file_size = max_file_size
        self.callbacks = callbacks
        self.queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.writer: PortalWriter | None = None
        self.errors = 0
        self.skipped = 0
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.received, signal=signals.response_received)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EvidenceRecorder:
        settings = crawler.settings
        if not settings.getbool("PORTALWATCH_EVIDENCE"):
            raise NotConfigured  # off by default: no message, so Scrapy does not warn about a choice
        try:
            keep = parse_keep(str(settings.get("PORTALWATCH_EVIDENCE_KEEP") or ""))
        except ValueError as exc:
            logger.error("%s; no evidence is recorded in this run", exc)
            raise NotConfigured(str(exc)) from None
        return cls(
            crawler,
            Path(settings.get("PORTALWATCH_EVIDENCE_DIR") or "data/evidence"),
            keep,
            settings.getint("PORTALWATCH_EVIDENCE_FILE_SIZE", MAX_FILE_SIZE),
            frozenset(settings.getlist("PORTALWATCH_EVIDENCE_CALLBACKS", list(ARTICLE_CALLBACKS))),
        )

    def opened(self, spider: Spider) -> None:
        self.writer = PortalWriter(self.root, spider.name, self.max_file_size, self.keep)
        self.thread = threading.Thread(target=self._run, name=f"evidence-{spider.name}", daemon=True)
        self.thread.start()

    def received(self, response: Response, request: Request) -> None:
        if self.thread is not None and is_article_page(response, request, self.callbacks):
            self.queue.put(capture_of(response, request, datetime.now(UTC)))

    # The writer thread ------------------------------------------------------------------------

    def _run(self) -> None:
        assert self.writer is not None
        try:
            self.writer.open()
        except (EvidenceError, OSError) as exc:
            logger.error("evidence for portal %s is not recorded in this run: %s", self.writer.slug, exc)
            while self.queue.get() is not _STOP:
                self.skipped += 1
            return
        try:
            while self._write_batch():
                pass
        except OSError as exc:  # a full or failing disk: the next run's writer cuts off what this one tore
            logger.error("evidence for portal %s: writing stopped: %s", self.writer.slug, exc)
            self.errors += 1
            while self.queue.get() is not _STOP:
                self.skipped += 1
        finally:
            try:
                self.writer.close()
            except OSError as exc:
                self.errors += 1
                logger.error("evidence for portal %s: cannot close its files: %s", self.writer.slug, exc)

    def _write_batch(self) -> bool:
        """Write what is queued (waiting for the first item); False once the stop marker was reached."""
        assert self.writer is not None
        item, count = self.queue.get(), 0
        while True:
            if item is _STOP:
                self.writer.flush()
                return False
            try:
                self.writer.write(item)  # type: ignore[arg-type]
            except (ValueError, EvidenceError) as exc:
                self.errors += 1
                logger.error("evidence: cannot record %s: %s", getattr(item, "url", "?"), exc)
            count += 1
            if count >= BATCH:
                break
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                break
        self.writer.flush()
        return True

    # Close --------------------------------------------------------------------------------------

    def closed(self, spider: Spider) -> Deferred[None] | None:
        if self.thread is None:
            return None
        self.queue.put(_STOP)
        deferred: Deferred[None] = deferToThread(self.thread.join)
        deferred.addCallback(lambda _: self._report(spider))
        return deferred

    def _report(self, spider: Spider) -> None:
        assert self.writer is not None
        stats, tally = self.crawler.stats, self.writer.tally
        if stats is not None:
            for key, value in (
                ("responses", tally.responses),
                ("revisits", tally.revisits),
                ("bytes", tally.bytes),
                ("errors", self.errors),
                ("skipped", self.skipped),
            ):
                if value:
                    stats.set_value(f"portalwatch/evidence/{key}", value)
        if tally.cut or tally.reindexed:
            logger.warning(
                "evidence for portal %s: repaired after an interrupted run (%d bytes of a torn record cut, %d "
                "records indexed again)",
                spider.name,
                tally.cut,
                tally.reindexed,
            )
        for report in tally.pruned:
            logger.info(
                "evidence for portal %s: retention dropped %d records (%d bytes to %d)",
                spider.name,
                report.dropped,
                report.bytes_before,
                report.bytes_after,
            )
