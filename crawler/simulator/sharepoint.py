"""A simulated SharePoint 2013/2016 publishing portal, rendered like the provincial e-government district sites
(``/noidung/tintuc/...``) that Tuyên Quang, Yên Bái and many provinces ran on SharePoint.

Markup: seattle.master of SharePoint 2013 (the ``GENERATOR`` meta, ``form#aspnetForm`` with ``__REQUESTDIGEST`` and
``__VIEWSTATE``, "Skip Ribbon Commands", ``#s4-workspace`` > ``#s4-bodyContainer`` > ``#contentRow`` with
``#sideNavBox`` and ``#contentBox`` > ``#DeltaPlaceHolderMain``), ``_spPageContextInfo`` as a 2016 publishing page
(``CMSPUBLISHING#0``) renders it; web part chrome (``div.ms-webpart-zone`` > ``ms-webpart-chrome`` with
``h2.ms-webpart-titleText`` and ``div.ms-WPBody``); ``RichHtmlField`` display markup (a hidden ``..._label`` div,
then ``div.ms-rtestate-field``); list item attachments as the ``AttachmentsField`` table (``#idAttachmentsTable`` >
``td.ms-vb``) under ``/Lists/<list>/Attachments/<ItemID>/``.

Vietnamese portal URL shapes: ``/noidung/tintuc/Pages/chi-tiet-tin-tuc.aspx?ItemID=1060&l=Tinhoatdong`` (also
``?l=...&ItemID=...``; yenbai.gov.vn), ``/noidung/tintuc/Lists/ThongBao/View_detail.aspx?ItemID=8764``, the
``/noidung/tintuc/Pages/default.aspx`` news root, images under ``/noidung/<web>/PublishingImages/``, category lists
paged as ``/noidung/tintuc/Lists/<List>/View.aspx?Page=N``. So listings page with ``?Page=N`` links as the vendors'
list web parts do (SharePoint's own ``Paged=TRUE&p_ID=`` JavaScript paging is not what public pages show). The
detail web part's ids: ``h1#contenttitle``, ``#description`` summary, ``#ngaytao`` date ("Ngày đăng: dd/mm/yyyy
hh:mm" as one text), ``.noidungtt`` body, ``b#tacgia``.

Reconstructed (no template read): the banner, menu and footer, the web parts' inner markup, image captions
(``p > em`` under a centred image, as editors type them), the view counter and share bar. Feeds and sitemaps: list
feeds ``/_layouts/15/listfeed.aspx?List={guid}`` announced by ``link#RSSLink`` (RSS 2.0), and a custom sitemap, both
linking the publishing detail page (a real list feed links ``DispForm.aspx?ID=N``, closed to anonymous users, and
a real Search Engine Sitemap lists Pages-library pages only). ItemIDs are unique site-wide here (per list on a
real farm); URLs match case-insensitively as on IIS. Links are root-relative: ``SimSite.handle`` does not see the
Host.

Conditional GET: SharePoint and IIS send no ``ETag``/``Last-Modified`` for these dynamic responses (IIS does for
static files only). The simulator models the caching reverse proxy in front (nginx or IIS ARR output caching): list
feeds, the sitemaps, listing pages and the home page carry ``Last-Modified`` (the newest publication or edit listed,
the whole site for the sitemaps) and a strong ETag of the body, RFC 9110 rules.
"""

# ruff: noqa: E501  (HTML template lines are kept whole so that they read like the markup they render)
from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Callable
from datetime import UTC
from email.utils import format_datetime
from functools import cached_property
from html import escape

from crawler.simulator.corpus import CATEGORIES, PLACES, SimArticle
from crawler.simulator.site import SERVER_ERROR, SimResponse, SimSite, last_change, validated

