"""CMS fingerprints on every simulated family, and the registry entry they print."""

from __future__ import annotations

import pytest

from crawler.cli import main
from crawler.detect import fingerprint, registry_entry
from crawler.registry import RegistryError, load_registry, parse_registry
from crawler.simulator.server import build_site, start
from crawler.simulator.sites import SITES, SPECS
from crawler.vocab import Cms

PORTALS = load_registry()


@pytest.mark.parametrize("spec", SITES, ids=[s.slug for s in SITES])
def test_every_simulated_family_is_named(spec) -> None:
    site = build_site(spec)
    portal = PORTALS[spec.slug]
    start = portal.start_urls[0]
    page = site.handle(start.removeprefix(portal.base_url))
    assert page.status == 200
    found = fingerprint(start, page.body.decode("utf-8"), page.headers)
    assert found.cms is spec.cms, f"{spec.slug}: detected {found.cms} from {found.evidence}"
    assert found.evidence


def test_unknown_markup_is_generic() -> None:
    found = fingerprint("https://example.vn/", "<html><head><title>Xã A</title></head><body><p>Tin</p></body></html>")
    assert found.cms is Cms.GENERIC and found.evidence == []


def test_sharepoint_wins_over_its_own_viewstate() -> None:
    html = (
        '<html><head><meta name="GENERATOR" content="Microsoft SharePoint" /></head><body>'
        '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="x" /></body></html>'
    )
    assert fingerprint("https://x.gov.vn/Pages/default.aspx", html).cms is Cms.SHAREPOINT


def test_printed_entry_is_a_valid_registry_table() -> None:
    html = (
        '<html><head><meta name="generator" content="WordPress 6.1" />'
        '<link rel="alternate" type="application/rss+xml" href="https://huyenuy.example.vn/feed/" /></head></html>'
    )
    entry = registry_entry("https://huyenuy.example.vn/tin-tuc/", fingerprint("https://huyenuy.example.vn/", html))
    with pytest.raises(RegistryError, match="field 'province' is missing"):
        parse_registry(entry)  # neither the host nor the page names a province: a human completes it
    assert '# province = "..."  # not found in the host or the title: write it (required)' in entry
    portal = parse_registry(entry.replace('# province = "..."', 'province = "Bình Phước"'))["huyenuy"]
    assert (portal.province, portal.former_province, portal.province_code) == ("Đồng Nai", "Bình Phước", 75)
    commune = parse_registry(registry_entry("https://xuandong.dongnai.gov.vn/vi/news/", fingerprint("x", html)))
    assert (commune["xuandong"].province, commune["xuandong"].level) == ("Đồng Nai", "commune")
    assert portal.cms is Cms.WORDPRESS
    assert portal.start_paths == ("/feed/", "/tin-tuc/")
    assert portal.seen_at == "https://huyenuy.example.vn/tin-tuc/"


def test_dotnetnuke_is_named_on_its_pages_and_wins_over_its_viewstate() -> None:
    site = build_site(SPECS["sim-longho"])
    for path in ("/", "/tin-tuc/xay-dung-dang", "/trang-chu/ctl/detail/mid/1385&ID=5014"):
        page = site.handle(path)
        found = fingerprint("https://longho.vinhlong.gov.vn" + path, page.body.decode("utf-8"), page.headers)
        assert found.cms is Cms.DOTNETNUKE, f"{path}: {found.evidence}"
        assert found.evidence[0] == 'html: <meta id="MetaGenerator" name="GENERATOR" content="DotNetNuk'  # 60 chars
        assert found.feeds == ["https://longho.vinhlong.gov.vn/RSS.aspx?TabId=56&ModuleId=1388", *found.feeds[1:]]


@pytest.mark.parametrize(
    ("html", "evidence"),
    [
        ('<input name="__dnnVariable" type="hidden" id="__dnnVariable" value="`{`__scdoff`:`1`}" />', "__dnnVariable"),
        ('<div id="dnn_ctr412_ModuleContent" class="DNNModuleContent ModDNNHTMLC"></div>', "dnn_ctr412_ModuleContent"),
        (
            '<link href="/DependencyHandler.axd?s=L1BvcnRhbHMvX2RlZmF1bHQvc2tpbnMv&amp;t=Css&amp;cdv=41" />',
            "L1BvcnRhbHMv",
        ),
        ('<img src="/Portals/0/Images/logo.png" alt="" />', "/Portals/0/"),
        ('<div class="DnnModule DnnModule-DNN_HTML DnnModule-377"><a name="377"></a></div>', "DnnModule-377"),
    ],
)
def test_dotnetnuke_without_its_generator_meta(html: str, evidence: str) -> None:
    """Portals strip the generator meta; the page template, panes, modules and portal folders still say DNN."""
    page = f'<html><body><form id="Form"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="x" />{html}'
    found = fingerprint("https://xa.vinhlong.gov.vn/", page + "</form></body></html>")
    assert found.cms is Cms.DOTNETNUKE
    assert evidence in found.evidence[0]


