"""Vietnamese text: NFC, whitespace, match keys that fold tone-mark placement, legacy encodings.

Stored text keeps its original spelling (``Huyện uỷ`` stays); ``fold`` builds keys for matching
only. Old portals serve windows-1258 (tone marks as separate combining characters) or text typed
in the TCVN3 (ABC) and VNI font encodings: Scrapy decodes the page by its declared or sniffed
charset, then ``fix_legacy_encoding`` (tables in ``crawler.legacy``) and ``nfc`` turn what is left
into Unicode before anything else reads the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from crawler.legacy import fix_legacy_encoding

__all__ = ["STAMP_READ", "TEXT_READ", "TITLE_READ", "clean_text", "fix_legacy_encoding", "fold", "head", "nfc"]

# Whitespace for ``clean_text`` is what ``\s`` matches (NBSP and the narrow NBSP included) and the zero-width
# characters, which are format characters, not spaces: they are turned into spaces first, then ``str.split()``
# (which splits exactly where ``\s`` matches) collapses the runs.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_QUALITY = "\u0302\u0306\u031b"  # circumflex, breve, horn: they belong to their letter and never move
_VOWELS = "aeiouy"
# A word in NFD: letters with their combining marks, matched whole (a pattern that must find a tone mark inside
# a word backtracks over the word at every start: quadratic in a long run of letters); only words carrying a tone
# mark are re-placed.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_TONE_SET = frozenset(_TONES)
_LONGEST_CACHED = 64  # syllables are short: a longer token (a hostile page's megabyte of letters) is not cached


def nfc(text: str) -> str:
    """Unicode NFC, the one form every stored string is in."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str | None) -> str:
    """NFC with runs of whitespace (NBSP and zero-width ones too) collapsed to one space.

    Through ``str.split()`` rather than a regular expression: a third of the time, and every stage calls it on
    every paragraph."""
    if not text:
        return ""
    text = nfc(text)
    if _ZERO_WIDTH.search(text):
        text = _ZERO_WIDTH.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def _place_tone(word: str) -> str:
    """One syllable (NFD, lower case) with its tone mark on the vowel the canonical rule picks.

    Vietnamese has two accepted placements for open ``oa``/``oe``/``uy`` (``hoà``/``hòa``,
    ``thuỷ``/``thủy``) and writers also misplace marks after ``qu``/``gi`` (``qúy`` for ``quý``).
    Keys put the mark where the common (first-vowel) style does, so every spelling meets.
    """
    clusters: list[list[str]] = []
    tone = ""
    for ch in word:
        if ch in _TONES:
            tone = tone or ch
        elif unicodedata.combining(ch) and clusters:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    bases = [c[0] for c in clusters]
    start = 0
    while start < len(bases) and bases[start] not in _VOWELS:
        start += 1
    # "qu" and "gi" before another vowel are consonants: their u/i never carries the tone.
    if (
        start + 1 < len(bases)
        and bases[start + 1] in _VOWELS
        and (
            (bases[start] == "u" and start > 0 and bases[start - 1] == "q")
            or (bases[start] == "i" and start > 0 and bases[start - 1] == "g" and start == 1)
        )
    ):
        start += 1
    end = start
    while end < len(bases) and bases[end] in _VOWELS:
        end += 1
    nucleus = list(range(start, end))
    if not nucleus or not tone or any(b in _VOWELS for b in bases[end:]):
        return word  # no vowel, or two vowel groups ("café"): not a Vietnamese syllable
    marked = [i for i in nucleus if any(m in _QUALITY for m in clusters[i][1:])]
    if marked:
        pos = marked[-1]
    elif len(nucleus) == 1:
        pos = nucleus[0]
    elif end < len(bases):  # closed syllable: hoàng, huỳnh, toán
        pos = nucleus[-1]
    elif len(nucleus) == 3:  # ngoài, khuỷu
        pos = nucleus[1]
    else:  # open pair: mái, chào, hòa, ủy
        pos = nucleus[0]
    clusters[pos].append(tone)
    return "".join("".join(c) for c in clusters)


def _retone(match: re.Match[str]) -> str:
    word = match.group(0)
    if _TONE_SET.isdisjoint(word):
        return word
    return _place_tone(word) if len(word) <= _LONGEST_CACHED else _place_tone.__wrapped__(word)


def _fold_one(token: str) -> str:
    return nfc(_WORD.sub(_retone, unicodedata.normalize("NFD", token)))


_fold_cached = lru_cache(maxsize=65536)(_fold_one)


def _fold_token(token: str) -> str:
    return _fold_cached(token) if len(token) <= _LONGEST_CACHED else _fold_one(token)


def fold(text: str) -> str:
    """Match key: lower case, one tone-mark placement, collapsed whitespace; diacritics kept.

    Folded token by token through a cache: an article repeats a few thousand distinct syllables,
    and meeting detection folds every article it reads. Linear in the text's length."""
    return " ".join(map(_fold_token, clean_text(text).lower().split(" ")))


# What detectors (meetings, dates, the spam guard) read of a field, never what is stored: the longest real titles
# run to ~300 characters, stamps to ~60, and a meeting report or a planted page says what it is in its first
# paragraphs. A hostile page's megabyte-long title would otherwise cost the reactor seconds per step.
TITLE_READ, TEXT_READ, STAMP_READ = 1_000, 50_000, 500


def head(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a space when one is near the cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit - 100, limit)
    return text[: cut if cut > 0 else limit]
