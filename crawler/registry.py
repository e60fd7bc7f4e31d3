"""The portal registry: ``portals.toml`` loaded and validated into frozen ``Portal`` records.

A portal is data, not code. Every mistake in the file fails at start-up with one sentence that names
the portal and the field, so that an editor of the registry never meets a traceback.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.vocab import Cms, Level, PortalStatus

DEFAULT_REGISTRY = Path(__file__).with_name("portals.toml")
_PACKAGED = resources.files("crawler").joinpath("portals.toml")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
CADENCE = re.compile(r"^(\d+)\s*(s|m|h|d)$")
_HEADER = re.compile(r"^\s*\[portals\.([^\].\s]+)\]\s*$", re.M)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
SELECTOR_FIELDS = frozenset({"title", "published", "modified", "byline", "category", "lead", "body", "listing"})


class RegistryError(ValueError):
    """A registry entry is invalid; the message says which portal, which field and what to do."""


@dataclass(frozen=True)
class Portal:
    """One monitored portal, as the registry declares it."""

    slug: str
    name: str
    province: str
    base_url: str
    cms: Cms
    level: Level = Level.DISTRICT
    district: str | None = None
    start_paths: tuple[str, ...] = ("/",)
    cadence: timedelta = timedelta(hours=1)
    status: PortalStatus = PortalStatus.ACTIVE
    retired_on: date | None = None
    successor: str | None = None
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    simulated: bool = False
    seen_at: str | None = None  # the public page where this portal's URL was found
    notes: str | None = None
    # Politeness overrides (None: the project's settings): seconds between requests (DOWNLOAD_DELAY),
    # requests at once to the host (CONCURRENT_REQUESTS_PER_DOMAIN), pages per run (CLOSESPIDER_PAGECOUNT).
    delay: float | None = None
    concurrency: int | None = None
    page_budget: int | None = None

    @property
    def start_urls(self) -> list[str]:
        """Listing pages and feeds to start from, made absolute against ``base_url``."""
        return [urljoin(self.base_url.rstrip("/") + "/", p.lstrip("/")) for p in self.start_paths]

    @property
    def domain(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    def with_base_url(self, base_url: str) -> Portal:
        """The same portal served from another host (the simulator, a mirror)."""
        _check_url(self.slug, "base_url", base_url)
        return replace(self, base_url=base_url.rstrip("/"))


def _fail(slug: str, fieldname: str, problem: str) -> RegistryError:
    return RegistryError(f"portal '{slug}': field '{fieldname}' {problem}; fix it in the registry file.")


def _check_url(slug: str, fieldname: str, value: object) -> str:
    parts = urlsplit(str(value))
    if not isinstance(value, str) or parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(slug, fieldname, f"is {value!r}, not an http(s) URL with a host")
    return value


def parse_cadence(slug: str, value: object, simulated: bool = False) -> timedelta:
    """``"30m"``, ``"1h"``, ``"1d"`` into a timedelta of at least five minutes (seconds, for the simulator's
    portals only: a schedule test needs cadences a real host must never get)."""
    m = CADENCE.match(str(value).strip())
    if not m or int(m.group(1)) == 0:
        raise _fail(slug, "cadence", f"is {value!r}; write a number and a unit such as '30m', '1h' or '1d'")
    delta = timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    if delta < timedelta(minutes=5) and not simulated:
        raise _fail(slug, "cadence", f"is {value!r}; portals are crawled at most every 5 minutes")
    return delta


MAX_CONCURRENCY = 8


def _delay(slug: str, value: object) -> float | None:
    """Seconds between requests: a number, 0 or more (0 is for hosts we run ourselves)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise _fail(slug, "delay", f"is {value!r}; write a number of seconds, 0 or more, such as 2 or 0.5")
    return float(value)


