"""Canonical URLs and content ids: every URL shape of one article gives one key."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.fingerprint import article_key, canonical_url, content_id, dedupe_key
from crawler.items import ArticleItem

LIFERAY = "https://tanhong.dongthap.gov.vn/web/hth/chi-tiet-bai-viet/-/asset_publisher/{}/content/id/11790550{}"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # scheme, www, default port, trailing slash
        ("http://www.tuyenhoa.gov.vn/2020/07/04/trien-khai/", "https://tuyenhoa.gov.vn/2020/07/04/trien-khai"),
        ("https://tuyenhoa.gov.vn:443/tin-tuc/", "https://tuyenhoa.gov.vn/tin-tuc"),
        ("http://tuyenhoa.gov.vn:80/", "https://tuyenhoa.gov.vn"),
        # percent-encoding: case of escapes, raw UTF-8, NFD vs NFC Vietnamese path segments
        ("https://a.gov.vn/tin-t%e1%bb%a9c/hu%E1%BB%B7", "https://a.gov.vn/tin-tức/huỷ"),
        ("https://a.gov.vn/" + unicodedata.normalize("NFD", "tin-tức"), "https://a.gov.vn/tin-tức"),
        # tracking and session parameters, fragment, query order
        ("https://a.gov.vn/bai?id=5&utm_source=fb&utm_medium=social&fbclid=IwAR0x", "https://a.gov.vn/bai?id=5"),
        ("https://a.gov.vn/bai?gclid=abc&b=2&a=1#comments", "https://a.gov.vn/bai?a=1&b=2"),
        ("https://a.gov.vn/bai;jsessionid=0A1B2C3D?id=5", "https://a.gov.vn/bai?id=5"),
        ("https://a.gov.vn/bai?id=5&JSESSIONID=0A1B", "https://a.gov.vn/bai?id=5"),
        # Liferay plumbing: p_p_* portlet state, plidlayout, redirect
        (LIFERAY.format("1mOzUrGkrdAE", "?plidlayout=4694"), LIFERAY.format("1mOzUrGkrdAE", "")),
        (
            LIFERAY.format(
                "1mOzUrGkrdAE", "?p_p_id=x&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&redirect=%2Fweb%2Fhth"
            ),
            LIFERAY.format("1mOzUrGkrdAE", ""),
        ),
    ],
)
def test_canonical_url_spells_one_address_once(left: str, right: str) -> None:
    assert canonical_url(left) == canonical_url(right)


def test_canonical_url_keeps_what_identifies_content() -> None:
    assert (
        canonical_url("http://www.a.gov.vn:8080/Bai?ItemID=12&utm_campaign=x") == "https://a.gov.vn:8080/Bai?ItemID=12"
    )
    assert canonical_url("https://a.gov.vn/?p=123") != canonical_url("https://a.gov.vn/?p=124")
    assert canonical_url("https://a.gov.vn/tin-tức") == "https://a.gov.vn/tin-t%E1%BB%A9c"


@pytest.mark.parametrize(
    ("cms", "url", "expected"),
    [
        ("liferay", LIFERAY.format("1mOzUrGkrdAE", "?plidlayout=4694"), "11790550"),
        ("liferay", LIFERAY.format("Xk2pTq9LmZ4e", "?redirect=%2Fweb%2Fhth%2Ftin-tuc"), "11790550"),
        ("liferay", "https://x.gov.vn/web/hth/-/content/id/11790550/", "11790550"),
        ("liferay", "https://x.gov.vn/web/hth/tin-tuc?p_p_id=abc", None),
        ("wordpress", "https://tuyenhoa.gov.vn/?p=1234", "1234"),
        ("wordpress", "https://tuyenhoa.gov.vn/?page_id=7&utm_source=x", "7"),
        ("wordpress", "https://tuyenhoa.gov.vn/2020/07/04/trien-khai/", None),
        ("nukeviet", "https://tuyphong.binhthuan.gov.vn/news/tin-hoat-dong/le-khoi-cong-3010.html", "3010"),
        ("nukeviet", "https://tuyphong.binhthuan.gov.vn/vi/news/tin-hoat-dong/le-khoi-cong-3010.html?x=1", "3010"),
        ("nukeviet", "https://tuyphong.binhthuan.gov.vn/news/tin-hoat-dong/", None),
        ("sharepoint", "https://chiemhoa.tuyenquang.gov.vn/Pages/chi-tiet-tin.aspx?ItemID=412&l=TinTuc", "412"),
        ("sharepoint", "https://chiemhoa.tuyenquang.gov.vn/Lists/TinTuc/DispForm.aspx?ID=7", "7"),
        ("aspnet", "https://tranvanthoi.camau.gov.vn/Default.aspx/DetailView/1234/0/hoi-nghi.aspx", "1234"),
        ("aspnet", "https://tranvanthoi.camau.gov.vn/Article/987/hoi-nghi-ban-chap-hanh", "987"),
        ("aspnet", "https://tranvanthoi.camau.gov.vn/;jsessionid=AB/Article/987/x", "987"),
        # A -123.html suffix is only an id where the CMS says so.
        ("generic", "https://news.example.vn/a/b/bai-viet-3010.html", None),
    ],
)
def test_content_id_per_cms(cms: str, url: str, expected: str | None) -> None:
    assert content_id(url, cms) == expected


def test_wordpress_shortlink_and_permalink_share_the_post_id_key() -> None:
    # The permalink carries no id: the adapter's post id (article#post-1234) is the key.
    permalink = article_key(
        "sim-tuyenhoa", "wordpress", "https://tuyenhoa.gov.vn/2020/07/04/trien-khai/", known_id="1234"
    )
    shortlink = article_key("sim-tuyenhoa", "wordpress", "http://www.tuyenhoa.gov.vn/?p=1234&utm_source=zalo")
    assert permalink == shortlink == "sim-tuyenhoa:id:1234"


def test_without_an_id_the_key_is_the_canonical_url() -> None:
    a = article_key("x", "generic", "http://www.a.gov.vn/bai-viet/?utm_source=fb")
    b = article_key("x", "generic", "https://a.gov.vn/bai-viet#top")
    assert a == b == "x:url:https://a.gov.vn/bai-viet"


def test_dedupe_pipeline_keys_liferay_copies_on_the_content_id() -> None:
    items = [
        ArticleItem(portal="sim-tanhong", url=LIFERAY.format(instance, tail), cms="liferay", title="t")
        for instance, tail in (("1mOzUrGkrdAE", "?plidlayout=4694"), ("Xk2pTq9LmZ4e", "?redirect=%2Fweb"))
    ]
    assert {dedupe_key(i) for i in items} == {"sim-tanhong:id:11790550"}
