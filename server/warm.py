"""What a server process does before it answers anyone: it loads torch, MNIST, the two digit models and every
lesson's modules, then visits every lesson once as a first visitor would, so the first visitors wait for none of
it (serve.py runs this as its start-up)."""

from __future__ import annotations

import asyncio
import importlib
import logging
import runpy
import time
from contextlib import asynccontextmanager
from pathlib import Path
from unittest.mock import patch

ROOT = Path(__file__).parents[1]
LESSONS = ROOT / "lessons"
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
        visit_lessons()
    finally:
        quiet.setLevel(level)
    print(f"{READY} after {time.perf_counter() - start:.1f} s", flush=True)


def visit_lessons() -> None:
    """Run every lesson's page once, as a visitor opening it with no link sees it, in Streamlit's bare mode (no
    session: each widget gives its default and nothing is sent anywhere). What a first visit computes (the
    activation lesson's fit, the optimisers' race, every shared figure) is then in the process's caches, and a
    class arriving at once does not compute it thirty times over. A page that fails here is logged and skipped:
    its visitors compute it themselves, as without this visit."""
    import streamlit as st
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    from lessons import LESSONS as PAGES

    # Where bare mode differs from a session's full run: st.stop ends the page (bare mode would go on past it),
    # and a fragment runs inline (bare mode would skip the live panels).
    def stop() -> None:
        raise StopException

    def fragment(func=None, **_options):
        return func if func is not None else lambda f: f

    for lesson in PAGES:
        try:
            with patch.object(st, "stop", stop), patch.object(st, "fragment", fragment):
                runpy.run_path(str(ROOT / lesson.script), run_name="__main__")
        except StopException:
            pass
        except Exception:
            logging.getLogger(__name__).exception("nnviz: the start-up visit of %s failed", lesson.script)
        finally:
            st.session_state.clear()  # bare mode's one session state: each page is visited afresh


@asynccontextmanager
async def lifespan(_app):
    """The server's start-up: it begins answering once `warm` is done."""
    await asyncio.to_thread(warm)
    yield
