"""Closed vocabularies shared by the registry, store, feed and CLI.

StrEnums so that values go into TOML, SQLite and JSON as plain strings.
"""

from __future__ import annotations

from enum import StrEnum


class Cms(StrEnum):
    """A portal platform; each value names one adapter module in ``crawler/adapters``."""

    WORDPRESS = "wordpress"
    LIFERAY = "liferay"
    NUKEVIET = "nukeviet"
    SHAREPOINT = "sharepoint"
    ASPNET = "aspnet"
    DOTNETNUKE = "dotnetnuke"
    GENERIC = "generic"


class Level(StrEnum):
    """Administrative level of the body that runs a portal.

    Since 2025-07-01 Vietnam has two levels, province and commune (communes, wards and special zones);
    ``district`` remains for the abolished districts' portals, kept with their archives.
    """

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class PortalStatus(StrEnum):
    """Lifecycle of a portal.

    ``merged``: the unit merged into another (a province or commune absorbed in 2025), its portal with it;
    ``moved``: the site lives on at another address (a lasting redirect), named by ``successor``;
    ``retired``: gone. Registries written before ``moved`` say ``redirected``, read as ``moved``.
    """

    ACTIVE = "active"
    UNVERIFIED = "unverified"
    MOVED = "moved"
    MERGED = "merged"
    RETIRED = "retired"
    REDIRECTED = "moved"  # the old word, an alias of MOVED

    @classmethod
    def _missing_(cls, value: object) -> PortalStatus | None:
        return cls.MOVED if value == "redirected" else None


class MeetingKind(StrEnum):
    """Kinds of meeting report the alert feed distinguishes."""

    PARTY_COMMITTEE_CONFERENCE = "party_committee_conference"
    COUNCIL_SESSION = "council_session"
    CONGRESS = "congress"
    REVIEW_CONFERENCE = "review_conference"
    BRIEFING = "briefing"
    OTHER_MEETING = "other_meeting"


class MeetingStatus(StrEnum):
    """Where a meeting stands: in what one article says (``crawler.meetings``), and as a meeting record (the store),
    which goes from announced to held, or is put off or called off when a portal says so."""

    HELD = "held"  # reported: it took place or is under way
    ANNOUNCED = "announced"  # one future meeting announced or convened
    POSTPONED = "postponed"  # a notice puts it off (``Verdict.subject`` of a ``Reason.POSTPONED`` text)
    CANCELLED = "cancelled"  # a notice calls it off


class AlertKind(StrEnum):
    """What an alert row announces."""

    NEW_ARTICLE = "new_article"
    MEETING = "meeting"  # one per meeting: its first report
    UPCOMING_MEETING = "upcoming_meeting"  # one per meeting: its announcement, before it is held
    ARTICLE_EDITED = "article_edited"
    ARTICLE_REMOVED = "article_removed"
    PORTAL_HEALTH = "portal_health"
    DOCUMENT = "document"  # a document newly listed by a portal's document registry (crawler/documents)
