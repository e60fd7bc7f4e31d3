"""A simulated NukeViet 4.x district portal (news module), rendered like Bình Thuận's district sites.

Markup: NukeViet 4.5's default theme. ``modules/news/detail.tpl`` (``div.news_column.panel`` with
``itemtype=NewsArticle``, ``h1.title``, the ``span.h5`` publication time, ``div.hometext``, the
``figure.article.center`` illustration, ``div#news-bodyhtml.bodytext``, the ``news-download-file`` panel,
``p.h5.text-right`` author and source lines, then keywords, rating, social and ``ul.detail-related`` panels);
``viewcat_page.tpl`` (listing times ``d/m/Y H:i:s``, "Các tin khác"); breadcrumbs ``ul.temp-breadcrumbs``; the
pager of ``nv_alias_page`` (``ul.pagination`` > ``li.page-item`` > ``a.page-link``, ``/page-N``, first 2, window and
last pages with ``...`` above 7 pages); head meta (``generator`` "NukeViet v4.5", og:*) and the ``vi`` UI strings.
Quirks reproduced: ``datePublished`` carries the edit time (``detail_theme`` assigns it twice); the publication
time prints as ``l - d/m/Y H:i``; ``article:published_time`` is ``date('Y-m-dTH:i:s')``, where PHP's ``T`` is the
zone abbreviation (``2022-07-11+0716:20:00``); attachments are ``<detail>.html?download=1&id=N`` named by file; the
pager leaves an ``<li>`` unclosed after the active item below 8 pages.

Reconstructed (no template read): the menu, sidebar and footer, the comment panel, the 4.0-4.3 rating sentence
("Tổng số điểm của bài viết là: X trong Y đánh giá"), the copyright text and CKEditor ``figure.image`` body images.
Some bylines are typed at the end of the body instead of the author field, as many district portals do. Links are
root-relative: ``SimSite.handle`` does not see the Host.

Feeds and sitemaps: RSS 2.0 of ``modules/news/funcs/rss.php`` (30 items, ``guid`` ``news_<id>``); ``/sitemap.xml``
(an index) and the module sitemaps ``/sitemap-vi.news.xml`` and ``/sitemap-vi.laws.xml``, named by robots.txt's
``Sitemap:`` line. The ``laws`` module ("Văn bản", ``nukeviet_laws.py``) is linked from the site menu; attached
files are real PDFs, Word files and scans, and a few hostile ones (``nukeviet_files.py``).

Conditional GET: ``nv_xmlOutput`` sends ``Last-Modified`` for feeds (the newest ``pubdate`` or ``modifydate`` listed)
and the module sitemap (the newest ``publtime``); NukeViet sends no ETag, never answers 304, and marks HTML pages
``Cache-Control: no-cache``. The 304s, strong ETags of the body and listing pages' validators come from the nginx in
front of PHP-FPM, as on most NukeViet hosts (RFC 9110, ``if_modified_since before``). The index's real
``Last-Modified`` is "now minus a day", which never revalidates; here it is the newest article's time.
"""

# ruff: noqa: E501  (HTML template lines are kept whole so that they read like the markup they render)
from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import cached_property
from html import escape
from typing import TYPE_CHECKING

from crawler.simulator.corpus import CATEGORIES, PLACES, SimArticle, slugify
from crawler.simulator.nukeviet_files import attachment_name, download
from crawler.simulator.site import SERVER_ERROR, SimResponse, SimSite, last_change, validated

if TYPE_CHECKING:
    from crawler.simulator.nukeviet_laws import LawsModule

PER_PAGE = 20  # the module's per_page setting
FEED_ITEMS = 30  # funcs/rss.php: "LIMIT 30"
OTHER_LINKS = 5  # st_links: "Những tin mới hơn / cũ hơn" on the detail page, "Các tin khác" on listings
DAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
CAT_ALIAS = {slugify(c): c for c in CATEGORIES}
_LISTING = re.compile(r"^/news/(?:(?!page-\d)([a-z0-9-]+)/)?(?:page-(\d+)/)?$")
_DETAIL = re.compile(r"^/news/([a-z0-9-]+)/([a-z0-9-]+)-(\d+)\.html$")
_RSS = re.compile(r"^/news/rss/(?:([a-z0-9-]+)/)?$")
XML = "text/xml; charset=utf-8"


