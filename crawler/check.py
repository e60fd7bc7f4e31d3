"""Live checks of registry portals: reachable, moved elsewhere or gone, and on which CMS.

``check`` does the network part (urllib, redirects followed); ``verdict``, ``registry_values`` and
``update_registry`` are pure, so the classification and the registry rewrite are tested without a
network. The rewrite edits only the portal's own table, keeping every comment of the file. A lasting
redirect to another host is recorded as ``moved`` with the target as ``successor`` (the registry entry
on that host when there is one), so the map of the 2025 reform corrects itself as users check it.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from crawler import __version__
from crawler.detect import Fingerprint, fingerprint
from crawler.registry import ENDED, Portal, registry_files
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
        return PortalStatus.MOVED, f"redirects to {result.final_url}"
    return PortalStatus.ACTIVE, f"answers {result.status} as {result.cms or '?'}"


def moved_to(result: CheckResult, registry: Mapping[str, Portal]) -> str:
    """Where a redirected portal now lives: the registry entry on the target host, else the target's origin."""
    target = urlsplit(result.final_url or result.url)
    for other in registry.values():
        if other.domain == target.hostname and other.slug != result.slug:
            return other.slug
    return f"{target.scheme}://{target.netloc}"


def registry_values(
    portal: Portal, result: CheckResult, status: PortalStatus, reason: str, registry: Mapping[str, Portal], today: date
) -> dict[str, str | date | list[str]]:
    """The fields ``portals check --write`` sets in the portal's table for this verdict."""
    values: dict[str, str | date | list[str]] = {"status": status.value, "notes": f"checked {today}: {reason}"}
    if status in ENDED and portal.retired_on is None:
        values["retired_on"] = today
    if status is PortalStatus.MOVED:
        values["successor"] = [moved_to(result, registry)]
    elif status in ENDED and not portal.successor and not portal.retired_note:
        values["retired_note"] = f"{reason} when checked on {today}; no successor known"
    if result.cms and portal.cms is Cms.GENERIC and not portal.platform:
        values["cms"] = result.cms.value
    return values


def _literal(value: str | date | Sequence[str]) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return '"' + value.replace('"', "'") + '"'
    return "[" + ", ".join(_literal(v) for v in value) + "]"


def update_registry(text: str, slug: str, values: Mapping[str, str | date | Sequence[str]]) -> str:
    """Set fields in one ``[portals.<slug>]`` table of the registry text, keeping everything else."""
    header = re.search(rf"(?m)^\[portals\.{re.escape(slug)}\]\s*$", text)
    if header is None:
        raise KeyError(slug)
    nxt = re.compile(r"(?m)^\[").search(text, header.end())
    end = nxt.start() if nxt else len(text)
    block = text[header.end() : end]
    for key, value in values.items():
        line = f"{key} = {_literal(value)}"
        # an array value may span lines ("successor = [\n  ...,\n]"): replace it whole
        pattern = re.compile(rf"(?m)^{re.escape(key)}\s*=\s*(?:\[[^\]]*\][^\n]*|.*)$")
        if pattern.search(block):
            block = pattern.sub(line, block, count=1)
        else:
            body = block.rstrip("\n")
            block = body + "\n" + line + (block[len(body) :] or "\n")
    return text[: header.end()] + block + text[end:]


def write_updates(path: Path, updates: Mapping[str, Mapping[str, str | date | Sequence[str]]]) -> list[Path]:
    """Apply ``update_registry`` for each slug to the registry file that declares it (``portals.toml`` or one of
    the per-province files beside it); the files written, each once."""
    texts = {file: file.read_text(encoding="utf-8") for file in registry_files(path)}
    written: list[Path] = []
    for slug, values in updates.items():
        header = re.compile(rf"(?m)^\[portals\.{re.escape(slug)}\]\s*$")
        file = next((f for f, text in texts.items() if header.search(text)), None)
        if file is None:
            raise KeyError(slug)
        texts[file] = update_registry(texts[file], slug, values)
        if file not in written:
            written.append(file)
    for file in written:
        file.write_text(texts[file], encoding="utf-8")
    return written
