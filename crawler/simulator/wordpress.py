"""A simulated WordPress district portal, rendered like the Twenty Seventeen theme with Jetpack and Akismet.

Markup: Twenty Seventeen 3.x on WordPress 6.x: the masthead and top menu, the listing loop with
``the_posts_pagination`` and excerpts, ``single.php`` (``time.entry-date.published`` plus ``time.updated`` when
edited, ``.cat-links``), ``comment_form()`` with core's English strings ("Leave a Reply", as the seed page shows
them), 404, sidebar and footer. Core output: ``paginate_links`` (end_size 1, mid_size 2, ``page-numbers``,
``dots``), ``redirect_canonical`` (``/?p=ID`` and ``/page/1/`` answer 301); Akismet's privacy notice after the
form; Jetpack's sharing (``div.sharedaddy``) and related posts (``#jp-relatedposts``) inside ``.entry-content``.
Images are ``figure.wp-block-image`` or ``[caption]`` (``figure.wp-caption`` > ``figcaption.wp-caption-text``);
attachments ``div.wp-block-file`` links. Theme strings are a ``vi`` site's. Links are root-relative:
``SimSite.handle`` does not see the Host.

REST API (``WP_REST_Posts_Controller``): ``/wp-json/wp/v2/posts`` and ``/?rest_route=/wp/v2/posts`` with
``per_page`` (1-100, else 400 ``rest_invalid_param``), ``page`` (past the last: 400
``rest_post_invalid_page_number``), ``after``/``modified_after``, ``_embed`` (author, ``wp:term``) and the headers
``X-WP-Total``, ``X-WP-TotalPages`` and ``Link``. The fault ``rest_disabled`` answers 401 ``rest_cannot_access`` as
a security plugin does; a portal simulated with page faults keeps its API off, so its crawl meets those faults.

Feeds and sitemaps: RSS 2.0 as ``feed-rss2.php`` writes it (10 items, ``content:encoded``, ``guid`` ``/?p=ID``): the
site feed ``/feed/``, category feeds ``/category/<slug>/feed/``, ``/comments/feed/`` and each post's (empty)
``<permalink>feed/``, announced by ``feed_links``/``feed_links_extra``, absolute as WordPress prints them. No
sitemap: ``/wp-sitemap.xml`` is left out and robots.txt has no ``Sitemap:`` line.

Conditional GET: feeds carry what ``WP::send_headers`` sends: ``Last-Modified`` is the newest publication or edit of
*any* post (a category feed changes when another category gets a post) and ``ETag`` ``'"' . md5(last_modified) .
'"'``; 304 when ``If-None-Match`` equals it or ``If-Modified-Since`` is not older, both required when both are sent.
Listing pages get validators from the page cache in front (WP Super Cache or W3 Total Cache files served by nginx):
``Last-Modified`` the newest post listed, a strong ETag of the body, RFC 9110 rules. Article pages and the REST
API carry none.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from html import escape
from typing import Any
from urllib.parse import urlencode

from crawler.dates import TZ
from crawler.simulator.corpus import PLACES, SimArticle, slugify
from crawler.simulator.site import (
    SERVER_ERROR,
    WORDPRESS,
    SimResponse,
    SimSite,
    html,
    http_date,
    last_change,
    validated,
)

PER_PAGE = 10
REST_AUTHOR = 1
# Page faults (site.FAULTS) that only an HTML crawl meets: a portal with any of them serves no REST API.
PAGE_FAULTS = frozenset({"listing_500", "article_500", "malformed_article"})
_HOME = re.compile(r"^/(?:page/(\d+)/)?$")
_CATEGORY = re.compile(r"^/category/([a-z0-9-]+)/(?:page/(\d+)/)?$")
_SINGLE = re.compile(r"^/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$")
_CATEGORY_FEED = re.compile(r"^/category/([a-z0-9-]+)/feed/$")
_POST_FEED = re.compile(r"^(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)feed/$")
FEED_ITEMS = 10  # the Reading setting "Syndication feeds show the most recent" (posts_per_rss)
RSS = "application/rss+xml; charset=UTF-8"
GENERATOR = "https://wordpress.org/?v=6.2.2"


def permalink(article: SimArticle) -> str:
    """The post's permalink under the ``/%year%/%monthnum%/%day%/%postname%/`` structure."""
    return f"/{article.published:%Y/%m/%d}/{article.slug}/"


def upload_url(path: str) -> str:
    """Media library URL of a corpus path (``/uploads/2020/07/x.jpg``)."""
    return "/wp-content" + path


