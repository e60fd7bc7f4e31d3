"""``python -m crawler`` is ``portalwatch``."""

import sys

from crawler.cli import main

sys.exit(main())
