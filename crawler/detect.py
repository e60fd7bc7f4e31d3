"""CMS fingerprints: which platform serves a page, with the markers that say so.

Pure over (URL, headers, HTML) so it is tested from saved pages; ``fetch`` is the one network call,
used by ``portalwatch portals detect`` and ``crawl --cms auto``.
"""

from __future__ import annotations

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
    """The CMS a page points to (GENERIC when none), the markers seen, and advertised feeds."""

    cms: Cms
    evidence: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)


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
    return Fingerprint(cms=cms, evidence=found.get(cms, []), feeds=feed_links(html, url))


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


def _province_guess(host: str) -> str:
    """The province a host's domain names (xuandong.dongnai.gov.vn: Đồng Nai), else "?" for a human to fill."""
    from crawler.discover import province_of_host

    province = province_of_host(host)
    return province.name if province else "?"


def registry_entry(url: str, fp: Fingerprint, slug: str | None = None) -> str:
    """A ready ``[portals.<slug>]`` TOML table for a detected site, for a human to complete."""
    parts = urlsplit(url)
    host = parts.hostname or "site"
    slug = slug or slug_for(url)
    start = [f.removeprefix(f"{parts.scheme}://{parts.netloc}") for f in fp.feeds[:1]]
    start.append(parts.path or "/")
    lines = [
        f"[portals.{slug}]",
        f'name = "{host}"  # the body that runs the portal, e.g. "Huyện ủy ..."',
        f'province = "{_province_guess(host)}"  # a pre-2025 name is resolved to the province that took it over',
        'level = "commune"  # or "province"; the district level was abolished on 2025-07-01',
        f'base_url = "{parts.scheme}://{parts.netloc}"',
        f'cms = "{fp.cms}"  # ' + ("; ".join(fp.evidence) or "no CMS marker found").replace('"', "'"),
        "start_paths = [" + ", ".join(f'"{p}"' for p in dict.fromkeys(start)) + "]",
        'cadence = "1h"',
        'status = "unverified"',
        f'seen_at = "{url}"',
    ]
    return "\n".join(lines) + "\n"
