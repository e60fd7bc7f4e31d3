"""Vietnamese dates: day-first, Asia/Ho_Chi_Minh, no guessing.

Public contract (other modules import these names from ``crawler.dates``):

- ``parse_date(raw, reference=None, context_year=None, now=None) -> DateResult`` for a stamp as a
  portal prints it ("Ngày đăng: 11/07/2022 08:30", "Cập nhật: 14:32 | 05/08/2023",
  "2022-07-11T08:30:00+07:00", "3 giờ trước").
- ``event_date(text, reference=None, context_year=None) -> DateResult`` for the date of what an
  article reports, read from the conventions of its first sentences ("Sáng ngày 11/7/2022, ...");
  ``event_mentions`` is the parser under it, shared with meeting detection, and ``place_event``
  gives a yearless event date its year from what the page shows (``YearHints``).
- ``url_year`` / ``url_date`` and ``head_stamp``: the year hints a URL path and a page stamp carry.
- ``annotate_record(record, text_mode=False)`` for ``portalwatch analyze dates [--text]``.

Modules: ``words`` (the tables), ``mentions`` (a date as written, ``infer_year``), ``stamps``
(publication stamps), ``events`` (event dates and their year), ``records`` (the JSON Lines contract).
"""

from __future__ import annotations

from crawler.dates.events import (
    AHEAD_DAYS,
    EventMention,
    YearHints,
    YearPhrase,
    dated_years,
    days_ahead,
    event_date,
    event_mentions,
    head_stamp,
    place_event,
    url_date,
    url_year,
    year_phrases,
)
from crawler.dates.mentions import LOOKAHEAD_DAYS, TZ, DateResult, infer_year
from crawler.dates.records import annotate_record
from crawler.dates.stamps import parse_date

__all__ = [
    "AHEAD_DAYS",
    "LOOKAHEAD_DAYS",
    "TZ",
    "DateResult",
    "EventMention",
    "YearHints",
    "YearPhrase",
    "annotate_record",
    "dated_years",
    "days_ahead",
    "event_date",
    "event_mentions",
    "head_stamp",
    "infer_year",
    "parse_date",
    "place_event",
    "url_date",
    "url_year",
    "year_phrases",
]
