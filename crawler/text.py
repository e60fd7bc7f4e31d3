"""Vietnamese text: NFC, whitespace, and match keys that fold tone-mark placement.

Stored text keeps its original spelling (``Huyện uỷ`` stays); ``fold`` builds keys for matching
only. The dates/text work (issue 3) extends this module; its public names stay stable.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[\s\u00a0\u200b\u202f\ufeff]+")

# Old-style placement puts the mark on the last vowel of oa/oe/uy; new style on the first.
# Fold both to the new style for keys: "hoà" -> "hòa", "uỷ" -> "ủy".
_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(rf"([oO])([aAeE])([{_MARKS}])(?!\w)|([uU])([yY])([{_MARKS}])(?!\w)")


def nfc(text: str) -> str:
    """Unicode NFC, the one form every stored string is in."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str | None) -> str:
    """NFC with runs of whitespace (NBSP and zero-width ones too) collapsed to one space."""
    if not text:
        return ""
    return _WS.sub(" ", nfc(text)).strip()


def _move_mark(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(3) + m.group(2)
    return m.group(4) + m.group(6) + m.group(5)


def fold(text: str) -> str:
    """Match key: lower case, one tone-mark placement, collapsed whitespace; diacritics kept."""
    decomposed = unicodedata.normalize("NFD", clean_text(text).lower())
    # Circumflex/breve/horn stay next to their base letter; only tone marks move.
    return nfc(_OLD_STYLE.sub(_move_mark, decomposed))
