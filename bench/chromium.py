"""The Chromium that the browser tests and the browser load driver launch, and how."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("NNVIZ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
