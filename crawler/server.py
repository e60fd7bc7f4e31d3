"""The app ``portalwatch serve`` runs: kept at this name for callers of ``crawler.server.create_app``; the code is the
``crawler.web`` package."""

from __future__ import annotations

from crawler.web import create_app

__all__ = ["create_app"]
