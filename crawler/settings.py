"""Scrapy settings. Project settings share the ``PORTALWATCH_`` prefix; environment variables
override them here and nowhere else.

Defaults are polite for real government hosts (robots.txt, AutoThrottle, two requests per host);
simulated portals on 127.0.0.1 get loopback speeds from ``crawler.spiderloader``.
"""

from __future__ import annotations

import os

from scrapy.settings import default_settings

from crawler import __version__

BOT_NAME = "portalwatch"
SPIDER_LOADER_CLASS = "crawler.spiderloader.PortalSpiderLoader"
SPIDER_MODULES: list[str] = []

PORTALWATCH_DB = os.environ.get("PORTALWATCH_DB", "")  # a path or URL; empty: the store's default (open_store)
PORTALWATCH_REGISTRY = os.environ.get("PORTALWATCH_REGISTRY", "")
PORTALWATCH_CONTACT = os.environ.get("PORTALWATCH_CONTACT", "https://github.com/portalwatch/portalwatch")
# auto: a line redrawn on a terminal, else a line every PORTALWATCH_PROGRESS_EVERY seconds; on; off.
PORTALWATCH_PROGRESS = os.environ.get("PORTALWATCH_PROGRESS", "auto")
PORTALWATCH_PROGRESS_EVERY = float(os.environ.get("PORTALWATCH_PROGRESS_EVERY", 30))
# Incremental runs (crawler/incremental.py): off reads every page again (``crawl --full``).
PORTALWATCH_INCREMENTAL = os.environ.get("PORTALWATCH_INCREMENTAL", "1") not in ("0", "false", "off")
# Seconds between deep runs (listings walked, recent articles re-checked for edits and takedowns).
PORTALWATCH_DEEP_EVERY = float(os.environ.get("PORTALWATCH_DEEP_EVERY", 86400))
PORTALWATCH_RECHECK = int(os.environ.get("PORTALWATCH_RECHECK", 20))  # recent articles a deep run re-checks
PORTALWATCH_KNOWN_STOP = 10  # consecutive known links that end an incremental run's pagination
PORTALWATCH_LOCK_TTL = 300  # seconds a run's lock lasts without a heartbeat (renewed every third of it)

