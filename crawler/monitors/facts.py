"""What one run tells about its portal's health, read from Scrapy stats and kept in the run's row.

Each figure is counted where it happens: the spider counts listing links and the article pages its adapter could
not read, ``pipelines.health`` the fields of each article and the quarantined pages, ``PageChecks`` (a spider
middleware) the cross-check with the generic extractor, ``RedirectWatch`` (a downloader middleware) redirects to
another site; 410 answers and DNS failures are Scrapy's own downloader stats. ``RunFacts`` reads them once, at run
end, into a plain value the checks compare with the history of earlier runs (``RunRecord.facts``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

PREFIX = "portalwatch/"
FIELDS = ("title", "published", "body", "byline")  # field coverage is measured on these
REQUIRED = ("title", "body")  # an article without one of these is a selector failure

LINKS = PREFIX + "links"  # article links (and whole items) listings offered, known ones included
CHECKED = PREFIX + "fields/checked"  # articles whose fields were counted
FIELD = PREFIX + "fields/"  # + field name: articles with that field
SELECTOR = PREFIX + "selector_failures/"  # + field name: articles with that required field empty
UNREAD = PREFIX + "selector_failures/page"  # article pages the adapter could not read at all
QUARANTINED = PREFIX + "quarantined"
SAMPLED = PREFIX + "crosscheck/sampled"
DISAGREED = PREFIX + "crosscheck/disagreed"
DISAGREEMENT = PREFIX + "crosscheck/example"  # one disagreement, for the alert's reason
OFFSITE = PREFIX + "redirects/offsite"  # start and listing pages redirected to another origin
OFFSITE_TARGET = PREFIX + "redirects/target"  # that origin (the last seen)
OWN_PAGES = PREFIX + "responses/own_origin"  # 200 and 304 answers from the portal's own origin
GONE = "downloader/response_status_count/410"
DNS = "downloader/exception_type_count/twisted.internet.error.DNSLookupError"


def _int(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return value if isinstance(value, int) else 0


@dataclass(frozen=True)
class RunFacts:
    """One run's health figures. ``coverage`` maps a field to the share of checked articles that have it (absent
    when none was checked); ``selector_failures`` a required field (or ``page``) to its count."""

    status: str = ""
    mode: str = ""  # the reading policy's mode (full, walk, incremental)
    deep: bool = False  # an incremental run that also walked the listings
    items: int = 0
    new: int = 0
    listing_pages: int = 0
    article_pages: int = 0
    not_modified: int = 0
    requests: int = 0
    errors: int = 0
    links: int = 0
    checked: int = 0
    coverage: dict[str, float] = field(default_factory=dict)
    selector_failures: dict[str, int] = field(default_factory=dict)
    sampled: int = 0
    disagreed: int = 0
    disagreement: str = ""
    offsite_redirects: int = 0
    redirect_target: str = ""
    own_pages: int = 0
    gone: int = 0
    dns_failures: int = 0
    quarantined: int = 0

    @property
    def error_rate(self) -> float:
        """Failed pages per request (0 when nothing was requested)."""
        return self.errors / self.requests if self.requests else 0.0

    @property
    def walked_listings(self) -> bool:
        """Whether the run read the listings themselves, not only what changed since the last run."""
        return self.mode != "incremental" or self.deep

    @property
    def read_pages(self) -> bool:
        """Whether the portal's own origin answered any page (a 304 counts)."""
        return self.listing_pages + self.article_pages + self.not_modified > 0

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any], status: str, mode: str = "", deep: bool = False) -> RunFacts:
        """The facts of a run from its Scrapy stats, its status (``crawler.runlog.run_end``) and its plan."""
        checked = _int(stats, CHECKED)
        coverage = {f: round(_int(stats, FIELD + f) / checked, 4) for f in FIELDS} if checked else {}
        failures = {f: _int(stats, SELECTOR + f) for f in (*REQUIRED, "page") if _int(stats, SELECTOR + f)}
        return cls(
            status=status,
            mode=mode,
            deep=deep,
            items=sum(_int(stats, f"{PREFIX}items/{r}") for r in ("new", "updated", "unchanged")),
            new=_int(stats, PREFIX + "items/new"),
            listing_pages=_int(stats, PREFIX + "listing_pages"),
            article_pages=_int(stats, PREFIX + "article_pages"),
            not_modified=_int(stats, PREFIX + "not_modified"),
            requests=_int(stats, "downloader/request_count"),
            errors=_int(stats, PREFIX + "errors/parse") + _int(stats, PREFIX + "errors/download"),
            links=_int(stats, LINKS),
            checked=checked,
            coverage=coverage,
            selector_failures=failures,
            sampled=_int(stats, SAMPLED),
            disagreed=_int(stats, DISAGREED),
            disagreement=str(stats.get(DISAGREEMENT) or ""),
            offsite_redirects=_int(stats, OFFSITE),
            redirect_target=str(stats.get(OFFSITE_TARGET) or ""),
            own_pages=_int(stats, OWN_PAGES),
            gone=_int(stats, GONE),
            dns_failures=_int(stats, DNS),
            quarantined=_int(stats, QUARANTINED),
        )

    def as_json(self) -> dict[str, Any]:
        """The facts as the ``runs.facts`` column keeps them (with the error rate, for readers of the row)."""
        return {**asdict(self), "error_rate": round(self.error_rate, 4)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> RunFacts | None:
        """Facts read back from a run row; None for rows written before facts were kept."""
        if not data:
            return None
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})
