"""portalwatch: a Scrapy-based monitor of Vietnamese party-committee and local-government portals."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("portalwatch")
except PackageNotFoundError:  # a source tree used without `pip install`: no metadata to read
    __version__ = "0+unknown"