def _whole(slug: str, fieldname: str, value: object, low: int, high: int | None, what: str) -> int | None:
    """A whole number within bounds (TOML booleans are not numbers here)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise _fail(slug, fieldname, f"is {value!r}; write a whole number of {what}, {bounds}")
    return value


def _enum(slug: str, fieldname: str, enum: type[Any], value: object) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise _fail(slug, fieldname, f"is {value!r}, expected one of: {allowed}") from None


def _portal(slug: str, raw: Mapping[str, Any]) -> Portal:
    if not SLUG.match(slug):
        raise _fail(slug, "slug", "must be 2-63 lower-case letters, digits or hyphens")
    for required in ("name", "province", "base_url", "cms"):
        if not raw.get(required):
            raise _fail(slug, required, "is missing")
    known = {f for f in Portal.__dataclass_fields__} - {"slug"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _fail(slug, unknown[0], "is not a registry field")
    paths = raw.get("start_paths", ["/"])
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise _fail(slug, "start_paths", "must be a non-empty list of paths or URLs")
    selectors = raw.get("selectors", {})
    bad = sorted(set(selectors) - SELECTOR_FIELDS)
    if bad:
        raise _fail(slug, "selectors", f"names {bad[0]!r}; allowed: {', '.join(sorted(SELECTOR_FIELDS))}")
    status = _enum(slug, "status", PortalStatus, raw.get("status", "active"))
    retired_on = raw.get("retired_on")
    if retired_on is not None and not isinstance(retired_on, date):
        raise _fail(slug, "retired_on", f"is {retired_on!r}, not a TOML date such as 2025-07-01")
    if status in (PortalStatus.RETIRED, PortalStatus.REDIRECTED) and retired_on is None:
        raise _fail(slug, "retired_on", f"is required when status is '{status}'")
    return Portal(
        slug=slug,
        name=str(raw["name"]),
        province=str(raw["province"]),
        district=raw.get("district"),
        level=_enum(slug, "level", Level, raw.get("level", "district")),
        base_url=_check_url(slug, "base_url", raw["base_url"]).rstrip("/"),
        cms=_enum(slug, "cms", Cms, raw["cms"]),
        start_paths=tuple(paths),
        cadence=parse_cadence(slug, raw.get("cadence", "1h"), bool(raw.get("simulated", False))),
        status=status,
        retired_on=retired_on,
        successor=raw.get("successor"),
        selectors=MappingProxyType(dict(selectors)),
        simulated=bool(raw.get("simulated", False)),
        seen_at=_check_url(slug, "seen_at", raw["seen_at"]) if raw.get("seen_at") else None,
        notes=raw.get("notes"),
        delay=_delay(slug, raw.get("delay")),
        concurrency=_whole(slug, "concurrency", raw.get("concurrency"), 1, MAX_CONCURRENCY, "requests at once"),
        page_budget=_whole(slug, "page_budget", raw.get("page_budget"), 1, None, "pages"),
    )


def parse_registry(text: str, source: str = "registry") -> dict[str, Portal]:
    """Validate registry TOML text into portals keyed by slug."""
    seen: set[str] = set()
    for slug in _HEADER.findall(text):
        if slug in seen:
            raise _fail(slug, "slug", "is declared twice; give each portal its own slug")
        seen.add(slug)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source} is not valid TOML ({exc}); fix the syntax there.") from None
    tables = data.get("portals")
    if not isinstance(tables, dict) or not tables:
        raise RegistryError(f"{source} has no [portals.<slug>] tables; add at least one portal.")
    portals = {slug: _portal(slug, raw) for slug, raw in tables.items()}
    for p in portals.values():
        if p.successor and p.successor not in portals:
            raise _fail(p.slug, "successor", f"names '{p.successor}', which is not in the registry")
    return portals


def load_registry(path: str | Path | None = None) -> dict[str, Portal]:
    """Load the registry file (default: the packaged ``crawler/portals.toml``).

    The default is read as package data because a project deployed to Scrapyd runs from a zipped egg,
    where ``DEFAULT_REGISTRY`` is a path inside the zip that ``open()`` cannot read.
    """
    file = Path(path) if path else DEFAULT_REGISTRY
    try:
        text = file.read_text(encoding="utf-8") if path else _PACKAGED.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"cannot read registry {file} ({exc.strerror}); check the path.") from None
    return parse_registry(text, str(file))


def select(portals: Mapping[str, Portal], slugs: Iterable[str]) -> list[Portal]:
    """Portals by slug, failing with the list of known slugs on a typo."""
    out = []
    for slug in slugs:
        if slug not in portals:
            raise RegistryError(f"unknown portal '{slug}'; 'portalwatch portals list' shows the known slugs.")
        out.append(portals[slug])
    return out
