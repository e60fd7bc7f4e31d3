"""CMS fingerprints: which platform serves a page, with the markers that say so.

Pure over (URL, headers, HTML) so it is tested from saved pages; ``fetch`` is the one network call,
used by ``portalwatch portals detect`` and ``crawl --cms auto``. The registry entry ``portals detect`` prints
also proposes the portal's name (the committee the page title names: "Huyện ủy Tân Hồng", "UBND xã Long Hồ")
and its place (the province from the host's domain, else from the names in the title, through ``crawler.units``).
"""

from __future__ import annotations

import html as htmllib
import re
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler import __version__
from crawler.discovery import feed_links
from crawler.vocab import Cms

# (cms, where, pattern): ``where`` is "html", "header:<name>" or "url". The first CMS with a marker
# wins, in this order: SharePoint and DotNetNuke pages also carry ASP.NET's __VIEWSTATE, so they come first.
MARKERS: list[tuple[Cms, str, re.Pattern[str]]] = [
    (Cms.WORDPRESS, "html", re.compile(r'<meta[^>]+name=["\']generator["\'][^>]+content=["\']WordPress', re.I)),
    (Cms.WORDPRESS, "html", re.compile(r'rel=["\']https://api\.w\.org/["\']|/wp-content/|/wp-includes/')),
    (Cms.WORDPRESS, "header:link", re.compile(r"rel=\"https://api\.w\.org/\"")),
    (Cms.LIFERAY, "html", re.compile(r"Liferay\.(?:ThemeDisplay|Portlet|authToken)|com_liferay_|/o/frontend-js")),
    (Cms.LIFERAY, "header:liferay-portal", re.compile(r".")),
    (Cms.LIFERAY, "url", re.compile(r"/web/[^/]+/.*asset_publisher|/-/asset_publisher/")),
    (Cms.NUKEVIET, "html", re.compile(r'<meta[^>]+name=["\']generator["\'][^>]+content=["\']NukeViet', re.I)),
    (Cms.NUKEVIET, "html", re.compile(r"\bnv_base_siteurl\b|/themes/[\w-]+/js/main\.js|nukeviet", re.I)),
    (Cms.SHAREPOINT, "html", re.compile(r'<meta[^>]+name=["\']GENERATOR["\'][^>]+Microsoft SharePoint', re.I)),
    (Cms.SHAREPOINT, "html", re.compile(r"_spPageContextInfo|/_layouts/1[45]/|MSOWebPartPage")),
    (Cms.SHAREPOINT, "header:microsoftsharepointteamservices", re.compile(r".")),
    # DotNetNuke: its generator meta is often removed, so also the page template's own inputs and scripts
    # (__dnnVariable, dnn.setVar), Client Dependency bundles (/DependencyHandler.axd?s=<base64 file list>, which
    # Umbraco serves too) whose first file is in DNN's /Portals/, /Resources/, /DesktopModules/ or /js/dnn*,
    # root-relative module and portal folders (absolute ones may be another site's images), pane and module
    # container ids (dnn_ContentPane, dnn_ctr<mid>_ModuleContent), the DnnModule-<mid> wrapper, DNN skin classes.
    (Cms.DOTNETNUKE, "html", re.compile(r'<meta[^>]+name=["\']generator["\'][^>]+content=["\']DotNetNuke', re.I)),
    (
        Cms.DOTNETNUKE,
        "html",
        re.compile(
            r'\b(?:id|name)=["\']__dnnVariable["\']|\bdnn\.setVar\('
            r"|/DependencyHandler\.axd\?s=(?:L1BvcnRhbHMv|L1Jlc291cmNl|L0Rlc2t0b3BNb2R1bGVz|L2pzL2Ru)"
            r'|(?:src|href)=["\']/(?:DesktopModules|Portals/(?:\d+|_default))/'
            r'|\bid=["\']dnn_(?:ctr\d+_ModuleContent|ContentPane)["\']|\bDnnModule-\d+\b|\bDNNSkin\b|<!-- DNN Platform'
        ),
    ),
    (Cms.DOTNETNUKE, "url", re.compile(r"/ctl/\w+/mid/\d+|[?&]ctl=\w+&mid=\d+|/tabid/\d+/", re.I)),
    (Cms.DOTNETNUKE, "header:set-cookie", re.compile(r"\bdnn_IsMobile=|\.DOTNETNUKE=")),
    (Cms.ASPNET, "html", re.compile(r'id=["\']__VIEWSTATE["\']|__doPostBack\(')),
    (Cms.ASPNET, "header:x-aspnet-version", re.compile(r".")),
    (Cms.ASPNET, "header:x-powered-by", re.compile(r"ASP\.NET")),
]
ORDER = [Cms.WORDPRESS, Cms.LIFERAY, Cms.NUKEVIET, Cms.SHAREPOINT, Cms.DOTNETNUKE, Cms.ASPNET]


