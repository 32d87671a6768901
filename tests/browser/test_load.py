"""Many visitors at once, at a small scale: bench/load.py with a few sessions, and its error detection.

The full-scale figures (20 sessions) come from `python bench/load.py`; here a few
sessions visit every page and train at once, and none may meet an error or fail to train.
Health latency and peak memory are targets that bench/load.py prints at full scale; timing
and memory limits stay out of tests (they swing with the machine's load).
"""

import asyncio
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.chromium import CHROMIUM
from bench.protocol import Visitor
from bench.replicas import free_port, start_server
from tests.helpers import ROOT, need

pytestmark = pytest.mark.browser


def run_load(driver: str, sessions: int, cache: str) -> dict:
    env = os.environ | {"NNVIZ_CACHE_DIR": cache}
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--sessions", str(sessions), "--driver", driver],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["errors"] == 0, done.stdout
    assert figures["trainings"] == sessions, done.stdout
    return figures


def test_five_protocol_sessions_visit_every_page_draw_and_train_without_an_error(tmp_path):
    figures = run_load("protocol", 5, str(tmp_path))
    assert set(figures) >= {"sessions", "errors", "p95_page_load_s", "peak_memory_mb"}
    assert figures["p95_stroke_to_answer_s"] is not None, "every visitor draws on the Draw page and is answered"


def test_a_browser_session_visits_every_page_and_trains_without_an_error(tmp_path):
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}")
    run_load("browser", 1, str(tmp_path))  # the browser driver still works; the protocol one is the bench


def test_the_protocol_visitor_counts_an_exception_and_an_error_alert(tmp_path):
    """A zero from the load bench means something only if a broken page gives more than zero."""
    script = tmp_path / "broken.py"
    script.write_text(
        'import streamlit as st\nst.title("Broken")\nst.error("a plain error")\nraise ValueError("boom")\n'
    )
    port = free_port()
    server = start_server(port, tmp_path / "server.log", [], script=script)

    async def visit() -> tuple[str | None, set[str]]:
        async with Visitor(f"http://127.0.0.1:{port}") as visitor:
            await visitor.open_page("", timeout=60)
            return visitor.title(), visitor.errors

    try:
        # In its own thread: Playwright's sync API, used by the suite's browser tests, keeps an event
        # loop running in this one, and asyncio.run refuses to start inside a running loop.
        with ThreadPoolExecutor(1) as worker:
            title, errors = worker.submit(asyncio.run, visit()).result()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert title == "Broken"
    assert sorted(error.split(":")[0] for error in errors) == ["error alert", "exception"], errors
    assert any("a plain error" in error for error in errors)


def test_predictions_a_chunk_at_a_time_match_one_pass_over_all_digits():
    """predict_proba works in chunks so that many visitors finishing at once do not each hold 100 MB."""
    import torch

    from nnviz.models import ModelSpec, build_model
    from nnviz.training import PREDICT_CHUNK, predict_proba, prepare

    digits = torch.randint(
        0, 256, (2 * PREDICT_CHUNK + 7, 28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(0)
    )
    model = build_model(ModelSpec(hidden=(32,)), seed=0).eval()
    with torch.no_grad():
        one_pass = torch.softmax(model(prepare(digits)), dim=1)
    assert torch.allclose(predict_proba(model, digits), one_pass, atol=1e-6)
    assert predict_proba(model, digits[:0]).shape == (0, 10)
