"""TCVN3 (ABC) and VNI font-encoded Vietnamese: detection and conversion to Unicode.

Before Unicode, Vietnamese was typed with fonts (``.VnTime`` for TCVN3, ``VNI-Times`` for VNI)
that draw Vietnamese letters in the slots of Latin-1 ones. Such text reaches us as Latin-1
look-alikes: TCVN3 "Hµ Néi" for "Hà Nội" (one byte per letter), VNI "Haø Noäi" (a base letter plus
a mark byte). Old district portals still serve documents typed that way.
"""

from __future__ import annotations

import re
import unicodedata

_TONE = {"sac": "\u0301", "huyen": "\u0300", "hoi": "\u0309", "nga": "\u0303", "nang": "\u0323"}
_TONE_ORDER = ("huyen", "hoi", "nga", "sac", "nang")

# TCVN3 (TCVN 5712:1993 VN3, the ABC font set): lower-case letters in 0xA8-0xFE, the seven
# capitals without tone at 0xA1-0xA7. Toned capitals come from the same slots in the ".VnTimeH"
# fonts, so the text only tells us the lower-case letter.
_TCVN3_ROWS = {
    # letter: (plain code or None, huyền, hỏi, ngã, sắc, nặng)
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}


def _tcvn3_table() -> dict[int, str]:
    table = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xAE: "đ"}
    for letter, (plain, *toned) in _TCVN3_ROWS.items():
        if plain is not None:
            table[plain] = letter
        for tone, code in zip(_TONE_ORDER, toned, strict=True):
            table[code] = unicodedata.normalize("NFC", letter + _TONE[tone])
    return table


TCVN3 = _tcvn3_table()
_TCVN3_TRANS = str.maketrans(TCVN3)

# VNI: a base letter followed by one mark character (the VNI-Times font draws the mark over the
# previous letter). Lower-case marks follow lower-case letters, upper-case marks capitals.
_VNI_TONE: dict[str | None, str] = {"sac": "ùÙ", "huyen": "øØ", "hoi": "ûÛ", "nga": "õÕ", "nang": "ïÏ"}
_VNI_HAT_TONE = {None: "âÂ", "sac": "áÁ", "huyen": "àÀ", "hoi": "åÅ", "nga": "ãÃ", "nang": "äÄ"}
_VNI_BREVE_TONE = {None: "êÊ", "sac": "éÉ", "huyen": "èÈ", "hoi": "úÚ", "nga": "üÜ", "nang": "ëË"}
_VNI_I: dict[str | None, str] = {"sac": "íÍ", "huyen": "ìÌ", "hoi": "æÆ", "nga": "óÓ", "nang": "òÒ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}
    for case in (0, 1):

        def up(s: str, case: int = case) -> str:
            return s.upper() if case else s

        def put(key: str, letter: str, tone: str | None, case: int = case) -> None:
            value = unicodedata.normalize("NFC", letter + (_TONE[tone] if tone else ""))
            table[key] = value.upper() if case else value

        for base, letter in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"), ("ô", "ơ"), ("ö", "ư")):
            for tone, marks in _VNI_TONE.items():
                put(up(base) + marks[case], letter, tone)
        for base in "aeo":
            for tone, marks in _VNI_HAT_TONE.items():
                put(up(base) + marks[case], base + "\u0302", tone)
        for tone, marks in _VNI_BREVE_TONE.items():
            put(up("a") + marks[case], "a\u0306", tone)
        for tone, marks in _VNI_I.items():
            put(marks[case], "i", tone)
        put("ÎÎ"[case] if case else "î", "y", "nang")
    return table


VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))

# Evidence. TCVN3: symbols (µ ¸ ¶ ...) glued to letters, where no Latin-1 text has them. VNI: a
# vowel followed by a mark character, and "ñ" for đ, in words Latin-1 languages don't spell.
_TCVN3_SIGNS = re.compile(r"(?<=[A-Za-z\xa8-\xfe])[\xa1-\xbe\xc6]|[\xa1-\xbe\xc6](?=[A-Za-z\xa8-\xfe])")
_VNI_SIGNS = re.compile(r"[aeouyAEOUYôöÔÖ][ùøûõïâêáàåãäéèúüëÙØÛÕÏÂÊÁÀÅÃÄÉÈÚÜË]|\b[ñÑ][aeiouôöAEIOUÔÖ]")
_UNICODE_VI = re.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_WORD = re.compile(r"[^\W\d_]+")
_SEGMENTS = re.compile(r"(<[^>]*>|\n)")
_HIGH = re.compile(r"[\xa1-\xfe]")
# Characters Vietnamese Unicode never uses but TCVN3 (symbols ¡-¾, Æ) or VNI (ñ ø ï ö ë ä å) do:
# text without any is returned untouched at once, which is every ordinary article.
_LEGACY_ONLY = re.compile(r"[\xa1-\xbe\xc6ñøïöëäåÑØÏÖËÄÅ]")


def legacy_kind(text: str) -> str | None:
    """``"tcvn3"``, ``"vni"`` or None for one run of text, from how often each encoding's marks appear."""
    if not _HIGH.search(text):
        return None
    words = max(1, len(_WORD.findall(text)))
    unicode_vi = len(_UNICODE_VI.findall(text))
    tcvn3 = len(_TCVN3_SIGNS.findall(text))
    vni = len(_VNI_SIGNS.findall(text))
    best, score = ("tcvn3", tcvn3) if tcvn3 >= vni else ("vni", vni)
    # Real Vietnamese Unicode in the same run means the Latin-1 symbols are just symbols.
    if (score < 2 and not (score == 1 and words <= 3)) or unicode_vi >= score:
        return None
    return best if score / words >= 0.12 else None


def _convert(text: str, kind: str) -> str:
    if kind == "tcvn3":
        return text.translate(_TCVN3_TRANS)
    return _VNI_PATTERN.sub(lambda m: VNI[m.group(0)], text)


def fix_legacy_encoding(text: str) -> str:
    """Convert TCVN3/VNI font-encoded runs to Unicode; Unicode and ordinary Latin-1 text pass unchanged.

    Judged run by run (between tags and line breaks) because pages mix a Unicode template with
    an article body pasted from an old document; short runs follow the page's majority.
    """
    if not _LEGACY_ONLY.search(text):
        return text
    whole = legacy_kind(text)
    parts = _SEGMENTS.split(text)
    out = []
    for part in parts:
        if not part or part.startswith("<") or not _HIGH.search(part):
            out.append(part)
            continue
        kind = legacy_kind(part)
        if kind is None and whole and not _UNICODE_VI.search(part) and len(_WORD.findall(part)) <= 3:
            kind = whole if (_TCVN3_SIGNS.search(part) if whole == "tcvn3" else _VNI_SIGNS.search(part)) else None
        out.append(_convert(part, kind) if kind else part)
    return unicodedata.normalize("NFC", "".join(out))
