"""The crawl's fast paths give exactly what the slower, obvious code gives: stored signatures, content hashes and
cleaned text stay comparable with what earlier versions stored."""

from __future__ import annotations

import hashlib
import random
import re

import numpy as np
import pytest
from datasketch import MinHash

from crawler.clusters import NUM_PERM, article_sketch, minhash, sketch
from crawler.enrich import content_hash
from crawler.items import ArticleItem
from crawler.text import clean_text, fold, nfc

# What clean_text collapses, as a regular expression (its first implementation).
WHITESPACE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\u202f\ufeff]+")
# Whitespace of every kind (zero-width ones too), combining tone marks, both tone styles, final sigma.
ALPHABET = [
    *" \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff",
    *"\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031babcAÊơưđĐΣİ.,-1",
    "ủy",
    "uỷ",
    "Hoà",
    "hòa",
    "qúy",
    "e\u0301",
    "ΑΣ",
]


def _random_text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, most)))


def test_minhash_is_datasketch_bit_for_bit() -> None:
    reference = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int)
    rng = random.Random(5)
    for _ in range(500):
        grams = np.array([rng.getrandbits(32) for _ in range(rng.randint(1, 300))], dtype=np.uint32)
        theirs = reference.copy()
        theirs.update_batch(grams.tolist())
        assert minhash(grams).astype("<u4").tobytes() == theirs.hashvalues.astype("<u4").tobytes()


def test_an_items_sketch_is_the_sketch_of_its_text() -> None:
    item = ArticleItem(
        "p",
        "https://x.vn/a",
        "wordpress",
        "Hội nghị Ban Chấp hành Đảng bộ huyện",
        lead="Sáng ngày 11/7/2022, Ban Chấp hành Đảng bộ huyện Tân Hồng tổ chức Hội nghị lần thứ 9 để đánh giá.",
        body=["Hội nghị đã thảo luận, thống nhất các nội dung quan trọng của huyện Tân Hồng trong nhiệm kỳ mới."],
    )
    assert article_sketch(item) == sketch(item.text)
    item.body.append("Đoạn mới được thêm sau khi trang được sửa, đủ dài để đổi chữ ký MinHash của bài.")
    assert article_sketch(item) == sketch(item.text)  # the cached fold sees the change


def test_content_hash_is_the_hash_of_the_whole_folded_text() -> None:
    rng = random.Random(11)
    for _ in range(20000):
        item = ArticleItem("p", "u", "wordpress", _random_text(rng, 8), lead=_random_text(rng, 10))
        item.body = [_random_text(rng, 10) for _ in range(rng.randint(0, 2))]
        expected = fold(f"{item.title}\n{item.text}")
        assert content_hash(item) == hashlib.sha256(expected.encode()).hexdigest()[:32]


@pytest.mark.parametrize("seed", range(4))
def test_clean_text_collapses_whitespace_as_the_regular_expression_does(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50000):
        text = _random_text(rng, 14)
        assert clean_text(text) == (WHITESPACE.sub(" ", nfc(text)).strip() if text else "")


PAGES = [
    "",
    "   ",
    "\x00",
    "<p>one\x00two</p>",
    "  \n<!DOCTYPE html><html><head><title>T</title></head><body><article id='post-1'>x</article></body></html>\n",
    "\ufeff<html><body><p>BOM</p></body></html>",
    '<?xml version="1.0"?><html><body><article id="post-2">xml</article></body></html>',
    '\ufeff <?xml version="1.0" encoding="utf-8"?><root/>',
    '{"id": 1, "title": "json object"}',
    " [1, 2, 3]",
    '"a json string is text"',
    "{not json at all <p>but html</p>",
    "plain text, no markup",
    "<html><body><p>unclosed <b>bold <i>italic</body>",
    "<div>Hội nghị lần thứ 9 của Ban Chấp hành Đảng bộ huyện</div>",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("type_", [None, "html"])
def test_page_root_is_the_tree_parsel_builds(page: str, type_: str | None) -> None:
    from lxml import etree
    from parsel import Selector
    from scrapy.http import HtmlResponse, TextResponse

    from crawler.adapters.base import page_root

    cls = HtmlResponse if type_ == "html" else TextResponse
    response = cls(url="https://x.vn/a", body=page.encode("utf-8"), encoding="utf-8")
    ours, theirs = page_root(response, type_), Selector(text=response.text, type=type_, base_url=response.url).root
    if isinstance(theirs, etree._Element):
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
    else:
        assert ours == theirs