@dataclass
class Fingerprint:
    """The CMS a page points to (GENERIC when none), the markers seen, advertised feeds, and the names the page
    gives itself (``og:site_name`` first, then the ``<title>``'s parts)."""

    cms: Cms
    evidence: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def fingerprint(url: str, html: str, headers: Mapping[str, str] | None = None) -> Fingerprint:
    """Name the CMS behind a page from its markup, headers and URL shape."""
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    found: dict[Cms, list[str]] = {}
    for cms, where, pattern in MARKERS:
        if where == "html":
            m = pattern.search(html)
        elif where == "url":
            m = pattern.search(url)
        else:
            value = lowered.get(where.split(":", 1)[1])
            m = pattern.search(value) if value is not None else None
        if m:
            found.setdefault(cms, []).append(f"{where}: {m.group(0)[:60]}")
    cms = next((c for c in ORDER if c in found), Cms.GENERIC)
    return Fingerprint(cms=cms, evidence=found.get(cms, []), feeds=feed_links(html, url), names=page_names(html))


# Names ---------------------------------------------------------------------------------------------------------

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
_SITE_NAME = re.compile(
    r"<meta[^>]+(?:property|name)=[\"']og:site_name[\"'][^>]*content=[\"']([^\"']+)|"
    r"<meta[^>]+content=[\"']([^\"']+)[\"'][^>]*(?:property|name)=[\"']og:site_name[\"']",
    re.I,
)
# "Tin tức - Huyện ủy Tân Hồng", "Trang chủ | UBND xã X", "Tin tức &gt; UBND xã Long Hồ"
_SEPARATORS = re.compile(r"\s+[-|–—>»:]+\s+|\s*::\s*")
# The body that runs a portal, as its pages name it (both tone-mark placements), at the start of a name or after
# "Cổng/Trang thông tin điện tử": in the middle of a name it is an article's subject ("Hội nghị Ban Chấp hành ...").
_PORTAL_WORDS = re.compile(r"^(?:cổng|trang)\s+(?:thông\s+tin|tin\s+tức)(?:\s+điện\s+tử)?(?:\s+của)?\s+", re.I)
_BODY = re.compile(
    r"^(?:(?:huyện|tỉnh|thành|thị|quận|đảng) (?:ủy|uỷ)|(?:ủy|uỷ) ban nhân dân|ubnd|hội đồng nhân dân|hđnd"
    r"|ban tuyên giáo|đảng bộ|mặt trận tổ quốc)(?!\w)",
    re.I,
)
_UNIT = re.compile(r"^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|đặc khu)\s+(\S.*)$", re.I)
# A unit word in a body's name, and the level of the portal it gives (the district level was abolished in 2025).
_LEVEL_WORDS = (
    (re.compile(r"(?<!\w)(?:xã|phường|đặc khu|thị trấn)(?!\w)", re.I), "commune"),
    (re.compile(r"(?<!\w)(?:huyện|quận|thị xã|thị (?:ủy|uỷ))(?!\w)", re.I), "district"),
    (re.compile(r"(?<!\w)(?:tỉnh|thành phố|thành (?:ủy|uỷ))(?!\w)", re.I), "province"),
)


def page_names(html: str) -> list[str]:
    """The names a page gives itself: ``og:site_name``, then each part of its ``<title>``, without repeats."""
    names = []
    site = _SITE_NAME.search(html)
    if site:
        names.append(site.group(1) or site.group(2))
    title = _TITLE.search(html)
    if title:
        names += _SEPARATORS.split(" ".join(htmllib.unescape(title.group(1)).split()))
    return list(dict.fromkeys(n.strip() for n in (htmllib.unescape(x) for x in names) if n.strip()))


def committee_name(names: list[str]) -> str | None:
    """The body that runs the portal, from the page's names: "Trang thông tin điện tử Huyện ủy Tân Hồng" gives
    "Huyện ủy Tân Hồng"; "Cổng thông tin điện tử huyện Chiêm Hóa" gives "UBND huyện Chiêm Hóa" (a government
    portal without a body word is its People's Committee's); None when no name says."""
    for name in names:
        rest = _PORTAL_WORDS.sub("", name)
        if _BODY.match(rest):
            return rest.strip()
    for name in names:
        rest = _PORTAL_WORDS.sub("", name)
        if rest != name and _UNIT.match(rest):
            return f"UBND {rest}"
    return None


@dataclass(frozen=True)
class Place:
    """Where a detected portal is, as far as its host and names tell: the registry entry's guesses."""

    province: str | None = None
    level: str = "commune"
    commune: str | None = None
    district: str | None = None  # a district portal's (abolished) district, as the registry's ``district``
    source: str = ""  # how the province was found, for the entry's comment


