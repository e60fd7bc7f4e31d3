"""A simulated district portal on a vendor-built ASP.NET WebForms CMS, as Vietnamese districts bought them.

Markup: System.Web 4.x rendering. One server form (``form#form1``) around the page; ``div.aspNetHidden``
with ``__EVENTTARGET``/``__EVENTARGUMENT``/``__VIEWSTATE`` first and ``__VIEWSTATEGENERATOR``/
``__EVENTVALIDATION`` before ``</form>``; the ``theForm``/``__doPostBack`` script; ``LinkButton`` as
``<a href="javascript:__doPostBack(&#39;<UniqueID>&#39;,&#39;&#39;)">`` (disabled: ``a.aspNetDisabled``
without href); client ids (``ContentPlaceHolder1_rptPager_lnkPage_3``) beside ``$``-separated unique ids
(``ctl00$ContentPlaceHolder1$rptPager$ctl03$lnkPage``). Detail URLs ``/DetailView/<id>/<cat-id>/<slug>.html``
and ``/Article/<id>/<slug>.html``; news lists (``/tin-tuc.aspx``, ``?CatID=<id>``) page by **postback** only,
through a Repeater of LinkButtons (``rptPager`` > ``lnkPage``: "First", every page number, "Last"; the
current page and unavailable ends disabled), so item ``ctlNN`` is page NN.

ViewState and event validation are opaque base64 (``/wEP...``, ``/wEd...``) carrying the list, page and page
count under a MAC: a POST is answered from its own ViewState, and one without ``__EVENTVALIDATION``, with a
forged ViewState or a target the page did not render fails with ASP.NET's 500.

Reconstructed (no vendor template is public): the master page, the list rows (``div.news-item``) and the detail
user control (title, "Ngày đăng" and "Cập nhật lúc" line, sapo, content with CKEditor 4 captioned image tables,
author, attachments, tools, share bar, "Tin liên quan"). Feeds and sitemaps: ``/rss.aspx`` and ``/sitemap.xml``,
the vendor add-ons such portals carry. Links are root-relative: ``SimSite.handle`` does not see the Host.

Conditional GET: WebForms sends no ``ETag``/``Last-Modified`` unless the page's code sets them, and these
vendors' do not. The simulator models the caching reverse proxy in front (nginx or IIS ARR): the feeds, the
sitemap, the home page and a list's first page (a GET; postbacks never revalidate) carry ``Last-Modified`` (the
newest publication or edit listed, the whole site for the sitemap) and a strong ETag of the body, RFC 9110 rules.
"""

# ruff: noqa: E501  (HTML template lines are kept whole so that they read like the markup they render)
from __future__ import annotations

import base64
import hashlib
import re
import zlib
from email.utils import format_datetime
from functools import cached_property
from html import escape
from urllib.parse import quote

from crawler.simulator.corpus import CATEGORIES, PLACES, SimArticle, slugify
from crawler.simulator.site import SERVER_ERROR, SimResponse, SimSite, last_change, validated

PER_PAGE = 10
FEED_ITEMS = 30  # /rss.aspx lists the 30 newest of its list
CAT_IDS: dict[str, int] = {c: 15 + i for i, c in enumerate(CATEGORIES)}  # the CMS's ChuyenMucID
CAT_BY_ID = {v: k for k, v in CAT_IDS.items()}
PAGER_TARGET = "ctl00$ContentPlaceHolder1$rptPager$ctl{:02d}$lnkPage"
_PAGER_TARGET = re.compile(r"^ctl00\$ContentPlaceHolder1\$rptPager\$ctl(\d{2,})\$lnkPage$")
_DETAIL = re.compile(r"^/DetailView/(\d+)/(\d+)/[\w-]+\.html$", re.I)
_ARTICLE = re.compile(r"^/Article/(\d+)/[\w-]+\.html$", re.I)
_MACHINE_KEY = b"tranvanthoi-validationKey"  # stands in for <machineKey validationKey=...>
XML = "application/xml; charset=utf-8"