PER_PAGE = 15
FEED_ITEMS = 25  # the list RSS setting "maximum items to include"
NEWS = "/noidung/tintuc"
LISTING = f"{NEWS}/Pages/tin-tuc.aspx"
DETAIL = f"{NEWS}/Pages/chi-tiet-tin-tuc.aspx"
# Category -> list internal name (the ``l=`` parameter and the /Lists/<name>/ folder).
LISTS = dict(zip(CATEGORIES, ("Tinhoatdong", "XayDungDang", "KinhTeXaHoi", "QuocPhongAnNinh"), strict=True))
_BY_LIST = {name.lower(): cat for cat, name in LISTS.items()}
_LIST_PAGE = re.compile(r"^/noidung/tintuc/lists/([a-z]+)/(view|view_detail)\.aspx$")
HEADERS = {
    "MicrosoftSharePointTeamServices": "15.0.0.4569",
    "X-SharePointHealthScore": "0",
    "X-MS-InvokeApp": "1; RequireReadOnly",
}
XML = "text/xml; charset=utf-8"
# The form's hidden inputs in the order the web part manager and the form digest write them.
HIDDEN = (
    "_wpcmWpid",
    "wpcmVal",
    "MSOWebPartPage_PostbackSource",
    "MSOTlPn_SelectedWpId",
    "MSOTlPn_View",
    "MSOTlPn_ShowSettings",
    "MSOGallery_SelectedLibrary",
    "MSOGallery_FilterString",
    "MSOTlPn_Button",
    "__EVENTTARGET",
    "__EVENTARGUMENT",
    "__REQUESTDIGEST",
    "MSOSPWebPartManager_DisplayModeName",
    "MSOSPWebPartManager_ExitingDesignMode",
    "MSOWebPartPage_Shared",
    "MSOLayout_LayoutChanges",
    "MSOLayout_InDesignMode",
    "MSOSPWebPartManager_OldDisplayModeName",
)


def list_guid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sim-sharepoint/list/{name}")).upper()


def image_url(path: str) -> str:
    """The Pages web's image library for a corpus path: ``/uploads/2022/07/x.jpg`` -> ``.../PublishingImages/2022/07/x.jpg``."""
    return re.sub(r"^/uploads/", f"{NEWS}/PublishingImages/", path)


def attachment_url(a: SimArticle, path: str) -> str:
    """A list item attachment: ``/Lists/<list>/Attachments/<ItemID>/<file>``."""
    return f"{NEWS}/Lists/{LISTS[a.category]}/Attachments/{a.id}/{path.rsplit('/', 1)[-1]}"


def detail_url(a: SimArticle, order: str = "id-first") -> str:
    """The publishing detail page; portals print both parameter orders (yenbai.gov.vn)."""
    if order == "list-first":
        return f"{DETAIL}?l={LISTS[a.category]}&ItemID={a.id}"
    return f"{DETAIL}?ItemID={a.id}&l={LISTS[a.category]}"


def list_detail_url(a: SimArticle) -> str:
    """The list's own detail view page (``View_detail.aspx``, lower-case d as the ThongBao links print it)."""
    return f"{NEWS}/Lists/{LISTS[a.category]}/View_detail.aspx?ItemID={a.id}"


def list_url(category: str | None, page: int = 1) -> str:
    base = LISTING if category is None else f"{NEWS}/Lists/{LISTS[category]}/View.aspx"
    return base if page == 1 else f"{base}?Page={page}"


def _param(query: dict[str, list[str]], name: str) -> str | None:
    """A query value by case-insensitive name, as ASP.NET's ``Request.QueryString`` reads it."""
    for key, values in query.items():
        if key.lower() == name.lower() and values:
            return values[0]
    return None


def _page(query: dict[str, list[str]]) -> int:
    value = _param(query, "Page") or "1"
    return int(value) if value.isdigit() and int(value) > 0 else 1


