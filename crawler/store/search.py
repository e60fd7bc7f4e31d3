"""Search over article titles and leads: what the full-text index holds, and a reader's words as its query.

Vietnamese readers type with or without diacritics and put tone marks on either vowel (``uỷ``/``ủy``), so the
index matches on the letters alone: SQLite FTS5's ``unicode61`` tokenizer with ``remove_diacritics 2`` folds case
and every combining mark ("Kỳ họp" is indexed as ``ky hop``), and ``đ``, a letter of its own that no tokenizer
folds, is written ``d`` first. The index is filled by triggers with built-in SQL functions only (``FOLD_SQL``), so
any connection that writes articles keeps it right, as the ``0013`` index does. Stored text is never changed.

Light on purpose: value helpers only, no connection, so the store and the web layer may both import it.
"""

from __future__ import annotations

import re
import unicodedata

# The index's text for a column: "đ" as "d" (the tokenizer folds every other mark). Keep equal to ``fold_query``.
FOLD_SQL = "replace(replace({}, 'Đ', 'D'), 'đ', 'd')"
TABLE = "article_search"
MAX_TERMS = 12  # a reader's query, not a document: more words than this are dropped

# A token as unicode61 splits them: letters and digits (an underscore is a separator there too).
_TOKEN = re.compile(r"[^\W_]+")


def fold_query(text: str) -> str:
    """A query's text as the index holds it (``FOLD_SQL`` in Python): NFC, ``đ`` as ``d``."""
    return unicodedata.normalize("NFC", text).replace("Đ", "D").replace("đ", "d")


def match_expression(text: str) -> str | None:
    """An FTS5 ``MATCH`` expression that finds articles containing every word of ``text``, and every phrase a reader
    put in double quotes word for word (``"kỳ họp" Tân Hồng``); None when ``text`` has no word.

    Words are quoted in the expression, so a reader's ``-``, ``*``, ``:`` or ``OR`` is a word to find and never query
    syntax; an unbalanced quote is read as if it were closed at the end."""
    parts: list[str] = []
    terms = 0
    for n, chunk in enumerate(fold_query(text).split('"')):
        words = _TOKEN.findall(chunk)[: MAX_TERMS - terms]
        terms += len(words)
        if not words:
            continue
        if n % 2:  # inside quotes: one phrase
            parts.append('"' + " ".join(words) + '"')
        else:
            parts.extend(f'"{w}"' for w in words)
    return " AND ".join(parts) or None
