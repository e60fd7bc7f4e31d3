"""A simulated commune portal on DotNetNuke (DNN Platform 9), as Vĩnh Long's commune sites run it: DNN pages
(tabs) with a Vietnamese vendor's news module, article views reached as module controls of a tab
(``/trang-chu/ctl/detail/mid/<mid>&ID=<id>``, ``/tin-tuc/ctl/detail/mid/<mid>/id/<id>``).

What follows DNN itself (read in dnnsoftware/Dnn.Platform): the page template ``Website/Default.aspx`` (``<head
id="Head">``, ``<body id="Body">``, one ``<form id="Form" enctype="multipart/form-data">``, the ``ScrollTop`` and
``__dnnVariable`` inputs at its end); the rendered skin and module chrome of a saved dnnsoftware.com page (2017-2018)
in the code corpus (file 25093835439: ``<meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke ">``, Client
Dependency bundles ``/DependencyHandler.axd?s=<base64 paths>&t=Css&cdv=N``, ``__VIEWSTATEGENERATOR`` ``CA0B0334``,
``__EVENTVALIDATION``, panes ``div#dnn_<Pane>`` (``DNNEmptyPane`` when empty), modules ``div.DnnModule.DnnModule-<Name>
.DnnModule-<mid>`` > ``a[name=<mid>]`` > container > ``div#dnn_ctr<mid>_ContentPane`` > ``<!-- Start_Module_<mid> -->``
``div#dnn_ctr<mid>_ModuleContent.DNNModuleContent.Mod<Name>C``, ``<!--CDF(...)-->`` comments after the form); the
Xcillion skin (``Skins/Xcillion/Skin/Inner.ascx``: ``ContentPane`` with ``P1_75_1``/``P1_25_2`` columns, breadcrumb,
footer) and its ``Title_h2`` container; the BREADCRUMB skin object (``admin/Skins/BreadCrumb.ascx.cs``: schema.org
``BreadcrumbList`` spans, hidden on top-level pages by ``HideWithNoBreadCrumb``); and the core ``PagingControl``
(``Library/UI/WebControls/PagingControl.cs``): a ``table.PagingTable`` with the "Pages" status cell and First /
Previous / a window of ten page numbers (``BindPageNumbers``; the current one as ``<span>[N]</span>``) / Next / Last,
whose links are ``NavigateURL(tab, "", "currentpage=N")`` (friendly: ``/tin-tuc/currentpage/N``, page 1 too) in URL
mode and ``__doPostBack('<UniqueID>','Page_N')`` in PostBack mode. The all-news page uses URL mode, the category
pages PostBack mode, so both of the control's modes are served.

From DNN installs, not read here: a URL with ``ctl=`` shows its module alone in ``ContentPane`` (module isolation);
module syndication at ``/RSS.aspx?TabId=&ModuleId=`` (``DotNetNuke.Services.Syndication.RssHandler``); the core
sitemap ``/SiteMap.aspx`` lists pages (tabs), not module items; robots.txt closes DNN's system folders.

Reconstructed (no vendor module source is public): the news module's list rows follow the markup of a Vietnamese
DNN news module copied into Laravel Blade views in the code corpus (file 30310254922: ``DnnModule-TNNewsSolution``,
``div.xitem`` with ``img.ximg``, ``h2 > a.xlink``, ``span.xdate`` "Cập nhật:", ``span.xsubject``, control ids
``dnn_ctr<mid>_Main_...``); the detail control (category, title, "Ngày đăng"/"Cập nhật" line, bold summary, content
with CKEditor 4 ``figure.image`` captions as DNN 9's CKEditor provider writes them, author, attachments under
``/Portals/<n>/Files/``, "Tin khác"); the news module on every page ("Tin mới"); the skin's banner and menu; the
home module's ``&ID=`` links (the shape seen on Vĩnh Long's communes). A portal of a province's DNN install is portal
``<n>`` with assets under ``/Portals/<n>/``. Links are root-relative because ``SimSite.handle`` does not see the Host.

Conditional GET: DNN pages and its RSS handler send no ``ETag`` / ``Last-Modified`` (IIS adds them to static files
only); the simulator models the caching reverse proxy in front: feeds, the sitemap, the home page and GET list pages
carry ``Last-Modified`` (the newest publication or edit among the articles shown) and a strong ETag of the body, with
RFC 9110 rules for 304. Article views and postbacks are never revalidated.
"""

