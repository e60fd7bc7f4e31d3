"""Search over article titles and leads: what the full-text index holds, and a reader's words as its query.

Vietnamese readers type with or without diacritics and put tone marks on either vowel (``uỷ``/``ủy``), so the
index matches on the letters alone: SQLite FTS5's ``unicode61`` tokenizer with ``remove_diacritics 2`` folds case
and every combining mark ("Kỳ họp" is indexed as ``ky hop``), and ``đ``, a letter of its own that no tokenizer
folds, is written ``d`` first. The index is filled by triggers with built-in SQL functions only (``FOLD_SQL``), so
any connection that writes articles keeps it right, as the ``0013`` index does. Stored text is never changed.

A syllable ending in a lone ``y`` after consonants is also written with ``i`` (``kỳ``/``kì``, ``lý``/``lí``,
``mỹ``/``mĩ``); the index holds what the page wrote, and the query asks for both spellings of such a word
(``match_expression``). This is the one search rule: the CLI (``articles``/``export --search``), the web page's
``q``, the feed's ``q=`` and a subscriber's words all reach it through ``search_sql``, one query path per store:
SQLite matches the FTS5 index (migration 0040); PostgreSQL keeps the same words folded in a stored column
(``search_text``: letters only, the final i/y written i, the PostgreSQL twin of 0040) under a trigram index and
matches each word or quoted phrase whole with ``LIKE``; ``matches_text`` is the rule in Python.

Light on purpose: value helpers only, no connection, so the store and the web layer may both import it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import islice, product
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.store.dialect import Dialect

# The index's text for a column: "đ" as "d" (the tokenizer folds every other mark). Keep equal to ``fold_query``.
FOLD_SQL = "replace(replace({}, 'Đ', 'D'), 'đ', 'd')"
TABLE = "article_search"
MAX_TERMS = 12  # a reader's query, not a document: more words than this are dropped

# A token as unicode61 splits them: letters and digits (an underscore is a separator there too).
_TOKEN = re.compile(r"[^\W_]+")
# A syllable of consonants then a lone final i or y: "ky"/"ki", "ly"/"li" (not "uy", "ay", "ây": other vowels).
_FINAL_IY = re.compile(r"([bcdfghklmnpqrstvx]+)[iy]")
_VARIANTS = 8  # spellings of one quoted phrase asked for at most (two per i/y word)


def fold_query(text: str) -> str:
    """A query's text as the index holds it (``FOLD_SQL`` in Python): NFC, ``đ`` as ``d``."""
    return unicodedata.normalize("NFC", text).replace("Đ", "D").replace("đ", "d")


def match_expression(text: str) -> str | None:
    """An FTS5 ``MATCH`` expression that finds articles containing every word of ``text`` (in either spelling of a
    final i/y: ``spellings``), and every phrase a reader put in double quotes word for word (``"kỳ họp" Tân
    Hồng``); None when ``text`` has no word.

    Words are quoted in the expression, so a reader's ``-``, ``*``, ``:`` or ``OR`` is a word to find and never query
    syntax; an unbalanced quote is read as if it were closed at the end."""
    parts: list[str] = []
    terms = 0
    for n, chunk in enumerate(fold_query(text).split('"')):
        words = _TOKEN.findall(chunk)[: MAX_TERMS - terms]
        terms += len(words)
        if not words:
            continue
        if n % 2:  # inside quotes: one phrase, in each spelling of its i/y words
            phrases = [" ".join(p) for p in islice(product(*map(spellings, words)), _VARIANTS)]
            parts.append(_any(f'"{p}"' for p in phrases))
        else:
            parts.extend(_any(f'"{s}"' for s in spellings(w)) for w in words)
    return " AND ".join(parts) or None


def bare(word: str) -> str:
    """A word without case, diacritics or the bar of ``đ``: the letters the index compares."""
    decomposed = unicodedata.normalize("NFD", fold_query(word).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spellings(word: str) -> list[str]:
    """``word`` and, for a syllable ending in a lone i or y after consonants, its other spelling ("kì": ki, ky)."""
    found = _FINAL_IY.fullmatch(bare(word))
    if found is None:
        return [word]
    return [f"{found.group(1)}i", f"{found.group(1)}y"]


def _any(options: Iterable[str]) -> str:
    listed = list(options)
    return listed[0] if len(listed) == 1 else "(" + " OR ".join(listed) + ")"


def key(word: str) -> str:
    """A word as the folded column holds it (``bare``, a final i/y after consonants written i): "Kỳ", "kì" -> "ki"."""
    letters = bare(word)
    found = _FINAL_IY.fullmatch(letters)
    return f"{found.group(1)}i" if found else letters


def terms(text: str) -> list[str]:
    """A reader's words and quoted phrases as folded, space-joined keys (``key``), as ``match_expression`` reads
    them; at most ``MAX_TERMS`` words."""
    out: list[str] = []
    count = 0
    for n, chunk in enumerate(fold_query(text).split('"')):
        words = _TOKEN.findall(chunk)[: MAX_TERMS - count]
        count += len(words)
        if words:
            out.extend([" ".join(map(key, words))] if n % 2 else map(key, words))
    return out


def search_text(title: str | None, lead: str | None) -> str:
    """Title and lead as PostgreSQL's folded column holds them: their keys between single spaces, a space at each
    end, so that ``LIKE '% word %'`` finds a whole word or phrase."""
    return " " + " ".join(key(w) for w in _TOKEN.findall(fold_query(f"{title or ''} {lead or ''}"))) + " "


def matches_text(title: str | None, lead: str | None, text: str | None) -> bool:
    """Whether an article's title and lead hold every word and phrase of ``text`` (the rule ``search_sql`` runs)."""
    folded = search_text(title, lead)
    return all(f" {t} " in folded for t in terms(text or ""))


def search_sql(dialect: Dialect, table: str, text: str | None) -> tuple[str, list[Any]] | None:
    """The condition on ``table`` (``articles`` or its alias) selecting the articles whose title and lead hold every
    word of ``text``, with its parameters; None when ``text`` has no word (no condition)."""
    if dialect.name == "sqlite":
        match = match_expression(text or "")
        if match is None:
            return None
        return f"{table}.id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?)", [match]
    found = terms(text or "")
    if not found:
        return None
    return " AND ".join(f"{table}.search LIKE ?" for _ in found), [f"% {t} %" for t in found]
