"""portalwatch: a Scrapy-based monitor of Vietnamese party-committee and local-government portals."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("portalwatch")
    except PackageNotFoundError:  # a source tree used without `pip install`: no metadata to read
        return "0+unknown"


def __getattr__(name: str) -> str:
    """``crawler.__version__`` is read from the package metadata on first use: ``importlib.metadata`` costs
    ~25 ms, paid otherwise by every child process that imports any ``crawler`` module (the attachment readers)."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
