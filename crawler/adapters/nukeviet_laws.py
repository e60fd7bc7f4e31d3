"""NukeViet's ``laws`` module ("Văn bản"): the document list, a document's page, and its RSS, read into values.

Templates of nukeviet/module-laws (4.5.x, see ``crawler/simulator/nukeviet_laws.py`` for the files read): the
list is ``div.flex-table-laws`` with one ``div.table-rows`` per document (``c-code`` number link, ``c-time`` issue
date ``d/m/Y``, ``c-intro`` trích yếu, ``ul.laws-download`` files) and ``nv_alias_page``'s pager; the page is
``h1.lawh3`` (title), the trích yếu paragraph, a two-column table of labelled fields ("Số kí hiệu", "Ngày ban
hành", "Ngày bắt đầu hiệu lực", "Ngày hết hiệu lực", "Thể loại", "Cơ quan ban hành", "Người ký"...: empty fields are
hidden by default, so each is optional) and the ``laws-download-file`` list; RSS items are titled
"[<number>] <title>" and described "Ngày ban hành: d/m/Y. Trích yếu: ...". Detail URLs are
``/<module>/detail/<alias>-<id>/`` (the module is often renamed, ``/van-ban/``), or ``index.php?...&op=detail/...``.

Pure functions of a response: the spider decides what to fetch; ``places``
(``crawler.documents.issuers.places_of(portal)``) places the portal's own committees when the page names them
without a locality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlsplit

import feedparser
from scrapy.http import TextResponse

from crawler.adapters.base import ParseError, first_text, same_site, text_of
from crawler.dates import parse_date
from crawler.documents.issuers import issuer_for
from crawler.documents.model import TYPE_NAMES, Document, DocumentFile, DocumentNumber
from crawler.documents.numbers import parse_number
from crawler.text import clean_text, fold

DETAIL = re.compile(r"^(?:/[a-z]{2})?/[\w-]+/detail/([\w-]+)-(\d+)/?$")
_DETAIL_OP = re.compile(r"^detail/([\w-]+)-(\d+)$")
_FEED_TITLE = re.compile(r"^\s*\[(?P<code>[^\]]+)\]\s*(?P<title>.*)$", re.S)
_FEED_DESCRIPTION = re.compile(r"Ngày ban hành:\s*(?P<date>[\d/]+)\.\s*Trích yếu:\s*(?P<summary>.*)$", re.S)
# Field labels of detail.tpl (language/vi.php), folded; the spelling "ký" appears on translated themes too.
_LABELS = {
    "số kí hiệu": "number",
    "số ký hiệu": "number",
    "ngày ban hành": "issue_date",
    "ngày bắt đầu hiệu lực": "effective_date",
    "ngày hết hiệu lực": "expiry_date",
    "thể loại": "type",
    "cơ quan ban hành": "issuer",
    "người ký": "signer",
    "người kí": "signer",
}


@dataclass(frozen=True)
class LawRow:
    """One document as a list or feed shows it: enough to decide whether to read its page."""

    url: str
    number: DocumentNumber | None
    issue_date: date | None
    summary: str
    files: tuple[DocumentFile, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class LawsListing:
    """The documents of one list page, and the other list pages it links to."""

    rows: list[LawRow]
    pages: list[str]


def law_id(url: str | None) -> str | None:
    """The document id at the end of a detail URL, rewritten or not; None for any other URL."""
    parts = urlsplit(url or "")
    m = DETAIL.match(parts.path)
    if m:
        return m.group(2)
    op = parse_qs(parts.query).get("op", [""])[0]
    m = _DETAIL_OP.match(op)
    return m.group(2) if m else None


def laws_feed(url: str | None) -> str | None:
    """The module's RSS (``/<module>/rss/``, the 30 newest) from one of its rewritten detail URLs; None otherwise."""
    parts = urlsplit(url or "")
    m = DETAIL.match(parts.path)
    if not m:
        return None
    module = parts.path[: parts.path.index("/detail/")]
    return f"{parts.scheme}://{parts.netloc}{module}/rss/"


