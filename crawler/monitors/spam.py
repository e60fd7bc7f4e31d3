"""Injected-spam guard: does a page look like gambling spam planted on a government portal?

Vietnamese ``.gov.vn`` hosts are a known target of injected betting and casino pages. Such a page advertises:
bookmaker names and promotional phrases ("nhà cái uy tín", "nổ hũ", "đăng ký nhận thưởng"), links to betting hosts,
often spelled without diacritics ("nha cai", "no hu") for search engines, or not in Vietnamese at all. A real news
report about gambling names the same games ("đánh bạc dưới hình thức xóc đĩa", "cá cược bóng đá") beside the
police and the courts ("triệt phá", "khởi tố", "đối tượng"): those words outweigh the game names, so such a report
is never quarantined.

Matching is on folded text (``crawler.text.fold``: one tone-mark placement, lower case); the spellings without marks
are their own terms, so "bán cá" (selling fish) never reads as "bắn cá"; stored text is never changed. Pure: no
I/O, tested from strings.
No library scores Vietnamese gambling spam, hence these hand-written tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.text import TEXT_READ, TITLE_READ, fold, head

# Gambling promotion: a news report rarely uses these. Weight 2 each (distinct terms counted once).
PROMO = (
    "nhà cái",
    "nổ hũ",
    "game bài đổi thưởng",
    "bắn cá đổi thưởng",
    "tài xỉu online",
    "casino trực tuyến",
    "casino online",
    "sòng bài trực tuyến",
    "slot game",
    "quay slot",
    "soi kèo",
    "kèo nhà cái",
    "tỷ lệ kèo",
    "cược thủ",
    "jackpot",
    "sports betting",
    "online casino",
    "free spins",
)
# Sales talk that spam pages wrap around it, harmless alone ("nạp tiền điện thoại"). Weight 1 each.
SALES = ("link vào", "đăng ký nhận", "nạp tiền", "rút tiền nhanh", "khuyến mãi", "tặng code", "giftcode", "uy tín nhất")
# Game names a police report uses too. Weight 1 each.
GAMES = ("cá cược", "cá độ", "tài xỉu", "lô đề", "xóc đĩa", "game bài", "bắn cá", "casino", "slot", "baccarat", "poker")
# Spellings without diacritics that search-engine spam uses (in the page as such), weight 2 each.
UNMARKED = (
    "nha cai",
    "no hu",
    "ca cuoc",
    "tai xiu",
    "xoc dia",
    "game bai",
    "lo de",
    "ban ca doi thuong",
    "keo nha cai",
)
# Bookmaker brands and host tokens (in text or in a link's host).
BRANDS = re.compile(
    r"\b(?:fb88|w88|188bet|m88|12bet|8xbet|kubet|ku\s?casino|jun88|789bet|new88|shbet|hi88|f8bet|okvip|bet365"
    r"|sv388|hb88|vn88|fun88|letou|v9bet|mu88|good88|j88|kubet\d*|hitclub|sunwin|go88|rikvip|b52club|iwin)\b",
    re.I,
)
HOST_TOKENS = re.compile(r"bet|casino|cado|nhacai|keonha|slot|88|xoso|lode|taixiu|nohu|gamebai|banca", re.I)
# Words of a news report about gambling: the police, the courts, the campaign against it. Weight -2 each.
REPORT = (
    "công an",
    "triệt phá",
    "bắt giữ",
    "bắt quả tang",
    "khởi tố",
    "tạm giữ",
    "đối tượng",
    "điều tra",
    "xử phạt",
    "tòa án",
    "bị cáo",
    "vụ án",
    "tệ nạn",
    "phòng, chống",
    "phòng chống",
    "vi phạm pháp luật",
    "tang vật",
)
# Letters only Vietnamese writes (with its diacritics): a long text without any is not Vietnamese.
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
THRESHOLD = 4  # score at which a page is quarantined
MIN_FOREIGN = 300  # letters of text without a Vietnamese letter before the page counts as another language


@dataclass(frozen=True)
class Verdict:
    """Why a page is quarantined: a short reason and the evidence (terms, hosts) found."""

    reason: str
    evidence: tuple[str, ...]


class _Terms:
    """A table of terms, folded and compiled once: each as a whole word of folded text, and all of them as one
    alternation that tells in one pass over a page whether any is there (most pages name none)."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        folded = [fold(t) for t in terms]
        self.each = [(t, re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)")) for t, f in zip(terms, folded, strict=True)]
        # Where a word boundary fails after one alternative, the regex backtracks into the others: a position
        # matches the alternation exactly when one of the terms matches there on its own.
        alternatives = "|".join(re.escape(f) for f in sorted(set(folded), key=len, reverse=True))
        self.any = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")

    def found(self, text: str) -> list[str]:
        """The terms (as the table writes them, in its order) that occur in ``text`` (folded) as whole words."""
        if self.any.search(text) is None:
            return []
        return [t for t, pattern in self.each if pattern.search(text)]


_PROMO, _SALES, _GAMES, _UNMARKED, _REPORT = (_Terms(t) for t in (PROMO, SALES, GAMES, UNMARKED, REPORT))


def gambling_hosts(links: Iterable[str], own_host: str | None = None) -> list[str]:
    """Hosts of links to other sites whose names look like betting sites (a link farm's targets)."""
    hosts: dict[str, None] = {}
    for link in links:
        host = (urlsplit(link).hostname or "").lower()
        if host and host != own_host and (HOST_TOKENS.search(host) or BRANDS.search(host.replace(".", " "))):
            hosts.setdefault(host, None)
    return list(hosts)


def judge(
    title: str, text: str, links: Iterable[str] = (), own_host: str | None = None, folded: str | None = None
) -> Verdict | None:
    """A ``Verdict`` when the page looks like injected gambling spam, else None.

    Score: 2 per distinct promotional term, unmarked spelling or bookmaker brand, 1 per game name, 3 per betting
    host linked (at most 3 counted), 2 when a long text has no Vietnamese letter; minus 2 per distinct word of a
    news report (police, courts). ``THRESHOLD`` or more quarantines. Reads the head of each field
    (``crawler.text.head``), so a megabyte-long title costs what a long real one does.

    ``folded`` is ``fold(f"{title}\\n{text}")`` when the caller has it (``ArticleItem.folded``), else folded here."""
    whole = f"{head(title, TITLE_READ)}\n{head(text, TEXT_READ)}"
    folded = fold(whole) if folded is None else head(folded, TITLE_READ + TEXT_READ + 1)
    promo, games = _PROMO.found(folded), _GAMES.found(folded)
    unmarked = _UNMARKED.found(folded)  # spelled without marks in the page itself
    brands = sorted({m.group(0).lower() for m in BRANDS.finditer(whole)})
    hosts = gambling_hosts(links, own_host)
    if not (promo or unmarked or brands or games or hosts):
        return None  # no gambling named (sales talk, report words and language could not change that)
    sales, report = _SALES.found(folded), _REPORT.found(folded)
    # Letters counted only without a Vietnamese one (the count walks the whole text).
    foreign = not VIETNAMESE.search(whole) and sum(c.isalpha() for c in whole) >= MIN_FOREIGN
    score = 2 * (len(promo) + len(unmarked) + len(brands)) + len(games) + len(sales) + 3 * min(len(hosts), 3)
    score += 2 * foreign - 2 * len(report)
    if score < THRESHOLD or not (promo or unmarked or brands or games or hosts):
        return None  # sales talk alone is no gambling
    evidence = (*promo, *unmarked, *brands, *games, *hosts, *sales)
    what = "gambling spam" + (" in another language" if foreign else "") + (" linking betting sites" if hosts else "")
    return Verdict(f"{what}: {', '.join(evidence[:6])}", tuple(evidence))
