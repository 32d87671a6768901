"""Many visitors at once: real Chromium sessions against one nnviz server on localhost.

Starts `streamlit run app.py` on a free port, then opens N browser sessions
together. Each one visits every lesson page and starts a small training on
the Training page. Meanwhile the health endpoint is polled and the server's
memory sampled. Prints the figures and ends with one JSON line.

    python bench/load.py [--sessions 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from ui.lessons import LESSONS  # noqa: E402

CHROMIUM = os.environ.get("NNVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SMALL_TRAINING = 1000  # digits: the default network on a small subset, 5 epochs
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
IDLE = (
    "() => document.querySelector('[data-testid=\"stMain\"] h1')"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    server = subprocess.Popen(
        [*command, "--server.address", "127.0.0.1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("the server did not start")


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its children, in MB."""
    total = 0
    for task in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{task}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Watcher(threading.Thread):
    """Polls the health endpoint and samples memory until told to stop."""

    def __init__(self, url: str, pid: int):
        super().__init__(daemon=True)
        self.url, self.pid = url, pid
        self.health_s: list[float] = []
        self.health_failures = 0
        self.peak_mb = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            self.peak_mb = max(self.peak_mb, rss_mb(self.pid))
            start = time.perf_counter()
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5)
                self.health_s.append(time.perf_counter() - start)
            except OSError:
                self.health_failures += 1


async def visit(browser, url: str, index: int, stats: dict) -> None:
    """One visitor: every lesson page, then a small training."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(180_000)
    try:
        for lesson in LESSONS:
            start = time.perf_counter()
            await page.goto(f"{url}/{'' if lesson is LESSONS[0] else lesson.url_path}")
            await page.wait_for_function(IDLE)
            stats["loads"].append(time.perf_counter() - start)
            stats["errors"] += await page.locator(ERRORS).count()
        await train_small(page, url, stats)
    except Exception as error:  # a visitor that fails is counted, not fatal
        stats["errors"] += 1
        stats["failures"].append(f"session {index}: {type(error).__name__}: {str(error)[:200]}")
    finally:
        await context.close()


async def train_small(page, url: str, stats: dict) -> None:
    """Start a training on a small subset on the Training page and wait for its result."""
    training = next((lesson for lesson in LESSONS if lesson.url_path == "training"), None)
    if training is None:
        return
    await page.goto(f"{url}/training")
    await page.wait_for_function(IDLE)
    size = page.get_by_role("spinbutton", name="Training digits")
    await size.fill(str(SMALL_TRAINING))
    await size.press("Enter")
    await page.get_by_text(f"= {-(-SMALL_TRAINING // 128)} updates per epoch").wait_for()
    await page.get_by_role("button", name="Start training").click()
    await page.get_by_text("Test accuracy", exact=True).wait_for()
    stats["trainings"] += 1
    stats["errors"] += await page.locator(ERRORS).count()


async def run_sessions(url: str, n: int) -> dict:
    from playwright.async_api import async_playwright

    stats = {"loads": [], "errors": 0, "failures": [], "trainings": 0}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*(visit(browser, url, i, stats) for i in range(n)))
        await browser.close()
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()

    port = free_port()
    server = start_server(port)
    url = f"http://127.0.0.1:{port}"
    watcher = Watcher(url, server.pid)
    watcher.start()
    start = time.perf_counter()
    try:
        stats = asyncio.run(run_sessions(url, args.sessions))
    finally:
        watcher.done.set()
        watcher.join()
        server.terminate()
        server.wait(timeout=30)

    loads = sorted(stats["loads"])
    p95 = loads[int(0.95 * (len(loads) - 1))] if loads else float("nan")
    worst_health = max(watcher.health_s, default=float("nan"))
    print(f"{args.sessions} sessions, {len(loads)} page loads, {stats['trainings']} trainings in "
          f"{time.perf_counter() - start:.0f} s")  # fmt: skip
    print(f"page load: median {statistics.median(loads) if loads else float('nan'):.2f} s, p95 {p95:.2f} s")
    print(f"health: slowest answer {worst_health:.2f} s, {watcher.health_failures} failures")
    print(f"server memory: peak {watcher.peak_mb:.0f} MB")
    for failure in stats["failures"]:
        print(failure)
    print(
        json.dumps(
            {
                "sessions": args.sessions,
                "errors": stats["errors"],
                "p95_page_load_s": round(p95, 2),
                "peak_memory_mb": round(watcher.peak_mb),
                "slowest_health_s": round(worst_health, 3),
                "health_failures": watcher.health_failures,
                "trainings": stats["trainings"],
            }
        )
    )


if __name__ == "__main__":
    main()