def _svg(icon: str) -> str:
    """``twentyseventeen_get_svg``: an icon from the sprite."""
    return (
        f'<svg class="icon icon-{icon}" aria-hidden="true" role="img"> '
        f'<use href="#icon-{icon}" xlink:href="#icon-{icon}"></use> </svg>'
    )


def _time_link(a: SimArticle) -> str:
    """``twentyseventeen_time_link``: one ``time`` when never edited, else published and updated."""
    cls = "entry-date published" if a.modified else "entry-date published updated"
    stamp = f'<time class="{cls}" datetime="{a.published.isoformat()}">{a.published:%d/%m/%Y}</time>'
    if a.modified:
        stamp += f'<time class="updated" datetime="{a.modified.isoformat()}">{a.modified:%d/%m/%Y}</time>'
    return f'<span class="screen-reader-text">Đăng vào</span> <a href="{permalink(a)}" rel="bookmark">{stamp}</a>'


def _redirect(location: str) -> SimResponse:
    """``redirect_canonical``'s answer."""
    return SimResponse(301, b"", headers={"Location": location, "X-Redirect-By": "WordPress"})


def _post_class(a: SimArticle) -> str:
    return f"post-{a.id} post type-post status-publish format-standard hentry category-{slugify(a.category)}"


_NAV = (
    '<nav class="navigation {kind}" aria-label="Bài viết">\n'
    '<h2 class="screen-reader-text">Điều hướng bài viết</h2>\n<div class="nav-links">{links}</div>\n</nav>'
)
_ADJACENT = (
    '<div class="nav-{side}"><a href="{href}" rel="{rel}"><span class="screen-reader-text">{label}</span>'
    '<span aria-hidden="true" class="nav-subtitle">{short}</span> <span class="nav-title">{title}</span>'
    "</a></div>"
)
_SHARE = (
    '<li class="share-{s}"><a rel="nofollow noopener noreferrer" data-shared="sharing-{s}-{id}" '
    'class="share-{s} sd-button share-icon" href="{href}?share={s}" target="_blank" '
    'title="Nhấn để chia sẻ trên {label}"><span>{label}</span><span class="sharing-screen-reader-text">'
    "Nhấn để chia sẻ trên {label} (Mở trong cửa sổ mới)</span></a></li>"
)
# comment_form() with core's defaults (WordPress 6.x), then Akismet's notice on 'comment_form_after'.
_COMMENTS = """<div id="comments" class="comments-area">
	<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow"
 id="cancel-comment-reply-link" href="{href}#respond" style="display:none;">Cancel reply</a></small></h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span>
 <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label>
 <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label>
 <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label>
 <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes"
 autocomplete="email" required /></p>
<p class="comment-form-url"><label for="url">Website</label>
 <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url" /></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" />
 <input type='hidden' name='comment_post_ID' value='{id}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' />
</p></form>	</div><!-- #respond -->
	<p class="akismet_comment_form_privacy_notice">This site uses Akismet to reduce spam. <a
 href="https://akismet.com/privacy/" target="_blank" rel="nofollow noopener">Learn how your comment data is
 processed</a>.</p>
</div><!-- #comments -->"""
_SEARCH = (
    '<form role="search" method="get" class="search-form" action="/"><label for="search-form-1">'
    '<span class="screen-reader-text">Tìm kiếm cho:</span></label><input type="search" id="search-form-1" '
    'class="search-field" placeholder="Tìm kiếm &hellip;" value="" name="s" /><button type="submit" '
    'class="search-submit">' + _svg("search") + '<span class="screen-reader-text">Tìm kiếm</span>'
    "</button></form>"
)
_PAGE = """<!DOCTYPE html>
<html lang="vi" class="no-js no-svg">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{title}</title>
<meta name='robots' content='max-image-preview:large' />
<link rel='stylesheet' id='twentyseventeen-style-css'
 href='/wp-content/themes/twentyseventeen/style.css?ver=20230328' media='all' />
{feeds}<link rel="https://api.w.org/" href="{origin}/wp-json/" />
<meta name="generator" content="WordPress 6.2.2" />
{head}
</head>
<body class="{body_class}">
<div id="page" class="site">
	<a class="skip-link screen-reader-text" href="#content">Chuyển đến nội dung</a>
{masthead}
	<div class="site-content-contain">
		<div id="content" class="site-content">
<div class="wrap">
{heading}
	<div id="primary" class="content-area">
		<main id="main" class="site-main">
{main}
		</main><!-- #main -->
	</div><!-- #primary -->
{sidebar}
</div><!-- .wrap -->
		</div><!-- #content -->
		<footer id="colophon" class="site-footer">
			<div class="wrap"><div class="site-info"><a href="https://vi.wordpress.org/" class="imprint">Tự hào được
 cung cấp bởi WordPress</a></div><!-- .site-info --></div><!-- .wrap -->
		</footer><!-- #colophon -->
	</div><!-- .site-content-contain -->
</div><!-- #page -->
</body>
</html>
"""