def upload_url(path: str) -> str:
    """The news module's upload folder of a corpus path: ``/uploads/2022/07/x.jpg`` -> ``/uploads/news/2022_07/x.jpg``."""
    return re.sub(r"^/uploads/(\d{4})/(\d{2})/", r"/uploads/news/\1_\2/", path)


def detail_url(a: SimArticle) -> str:
    """``/news/<category-alias>/<alias>-<id>.html`` (rewrite on, language omitted, ``.html`` endurl)."""
    return f"/news/{slugify(a.category)}/{slugify(a.title)}-{a.id}.html"


def publtime(when: datetime) -> str:
    """``nv_date('l - d/m/Y H:i')`` with the Vietnamese day names."""
    return f"{DAYS[when.weekday()]} - {when:%d/%m/%Y %H:%M}"


def php_t_bug(when: datetime) -> str:
    """``date('Y-m-dTH:i:s')``: PHP's ``T`` is the zone abbreviation, ``+07`` for Asia/Ho_Chi_Minh."""
    return f"{when:%Y-%m-%d}+07{when:%H:%M:%S}"


def download_url(a: SimArticle, index: int) -> str:
    return f"{detail_url(a)}?download=1&id={index}"


def _redirect(location: str) -> SimResponse:
    return SimResponse(301, b"", headers={"Location": location})


