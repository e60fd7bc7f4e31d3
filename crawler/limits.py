"""How much of a response the crawl takes: per-kind size limits, sitemaps cut at the protocol's 50,000 URLs,
and a real message when a body was too large.

Scrapy stops a body at ``DOWNLOAD_MAXSIZE`` while it arrives (the Twisted handler cancels the transfer, so an
endless chunked body or a 500 MB one never sits in memory) and while it is decompressed (its
``HttpCompressionMiddleware`` decodes gzip, deflate, brotli and zstd in 64 KiB steps against the same limit, so
a 10 MB gzip bomb or a 3 KB brotli one stops at the limit); both read the per-request meta key
``download_maxsize``. This middleware sets that key by what the request reads (its ``Source``): HTML pages and
feeds keep ``DOWNLOAD_MAXSIZE`` (crawler/settings.py says why its value), a sitemap may be as large as the
protocol allows (``PORTALWATCH_SITEMAP_MAXSIZE``, 50 MB uncompressed), a CMS API page of 100 posts with their
text gets ``PORTALWATCH_API_MAXSIZE``.

A sitemap listing more URLs than the protocol's 50,000 stops downloading once that many ``<loc>`` have
arrived (``StopDownload(fail=False)``): the spider parses what came, the run knows that sitemap was cut, and
article requests start at once instead of after a 200 MB download.

Scrapy cancels an oversized transfer with an empty ``CancelledError``; ``process_exception`` replaces it with
``BodyTooLargeError``, whose message says how much arrived and which limit it passed. Stat: ``portalwatch/too_large``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.exceptions import DownloadCancelledError, StopDownload
from scrapy.http import Response
from twisted.internet.defer import CancelledError

from crawler.adapters.base import API, SITEMAP, source_of
from crawler.discovery import SITEMAP_BYTES, SITEMAP_URLS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_LOC = b"<loc"


class BodyTooLargeError(Exception):
    """A response body passed its size limit; the transfer was stopped."""


class BodyLimitsMiddleware:
    """Downloader middleware: size limits per request kind, sitemaps cut at 50,000 URLs, clear size errors."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.page_max = settings.getint("DOWNLOAD_MAXSIZE")
        self.limits = {
            SITEMAP: settings.getint("PORTALWATCH_SITEMAP_MAXSIZE", SITEMAP_BYTES),
            API: settings.getint("PORTALWATCH_API_MAXSIZE", 16 * 1024 * 1024),
        }
        self.sitemap_urls = SITEMAP_URLS
        # Per request in flight: bytes received, and for a sitemap the <loc> seen and the chunk's last bytes
        # (a tag may be split between two chunks).
        self.received: WeakKeyDictionary[Request, int] = WeakKeyDictionary()
        self.locs: WeakKeyDictionary[Request, tuple[int, bytes]] = WeakKeyDictionary()
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodyLimitsMiddleware:
        return cls(crawler)

    def limit(self, request: Request) -> int:
        """The size limit of a request: its own ``download_maxsize``, else the one for its kind."""
        value = request.meta.get("download_maxsize")
        return int(value) if value is not None else self.limits.get(source_of(request).kind, self.page_max)

    def process_request(self, request: Request) -> None:
        kind = source_of(request).kind
        if kind in self.limits and "download_maxsize" not in request.meta:
            request.meta["download_maxsize"] = self.limits[kind]
            request.meta.setdefault("download_warnsize", self.limits[kind] // 2)

    def bytes_received(self, data: bytes, request: Request) -> None:
        """Signal handler: count a body as it arrives; cut a sitemap at the protocol's URL count."""
        self.received[request] = self.received.get(request, 0) + len(data)
        if source_of(request).kind != SITEMAP:  # a gzipped body holds no "<loc": its 50 MB decoded limit stops it
            return
        count, tail = self.locs.get(request, (0, b""))
        count += (tail + data).count(_LOC)
        if count > self.sitemap_urls:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("portalwatch/sitemaps_cut")
            logger.warning(
                "%s lists more than %d URLs (the sitemap protocol's limit): reading the first %d only.",
                request.url,
                self.sitemap_urls,
                self.sitemap_urls,
            )
            raise StopDownload(fail=False)
        self.locs[request] = (count, data[-(len(_LOC) - 1) :])

    def process_response(self, request: Request, response: Response) -> Response:
        self.received.pop(request, None)
        self.locs.pop(request, None)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        received = self.received.pop(request, 0)
        self.locs.pop(request, None)
        limit = self.limit(request)
        kind = source_of(request).kind
        what = f"a {kind}" if kind in self.limits else "a page"
        if not limit or not isinstance(exception, CancelledError | DownloadCancelledError):
            return
        if received > limit:
            self._count()
            raise BodyTooLargeError(
                f"{request.url} sent more than {limit:,} bytes (stopped after {received:,}), the limit for {what};"
                " nothing of it was kept"
            )
        if isinstance(exception, DownloadCancelledError) and "Expected to receive" in str(exception):
            self._count()  # the Content-Length said too much: nothing was read
            raise BodyTooLargeError(f"{request.url} announced a body larger than {limit:,} bytes, the limit for {what}")

    def _count(self) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("portalwatch/too_large")