class WordPressSite(SimSite):
    """A WordPress portal: home and category listings, single posts, ``?p=`` redirects and a 404 page."""

    @cached_property
    def _pages(self) -> dict[str, SimResponse]:
        """Rendered pages by path; a 2,400-post benchmark crawl renders each page once."""
        return {}

    @cached_property
    def by_path(self) -> dict[str, SimArticle]:
        return {permalink(a): a for a in self.articles}

    @cached_property
    def position(self) -> dict[int, int]:
        return {a.id: i for i, a in enumerate(self.articles)}

    @cached_property
    def categories(self) -> dict[str, tuple[int, str, list[SimArticle]]]:
        """Category slug -> (term id, name, posts newest first), in first-seen order of the newest posts."""
        out: dict[str, tuple[int, str, list[SimArticle]]] = {}
        for a in self.articles:
            slug = slugify(a.category)
            if slug not in out:
                out[slug] = (len(out) + 2, a.category, [])  # term 1 is "Chưa được phân loại"
            out[slug][2].append(a)
        return out

    @property
    def site_name(self) -> str:
        return f"Huyện ủy {PLACES[self.spec.place].district}"

    # Routing ---------------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        feed = self.feed_route(path)
        if feed is not None:
            return feed
        if path.startswith("/wp-json/") or path == "/wp-json":
            return self.rest(path.removeprefix("/wp-json") or "/", query)
        if path == "/" and "rest_route" in query:
            return self.rest(query["rest_route"][0], query)
        if path == "/" and "p" in query:
            article = self.by_id.get(int(query["p"][0])) if query["p"][0].isdigit() else None
            return _redirect(permalink(article)) if article else self.not_found()
        if _SINGLE.match(path):
            if not path.endswith("/"):
                return _redirect(path + "/")
            article = self.by_path.get(path)
            if article is None:
                return self.not_found()
            return self.broken(article) or self._cached(path, lambda: self.single(article))
        m = _HOME.match(path)
        if m:
            if m.group(1) == "1":
                return _redirect("/")
            page = int(m.group(1) or 1)
            if page == 2 and "listing_500" in self.spec.faults:
                return SERVER_ERROR
            return self._listing(path, "/", page, self.articles, None)
        m = _CATEGORY.match(path)
        if m and m.group(1) in self.categories:
            base = f"/category/{m.group(1)}/"
            if m.group(2) == "1":
                return _redirect(base)
            _, name, posts = self.categories[m.group(1)]
            return self._listing(path, base, int(m.group(2) or 1), posts, name)
        return self.not_found()

    def _cached(self, path: str, render: Callable[[], str], status: int = 200) -> SimResponse:
        page = self._pages.get(path)
        if page is None:
            page = self._pages[path] = html(render(), status)
        return page

    def _listing(self, path: str, base: str, page: int, posts: list[SimArticle], category: str | None) -> SimResponse:
        total = max(1, -(-len(posts) // PER_PAGE))
        if page > total:
            return self.not_found()
        resp = self._cached(path, lambda: self.listing(base, page, total, posts, category))
        return validated(resp, last_change(posts[(page - 1) * PER_PAGE : page * PER_PAGE]))  # the page cache's

    # Feeds -----------------------------------------------------------------------------------

    def feed_route(self, path: str) -> SimResponse | None:
        """The feeds ``WP_Rewrite`` serves with pretty permalinks; None for any other path."""
        if path in ("/feed", "/comments/feed") or re.match(r"^/category/[a-z0-9-]+/feed$", path):
            return _redirect(path + "/")
        if path in ("/feed/", "/feed/rss2/"):
            return self._feed("/feed/", lambda: self.rss(self.articles[:FEED_ITEMS]))
        if path == "/comments/feed/":
            return self._feed(path, lambda: self.comments_rss(None))
        m = _CATEGORY_FEED.match(path)
        if m:
            if m.group(1) not in self.categories:
                return self.not_found()
            slug = m.group(1)
            _, name, posts = self.categories[slug]
            return self._feed(path, lambda: self.rss(posts[:FEED_ITEMS], name, f"/category/{slug}/"))
        m = _POST_FEED.match(path)
        if m:
            article = self.by_path.get(m.group(1))
            return self._feed(path, lambda: self.comments_rss(article)) if article else self.not_found()
        return None

    @cached_property
    def feed_validators(self) -> tuple[datetime, str]:
        """``WP::send_headers`` for feeds: ``get_lastpostmodified('GMT')`` over every post, its md5 as the ETag."""
        last_modified = last_change(self.articles)
        return last_modified, '"' + hashlib.md5(http_date(last_modified).encode()).hexdigest() + '"'

    def _feed(self, key: str, render: Callable[[], str]) -> SimResponse:
        resp = self._cached(key, render)
        resp.content_type = RSS
        last_modified, etag = self.feed_validators
        return validated(resp, last_modified, etag=etag, rule=WORDPRESS)

    def feed_links(self, extra: tuple[str, str] | None = None) -> str:
        """``feed_links`` (the site and comments feeds) and ``feed_links_extra`` (``extra``: title, path)."""
        links = [
            (f"{self.site_name} &raquo; Dòng thông tin", "/feed/"),
            (f"{self.site_name} &raquo; Dòng phản hồi", "/comments/feed/"),
        ]
        if extra:
            links.append(extra)
        return "".join(
            f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{self.origin}{href}" />\n'
            for title, href in links
        )

    def rss(self, posts: list[SimArticle], category: str | None = None, link: str = "/") -> str:
        """``feed-rss2.php``: the newest posts with excerpt and full content."""
        items = []
        for a in posts:
            url = self.origin + permalink(a)
            words = " ".join(a.paragraphs).split()
            items.append(f"""	<item>
		<title>{escape(a.title)}</title>
		<link>{url}</link>
		<comments>{url}#respond</comments>
		<pubDate>{_rss_date(a.published)}</pubDate>
		<dc:creator><![CDATA[Ban Tuyên giáo {self.site_name}]]></dc:creator>
		<category><![CDATA[{a.category}]]></category>

		<guid isPermaLink="false">{self.origin}/?p={a.id}</guid>

		<description><![CDATA[{escape(" ".join(words[:55]))} [&#8230;]]]></description>
		<content:encoded><![CDATA[{self.content(a, jetpack=False)}]]></content:encoded>
		<wfw:commentRss>{url}feed/</wfw:commentRss>
		<slash:comments>0</slash:comments>
	</item>""")
        title = escape(self.site_name) if category is None else f"{escape(category)} &#8211; {escape(self.site_name)}"
        self_link = "/feed/" if category is None else f"{link}feed/"
        return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>{title}</title>
	<atom:link href="{self.origin}{self_link}" rel="self" type="application/rss+xml" />
	<link>{self.origin}{link}</link>
	<description>Trang thông tin điện tử Đảng bộ huyện {escape(PLACES[self.spec.place].district)}</description>
	<lastBuildDate>{_rss_date(last_change(posts))}</lastBuildDate>
	<language>vi</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>{GENERATOR}</generator>
{chr(10).join(items)}
</channel>
</rss>
"""

    def comments_rss(self, post: SimArticle | None) -> str:
        """``feed-rss2-comments.php`` of the site or of one post: no comment has been approved on these portals."""
        if post is None:
            title, link, self_link = f"Bình luận cho {escape(self.site_name)}", "/", "/comments/feed/"
        else:
            title, link = f"Bình luận về: {escape(post.title)}", permalink(post)
            self_link = f"{link}feed/"
        return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	>
<channel>
	<title>{title}</title>
	<atom:link href="{self.origin}{self_link}" rel="self" type="application/rss+xml" />
	<link>{self.origin}{link}</link>
	<description>Trang thông tin điện tử Đảng bộ huyện {escape(PLACES[self.spec.place].district)}</description>
	<lastBuildDate>{_rss_date(self.feed_validators[0])}</lastBuildDate>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>{GENERATOR}</generator>
</channel>
</rss>
"""

    # REST API --------------------------------------------------------------------------------

    @property
    def rest_enabled(self) -> bool:
        return "rest_disabled" not in self.spec.faults and not (self.spec.faults & PAGE_FAULTS)

    def rest(self, route: str, query: dict[str, list[str]]) -> SimResponse:
        """``rest_api_loaded``: the posts collection; other routes 404 ``rest_no_route`` as in core."""
        if not self.rest_enabled:
            return _rest_error(401, "rest_cannot_access", "Chỉ người dùng đã xác thực mới được truy cập REST API.")
        if route.rstrip("/") != "/wp/v2/posts":
            return _rest_error(404, "rest_no_route", "Không tìm thấy đường dẫn khớp với URL và phương thức yêu cầu.")
        one = {k: v[0] for k, v in query.items() if v}
        try:
            per_page, page = int(one.get("per_page", "10")), int(one.get("page", "1"))
            after = _rest_time(one.get("after")) if "after" in one else None
            modified_after = _rest_time(one.get("modified_after")) if "modified_after" in one else None
        except ValueError:
            return _rest_error(400, "rest_invalid_param", "Tham số không hợp lệ: per_page, page, after, modified_after")
        if not 1 <= per_page <= 100 or page < 1:
            return _rest_error(400, "rest_invalid_param", "Tham số không hợp lệ: per_page")
        posts = [
            a
            for a in self.articles
            if (after is None or a.published > after)
            and (modified_after is None or (a.modified or a.published) > modified_after)
        ]
        total_pages = -(-len(posts) // per_page)
        if page > total_pages and posts:  # get_items: "$page > $max_pages && $total_posts > 0"
            return _rest_error(
                400,
                "rest_post_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            )
        embed = "_embed" in query
        body = [self.rest_post(a, embed) for a in posts[(page - 1) * per_page : page * per_page]]
        base = {k: v for k, v in one.items() if k != "page"}
        path = "/" if "rest_route" in one else "/wp-json/wp/v2/posts"
        links = []
        if page > 1:
            links.append(f'<{self.origin}{path}?{urlencode({**base, "page": page - 1}, safe="/")}>; rel="prev"')
        if page < total_pages:
            links.append(f'<{self.origin}{path}?{urlencode({**base, "page": page + 1}, safe="/")}>; rel="next"')
        headers = {"X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(total_pages), "Allow": "GET"}
        if links:
            headers["Link"] = ", ".join(links)
        return SimResponse(
            200, json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=UTF-8", headers
        )

    def rest_post(self, a: SimArticle, embed: bool) -> dict[str, Any]:
        """One post as ``WP_REST_Posts_Controller::prepare_item_for_response`` shapes it (view context)."""
        term, _, _ = self.categories[slugify(a.category)]
        link, modified = self.origin + permalink(a), a.modified or a.published
        words = " ".join(a.paragraphs).split()
        post: dict[str, Any] = {
            "id": a.id,
            "date": _local(a.published),
            "date_gmt": _gmt(a.published),
            "guid": {"rendered": f"{self.origin}/?p={a.id}"},
            "modified": _local(modified),
            "modified_gmt": _gmt(modified),
            "slug": a.slug,
            "status": "publish",
            "type": "post",
            "link": link,
            "title": {"rendered": escape(a.title)},
            "content": {"rendered": self.content(a, jetpack=False) + "\n", "protected": False},
            "excerpt": {"rendered": f"<p>{escape(' '.join(words[:55]))} [&hellip;]</p>\n", "protected": False},
            "author": REST_AUTHOR,
            "featured_media": 0,
            "comment_status": "open",
            "ping_status": "open",
            "sticky": False,
            "template": "",
            "format": "standard",
            "meta": [],
            "categories": [term],
            "tags": [],
            "_links": {
                "self": [{"href": f"{self.origin}/wp-json/wp/v2/posts/{a.id}"}],
                "author": [{"embeddable": True, "href": f"{self.origin}/wp-json/wp/v2/users/{REST_AUTHOR}"}],
                "wp:term": [
                    {
                        "taxonomy": "category",
                        "embeddable": True,
                        "href": f"{self.origin}/wp-json/wp/v2/categories?post={a.id}",
                    },
                    {
                        "taxonomy": "post_tag",
                        "embeddable": True,
                        "href": f"{self.origin}/wp-json/wp/v2/tags?post={a.id}",
                    },
                ],
            },
        }
        if embed:
            post["_embedded"] = {
                "author": [
                    {
                        "id": REST_AUTHOR,
                        "name": f"Ban Tuyên giáo {self.site_name}",
                        "url": "",
                        "description": "",
                        "link": f"{self.origin}/author/bantuyengiao/",
                        "slug": "bantuyengiao",
                        "avatar_urls": {},
                    }
                ],
                "wp:term": [
                    [
                        {
                            "id": term,
                            "link": f"{self.origin}/category/{slugify(a.category)}/",
                            "name": escape(a.category, quote=False),
                            "slug": slugify(a.category),
                            "taxonomy": "category",
                        }
                    ],
                    [],
                ],
            }
        return post

    def not_found(self) -> SimResponse:
        """``404.php``: the theme's not-found page, status 404."""
        return self._cached("\0404", self.error_404, 404)

    # Templates -------------------------------------------------------------------------------

    def single(self, a: SimArticle) -> str:
        """``single.php``: the post, the comment form with Akismet's notice, post navigation, sidebar."""
        i = self.position[a.id]
        links = ""
        if i + 1 < len(self.articles):
            older = self.articles[i + 1]
            links += _ADJACENT.format(
                side="previous",
                href=permalink(older),
                rel="prev",
                label="Bài trước",
                short="Trước",
                title=escape(older.title),
            )
        if i > 0:
            newer = self.articles[i - 1]
            links += _ADJACENT.format(
                side="next",
                href=permalink(newer),
                rel="next",
                label="Bài tiếp theo",
                short="Tiếp",
                title=escape(newer.title),
            )
        cat = f'<a href="/category/{slugify(a.category)}/" rel="category tag">{escape(a.category)}</a>'
        main = f"""
<article id="post-{a.id}" class="{_post_class(a)}">
	<header class="entry-header">
		<div class="entry-meta"><span class="posted-on">{_time_link(a)}</span></div><!-- .entry-meta -->
		<h1 class="entry-title">{escape(a.title)}</h1>
	</header><!-- .entry-header -->
	<div class="entry-content">
{self.content(a)}
	</div><!-- .entry-content -->
	<footer class="entry-footer"><span class="cat-tags-links"><span class="cat-links">{_svg("folder-open")}<span
 class="screen-reader-text">Chuyên mục</span>{cat}</span></span></footer> <!-- .entry-footer -->
</article><!-- #post-{a.id} -->
{_COMMENTS.format(href=permalink(a), id=a.id)}
{_NAV.format(kind="post-navigation", links=links)}"""
        head = f"<link rel=\"canonical\" href=\"{permalink(a)}\" />\n<link rel='shortlink' href='/?p={a.id}' />"
        body_class = f"post-template-default single single-post postid-{a.id} single-format-standard"
        feeds = self.feed_links((f"{self.site_name} &raquo; {escape(a.title)} Dòng phản hồi", f"{permalink(a)}feed/"))
        return self.page([a.title, self.site_name], body_class, main, head, feeds=feeds)

    def content(self, a: SimArticle, *, jetpack: bool = True) -> str:
        """``the_content``: paragraphs, images after the lead, file blocks, the byline, then Jetpack's blocks.

        Jetpack adds its sharing and related-posts blocks to pages, not to REST API content (``jetpack=False``)."""
        parts = [f"<p>{escape(a.paragraphs[0])}</p>"]
        for n, img in enumerate(a.images, 1):
            media, src, cap = a.id + n, upload_url(img.path), escape(img.caption)
            if a.id % 2:  # classic editor: the [caption] shortcode with HTML5 captions
                parts.append(
                    f'<figure id="attachment_{media}" aria-describedby="caption-attachment-{media}"'
                    f' style="width: 800px" class="wp-caption aligncenter"><img decoding="async"'
                    f' class="size-full wp-image-{media}" src="{src}" alt="" width="800" height="533" />'
                    f'<figcaption id="caption-attachment-{media}" class="wp-caption-text">{cap}</figcaption></figure>'
                )
            else:  # block editor: core/image
                parts.append(
                    f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683"'
                    f' src="{src}" alt="" class="wp-image-{media}"/><figcaption class="wp-element-caption">{cap}'
                    "</figcaption></figure>"
                )
        parts += [f"<p>{escape(p)}</p>" for p in a.paragraphs[1:]]
        for n, att in enumerate(a.attachments, 1):  # core/file blocks
            ref, url = f"wp-block-file--media-{a.id}-{n}", upload_url(att.path)
            parts.append(
                f'<div class="wp-block-file"><a id="{ref}" href="{url}">{escape(att.title)}</a><a href="{url}"'
                f' class="wp-block-file__button wp-element-button" download aria-describedby="{ref}">Tải xuống</a>'
                "</div>"
            )
        parts.append(f'<p style="text-align: right;"><strong>{escape(a.byline)}</strong></p>')
        if a.seed:  # the seed page shows two empty paragraphs between the byline and the comment form
            parts.append("<p>&nbsp;</p>\n<p>&nbsp;</p>")
        if not jetpack:
            return "\n".join(parts)
        share = "".join(
            _SHARE.format(s=s, id=a.id, href=permalink(a), label=label)
            for s, label in (("facebook", "Facebook"), ("twitter", "X"))
        )
        parts.append(
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social'
            ' sd-social-icon-text sd-sharing"><h3 class="sd-title">Chia sẻ:</h3><div class="sd-content"><ul>'
            f'{share}<li class="share-end"></li></ul></div></div></div>'
        )
        parts.append(
            "<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class=\"jp-relatedposts-headline\">"
            "<em>Có liên quan</em></h3></div>"
        )
        return "\n".join(parts)

    def listing(self, base: str, page: int, total: int, posts: list[SimArticle], category: str | None) -> str:
        """``index.php`` (home) or ``archive.php`` (category) with excerpt entries and ``the_posts_pagination``."""
        entries = []
        for a in posts[(page - 1) * PER_PAGE : page * PER_PAGE]:
            words = " ".join(a.paragraphs).split()
            excerpt = escape(" ".join(words[:55])) + (" &hellip; " if len(words) > 55 else "")
            entries.append(f"""
<article id="post-{a.id}" class="{_post_class(a)}">
	<header class="entry-header">
		<div class="entry-meta">{_time_link(a)}</div><!-- .entry-meta -->
		<h2 class="entry-title"><a href="{permalink(a)}" rel="bookmark">{escape(a.title)}</a></h2>
	</header><!-- .entry-header -->
	<div class="entry-summary">
		<p>{excerpt}</p>
<p class="link-more"><a href="{permalink(a)}" class="more-link">Đọc tiếp<span
 class="screen-reader-text"> "{escape(a.title)}"</span></a></p>
	</div><!-- .entry-summary -->
</article><!-- #post-{a.id} -->""")
        if category is None:
            heading, title, body_class = '<h2 class="page-title">Bài viết</h2>', [self.site_name], "home blog"
        else:
            heading = f'<h1 class="page-title">Chuyên mục: <span>{escape(category)}</span></h1>'
            title, body_class = [category, self.site_name], f"archive category category-{slugify(category)}"
        if page > 1:
            title.insert(-1, f"Trang {page}")
            body_class += f" paged paged-{page}"
        main = "".join(entries) + "\n" + self.pagination(base, page, total)
        extra = (
            None
            if category is None
            else (f"{self.site_name} &raquo; {escape(category)} Dòng thông tin chuyên mục", f"{base}feed/")
        )
        return self.page(
            title,
            body_class + " hfeed",
            main,
            "",
            f'<header class="page-header">{heading}</header>',
            feeds=self.feed_links(extra),
        )

    @staticmethod
    def pagination(base: str, current: int, total: int) -> str:
        """``paginate_links`` as ``the_posts_pagination`` prints it (end_size 1, mid_size 2)."""
        if total < 2:
            return ""

        def url(n: int) -> str:
            return base if n == 1 else f"{base}page/{n}/"

        label = '<span class="meta-nav screen-reader-text">Trang </span>'
        links = []
        if current > 1:
            links.append(
                f'<a class="prev page-numbers" href="{url(current - 1)}">{_svg("arrow-left")}'
                '<span class="screen-reader-text">Trang trước</span></a>'
            )
        dots = False
        for n in range(1, total + 1):
            if n == current:
                links.append(f'<span aria-current="page" class="page-numbers current">{label}{n}</span>')
                dots = True
            elif n <= 1 or n > total - 1 or current - 2 <= n <= current + 2:
                links.append(f'<a class="page-numbers" href="{url(n)}">{label}{n}</a>')
                dots = True
            elif dots:
                links.append('<span class="page-numbers dots">&hellip;</span>')
                dots = False
        if current < total:
            links.append(
                f'<a class="next page-numbers" href="{url(current + 1)}"><span class="screen-reader-text">'
                f"Trang sau</span>{_svg('arrow-right')}</a>"
            )
        return _NAV.format(kind="pagination", links="\n".join(links))

    def error_404(self) -> str:
        main = (
            '<section class="error-404 not-found"><header class="page-header"><h1 class="page-title">Rất tiếc!'
            ' Không thể tìm thấy trang này.</h1></header><div class="page-content"><p>Có vẻ như không có gì được'
            f" tìm thấy ở vị trí này. Bạn thử tìm kiếm xem?</p>{_SEARCH}</div></section>"
        )
        return self.page(["Không tìm thấy trang", self.site_name], "error404", main, "", sidebar=False)

    # Chrome ----------------------------------------------------------------------------------

    @cached_property
    def chrome(self) -> tuple[str, str]:
        """The masthead with its top menu, and the sidebar widgets: the same on every page, built once."""
        menu = [
            '<li id="menu-item-10" class="menu-item menu-item-type-custom menu-item-object-custom'
            ' menu-item-home menu-item-10"><a href="/">Trang chủ</a></li>'
        ]
        cats = []
        for slug, (term, name, _) in self.categories.items():
            menu.append(
                f'<li id="menu-item-{10 + term}" class="menu-item menu-item-type-taxonomy'
                f' menu-item-object-category menu-item-{10 + term}"><a href="/category/{slug}/">'
                f"{escape(name)}</a></li>"
            )
            cats.append(f'<li class="cat-item cat-item-{term}"><a href="/category/{slug}/">{escape(name)}</a></li>')
        district = escape(PLACES[self.spec.place].district)
        masthead = f"""<header id="masthead" class="site-header">
	<div class="custom-header"><div class="site-branding"><div class="wrap"><div class="site-branding-text">
		<p class="site-title"><a href="/" rel="home">{escape(self.site_name)}</a></p>
		<p class="site-description">Trang thông tin điện tử Đảng bộ huyện {district}</p>
	</div><!-- .site-branding-text --></div><!-- .wrap --></div><!-- .site-branding --></div><!-- .custom-header -->
	<div class="navigation-top"><div class="wrap">
	<nav id="site-navigation" class="main-navigation" aria-label="Menu trên cùng">
	<button class="menu-toggle" aria-controls="top-menu" aria-expanded="false">{_svg("bars")}{_svg("close")}Menu
	</button>
	<div class="menu-menu-chinh-container"><ul id="top-menu" class="menu">{"".join(menu)}</ul></div>
	</nav><!-- #site-navigation --></div><!-- .wrap --></div><!-- .navigation-top -->
</header><!-- #masthead -->"""
        recent = "".join(f'<li><a href="{permalink(a)}">{escape(a.title)}</a></li>' for a in self.articles[:5])
        sidebar = f"""<aside id="secondary" class="widget-area" aria-label="Thanh bên blog">
	<section id="search-2" class="widget widget_search">{_SEARCH}</section>
	<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Bài viết mới</h2>
	<nav aria-label="Bài viết mới"><ul>{recent}</ul></nav></section>
	<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Chuyên mục</h2>
	<nav aria-label="Chuyên mục"><ul>{"".join(cats)}</ul></nav></section>
</aside><!-- #secondary -->"""
        return masthead, sidebar

    def page(
        self,
        title: list[str],
        body_class: str,
        main: str,
        head: str,
        heading: str = "",
        *,
        sidebar: bool = True,
        feeds: str | None = None,
    ) -> str:
        """``header.php`` + the template's ``div.wrap`` + ``footer.php``; ``title`` as ``wp_get_document_title``."""
        masthead, aside = self.chrome
        return _PAGE.format(
            title=" &#8211; ".join(escape(part) for part in title),
            head=head,
            origin=self.origin,
            masthead=masthead,
            feeds=self.feed_links() if feeds is None else feeds,
            main=main,
            body_class=f"{body_class} {'has-sidebar ' if sidebar else ''}colors-light",
            heading=heading,
            sidebar=aside if sidebar else "",
        )


def _local(when: datetime) -> str:
    """A REST ``date``: site-local time, ISO without offset."""
    return when.strftime("%Y-%m-%dT%H:%M:%S")


def _gmt(when: datetime) -> str:
    """A REST ``*_gmt`` field: UTC, ISO without offset."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _rss_date(when: datetime) -> str:
    """``mysql2date('D, d M Y H:i:s +0000', ...)`` of a GMT time, as RSS 2.0 ``pubDate`` and ``lastBuildDate``."""
    return when.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def _rest_time(value: str | None) -> datetime:
    """An ``after`` / ``modified_after`` argument (RFC 3339; without an offset, site-local time)."""
    when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=TZ)


def _rest_error(status: int, code: str, message: str) -> SimResponse:
    """``WP_Error`` as the REST server serialises it."""
    body = {"code": code, "message": message, "data": {"status": status}}
    return SimResponse(status, json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=UTF-8")


SITE = WordPressSite
