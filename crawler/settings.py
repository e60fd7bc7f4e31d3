"""Scrapy settings. Project settings share the ``PORTALWATCH_`` prefix; environment variables
override them here and nowhere else.

Defaults are polite for real government hosts (robots.txt, AutoThrottle, two requests per host);
simulated portals on 127.0.0.1 get loopback speeds from ``crawler.spiderloader``.
"""

from __future__ import annotations

import os

BOT_NAME = "portalwatch"
SPIDER_LOADER_CLASS = "crawler.spiderloader.PortalSpiderLoader"
SPIDER_MODULES: list[str] = []

PORTALWATCH_DB = os.environ.get("PORTALWATCH_DB", "")  # a path or URL; empty: the store's default (open_store)
PORTALWATCH_REGISTRY = os.environ.get("PORTALWATCH_REGISTRY", "")
PORTALWATCH_CONTACT = os.environ.get("PORTALWATCH_CONTACT", "https://github.com/portalwatch/portalwatch")
PORTALWATCH_PROGRESS = os.environ.get("PORTALWATCH_PROGRESS", "auto")  # auto (on a terminal), on, off
# Incremental runs (crawler/incremental.py): off reads every page again (``crawl --full``).
PORTALWATCH_INCREMENTAL = os.environ.get("PORTALWATCH_INCREMENTAL", "1") not in ("0", "false", "off")
# Seconds between deep runs (listings walked, recent articles re-checked for edits and takedowns).
PORTALWATCH_DEEP_EVERY = float(os.environ.get("PORTALWATCH_DEEP_EVERY", 86400))
PORTALWATCH_RECHECK = int(os.environ.get("PORTALWATCH_RECHECK", 20))  # recent articles a deep run re-checks
PORTALWATCH_KNOWN_STOP = 10  # consecutive known links that end an incremental run's pagination
PORTALWATCH_LOCK_TTL = 300  # seconds a run's lock lasts without a heartbeat (renewed every third of it)

USER_AGENT = f"portalwatch/0.1 (+{PORTALWATCH_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 60
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("PORTALWATCH_LOG_LEVEL", "INFO")

ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.dates.DatesPipeline": 200,
    "pipelines.fingerprint.FingerprintPipeline": 300,
    "pipelines.meetings.MeetingsPipeline": 400,
    "pipelines.store.StorePipeline": 600,
}
EXTENSIONS = {
    "crawler.runlog.RunLog": 500,
    "crawler.progress.Progress": 510,
}

# Loopback speed for portals served by `portalwatch simulate` (registry `simulated = true`).
SIMULATED_PORTAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 10,  # a loopback page answers in milliseconds; the simulator's injected timeouts wait 12 s
}

# Politeness: 429/503 wait for Retry-After or back off exponentially, and slow their host
# down for the rest of the run (crawler/retry.py); every other retry is Scrapy's own.
DOWNLOADER_MIDDLEWARES = {
    "crawler.offsite.OriginMiddleware": 60,  # before robots.txt: nothing off the portal's origin is requested
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.limits.BodyLimitsMiddleware": 540,  # its exceptions after the retries'; sets each request's limit
    "crawler.charset.CharsetMiddleware": 585,  # after decompression (590): a charset header its bytes contradict
    "crawler.retry.BackoffRetryMiddleware": 550,
    "crawler.offsite.RedirectGuardMiddleware": 650,  # sees a redirect before RedirectMiddleware (600) follows it
}
# Response sizes (crawler/limits.py), checked while a body arrives and while it is decompressed (gzip, brotli,
# zstd bombs). Portal pages weigh 0.1-1 MB; the heaviest seen are article pages with images pasted from Word as
# data: URIs, a few MB. 8 MiB passes those with room, while 16 transfers at the limit stay near 130 MB; Scrapy's
# 1 GiB default let one bomb take the crawl past 2 GB. Sitemaps may reach the protocol's 50 MB (their parse is
# streamed); a CMS API page of 100 posts with their text gets 16 MiB.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
PORTALWATCH_SITEMAP_MAXSIZE = 50 * 1024 * 1024
PORTALWATCH_API_MAXSIZE = 16 * 1024 * 1024
PORTALWATCH_RETRY_AFTER_MAX = 600.0  # seconds; a longer Retry-After gives the request up
PORTALWATCH_BACKOFF_BASE = 2.0  # seconds; without Retry-After, retry n waits half to all of BASE * 2**n
PORTALWATCH_BACKOFF_MAX = 120.0  # seconds; caps a backoff wait and a slowed-down host's delay
# Pages per run (Scrapy's CLOSESPIDER_PAGECOUNT, set per spider in crawler/spiderloader.py; the
# registry's `page_budget` wins; 0 for none). A run that hits it finishes as `closespider_pagecount`.
PORTALWATCH_PAGE_BUDGET = 5000
# The reading policy hands out no more requests than the budget (crawler/coverage.py), so a 2.6-million-URL
# sitemap queues at most the budget. Listing pages in a row that offer no article link new to the run end their
# chain of pages (a pagination trap: calendars, faceted search, an endless generated pager).
PORTALWATCH_TRAP_PAGES = 15
