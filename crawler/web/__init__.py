"""The web workbench: ``portalwatch serve``'s pages (latest entries with search, the meetings calendar, entry and
portal pages), its feeds and JSON API. ``create_app`` builds the ASGI app; templates and the stylesheet are package
data (``crawler/templates``, ``crawler/static``)."""

from __future__ import annotations

from crawler.web.app import create_app

__all__ = ["create_app"]