# ruff: noqa: E501  (HTML template lines are kept whole so that they read like the markup they render)
from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import format_datetime
from functools import cached_property
from html import escape
from urllib.parse import parse_qsl

from crawler.simulator.aspnet import event_validation, read_viewstate, viewstate
from crawler.simulator.corpus import CATEGORIES, PLACES, SimArticle, slugify
from crawler.simulator.site import SERVER_ERROR, SimResponse, SimSite, last_change, validated

PER_PAGE = 10
HOME_ITEMS = 8  # the home page's featured-news module
SIDEBAR_ITEMS = 5  # "Tin mới", a module shown on every page
FEED_ITEMS = 20
PORTAL_ID = 12  # one portal of the province's DNN installation: /Portals/12/
MODULE = "TinTuc"  # the vendor news module's friendly name (DnnModule-TinTuc, ModTinTucC)
SIDEBAR_MID = 1386
PAGING_TARGET = "dnn$ctr{mid}$TinTuc$ctlPaging"  # the PagingControl's UniqueID in a news module instance
XML = "text/xml; charset=utf-8"
_PAGE_ARG = re.compile(r"^Page_(\d+)$")


@dataclass(frozen=True)
class Tab:
    """A DNN page with one news module instance: its id, friendly path, name, module id, category, pager mode."""

    tab_id: int
    path: str
    name: str
    mid: int
    category: str | None = None  # the module's category filter; None lists all news
    postback: bool = False  # PagingControl mode: PostBack on category pages, URL elsewhere

    @property
    def paging_target(self) -> str:
        return PAGING_TARGET.format(mid=self.mid)


HOME = Tab(55, "/trang-chu", "Trang chủ", 1385)
NEWS = Tab(56, "/tin-tuc", "Tin tức", 1388)
CATEGORY_TABS = tuple(
    Tab(57 + i, f"/tin-tuc/{slugify(c)}", c, 1390 + i, category=c, postback=True) for i, c in enumerate(CATEGORIES)
)
TABS = (HOME, NEWS, *CATEGORY_TABS)
_BY_PATH = {t.path.lower(): t for t in TABS}
_BY_ID = {t.tab_id: t for t in TABS}
_BY_CATEGORY = {t.category: t for t in CATEGORY_TABS}


def portal_file(path: str) -> str:
    """Where the portal keeps a corpus file: ``/Portals/<n>/Images|Files/<yyyy>/<mm>/<name>``."""
    folder = "Files" if path.endswith((".pdf", ".doc", ".docx")) else "Images"
    return f"/Portals/{PORTAL_ID}/{folder}" + path.removeprefix("/uploads")


def detail_url(a: SimArticle, tab: Tab = NEWS) -> str:
    """The article in a list module of ``tab``, friendly key/value pairs (lists, feed, canonical)."""
    return f"{tab.path}/ctl/detail/mid/{tab.mid}/id/{a.id}"


def home_url(a: SimArticle) -> str:
    """The home page module's link: the id glued on with ``&`` as the vendor module writes it (Vĩnh Long)."""
    return f"{HOME.path}/ctl/detail/mid/{HOME.mid}&ID={a.id}"


def sidebar_url(a: SimArticle, tab: Tab) -> str:
    """The "Tin mới" module's link on ``tab``: its own module id, the id as a query parameter."""
    return f"{tab.path}/ctl/detail/mid/{SIDEBAR_MID}?ID={a.id}"


