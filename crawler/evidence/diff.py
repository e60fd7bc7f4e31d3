"""Word-level differences between two versions of an article's text, for the entry page's revision view.

Both texts are NFC-normalised (a page re-saved by an editor may switch between composed and decomposed tone
marks without changing a word) and cut into words and punctuation marks, so that a changed figure or an added
comma shows as itself; ``difflib`` aligns the two token lists.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from typing import NamedTuple

# A word is a run of letters and digits (Vietnamese letters are single code points in NFC), joined by inner dots,
# commas or slashes when digits stand on both sides ("1.250", "12,5", "01/7/2025" stay one token); any other
# non-space character is a token of its own.
_TOKEN = re.compile(r"\d+(?:[.,/]\d+)+|\w+|[^\w\s]")

EQUAL, DELETE, INSERT = "equal", "delete", "insert"


class Span(NamedTuple):
    """A run of tokens the two texts share (``equal``), or that only the old (``delete``) or new (``insert``) has."""

    op: str
    words: tuple[str, ...]


class _Piece(NamedTuple):
    op: str
    words: tuple[str, ...]
    text: str  # the source text the tokens cover, with the spaces and line breaks between them


def _tokens(text: str) -> tuple[str, list[re.Match[str]]]:
    text = unicodedata.normalize("NFC", text)
    return text, list(_TOKEN.finditer(text))


def _pieces(old_text: str, new_text: str) -> list[_Piece]:
    old, old_tokens = _tokens(old_text)
    new, new_tokens = _tokens(new_text)
    a = [m.group() for m in old_tokens]
    b = [m.group() for m in new_tokens]

    def cover(text: str, tokens: list[re.Match[str]], i: int, j: int) -> str:
        # From the start of token i to the start of token j (or the text's end): spacing travels with the words.
        start = tokens[i].start() if i else 0
        end = tokens[j].start() if j < len(tokens) else len(text)
        return text[start:end]

    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            pieces.append(_Piece(DELETE, tuple(a[i1:i2]), cover(old, old_tokens, i1, i2)))
        if tag in ("insert", "replace"):
            pieces.append(_Piece(INSERT, tuple(b[j1:j2]), cover(new, new_tokens, j1, j2)))
        if tag == "equal":
            pieces.append(_Piece(EQUAL, tuple(b[j1:j2]), cover(new, new_tokens, j1, j2)))
    return pieces


def word_diff(old_text: str, new_text: str) -> list[Span]:
    """The spans that turn ``old_text`` into ``new_text``, in reading order (a replacement is a ``delete`` span
    followed by an ``insert`` span)."""
    return [Span(p.op, p.words) for p in _pieces(old_text, new_text)]


def changed(old_text: str, new_text: str) -> list[Span]:
    """Only the spans that differ."""
    return [s for s in word_diff(old_text, new_text) if s.op != EQUAL]


def render_html(old_text: str, new_text: str) -> str:
    """The new text as escaped HTML with removed words in ``<del>`` and added ones in ``<ins>``, the spacing and
    line breaks of the source kept (line breaks as ``<br>``)."""
    out = []
    for piece in _pieces(old_text, new_text):
        text = html.escape(piece.text).replace("\n", "<br>\n")
        if piece.op == EQUAL:
            out.append(text)
        else:
            tag = "del" if piece.op == DELETE else "ins"
            stripped = text.rstrip()
            out.append(f"<{tag}>{stripped}</{tag}>{text[len(stripped) :]}")
    return "".join(out)
