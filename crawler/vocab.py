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
    """Administrative level of the body that runs a portal."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class PortalStatus(StrEnum):
    """Lifecycle of a portal; district portals were abolished on 2025-07-01."""

    ACTIVE = "active"
    UNVERIFIED = "unverified"
    REDIRECTED = "redirected"
    RETIRED = "retired"


class MeetingKind(StrEnum):
    """Kinds of meeting report the alert feed distinguishes."""

    PARTY_COMMITTEE_CONFERENCE = "party_committee_conference"
    COUNCIL_SESSION = "council_session"
    CONGRESS = "congress"
    REVIEW_CONFERENCE = "review_conference"
    BRIEFING = "briefing"
    OTHER_MEETING = "other_meeting"


class AlertKind(StrEnum):
    """What an alert row announces."""

    NEW_ARTICLE = "new_article"
    MEETING = "meeting"
    ARTICLE_EDITED = "article_edited"
    ARTICLE_REMOVED = "article_removed"
    PORTAL_HEALTH = "portal_health"
