"""A message as structure (spans, lines, items, blocks), written out per channel dialect and split at its limit.

Apprise can split an over-long body itself, but it cuts at a character count with the title repeated and
a counter appended by its own rules; here a part never ends inside a link, an item of a digest or a
character (a base letter and its combining marks stay together), each part is numbered in Vietnamese
and every part is sized before it is sent, so a channel's delivery of part 2 of 3 can be tracked and
resumed. Hand-written because no library splits structured messages this way.

Sizes are counted conservatively for every channel at once: UTF-16 code units (Telegram's unit; an
emoji counts twice) plus one per line break (Apprise's Telegram dialect turns ``\\n`` into ``\\r\\n``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Dialect(StrEnum):
    """How a channel takes formatted text (chosen per Apprise plugin in ``crawler.channels.send``)."""

    TEXT = "text"  # plain text: links written out as URLs
    MARKDOWN = "markdown"  # CommonMark: punctuation escaped, links as [label](url)
    HTML = "html"  # HTML for mail-like services: lines end with <br>
    TELEGRAM = "telegram"  # Telegram's HTML parse mode: <b>, <a href>, line breaks are newlines


@dataclass(frozen=True)
class Span:
    """A run of text, bold or a link; a link (``href``) is never cut, whatever the limit."""

    text: str
    href: str | None = None
    bold: bool = False
    plain: str | None = None  # what plain text shows instead (a separator between links becomes a line break)


Line = tuple[Span, ...]
Item = tuple[Line, ...]  # lines kept in one part when they fit (a digest entry and its links)
Block = tuple[Item, ...]  # a paragraph: blocks are separated by an empty line


@dataclass(frozen=True)
class Part:
    """One message as a channel receives it: the title (empty when it is the body's first line) and body."""

    title: str
    body: str


@dataclass(frozen=True)
class Message:
    """A rendered alert or digest before its channel is known: a one-line title and blocks of lines."""

    title: str
    blocks: tuple[Block, ...]

    def parts(self, dialect: Dialect, limit: int | None = None, title_in_body: bool = False) -> list[Part]:
        """The message as it is sent: one part, or several in order when the body exceeds ``limit``.

        ``title_in_body`` is for channels without a title field (Telegram, Zalo): the title, bold where the
        dialect allows, becomes each part's first line and counts against the limit. With several parts,
        each title ends with ``(i/n)``.
        """
        units = list(_units(self.blocks, dialect, None))
        whole = _pack(units, None)
        if limit is None or (
            len(whole) == 1 and _size(_assemble(self.title, whole[0], dialect, title_in_body)) <= limit
        ):
            return [_part(self.title, whole[0] if whole else "", dialect, title_in_body)]
        reserve = _size(_head(f"{self.title} (99/99)", dialect)) + _size(_sep(dialect)[0]) if title_in_body else 0
        budget = max(limit - reserve, 1)
        bodies = _pack(list(_units(self.blocks, dialect, budget)), budget)
        n = len(bodies)
        return [
            _part(f"{self.title} ({i}/{n})" if n > 1 else self.title, body, dialect, title_in_body)
            for i, body in enumerate(bodies, 1)
        ]

    def text(self) -> str:
        """Title and body as plain text in one string, unsplit (logs, previews, tests)."""
        return "\n".join([self.title, *(p.body for p in self.parts(Dialect.TEXT))])


# Sizes -------------------------------------------------------------------------------------------


def _size(text: str) -> int:
    """Conservative length for every channel: UTF-16 code units plus one per line break (see module doc)."""
    return len(text.encode("utf-16-le")) // 2 + text.count("\n")


# Writing spans in a dialect -------------------------------------------------------------------------

# CommonMark makes any backslash-escaped ASCII punctuation literal; these are the ones that start markup.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")
_MD_BULLET = re.compile(r"^(\s*)([-=])", re.M)  # a list item or a setext underline
_MD_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.M)  # an ordered list item