def _day(text: str | None) -> date | None:
    value = parse_date(text).value if text and text.strip() not in ("", "N/A") else None
    return value if isinstance(value, date) else None


def _files(links: list[tuple[str, str]], response: TextResponse) -> tuple[DocumentFile, ...]:
    return tuple(DocumentFile(response.urljoin(href), clean_text(name)) for href, name in links if href)


def parse_laws_listing(response: TextResponse) -> LawsListing:
    """The rows of a ``list.tpl`` page (main list, category, subject, area or signer list) and its pager's pages."""
    table = response.css("div.flex-table-laws")
    if not table:
        raise ParseError(f"{response.url}: no div.flex-table-laws: not a NukeViet laws list page")
    rows = []
    for row in table[0].css("div.table-rows:not(.table-head)"):
        link = row.css("div.c-code a")
        href = link.attrib.get("href") if link else None
        if not href:
            continue
        time_text = clean_text(" ".join(row.css("div.c-time::text").getall()))
        files = [(a.attrib.get("href", ""), a.attrib.get("title") or text_of(a)) for a in row.css("ul.laws-download a")]
        rows.append(
            LawRow(
                url=response.urljoin(href),
                number=parse_number(text_of(link[0])),
                issue_date=_day(time_text),
                summary=text_of(row.css("div.c-intro > a")[0]) if row.css("div.c-intro > a") else "",
                files=_files(files, response),
            )
        )
    hrefs = [h for h in response.css("div.generate_page a.page-link::attr(href)").getall() if h and h != "#"]
    pages = list(dict.fromkeys(same_site(response, [response.urljoin(h) for h in hrefs])))
    return LawsListing(rows, [p for p in pages if p != response.url])


def parse_law_detail(response: TextResponse, places: dict[str, str] | None = None) -> Document:
    """A ``detail.tpl`` page as a ``Document``: number, type, issuer, signer, dates, trích yếu and files."""
    title = first_text(response.css("h1.lawh3"))
    fields: dict[str, str] = {}
    for tr in response.css("div.table-responsive table tr"):
        cells = tr.css("td")
        if len(cells) == 2:
            key = _LABELS.get(fold(text_of(cells[0])))
            if key and key not in fields:
                fields[key] = text_of(cells[1])
    number = parse_number(fields.get("number", ""))
    if title is None or number is None:
        raise ParseError(f"{response.url}: no h1.lawh3 title or no 'Số kí hiệu' field: not a NukeViet laws page")
    summary = clean_text(
        " ".join(response.xpath("//h1[contains(@class,'lawh3')]/following-sibling::p[1]//text()").getall())
    )
    named = TYPE_NAMES.get(fold(fields.get("type", "")))
    links = [
        (a.attrib.get("href", ""), first_text(a.css("strong")) or text_of(a))
        for a in response.css("div.laws-download-file a[href*='download=1']")
    ]
    return Document(
        number=number,
        type=named or number.type,
        issuer=issuer_for(number, who=fields.get("issuer"), places=places),
        summary=summary or title,
        signer=fields.get("signer") or None,
        issue_date=_day(fields.get("issue_date")),
        effective_date=_day(fields.get("effective_date")),
        expiry_date=_day(fields.get("expiry_date")),
        title=title,
        files=_files(links, response),
        url=response.urljoin(response.css("link[rel=canonical]::attr(href)").get() or response.url),
    )


def parse_laws_feed(response: TextResponse) -> list[LawRow]:
    """The module's RSS (``/<module>/rss/``): number, link, issue date and trích yếu of the 30 newest documents."""
    feed = feedparser.parse(response.body)
    rows = []
    for entry in feed.entries:
        title = _FEED_TITLE.match(clean_text(entry.get("title", "")))
        described = _FEED_DESCRIPTION.search(clean_text(entry.get("summary", "")))
        link = entry.get("link")
        if not link:
            continue
        rows.append(
            LawRow(
                url=response.urljoin(link),
                number=parse_number(title.group("code")) if title else None,
                issue_date=_day(described.group("date")) if described else None,
                summary=described.group("summary").strip() if described else "",
            )
        )
    return rows
