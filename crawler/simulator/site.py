"""What every simulated portal shares: its spec, its articles, static files and injected faults.

A CMS module (``wordpress.py``, ``liferay.py``) subclasses ``SimSite`` and renders that CMS's real
page templates in ``route``; everything here is CMS-neutral.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qs, urlsplit

from crawler.simulator.corpus import SimArticle, generate
from crawler.vocab import Cms

# Faults a spec may ask for, so tests see how a crawl survives a bad portal.
FAULTS = frozenset({
    "listing_500",       # the second listing page answers 500
    "article_500",       # every 7th article answers 500
    "malformed_article", # every 5th article is cut off before its title, with broken markup
    "rest_disabled",     # WordPress: the REST API answers 401 rest_cannot_access (HTML listings only)
})


@dataclass(frozen=True)
class SiteSpec:
    """One simulated portal: its registry slug, CMS, place and size."""

    slug: str
    cms: Cms
    place: str
    count: int
    first_id: int
    port_offset: int
    seeds: tuple[str, ...] = ()
    faults: frozenset[str] = frozenset()
    site_path: str = "hth"  # Liferay site friendly URL (/web/<site_path>/...)


@dataclass
class SimResponse:
    """A response the simulator sends: status, body and headers."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def html(page: str, status: int = 200) -> SimResponse:
    return SimResponse(status, page.encode("utf-8"))


NOT_FOUND = SimResponse(404, b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>")
SERVER_ERROR = SimResponse(500, b"<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>")
_JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SimSite:
    """Base of a simulated portal; subclasses implement ``route`` with their CMS's templates."""

    def __init__(self, spec: SiteSpec) -> None:
        self.spec = spec
        # Where the site is served; the server sets it once it has a port. Sitemaps, robots.txt and
        # feeds print absolute URLs with it, as the real CMSes do.
        self.origin = f"http://127.0.0.1:{8700 + spec.port_offset}"

    @cached_property
    def articles(self) -> list[SimArticle]:
        """All articles, newest first."""
        return generate(self.spec.place, self.spec.count, first_id=self.spec.first_id, seeds=self.spec.seeds)

    @cached_property
    def _rendered(self) -> dict[tuple[object, ...], SimResponse]:
        return {}

    def cached(self, key: tuple[object, ...], render: Callable[[], str], content_type: str = "") -> SimResponse:
        """A rendered page, kept: a benchmark crawl asks for thousands of them."""
        if key not in self._rendered:
            resp = html(render())
            if content_type:
                resp.content_type = content_type
            self._rendered[key] = resp
        return self._rendered[key]

    @cached_property
    def by_id(self) -> dict[int, SimArticle]:
        return {a.id: a for a in self.articles}

    def revise(self, edits: Mapping[int, SimArticle] | None = None, removals: Collection[int] = ()) -> None:
        """Edit or take down articles between two crawls, as a portal's editor does (revision tests).

        Every cached view of the articles (lookups, rendered pages) is dropped with them."""
        articles = [(edits or {}).get(a.id, a) for a in self.articles if a.id not in removals]
        for name in [n for n in self.__dict__ if isinstance(getattr(type(self), n, None), cached_property)]:
            del self.__dict__[name]
        self.__dict__["articles"] = articles

    def is_faulty(self, article: SimArticle, fault: str, every: int) -> bool:
        """Whether ``fault`` hits this article (deterministic: every ``every``-th id, never a seed)."""
        # Generated ids step by 7 from first_id, so id // 7 counts articles one by one.
        return fault in self.spec.faults and article.seed is None and (article.id // 7) % every == 0

    def handle(self, target: str, form: dict[str, list[str]] | None = None) -> SimResponse:
        """Answer a GET for ``target`` (path and query string), or a POST when ``form`` is given."""
        parts = urlsplit(target)
        path, query = parts.path or "/", parse_qs(parts.query)
        if form is not None:
            return self.route_post(path, query, form) or SimResponse(405, b"Method Not Allowed", "text/plain")
        if path == "/robots.txt":
            return SimResponse(200, self.robots().encode(), "text/plain; charset=utf-8")
        if path.endswith((".jpg", ".png")):
            return SimResponse(200, _JPEG, "image/jpeg")
        if path.endswith(".pdf"):
            return SimResponse(200, _PDF, "application/pdf")
        return self.route(path, query) or NOT_FOUND

    def robots(self) -> str:
        return "User-agent: *\nDisallow: /wp-admin/\nDisallow: /c/portal/\n"

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        raise NotImplementedError

    def route_post(self, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> SimResponse | None:
        """Answer a form POST (ASP.NET postbacks); most CMSes serve none."""
        return None

    def broken(self, article: SimArticle) -> SimResponse | None:
        """The faulty answer for an article page, or None when it is served normally."""
        if self.is_faulty(article, "article_500", 7):
            return SERVER_ERROR
        if self.is_faulty(article, "malformed_article", 5):
            return html("<html><head><meta charset='utf-8'><body><div class='entry-content'><p>Ngày </div"
                        "><table><tr><td><p>" + article.paragraphs[0][:30])
        return None