def list_url(tab: Tab, page: int = 1) -> str:
    """A list page: the tab, or its ``currentpage`` URL (the pager writes ``/currentpage/1`` for page 1 too)."""
    return tab.path if page == 1 else f"{tab.path}/currentpage/{page}"


def feed_url(tab: Tab) -> str:
    return f"/RSS.aspx?TabId={tab.tab_id}&ModuleId={tab.mid}"


def resolve(path: str, query: dict[str, list[str]]) -> tuple[Tab, dict[str, str]] | None:
    """The tab and the parameters of a DNN URL: a friendly path (``/tin-tuc/ctl/detail/mid/1388/id/5``), the old
    ``/tabid/56/.../Default.aspx`` and ``/Default.aspx?TabId=56&...`` forms, with query and ``&``-glued pairs."""
    path, _, glued = path.partition("&")
    params = {k.lower(): v[0] for k, v in query.items() if v}
    params.update({k.lower(): v for k, v in parse_qsl(glued)})
    segments = [s for s in path.lower().split("/") if s]
    if segments and segments[-1] == "default.aspx":
        segments.pop()
    tab = None
    for n in range(len(segments), 0, -1):
        tab = _BY_PATH.get("/" + "/".join(segments[:n]))
        if tab:
            segments = segments[n:]
            break
    if len(segments) % 2:
        return None
    pairs = dict(zip(segments[::2], segments[1::2], strict=True))
    params = {**pairs, **params}
    if tab is None:
        tab_id = params.pop("tabid", "")
        tab = _BY_ID.get(int(tab_id)) if tab_id.isdigit() else (HOME if not segments else None)
    return (tab, params) if tab else None