def _unit_name(name: str) -> tuple[str, str] | None:
    """('huyện', 'Tân Hồng') for "Huyện ủy Tân Hồng" or "UBND huyện Tân Hồng": the unit a body's name ends with."""
    rest = re.sub(r"^(?:ubnd|(?:ủy|uỷ) ban nhân dân|hđnd|hội đồng nhân dân|đảng bộ)\s+", "", name, flags=re.I)
    m = re.match(r"^(huyện|tỉnh|thành|thị|quận|đảng) (?:ủy|uỷ)\s+(?:(xã|phường)\s+)?(\S.*)$", rest, re.I)
    if m:
        kind = {"thành": "thành phố", "thị": "thị xã", "đảng": m.group(2) or "xã"}.get(m.group(1).lower())
        return kind or m.group(1).lower(), m.group(3)
    unit = _UNIT.match(rest)
    return (unit.group(1).lower(), unit.group(2)) if unit else None


def place_of(host: str, names: list[str], body: str | None) -> Place:
    """The province (host's domain, else a province, district or commune named by the page), the level and the
    commune a detected portal belongs to."""
    from crawler import units
    from crawler.discover import province_of_host

    level = next((lvl for pattern, lvl in _LEVEL_WORDS if body and pattern.search(body)), "commune")
    unit = _unit_name(body) if body else None
    province, source = province_of_host(host), "from the host"
    if province is None:
        text = " " + units.ascii_key(" ".join(names)) + " "
        named = [
            p
            for p in units.provinces()
            for n in (p.short, *units.former_names(p.code))
            if f" {units.ascii_key(n)} " in text
        ]
        found = {p.code: p for p in named}
        if unit and unit[0] in ("huyện", "quận", "thị xã") and len(found) != 1:
            found = {p.code: p for p in units.district_provinces(unit[1])}
        if unit and unit[0] in ("xã", "phường", "đặc khu") and len(found) != 1:
            key = units.name_key(unit[1])
            same = {c.province_code for c in units.communes() if units.name_key(c.name) == key}
            found = {c: units.get_province(c) for c in same} if same else found
        province, source = (next(iter(found.values())), "from the page title") if len(found) == 1 else (None, "")
    commune = None
    if province is not None and unit and unit[0] in ("xã", "phường", "đặc khu"):
        try:
            commune = units.find_commune(f"{unit[0]} {unit[1]}", province.code).name
        except units.UnitError:
            commune = None
    district = unit[1] if unit and unit[0] in ("huyện", "quận", "thị xã") else None
    return Place(province.name if province else None, level, commune, district, source)


USER_AGENT = f"portalwatch/{__version__}"


def fetch(url: str, timeout: float = 30, user_agent: str = USER_AGENT) -> tuple[str, str, dict[str, str]]:
    """GET a page: the final URL after redirects, the decoded HTML and the headers."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        body = resp.read()
        charset = resp.headers.get_content_charset() or "utf-8"
        return resp.geturl(), body.decode(charset, errors="replace"), dict(resp.headers.items())


def slug_for(url: str) -> str:
    """A registry slug from a URL's host: its first label, or the whole address for an IP."""
    parts = urlsplit(url)
    host = parts.hostname or "site"
    name = parts.netloc if re.fullmatch(r"[\d.]+", host) else host.removeprefix("www.").split(".")[0]
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _toml(text: str) -> str:
    """A TOML basic string's content."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def registry_entry(url: str, fp: Fingerprint, slug: str | None = None) -> str:
    """A ready ``[portals.<slug>]`` TOML table for a detected site, for a human to check and complete.

    What the page does not tell is left for the human in a way the registry refuses until it is filled: a
    commented ``province`` line fails the load with "province is missing"."""
    parts = urlsplit(url)
    host = parts.hostname or "site"
    slug = slug or slug_for(url)
    start = [f.removeprefix(f"{parts.scheme}://{parts.netloc}") for f in fp.feeds[:1]]
    start.append(parts.path or "/")
    body = committee_name(fp.names)
    place = place_of(host, fp.names, body)
    name = (
        f'name = "{_toml(body)}"  # from the page title; the body that runs the portal'
        if body
        else f'name = "{_toml(host)}"  # the body that runs the portal, e.g. "Huyện ủy ...", "UBND xã ..."'
    )
    province = (
        f'province = "{place.province}"  # {place.source}; a pre-2025 name is read as the province that took it over'
        if place.province
        else '# province = "..."  # not found in the host or the title: write it (required)'
    )
    level = {
        "commune": 'level = "commune"',
        "province": 'level = "province"',
        "district": 'level = "district"  # the district level was abolished on 2025-07-01: status, successor',
    }[place.level]
    lines = [
        f"[portals.{slug}]",
        name,
        province,
        *([f'commune = "{place.commune}"'] if place.commune else []),
        *([f'district = "{_toml(place.district)}"'] if place.district else []),
        level,
        f'base_url = "{parts.scheme}://{parts.netloc}"',
        f'cms = "{fp.cms}"  # ' + ("; ".join(fp.evidence) or "no CMS marker found").replace('"', "'"),
        "start_paths = [" + ", ".join(f'"{p}"' for p in dict.fromkeys(start)) + "]",
        'cadence = "1h"',
        'status = "unverified"',
        f'seen_at = "{url}"',
    ]
    return "\n".join(lines) + "\n"
