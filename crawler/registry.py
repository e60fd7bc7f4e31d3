"""The portal registry: ``portals.toml`` loaded and validated into frozen ``Portal`` records.

A portal is data, not code. Every mistake in the file fails at start-up with one sentence that names
the portal and the field, so that an editor of the registry never meets a traceback.

Places are administrative units after the reform of 2025-07-01 (``crawler.units``): an entry names its
province by code or by name, and a pre-reform name ("Bình Phước") is resolved to the province that took
it over (Đồng Nai), the old name kept as ``former_province``. A ``[platforms.<name>]`` table describes a
vendor template that many sites of a province share (CMS, start paths, selectors); an entry naming it
inherits them.
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

from crawler.places import ENDED, UNIT_REF, RegistryError, entry_place, fail, lifecycle_problems, successor_refs
from crawler.vocab import Cms, Level, PortalStatus

# The registry is portals.toml (the header, platforms and the simulated portals) and the TOML files of the
# folder beside it named like it (portals/, one file per province of real portals), read together.
DEFAULT_REGISTRY = Path(__file__).with_name("portals.toml")
_PACKAGED = resources.files("crawler").joinpath("portals.toml")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
CADENCE = re.compile(r"^(\d+)\s*(s|m|h|d)$")
_HEADER = re.compile(r"^\s*\[portals\.([^\].\s]+)\]\s*$", re.M)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
SELECTOR_FIELDS = frozenset({"title", "published", "modified", "byline", "category", "lead", "body", "listing"})
PLATFORM_FIELDS = frozenset({"cms", "start_paths", "selectors", "notes"})


@dataclass(frozen=True)
class Platform:
    """A vendor template shared by many portals (one province's commune sites, say): one fixture set each."""

    name: str
    cms: Cms
    start_paths: tuple[str, ...] | None = None
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    notes: str | None = None


@dataclass(frozen=True)
class Portal:
    """One monitored portal, as the registry declares it."""

    slug: str
    name: str
    province: str  # the province's official name after the reform ("Đồng Nai", "Thành phố Huế")
    base_url: str
    cms: Cms
    level: Level = Level.DISTRICT
    district: str | None = None  # the abolished district the portal belonged to, for the archive
    start_paths: tuple[str, ...] = ("/",)
    cadence: timedelta = timedelta(hours=1)
    status: PortalStatus = PortalStatus.ACTIVE
    retired_on: date | None = None
    # What took over: registry slugs, URLs (a site that moved), or units ("commune:26461", "province:75").
    successor: tuple[str, ...] = ()
    retired_note: str | None = None  # why a retired portal names no successor
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    simulated: bool = False
    seen_at: str | None = None  # the public page where this portal's URL was found
    notes: str | None = None
    # Politeness overrides (None: the project's settings): seconds between requests (DOWNLOAD_DELAY),
    # requests at once to the host (CONCURRENT_REQUESTS_PER_DOMAIN), pages per run (CLOSESPIDER_PAGECOUNT).
    delay: float | None = None
    concurrency: int | None = None
    page_budget: int | None = None
    province_code: int | None = None  # statistics-office code after the reform; None only for ad-hoc portals
    former_province: str | None = None  # the pre-reform province, when it had another name
    commune_code: int | None = None
    commune: str | None = None  # the commune's official name ("Xã Xuân Định"), from its code
    platform: str | None = None

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

    def as_json(self) -> dict[str, Any]:
        """The entry as ``portals list --json`` prints it: every place by its post-reform code and name."""
        return {
            "slug": self.slug,
            "name": self.name,
            "province": self.province,
            "province_code": self.province_code,
            "former_province": self.former_province,
            "district": self.district,
            "commune": self.commune,
            "commune_code": self.commune_code,
            "level": self.level,
            "cms": self.cms,
            "platform": self.platform,
            "base_url": self.base_url,
            "status": self.status,
            "retired_on": self.retired_on.isoformat() if self.retired_on else None,
            "successor": list(self.successor),
            "retired_note": self.retired_note,
            "seen_at": self.seen_at,
        }


def _check_url(slug: str, fieldname: str, value: object) -> str:
    parts = urlsplit(str(value))
    if not isinstance(value, str) or parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail(slug, fieldname, f"is {value!r}, not an http(s) URL with a host")
    return value


def parse_cadence(slug: str, value: object, simulated: bool = False) -> timedelta:
    """``"30m"``, ``"1h"``, ``"1d"`` into a timedelta of at least five minutes (seconds, for the simulator's
    portals only: a schedule test needs cadences a real host must never get)."""
    m = CADENCE.match(str(value).strip())
    if not m or int(m.group(1)) == 0:
        raise fail(slug, "cadence", f"is {value!r}; write a number and a unit such as '30m', '1h' or '1d'")
    delta = timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    if delta < timedelta(minutes=5) and not simulated:
        raise fail(slug, "cadence", f"is {value!r}; portals are crawled at most every 5 minutes")
    return delta


MAX_CONCURRENCY = 8


def _delay(slug: str, value: object) -> float | None:
    """Seconds between requests: a number, 0 or more (0 is for hosts we run ourselves)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise fail(slug, "delay", f"is {value!r}; write a number of seconds, 0 or more, such as 2 or 0.5")
    return float(value)


def _whole(slug: str, fieldname: str, value: object, low: int, high: int | None, what: str) -> int | None:
    """A whole number within bounds (TOML booleans are not numbers here)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise fail(slug, fieldname, f"is {value!r}; write a whole number of {what}, {bounds}")
    return value


def _enum(slug: str, fieldname: str, enum: type[Any], value: object, kind: str = "portal") -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise fail(slug, fieldname, f"is {value!r}, expected one of: {allowed}", kind) from None


def _paths(slug: str, value: object, kind: str = "portal") -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(p, str) for p in value):
        raise fail(slug, "start_paths", "must be a non-empty list of paths or URLs", kind)
    return tuple(value)