class DotNetNukeSite(SimSite):
    """DNN tabs with the vendor news module: list pages (URL and PostBack pagers), article views, RSS, SiteMap."""

    @cached_property
    def site_name(self) -> str:
        return f"UBND xã {PLACES[self.spec.place].district}"

    def in_tab(self, tab: Tab) -> list[SimArticle]:
        return [a for a in self.articles if tab.category is None or a.category == tab.category]

    def page_count(self, tab: Tab) -> int:
        return max(1, -(-len(self.in_tab(tab)) // PER_PAGE))

    def robots(self) -> str:
        """DNN's shipped robots.txt: its system folders closed, no sitemap named."""
        closed = (
            "admin",
            "App_Browsers",
            "App_Code",
            "App_Data",
            "bin",
            "Components",
            "Config",
            "controls",
            "DesktopModules",
            "Install",
            "Providers",
        )
        return "User-agent: *\n" + "".join(f"Disallow: /{d}/\n" for d in closed)

    # Routing ------------------------------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        low = path.lower()
        if low == "/rss.aspx":
            params = {k.lower(): v[0] for k, v in query.items() if v}
            tab = _BY_ID.get(int(params["tabid"])) if params.get("tabid", "").isdigit() else None
            if tab is None or tab is HOME or params.get("moduleid") != str(tab.mid):
                return None
            return self._feed(tab)
        if low == "/sitemap.aspx":
            return validated(self.cached(("sitemap",), self.sitemap, XML), last_change(self.articles))
        found = resolve(path, query)
        if found is None:
            return None
        tab, params = found
        if params.get("ctl", "").lower() == "detail":
            return self._detail(tab, params, path)
        if set(params) - {"currentpage"}:
            return None
        if tab is HOME:
            return validated(self.cached(("home",), self.home), last_change(self.articles[:HOME_ITEMS]))
        page = params.get("currentpage", "1")
        if not page.isdigit() or not 1 <= int(page) <= self.page_count(tab):
            return None
        if int(page) == 2 and tab is NEWS and "listing_500" in self.spec.faults:
            return SERVER_ERROR
        listed = [*self.in_tab(tab)[(int(page) - 1) * PER_PAGE : int(page) * PER_PAGE], *self.articles[:SIDEBAR_ITEMS]]
        return validated(
            self.cached(("list", tab.tab_id, int(page)), lambda: self.listing(tab, int(page))), last_change(listed)
        )

    def _feed(self, tab: Tab) -> SimResponse:
        rss = self.cached(("rss", tab.tab_id), lambda: self.rss(tab), "application/rss+xml; charset=utf-8")
        return validated(rss, last_change(self.in_tab(tab)[:FEED_ITEMS]))

    def _detail(self, tab: Tab, params: dict[str, str], path: str) -> SimResponse | None:
        """``ctl=detail`` of a module on the tab (its own or the "Tin mới" one) for an article ``id``."""
        mid, article_id = params.get("mid", ""), params.get("id", "")
        if (
            set(params) - {"ctl", "mid", "id"}
            or mid not in (str(tab.mid), str(SIDEBAR_MID))
            or not article_id.isdigit()
        ):
            return None
        article = self.by_id.get(int(article_id))
        if article is None:
            return None
        key = ("detail", tab.tab_id, int(mid), article.id, path)
        return self.serve(article, lambda: self.cached(key, lambda: self.detail(tab, int(mid), article, path)))

    def route_post(self, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> SimResponse | None:
        """A postback of a category page's PagingControl: ``__EVENTARGUMENT`` ``Page_N`` against the posted ViewState."""
        found = resolve(path, query)
        if found is None or found[1] or not found[0].postback:
            return None
        tab = found[0]
        state = (form.get("__VIEWSTATE") or [""])[0]
        decoded = read_viewstate(state)
        if decoded is None or decoded[0] != tab.tab_id:
            return _error("Validation of viewstate MAC failed.")
        if (form.get("__EVENTVALIDATION") or [""])[0] != event_validation(state):
            return _error("Invalid postback or callback argument.")
        target, argument = (form.get("__EVENTTARGET") or [""])[0], (form.get("__EVENTARGUMENT") or [""])[0]
        m = _PAGE_ARG.match(argument)
        if target != tab.paging_target or not m or not 1 <= int(m.group(1)) <= self.page_count(tab):
            return _error("Invalid postback or callback argument.")
        page = int(m.group(1))
        return self.cached(("list", tab.tab_id, page), lambda: self.listing(tab, page, action=tab.path))

    # Page template and skin -----------------------------------------------------------------------------------

    def layout(
        self, tab: Tab, title: str, main: str, *, action: str, state: str, head: str = "", isolated: bool = False
    ) -> str:
        """Default.aspx with the skin: header and menu, breadcrumb, the panes, footer.

        ``main`` goes in the left column beside the "Tin mới" module; an ``isolated`` module control (a URL with
        ``ctl=``: DNN shows that one module alone, in ``ContentPane``) leaves the columns empty."""
        feeds = [(feed_url(NEWS), "Tin tức")] + ([(feed_url(tab), tab.name)] if tab.category else [])
        alternate = "".join(
            f'<link rel="alternate" type="application/rss+xml" title="{escape(t)}" href="{escape(h)}" />'
            for h, t in feeds
        )
        submenu = "".join(
            f'<li class="item"><a href="{t.path}"><span>{escape(t.name)}</span></a></li>' for t in CATEGORY_TABS
        )
        menu = (
            f'<ul class="nav navbar-nav topLevel"><li class="item first"><a href="{HOME.path}"><span>Trang chủ</span></a></li>'
            f'<li class="item haschild"><a href="{NEWS.path}"><span>Tin tức</span></a><ul class="dropdown-menu subLevel">{submenu}</ul></li></ul>'
        )
        crumbs = (
            (("Tin tức", NEWS.path), (tab.name, tab.path)) if tab.category else ()
        )  # HideWithNoBreadCrumb on level 0
        trail = "".join(
            f'<span itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem"><a href="{href}" class="breadcrumbLink" itemprop="item"><span itemprop="name">{escape(name)}</span></a><meta itemprop="position" content="{i}" /></span>'
            for i, (name, href) in enumerate(crumbs, 1)
        )
        crumb = (
            f'<span id="dnn_dnnBreadcrumb_lblBreadCrumb" itemprop="breadcrumb" itemscope itemtype="https://schema.org/breadcrumb"><span itemscope itemtype="http://schema.org/BreadcrumbList">{trail}</span></span>'
            if crumbs
            else ""
        )
        newest = "".join(
            f'<li><a href="{sidebar_url(a, tab)}">{escape(a.title)}</a></li>' for a in self.articles[:SIDEBAR_ITEMS]
        )
        sidebar = self.module(SIDEBAR_MID, MODULE, "Tin mới", f'<ul class="list-news">{newest}</ul>')
        content_pane, left, right = (main, "", "") if isolated else ("", main, sidebar)
        empty = {
            pane: "" if html else " DNNEmptyPane"
            for pane, html in (("content", content_pane), ("left", left), ("right", right))
        }
        dnn_vars = f"`{{`__scdoff`:`1`,`sf_siteRoot`:`/`,`sf_tabId`:`{tab.tab_id}`}}"
        return f"""<!DOCTYPE html>
<html  lang="vi-VN">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>
	{escape(title)} &gt; {escape(self.site_name)}
</title><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử {escape(self.site_name)}, tỉnh {escape(PLACES[self.spec.place].province)}" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><link href="/DependencyHandler.axd?s=L1Jlc291cmNlcy9TaGFyZWQvc3R5bGVzaGVldHMvZG5uZGVmYXVsdC83LjAuMC9kZWZhdWx0LmNzczsvUG9ydGFscy9fZGVmYXVsdC9za2lucy94Y2lsbGlvbi9za2luLmNzczs&amp;t=Css&amp;cdv=112" type="text/css" rel="stylesheet"/><script src="/DependencyHandler.axd?s=L1Jlc291cmNlcy9saWJyYXJpZXMvalF1ZXJ5LzAzXzA1XzAxL2pxdWVyeS5qczs&amp;t=Javascript&amp;cdv=112" type="text/javascript"></script><link rel='SHORTCUT ICON' href='/Portals/{PORTAL_ID}/favicon.ico?ver=2024-05-06-101502-417' type='image/x-icon' />{alternate}{head}<meta name="viewport" content="width=device-width,initial-scale=1" /></head>
<body id="Body">
    <form method="post" action="{escape(action)}" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{state}" />
</div>

<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['Form'];
if (!theForm) {{
    theForm = document.Form;
}}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>
<div class="aspNetHidden">
	<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
	<input type="hidden" name="__VIEWSTATEENCRYPTED" id="__VIEWSTATEENCRYPTED" value="" />
	<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{event_validation(state)}" />
</div>
<div id="siteWrapper">
    <div id="topHeader"><div class="container"><div class="search hidden-xs"><span id="dnn_dnnSearch_ClassicSearch"><span class="searchInputContainer"><input name="dnn$dnnSearch$txtSearch" type="text" maxlength="255" size="20" id="dnn_dnnSearch_txtSearch" class="NormalTextBox" autocomplete="off" placeholder="Tìm kiếm..." /></span><a id="dnn_dnnSearch_cmdSearch" class="SearchButton" href="javascript:__doPostBack(&#39;dnn$dnnSearch$cmdSearch&#39;,&#39;&#39;)">Tìm kiếm</a></span></div></div></div>
    <header role="banner"><div id="mainHeader-inner" class="container"><div class="navbar navbar-default" role="navigation"><div id="logo"><span class="brand"><a id="dnn_dnnLOGO_hypLogo" title="{escape(self.site_name)}" aria-label="{escape(self.site_name)}" href="{HOME.path}"><img id="dnn_dnnLOGO_imgLogo" src="/Portals/{PORTAL_ID}/banner.png?ver=2024-05-06-101502-417" alt="{escape(self.site_name)}" /></a></span></div>
    <div id="navbar" class="collapse navbar-collapse pull-right">{menu}</div></div></div></header>
    <div class="container"><main role="main">
        <div class="row dnnpane"><div id="dnn_HeaderPane" class="col-md-12 headerPane DNNEmptyPane"></div></div>
        <div id="breadcrumb" class="col-md-12">{crumb}</div>
        <div id="mainContent-inner">
            <div class="row dnnpane"><div id="dnn_ContentPane" class="col-md-12 contentPane{empty["content"]}">{content_pane}</div></div>
            <div class="row dnnpane">
                <div id="dnn_P1_75_1" class="col-md-8 leftPane spacingTop{empty["left"]}">{left}</div>
                <div id="dnn_P1_25_2" class="col-md-4 rightPane spacingTop{empty["right"]}">{right}</div>
            </div>
        </div>
    </main></div>
    <footer role="contentinfo"><div class="footer-below"><div class="container"><div class="copyright"><span id="dnn_dnnCopyright_lblCopyright" class="SkinObject">Bản quyền thuộc {escape(self.site_name)}, tỉnh {escape(PLACES[self.spec.place].province)}</span></div></div></div></footer>
</div>
        <input name="ScrollTop" type="hidden" id="ScrollTop" />
        <input name="__dnnVariable" type="hidden" id="__dnnVariable" autocomplete="off" value="{escape(dnn_vars)}" />
    </form>
    <!--CDF(Javascript|/js/dnncore.js|DnnBodyProvider|100)--><!--CDF(Css|/Resources/Shared/stylesheets/dnndefault/7.0.0/default.css|DnnPageHeaderProvider|5)--><!--CDF(Css|/Portals/_default/skins/xcillion/skin.css|DnnPageHeaderProvider|15)-->
</body>
</html>
"""

    @staticmethod
    def module(mid: int, name: str, title: str, content: str) -> str:
        """A module in the Title_h2 container: ``DnnModule-<Name>``, its anchor, ``dnn_ctr<mid>_ModuleContent``."""
        return f"""<div class="DnnModule DnnModule-{name} DnnModule-{mid}"><a name="{mid}"></a>
<div class="DNNContainer_Title_h2 SpacingBottom"><div class="heading_wrapper"><div class="lms_heading_6"><h2 class="lms_heading_title"><span id="dnn_ctr{mid}_dnnTITLE_titleLabel" class="TitleH2-v6">{escape(title)}</span></h2><div class="rectangle"></div></div></div>
<div id="dnn_ctr{mid}_ContentPane"><!-- Start_Module_{mid} --><div id="dnn_ctr{mid}_ModuleContent" class="DNNModuleContent Mod{name.replace("_", "")}C">
{content}
</div><!-- End_Module_{mid} --></div>
<div class="clear"></div></div></div>"""

    # Lists ----------------------------------------------------------------------------------------------------

    def pager(self, tab: Tab, page: int, pages: int) -> str:
        """The core PagingControl: status cell, First / Previous / ten page numbers / Next / Last."""
        if pages <= 1:
            return ""

        def link(n: int, text: str) -> str:
            href = (
                f"javascript:__doPostBack('{tab.paging_target}','Page_{n}')"
                if tab.postback
                else f"{tab.path}/currentpage/{n}"
            )
            return f'<a href="{href}" class="CommandButton">{text}</a>'

        low = max(1, page - 5) if page > 5 else 1  # PagingControl.BindPageNumbers, pageLinksPerPage = 10
        high = pages if pages <= 10 else low + 9
        if high > pages:
            high, low = pages, max(1, pages - 9)
        numbers = "".join(
            (f'<span class="NormalDisabled">[{n}]</span>' if n == page else link(n, str(n))) + "&nbsp;&nbsp;"
            for n in range(low, high + 1)
        )
        first = link(1, "Đầu") if page > 1 else '<span class="NormalDisabled">Đầu</span>'
        prev = link(page - 1, "Trước") if page > 1 else '<span class="NormalDisabled">Trước</span>'
        following = link(page + 1, "Sau") if page < pages else '<span class="NormalDisabled">Sau</span>'
        last = link(pages, "Cuối") if page < pages else '<span class="NormalDisabled">Cuối</span>'
        gap = "&nbsp;&nbsp;&nbsp;"
        return f"""<table class="PagingTable">
	<tr>
		<td align="left">Trang {page} / {pages}</td><td align="right">{first}{gap}{prev}{gap}{numbers}{following}{gap}{last}{gap}</td>
	</tr>
</table>"""

    def row(self, a: SimArticle, i: int, tab: Tab) -> str:
        """One ``xitem`` of the news list: thumbnail, title, "Cập nhật" date, summary."""
        url = detail_url(a, tab)
        thumb = portal_file(a.images[0].path) if a.images else f"/Portals/{PORTAL_ID}/noimage.jpg"
        summary = a.lead if len(a.lead) <= 220 else a.lead[:217].rsplit(" ", 1)[0] + "..."
        first = " first_item" if i == 0 else ""
        return f"""<div class="xitem{first}"><a href="{url}" style="display:block;"><img class="ximg" alt="{escape(a.title)}" src="{thumb}" /></a>
<h2><a href="{url}" class="xlink">{escape(a.title)}</a></h2>
<div style="margin:5px 0;"><span id="dnn_ctr{tab.mid}_Main_UserNewsCategory_rptObject_Label1_{i}" class="xdate">Cập nhật: {a.published:%d/%m/%Y}</span></div>
<span class="xsubject">{escape(summary)}</span><div style="clear:both;"></div></div><div class="sep"></div>"""

    def listing(self, tab: Tab, page: int, action: str = "") -> str:
        pages = self.page_count(tab)
        entries = self.in_tab(tab)[(page - 1) * PER_PAGE : page * PER_PAGE]
        rows = "\n".join(self.row(a, i, tab) for i, a in enumerate(entries))
        content = (
            f'<div class="tncndemo_wrap"><div class="contentx">\n{rows}\n</div></div>\n{self.pager(tab, page, pages)}'
        )
        url = list_url(tab, 1 if tab.postback else page)
        head = f'<link rel="canonical" href="{url}" />'
        main = self.module(tab.mid, MODULE, tab.name, content)
        return self.layout(
            tab, tab.name, main, action=action or url, state=viewstate(tab.tab_id, page, pages), head=head
        )

    def home(self) -> str:
        rows = "".join(
            f'<li><a href="{home_url(a)}">{escape(a.title)}</a> <span class="xdate">({a.published:%d/%m/%Y})</span></li>'
            for a in self.articles[:HOME_ITEMS]
        )
        main = self.module(
            HOME.mid,
            MODULE,
            "Tin nổi bật",
            f'<ul class="home-news">{rows}</ul><a class="more" href="{NEWS.path}">Xem tiếp</a>',
        )
        return self.layout(HOME, HOME.name, main, action=HOME.path, state=viewstate(HOME.tab_id, 0, 0))

    # Article view ---------------------------------------------------------------------------------------------

    def content(self, a: SimArticle) -> str:
        """The rich text after the summary: paragraphs, captioned images (CKEditor 4 image2) after the first one."""
        paragraphs = [f'<p style="text-align: justify;">{escape(p)}</p>' for p in a.paragraphs[1:]]
        figures = [
            f'<figure class="image" style="display:inline-block"><img alt="" height="400" src="{portal_file(img.path)}" width="600" /><figcaption>{escape(img.caption)}</figcaption></figure>'
            for img in a.images
        ]
        return "\n".join(paragraphs[:1] + figures + paragraphs[1:])

    def detail(self, tab: Tab, mid: int, a: SimArticle, action: str) -> str:
        """The detail control of news module ``mid`` for ``a``, isolated on ``tab``; the news page's URL is canonical."""
        ctl = f"dnn_ctr{mid}_Main_NewsDetail"
        category_tab = _BY_CATEGORY[a.category]
        updated = (
            f' <span class="label">| Cập nhật: </span><span id="{ctl}_lblCapNhat" class="xupdate">{a.modified:%d/%m/%Y %H:%M}</span>'
            if a.modified
            else ""
        )
        files = ""
        if a.attachments:
            links = "".join(
                f'<li><a href="{portal_file(f.path)}" target="_blank">{escape(f.title)}</a></li>' for f in a.attachments
            )
            files = f'<div class="news-files"><span class="label">Tài liệu đính kèm:</span><ul>{links}</ul></div>'
        others = [o for o in self.articles if o.category == a.category and o.id != a.id][:5]
        other = "".join(
            f'<li><a href="{detail_url(o, tab)}">{escape(o.title)}</a> <span class="xdate">({o.published:%d/%m/%Y})</span></li>'
            for o in others
        )
        content = f"""<div id="{ctl}_pnlDetail" class="news-detail">
<div class="news-cat"><a id="{ctl}_hlChuyenMuc" href="{category_tab.path}">{escape(a.category)}</a></div>
<h1 class="news-title"><span id="{ctl}_lblTieuDe">{escape(a.title)}</span></h1>
<div class="news-info"><span class="label">Ngày đăng: </span><span id="{ctl}_lblNgayDang" class="xdate">{a.published:%d/%m/%Y %H:%M}</span>{updated} <span class="news-views">| Lượt xem: {(a.id * 31) % 1900 + 23}</span></div>
<div class="news-summary"><strong id="{ctl}_lblTomTat">{escape(a.lead)}</strong></div>
<div id="{ctl}_divNoiDung" class="news-content">
{self.content(a)}
</div>
<div class="news-author"><span id="{ctl}_lblTacGia">{escape(a.byline)}</span></div>
{files}
<div class="news-tools"><a href="javascript:window.print();">In bài viết</a> <a href="javascript:history.back();">Quay lại</a></div>
</div>
<div class="news-other"><div class="other-title">Tin khác</div><ul>{other}</ul></div>"""
        image = f'<meta property="og:image" content="{portal_file(a.images[0].path)}" />' if a.images else ""
        head = f'<link rel="canonical" href="{detail_url(a)}" /><meta property="og:title" content="{escape(a.title)}" />{image}'
        title = {HOME.mid: "Tin nổi bật", SIDEBAR_MID: "Tin mới"}.get(mid, tab.name)
        main = self.module(mid, MODULE, title, content)
        return self.layout(
            tab, a.title, main, action=action, state=viewstate(tab.tab_id, 0, 0), head=head, isolated=True
        )

    # RSS and sitemap ------------------------------------------------------------------------------------------

    def rss(self, tab: Tab) -> str:
        """RssHandler's channel for a module: its newest items, summary as description."""
        items = "".join(
            f"""<item><title>{escape(a.title)}</title><description>{escape(a.lead)}</description><link>{self.origin}{detail_url(a)}</link>
<pubDate>{format_datetime(a.published, usegmt=False)}</pubDate><guid isPermaLink="true">{self.origin}{detail_url(a)}</guid></item>
"""
            for a in self.in_tab(tab)[:FEED_ITEMS]
        )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(self.site_name)} - {escape(tab.name)}</title><link>{self.origin}{tab.path}</link><description>{escape(tab.name)}</description><ttl>60</ttl><language>vi-VN</language>
{items}</channel></rss>
"""

    def sitemap(self) -> str:
        """DNN's core sitemap provider: the portal's pages (tabs), no module items."""
        urls = "".join(
            f"<url><loc>{self.origin}{t.path}</loc><lastmod>{last_change(self.in_tab(t)):%Y-%m-%d}</lastmod><changefreq>daily</changefreq><priority>0.5</priority></url>\n"
            for t in TABS
        )
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'


def _error(message: str) -> SimResponse:
    """DNN's error page for an unhandled exception (status 500)."""
    body = f"<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Server Error in '/' Application.</h1><h2><i>{escape(message)}</i></h2></body></html>"
    return SimResponse(500, body.encode())


SITE = DotNetNukeSite