def upload_url(path: str) -> str:
    """Where the CMS stores a corpus file: ``/UploadFiles/Images|Files/<yyyy>/<mm>/<name>``."""
    folder = "Files" if path.endswith((".pdf", ".doc", ".docx")) else "Images"
    return "/UploadFiles/" + folder + path.removeprefix("/uploads")


def detail_url(a: SimArticle) -> str:
    """The canonical detail URL (the one list pages, feed and sitemap use)."""
    return f"/DetailView/{a.id}/{CAT_IDS[a.category]}/{slugify(a.title)}.html"


def article_url(a: SimArticle) -> str:
    """The short detail URL that home page and related-news boxes print."""
    return f"/Article/{a.id}/{slugify(a.title)}.html"


def list_url(cat_id: int | None) -> str:
    return "/tin-tuc.aspx" + (f"?CatID={cat_id}" if cat_id else "")


# ViewState ------------------------------------------------------------------------------------------------


def _mac(payload: bytes, purpose: bytes) -> bytes:
    return hashlib.sha1(_MACHINE_KEY + purpose + payload).digest()


def viewstate(cat_id: int | None, page: int, pages: int) -> str:
    """An opaque ``__VIEWSTATE`` (``/wEP`` prefix as ObjectStateFormatter's) holding the list position, MAC'd."""
    payload = f"{cat_id or 0}|{page}|{pages}".encode()
    return base64.b64encode(b"\xff\x01\x0f\x0f" + bytes([len(payload)]) + payload + _mac(payload, b"vs")).decode()


def read_viewstate(value: str) -> tuple[int | None, int, int] | None:
    """The (category id, page, page count) a ViewState holds; None when it is not one this site issued."""
    try:
        raw = base64.b64decode(value, validate=True)
        size = raw[4]
        payload, mac = raw[5 : 5 + size], raw[5 + size :]
        if raw[:4] != b"\xff\x01\x0f\x0f" or mac != _mac(payload, b"vs"):
            return None
        cat, page, pages = (int(x) for x in payload.decode().split("|"))
    except (ValueError, IndexError):
        return None
    return cat or None, page, pages


def event_validation(state: str) -> str:
    """``__EVENTVALIDATION`` bound to the ViewState it was issued with (``/wEd`` prefix)."""
    return base64.b64encode(b"\xff\x01\x64" + _mac(state.encode(), b"ev")).decode()


def _aspnet_error(message: str) -> SimResponse:
    """ASP.NET's error page (customErrors off), status 500."""
    body = (
        f"<!DOCTYPE html><html><head><title>{escape(message)}</title></head><body><span><h1>Server Error in '/' Application.<hr width=100% size=1 color=silver></h1>"
        f"<h2><i>{escape(message)}</i></h2></span><b>Exception Details:</b> System.ArgumentException: {escape(message)}</body></html>"
    )
    return SimResponse(500, body.encode())


