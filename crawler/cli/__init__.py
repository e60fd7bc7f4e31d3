"""``portalwatch``: a thin command package over the library (``python -m crawler`` is the same).

``parser`` assembles the commands; each other module is one command group with its arguments and handlers.
"""

from __future__ import annotations

from crawler.cli.common import UsageError
from crawler.cli.parser import build_parser, main

__all__ = ["UsageError", "build_parser", "main"]