class NukeVietSite(SimSite):
    """News module listings (all news and per category), article pages, RSS, sitemaps and file downloads."""

    # The theme switch: a new theme prints the publication time and the author and source lines under its own
    # classes and drops the Open Graph article times, so the adapter finds neither date nor author field.
    THEME_REWRITES = (
        ('<meta property="article:published_time"', '<meta property="x-theme:published"'),
        ('<span class="h5">', '<span class="post-date">'),
        ('<p class="h5 text-right">', '<p class="post-meta">'),
    )

    @cached_property
    def site_name(self) -> str:
        return f"Huyện ủy {PLACES[self.spec.place].district}"

    def in_category(self, category: str | None) -> list[SimArticle]:
        return [a for a in self.articles if category is None or a.category == category]

    def robots(self) -> str:
        """NukeViet's robots.txt (served by robots.php) with the Sitemap line the installer writes."""
        return (
            "User-agent: *\nDisallow: /admin/\nDisallow: /assets/js/\nDisallow: /data/\nDisallow: /includes/\n"
            "Disallow: /install/\nDisallow: /modules/\nDisallow: /themes/\nDisallow: /vendor/\n"
            f"Sitemap: {self.origin}/sitemap.xml\n"
        )

    # Routing ----------------------------------------------------------------------------------------

    @cached_property
    def laws(self) -> LawsModule:
        """The ``laws`` module ("Văn bản") beside the news module (``nukeviet_laws.py``)."""
        from crawler.simulator.nukeviet_laws import LawsModule

        return LawsModule(self)

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        if path == "/laws" or path.startswith("/laws/"):
            return self.laws.route(path, query)
        if path in ("/", "/index.php"):
            if "nv" in query:  # index.php?language=vi&nv=news&op=<cat>/<alias>-<id>: rewritten, as nv_url_rewrite does
                op = query.get("op", [""])[0]
                return _redirect(f"/{query['nv'][0]}/{op + ('' if op.endswith('.html') or not op else '/')}")
            return self._listing(None, 1, canonical="/")
        if path.startswith("/vi/"):  # the language segment when rewrite_optional is off
            return _redirect(path[3:])
        if path == "/sitemap.xml":
            return validated(self.cached(("sitemapindex",), self.sitemap_index, XML), self.articles[0].published)
        if path == "/sitemap-vi.news.xml":
            return validated(self.cached(("sitemap",), self.sitemap, XML), self.articles[0].published)
        if path == "/sitemap-vi.laws.xml":
            return validated(self.cached(("laws-sitemap",), self.laws.sitemap, XML), self.laws.by_added[0].addtime)
        m = _RSS.match(path)
        if m:
            alias = m.group(1)
            if alias and alias not in CAT_ALIAS:
                return None
            category = CAT_ALIAS.get(alias or "")
            return validated(
                self.cached(("rss", alias), lambda: self.rss(category), XML),
                last_change(self.in_category(category)[:FEED_ITEMS]),
            )
        m = _DETAIL.match(path)
        if m:
            return self._detail(m.group(1), m.group(2), int(m.group(3)), query)
        if path == "/news" or (path.startswith("/news/") and not path.endswith("/") and "." not in path):
            return _redirect(path + "/")
        m = _LISTING.match(path)
        if not m or (m.group(1) and m.group(1) not in CAT_ALIAS):
            return None
        if m.group(2) == "1":
            return _redirect(path.rsplit("page-1/", 1)[0])
        page = int(m.group(2) or 1)
        if page == 2 and m.group(1) is None and "listing_500" in self.spec.faults:
            return SERVER_ERROR
        return self._listing(CAT_ALIAS.get(m.group(1) or ""), page)

    def _detail(self, cat: str, alias: str, article_id: int, query: dict[str, list[str]]) -> SimResponse | None:
        article = self.by_id.get(article_id)
        if article is None:
            return None
        if (cat, alias) != (slugify(article.category), slugify(article.title)):
            return _redirect(detail_url(article))  # "chuyen huong neu doi alias" (detail.php)
        if query.get("download") == ["1"]:
            index = int(query.get("id", ["0"])[0]) if query.get("id", ["0"])[0].isdigit() else -1
            if not 0 <= index < len(article.attachments):
                return _redirect("/news/")
            return download(self, article, index)
        return self.broken(article) or self.cached(("detail", article.id), lambda: self.detail(article))

    def _listing(self, category: str | None, page: int, canonical: str = "") -> SimResponse | None:
        entries = self.in_category(category)
        if not 1 <= page <= max(1, -(-len(entries) // PER_PAGE)):
            return None
        resp = self.cached(("listing", category, page, canonical), lambda: self.listing(category, page, canonical))
        return validated(resp, last_change(entries[(page - 1) * PER_PAGE : page * PER_PAGE]))  # nginx's, see above

    # Theme: header_only + header_extended + layout.body-right + footer ----------------------------------

    def layout(
        self,
        title: str,
        main: str,
        *,
        canonical: str,
        crumbs: list[tuple[str, str]],
        func: str,
        meta: str = "",
        feeds: tuple[tuple[str, str], ...] = (),
    ) -> str:
        feeds = (("/news/rss/", "Tin Tức"), *feeds)
        alternate = "".join(
            f'\n<link rel="alternate" href="{href}" title="{escape(t)}" type="application/rss+xml">'
            for href, t in feeds
        )
        items = "".join(
            f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="{href}" itemprop="item" title="{escape(t)}"><span class="txt" itemprop="name">{escape(t)}</span></a><i class="hidden" itemprop="position" content="{i}"></i></li>'
            for i, (href, t) in enumerate(crumbs, 2)
        )
        menu = "".join(
            f'<li><a title="{escape(c)}" href="/news/{alias}/">{escape(c)}</a></li>' for alias, c in CAT_ALIAS.items()
        )
        laws = '<li><a title="Văn bản" href="/laws/">Văn bản</a></li>'  # the laws module's menu entry
        latest = "".join(
            f'<li class="clearfix"><a href="{detail_url(a)}" title="{escape(a.title)}">{escape(a.title)}</a></li>'
            for a in self.articles[:6]
        )
        place = PLACES[self.spec.place]
        return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>{escape(title)}</title>
<meta name="author" content="{self.site_name}">
<meta name="copyright" content="{self.site_name} [vanphong@tuyphong.binhthuan.gov.vn]">
<meta name="robots" content="index, archive, follow, noodp">
<meta name="googlebot" content="index,archive,follow,noodp">
<meta name="msnbot" content="all,index,follow">
<meta name="generator" content="NukeViet v4.5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta property="og:site_name" content="{self.site_name}">{meta}
<link rel="canonical" href="{canonical}">{alternate}
<link rel="shortcut icon" href="/uploads/favicon.ico">
<link rel="preload" as="style" href="/themes/default/css/style.css" type="text/css">
<link rel="StyleSheet" href="/themes/default/css/style.css">
</head>
<body>
<noscript><div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.</div></noscript>
<header><div class="section-header"><div class="wraper"><div id="header"><div class="logo">
<a title="{self.site_name}" href="/"><img src="/uploads/logo.png" alt="{self.site_name}"></a>
<span class="site_name">{self.site_name}</span><span class="site_description">Cổng thông tin điện tử Đảng bộ huyện {place.district}, tỉnh {place.province}</span>
</div></div></div></div></header>
<div class="section-nav"><div class="wraper"><nav class="second-nav" id="menusite"><div class="container"><div class="row"><div class="bg box-shadow">
<ul class="site-menu"><li><a class="home" title="Trang nhất" href="/"><em class="fa fa-lg fa-home">&nbsp;</em></a></li><li><a title="Tin Tức" href="/news/">Tin Tức</a></li>{menu}{laws}</ul>
</div></div></div></nav></div></div>
<div class="section-body"><div class="wraper"><section><div class="container" id="body">
<nav class="third-nav"><div class="row"><div class="bg"><div class="clearfix"><div class="col-xs-24 col-sm-18 col-md-18">
<div class="breadcrumbs-wrap"><div class="display"><a class="show-subs-breadcrumbs hidden" href="#" onclick="showSubBreadcrumbs(this, event);"><em class="fa fa-lg fa-angle-right"></em></a><ul class="breadcrumbs list-none"></ul></div><ul class="subs-breadcrumbs"></ul>
<ul class="temp-breadcrumbs hidden" itemscope itemtype="https://schema.org/BreadcrumbList"><li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="/" itemprop="item" title="Trang nhất"><span itemprop="name">Trang nhất</span></a><i class="hidden" itemprop="position" content="1"></i></li>{items}</ul>
</div></div></div></div></div></nav>
<div class="row">
<div class="col-sm-16 col-md-18">
{main}
</div>
<div class="col-sm-8 col-md-6">
<div class="panel panel-primary"><div class="panel-heading">Tin mới nhất</div><div class="panel-body"><ul class="block_tophits list-none list-items">{latest}</ul></div></div>
<div class="panel panel-primary"><div class="panel-heading">Chuyên mục</div><div class="panel-body"><ul class="block_category">{menu}</ul></div></div>
</div>
</div>
</div></section></div></div>
<footer id="footer"><div class="wraper"><div class="container"><div class="row">
<p><strong>CỔNG THÔNG TIN ĐIỆN TỬ {self.site_name.upper()}</strong></p>
<p>Cơ quan chủ quản: Ban Thường vụ {self.site_name}. Địa chỉ: thị trấn {place.communes[0]}, huyện {place.district}, tỉnh {place.province}.</p>
<p>Ghi rõ nguồn "{self.site_name}" khi phát hành lại thông tin từ website này.</p>
</div></div></div></footer>
<script>var nv_base_siteurl="/",nv_lang_data="vi",nv_lang_interface="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",nv_module_name="news",nv_func_name="{func}",nv_is_user=0,nv_my_ofs=7,nv_my_abbr="+07",nv_cookie_prefix="nv4",nv_area_admin=0,nv_safemode=0,theme_responsive=1,nv_is_recaptcha=0;</script>
<script src="/assets/js/jquery/jquery.min.js"></script>
<script src="/assets/js/global.js"></script>
<script src="/themes/default/js/news.js"></script>
<script src="/themes/default/js/main.js"></script>
</body>
</html>
"""

    # News module: viewcat_page_new + nv_alias_page ------------------------------------------------

    @staticmethod
    def pagination(base: str, total: int, on_page: int) -> str:
        """``nv_alias_page`` (4.5) with its defaults; ``base`` has no trailing slash, pages end with ``/``."""
        pages = -(-total // PER_PAGE)
        if pages < 2:
            return ""

        def link(i: int, text: str | None = None) -> str:
            href = f"{base}/" if i == 1 else f"{base}/page-{i}/"
            rel = "next" if i > on_page else "prev"
            return f'<li class="page-item"><a class="page-link" rel="{rel}" title="Trang {i}" href="{href}">{text or i}</a></li>'

        def item(i: int) -> str:
            return (
                f'<li class="page-item active"><a class="page-link" href="#">{i}</a></li>' if i == on_page else link(i)
            )

        dots = '<li class="page-item disabled"><span>...</span></li>'
        out = item(1)
        if pages > 7:
            if on_page < 4:
                out += item(2)
            if 1 < on_page < pages:
                out += dots if on_page > 3 else ""
                low, high = (on_page if on_page > 3 else 4), (on_page if on_page < pages - 3 else pages - 3)
                out += "".join(item(i) for i in range(low - 1, high + 2))
                out += dots if on_page < pages - 3 else ""
            else:
                out += dots
            out += "".join(item(i) for i in range(pages if pages - on_page > 3 else pages - 1, pages + 1))
        else:  # the real function leaves the active item's <li> unclosed here
            out += "".join(
                f'<li class="page-item active"><a class="page-link" href="#">{i}</a><li>' if i == on_page else link(i)
                for i in range(2, pages + 1)
            )
        prev_ = (
            link(on_page - 1, "&laquo;")
            if on_page > 1
            else '<li class="page-item disabled"><a class="page-link" href="#">&laquo;</a></li>'
        )
        next_ = (
            link(on_page + 1, "&raquo;")
            if on_page < pages
            else '<li class="page-item disabled"><a class="page-link" href="#">&raquo;</a></li>'
        )
        return f'<ul class="pagination">{prev_}{out}{next_}</ul>'

    def entry(self, a: SimArticle, featured: bool) -> str:
        h = "h2" if featured else "h3"
        image = ""
        if a.images:
            thumb = upload_url(a.images[0].path).replace("/uploads/", "/assets/", 1)
            image = f'<a href="{detail_url(a)}" title="{escape(a.title)}"><img alt="{escape(a.title)}" src="{thumb}" width="100" class="img-thumbnail pull-left imghome"></a>'
        return f"""<div class="panel panel-default"><div class="panel-body{" featured" if featured else ""}">
{image}<{h}><a href="{detail_url(a)}" title="{escape(a.title)}">{escape(a.title)}</a></{h}>
<div class="text-muted"><ul class="list-unstyled list-inline">
<li><em class="fa fa-clock-o">&nbsp;</em> {a.published:%d/%m/%Y %H:%M:%S}</li>
<li><em class="fa fa-folder-open-o">&nbsp;</em> <a href="/news/{slugify(a.category)}/" title="{escape(a.category)}">{escape(a.category)}</a></li>
<li><em class="fa fa-eye">&nbsp;</em> Đã xem: {a.id % 997 + 35}</li>
<li><em class="fa fa-comment-o">&nbsp;</em> Phản hồi: 0</li>
</ul></div>
<p>{escape(a.lead)}</p>
</div></div>"""

    def listing(self, category: str | None, page: int, canonical: str = "") -> str:
        entries = self.in_category(category)
        base = f"/news/{slugify(category)}" if category else "/news"
        shown = entries[(page - 1) * PER_PAGE : page * PER_PAGE]
        others = entries[page * PER_PAGE : page * PER_PAGE + OTHER_LINKS]
        rows = "\n".join(self.entry(a, i == 0) for i, a in enumerate(shown))
        related = ""
        if others:
            links = "".join(
                f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{detail_url(a)}" title="{escape(a.title)}">{escape(a.title)} <em>({a.published:%d/%m/%Y}) </em></a></li>'
                for a in others
            )
            related = f'<hr/>\n<h4>Các tin khác</h4>\n<ul class="related">{links}</ul>'
        pager = self.pagination(base, len(entries), page)
        main = (
            f'<div class="news_column">\n{rows}\n</div>\n{related}\n<div class="text-center">{pager}</div>'
            if pager
            else f'<div class="news_column">\n{rows}\n</div>\n{related}'
        )
        name = category or "Tin Tức"
        title = f"{name}{f' - Trang {page}' if page > 1 else ''} - {self.site_name}"
        crumbs = [("/news/", "Tin Tức")] + ([(f"{base}/", category)] if category else [])
        feeds = ((f"{base}/".replace("/news/", "/news/rss/", 1), f"Tin Tức - {category}"),) if category else ()
        own = canonical or (f"{base}/" if page == 1 else f"{base}/page-{page}/")
        return self.layout(
            title, main, canonical=own, crumbs=crumbs, func=slugify(category) if category else "main", feeds=feeds
        )

    # News module: detail_theme ---------------------------------------------------------------------------

    def body(self, a: SimArticle) -> str:
        """``bodyhtml`` as CKEditor saves it: paragraphs, further images as ``figure.image``, maybe the byline."""
        parts = [f'<p style="text-align: justify;">{escape(p)}</p>' for p in a.paragraphs[1:]]
        for img in a.images[1:]:
            parts.insert(
                1,
                f'<figure class="image" style="display:inline-block"><img alt="{escape(img.caption)}" height="533" src="{upload_url(img.path)}" width="800"><figcaption>{escape(img.caption)}</figcaption></figure>',
            )
        if self.byline_in_body(a):
            parts.append(f'<p style="text-align: right;"><strong>{escape(a.byline)}</strong></p>')
        return "\n".join(parts)

    @staticmethod
    def byline_in_body(a: SimArticle) -> bool:
        """Every third article has its byline typed at the end of the body, the author field left empty."""
        return (a.id // 7) % 3 == 0

    def detail(self, a: SimArticle) -> str:
        url = detail_url(a)
        edited = a.modified or a.published
        image = ""
        if a.images:  # the illustration (homeimgfile) under the hometext: imgposition 2
            img = a.images[0]
            image = f'\n<figure class="article center"><img alt="{escape(img.caption)}" src="{upload_url(img.path)}" srcset="" width="800" class="img-thumbnail"><figcaption>{escape(img.caption)}</figcaption></figure>'
        files = ""
        if a.attachments:
            many = len(a.attachments) > 1
            rows = "".join(
                f'<div class="list-group-item"><span class="badge"><a role="button" data-toggle="collapse" href="#file-{a.id}{i}" aria-expanded="false"><i class="fa fa-eye" data-rel="tooltip" data-content="Xem trước"></i></a></span>'
                f'<a href="{escape(download_url(a, i))}" title="Tập tin {i + 1 if many else ""} {attachment_name(self, a, i)}" download>Tập tin {i + 1 if many else ""}: <strong>{attachment_name(self, a, i)}</strong></a>'
                f'<div class="clearfix"></div><div class="collapse" id="file-{a.id}{i}" data-src="{escape(download_url(a, i).replace("download=1", "pdf=1"))}" data-toggle="collapsefile" data-loaded="false"><div class="well margin-top"><iframe height="600" scrolling="yes" src="" width="100%"></iframe></div></div></div>'
                for i, f in enumerate(a.attachments)
            )
            files = f'\n<div class="panel panel-default"><div class="panel-heading"><i class="fa fa-download"></i> <strong>File đính kèm</strong></div><div class="list-group news-download-file">{rows}</div></div>'
        author = (
            ""
            if self.byline_in_body(a)
            else f'<p class="h5 text-right"><strong>Tác giả: </strong>{escape(a.byline)}</p>\n'
        )
        source = f'<p class="h5 text-right"><strong>Nguồn tin: </strong>{self.site_name}</p>' if a.id % 2 else ""
        votes = a.id % 9
        same = self.in_category(a.category)  # detail.php reads the category's own table
        pos = same.index(a)
        newer, older = same[max(0, pos - OTHER_LINKS) : pos], same[pos + 1 : pos + 1 + OTHER_LINKS]

        def others(label: str, items: list[SimArticle]) -> str:
            if not items:
                return ""
            lis = "".join(
                f'<li><em class="fa fa-angle-right">&nbsp;</em><h4><a href="{detail_url(o)}" title="{escape(o.title)}">{escape(o.title)}</a></h4><em>({o.published:%d/%m/%Y})</em></li>'
                for o in items
            )
            return f'<p class="h3"><strong>{label}</strong></p><div class="clearfix"><ul class="detail-related related list-none list-items">{lis}</ul></div>'

        main = f"""<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
<div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{escape(a.title)}</h1>
<div class="hidden hide d-none" itemprop="author" itemtype="http://schema.org/Person" itemscope><span itemprop="name">{escape(a.byline)}</span></div>
<span class="hidden hide d-none" itemprop="datePublished">{edited.isoformat()}</span>
<span class="hidden hide d-none" itemprop="dateModified">{edited.isoformat()}</span>
<span class="hidden hide d-none" itemprop="mainEntityOfPage">{url}</span>
<div class="hidden hide d-none" itemprop="publisher" itemtype="http://schema.org/Organization" itemscope><span itemprop="name">{self.site_name}</span></div>
<div class="row margin-bottom-lg">
<div class="col-md-12"><span class="h5">{publtime(a.published)}</span></div>
<div class="col-md-12"><ul class="list-inline text-right">
<li><a class="dimgray" title="Giới thiệu bài viết cho bạn bè" href="javascript:void(0);"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="In ra" href="javascript: void(0)" onclick="nv_open_browse('{url.replace("/news/", "/news/print/", 1)}','',840,500,'resizable=yes,scrollbars=yes');return false"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="Lưu bài viết này" href="{url.replace("/news/", "/news/savefile/", 1)}"><em class="fa fa-save fa-lg">&nbsp;</em></a></li>
</ul></div>
</div>
<div class="clearfix">
<div class="hometext m-bottom" itemprop="description">{escape(a.lead)}</div>{image}
</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{self.body(a)}
</div>{files}
<div class="margin-bottom-lg">
{author}{source}
</div>
<div class="alert alert-info margin-bottom-lg">Bản quyền thuộc về {self.site_name}. Ghi rõ nguồn "{self.site_name}" khi phát hành lại thông tin từ website này.</div>
</div>
</div>
<div class="news_column panel panel-default"><div class="panel-body"><div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong><a title="{escape(a.category.lower())}" href="/news/tag/{slugify(a.category)}"><em>{escape(a.category.lower())}</em></a>, <a title="huyện {PLACES[self.spec.place].district.lower()}" href="/news/tag/huyen-{self.spec.place}"><em>huyện {PLACES[self.spec.place].district.lower()}</em></a></div></div></div>
<div class="news_column panel panel-default"><div class="panel-body"><form id="form3B" action=""><div class="h5 clearfix">
<p id="stringrating">Tổng số điểm của bài viết là: {votes * 4} trong {votes} đánh giá</p>
<div style="padding: 5px;">{"".join(f'<input class="hover-star required" type="radio" value="{v}" title="{t}"/>' for v, t in enumerate(("Bài viết rất kém", "Bài viết kém", "Bài viết đạt", "Bài viết tốt", "Bài viết rất tốt"), 1))}<span id="hover-test" style="margin: 0 0 0 20px;">Click để đánh giá bài viết</span></div>
</div></form></div></div>
<div class="news_column panel panel-default"><div class="panel-body" style="margin-bottom:0"><div style="display:flex;align-items:flex-start;"><div class="margin-right"><div class="fb-like" data-href="{url}" data-layout="button_count" data-action="like" data-show-faces="false" data-share="true"></div></div><div class="margin-right"><a href="http://twitter.com/share" class="twitter-share-button">Tweet</a></div><div><div class="zalo-share-button" data-href="" data-oaid="579745863508352884" data-layout="1" data-color="blue" data-customize="false"></div></div></div></div></div>
<div class="news_column panel panel-default"><div class="panel-body"><div id="idcomment" class="nv-fullbg"><p class="h3"><strong>Ý kiến bạn đọc</strong></p>
<form method="post" role="form" class="comment-form"><div class="form-group"><input id="commentname" type="text" class="form-control" placeholder="Họ và tên"></div><div class="form-group"><textarea class="form-control" id="commentcontent" rows="5" placeholder="Nội dung bình luận"></textarea></div><input type="button" class="btn btn-primary" value="Gửi bình luận"></form></div></div></div>
<div class="news_column panel panel-default"><div class="panel-body other-news">
{others("Những tin mới hơn", newer)}
{others("Những tin cũ hơn", older)}
</div></div>"""
        cat_url = f"/news/{slugify(a.category)}/"
        og_image = f'\n<meta property="og:image" content="{upload_url(a.images[0].path)}">' if a.images else ""
        meta = (
            f'\n<meta name="description" content="{escape(a.lead[:160])}">\n<meta property="og:title" content="{escape(a.title)}">\n'
            f'<meta property="og:type" content="article">\n<meta property="og:description" content="{escape(a.lead[:160])}">{og_image}\n'
            f'<meta property="og:url" content="{url}">\n<meta property="article:published_time" content="{php_t_bug(a.published)}">\n'
            f'<meta property="article:modified_time" content="{php_t_bug(edited)}">\n<meta property="article:section" content="{escape(a.category)}">'
        )
        return self.layout(
            f"{a.title} - {self.site_name}",
            main,
            canonical=url,
            func="detail",
            meta=meta,
            crumbs=[("/news/", "Tin Tức"), (cat_url, a.category)],
            feeds=((cat_url.replace("/news/", "/news/rss/", 1), f"Tin Tức - {a.category}"),),
        )

    # RSS and sitemaps -------------------------------------------------------------------------------------

    def rss(self, category: str | None) -> str:
        """``funcs/rss.php`` through ``assets/tpl/rss.tpl``: the 30 newest, hometext (and thumbnail) as description."""
        items = []
        for a in self.in_category(category)[:FEED_ITEMS]:
            thumb = ""
            if a.images:
                thumb = f'<img src="{upload_url(a.images[0].path).replace("/uploads/", "/assets/", 1)}" width="100" align="left" border="0">'
            items.append(f"""<item>
<title>{escape(a.title)}</title>
<link>{detail_url(a)}</link>
<guid isPermaLink="false"><![CDATA[news_{a.id}]]></guid>
<pubDate>{format_datetime(a.published.astimezone(UTC), usegmt=True)}</pubDate>
<description><![CDATA[{thumb}{escape(a.lead)}]]></description>
</item>""")
        link = f"/news/{slugify(category)}/" if category else "/news/"
        title = f"Tin Tức - {category}" if category else "Tin Tức"
        about = f"Tin tức hoạt động của Đảng bộ huyện {PLACES[self.spec.place].district}"
        return self.rss_channel(link.replace("/news/", "/news/rss/", 1), title, link, about, items)

    def rss_channel(self, self_url: str, title: str, link: str, description: str, items: list[str]) -> str:
        """``assets/tpl/rss.tpl`` as ``nv_rss_generate`` fills it, around items already rendered."""
        return f"""<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="/assets/css/rss.xsl" media="screen"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<atom:link href="{self_url}" rel="self" type="application/rss+xml" />
<title>{escape(title)}</title>
<link>{link}</link>
<description><![CDATA[{description}]]></description>
<language>vi</language>
<copyright><![CDATA[{self.site_name}]]></copyright>
<docs>/rss/</docs>
<generator><![CDATA[NukeViet v4.0]]></generator>
{chr(10).join(items)}
</channel>
</rss>
"""

    def sitemap_index(self) -> str:
        """``SitemapIndex``: one sitemap per module that has one (``funcs/sitemap.php``): news, then laws."""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"<sitemap><loc>{self.origin}/sitemap-vi.news.xml</loc><lastmod>{self.articles[0].published.isoformat()}</lastmod></sitemap>\n"
            f"<sitemap><loc>{self.origin}/sitemap-vi.laws.xml</loc><lastmod>{self.laws.by_added[0].addtime.isoformat()}</lastmod></sitemap>\n"
            "</sitemapindex>\n"
        )

    def sitemap(self) -> str:
        """``funcs/sitemap.php``: up to 1,000 newest articles, daily, priority 0.8."""
        urls = "".join(
            f"<url><loc>{escape(self.origin + detail_url(a))}</loc><lastmod>{a.published.isoformat()}</lastmod>"
            "<changefreq>daily</changefreq><priority>0.8</priority></url>\n"
            for a in self.articles[:1000]
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n"
        )


SITE = NukeVietSite