def _selectors(slug: str, value: object, kind: str = "portal") -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail(slug, "selectors", "must be a table of CSS selectors", kind)
    bad = sorted(set(value) - SELECTOR_FIELDS)
    if bad:
        raise fail(slug, "selectors", f"names {bad[0]!r}; allowed: {', '.join(sorted(SELECTOR_FIELDS))}", kind)
    return {str(k): str(v) for k, v in value.items()}


def _platform(name: str, raw: object) -> Platform:
    if not SLUG.match(name):
        raise fail(name, "name", "must be 2-63 lower-case letters, digits or hyphens", "platform")
    if not isinstance(raw, dict):
        raise fail(name, "name", "must be a table", "platform")
    unknown = sorted(set(raw) - PLATFORM_FIELDS)
    if unknown:
        raise fail(
            name, unknown[0], f"is not a platform field (allowed: {', '.join(sorted(PLATFORM_FIELDS))})", "platform"
        )
    if not raw.get("cms"):
        raise fail(name, "cms", "is missing", "platform")
    return Platform(
        name=name,
        cms=_enum(name, "cms", Cms, raw["cms"], "platform"),
        start_paths=_paths(name, raw["start_paths"], "platform") if "start_paths" in raw else None,
        selectors=MappingProxyType(_selectors(name, raw.get("selectors", {}), "platform")),
        notes=raw.get("notes"),
    )


def _portal(slug: str, raw: Mapping[str, Any], platforms: Mapping[str, Platform]) -> Portal:
    if not SLUG.match(slug):
        raise fail(slug, "slug", "must be 2-63 lower-case letters, digits or hyphens")
    known = {f for f in Portal.__dataclass_fields__} - {"slug"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise fail(slug, unknown[0], "is not a registry field")
    platform = platforms.get(raw["platform"]) if raw.get("platform") else None
    if raw.get("platform") and platform is None:
        raise fail(slug, "platform", f"names {raw['platform']!r}, which has no [platforms.{raw['platform']}] table")
    for required in ("name", "base_url") + (() if platform else ("cms",)):
        if not raw.get(required):
            raise fail(slug, required, "is missing")
    cms = _enum(slug, "cms", Cms, raw["cms"]) if raw.get("cms") else platform.cms if platform else Cms.GENERIC
    if platform and cms is not platform.cms:
        raise fail(slug, "cms", f"is '{cms}' but platform '{platform.name}' runs '{platform.cms}'; drop one of them")
    selectors = {**(platform.selectors if platform else {}), **_selectors(slug, raw.get("selectors", {}))}
    if "start_paths" in raw:
        paths = _paths(slug, raw["start_paths"])
    else:
        paths = platform.start_paths if platform and platform.start_paths else ("/",)
    status = _enum(slug, "status", PortalStatus, raw.get("status", "active"))
    retired_on = raw.get("retired_on")
    if retired_on is not None and not isinstance(retired_on, date):
        raise fail(slug, "retired_on", f"is {retired_on!r}, not a TOML date such as 2025-07-01")
    if status in ENDED and retired_on is None:
        raise fail(slug, "retired_on", f"is required when status is '{status}'")
    successor = successor_refs(slug, raw.get("successor"))
    if status in (PortalStatus.MOVED, PortalStatus.MERGED) and not successor:
        raise fail(slug, "successor", f"is required when status is '{status}' (the slug, URL or unit that took over)")
    place = entry_place(slug, raw)
    level = _enum(slug, "level", Level, raw.get("level", "commune" if place.get("commune_code") else "district"))
    if place.get("commune_code") and level is not Level.COMMUNE:
        raise fail(slug, "level", f"is '{level}' but the entry names a commune; write level = \"commune\"")
    return Portal(
        slug=slug,
        name=str(raw["name"]),
        district=raw.get("district"),
        level=level,
        base_url=_check_url(slug, "base_url", raw["base_url"]).rstrip("/"),
        cms=cms,
        start_paths=paths,
        cadence=parse_cadence(slug, raw.get("cadence", "1h"), bool(raw.get("simulated", False))),
        status=status,
        retired_on=retired_on,
        successor=successor,
        retired_note=raw.get("retired_note"),
        selectors=MappingProxyType(selectors),
        simulated=bool(raw.get("simulated", False)),
        seen_at=_check_url(slug, "seen_at", raw["seen_at"]) if raw.get("seen_at") else None,
        notes=raw.get("notes"),
        delay=_delay(slug, raw.get("delay")),
        concurrency=_whole(slug, "concurrency", raw.get("concurrency"), 1, MAX_CONCURRENCY, "requests at once"),
        page_budget=_whole(slug, "page_budget", raw.get("page_budget"), 1, None, "pages"),
        platform=platform.name if platform else None,
        **place,
    )


def parse_platforms(text: str, source: str = "registry") -> dict[str, Platform]:
    """The ``[platforms.<name>]`` tables of registry TOML text."""
    return {name: _platform(name, raw) for name, raw in _toml(text, source).get("platforms", {}).items()}


def _toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source} is not valid TOML ({exc}); fix the syntax there.") from None