class SharePointSite(SimSite):
    """District portal on SharePoint publishing: news list pages, category lists, detail pages, list feeds."""

    @cached_property
    def place_name(self) -> str:
        return PLACES[self.spec.place].district

    @cached_property
    def _pages(self) -> dict[tuple[object, ...], SimResponse]:
        return {}

    def _cached(self, key: tuple[object, ...], render: Callable[[], str], content_type: str = "") -> SimResponse:
        """Rendered pages are kept: a benchmark crawl asks for thousands of them."""
        if key not in self._pages:
            body = render().encode("utf-8")
            self._pages[key] = (
                SimResponse(200, body, XML)
                if content_type
                else SimResponse(
                    200, body, headers={**HEADERS, "SPRequestGuid": str(uuid.uuid5(uuid.NAMESPACE_OID, repr(key)))}
                )
            )
        return self._pages[key]

    def in_category(self, category: str | None) -> list[SimArticle]:
        return [a for a in self.articles if category is None or a.category == category]

    def robots(self) -> str:
        """The robots.txt SharePoint's Search Engine Sitemap feature maintains, with its Sitemap line."""
        return (
            "User-agent: *\nDisallow: /_layouts/\nDisallow: /_vti_bin/\nDisallow: /_catalogs/\n"
            f"Sitemap: {self.origin}/sitemap.xml\n"
        )

    # Routing ---------------------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        low = path.lower()
        if low == "/":
            return SimResponse(302, b"", headers={**HEADERS, "Location": "/Pages/default.aspx"})
        if low == "/pages/default.aspx":
            return validated(self._cached(("home",), self.home), last_change(self.articles[:6]))
        if low in (LISTING.lower(), f"{NEWS}/pages/default.aspx"):
            return self._listing(None, _page(query))
        if low == DETAIL.lower():
            return self._detail(_param(query, "ItemID"), _param(query, "l"))
        m = _LIST_PAGE.match(low)
        if m and m.group(1) in _BY_LIST:
            category = _BY_LIST[m.group(1)]
            if m.group(2) == "view":
                return self._listing(category, _page(query))
            return self._detail(_param(query, "ItemID"), LISTS[category])
        if low == "/_layouts/15/listfeed.aspx":
            guid = (_param(query, "List") or "").strip("{}").upper()
            feed = next((c for c, name in LISTS.items() if list_guid(name) == guid), None)
            if feed is None:
                return None
            return validated(
                self._cached(("rss", feed), lambda: self.rss(feed), XML),
                last_change(self.in_category(feed)[:FEED_ITEMS]),
            )
        if low == "/sitemap.xml":
            return validated(self._cached(("sitemapindex",), self.sitemap_index, XML), last_change(self.articles))
        if low == "/sitemap0.xml":
            return validated(self._cached(("sitemap",), self.sitemap, XML), last_change(self.articles))
        return None

    def _listing(self, category: str | None, page: int) -> SimResponse | None:
        pages = max(1, -(-len(self.in_category(category)) // PER_PAGE))
        if page > pages:
            return None
        if page == 2 and "listing_500" in self.spec.faults:
            return SERVER_ERROR
        resp = self._cached(("listing", category, page), lambda: self.listing(category, page, pages))
        return validated(resp, last_change(self.in_category(category)[(page - 1) * PER_PAGE : page * PER_PAGE]))

    def _detail(self, item_id: str | None, list_name: str | None) -> SimResponse | None:
        article = self.by_id.get(int(item_id)) if item_id and item_id.isdigit() else None
        if article is None or (list_name is not None and list_name.lower() != LISTS[article.category].lower()):
            return None  # the item is not in that list
        return self.serve(article, lambda: self._cached(("detail", article.id), lambda: self.detail(article)))

    # seattle.master ----------------------------------------------------------------------------------

    def layout(
        self, title: str, action: str, main: str, *, canonical: str, feeds: tuple[str, ...] = (), current: str = ""
    ) -> str:
        site = f"Cổng thông tin điện tử huyện {self.place_name}"
        seed = hashlib.sha256(f"{action}|{title}".encode()).digest()
        viewstate = base64.b64encode(b"\xff\x01\x0f\x0f\x05\x0b" + seed * 3).decode()
        digest = "0x" + hashlib.sha512(seed).hexdigest().upper() + ",28 Jun 2025 02:30:00 -0000"
        rss = "".join(
            f'\n<link id="RSSLink{"" if i == 0 else i}" rel="alternate" type="application/rss+xml" title="{escape(name)}" href="/_layouts/15/listfeed.aspx?List=%7B{list_guid(LISTS[name])}%7D" />'
            for i, name in enumerate(feeds)
        )
        nav = [("/Pages/default.aspx", "Trang chủ"), (LISTING, "Tin tức"), *((list_url(c), c) for c in CATEGORIES)]
        top = "".join(
            f'<li class="static{" selected" if href == current else ""}"><a class="static{" selected" if href == current else ""} menu-item ms-core-listMenu-item ms-displayInline ms-navedit-linkNode" href="{href}"><span class="additional-background ms-navedit-flyoutArrow"><span class="menu-item-text">{escape(name)}</span></span></a></li>'
            for href, name in nav
        )
        quick = "".join(
            f'<li class="static"><a class="static menu-item ms-core-listMenu-item ms-displayInline ms-navedit-linkNode" href="{list_url(c)}"><span class="additional-background ms-navedit-flyoutArrow"><span class="menu-item-text">{escape(c)}</span></span></a></li>'
            for c in CATEGORIES
        )
        values = {
            **dict.fromkeys(HIDDEN, ""),
            "MSOTlPn_View": "0",
            "MSOTlPn_ShowSettings": "False",
            "MSOTlPn_Button": "none",
            "__REQUESTDIGEST": digest,
            "MSOSPWebPartManager_DisplayModeName": "Browse",
            "MSOSPWebPartManager_ExitingDesignMode": "false",
            "MSOSPWebPartManager_OldDisplayModeName": "Browse",
        }
        hidden = "\n".join(f'<input type="hidden" name="{n}" id="{n}" value="{v}" />' for n, v in values.items())
        context = (
            '{"webServerRelativeUrl":"/noidung/tintuc","webAbsoluteUrl":"","listTitle":"Pages","listBaseTemplate":850,'
            f'"webTitle":"Tin tức","webTemplate":"39","webTemplateConfiguration":"CMSPUBLISHING#0","webLanguage":1066,"currentLanguage":1066,"currentUICultureName":"vi-VN","currentCultureName":"vi-VN","siteClientTag":"0$$15.0.4569.1000","isAnonymousUser":true,"serverRequestPath":"{action.split("?")[0]}","layoutsUrl":"_layouts/15","PublishingFeatureOn":true}}'
        )
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta name="msapplication-TileImage" content="/_layouts/15/images/SharePointMetroAppTile.png" /><meta name="msapplication-TileColor" content="#0072C6" /><title>
	{escape(title)} - {site}
</title><link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=OqAycmyMLoQIDkAlzHdMhQ%3D%3D"/>
<link rel="stylesheet" type="text/css" href="/Style%20Library/CongTTDT/css/portal.css"/>
<script type="text/javascript" src="/_layouts/15/init.js?rev=BJDmyeIV5jS04CPkRq4Ldg%3D%3D"></script>
<link rel="canonical" href="{escape(canonical)}" />{rss}
<link rel="shortcut icon" href="/_layouts/15/images/favicon.ico?rev=23" type="image/vnd.microsoft.icon" id="favicon" />
</head>
<body onhashchange="if (typeof(_spBodyOnHashChange) != 'undefined') _spBodyOnHashChange();"><div id="imgPrefetch" style="display:none"><img src="/_layouts/15/images/spcommon.png?rev=23" /></div>
<form method="post" action="{escape(action)}" onsubmit="javascript:return WebForm_OnSubmit();" id="aspnetForm">
<div class="aspNetHidden">
{hidden}
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'] || document.aspnetForm;
function __doPostBack(eventTarget, eventArgument) {{ if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{ theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit(); }} }}
//]]>
</script>
<script type="text/javascript">
//<![CDATA[
var MSOWebPartPageFormName = 'aspnetForm';
var _spPageContextInfo={context};
//]]>
</script>
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="BAB98CB3" /></div>
<div class="s4-notdlg s4-skipribbonshortcut noindex"><a href="javascript:;" onclick="document.getElementById('startNavigation').focus();" class="ms-SkiptoNavigation" accesskey="Y">Skip Ribbon Commands</a></div>
<div class="s4-notdlg noindex"><a href="javascript:;" onclick="document.getElementById('mainContent').focus();" class="ms-SkiptoMainContent" accesskey="X">Skip to main content</a></div>
<div id="ms-designer-ribbon"><div id="s4-ribbonrow" class="ms-dialogHidden"></div></div>
<div id="s4-workspace" class="ms-core-overlay">
<div id="s4-bodyContainer">
<div id="s4-titlerow" class="ms-dialogHidden portal-banner">
<div id="siteIcon"><a class="ms-siteicon-a" href="/Pages/default.aspx" id="ctl00_onetidProjectPropertyTitleGraphic"><img class="ms-siteicon-img" src="/Style%20Library/CongTTDT/images/banner.jpg" alt="{site}" /></a></div>
<div class="site-name"><span>{site}</span><span class="site-province">Tỉnh {PLACES[self.spec.place].province}</span></div>
</div>
<div id="DeltaTopNavigation" class="ms-displayInline ms-core-navigation" role="navigation">
<a name="startNavigation"></a>
<div id="zz1_TopNavigationMenu" class=" noindex ms-core-listMenu-horizontalBox"><ul id="zz2_RootAspMenu" class="root ms-core-listMenu-root static">{top}</ul></div>
</div>
<div id="contentRow">
<div id="sideNavBox" class="ms-dialogHidden ms-forceWrap ms-noList">
<div id="DeltaPlaceHolderLeftNavBar" class="ms-core-navigation" role="navigation">
<a id="startNavigation" name="startNavigation" tabIndex="-1"></a>
<div class="ms-core-sideNavBox-removeLeftMargin"><div id="ctl00_PlaceHolderLeftNavBar_QuickLaunchNavigationManager"><div id="zz3_V4QuickLaunchMenu" class=" noindex ms-core-listMenu-verticalBox"><ul id="zz4_RootAspMenu" class="root ms-core-listMenu-root static">{quick}</ul></div></div></div>
</div>
</div>
<div id="contentBox" aria-live="polite" aria-relevant="all">
<div id="notificationArea" class="ms-notif-box"></div>
<div id="DeltaPlaceHolderMain">
<a id="mainContent" name="mainContent" tabindex="-1"></a>
{main}
</div>
</div>
<div id="DeltaFormDigest">
<script type="text/javascript">//<![CDATA[ var formDigestElement = document.getElementsByName('__REQUESTDIGEST')[0]; if (formDigestElement) {{ formDigestElement.value = '{digest}'; g_updateFormDigestPageLoaded = new Date(); }} //]]></script>
</div>
</div>
<div id="portal-footer" class="ms-dialogHidden">
<div class="footer-info">Cơ quan chủ quản: Ủy ban nhân dân huyện {self.place_name}, tỉnh {PLACES[self.spec.place].province}<br />Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện</div>
<div class="footer-copy">Ghi rõ nguồn "{site}" khi phát hành lại thông tin từ website này.</div>
</div>
</div>
</div>
<script type="text/javascript">// <![CDATA[ var g_Workspace = "s4-workspace"; // ]]></script>
</form>
<span id="DeltaPlaceHolderUtilityContent"></span>
</body>
</html>
"""

    @staticmethod
    def zone(parts: list[tuple[str, str, str]]) -> str:
        """A web part zone: (WPQ number/instance key, title, body) per web part, with SharePoint 2013 chrome."""
        cells = []
        for key, title, body in parts:
            wpq, guid = key.split(":")
            cells.append(f"""<div id="MSOZoneCell_WebPart{wpq}" class="s4-wpcell-plain ms-webpartzone-cell ms-webpart-cell-vertical ms-fullWidth ">
<div class="ms-webpart-chrome ms-webpart-chrome-vertical ms-webpart-chrome-fullWidth ">
<div class="ms-webpart-chrome-title" id="WebPart{wpq}_ChromeTitle"><span title="{escape(title)}" id="WebPartTitle{wpq}" class="js-webpart-titleCell"><h2 style="text-align:justify;" class="ms-webpart-titleText"><nobr><span>{escape(title)}</span><span id="WebPartCaption{wpq}"></span></nobr></h2></span></div>
<div webpartid="{guid}" haspers="false" id="WebPart{wpq}" width="100%" class="ms-WPBody " allowdelete="false" style="">
{body}
</div><div class="ms-clear"></div>
</div>
</div>""")
        return (
            '<div class="ms-webpart-zone ms-fullWidth">\n'
            + '\n<div class="ms-PartSpacingVertical"></div>\n'.join(cells)
            + "\n</div>"
        )

    def page_layout(self, center: str, right: str) -> str:
        """The portal's two-column article page layout: a "Center" and a "Right" web part zone."""
        return (
            f'<div class="ms-table ms-fullWidth"><div class="tableCol-75"><div class="cell-margin">\n{center}\n</div></div>\n'
            f'<div class="tableCol-25"><div class="cell-margin">\n{right}\n</div></div></div>'
        )

    def latest(self, exclude: int | None = None) -> str:
        """The right column's "Tin mới" web part (links in the other parameter order)."""
        rows = "".join(
            f'<li><a href="{escape(detail_url(a, "list-first"))}">{escape(a.title)}</a> <span class="date">({a.published:%d/%m/%Y})</span></li>'
            for a in self.articles[:8]
            if a.id != exclude
        )
        return self.zone([("WPQ4:6D1D2A45-9D31-4E65-A2B5-62C0F1B7E010", "Tin mới", f'<ul class="tin-moi">{rows}</ul>')])

    # News lists --------------------------------------------------------------------------------------

    def entry(self, a: SimArticle, link: str) -> str:
        thumb = (
            f'<a class="img-news" href="{escape(link)}"><img src="{image_url(a.images[0].path)}" alt="{escape(a.title)}" /></a>'
            if a.images
            else ""
        )
        return f"""<div class="item-news">{thumb}
<h3><a class="title-news" href="{escape(link)}">{escape(a.title)}</a></h3>
<span class="date-news">({a.published:%d/%m/%Y %H:%M})</span>
<div class="summary-news">{escape(a.lead)}</div>
</div>"""

    @staticmethod
    def pager(base: str, page: int, pages: int) -> str:
        """Numbered window of five with first/previous/next/last, all ``?Page=N`` links."""
        if pages <= 1:
            return ""

        def link(i: int, text: str, title: str = "") -> str:
            return f'<a href="{base}?Page={i}"{f" title={chr(34)}{title}{chr(34)}" if title else ""}>{text}</a>'

        lo, hi = max(1, page - 2), min(pages, page + 2)
        parts = [link(1, "«", "Trang đầu"), link(page - 1, "‹", "Trang trước")] if page > 1 else []
        parts += [f'<span class="current">{i}</span>' if i == page else link(i, str(i)) for i in range(lo, hi + 1)]
        parts += [link(page + 1, "›", "Trang sau"), link(pages, "»", "Trang cuối")] if page < pages else []
        return f'<div class="paging"><span class="paging-label">Trang {page}/{pages}:</span> {" ".join(parts)}</div>'

    def listing(self, category: str | None, page: int, pages: int) -> str:
        entries = self.in_category(category)[(page - 1) * PER_PAGE : page * PER_PAGE]
        # The all-news page links the publishing detail page; a list's view links its View_detail page.
        rows = "\n".join(self.entry(a, detail_url(a) if category is None else list_detail_url(a)) for a in entries)
        base = list_url(category)
        body = f'<div class="list-news">\n{rows}\n</div>\n{self.pager(base, page, pages)}'
        title = category or "Tin tức"
        center = self.zone([("WPQ2:3F2B0C1E-8A8E-4C52-9E0C-1B5D2F4A7C11", title, body)])
        feeds = tuple(CATEGORIES) if category is None else (category,)
        return self.layout(
            title,
            list_url(category, page),
            self.page_layout(center, self.latest()),
            canonical=list_url(category, page),
            feeds=feeds,
            current=base,
        )

    def home(self) -> str:
        rows = "\n".join(self.entry(a, detail_url(a, "list-first")) for a in self.articles[:6])
        center = self.zone(
            [
                (
                    "WPQ2:0B6F3E55-1C1A-4A4B-8F10-5E2C7D9A3B21",
                    "Tin tức - Sự kiện",
                    f'<div class="list-news">\n{rows}\n</div>',
                )
            ]
        )
        return self.layout(
            "Trang chủ",
            "/Pages/default.aspx",
            self.page_layout(center, ""),
            canonical="/Pages/default.aspx",
            feeds=tuple(CATEGORIES),
            current="/Pages/default.aspx",
        )

    # Detail page -------------------------------------------------------------------------------------

    def body(self, a: SimArticle) -> str:
        """The item's rich text (the paragraphs after the summary), images centred with an italic caption line."""
        figures = [
            f'<p style="text-align: center;"><img class="imgtelerik" alt="{escape(img.caption)}" src="{image_url(img.path)}" style="width: 600px;" /></p>\n'
            f'<p style="text-align: center;"><em>{escape(img.caption)}</em></p>'
            for img in a.images
        ]
        paragraphs = [f'<p style="text-align: justify;">{escape(p)}</p>' for p in a.paragraphs[1:]]
        return "\n".join(paragraphs[:1] + figures + paragraphs[1:])

    def detail(self, a: SimArticle) -> str:
        list_name = LISTS[a.category]
        field = "ctl00_ctl40_g_8a4c2f0e_5b7d_4e1a_9c3f_2d6b8e0a1f47_ctl00"
        modified = f' <span id="ngaycapnhat">Cập nhật: {a.modified:%d/%m/%Y %H:%M}</span>' if a.modified else ""
        files = ""
        if a.attachments:
            rows = "".join(
                f'<tr id="{a.id}_{i}"><td class="ms-vb"><span dir="ltr"><a tabindex="1" href="{attachment_url(a, f.path)}">{escape(f.path.rsplit("/", 1)[-1])}</a></span></td></tr>'
                for i, f in enumerate(a.attachments)
            )
            files = f'<div class="file-dinh-kem"><span class="label-file">Tệp đính kèm:</span><table border="0" cellpadding="0" cellspacing="0" id="idAttachmentsTable">{rows}</table></div>'
        share = escape(detail_url(a))
        body = f"""<div class="news-detail">
<div class="cate-news"><a href="{list_url(a.category)}">{escape(a.category)}</a></div>
<h1 id="contenttitle" class="title-detail">{escape(a.title)}</h1>
<div class="date-detail"><span id="ngaytao">Ngày đăng: {a.published:%d/%m/%Y %H:%M}</span>{modified} <span class="luot-xem">Lượt xem: {(a.id * 37) % 900 + 41}</span></div>
<div id="description" class="sapo-detail">{escape(a.lead)}</div>
<div id="{field}_label" style="display:none">Nội dung</div><div id="{field}__ControlWrapper_RichHtmlField" class="ms-rtestate-field noidungtt" style="display:inline" aria-labelledby="{field}_label">
{self.body(a)}
</div>
<p class="tacgia" style="text-align: right;"><b id="tacgia">{escape(a.byline)}</b></p>
{files}
<div class="share-bar noindex"><span>Chia sẻ:</span> <a href="https://www.facebook.com/sharer/sharer.php?u={share}" target="_blank">Facebook</a> <a href="javascript:window.print();">In bài viết</a> <a href="javascript:history.back();">Quay lại</a></div>
</div>"""
        others = [x for x in self.in_category(a.category) if x.published < a.published][:5]
        related = "".join(
            f'<li><a href="{escape(detail_url(x))}">{escape(x.title)}</a> <span class="date">({x.published:%d/%m/%Y})</span></li>'
            for x in others
        )
        center = self.zone(
            [
                ("WPQ2:8A4C2F0E-5B7D-4E1A-9C3F-2D6B8E0A1F47", "Chi tiết tin", body),
                ("WPQ3:C5E1B7A2-0F3D-4B8E-A6C9-7D2E1F0B5A38", "Tin khác", f'<ul class="tin-khac">{related}</ul>'),
            ]
        )
        return self.layout(
            a.title,
            f"{DETAIL}?ItemID={a.id}&l={list_name}",
            self.page_layout(center, self.latest(a.id)),
            canonical=detail_url(a),
            feeds=(a.category,),
            current=list_url(a.category),
        )

    # List feeds and the sitemap ----------------------------------------------------------------------

    def rss(self, category: str) -> str:
        """``listfeed.aspx``: the list's newest items, fields as ``<div><b>Label:</b> value</div>`` lines."""
        items = []
        for a in self.in_category(category)[:FEED_ITEMS]:
            link = f"{self.origin}{detail_url(a)}"
            description = (
                f"<div><b>Tóm tắt:</b> {escape(a.lead)}</div>\n<div><b>Chuyên mục:</b> {escape(category)}</div>\n"
                f"<div><b>Ngày đăng:</b> {a.published:%d/%m/%Y %H:%M}</div>"
            )
            items.append(f"""<item>
<title>{escape(a.title)}</title>
<link>{escape(link)}</link>
<description><![CDATA[{description}]]></description>
<author>{escape(a.byline)}</author>
<pubDate>{format_datetime(a.published.astimezone(UTC), usegmt=True)}</pubDate>
<guid isPermaLink="true">{escape(link)}</guid>
</item>""")
        newest = self.in_category(category)[0].published.astimezone(UTC)
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="/_layouts/15/RssXslt.aspx?List=%7B{list_guid(LISTS[category])}%7D" version="1.0"?>
<rss version="2.0">
<channel>
<title>Tin tức: {escape(category)}</title>
<link>{self.origin}{list_url(category)}</link>
<description>Nguồn cấp RSS cho danh sách {escape(category)}.</description>
<lastBuildDate>{format_datetime(newest, usegmt=True)}</lastBuildDate>
<generator>Microsoft SharePoint Foundation RSS Generator</generator>
<ttl>60</ttl>
<language>vi-VN</language>
{chr(10).join(items)}
</channel>
</rss>
"""

    def sitemap_index(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"<sitemap><loc>{self.origin}/sitemap0.xml</loc><lastmod>{self.articles[0].published.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</lastmod></sitemap>\n"
            "</sitemapindex>\n"
        )

    def sitemap(self) -> str:
        """Every news item's detail page with its last change."""
        rows = "".join(
            f"<url><loc>{escape(self.origin + detail_url(a))}</loc><lastmod>{(a.modified or a.published).astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</lastmod>"
            "<changefreq>daily</changefreq></url>\n"
            for a in self.articles
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n"
        )


SITE = SharePointSite
