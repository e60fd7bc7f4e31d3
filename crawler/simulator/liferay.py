"""A simulated Liferay 7.x district portal, rendered like Đồng Tháp's ``/web/<site>`` portals.

Markup: Liferay 7.1-7.4 templates. The classic theme's ``portlet.ftl`` (``section.portlet`` >
``header.portlet-topper``, ``h2.portlet-title-text``) and ``portal_normal.ftl`` (``header#banner``,
``nav#navigation``, ``section#content``, ``footer#footer``); asset-publisher-web ``view.jsp``,
``display/abstracts.jsp`` (``div.asset-abstract`` > ``h4.asset-title`` > ``a``, ``div.asset-summary``),
``display/title_list.jsp`` (the "Tin khác" ``ul.list-unstyled``), ``view_asset_entry_full_content.jsp``
(``div.asset-full-content`` > ``h4.component-title``, ``div.asset-content``, ``div.asset-details``); journal's
``div.journal-content-article`` with ``data-analytics-asset-id``; the 7.2+ paginator (``div.pagination-bar``,
``ul.pagination`` > ``li.page-item`` > ``a.page-link``, middle pages in ``li.dropdown``; ``_cur``/``_delta``
portlet parameters with ``p_r_p_resetCur=false``).

Đồng Tháp's own (tanhong.dongthap.gov.vn, ``/web/hth/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/
id/11790550?plidlayout=4694``): detail URLs ``content/id/<N>``, the ``plidlayout`` parameter, the default portlet
title "Xuất bản thông tin", the "null <title>" line (the back icon's missing label printed as text) and the web
content template's "Chi tiết bài viết <category>" line, title, date and body ending in the byline. Reconstructed:
that web content template (a site's own FreeMarker template), written after the seed article. Links are
root-relative: ``SimSite.handle`` does not see the Host.

Feeds and sitemaps: each listing's asset publisher has RSS enabled (``<link rel="alternate" type="application/
rss+xml">`` in the head, an icon in ``div.subscribe-action``); the feed is the portlet's ``getRSS`` resource URL
(``p_p_lifecycle=2&p_p_resource_id=getRSS``), Atom 1.0 as ROME writes it, 20 entries newest first, abstracts as
summaries. No sitemap: robots.txt has no ``Sitemap:`` line and ``/sitemap.xml`` 404s.

Conditional GET: Liferay's ``ETagFilter`` (``/web/*`` but not URLs with ``/-/``: listings, the home page and the
feed, not detail pages) sends ``ETag: "<hex of a 31-multiplier hash of the body>"`` and answers a matching
``If-None-Match`` with 304. Liferay sends no ``Last-Modified``; the simulator adds one (the newest article listed)
and honours ``If-Modified-Since`` alone, so every family's incremental tests run alike: a liberty.
"""

# ruff: noqa: E501  (HTML template lines are kept whole so that they read like the markup they render)
from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from functools import cached_property
from html import escape
from urllib.parse import quote

from crawler.simulator.corpus import CATEGORIES, PLACES, SimArticle, slugify
from crawler.simulator.site import SERVER_ERROR, SimResponse, SimSite, last_change, validated

PORTLET = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
DETAIL_PAGE = "chi-tiet-bai-viet"
DETAIL_INSTANCE = "1mOzUrGkrdAE"  # the seed URL's instance
RELATED_INSTANCE = "Xk2pTq9LmZ4e"  # the "Tin khác" publisher on the detail page
HOME_INSTANCE = "b7RwN0cEe3Vt"
PER_PAGE = 10
RSS_DELTA = 20  # the publisher's rssDelta: SearchContainer.DEFAULT_DELTA unless configured
FEED_TYPE = "text/xml; charset=UTF-8"  # what serveResource sets for the getRSS resource
GROUP_ID = 2213012  # the site's groupId in /documents/<groupId>/<folderId>/<file>
# Listing pages: slug -> (name, portlet instance, plidlayout its links carry, category or None for all).
LISTINGS: dict[str, tuple[str, str, int, str | None]] = {
    "tin-tuc": ("Tin tức", "Jq1XvxA8hZ0B", 4694, None),
    **{slugify(c): (c, f"Cat{i}x7KpWq2{i}"[:12], 4695 + i, c) for i, c in enumerate(CATEGORIES)},
}
_DETAIL = re.compile(rf"^/web/([\w-]+)/{DETAIL_PAGE}/-/asset_publisher/([A-Za-z0-9]{{12}})/content/id/(\d+)/?$")
_PAGE = re.compile(r"^/web/([\w-]+)(?:/([a-z0-9-]+))?/?$")


