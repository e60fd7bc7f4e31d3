"""Issuing bodies: the codes document numbers end with, and the place a citation names.

Party numbers end with the committee (``TU`` Tỉnh ủy, ``HU`` Huyện ủy, ``ĐU`` Đảng ủy, ``TW`` Trung ương), possibly
behind one of its boards (``BTGTU`` Ban Tuyên giáo Tỉnh ủy, ``UBKTHU`` Ủy ban Kiểm tra Huyện ủy); State numbers
with the body (``HĐND``, ``UBND``, ``CP``, ``TTg``, ministries). Local bodies are placed by the citation ("của
Hội đồng nhân dân tỉnh Bình Thuận") or, when it only says "Đảng bộ tỉnh", by the portal's own localities.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from crawler.documents.model import DocumentNumber, Issuer
from crawler.text import fold

if TYPE_CHECKING:
    from crawler.registry import Portal

# Party committees: name, and the level of the locality they lead (None: national, or not told by the code).
COMMITTEES: dict[str, tuple[str, str | None]] = {
    "TW": ("Ban Chấp hành Trung ương", None),
    "TU": ("Tỉnh ủy", "tỉnh"),
    "THU": ("Thành ủy", "thành phố"),
    "HU": ("Huyện ủy", "huyện"),
    "QU": ("Quận ủy", "quận"),
    "TXU": ("Thị ủy", "thị xã"),
    "ĐU": ("Đảng ủy", None),
    "ĐUK": ("Đảng ủy Khối", None),
}
# Boards of a committee, written before its code: BTCTW is the Ban Tổ chức Trung ương.
BOARDS = {
    "BTGDV": "Ban Tuyên giáo và Dân vận",
    "BTG": "Ban Tuyên giáo",
    "BTC": "Ban Tổ chức",
    "BDV": "Ban Dân vận",
    "BNC": "Ban Nội chính",
    "BCS": "Ban Cán sự đảng",
    "UBKT": "Ủy ban Kiểm tra",
    "VP": "Văn phòng",
    "BTV": "Ban Thường vụ",
    "BCĐ": "Ban Chỉ đạo",
}
# State bodies: name, and whether it is local (placed by the citation or the portal).
STATE: dict[str, tuple[str, bool]] = {
    "HĐND": ("Hội đồng nhân dân", True),
    "UBND": ("Ủy ban nhân dân", True),
    "UBMTTQ": ("Ủy ban Mặt trận Tổ quốc Việt Nam", True),
    "MTTQ": ("Ủy ban Mặt trận Tổ quốc Việt Nam", True),
    "BCĐ": ("Ban Chỉ đạo", True),
    "CP": ("Chính phủ", False),
    "TTG": ("Thủ tướng Chính phủ", False),
    "VPCP": ("Văn phòng Chính phủ", False),
    "QH": ("Quốc hội", False),
    "UBTVQH": ("Ủy ban Thường vụ Quốc hội", False),
    "BTC": ("Bộ Tài chính", False),
    "BNV": ("Bộ Nội vụ", False),
    "BCA": ("Bộ Công an", False),
    "BQP": ("Bộ Quốc phòng", False),
    "BTP": ("Bộ Tư pháp", False),
    "BYT": ("Bộ Y tế", False),
    "BGDĐT": ("Bộ Giáo dục và Đào tạo", False),
    "BNNMT": ("Bộ Nông nghiệp và Môi trường", False),
}
COMMITTEE_IN_WORDS = "Trung ương"  # how a board of the central committee is named: Ban Tổ chức Trung ương
# Central party bodies that sign with the central committee's code TW.
CENTRAL = ("Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương")

# Level words in a citation, longest first; "tỉnh ủy" is the committee of a "tỉnh".
_LEVELS = {
    "tỉnh ủy": "tỉnh",
    "thành ủy": "thành phố",
    "huyện ủy": "huyện",
    "quận ủy": "quận",
    "thị ủy": "thị xã",
    "thành phố": "thành phố",
    "thị trấn": "thị trấn",
    "thị xã": "thị xã",
    "đặc khu": "đặc khu",
    "phường": "phường",
    "huyện": "huyện",
    "quận": "quận",
    "tỉnh": "tỉnh",
    "xã": "xã",
}
_LEVEL = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, _LEVELS), key=len, reverse=True)) + r")(?!\w)")


def place_in(text: str) -> tuple[str, str | None] | None:
    """The first locality a phrase names: ``("huyện", "Tuy Phong")`` for "UBND huyện Tuy Phong, tỉnh Bình Thuận",
    ``("tỉnh", None)`` for "Ban Chấp hành Đảng bộ tỉnh"; None when it names no level."""
    key = fold(text)
    if len(key) != len(text):  # fold collapsed whitespace: work on a copy that it leaves alone
        text = " ".join(text.split())
        key = fold(text)
    m = _LEVEL.search(key) if len(key) == len(text) else None
    if m is None:
        return None
    words: list[str] = []
    for token in text[m.end() :].split():
        token = token.strip(",;.()")
        if not token or not token[0].isupper() or len(words) == 4:
            break
        words.append(token.title() if token.isupper() and len(token) > 1 else token)
        if token != text[m.end() :].split()[len(words) - 1]:  # punctuation ended the name
            break
    return _LEVELS[m.group(1)], " ".join(words) or None


def _committee(code: str) -> tuple[str, str | None, bool] | None:
    """Name, level and whether it is a board (not the committee itself) of a party issuer code."""
    upper = code.upper()
    if upper in COMMITTEES:
        name, level = COMMITTEES[upper]
        return name, level, False
    for board in sorted(BOARDS, key=len, reverse=True):
        rest = upper.removeprefix(board)
        if rest != upper and rest in COMMITTEES:
            committee, level = COMMITTEES[rest]
            return f"{BOARDS[board]} {COMMITTEE_IN_WORDS if rest == 'TW' else committee}", level, True
    return None


def issuer_for(number: DocumentNumber, *, who: str | None = None, places: Mapping[str, str] | None = None) -> Issuer:
    """The issuer of ``number``, placed by the citation's ``who`` phrase or else by the portal's ``places``."""
    places = places or {}
    code = number.issuer
    local = True
    name: str | None = None
    level: str | None = None
    if number.party:
        found = _committee(code)
        if found:
            name, level, _board = found
            local = code.upper() != "TW" and not code.upper().endswith("TW")
    else:
        body = re.sub(r"\d+$", "", code.upper())
        if body in STATE:
            name, local = STATE[body]
    if not local:
        if who and code.upper() == "TW":
            name = next((c for c in CENTRAL if fold(who).startswith(fold(c))), name)
        return Issuer(code, name)
    place = None
    if who and (said := place_in(who)):
        said_level, place = said
        # The phrase's own level wins for State bodies (HĐND tỉnh / huyện); a committee's level is in its code.
        if level is None or not number.party:
            level = said_level
    if place is None and level is not None:
        place = places.get(level)
    return Issuer(code, name, level, place)


def places_of(portal: Portal) -> dict[str, str]:
    """A portal's localities by level, for committees its pages name without one ("Đảng bộ huyện")."""
    places = {"tỉnh": portal.province}
    if portal.district:
        places["huyện"] = portal.district
    return places
