"""NukeViet's laws module: the simulator's list, pages, files and RSS, read back into Document values.

Saved pages (tests/fixtures/nukeviet/sim-tuyphong/laws-*, simulated, described in laws-fixtures.toml) pin the
parse functions; a full walk of the simulated module checks every document against its ground truth.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from scrapy.http import XmlResponse

from crawler.adapters.base import ParseError
from crawler.adapters.nukeviet_laws import (
    law_id,
    parse_law_detail,
    parse_laws_feed,
    parse_laws_listing,
)
from crawler.documents.issuers import places_of
from crawler.documents.model import DocType, Document
from crawler.documents.numbers import find_documents
from crawler.fixtures import response_for
from crawler.registry import load_registry
from crawler.simulator.nukeviet import NukeVietSite, detail_url
from crawler.simulator.nukeviet_laws import CAT_NAMES, SimLaw
from crawler.simulator.sites import SPECS

PORTAL = load_registry()["sim-tuyphong"]
BASE = PORTAL.base_url
PLACES = places_of(PORTAL)
SAVED = Path(__file__).resolve().parent / "fixtures" / "nukeviet" / "sim-tuyphong"
CASES = tomllib.loads((SAVED / "laws-fixtures.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site() -> NukeVietSite:
    return NukeVietSite(SPECS["sim-tuyphong"])


def page(site: NukeVietSite, path: str):
    resp = site.handle(path)
    assert resp.status == 200, f"{path} answered {resp.status}"
    return response_for(BASE + path, resp.body)


def row_values(row) -> dict:
    values = {"number": row.number.text, "issue_date": row.issue_date, "summary": row.summary, "url": row.url}
    if row.files:
        values["files"] = [f.name for f in row.files]
    return values


# Saved pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_saved_pages_are_still_what_the_simulator_serves(site: NukeVietSite, name: str) -> None:
    case = CASES[name]
    assert case["source"].startswith("simulated: ")
    served = site.handle(case["url"].removeprefix(BASE)).body
    assert (SAVED / case["file"]).read_bytes() == served, (
        f"{case['file']} differs from what the simulator serves at {case['url']}: save it again and review the diff"
    )


@pytest.mark.parametrize("name", ["laws-listing", "laws-listing-page-3"])
def test_saved_list_pages(name: str) -> None:
    case = CASES[name]
    listing = parse_laws_listing(response_for(case["url"], (SAVED / case["file"]).read_bytes()))
    assert (len(listing.rows), listing.pages) == (case["rows"], case["pages"])
    assert row_values(listing.rows[0]) == case["first"]
    assert row_values(listing.rows[-1]) == case["last"]


@pytest.mark.parametrize(
    "name", ["laws-detail-party-resolution", "laws-detail-council-resolution", "laws-detail-plan-with-expiry"]
)
def test_saved_document_pages_give_every_field(name: str) -> None:
    case = CASES[name]
    doc = parse_law_detail(response_for(case["url"], (SAVED / case["file"]).read_bytes()), PLACES)
    got = {
        "number": doc.number.text,
        "type": doc.type.value,
        "issuer": doc.issuer.display,
        "signer": doc.signer,
        "issue_date": doc.issue_date,
        "effective_date": doc.effective_date,
        "title": doc.title,
        "summary": doc.summary,
        "files": [f.name for f in doc.files],
        "identity": list(doc.identity),
    }
    if doc.expiry_date:
        got["expiry_date"] = doc.expiry_date
    expected = {k: v for k, v in case.items() if k not in ("file", "url", "source")}
    assert got == expected
    assert doc.url == case["url"]
    assert all(f.url.startswith(case["url"] + "?download=1&id=") for f in doc.files)


def test_saved_feed() -> None:
    case = CASES["laws-rss"]
    rows = parse_laws_feed(XmlResponse(case["url"], body=(SAVED / case["file"]).read_bytes()))
    assert len(rows) == case["rows"]
    assert (row_values(rows[0]), row_values(rows[-1])) == (case["first"], case["last"])


# The whole simulated module ------------------------------------------------------------------------------


def expected_document(law: SimLaw) -> dict:
    issuers = {
        "HU": "Huyện ủy Tuy Phong",
        "HĐND": "Hội đồng nhân dân huyện Tuy Phong",
        "UBND": "Ủy ban nhân dân huyện Tuy Phong",
    }
    return {
        "number": law.code,
        "type": CAT_NAMES[law.cat],
        "issuer": issuers[law.issuer],
        "signer": law.signer,
        "issue_date": law.publtime,
        "effective_date": law.startvalid,
        "expiry_date": law.exptime,
        "title": law.title,
        "summary": law.introtext,
        "files": [BASE + law.url + f"?download=1&id={i}" for i in range(len(law.files))],
        "url": BASE + law.url,
    }


def as_dict(doc: Document) -> dict:
    return {
        "number": doc.number.text,
        "type": doc.type.label,
        "issuer": doc.issuer.display,
        "signer": doc.signer,
        "issue_date": doc.issue_date,
        "effective_date": doc.effective_date,
        "expiry_date": doc.expiry_date,
        "title": doc.title,
        "summary": doc.summary,
        "files": [f.url for f in doc.files],
        "url": doc.url,
    }


def test_walk_of_the_list_reaches_every_document_once_and_each_page_parses_to_its_truth(site: NukeVietSite) -> None:
    seen: list[str] = []
    todo, done = [BASE + "/laws/"], set()
    while todo:
        url = todo.pop()
        done.add(url)
        listing = parse_laws_listing(page(site, url.removeprefix(BASE)))
        seen += [row.url for row in listing.rows]
        todo += [p for p in listing.pages if p not in done and p not in todo]
    truth = {BASE + law.url: law for law in site.laws.laws}
    assert len(seen) == len(truth) == 60 and set(seen) == set(truth)
    assert done == {BASE + "/laws/", BASE + "/laws/page-2/", BASE + "/laws/page-3/"}
    for url, law in truth.items():
        assert law_id(url) == str(law.id)
        assert as_dict(parse_law_detail(page(site, law.url), PLACES)) == expected_document(law), url


def test_feed_lists_the_thirty_latest_added_with_number_date_and_summary(site: NukeVietSite) -> None:
    rows = parse_laws_feed(XmlResponse(BASE + "/laws/rss/", body=site.handle("/laws/rss/").body))
    latest = sorted(site.laws.laws, key=lambda law: law.addtime, reverse=True)[:30]
    assert [(r.url, r.number.text, r.issue_date, r.summary) for r in rows] == [
        (BASE + law.url, law.code, law.publtime, law.introtext) for law in latest
    ]
    per_cat = parse_laws_feed(XmlResponse(BASE + "/laws/rss/ke-hoach/", body=site.handle("/laws/rss/ke-hoach/").body))
    assert per_cat and {r.number.code for r in per_cat} == {"KH"}


def test_category_subject_area_and_signer_lists_are_served_and_parse(site: NukeVietSite) -> None:
    doc = parse_law_detail(page(site, site.laws.laws[0].url), PLACES)
    html = site.handle(site.laws.laws[0].url).body.decode()
    for link in ("/laws/ket-luan/", "/laws/subject/huyen-uy-tuy-phong/", "/laws/area/xay-dung-dang/"):
        assert f'href="{link}"' in html
        listing = parse_laws_listing(page(site, link))
        assert BASE + site.laws.laws[0].url in [r.url for r in listing.rows]
    signer_link = next(part.split('"')[0] for part in html.split('href="') if part.startswith("/laws/signer/"))
    assert {r.url for r in parse_laws_listing(page(site, signer_link)).rows} >= {doc.url}


def test_file_download_names_the_file_and_a_bad_index_goes_back_to_the_page(site: NukeVietSite) -> None:
    law = next(x for x in site.laws.laws if len(x.files) == 2)
    resp = site.handle(law.url + "?download=1&id=1")
    assert resp.status == 200 and resp.headers["Content-Disposition"] == f'attachment; filename="{law.files[1]}"'
    assert site.handle(law.url + "?download=1&id=7").headers["Location"] == law.url
    assert site.handle("/laws/detail/khong-co-van-ban-999/").status == 404
    assert site.handle("/laws/page-1/").headers["Location"] == "/laws/"


def test_news_pages_are_not_laws_pages(site: NukeVietSite) -> None:
    article = site.articles[0]
    with pytest.raises(ParseError, match="not a NukeViet laws"):
        parse_law_detail(page(site, detail_url(article)))
    with pytest.raises(ParseError, match="not a NukeViet laws list"):
        parse_laws_listing(page(site, detail_url(article)))
    assert law_id(BASE + detail_url(article)) is None
    assert law_id(BASE + "/index.php?language=vi&nv=laws&op=detail/nghi-quyet-so-01-nq-hu-12") == "12"


# One document, however reached ---------------------------------------------------------------------------


def test_the_same_document_reached_by_list_page_feed_and_citation_is_one_item(site: NukeVietSite) -> None:
    law = next(x for x in site.laws.laws if x.meeting_id == 3007)
    from_page = parse_law_detail(page(site, law.url), PLACES)
    cited = find_documents(
        f"Hội nghị đã ban hành Nghị quyết số {law.code} ngày {law.publtime:%d/%m/%Y} của Ban Chấp hành Đảng bộ huyện "
        "về nhiệm vụ trọng tâm thời gian tới.",
        places=PLACES,
    )[0]
    assert cited.identity == from_page.identity
    assert cited.type is DocType.NGHI_QUYET and cited.issue_date == law.publtime
    store = {doc.identity: doc for doc in [from_page, parse_law_detail(page(site, law.url), PLACES)]}
    assert len(store) == 1


def test_party_numbers_reused_after_the_2020_congress_are_different_documents(site: NukeVietSite) -> None:
    documents = [parse_law_detail(page(site, law.url), PLACES) for law in site.laws.laws]
    assert len({d.identity for d in documents}) == 60
    reused = [d for d in documents if d.number.text == "01-NQ/HU"]
    assert sorted(d.issue_date for d in reused) == [date(2020, 7, 2), date(2020, 8, 21)]
    assert reused[0].identity[:3] == reused[1].identity[:3] and reused[0].identity != reused[1].identity


# The adapter routes the module's pages -----------------------------------------------------------------------


def test_nukeviet_adapter_routes_laws_lists_pages_sitemap_and_feed_to_documents(site: NukeVietSite) -> None:
    from scrapy.http import Request

    from crawler.adapters.nukeviet import NukeVietAdapter
    from crawler.discovery import parse_source

    adapter = NukeVietAdapter(PORTAL)
    news = adapter.parse_listing(page(site, "/news/"))
    assert [r.url for r in news.requests] == [BASE + "/laws/"], "the site menu's 'Văn bản' entry"
    assert news.documents == [] and len(news.articles) == 25
    laws = adapter.parse_listing(page(site, "/laws/"))
    assert (laws.articles, laws.pages) == ([], [BASE + "/laws/page-2/", BASE + "/laws/page-3/"])
    assert laws.documents == [BASE + law.url for law in site.laws.laws[:20]]
    item = adapter.parse_document(page(site, site.laws.laws[0].url))
    assert (item.portal, item.url, item.via, item.document.number.text) == (
        "sim-tuyphong",
        BASE + site.laws.laws[0].url,
        "registry",
        site.laws.laws[0].code,
    )

    def source(path: str):
        body = site.handle(path).body
        return parse_source(
            XmlResponse(BASE + path, body=body, request=Request(BASE + path)),
            adapter.is_article_url,
            adapter.is_document_url,
        )

    assert source("/sitemap.xml").pages == [BASE + "/sitemap-vi.news.xml", BASE + "/sitemap-vi.laws.xml"]
    in_sitemap = source("/sitemap-vi.laws.xml")
    assert in_sitemap.articles == [] and set(in_sitemap.documents) == {BASE + law.url for law in site.laws.laws}
    in_feed = source("/laws/rss/")
    assert in_feed.articles == [] and in_feed.documents == [BASE + law.url for law in site.laws.by_added[:30]]
    assert source("/news/rss/").documents == []
    with pytest.raises(ParseError, match="not a NukeViet laws page"):
        adapter.parse_document(page(site, detail_url(site.articles[0])))
