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


def _judge_obviously(title: str, text: str, links: list[str], own_host: str | None) -> object:
    """The spam guard as first written: every term folded and searched on its own, every count made."""
    from crawler.monitors import spam

    def found(folded: str, terms: tuple[str, ...]) -> list[str]:
        return [t for t in terms if re.search(r"(?<!\w)" + re.escape(fold(t)) + r"(?!\w)", folded)]

    whole = f"{title}\n{text}"
    folded = fold(whole)
    promo, sales, games = found(folded, spam.PROMO), found(folded, spam.SALES), found(folded, spam.GAMES)
    unmarked = found(folded, spam.UNMARKED)
    brands = sorted({m.group(0).lower() for m in spam.BRANDS.finditer(whole)})
    hosts = spam.gambling_hosts(links, own_host)
    report = found(folded, spam.REPORT)
    letters = sum(c.isalpha() for c in whole)
    foreign = letters >= spam.MIN_FOREIGN and not spam.VIETNAMESE.search(whole)
    score = 2 * (len(promo) + len(unmarked) + len(brands)) + len(games) + len(sales) + 3 * min(len(hosts), 3)
    score += 2 * foreign - 2 * len(report)
    if score < spam.THRESHOLD or not (promo or unmarked or brands or games or hosts):
        return None
    evidence = (*promo, *unmarked, *brands, *games, *hosts, *sales)
    what = "gambling spam" + (" in another language" if foreign else "") + (" linking betting sites" if hosts else "")
    return spam.Verdict(f"{what}: {', '.join(evidence[:6])}", tuple(evidence))


@pytest.mark.parametrize("seed", range(6))
def test_spam_guard_judges_as_the_obvious_code(seed: int) -> None:
    from crawler.monitors import spam

    rng = random.Random(seed)
    words = [
        *spam.PROMO, *spam.SALES, *spam.GAMES, *spam.UNMARKED, *spam.REPORT,
        "NHÀ CÁI", "Nhà  cái", "nhà cáii", "xnha cai", "fb88", "KU casino", "bán cá", "Hội nghị", "ủy ban", "uỷ ban",
        "the", "free", "spins", "online", "game", "bài", "đổi", "thưởng", ",", ".", "\n", "\u00a0", "lorem ipsum " * 30,
    ]  # fmt: skip
    links = ["https://fb88.com/x", "http://bet.example/", "https://portal.gov.vn/a", "https://vi.wordpress.org/"]
    for _ in range(150):
        title = " ".join(rng.choices(words, k=rng.randint(0, 4)))
        text = " ".join(rng.choices(words, k=rng.randint(0, 40)))
        chosen = rng.sample(links, rng.randint(0, 2))
        expected = _judge_obviously(title, text, chosen, "portal.gov.vn")
        assert spam.judge(title, text, chosen, "portal.gov.vn") == expected, (title, text)
        item = ArticleItem("p", "https://portal.gov.vn/a", "wordpress", title, lead=text)
        assert spam.judge(title, item.text, chosen, "portal.gov.vn", folded=item.folded_whole()) == expected


LINK_PAGES = [
    '<a href="/local">l</a><a href="https://other.vn/x#f">o</a><a href="//cdn.vn/y">c</a><a href="mailto:a@b.vn">m</a>'
    '<a href="javascript:void(0)">j</a><a href=" https://Other.VN/x#f">s</a><a href="http:rel">h</a><a href="">e</a>'
    '<a href="?q=1">q</a><a href="HTTPS://x.vn/self">u</a><a href="ftp://f.vn/">f</a><a>no href</a>',
    '<head><base href="https://mirror.vn/base/"></head><a href="/local">l</a><a href="rel">r</a><a href="#top">t</a>',
    '<head><base href="/sub/"></head><a href="rel">r</a><a href="https://z.vn">z</a>',
    "<p>no links at all</p>",
    "".join(f'<a href="https://h{i % 7}.vn/{i}">{i}</a><a href="/p{i}">p</a>' for i in range(2100)),
]


@pytest.mark.parametrize("page", LINK_PAGES)
def test_outlinks_are_the_obvious_ones(page: str) -> None:
    from urllib.parse import urlsplit

    from scrapy.http import HtmlResponse

    from crawler.monitors.pagechecks import outlinks

    response = HtmlResponse(url="https://x.vn/a/b", body=f"<html>{page}</html>".encode(), encoding="utf-8")
    hrefs = (response.urljoin(h) for h in response.css("a::attr(href)").getall()[:2000])
    web = (h for h in hrefs if urlsplit(h).scheme in ("http", "https"))
    assert outlinks(response) == sorted({h for h in web if urlsplit(h).hostname != "x.vn"})


@pytest.mark.parametrize("seed", range(4))
def test_document_number_key_is_the_word_by_word_fold(seed: int) -> None:
    from crawler.documents.numbers import _key

    def key_obviously(text: str) -> str:
        def word(m: re.Match[str]) -> str:
            folded = fold(m.group(0))
            return folded if len(folded) == len(m.group(0)) else m.group(0).lower()

        keyed = re.sub(r"[^\W\d_]+", word, text).replace("ð", "đ")
        return keyed if len(keyed) == len(text) else text.lower()

    rng = random.Random(seed)
    extra = ["Ð", "ð", "12-NQ/TU", "45/2025/NQ-HĐND", "Huyện uỷ", "Huyện ủy", "ǅ", "ﬁ", "ß", "_", "9"]
    for _ in range(400):
        text = "".join(rng.choice([*ALPHABET, *extra]) for _ in range(rng.randint(0, 40)))
        assert _key(text) == key_obviously(text), repr(text)
