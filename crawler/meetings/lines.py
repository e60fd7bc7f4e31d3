"""What the detector reads: the headline and the lead's first sentences, cleaned, folded and bounded.

A Vietnamese report states its event in the headline and the lead's first sentence, so nothing past
the first paragraphs is read. The bounds below are for detection only (stored text is never cut);
they keep the cost linear in the input however long a hostile title or body is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.text import clean_text, fold

# A real headline is under 300 characters; a lead sentence under 600.
TITLE_CHARS = 400
# Page chrome before the lead is short lines; the lead is in the first few thousand characters.
HEAD_CHARS = 8000
PARAGRAPH_CHARS = 1500
HEAD_LINES = 120  # lines of chrome (menus, bylines, captions) read before giving up on a lead
# Longer runs without a space are no Vietnamese words (a syllable has at most 7 letters): they are
# matched lower-cased, not folded, because tone folding is quadratic in a word's length.
WORD_CHARS = 40
_LONG_WORD = re.compile(rf"\S{{{WORD_CHARS + 1}}}")


@dataclass(frozen=True)
class Line:
    """A cleaned sentence and its fold key; both have the same length, so spans carry over."""

    raw: str
    key: str
    headline: bool = False  # the page's own headline (a lead sentence standing in for a missing one is not)


@dataclass(frozen=True)
class Mention:
    """A meeting noun in a line, with what the words around it say of it."""

    noun: str
    start: int
    end: int
    status: str  # held | future | cited | neutral | excluded
    cue: str
    line: Line
    strong: bool


_ETH = str.maketrans("Ðð", "Đđ")  # some CMSs type the Icelandic eth for Đ ("HÐND")


def bare(text: str) -> str:
    """Text without diacritics ("hội nghị" -> "hoi nghi"), one character for one."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text).replace("đ", "d")


_RESTORE = {bare(w): w for w in reversed(R.UNACCENTED_WORDS.split("|"))}
_UNACCENTED = re.compile(
    "(?<!\\w)(?:" + "|".join(re.escape(w) for w in sorted(_RESTORE, key=len, reverse=True)) + ")(?!\\w)"
)
ACCENTED = re.compile("[àáâãèéêìíòóôõùúýăĩũơưạ-ỹ]")  # vowels with marks; "đ" is often typed anyway


def key_of(raw: str) -> str:
    """The fold key of cleaned text, safe on hostile input (see ``WORD_CHARS``).

    Text typed without any diacritic ("HOI NGHI BAN CHAP HANH ...") gets the rules' words back, so
    upper-case, unaccented and slug-like titles read like the others.
    """
    if not _LONG_WORD.search(raw):
        key = fold(raw)
    else:
        key = " ".join(fold(w) if len(w) <= WORD_CHARS else w.lower() for w in raw.split(" "))
    if ACCENTED.search(key) or not any(c.isalpha() for c in key):
        return key
    if " " not in key.strip():
        key = key.replace("-", " ")  # a URL slug for a title
    return _UNACCENTED.sub(lambda m: _RESTORE[m.group(0)], key)


def make_line(raw: str, limit: int = PARAGRAPH_CHARS, *, headline: bool = False) -> Line:
    """A line from raw text, cut at ``limit`` characters for detection; ``headline`` for the page's headline."""
    raw = clean_text(raw[: 2 * limit])[:limit]
    if "Ð" in raw or "ð" in raw:
        raw = raw.translate(_ETH)
    key = key_of(raw)
    return Line(raw if len(raw) == len(key) else key, key, headline)


def clause_left(before: str) -> str:
    """The part of ``before`` in the same clause as what follows it (a closed bracket, as in "Hội Liên hiệp phụ nữ
    (LHPN) xã X tổ chức", stays in the clause; an open one starts it)."""
    paren = before.rfind("(")
    cut = max(before.rfind(","), before.rfind(";"), before.rfind(":"), before.rfind(". "))
    if paren > before.rfind(")"):
        cut = max(cut, paren)
    return before[cut + 1 :]


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text``: the nearest cue before a mention."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is the nearest cue
        pass
    return found


def cleaned_paragraphs(text: str, start: int = 0) -> Iterator[str]:
    """The text's non-empty paragraphs from ``start``, cleaned and cut for detection (bounded: ``HEAD_CHARS``,
    ``HEAD_LINES``). Read once: the page's shape and its lead are told from the same paragraphs."""
    for para in text[start : start + HEAD_CHARS].split("\n", HEAD_LINES)[:HEAD_LINES]:
        if para and not para.isspace():
            raw = clean_text(para[: 2 * PARAGRAPH_CHARS])[:PARAGRAPH_CHARS]
            if raw:
                yield raw


def lead(title_key: str, paragraphs: Iterable[str], count: int = 3) -> tuple[list[str], bool]:
    """The first ``count`` real paragraphs of ``cleaned_paragraphs`` (page chrome, repeated headlines and bylines
    skipped), and whether the first two open on the same source tag ("VOV.VN - ... / VOV.VN - ..."): items of a
    listing."""
    out: list[str] = []
    tags: list[str] = []
    for raw in paragraphs:
        low = raw.lower()  # cheap key: chrome and headline checks need no tone folding
        if title_key and len(low) - len(title_key) < 12 and key_of(raw).endswith(title_key):
            continue
        if R.BOILER.match(low) or (len(raw) < 50 and not R.MENTION.search(key_of(raw))):
            continue
        if (
            len(raw) < 60
            and (R.CAPTION.match(low) or (raw[-1] not in ".!?…" and " thứ " not in low))
            and not R.DAY_MONTH.search(raw)
        ):  # a caption or a banner ("Toàn cảnh đại hội.", "Đoàn Chủ tịch điều hành Đại hội"), not a numbered heading
            continue
        tag = R.SOURCE_TAG.match(raw)
        tags.append(tag.group(0).strip(" -–—").lower() if tag else "")
        out.append(raw[tag.end() :] if tag else raw)
        if len(out) == count:
            break
    return out, len(tags) >= 2 and tags[0] == tags[1] != ""


def sentences(paragraph: str, limit: int = 3) -> list[str]:
    """Split on sentence ends, not on "TP. Hồ Chí Minh" or a lower-case continuation."""
    out: list[str] = []
    for part in R.SENT_SPLIT.split(paragraph):
        if out and (R.ABBR_END.search(out[-1]) or not (part[:1].isupper() or part[:1] in "\"“('‘")):
            out[-1] += " " + part
        else:
            if len(out) == limit:
                break
            out.append(part)
    return out
