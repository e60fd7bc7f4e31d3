"""Meeting reports and announcements: pure functions over a headline and a lead, rule tables in ``rules``.

Public contract (stable):

- ``analyze(title, text, published=None, url=None) -> Meeting | None``: the meeting an article
  reports (``status`` "held") or announces (``status`` "announced"), or None.
- ``judge(...) -> Verdict``: the same, with the ``Reason`` a text is not a report of a held meeting.
- ``is_meeting_report(title, text) -> bool``: true for a held meeting only.
- ``annotate_record(record) -> dict``: the JSON Lines contract of ``portalwatch analyze meetings``.

Modules: the word tables are ``rules`` (meeting mentions and whether they were held), ``vetoes`` (what a
page is when it reports none) and ``names`` (the fields, kind included); ``lines`` (what is read,
bounded), ``detect`` (which meeting, or why none), ``fields`` (ordinal, term, kind), ``body`` (body and
level), ``when`` (date, chair, period; dates through ``crawler.dates``), ``reasons``, ``analysis`` (the
contract).
"""

from __future__ import annotations

from crawler.dates import url_year
from crawler.meetings.analysis import (
    Meeting,
    Verdict,
    analyze,
    annotate_record,
    is_meeting_report,
    judge,
)
from crawler.meetings.reasons import Reason
from crawler.vocab import MeetingStatus

__all__ = [
    "Meeting",
    "MeetingStatus",
    "Reason",
    "Verdict",
    "analyze",
    "annotate_record",
    "is_meeting_report",
    "judge",
    "url_year",
]
