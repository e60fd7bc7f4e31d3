"""A page whose declared charset contradicts its bytes is read in the charset its bytes are in.

Servers of Vietnamese portals are often configured with a default ``charset=iso-8859-1`` (or another
single-byte set) while the CMS writes UTF-8, and Scrapy believes the header: every title would be stored as
mojibake ("Há»i nghá»‹"). The reverse happens too: a header saying UTF-8 on an old page in Windows-1258. UTF-8
with multi-byte sequences is self-checking (random single-byte text is almost never valid UTF-8), so:

- declared single-byte, body valid UTF-8 with non-ASCII bytes: read as UTF-8;
- declared UTF-8, body not valid UTF-8: read as the charset the page's own ``<meta>`` names, else
  Windows-1258 (the Vietnamese single-byte code page).

Stat: ``portalwatch/charset_fixed``.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.http import Response, TextResponse

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_SINGLE_BYTE = re.compile(r"^(?:iso-?8859-\d+|latin-?1|l1|windows-125\d|cp125\d|us-ascii|ascii|tcvn.*|viscii)$", re.I)


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def corrected(header_charset: str | None, body: bytes) -> str | None:
    """The charset to read ``body`` in when the header's contradicts the bytes, else None."""
    declared = (header_charset or "").strip().strip("\"'")
    if not declared:
        return None
    if _SINGLE_BYTE.match(declared) and not body.isascii() and _valid_utf8(body):
        return "utf-8"
    if _codec(declared) == "utf-8" and not _valid_utf8(body):
        meta = _META.search(body[:4096])
        named = _codec(meta.group(1).decode("ascii", "replace")) if meta else None
        return named if named and named != "utf-8" else "cp1258"
    return None


class CharsetMiddleware:
    """Downloader middleware (after decompression): a text response read in the charset its bytes are in."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        match = re.search(r"charset\s*=\s*([^;\s]+)", ctype, re.I)
        charset = corrected(match.group(1) if match else None, response.body)
        if charset is None:
            return response
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("portalwatch/charset_fixed")
        return response.replace(encoding=charset)