USER_AGENT = f"portalwatch/{__version__} (+{PORTALWATCH_CONTACT})"
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
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the spider logs each failed page once, with its status (crawler/progress.py)
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control runs Python code sent over HTTP (token in a file under the user's profile): off,
# like the telnet console; it also cost each crawl 80 ms at start (an aiohttp server).
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("PORTALWATCH_LOG_LEVEL", "INFO")

# Items per response processed at once. Scrapy's default of 100 starts 100 asyncio tasks per response, most of the
# crawl's event-loop work when a page yields one article; the pipelines are CPU work but the store's, which waits
# for its batch to commit: 16 lets a REST or feed page that yields 100 articles fill a batch 16 at a time.
CONCURRENT_ITEMS = 16
# The store pipeline commits articles in batches: at most this many per transaction, waiting at most this many
# seconds for a batch to fill (an article is acknowledged once committed; pipelines/store.py).
PORTALWATCH_STORE_BATCH = 100
PORTALWATCH_STORE_BATCH_DELAY = 0.05
# The youngest generation's collection threshold once the start-up heap is frozen (crawler/gctuning.py); 0: Python's.
PORTALWATCH_GC_THRESHOLD = 5000

ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.dates.DatesPipeline": 200,
    "pipelines.fingerprint.FingerprintPipeline": 300,
    "pipelines.meetings.MeetingsPipeline": 400,
    "pipelines.health.HealthPipeline": 450,
    "pipelines.attachments.AttachmentsPipeline": 460,
    "pipelines.documents.DocumentsPipeline": 470,
    "pipelines.store.StorePipeline": 600,
}
# Attachments (pipelines/attachments.py): PDF, DOC, DOCX, XLS and XLSX files of articles downloaded and read during the
# crawl (off: linked only). MAX_BYTES is each file's download limit (Scrapy's download_maxsize); WORKERS the
# extractions at once (each a sandboxed process; OCR ~2 s a page); TIMEOUT the seconds one file may take, OCR included.
PORTALWATCH_ATTACHMENTS = os.environ.get("PORTALWATCH_ATTACHMENTS", "1") not in ("0", "false", "off", "")
PORTALWATCH_ATTACHMENT_MAX_BYTES = int(os.environ.get("PORTALWATCH_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
PORTALWATCH_ATTACHMENT_WORKERS = int(os.environ.get("PORTALWATCH_ATTACHMENT_WORKERS", 2))
PORTALWATCH_ATTACHMENT_TIMEOUT = 120.0
PORTALWATCH_ATTACHMENT_OCR_PAGES = 30  # scanned pages read by OCR per file
PORTALWATCH_ATTACHMENTS_PER_ARTICLE = 10
PORTALWATCH_ATTACHMENT_ATTEMPTS = 3  # crawls that try a failed download before it is given up
# Scrapy's own extensions but the remote control, which is off (REMOTE_CONTROL_ENABLED above) and is not even loaded:
# Scrapy imports every listed extension's module when it merges this setting, and that one imports aiohttp's web
# server (0.13-0.3 s of every crawl's start) before its setting turns it off.
EXTENSIONS_BASE = {
    name: order
    for name, order in default_settings.EXTENSIONS_BASE.items()
    if name != "scrapy.extensions.remote_control.RemoteControl"
}
EXTENSIONS = {
    "crawler.gctuning.GcTuning": 0,
    "crawler.runlog.RunLog": 500,
    "crawler.progress.Progress": 510,
    "crawler.evidence.recorder.EvidenceRecorder": 520,
    "crawler.progress.DownloadFailureLog": 530,
}
# Evidence trail (crawler/evidence): article pages kept as WARC records (SHA-256, revisits when unchanged) with a
# CDXJ index, one rolling file per portal under the directory. KEEP bounds it: versions per page and/or days
# ("20", "365d", "20,365d"; empty keeps everything); FILE_SIZE is where a portal's file rolls over (bytes).
PORTALWATCH_EVIDENCE = os.environ.get("PORTALWATCH_EVIDENCE", "0") not in ("0", "false", "off", "")
PORTALWATCH_EVIDENCE_DIR = os.environ.get("PORTALWATCH_EVIDENCE_DIR", "data/evidence")
PORTALWATCH_EVIDENCE_KEEP = os.environ.get("PORTALWATCH_EVIDENCE_KEEP", "")
PORTALWATCH_EVIDENCE_FILE_SIZE = 1 << 30
PORTALWATCH_EVIDENCE_CALLBACKS = ["parse_article", "parse_recheck"]  # the spider's callbacks for article pages

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
    # process_response runs from the highest number down: the health watch counts a redirect to another site
    # (a portal that moved) before the guard refuses it, and both before RedirectMiddleware (600) follows one.
    "crawler.monitors.redirects.RedirectWatch": 660,
    "crawler.offsite.RedirectGuardMiddleware": 650,
}
# Article pages' off-site links and the cross-check with the generic extractor (crawler/monitors/pagechecks.py).
SPIDER_MIDDLEWARES = {"crawler.monitors.pagechecks.PageChecks": 850}

# Portal health (crawler/monitors/checks.py), judged at the end of every run from the run history.
PORTALWATCH_HEALTH_ENABLED = True  # off: no checks, no health alerts (facts are still recorded)
PORTALWATCH_HEALTH_NOW = os.environ.get(
    "PORTALWATCH_HEALTH_NOW", ""
)  # ISO time the checks take as now (tests, replays)
PORTALWATCH_HEALTH_HISTORY = 10  # earlier runs a check compares with
PORTALWATCH_HEALTH_SAMPLE = 5  # article pages per run read again by the generic extractor
PORTALWATCH_HEALTH_MIN_ITEMS = 5  # articles a run must check before its coverage or selector failures are judged
PORTALWATCH_HEALTH_COVERAGE_DROP = 0.5  # a field's coverage below (1 - this) x its usual share is a drop
PORTALWATCH_HEALTH_MAX_SELECTOR_FAILURES = 0.2  # share of article pages with a required field missing (or unread)
PORTALWATCH_HEALTH_MAX_DISAGREEMENT = 0.5  # share of cross-checked pages whose titles differ
PORTALWATCH_HEALTH_QUIET_FACTOR = 3.0  # quiet after this many usual gaps without a new article
PORTALWATCH_HEALTH_QUIET_MIN_DAYS = 2.0  # and never sooner than this many days
PORTALWATCH_HEALTH_UNREACHABLE_RUNS = 2  # consecutive runs that read nothing before a portal is unreachable
PORTALWATCH_HEALTH_MOVED_RUNS = 2  # consecutive runs redirected to one other site before a portal has moved
PORTALWATCH_HEALTH_GONE_RUNS = 3  # consecutive runs of 410s or DNS failures before a portal is gone

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

# Cluster mode (crawler/cluster, `portalwatch worker --redis URL`): Redis keys share this prefix; a worker's claim
# of a run lasts this many seconds unrenewed (a dead worker's runs pass on after it); a host slowed down by a
# 429/503 keeps its longer delay across the cluster this long.
PORTALWATCH_CLUSTER_PREFIX = os.environ.get("PORTALWATCH_CLUSTER_PREFIX", "portalwatch")
PORTALWATCH_CLUSTER_LEASE = float(os.environ.get("PORTALWATCH_CLUSTER_LEASE", 60))
PORTALWATCH_HOST_SLOWDOWN_TTL = 3600.0

# Alerts to channels (crawler/channels, `portalwatch deliver`): the workbench's address for the entry-page link in
# each message (none when unset; a subscribers file's base_url wins), and the ISO time delivery starts its clock at
# (tests, replays of digests and quiet hours; the clock runs on from it).
PORTALWATCH_BASE_URL = os.environ.get("PORTALWATCH_BASE_URL", "")
PORTALWATCH_DELIVER_NOW = os.environ.get("PORTALWATCH_DELIVER_NOW", "")
