"""Live checks of registry portals: reachable, redirected or gone, and on which CMS.

``check`` does the network part (urllib, redirects followed); ``verdict`` and ``update_registry``
are pure, so the classification and the registry rewrite are tested without a network. The rewrite
edits only the portal's own table, keeping every comment of the file.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from crawler import __version__
from crawler.detect import Fingerprint, fingerprint
from crawler.registry import Portal
from crawler.vocab import Cms, PortalStatus


@dataclass
class CheckResult:
    """What one live check of a portal saw."""

    slug: str
    url: str
    status: int | None = None
    final_url: str | None = None
    error: str | None = None
    cms: Cms | None = None
    evidence: list[str] = field(default_factory=list)


def check(portal: Portal, timeout: float = 20) -> CheckResult:
    """Fetch the portal's first start page, following redirects, and fingerprint what answers."""
    url = portal.start_urls[0]
    result = CheckResult(slug=portal.slug, url=url)
    request = urllib.request.Request(url, headers={"User-Agent": f"portalwatch/{__version__} (registry check)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            result.status, result.final_url = resp.status, resp.geturl()
            html = resp.read().decode(resp.headers.get_content_charset() or "utf-8", errors="replace")
            found: Fingerprint = fingerprint(result.final_url, html, dict(resp.headers.items()))
            result.cms, result.evidence = found.cms, found.evidence
    except urllib.error.HTTPError as exc:
        result.status, result.final_url = exc.code, exc.geturl()
    except (urllib.error.URLError, OSError) as exc:
        result.error = str(getattr(exc, "reason", exc))
    return result


def verdict(portal: Portal, result: CheckResult) -> tuple[PortalStatus, str]:
    """The registry status a check supports, with a one-line reason."""
    if result.error is not None:
        return PortalStatus.RETIRED, f"unreachable: {result.error}"
    if result.status in (404, 410):
        return PortalStatus.RETIRED, f"answers {result.status}"
    if result.status is None or result.status >= 400:
        return PortalStatus.UNVERIFIED, f"answers {result.status}; try again later"
    moved = urlsplit(result.final_url or result.url).hostname != urlsplit(portal.base_url).hostname
    if moved:
        return PortalStatus.REDIRECTED, f"redirects to {result.final_url}"
    return PortalStatus.ACTIVE, f"answers {result.status} as {result.cms or '?'}"


def update_registry(text: str, slug: str, values: dict[str, str | date]) -> str:
    """Set fields in one ``[portals.<slug>]`` table of the registry text, keeping everything else."""
    header = re.search(rf"(?m)^\[portals\.{re.escape(slug)}\]\s*$", text)
    if header is None:
        raise KeyError(slug)
    nxt = re.compile(r"(?m)^\[").search(text, header.end())
    end = nxt.start() if nxt else len(text)
    block = text[header.end() : end]
    for key, value in values.items():
        literal = value.isoformat() if isinstance(value, date) else '"' + str(value).replace('"', "'") + '"'
        line = f"{key} = {literal}"
        pattern = re.compile(rf"(?m)^{re.escape(key)}\s*=.*$")
        if pattern.search(block):
            block = pattern.sub(line, block, count=1)
        else:
            body = block.rstrip("\n")
            block = body + "\n" + line + (block[len(body) :] or "\n")
    return text[: header.end()] + block + text[end:]