class AspNetSite(SimSite):
    """News lists paged by postback, detail pages under two URL shapes, RSS feeds and a sitemap."""

    @cached_property
    def site_name(self) -> str:
        return f"Huyện ủy {PLACES[self.spec.place].district}"

    @cached_property
    def position(self) -> dict[int, int]:
        return {a.id: i for i, a in enumerate(self.articles)}

    def in_category(self, cat_id: int | None) -> list[SimArticle]:
        return [a for a in self.articles if cat_id is None or CAT_IDS[a.category] == cat_id]

    def page_count(self, cat_id: int | None) -> int:
        return max(1, -(-len(self.in_category(cat_id)) // PER_PAGE))

    def robots(self) -> str:
        return f"User-agent: *\nDisallow: /Admin/\nDisallow: /UserControls/\nSitemap: {self.origin}/sitemap.xml\n"

    # Routing ------------------------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        low = path.lower()
        if low in ("/", "/default.aspx"):
            return validated(self.cached(("home",), self.home), last_change(self.home_articles))
        if low == "/sitemap.xml":
            return validated(self.cached(("sitemap",), self.sitemap, XML), last_change(self.articles))
        cat_id = self._cat(query)
        if cat_id == -1:
            return None
        if low == "/rss.aspx":
            return validated(
                self.cached(("rss", cat_id), lambda: self.rss(cat_id), "application/rss+xml; charset=utf-8"),
                last_change(self.in_category(cat_id)[:FEED_ITEMS]),
            )
        if low == "/tin-tuc.aspx":  # a GET always shows page 1: other pages exist only as postbacks
            listed = self.in_category(cat_id)[:PER_PAGE]
            return validated(self.cached(("list", cat_id, 1), lambda: self.listing(cat_id, 1)), last_change(listed))
        m = _DETAIL.match(path) or _ARTICLE.match(path)
        if m:
            article = self.by_id.get(int(m.group(1)))
            if article is None:
                return None
            return self.serve(article, lambda: self.cached(("detail", article.id), lambda: self.detail(article)))
        return None

    def route_post(self, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> SimResponse | None:
        """A postback of a news list: the pager's LinkButton named in ``__EVENTTARGET`` against the posted ViewState."""
        if path.lower() != "/tin-tuc.aspx":
            return None
        state = (form.get("__VIEWSTATE") or [""])[0]
        validation = (form.get("__EVENTVALIDATION") or [""])[0]
        if not validation:
            return _aspnet_error("Invalid postback or callback argument.")
        decoded = read_viewstate(state)
        if decoded is None or decoded[0] != self._cat(query):
            return _aspnet_error("Validation of viewstate MAC failed.")
        if validation != event_validation(state):
            return _aspnet_error("Invalid postback or callback argument.")
        cat_id, page, pages = decoded
        target = (form.get("__EVENTTARGET") or [""])[0]
        if target:
            m = _PAGER_TARGET.match(target)
            index = int(m.group(1)) if m else -1
            enabled = {0: page > 1, pages + 1: page < pages} | {i: i != page for i in range(1, pages + 1)}
            if not enabled.get(index):  # event validation only admits the LinkButtons the page rendered enabled
                return _aspnet_error("Invalid postback or callback argument.")
            page = {0: 1, pages + 1: pages}.get(index, index)
        if page == 2 and cat_id is None and "listing_500" in self.spec.faults:
            return SERVER_ERROR
        return self.cached(("list", cat_id, page), lambda: self.listing(cat_id, page))

    @staticmethod
    def _cat(query: dict[str, list[str]]) -> int | None:
        """The ``CatID`` of a list URL: None for all news, -1 when it names no category."""
        value = (query.get("CatID") or query.get("catid") or [""])[0]
        if not value:
            return None
        return int(value) if value.isdigit() and int(value) in CAT_BY_ID else -1

    # Master page ----------------------------------------------------------------------------------------

    def layout(
        self,
        title: str,
        main: str,
        *,
        action: str,
        state: str,
        head: str = "",
        postback: bool = False,
        feeds: tuple[tuple[str, str], ...] = (),
    ) -> str:
        """The master page: one server form around header, content placeholder, sidebar and footer."""
        alternate = "".join(
            f'<link rel="alternate" type="application/rss+xml" title="{escape(t)}" href="{h}" />'
            for h, t in (("/rss.aspx", "Tin tức"), *feeds)
        )
        menu = "".join(f'<li><a href="{list_url(i)}">{escape(c)}</a></li>' for c, i in CAT_IDS.items())
        script = ""
        if postback:  # emitted by the page only when a control renders __doPostBack links
            script = """<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['form1'];
if (!theForm) { theForm = document.form1; }
function __doPostBack(eventTarget, eventArgument) {
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
        theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit();
    }
}
//]]>
</script>
"""
        targets = (
            (
                '<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />\n'
                '<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />\n'
            )
            if postback
            else ""
        )
        generator = f"{zlib.crc32(action.split('?')[0].encode()) & 0xFFFFFFFF:08X}"
        latest = "".join(f'<li><a href="{article_url(a)}">{escape(a.title)}</a></li>' for a in self.articles[:5])
        return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>
	{escape(title)} - {self.site_name}
</title><link href="/Content/css/bootstrap.min.css" rel="stylesheet" type="text/css" /><link href="/Content/css/style.css" rel="stylesheet" type="text/css" />{alternate}{head}</head>
<body>
    <form method="post" action="{escape(action)}" id="form1">
<div class="aspNetHidden">
{targets}<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{state}" />
</div>

{script}
    <div id="wrapper">
        <div id="header"><a href="/Default.aspx" class="logo"><img src="/Content/images/banner.jpg" alt="{self.site_name}" /></a>
            <div class="search-box"><input name="ctl00$ucHeader$txtKeyword" type="text" id="ucHeader_txtKeyword" class="txt-search" placeholder="Tìm kiếm..." /><input type="submit" name="ctl00$ucHeader$btnSearch" value="Tìm" id="ucHeader_btnSearch" class="btn-search" /></div>
        </div>
        <ul id="menu" class="menu"><li><a href="/Default.aspx">Trang chủ</a></li><li><a href="/tin-tuc.aspx">Tin tức</a></li>{menu}</ul>
        <div id="main" class="row">
            <div class="col-md-8 main-content">
{main}
            </div>
            <div class="col-md-4 sidebar"><div class="box-sidebar"><div class="box-title">Tin mới</div><ul class="list-news">{latest}</ul></div></div>
        </div>
        <div id="footer"><p>Cơ quan chủ quản: {self.site_name}, tỉnh {PLACES[self.spec.place].province}</p><p>Ghi rõ nguồn "{self.site_name}" khi phát hành lại thông tin từ website này.</p></div>
    </div>

<div class="aspNetHidden">

	<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="{generator}" />
	<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{event_validation(state)}" />
</div></form>
</body>
</html>
"""

    # News lists --------------------------------------------------------------------------------------------

    def pager(self, page: int, pages: int) -> str:
        """``rptPager``: First, every page number, Last; disabled LinkButtons render without href."""
        if pages <= 1:
            return ""
        items = [("Đầu", page > 1), *((str(i), i != page) for i in range(1, pages + 1)), ("Cuối", page < pages)]
        links = []
        for index, (text, enabled) in enumerate(items):
            client_id = f"ContentPlaceHolder1_rptPager_lnkPage_{index}"
            if enabled:
                target = PAGER_TARGET.format(index)
                links.append(
                    f'<a id="{client_id}" href="javascript:__doPostBack(&#39;{target}&#39;,&#39;&#39;)">{text}</a>'
                )
            else:
                links.append(f'<a id="{client_id}" class="aspNetDisabled">{text}</a>')
        return (
            f'<div class="pager"><span class="pager-info">Trang {page}/{pages}</span>\n' + "\n".join(links) + "\n</div>"
        )

    def item(self, a: SimArticle, index: int) -> str:
        """One row of ``rptNews``: thumbnail, title, date, shortened summary."""
        thumb = upload_url(a.images[0].path) if a.images else "/Content/images/no-image.jpg"
        summary = a.lead if len(a.lead) <= 220 else a.lead[:217].rsplit(" ", 1)[0] + "..."
        url = detail_url(a)
        return f"""<div class="news-item clearfix">
<a id="ContentPlaceHolder1_rptNews_hlImage_{index}" class="news-img" href="{url}"><img src="{thumb}" alt="{escape(a.title)}" /></a>
<h3 class="news-title"><a id="ContentPlaceHolder1_rptNews_hlTitle_{index}" href="{url}">{escape(a.title)}</a></h3>
<span id="ContentPlaceHolder1_rptNews_lblDate_{index}" class="news-date">({a.published:%d/%m/%Y})</span>
<p class="news-sapo">{escape(summary)}</p>
</div>"""

    def listing(self, cat_id: int | None, page: int) -> str:
        pages = self.page_count(cat_id)
        entries = self.in_category(cat_id)[(page - 1) * PER_PAGE : page * PER_PAGE]
        name = CAT_BY_ID[cat_id] if cat_id else "Tin tức"
        rows = "\n".join(self.item(a, i) for i, a in enumerate(entries))
        main = f"""<div class="breadcrumb"><a href="/Default.aspx">Trang chủ</a> » <span id="ContentPlaceHolder1_lblChuyenMuc">{escape(name)}</span></div>
<div class="box-category"><h2 class="category-title">{escape(name)}</h2>
<div id="ContentPlaceHolder1_pnlNews" class="news-list">
{rows}
</div>
{self.pager(page, pages)}
</div>"""
        url = list_url(cat_id)
        feeds = ((f"/rss.aspx?CatID={cat_id}", f"Tin tức - {name}"),) if cat_id else ()
        return self.layout(
            name,
            main,
            action="." + url,
            state=viewstate(cat_id, page, pages),
            postback=pages > 1,
            head=f'<link rel="canonical" href="{url}" />',
            feeds=feeds,
        )

    @property
    def home_articles(self) -> list[SimArticle]:
        """What the home page lists: the five newest of each category's box."""
        return [a for cat_id in CAT_IDS.values() for a in self.in_category(cat_id)[:5]]

    def home(self) -> str:
        boxes = []
        for cat, cat_id in CAT_IDS.items():
            rows = "".join(
                f'<li><a href="{article_url(a)}">{escape(a.title)}</a> <span class="date">({a.published:%d/%m/%Y})</span></li>'
                for a in self.in_category(cat_id)[:5]
            )
            boxes.append(
                f'<div class="box-home"><h2 class="box-title"><a href="{list_url(cat_id)}">{escape(cat)}</a></h2><ul>{rows}</ul></div>'
            )
        return self.layout("Trang chủ", "\n".join(boxes), action="./Default.aspx", state=viewstate(None, 0, 0))

    # Detail page --------------------------------------------------------------------------------------------

    def content(self, a: SimArticle) -> str:
        """The rich-text body after the sapo: paragraphs with captioned image tables after the first one."""
        paragraphs = [f'<p style="text-align: justify;">{escape(p)}</p>' for p in a.paragraphs[1:]]
        tables = [
            f'<table align="center" border="0" cellpadding="1" cellspacing="1" class="image-caption" style="width: 600px;"><tbody>'
            f'<tr><td><img alt="" src="{upload_url(img.path)}" style="width: 600px; height: 400px;" /></td></tr>'
            f'<tr><td class="caption-text"><em>{escape(img.caption)}</em></td></tr></tbody></table>'
            for img in a.images
        ]
        return "\n".join(paragraphs[:1] + tables + paragraphs[1:])

    def detail(self, a: SimArticle) -> str:
        uc = "ContentPlaceHolder1_ucNewsDetail"
        cat_id = CAT_IDS[a.category]
        url = detail_url(a)
        updated = ""
        if a.modified:
            updated = f' <span class="detail-update">| Cập nhật lúc: <span id="{uc}_lblCapNhat">{a.modified:%H:%M %d/%m/%Y}</span></span>'
        files = ""
        if a.attachments:
            links = "".join(
                f'<li><a id="{uc}_rptFiles_hlFile_{i}" href="{upload_url(f.path)}" target="_blank">{escape(f.title)}</a></li>'
                for i, f in enumerate(a.attachments)
            )
            files = f'<div class="detail-files"><span class="files-label">Tệp đính kèm:</span><ul>{links}</ul></div>'
        pos = self.position[a.id]
        related = [r for r in self.articles[pos + 1 : pos + 12] if r.category == a.category][:5] or self.articles[
            max(0, pos - 5) : pos
        ]
        rel = "".join(
            f'<li><a href="{article_url(r)}">{escape(r.title)}</a> <span class="date">({r.published:%d/%m/%Y})</span></li>'
            for r in related
        )
        share = quote(self.origin + url, safe="")
        main = f"""<div class="breadcrumb"><a href="/Default.aspx">Trang chủ</a> » <a href="/tin-tuc.aspx">Tin tức</a> » <a id="{uc}_hlChuyenMuc" href="{list_url(cat_id)}">{escape(a.category)}</a></div>
<div id="{uc}_pnlDetail" class="news-detail">
<h1 class="detail-title"><span id="{uc}_lblTieuDe">{escape(a.title)}</span></h1>
<div class="detail-info"><span class="detail-date">Ngày đăng: <span id="{uc}_lblNgayDang">{a.published:%d/%m/%Y %H:%M}</span></span>{updated} <span class="detail-views">| Lượt xem: <span id="{uc}_lblLuotXem">{(a.id * 37) % 2900 + 41}</span></span></div>
<div class="detail-sapo"><span id="{uc}_lblTomTat">{escape(a.lead)}</span></div>
<div id="{uc}_divNoiDung" class="detail-content">
{self.content(a)}
</div>
<div class="detail-author"><span id="{uc}_lblTacGia">{escape(a.byline)}</span></div>
{files}
<div class="detail-tools"><a href="javascript:window.print();" class="print">In bài viết</a> <a href="mailto:?subject={quote(a.title)}&amp;body={share}" class="email">Gửi email</a> <a href="javascript:history.back();" class="back">Quay lại</a></div>
<div class="detail-share"><span>Chia sẻ:</span> <a href="https://www.facebook.com/sharer/sharer.php?u={share}" target="_blank" class="fb">Facebook</a> <a href="https://zalo.me/share?u={share}" target="_blank" class="zalo">Zalo</a></div>
</div>
<div class="related-news"><div class="related-title">Tin liên quan</div><ul>{rel}</ul></div>"""
        image = f'<meta property="og:image" content="{upload_url(a.images[0].path)}" />' if a.images else ""
        head = (
            f'<link rel="canonical" href="{url}" /><meta name="description" content="{escape(a.lead[:160])}" />'
            f'<meta property="og:title" content="{escape(a.title)}" /><meta property="og:url" content="{url}" />{image}'
        )
        return self.layout(
            a.title,
            main,
            action=f"./{slugify(a.title)}.html",
            state=viewstate(None, 0, 0),
            head=head,
            feeds=((f"/rss.aspx?CatID={cat_id}", f"Tin tức - {a.category}"),),
        )

    # Feed and sitemap -----------------------------------------------------------------------------------------

    def rss(self, cat_id: int | None) -> str:
        """RSS 2.0 of the 30 newest articles of the list, summary as description."""
        items = "".join(
            f"""<item><title>{escape(a.title)}</title><link>{self.origin}{detail_url(a)}</link><guid isPermaLink="true">{self.origin}{detail_url(a)}</guid>
<pubDate>{format_datetime(a.published, usegmt=False)}</pubDate><category>{escape(a.category)}</category><description>{escape(a.lead)}</description></item>
"""
            for a in self.in_category(cat_id)[:FEED_ITEMS]
        )
        name = f"Tin tức - {CAT_BY_ID[cat_id]}" if cat_id else "Tin tức"
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(name)} - {self.site_name}</title><link>{self.origin}{list_url(cat_id)}</link>
<description>{escape(name)}</description><language>vi-VN</language>
{items}</channel></rss>
"""

    def sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{self.origin}{detail_url(a)}</loc><lastmod>{(a.modified or a.published).isoformat()}</lastmod></url>\n"
            for a in self.articles
        )
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'


SITE = AspNetSite