def document_url(path: str) -> str:
    """Documents and Media URL of a corpus path (``/uploads/2022/07/x.jpg``): one folder per month."""
    m = re.match(r"^/uploads/(\d{4})/(\d{2})/(.+)$", path)
    if not m:
        return f"/documents/{GROUP_ID}/0/{path.rsplit('/', 1)[-1]}"
    folder = 11600000 + (int(m.group(1)) - 2000) * 12 + int(m.group(2))
    return f"/documents/{GROUP_ID}/{folder}/{m.group(3)}"


def namespace(instance: str) -> str:
    """The portlet namespace (``_<portletId>_``) that prefixes its render parameters."""
    return f"_{PORTLET}_INSTANCE_{instance}_"


def feed_url(site_path: str, slug: str, instance: str) -> str:
    """The asset publisher's ``getRSS`` resource URL on its listing page."""
    return (
        f"/web/{site_path}/{slug}?p_p_id={PORTLET}_INSTANCE_{instance}&p_p_lifecycle=2&p_p_state=normal"
        "&p_p_mode=view&p_p_resource_id=getRSS&p_p_cacheability=cacheLevelPage"
    )


def liferay_etag(body: bytes) -> str:
    """``ETagUtil``: ``31 * h + b`` over the body's (signed) bytes in a 32-bit int, in hex, quoted."""
    h = 0
    for b in body:
        h = (31 * h + (b - 256 if b > 127 else b)) & 0xFFFFFFFF
    return f'"{h:x}"'


def page_url(site_path: str, slug: str, instance: str, cur: int, delta: int = PER_PAGE) -> str:
    """A render URL of listing page ``cur``, as ``page_iterator`` builds it from the portlet URL."""
    ns = namespace(instance)
    return (
        f"/web/{site_path}/{slug}?p_p_id={PORTLET}_INSTANCE_{instance}&p_p_lifecycle=0&p_p_state=normal"
        f"&p_p_mode=view&{ns}delta={delta}&p_r_p_resetCur=false&{ns}cur={cur}"
    )