def _md(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_NUMBER.sub(r"\1\\\2", _MD_BULLET.sub(r"\1\\\2", text))


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _span(span: Span, dialect: Dialect) -> str:
    if dialect is Dialect.TEXT:
        text = span.text if span.plain is None else span.plain
        if span.href:
            return f"{text}: {span.href}" if text else span.href
        return text
    if dialect is Dialect.MARKDOWN:
        text = _md(span.text)
        if span.href:
            text = f"[{text or _md(span.href)}]({_md_url(span.href)})"
        return f"**{text}**" if span.bold and text.strip() else text
    text = html.escape(span.text, quote=False)
    if span.href:
        text = f'<a href="{html.escape(span.href, quote=True)}">{text or html.escape(span.href, quote=False)}</a>'
    return f"<b>{text}</b>" if span.bold and text.strip() else text


def _line(line: Line, dialect: Dialect) -> str:
    return "".join(_span(s, dialect) for s in line)


def _sep(dialect: Dialect) -> tuple[str, str]:
    """(between lines, between blocks) in a dialect."""
    if dialect is Dialect.HTML:
        return "<br>\n", "<br>\n<br>\n"
    return "\n", "\n\n"


def _head(title: str, dialect: Dialect) -> str:
    return _line((Span(title, bold=True),), dialect)


def _assemble(title: str, body: str, dialect: Dialect, title_in_body: bool) -> str:
    if not title_in_body:
        return body
    return _head(title, dialect) + (_sep(dialect)[0] + body if body else "")


def _part(title: str, body: str, dialect: Dialect, title_in_body: bool) -> Part:
    return Part("", _assemble(title, body, dialect, title_in_body)) if title_in_body else Part(title, body)


# Splitting -------------------------------------------------------------------------------------------


def _units(blocks: Sequence[Block], dialect: Dialect, budget: int | None) -> Iterator[tuple[str, str]]:
    """(separator before, text) pieces in order: whole items when they fit, else words (with their spaces)."""
    line_sep, block_sep = _sep(dialect)
    for b, block in enumerate(blocks):
        for i, item in enumerate(block):
            sep = block_sep if b and i == 0 else line_sep
            whole = line_sep.join(_line(line, dialect) for line in item)
            if budget is None or _size(whole) <= budget:
                yield sep, whole
                continue
            for k, line in enumerate(item):
                for w, word in enumerate(_words(line, dialect, budget)):
                    yield ((sep if k == 0 else line_sep) if w == 0 else ""), word


def _pack(units: Sequence[tuple[str, str]], budget: int | None) -> list[str]:
    """Greedy: each unit joins the current part if it fits, else starts the next part.

    A part never starts or ends with the separator or space at which it was cut.
    """
    parts: list[str] = []
    current = ""
    for sep, text in units:
        candidate = current + sep + text if current else text.lstrip()
        if budget is None or not current or _size(candidate.rstrip()) <= budget:
            current = candidate
        else:
            parts.append(current.rstrip())
            current = text.lstrip()
    if current or not parts:
        parts.append(current.rstrip())
    return parts


def _words(line: Line, dialect: Dialect, budget: int) -> list[str]:
    """A line too long for one part, as written-out words each followed by its spaces; a link is one word
    even when it alone exceeds the budget, a word longer than the budget is cut between letters."""
    words: list[str] = []
    for span in line:
        if span.href or span.plain is not None:
            words.append(_span(span, dialect))
            continue
        for core, space in re.findall(r"(\S*)(\s*)", span.text):
            pieces = _graphemes_within(core, span.bold, dialect, budget) if core else [""]
            written = [_span(Span(piece, bold=span.bold), dialect) for piece in pieces]
            written[-1] += space  # outside the bold markers: "**từ** " is Markdown, "**từ **" is not
            words.extend(w for w in written if w)
    return words


def _graphemes_within(word: str, bold: bool, dialect: Dialect, budget: int) -> list[str]:
    """A word longer than the budget, cut only where a new letter starts (never before a combining mark)."""
    if _size(_span(Span(word, bold=bold), dialect)) <= budget:
        return [word]
    pieces: list[str] = []
    start = last = 0
    for end in range(1, len(word) + 1):
        if end < len(word) and unicodedata.combining(word[end]):
            continue
        if last > start and _size(_span(Span(word[start:end], bold=bold), dialect)) > budget:
            pieces.append(word[start:last])
            start = last
        last = end
    pieces.append(word[start:])
    return pieces