def parse_registry(text: str, source: str = "registry") -> dict[str, Portal]:
    """Validate registry TOML text into portals keyed by slug."""
    return parse_sources([(source, text)])


def parse_sources(sources: Iterable[tuple[str, str]]) -> dict[str, Portal]:
    """Validate registry files read together (name, text): platforms of one serve entries of all."""
    sources = list(sources)
    seen: dict[str, str] = {}
    tables: dict[str, Any] = {}
    platform_tables: dict[str, Any] = {}
    for source, text in sources:
        for slug in _HEADER.findall(text):
            if slug in seen:
                where = "" if seen[slug] == source else f" (in {seen[slug]} and {source})"
                raise fail(slug, "slug", f"is declared twice{where}; give each portal its own slug")
            seen[slug] = source
        data = _toml(text, source)
        tables.update(data.get("portals", {}))
        for name, raw in data.get("platforms", {}).items():
            if name in platform_tables:
                raise fail(name, "name", "is declared twice; give each platform its own name", "platform")
            platform_tables[name] = raw
    if not tables:
        names = ", ".join(source for source, _ in sources) or "the registry"
        raise RegistryError(f"{names} has no [portals.<slug>] tables; add at least one portal.")
    platforms = {name: _platform(name, raw) for name, raw in platform_tables.items()}
    portals = {slug: _portal(slug, raw, platforms) for slug, raw in tables.items()}
    for p in portals.values():
        for ref in p.successor:
            if not (ref.startswith(("http://", "https://")) or UNIT_REF.match(ref) or ref in portals):
                raise fail(p.slug, "successor", f"names '{ref}', which is not in the registry")
    return portals


def registry_files(path: str | Path | None = None) -> list[Path]:
    """The files a registry path stands for: the file and the ``*.toml`` of the folder beside it named like
    it (``portals.toml`` and ``portals/``), or every ``*.toml`` of a folder given itself."""
    root = Path(path) if path else DEFAULT_REGISTRY
    if root.is_dir():
        return sorted(root.glob("*.toml"))
    folder = root.with_suffix("")
    return [root, *(sorted(folder.glob("*.toml")) if folder.is_dir() else [])]


def load_registry(path: str | Path | None = None) -> dict[str, Portal]:
    """Load the registry (default: the packaged ``crawler/portals.toml`` and ``crawler/portals/*.toml``).

    The default is read as package data because a project deployed to Scrapyd runs from a zipped egg,
    where ``DEFAULT_REGISTRY`` is a path inside the zip that ``open()`` cannot read.
    """
    sources: list[tuple[str, str]] = []
    try:
        if path:
            for file in registry_files(path):
                sources.append((str(file), file.read_text(encoding="utf-8")))
        else:
            sources.append((str(DEFAULT_REGISTRY), _PACKAGED.read_text(encoding="utf-8")))
            folder = resources.files("crawler").joinpath("portals")
            if folder.is_dir():
                for item in sorted(folder.iterdir(), key=lambda t: t.name):
                    if item.name.endswith(".toml"):
                        sources.append((f"crawler/portals/{item.name}", item.read_text(encoding="utf-8")))
    except OSError as exc:
        raise RegistryError(f"cannot read registry {exc.filename or path} ({exc.strerror}); check the path.") from None
    return parse_sources(sources)


def select(portals: Mapping[str, Portal], slugs: Iterable[str]) -> list[Portal]:
    """Portals by slug, failing with the list of known slugs on a typo."""
    out = []
    for slug in slugs:
        if slug not in portals:
            raise RegistryError(f"unknown portal '{slug}'; 'portalwatch portals list' shows the known slugs.")
        out.append(portals[slug])
    return out


__all__ = [
    "DEFAULT_REGISTRY",
    "ENDED",
    "Platform",
    "Portal",
    "RegistryError",
    "lifecycle_problems",
    "load_registry",
    "parse_registry",
    "parse_sources",
    "registry_files",
    "select",
]