@pytest.mark.parametrize(
    ("url", "html", "cms"),
    [
        # A module-view URL alone says DNN (a page whose markup says nothing, e.g. an error page).
        (
            "https://xa.vinhlong.gov.vn/trang-chu/ctl/detail/mid/1385&ID=5",
            "<html><body>Lỗi</body></html>",
            Cms.DOTNETNUKE,
        ),
        ("https://x.gov.vn/tabid/56/Default.aspx", "<html></html>", Cms.DOTNETNUKE),
        # Another site's DNN images, linked absolutely, are not this site's platform.
        ("https://x.gov.vn/", '<html><img src="https://vinhlong.gov.vn/Portals/0/a.jpg"></html>', Cms.GENERIC),
        # Client Dependency bundles outside DNN's folders (Umbraco serves them too) are plain ASP.NET here.
        (
            "https://x.gov.vn/",
            '<html><script src="/DependencyHandler.axd?s=L3VtYnJhY28vanMv&amp;t=Javascript"></script>'
            '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="x" /></html>',
            Cms.ASPNET,
        ),
    ],
)
def test_dotnetnuke_url_markers_and_near_misses(url: str, html: str, cms: Cms) -> None:
    assert fingerprint(url, html).cms is cms


def test_portals_detect_names_dotnetnuke_on_a_served_page(capsys: pytest.CaptureFixture[str]) -> None:
    with start(0, [SPECS["sim-longho"]]) as sim:
        url = sim.urls["sim-longho"] + "/trang-chu/ctl/detail/mid/1385&ID=5014"  # the shape Vĩnh Long's home pages link
        assert main(["portals", "detect", url, "--slug", "longho"]) == 0
    printed = capsys.readouterr().out
    # A loopback host names no province; the article page's title ("<headline> > UBND xã Long Hồ") names the
    # commune, and its province; the headline's "Ban Chấp hành" is the article's subject, not the portal's body.
    portal = parse_registry(printed)["longho"]
    assert (portal.name, portal.province, portal.commune) == ("UBND xã Long Hồ", "Vĩnh Long", "Xã Long Hồ")
    assert portal.cms is Cms.DOTNETNUKE
    assert """cms = "dotnetnuke"  # html: <meta id='MetaGenerator' name='GENERATOR'""" in printed
    assert portal.start_paths == ("/RSS.aspx?TabId=56&ModuleId=1388", "/trang-chu/ctl/detail/mid/1385&ID=5014")


def entry_for(url: str, head: str) -> str:
    return registry_entry(url, fingerprint(url, f"<html><head>{head}</head><body></body></html>"))


def test_detect_proposes_the_committee_and_its_place_from_the_title() -> None:
    tanhong = entry_for("http://127.0.0.1:8702/web/hth/tin-tuc", "<title>Tin tức - Huyện ủy Tân Hồng</title>")
    assert 'name = "Huyện ủy Tân Hồng"  # from the page title' in tanhong
    portal = parse_registry(tanhong)["127-0-0-1-8702"]
    assert (portal.name, portal.province, portal.district, portal.level) == (
        "Huyện ủy Tân Hồng",
        "Đồng Tháp",
        "Tân Hồng",
        "district",
    )
    upper = entry_for("http://127.0.0.1:9/", "<title>TRANG CHỦ | HUYỆN UỶ TUY PHONG</title>")
    assert parse_registry(upper)["127-0-0-1-9"].province == "Lâm Đồng"  # Bình Thuận's district, now Lâm Đồng's
    site_name = entry_for(
        "http://127.0.0.1:9/", '<meta property="og:site_name" content="Huyện ủy Tuyên Hóa"><title>Tin</title>'
    )
    assert parse_registry(site_name)["127-0-0-1-9"].name == "Huyện ủy Tuyên Hóa"
    commune = entry_for(
        "https://xuandong.dongnai.gov.vn/vi/news/", "<title>Trang chủ | Cổng thông tin điện tử xã Xuân Đông</title>"
    )
    xuandong = parse_registry(commune)["xuandong"]
    assert (xuandong.name, xuandong.province, xuandong.commune, xuandong.level) == (
        "UBND xã Xuân Đông",
        "Đồng Nai",
        "Xã Xuân Đông",
        "commune",
    )
    assert 'province = "Đồng Nai"  # from the host' in commune
    ward = entry_for("http://127.0.0.1:9/", "<title>Tin tức &gt; UBND xã Long Hồ</title>")
    assert parse_registry(ward)["127-0-0-1-9"].province == "Vĩnh Long"
    province = entry_for("http://127.0.0.1:9/", "<title>Cổng thông tin điện tử tỉnh Đồng Tháp</title>")
    assert (parse_registry(province)["127-0-0-1-9"].name, parse_registry(province)["127-0-0-1-9"].level) == (
        "UBND tỉnh Đồng Tháp",
        "province",
    )
