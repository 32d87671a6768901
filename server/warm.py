"""What a server process loads before it answers anyone: torch, MNIST, the two digit models and every lesson's
modules, so the first visitor waits for none of it (serve.py runs this as its start-up)."""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path

LESSONS = Path(__file__).parents[1] / "lessons"
READY = "nnviz: ready for visitors"  # the server log's line once everything is loaded
# Streamlit calls made outside a visitor's run (a cached function's spinner) each log this warning.
NO_CONTEXT_LOG = "streamlit.runtime.scriptrunner_utils.script_run_context"


def warm() -> None:
    """Load, once for the process, what the first visit to any lesson would otherwise wait for."""
    start = time.perf_counter()
    quiet = logging.getLogger(NO_CONTEXT_LOG)
    level, quiet.level = quiet.level, logging.ERROR
    try:
        from ui import resources

        resources.digits()
        resources.default_digit_model()
        resources.default_mlp_model()
        for module in sorted(LESSONS.glob("*/*.py")):
            if module.stem not in ("page", "__init__"):  # a page script draws; the modules it uses only define
                importlib.import_module(f"lessons.{module.parent.name}.{module.stem}")
    finally:
        quiet.setLevel(level)
    print(f"{READY} after {time.perf_counter() - start:.1f} s", flush=True)


@asynccontextmanager
async def lifespan(_app):
    """The server's start-up: it begins answering once `warm` is done."""
    await asyncio.to_thread(warm)
    yield