class LiferaySite(SimSite):
    """Đồng Tháp district portal on Liferay 7.x: asset publisher listings and journal article pages."""

    @property
    def base(self) -> str:
        return f"/web/{self.spec.site_path}"

    @cached_property
    def place_name(self) -> str:
        return PLACES[self.spec.place].district

    @cached_property
    def position(self) -> dict[int, int]:
        return {a.id: i for i, a in enumerate(self.articles)}

    def detail_url(self, article: SimArticle, instance: str = DETAIL_INSTANCE) -> str:
        return f"{self.base}/{DETAIL_PAGE}/-/asset_publisher/{instance}/content/id/{article.id}"

    def in_category(self, category: str | None) -> list[SimArticle]:
        return [a for a in self.articles if category is None or a.category == category]

    # Routing ---------------------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        if path == "/":
            return SimResponse(302, b"", headers={"Location": self.base})
        m = _DETAIL.match(path)
        if m:
            article = self.by_id.get(int(m.group(3)))
            if m.group(1) != self.spec.site_path or article is None:
                return None
            return self.serve(article, lambda: self.cached(("detail", article.id), lambda: self.detail(article)))
        m = _PAGE.match(path)
        if not m or m.group(1) != self.spec.site_path:
            return None
        slug = m.group(2)
        if slug is None:
            return self._etagged(self.cached(("home",), self.home), self.articles[:8])
        if slug not in LISTINGS:
            return None
        _, instance, _, category = LISTINGS[slug]
        if query.get("p_p_lifecycle") == ["2"]:  # a resource request: the getRSS feed of this page's publisher
            if query.get("p_p_id") != [f"{PORTLET}_INSTANCE_{instance}"] or query.get("p_p_resource_id") != ["getRSS"]:
                return None
            entries = self.in_category(category)[:RSS_DELTA]
            return self._etagged(self.cached(("feed", slug), lambda: self.feed(slug), FEED_TYPE), entries)
        cur, delta = 1, PER_PAGE
        if query.get("p_p_id", [""])[0] == f"{PORTLET}_INSTANCE_{instance}":
            cur = _int(query.get(namespace(instance) + "cur"), 1)
            delta = min(max(_int(query.get(namespace(instance) + "delta"), PER_PAGE), 1), 100)
        pages = max(1, -(-len(self.in_category(LISTINGS[slug][3])) // delta))
        if not 1 <= cur <= pages:
            cur = 1  # Liferay's SearchContainer falls back to the first page
        if cur == 2 and "listing_500" in self.spec.faults:
            return SERVER_ERROR
        listed = self.in_category(category)[(cur - 1) * delta : cur * delta]
        return self._etagged(self.cached(("listing", slug, cur, delta), lambda: self.listing(slug, cur, delta)), listed)

    @staticmethod
    def _etagged(resp: SimResponse, listed: list[SimArticle]) -> SimResponse:
        """``ETagFilter``'s ETag, and the simulator's Last-Modified (see the module docstring)."""
        return validated(resp, last_change(listed), etag=None if resp.revalidate else liferay_etag(resp.body))

    # Theme: portal_normal.ftl + portlet.ftl ------------------------------------------------------

    def layout(
        self,
        title: str,
        current: str,
        main: str,
        side: str = "",
        canonical: str = "",
        description: str = "",
        feed: str = "",
    ) -> str:
        site = f"Huyện ủy {self.place_name}"
        nav = [("", "Trang chủ"), *((slug, v[0]) for slug, v in LISTINGS.items())]
        items = "".join(
            f'<li class="lfr-nav-item{" selected" if slug == current else ""}" id="layout_{i + 1}" role="presentation">'
            f'<a aria-labelledby="layout_{i + 1}" href="{self.base}{"/" + slug if slug else ""}" role="menuitem">'
            f"<span>{escape(name)}</span></a></li>"
            for i, (slug, name) in enumerate(nav)
        )
        head_extra = f'<link data-senna-track="temporary" href="{canonical}" rel="canonical" />\n' if canonical else ""
        if description:
            head_extra += f'<meta content="{escape(description)}" lang="vi-VN" name="description" />\n'
        return f"""<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="vi-VN">
<head>
<title>{escape(title)} - {site}</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
{head_extra}<link href="/o/dongthap-theme/images/favicon.ico" rel="icon" />
<link class="lfr-css-file" href="/o/dongthap-theme/css/main.css?browserId=other&amp;themeId=dongthap_WAR_dongthaptheme" rel="stylesheet" type="text/css" />
{f'<link href="{escape(feed)}" rel="alternate" title="RSS" type="application/rss+xml" />{chr(10)}' if feed else ""}</head>
<body class="controls-visible yui3-skin-sam guest-site signed-out public-page site">
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner">
<div id="heading"><a class="logo custom-logo" href="{self.base}" title="Đi đến {site}"><img alt="{site}" height="90" src="/image/layout_set_logo?img_id=2213040&amp;t=1656900000000" /></a>
<h1 class="site-title"><span title="Đi đến {site}">{site}</span></h1></div>
<nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul aria-label="Các trang" role="menubar">{items}</ul></nav>
</header>
<section id="content">
<h1 class="hide-accessible">{escape(title)}</h1>
<div class="columns-2" id="main-content" role="main"><div class="portlet-layout row">
<div class="col-md-8 portlet-column portlet-column-first" id="column-1"><div class="portlet-dropzone portlet-column-content portlet-column-content-first" id="layout-column_column-1">
{main}
</div></div>
<div class="col-md-4 portlet-column portlet-column-last" id="column-2"><div class="portlet-dropzone portlet-column-content portlet-column-content-last" id="layout-column_column-2">
{side}
</div></div>
</div></div>
</section>
<footer id="footer" role="contentinfo">
<p>Cơ quan chủ quản: {site}, tỉnh {PLACES[self.spec.place].province}</p>
<p>Chịu trách nhiệm chính: Văn phòng {site}. Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</p>
<p class="powered-by">Powered By <a href="http://www.liferay.com" rel="external">Liferay</a></p>
</footer>
</div>
</body>
</html>
"""

    def portlet(self, instance: str, title: str, body: str) -> str:
        """The portlet boundary and decorator of one asset publisher instance."""
        pid = f"{PORTLET}_INSTANCE_{instance}"
        return f"""<div class="portlet-boundary portlet-boundary_{PORTLET}_ portlet-static portlet-static-end portlet-decorate portlet-asset-publisher" id="p_p_id_{pid}_">
<span id="p_{pid}"></span>
<section class="portlet" id="portlet_{pid}">
<header class="portlet-topper"><div class="portlet-title-default"><span class="portlet-name-text">Xuất bản thông tin</span></div></header>
<div class="portlet-content">
<h2 class="portlet-title-text">{escape(title)}</h2>
<div class="portlet-content-container"><div class="portlet-body">
{body}
</div></div>
</div>
</section>
</div>"""

    # Asset publisher listings --------------------------------------------------------------------

    def abstract(self, a: SimArticle, link: str) -> str:
        """``display/abstracts.jsp`` with journal's ``asset/abstract.jsp`` summary (small image first)."""
        image = ""
        if a.images:
            image = (
                f'<div class="aspect-ratio aspect-ratio-8-to-3 aspect-ratio-bg-cover cover-image mb-4" '
                f'style="background-image: url({document_url(a.images[0].path)})"></div>'
            )
        summary = a.lead if len(a.lead) <= 200 else a.lead[:197].rsplit(" ", 1)[0] + "..."
        return f"""<div class="asset-abstract">
<span class="asset-anchor lfr-asset-anchor" id="{a.id + 2}"></span>
<h4 class="asset-title"><a href="{link}">{escape(a.title)}</a></h4>
<div class="asset-content"><div class="asset-summary"><div class="asset-summary">{image}{escape(summary)}</div></div></div>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{a.published:%d/%m/%Y}</span></div>
</div>"""

    def paginator(self, slug: str, instance: str, cur: int, delta: int, total: int) -> str:
        """``page_iterator/start.jsp`` (7.2+): first, neighbours and last shown, the rest in dropdowns."""
        pages = -(-total // delta)
        if pages <= 1:
            return ""

        def link(i: int) -> str:
            return escape(page_url(self.spec.site_path, slug, instance, i, delta))

        def item(i: int) -> str:
            active = ' active" aria-current="page' if i == cur else ""
            return f'<li class="page-item{active}"><a aria-label="Trang {i}" class="page-link" href="{link(i)}">{i}</a></li>'

        def dropdown(numbers: range) -> str:
            if not numbers:
                return ""
            entries = "".join(
                f'<li role="presentation"><a aria-label="Trang {i}" class="dropdown-item" '
                f'href="{link(i)}" role="menuitem">{i}</a></li>'
                for i in numbers
            )
            return (
                '<li class="dropdown page-item"><button aria-haspopup="true" class="dropdown-toggle page-link" '
                'data-toggle="liferay-dropdown" title="Hiện các trang trung gian"><span aria-hidden="true">...'
                '</span></button><div class="dropdown-menu dropdown-menu-top dropdown-menu-width-shrink">'
                f'<ul class="inline-scroller link-list">{entries}</ul></div></li>'
            )

        if pages <= 5:
            middle = "".join(item(i) for i in range(1, pages + 1))
        else:
            shown = sorted({1, max(1, cur - 1), cur, min(pages, cur + 1), pages})
            middle = item(1)
            for prev, nxt in itertools.pairwise(shown):
                middle += dropdown(range(prev + 1, min(nxt, prev + 21))) + item(nxt)
        prev_ = (
            f'<a class="lfr-portal-tooltip page-link" href="{link(cur - 1)}" title="Trang trước">«</a>'
            if cur > 1
            else '<div class="page-link">«</div>'
        )
        next_ = (
            f'<a class="lfr-portal-tooltip page-link" href="{link(cur + 1)}" title="Trang sau">»</a>'
            if cur < pages
            else '<div class="page-link">»</div>'
        )
        deltas = "".join(
            f'<li role="presentation"><a class="dropdown-item{" active" if d == delta else ""}" '
            f'href="{escape(page_url(self.spec.site_path, slug, instance, 1, d))}">{d}</a></li>'
            for d in (5, 10, 20, 40, 60)
        )
        start, end = (cur - 1) * delta + 1, min(cur * delta, total)
        return f"""<div class="pagination-bar" data-qa-id="paginator" id="{namespace(instance)}taglib-page-iterator">
<div class="dropdown pagination-items-per-page"><button class="dropdown-toggle page-link" data-toggle="liferay-dropdown">{delta} Mục</button><ul class="dropdown-menu dropdown-menu-top">{deltas}</ul></div>
<p class="pagination-results">Hiển thị từ {start} đến {end} trong {total} mục.</p>
<nav aria-label="Phân trang"><ul class="pagination">
<li class="page-item{"" if cur > 1 else " disabled"}">{prev_}</li>
{middle}
<li class="page-item{"" if cur < pages else " disabled"}">{next_}</li>
</ul></nav>
</div>"""

    def listing(self, slug: str, cur: int, delta: int) -> str:
        name, instance, plid, category = LISTINGS[slug]
        entries = self.in_category(category)
        own = f"{self.base}/{slug}"
        # The tin-tuc publisher links to the detail page with its plidlayout (as the seed URL); the
        # category publishers also pass their page as redirect, as view-in-context links do.
        tail = f"?plidlayout={plid}" + ("" if category is None else f"&redirect={quote(own, safe='')}")
        rows = "\n".join(
            self.abstract(a, escape(self.detail_url(a) + tail)) for a in entries[(cur - 1) * delta : cur * delta]
        )
        feed = feed_url(self.spec.site_path, slug, instance)
        icon = (
            f'<a class="icon-monospaced lfr-icon-item taglib-icon" href="{escape(feed)}" target="_blank"><svg aria-hidden="true" '
            'class="lexicon-icon lexicon-icon-rss"><use href="/o/dongthap-theme/images/clay/icons.svg#rss"></use></svg>'
            '<span class="taglib-text">RSS</span></a>'
        )
        body = f'<div class="subscribe-action">{icon}</div>\n{rows}\n{self.paginator(slug, instance, cur, delta, len(entries))}'
        canonical = own if cur == 1 else page_url(self.spec.site_path, slug, instance, cur, delta)
        return self.layout(
            name, slug, self.portlet(instance, "Xuất bản thông tin", body), canonical=canonical, feed=feed
        )

    def feed(self, slug: str) -> str:
        """``getRSS``: ROME's Atom 1.0 of the publisher's newest ``RSS_DELTA`` assets, abstracts as summaries."""
        name, _, plid, category = LISTINGS[slug]
        entries = []
        for a in self.in_category(category)[:RSS_DELTA]:
            link = f"{self.origin}{self.detail_url(a)}?plidlayout={plid}"
            summary = a.lead if len(a.lead) <= 200 else a.lead[:197].rsplit(" ", 1)[0] + "..."
            entries.append(f"""  <entry>
    <title>{escape(a.title)}</title>
    <link rel="alternate" href="{escape(link)}" />
    <author>
      <name>{escape(a.byline)}</name>
    </author>
    <id>{escape(link)}</id>
    <updated>{_atom_time(a.modified or a.published)}</updated>
    <published>{_atom_time(a.published)}</published>
    <summary type="html">{escape(summary)}</summary>
    <dc:creator>{escape(a.byline)}</dc:creator>
    <dc:date>{_atom_time(a.published)}</dc:date>
  </entry>""")
        own = f"{self.origin}{self.base}/{slug}"
        newest = _atom_time(last_change(self.in_category(category)[:RSS_DELTA]))
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <title>{escape(name)}</title>
  <link rel="alternate" href="{own}" />
  <subtitle>{escape(name)}</subtitle>
{chr(10).join(entries)}
  <id>{own}</id>
  <updated>{newest}</updated>
  <dc:date>{newest}</dc:date>
</feed>
"""

    def title_list(self, articles: list[SimArticle], instance: str, redirect: str) -> str:
        """``display/title_list.jsp`` rows."""
        rows = "".join(
            f'<li class="h3 web-content"><span class="asset-anchor lfr-asset-anchor" id="{a.id + 2}"></span>'
            f'<a href="{escape(self.detail_url(a, instance))}?redirect={quote(redirect, safe="")}">{escape(a.title)}</a>'
            f' <span class="metadata-entry metadata-publish-date">({a.published:%d/%m/%Y})</span></li>'
            for a in articles
        )
        return f'<ul class="list-unstyled">{rows}</ul>'

    def home(self) -> str:
        latest = self.title_list(self.articles[:8], HOME_INSTANCE, self.base)
        return self.layout("Trang chủ", "", self.portlet(HOME_INSTANCE, "Tin mới", latest))

    # Journal article detail ------------------------------------------------------------------------

    def content(self, a: SimArticle) -> str:
        """The Đồng Tháp web content template: category line, title, date, body, byline, attachments."""
        paragraphs = [f'<p style="text-align: justify;">{escape(p)}</p>' for p in a.paragraphs]
        figures = [
            f'<figure class="image"><img alt="{escape(img.caption)}" src="{document_url(img.path)}" />'
            f"<figcaption>{escape(img.caption)}</figcaption></figure>"
            for img in a.images
        ]
        body = paragraphs[:1] + figures + paragraphs[1:]
        body.append(f'<p style="text-align: right;"><strong>{escape(a.byline)}</strong></p>')
        modified = ""
        if a.modified:
            modified = f' <span class="label-modified">Cập nhật:</span> <span class="modified-date">{a.modified:%d/%m/%Y %H:%M}</span>'
        files = ""
        if a.attachments:
            links = "".join(
                f'<li><a href="{document_url(f.path)}" target="_blank">{escape(f.title)}</a></li>'
                for f in a.attachments
            )
            files = f'<div class="news-attachments"><p class="label-attachments">Tệp đính kèm</p><ul>{links}</ul></div>'
        cat_url = f"{self.base}/{slugify(a.category)}"
        return f"""<div class="clearfix journal-content-article" data-analytics-asset-id="{a.id}" data-analytics-asset-title="{escape(a.title)}" data-analytics-asset-type="web-content">
<div class="news-detail">
<div class="news-category"><span class="label-detail">Chi tiết bài viết</span> <a href="{cat_url}">{escape(a.category)}</a></div>
<h3 class="news-title">{escape(a.title)}</h3>
<div class="news-date"><i class="icon-calendar"></i> <span class="publish-date">{a.published:%d/%m/%Y %H:%M}</span>{modified}</div>
<div class="news-content">
{chr(10).join(body)}
</div>
{files}
</div>
</div>"""

    def detail(self, a: SimArticle) -> str:
        """``view_content.jsp`` > ``view_asset_entry_full_content.jsp`` around the journal content."""
        url = self.detail_url(a)
        listing = f"{self.base}/tin-tuc"
        share = quote(url, safe="")
        full = f"""<div class="asset-full-content clearfix mb-5 default-asset-publisher show-asset-title">
<div class="mb-2"><h4 class="component-title">
<span class="header-back-to lfr-portal-tooltip"><a class="icon-monospaced" href="{listing}"><svg aria-hidden="true" class="lexicon-icon lexicon-icon-angle-left"><use href="/o/dongthap-theme/images/clay/icons.svg#angle-left"></use></svg><span class="taglib-text hide-accessible">null</span></a></span>
<span class="asset-title d-inline">{escape(a.title)}</span>
<span class="d-inline-flex"></span>
</h4></div>
<span class="asset-anchor lfr-asset-anchor" id="{a.id + 2}"></span>
<div class="asset-content mb-3">
{self.content(a)}
</div>
<div class="separator"><!-- --></div>
<div class="asset-details autofit-float autofit-row autofit-row-center">
<div class="autofit-col component-subtitle mr-3 print-action"><a class="btn btn-monospaced btn-outline-borderless btn-outline-secondary btn-sm" href="javascript:;" title="In bài viết"><span class="taglib-text">In bài viết</span></a></div>
<div class="autofit-col"><div class="taglib-social-bookmarks"><span class="social-bookmarks-label">Chia sẻ:</span>
<a class="social-bookmark-facebook" href="https://www.facebook.com/sharer/sharer.php?u={share}" target="_blank">Facebook</a>
<a class="social-bookmark-twitter" href="https://twitter.com/intent/tweet?url={share}" target="_blank">Twitter</a></div></div>
</div>
</div>"""
        pos = self.position[a.id]
        others = self.articles[pos + 1 : pos + 6] or self.articles[max(0, pos - 5) : pos]
        side = self.portlet(RELATED_INSTANCE, "Tin khác", self.title_list(others, RELATED_INSTANCE, url))
        return self.layout(
            a.title,
            "",
            self.portlet(DETAIL_INSTANCE, "Xuất bản thông tin", full),
            side,
            canonical=url,
            description=a.lead[:160],
        )


def _atom_time(when: datetime) -> str:
    """An Atom date as ROME writes it: UTC with a ``Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _int(values: list[str] | None, default: int) -> int:
    try:
        return int(values[0]) if values else default
    except ValueError:
        return default


SITE = LiferaySite
