"""The NukeViet ``laws`` module ("Văn bản") of a simulated NukeViet portal: list, detail pages, downloads, RSS.

Markup follows nukeviet/module-laws at 4.5.08 (commit 46dfd12b, the release for NukeViet 4.5): the list is
``list.tpl`` through ``nv_theme_laws_list`` (``div.flex-table-laws`` rows: STT, ``c-code`` "Số kí hiệu" link,
``c-time`` "Ngày ban hành" ``d/m/Y``, ``c-intro`` with the trích yếu as the link text, ``title_show_type`` 0, and
the ``laws-download`` files column, ``down_in_home`` 1); categories, subjects (Cơ quan ban hành), areas and
signers list through ``cat.tpl`` and its siblings (``h3.pagetitle`` "Văn bản theo ...:"); the detail page is
``detail.tpl`` through ``nv_theme_laws_detail`` with the module's default settings (``detail_hide_empty_field``,
linked category, area, subject and signer, PDF quick view, "Các văn bản cùng thể loại" by ``list_other.tpl``);
``funcs/detail.php`` serves files at ``detail/<alias>?download=1&id=N``; ``funcs/rss.php`` gives the 30 newest by
``addtime`` with "[code] title" items, guid ``laws_<id>`` and "Ngày ban hành: d/m/Y. Trích yếu: ..." descriptions.
URLs are ``nv_url_rewrite``'s with ``rewrite_endurl`` "/" (``/laws/detail/<alias>-<id>/``, ``/laws/page-2/``).
Labels are the module's ``language/vi.php``; categories and subjects are those a district portal defines.

Reconstruction: the documents themselves (numbers, dates, signers, trích yếu) are generated for the district,
deterministically, with party numbers restarting at 01 at the 2020 congress and State numbers every January, and
one resolution per party-committee conference or council session the news module reports. The module's
``nummain`` is set to 20 (the default is 50) so that the listing paginates like the news module's.
"""

# ruff: noqa: E501  (HTML template lines are kept whole so that they read like the markup they render)
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from functools import cached_property
from html import escape
from typing import TYPE_CHECKING

from crawler.dates import TZ
from crawler.simulator.corpus import PLACES, slugify
from crawler.simulator.site import SimResponse, validated

if TYPE_CHECKING:
    from crawler.simulator.nukeviet import NukeVietSite

MODULE = "laws"
FEED_ITEMS = 30
OTHER_LINKS = 5  # other_numlinks
TERM_START = date(2020, 7, 15)  # the district party congress: party numbers restart at 01
FIRST_DAY, LAST_DAY = date(2019, 1, 7), date(2025, 6, 27)  # the district level ended on 2025-07-01
ROUTINE = 48  # documents besides the resolutions of reported meetings
AREAS = ("Xây dựng Đảng", "Kinh tế - Xã hội", "Quốc phòng - An ninh")
# Categories ("Thể loại") as the district portal defines them: (type code, name).
CATS = (
    ("NQ", "Nghị quyết"),
    ("KL", "Kết luận"),
    ("CT", "Chỉ thị"),
    ("QĐ", "Quyết định"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("KH", "Kế hoạch"),
    ("BC", "Báo cáo"),
    ("TTr", "Tờ trình"),
)
CAT_NAMES = dict(CATS)
TOPICS = (
    ("Xây dựng Đảng", "công tác xây dựng Đảng và hệ thống chính trị năm {y}"),
    ("Xây dựng Đảng", "công tác kiểm tra, giám sát của Đảng năm {y}"),
    ("Xây dựng Đảng", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {y}"),
    ("Kinh tế - Xã hội", "nhiệm vụ phát triển kinh tế - xã hội năm {y}"),
    ("Kinh tế - Xã hội", "phòng, chống thiên tai và tìm kiếm cứu nạn năm {y}"),
    ("Kinh tế - Xã hội", "kế hoạch sử dụng đất năm {y} của huyện {district}"),
    ("Kinh tế - Xã hội", "xây dựng nông thôn mới giai đoạn 2021 - 2025"),
    ("Quốc phòng - An ninh", "công tác quốc phòng, quân sự địa phương năm {y}"),
    ("Quốc phòng - An ninh", "bảo đảm an ninh, trật tự dịp Tết Nguyên đán {y}"),
)
# Issuers: who issues which categories, how their numbers read, and who signs.
PARTY, COUNCIL, COMMITTEE = "HU", "HĐND", "UBND"
ISSUES = {
    PARTY: ("NQ", "KL", "CT", "TB", "HD", "KH", "BC"),
    COUNCIL: ("NQ",),
    COMMITTEE: ("QĐ", "KH", "TB", "BC", "TTr"),
}


@dataclass(frozen=True)
class SimLaw:
    """One document of the laws module, with the truth the adapter tests compare against."""

    id: int
    code: str  # "Số kí hiệu": 12-NQ/HU, 05/NQ-HĐND, 1234/QĐ-UBND
    cat: str  # type code, one of CATS
    issuer: str  # PARTY, COUNCIL or COMMITTEE
    subject: str  # "Cơ quan ban hành": Huyện ủy Tuy Phong
    signer: str
    title: str
    introtext: str  # trích yếu
    area: str
    publtime: date  # ngày ban hành
    startvalid: date
    exptime: date | None
    addtime: datetime
    files: tuple[str, ...]
    meeting_id: int | None = None  # the news article reporting the meeting that adopted it

    @property
    def alias(self) -> str:
        return f"{slugify(self.title)[:180].strip('-')}-{self.id}"

    @property
    def url(self) -> str:
        return f"/{MODULE}/detail/{self.alias}/"


def _subjects(district: str) -> dict[str, str]:
    return {PARTY: f"Huyện ủy {district}", COUNCIL: f"HĐND huyện {district}", COMMITTEE: f"UBND huyện {district}"}


def _signers(site: NukeVietSite) -> dict[str, tuple[str, ...]]:
    officials = dict((role, name) for name, role in PLACES[site.spec.place].officials)
    secretary = next((n for r, n in officials.items() if r.startswith("Bí thư")), "Trần Văn Minh")
    chair = next((n for r, n in officials.items() if r.startswith("Chủ tịch UBND")), "Lê Văn Hải")
    return {PARTY: (secretary, "Nguyễn Thị Hồng"), COUNCIL: ("Phạm Văn Lộc",), COMMITTEE: (chair, "Đỗ Minh Tâm")}


def generate_laws(site: NukeVietSite) -> list[SimLaw]:
    """The module's documents, newest ``publtime`` first: one resolution per reported party-committee conference
    or council session, and routine documents of the Huyện ủy, the council and the people's committee."""
    district = PLACES[site.spec.place].district
    rng = random.Random(f"{site.spec.slug}:laws")
    subjects, signers = _subjects(district), _signers(site)
    drafts: list[tuple[date, str, str, str, str, int | None]] = []  # day, issuer, cat, area, introtext, meeting
    for article in site.articles:
        if article.meeting_date is None or not FIRST_DAY <= article.meeting_date <= LAST_DAY or len(drafts) >= 12:
            continue
        if article.meeting_kind == "party_committee_conference":
            what = f"Hội nghị lần thứ {article.ordinal} Ban Chấp hành Đảng bộ huyện khóa XX về nhiệm vụ trọng tâm thời gian tới"
            drafts.append((article.meeting_date, PARTY, "NQ", AREAS[0], what, article.id))
        elif article.meeting_kind == "council_session":
            what = f"Về nhiệm vụ phát triển kinh tế - xã hội, thông qua tại Kỳ họp thứ {article.ordinal} HĐND huyện khóa XX"
            drafts.append((article.meeting_date, COUNCIL, "NQ", AREAS[1], what, article.id))
    span = (LAST_DAY - FIRST_DAY).days
    for _ in range(ROUTINE):
        issuer = rng.choice((PARTY, PARTY, COMMITTEE, COMMITTEE, COUNCIL))
        cat = rng.choice(ISSUES[issuer])
        day = FIRST_DAY + timedelta(days=rng.randrange(span))
        area, topic = rng.choice(TOPICS)
        drafts.append((day, issuer, cat, area, "Về " + topic.format(y=day.year, district=district), None))
    drafts.sort(key=lambda d: (d[0], d[1], d[2]))
    counters: dict[tuple[str, str, object], int] = defaultdict(int)
    laws = []
    for index, (day, issuer, cat, area, what, meeting) in enumerate(drafts, 1):
        period: object = day >= TERM_START if issuer == PARTY else day.year
        numbering = (
            cat if issuer == PARTY else ("NQ" if issuer == COUNCIL else "UBND")
        )  # a committee numbers all in one book
        counters[(issuer, numbering, period)] += rng.randint(1, 3) if issuer == COMMITTEE else 1
        serial = counters[(issuer, numbering, period)]
        code = f"{serial:02d}-{cat}/{PARTY}" if issuer == PARTY else f"{serial}/{cat}-{issuer}"
        title = (
            f"{CAT_NAMES[cat]} số {code} {what[0].lower()}{what[1:]}"
            if what.startswith("Về")
            else f"{CAT_NAMES[cat]} {what}"
        )
        introtext = what if what.startswith("Về") else f"{CAT_NAMES[cat]} {what}"
        added = datetime.combine(
            day + timedelta(days=rng.randint(0, 3)), time(8 + rng.randrange(9), rng.randrange(60)), TZ
        )
        files = tuple(
            f"{slugify(code).replace('-', '_')}{suffix}"
            for suffix in rng.choice(((".pdf",), (".pdf", ".doc"), (".docx",)))
        )
        laws.append(
            SimLaw(
                id=index,
                code=code,
                cat=cat,
                issuer=issuer,
                subject=subjects[issuer],
                signer=rng.choice(signers[issuer]),
                title=title,
                introtext=introtext,
                area=area,
                publtime=day,
                startvalid=day + timedelta(days=0 if issuer == PARTY else 10),
                exptime=date(day.year, 12, 31) if cat in ("KH", "CT") else None,  # a year's plan or directive
                addtime=added,
                files=files,
                meeting_id=meeting,
            )
        )
    return sorted(laws, key=lambda law: (law.publtime, law.id), reverse=True)


class LawsModule:
    """Routes ``/laws/...`` of one NukeViet site and renders them inside the site's theme."""

    def __init__(self, site: NukeVietSite) -> None:
        self.site = site

    @cached_property
    def laws(self) -> list[SimLaw]:
        return generate_laws(self.site)

    def add(self, law: SimLaw) -> None:
        """Publish a document between two crawls, as the module's editor does: on top of the list, the RSS and the
        sitemap (every cached view of the module is dropped)."""
        self.__dict__["laws"] = sorted([law, *self.laws], key=lambda x: (x.publtime, x.id), reverse=True)
        for name in ("by_alias", "by_added"):
            self.__dict__.pop(name, None)
        for key in [k for k in self.site._rendered if str(k[0]).startswith("laws") or k[0] == "sitemapindex"]:
            del self.site._rendered[key]

    @cached_property
    def by_alias(self) -> dict[str, SimLaw]:
        return {law.alias: law for law in self.laws}

    def route(self, path: str, query: dict[str, list[str]]) -> SimResponse | None:
        parts = [p for p in path.split("/") if p][1:]
        if path == f"/{MODULE}":
            return SimResponse(301, b"", headers={"Location": f"/{MODULE}/"})
        if not path.endswith("/"):
            return None
        if not parts:
            return self._listing(1)
        head = parts[0]
        if head.startswith("page-") and head[5:].isdigit() and len(parts) == 1:
            return (
                self._listing(int(head[5:]))
                if head != "page-1"
                else SimResponse(301, b"", headers={"Location": f"/{MODULE}/"})
            )
        if head == "detail" and len(parts) == 2 and parts[1] in self.by_alias:
            return self._detail(self.by_alias[parts[1]], query)
        if head == "rss" and len(parts) <= 2:
            cat = next((c for c, n in CATS if slugify(n) == parts[1]), None) if len(parts) == 2 else None
            if len(parts) == 2 and cat is None:
                return None
            rows = [law for law in self.by_added if cat is None or law.cat == cat][:FEED_ITEMS]
            resp = self.site.cached(("laws-rss", cat), lambda: self.rss(cat, rows), "text/xml; charset=utf-8")
            return validated(resp, max(law.addtime for law in rows))
        return self._filtered(parts)

    @cached_property
    def by_added(self) -> list[SimLaw]:
        return sorted(self.laws, key=lambda law: law.addtime, reverse=True)

    # Pages -------------------------------------------------------------------------------------------------

    def _page(self, title: str, main: str, canonical: str, crumbs: list[tuple[str, str]]) -> str:
        return self.site.layout(
            f"{title} - {self.site.site_name}",
            main,
            canonical=canonical,
            crumbs=[(f"/{MODULE}/", "Văn bản"), *crumbs],
            func=MODULE,
            feeds=((f"/{MODULE}/rss/", "Văn bản"),),
        )

    def _listing(self, page: int) -> SimResponse | None:
        from crawler.simulator.nukeviet import PER_PAGE

        pages = max(1, -(-len(self.laws) // PER_PAGE))
        if not 1 <= page <= pages:
            return None
        rows = self.laws[(page - 1) * PER_PAGE : page * PER_PAGE]

        def render() -> str:
            pager = self.site.pagination(f"/{MODULE}", len(self.laws), page)
            table = self.table(rows, first=(page - 1) * PER_PAGE + 1, pager=pager)
            canonical = f"/{MODULE}/" if page == 1 else f"/{MODULE}/page-{page}/"
            return self._page("Văn bản" + (f" - Trang {page}" if page > 1 else ""), table, canonical, [])

        return self.site.cached(("laws-list", page), render)

    def _filtered(self, parts: list[str]) -> SimResponse | None:
        """Category (``/laws/<cat>/``), subject, area and signer lists: ``cat.tpl`` and its siblings, one page."""
        signers = sorted({law.signer for law in self.laws})
        lists: dict[str, tuple[str, dict[str, str], str]] = {  # kind: (heading, alias -> name, SimLaw field)
            "": ("Văn bản theo chủ đề:", {slugify(n): c for c, n in CATS}, "cat"),
            "subject": (
                "Văn bản theo cơ quan ban hành:",
                {slugify(s): s for s in {law.subject for law in self.laws}},
                "subject",
            ),
            "area": ("Văn bản theo lĩnh vực:", {slugify(a): a for a in AREAS}, "area"),
            "signer": ("Văn bản theo người ký:", {f"{i}/{slugify(n)}": n for i, n in enumerate(signers, 1)}, "signer"),
        }
        kind, wanted = ("", parts[0]) if len(parts) == 1 else (parts[0], "/".join(parts[1:]))
        if kind not in lists or wanted not in lists[kind][1]:
            return None
        heading, names, field = lists[kind]
        value = names[wanted]
        name = CAT_NAMES.get(value, value) if field == "cat" else value
        rows = [law for law in self.laws if getattr(law, field) == value]
        canonical = f"/{MODULE}/{'/'.join(parts)}/"
        main = f'<h3 class="pagetitle"><span class="big-icon bcat">&nbsp;</span>{heading} {escape(name)}</h3>\n{self.table(rows)}'
        return self.site.cached(
            ("laws-list", canonical), lambda: self._page(name, main, canonical, [(canonical, name)])
        )

    def table(self, rows: list[SimLaw], first: int = 1, pager: str = "") -> str:
        """``list.tpl``: header, one ``table-rows`` per document, then the pager."""
        loop = []
        for stt, law in enumerate(rows, first):
            files = "".join(
                f'<li><a rel="dofollow" href="{escape(self.download(law, i))}" title="{escape(name)}"><i class="fa fa-download"></i> Tải tập tin {i + 1 if len(law.files) > 1 else ""}</a></li>'
                for i, name in enumerate(law.files)
            )
            loop.append(f"""    <div class="table-rows">
        <div class="c-stt a-center">{stt}</div>
        <div class="c-code"><span class="label-name">Số kí hiệu:</span><a rel="dofollow" href="{law.url}" title="{escape(law.title)}">{escape(law.code)}</a></div>
        <div class="c-time"><span class="label-name">Ngày ban hành:</span>{law.publtime:%d/%m/%Y}</div>
        <div class="c-intro">
            <a rel="dofollow" href="{law.url}"><strong>{escape(law.introtext)}</strong></a>
        </div>
        <div class="c-file">
            <span class="label-name">File đính kèm:</span>
            <ul class="laws-download list-unstyled">
                {files}
            </ul>
        </div>
    </div>""")
        pages = f'\n<div class="generate_page">\n    {pager}\n</div>' if pager else ""
        return f"""<div class="flex-table-laws">
    <div class="table-rows table-head">
        <div class="c-stt a-center">STT</div>
        <div class="c-code">Số kí hiệu</div>
        <div class="c-time">Ngày ban hành</div>
        <div class="c-intro">Trích yếu</div>
        <div class="c-file">File đính kèm</div>
    </div>
{chr(10).join(loop)}
</div>{pages}"""

    @staticmethod
    def download(law: SimLaw, index: int, kind: str = "download") -> str:
        return f"{law.url}?{kind}=1&id={index}"

    def _detail(self, law: SimLaw, query: dict[str, list[str]]) -> SimResponse | None:
        if query.get("download") == ["1"]:
            raw = query.get("id", ["0"])[0]
            if not raw.isdigit() or int(raw) >= len(law.files):
                return SimResponse(302, b"", headers={"Location": law.url})
            name = law.files[int(raw)]
            kind = {"pdf": "application/pdf", "doc": "application/msword"}.get(
                name.rsplit(".", 1)[1], "application/octet-stream"
            )
            return SimResponse(
                200, b"%PDF-1.4\n%%EOF\n", kind, {"Content-Disposition": f'attachment; filename="{name}"'}
            )
        return self.site.cached(("laws-detail", law.id), lambda: self.detail(law))

    def detail(self, law: SimLaw) -> str:
        """``detail.tpl`` with the default settings: every filled field, linked, then files and "same category"."""
        subject_alias = slugify(law.subject)
        signer_id = sorted({x.signer for x in self.laws}).index(law.signer) + 1
        cat_url = f"/{MODULE}/{slugify(CAT_NAMES[law.cat])}/"

        def row(label: str, value: str) -> str:
            return (
                f'            <tr class="hoatim">\n                <td style="width:160px" class="text-right">{label}</td>\n                <td>{value}</td>\n            </tr>'
                if label == "Số kí hiệu"
                else f'            <tr class="hoatim">\n                <td class="text-right">{label}</td>\n                <td>{value}</td>\n            </tr>'
            )

        fields = "\n".join(
            [
                row("Số kí hiệu", escape(law.code)),
                row("Ngày ban hành", f"{law.publtime:%d/%m/%Y}"),
                row("Ngày bắt đầu hiệu lực", f"{law.startvalid:%d/%m/%Y}"),
                *([row("Ngày hết hiệu lực", f"{law.exptime:%d/%m/%Y}")] if law.exptime else []),
                row(
                    "Thể loại",
                    f'<a rel="dofollow" href="{cat_url}" title="{CAT_NAMES[law.cat]}">{CAT_NAMES[law.cat]}</a>',
                ),
                row(
                    "Lĩnh vực",
                    f'<a rel="dofollow" href="/{MODULE}/area/{slugify(law.area)}/" title="{escape(law.area)}">{escape(law.area)}</a><br />',
                ),
                row(
                    "Cơ quan ban hành",
                    f'<a rel="dofollow" href="/{MODULE}/subject/{subject_alias}/" title="{escape(law.subject)}">{escape(law.subject)}</a>',
                ),
                row(
                    "Người ký",
                    f'<a rel="dofollow" href="/{MODULE}/signer/{signer_id}/{slugify(law.signer)}/" title="{escape(law.signer)}">{escape(law.signer)}</a>',
                ),
            ]
        )
        files = "\n".join(
            f"""    <div class="list-group-item">
        {
                '<span class="badge"><a rel="dofollow" role="button" data-toggle="collapse" href="#pdf'
                + str(law.id)
                + str(i)
                + '" aria-expanded="false" aria-controls="pdf'
                + str(law.id)
                + str(i)
                + '"><i class="fa fa-file-pdf-o" data-toggle="tooltip" data-title="Xem trước tập tin PDF"></i></a></span>'
                if name.endswith(".pdf")
                else ""
            }
        <a rel="dofollow" href="{escape(self.download(law, i))}" title="Tải tập tin {
                i + 1 if len(law.files) > 1 else ""
            }{name}">Tải tập tin {i + 1 if len(law.files) > 1 else ""}: <strong>{name}</strong></a>{
                f'''
        <div class="clearfix"></div>
        <div class="collapse" id="pdf{law.id}{i}" data-src="{escape(self.download(law, i, "pdf"))}" data-toggle="collapsepdf">
            <div style="height:10px"></div>
            <div class="well">
                <iframe frameborder="0" height="600" scrolling="yes" src="" width="100%"></iframe>
            </div>
        </div>'''
                if name.endswith(".pdf")
                else ""
            }
    </div>"""
            for i, name in enumerate(law.files)
        )
        others = [x for x in self.by_added if x.cat == law.cat and x.id != law.id][:OTHER_LINKS]
        other_rows = "".join(
            f"""
    <div class="table-rows">
        <div class="c-code"><span class="label-name">Số kí hiệu:</span><a rel="dofollow" href="{x.url}" title="{escape(x.title)}">{escape(x.code)}</a></div>
        <div class="c-time"><span class="label-name">Ngày ban hành:</span>{x.publtime:%d/%m/%Y}</div>
        <div class="c-intro">
            <a rel="dofollow" href="{x.url}">{escape(x.introtext)}</a>
        </div>
    </div>"""
            for x in others
        )
        main = f"""<h1 class="lawh3">{escape(law.title)}</h1>
<p>{escape(law.introtext)}</p>

<div class="table-responsive">
    <table class="table table-striped table-bordered table-hover">
        <tbody>
{fields}
        </tbody>
    </table>
</div>

<div id="comment"></div>
<h2 class="lawh3"><em class="fa fa-download">&nbsp;</em>File đính kèm</h2>
<div class="list-group laws-download-file">
{files}
</div>

<h2 class="subtitle">Các văn bản cùng thể loại <a rel="dofollow" href="{cat_url}" title="{CAT_NAMES[law.cat]}">"{CAT_NAMES[law.cat]}"</a></h2>
<div class="flex-table-laws">
    <div class="table-rows table-head">
        <div class="c-code">Số kí hiệu</div>
        <div class="c-time">Ngày ban hành</div>
        <div class="c-intro">Trích yếu</div>
    </div>{other_rows}
</div>"""
        return self._page(law.title, main, law.url, [(cat_url, CAT_NAMES[law.cat])])

    def sitemap(self) -> str:
        """``funcs/sitemap.php``: the 1,000 newest by ``addtime``, links rewritten by ``nv_xmlSitemap_generate``."""
        urls = "".join(
            f"<url><loc>{escape(self.site.origin + law.url)}</loc><lastmod>{law.addtime.isoformat()}</lastmod>"
            "<changefreq>daily</changefreq><priority>0.8</priority></url>\n"
            for law in self.by_added[:1000]
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n"
        )

    def rss(self, cat: str | None, rows: list[SimLaw]) -> str:
        """``funcs/rss.php`` through ``nv_rss_generate``: absolute links, "[code] title", the 30 newest added."""
        origin = self.site.origin
        title = f"{self.site.site_name} RSS: Văn bản" + (f" - {CAT_NAMES[cat]}" if cat else "")
        link = f"{origin}/{MODULE}/" + (f"?cat={slugify(CAT_NAMES[cat])}" if cat else "")
        items = [
            f"""<item>
<title>{escape(f"[{law.code}] {law.title}")}</title>
<link>{origin}{law.url}</link>
<guid isPermaLink="false"><![CDATA[{MODULE}_{law.id}]]></guid>
<pubDate>{format_datetime(law.addtime.astimezone(UTC), usegmt=True)}</pubDate>
<description><![CDATA[Ngày ban hành: {law.publtime:%d/%m/%Y}. Trích yếu: {escape(law.introtext)}]]></description>
</item>"""
            for law in rows
        ]
        about = f"Cổng thông tin điện tử {self.site.site_name}"
        return self.site.rss_channel(f"{origin}/{MODULE}/rss/", title, link, about, items)
