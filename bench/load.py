"""Many visitors at once: N sessions against one nnviz server on localhost.

Starts `streamlit run serve.py` on a free port, then opens N sessions together: a class.
Each visitor visits every lesson page, draws three digits on the Draw page (real people's
handwriting from ../shared/data/pendigits, one picture per pen lift, as the canvas sends it), and
trains a small network of its own on the Training page (its own seed, so no visitor can reuse
another's run and they queue for the server's training places). Meanwhile a separate process polls
the health endpoint and this one samples the server's memory and the CPU time of server and driver.
Prints the figures and ends with one JSON line.

    python bench/load.py [--sessions 30] [--driver protocol|browser] [--same-run]

With --same-run every visitor trains the same settings instead: that run is trained once and the
others wait for it. Stroke to answer is timed from sending the canvas's picture to the end of the
page's run that shows the answer (the protocol driver: what the server makes a visitor wait).

Two drivers:
- protocol (the default): each visitor speaks Streamlit's websocket protocol as
  the browser's frontend does (bench/protocol.py): it downloads the page once,
  opens every lesson from the menu, sets the training size, presses start and
  follows the live fragment's timer until the test accuracy arrives. It reads
  errors from the messages: exception elements and error alerts.
- browser: real Chromium tabs through Playwright, one per visitor.
The protocol driver is the default because it measures the server. The browser
driver's figures measured mostly the browsers: at 20 sessions on this 2-core
machine Chromium used 434 s of CPU against the server's 41 s, the run took 8
minutes instead of one, and page loads (p95 170 s) and health answers waited
for the cores the tabs were drawing on. The protocol driver uses about 2 s of
CPU for the same 20 visits. The browser driver stays as a check that the pages
really draw.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from lessons import LESSONS  # noqa: E402
from nnviz.preprocess import BRUSH_DEFAULT  # noqa: E402  (the Draw page's brush width until a visitor moves it)

SMALL_TRAINING = 1000  # digits: the default network on a small subset, 5 epochs
STROKES = 3  # pictures each visitor's canvas sends on the Draw page, each a new digit
UPDATES_PER_EPOCH = f"= {-(-SMALL_TRAINING // 128)} updates per epoch"  # the plan follows the size
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
IDLE = (
    "() => document.querySelector('[data-testid=\"stMain\"] h1')"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
)
# The health poller runs in its own process, so a busy driver cannot delay its clock.
HEALTH_POLLER = """
import sys, time, urllib.request
url, began = sys.argv[1], time.perf_counter()
while True:
    start = time.perf_counter()
    try:
        urllib.request.urlopen(url, timeout=5).read()
        print(f"{start - began:.2f} {time.perf_counter() - start:.4f}", flush=True)
    except OSError:
        print(f"{start - began:.2f} fail", flush=True)
    time.sleep(0.25)
"""


def tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    try:
        kids = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        kids = []
    return [pid, *(p for kid in kids for p in tree(kid))]


def proc_status(pid: int, field: str) -> int:
    try:
        line = next(ln for ln in Path(f"/proc/{pid}/status").read_text().splitlines() if ln.startswith(field))
        return int(line.split()[1])
    except (OSError, StopIteration):
        return 0


def cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


class Watcher(threading.Thread):
    """Samples memory and CPU time, and reads the health poller's answers, until told to stop."""

    def __init__(self, url: str, server_pids: list[int]):
        super().__init__(daemon=True)
        self.server_pids = server_pids
        self.peak_mb = [0.0] * len(server_pids)  # each server process (with its children)
        self.cpu = {"server": 0.0, "driver": 0.0}
        self.done = threading.Event()
        self._poller = subprocess.Popen(
            [sys.executable, "-c", HEALTH_POLLER, f"{url}/_stcore/health"], stdout=subprocess.PIPE, text=True
        )
        self._start_cpu = self._cpu()

    def _cpu(self) -> dict[str, float]:
        server = [p for pid in self.server_pids for p in tree(pid)]
        driver = [p for p in tree(os.getpid()) if p not in server and p != self._poller.pid]
        return {"server": cpu_seconds(server), "driver": cpu_seconds(driver)}

    def run(self) -> None:
        while not self.done.wait(0.25):
            for i, pid in enumerate(self.server_pids):
                self.peak_mb[i] = max(self.peak_mb[i], sum(proc_status(p, "VmRSS:") for p in tree(pid)) / 1024)
            now = self._cpu()
            self.cpu = {k: max(self.cpu[k], now[k] - self._start_cpu[k]) for k in now}

    def health(self) -> tuple[list[tuple[float, float]], list[float]]:
        """(seconds into the run, answer time) of every answer, and when polls failed (no answer within 5 s)."""
        self._poller.terminate()
        polls = [line.split() for line in self._poller.communicate()[0].splitlines()]
        answers = [(float(at), float(took)) for at, took in polls if took != "fail"]
        return answers, [float(at) for at, took in polls if took == "fail"]


def pen_pictures(n: int, seed: int = 0) -> list[str]:
    """`n` digits written by real people (pendigits), drawn on the canvas at a natural size and place with the
    page's default brush: PNG data URLs, as the canvas sends its picture after a pen lift."""
    import numpy as np
    from PIL import Image

    from nnviz import pendigits

    digits = pendigits.load(Path(os.environ["NNVIZ_DATA_DIR"]) / "pendigits")
    rng = np.random.default_rng(seed)
    pictures = []
    for i in rng.choice(len(digits), n, replace=False):
        png = io.BytesIO()
        Image.fromarray(pendigits.drawn(digits[i], BRUSH_DEFAULT, rng)).save(png, format="PNG")
        pictures.append("data:image/png;base64," + base64.b64encode(png.getvalue()).decode())
    return pictures


async def draw(visitor, pictures: list[str], stats: dict, timeout: float) -> None:
    """On the Draw page, the canvas sends each picture as after a pen lift; each answer is timed."""
    await visitor.open_page("draw", timeout)
    canvas = visitor.component("drawable_canvas")
    for strokes, picture in enumerate(pictures, start=1):
        drawing = {"raw": {"objects": [{"type": "path"}] * strokes, "background": "#000000"}, "data": picture}
        visitor.set_widget(canvas.id, "json_value", json.dumps({"drawing": drawing}))
        before = len(visitor.elements)
        stats["strokes"].append(await visitor.run(timeout=timeout))
        answered = visitor.elements[before:]
        if not any(e.WhichOneof("type") == "metric" and e.metric.label == "It reads" for e in answered):
            visitor.errors.add(f"draw: no answer after stroke {strokes}")


async def visit_protocol(url: str, index: int, stats: dict, timeout: float, pictures: list[str],
                         same_run: bool = False) -> None:  # fmt: skip
    """One visitor over the websocket: every lesson from the menu, three digits drawn on the Draw page, then a
    small training of its own (with its own seed, so no visitor can reuse another's run and most wait in the
    training queue; with `same_run` all train the same settings)."""
    from bench.protocol import Visitor

    async with Visitor(url) as visitor:
        try:
            await visitor.download_page()
            for lesson in LESSONS:
                path = lesson.url_path if lesson is not LESSONS[0] else ""
                stats["loads"].append(await visitor.open_page(path, timeout))
                if visitor.title() is None:
                    visitor.errors.add(f"{lesson.url_path}: no title")
            await draw(visitor, pictures, stats, timeout)
            await visitor.open_page("training", timeout)
            size = visitor.widget("number_input", "Training digits")
            visitor.set_widget(size.id, "int_value", SMALL_TRAINING)
            if not same_run:
                visitor.set_widget(visitor.widget("number_input", "Seed").id, "int_value", index)
            await visitor.run(timeout=timeout)
            await visitor.wait_for(lambda: visitor.shows_text(UPDATES_PER_EPOCH), timeout)
            await visitor.run(triggers=(visitor.widget("button", "Start training").id,), timeout=timeout)
            await visitor.wait_for(lambda: visitor.widget("metric", "Test accuracy"), timeout)
            stats["trainings"] += 1
            stats["trained_itself"] += visitor.trained_itself
        except Exception as error:  # a visitor that fails is counted, not fatal
            visitor.errors.add(f"{type(error).__name__}: {str(error)[:200]}")
        stats["errors"] += len(visitor.errors)
        stats["fragment_runs"] += visitor.fragment_runs
        stats["failures"] += [f"session {index}: {error}" for error in sorted(visitor.errors)]


async def visit_browser(browser, url: str, index: int, stats: dict, timeout: float) -> None:
    """One visitor in a Chromium tab: every lesson page, then a small training."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(timeout * 1000)
    try:
        for lesson in LESSONS:
            start = time.perf_counter()
            await page.goto(f"{url}/{'' if lesson is LESSONS[0] else lesson.url_path}")
            await page.wait_for_function(IDLE)
            stats["loads"].append(time.perf_counter() - start)
            stats["errors"] += await page.locator(ERRORS).count()
        await page.goto(f"{url}/training")
        await page.wait_for_function(IDLE)
        size = page.get_by_role("spinbutton", name="Training digits")
        await size.fill(str(SMALL_TRAINING))
        await size.press("Enter")
        await page.get_by_text(UPDATES_PER_EPOCH).wait_for()
        await page.get_by_role("button", name="Start training").click()
        await page.get_by_text("Test accuracy", exact=True).wait_for()
        stats["trainings"] += 1
        stats["errors"] += await page.locator(ERRORS).count()
    except Exception as error:  # a visitor that fails is counted, not fatal
        stats["errors"] += 1
        stats["failures"].append(f"session {index}: {type(error).__name__}: {str(error)[:200]}")
    finally:
        await context.close()


async def run_sessions(url: str, n: int, driver: str, timeout: float, same_run: bool = False) -> dict:
    stats = {"loads": [], "strokes": [], "errors": 0, "failures": [], "trainings": 0, "trained_itself": 0,
             "fragment_runs": 0}  # fmt: skip
    if driver == "protocol":
        pictures = pen_pictures(STROKES * n)
        visits = (visit_protocol(url, i, stats, timeout, pictures[STROKES * i : STROKES * (i + 1)], same_run)
                  for i in range(n))  # fmt: skip
        await asyncio.gather(*visits)
        return stats
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        await asyncio.gather(*(visit_browser(browser, url, i, stats, timeout) for i in range(n)))
        await browser.close()
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--driver", choices=["protocol", "browser"], default="protocol")
    parser.add_argument("--same-run", action="store_true",
                        help="every visitor trains the same settings (protocol driver): one run, shared")  # fmt: skip
    parser.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="also run the same load against N server processes behind HAProxy, and compare",
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds a visitor waits for any one step")
    parser.add_argument("--server-log", type=Path, help="keep the server's output (tracebacks) in this file")
    parser.add_argument("--server-option", action="append", default=[], metavar="KEY=VALUE",
                        help="a streamlit option for the server, e.g. runner.postScriptGC=false")  # fmt: skip
    args = parser.parse_args()

    figures = measure(args, replicas=1)
    if args.replicas:
        one = figures
        figures = measure(args, replicas=args.replicas)
        figures["one_process_p95_page_load_s"] = one["p95_page_load_s"]
        figures["p95_speedup"] = round(one["p95_page_load_s"] / figures["p95_page_load_s"], 2)
        print(f"p95 page load: {one['p95_page_load_s']:.2f} s on one process, {figures['p95_page_load_s']:.2f} s "
              f"on {args.replicas} replicas: {figures['p95_speedup']:.2f}x")  # fmt: skip
    print(json.dumps(figures))


def measure(args, replicas: int) -> dict:
    """The load against one server process (replicas=1, direct) or several behind HAProxy; prints and returns
    the figures. Every run starts from an empty store of finished runs."""
    from bench.replicas import serve

    with serve(replicas, args.server_log, args.server_option) as (url, pids):
        watcher = Watcher(url, pids)
        watcher.start()
        start = time.perf_counter()
        try:
            stats = asyncio.run(run_sessions(url, args.sessions, args.driver, args.timeout, args.same_run))
        finally:
            watcher.done.set()
            watcher.join()
            health, health_failures = watcher.health()
    return report(args, replicas, stats, watcher, health, health_failures, time.perf_counter() - start)


def report(args, replicas, stats, watcher, health, health_failures, seconds) -> dict:
    loads = sorted(stats["loads"])
    p95 = loads[int(0.95 * (len(loads) - 1))] if loads else float("nan")
    worst_at, worst_health = max(health, key=lambda answer: answer[1], default=(float("nan"), float("nan")))
    late = [(at, took) for at, took in health if took > 1.0]
    where = "one process" if replicas == 1 else f"{replicas} replicas behind HAProxy"
    print(f"{args.sessions} sessions ({args.driver}) on {where}: {len(loads)} page loads, {stats['trainings']} "
          f"trainings finished ({stats['trained_itself']} trained by their session) in {seconds:.0f} s")  # fmt: skip
    print(f"page load: median {statistics.median(loads) if loads else float('nan'):.2f} s, p95 {p95:.2f} s")
    strokes = sorted(stats["strokes"])
    stroke_p95 = strokes[int(0.95 * (len(strokes) - 1))] if strokes else float("nan")
    if strokes:
        print(f"stroke to answer: {len(strokes)} strokes, median {statistics.median(strokes):.2f} s, "
              f"p95 {stroke_p95:.2f} s")  # fmt: skip
    print(f"health: {len(health)} answers, {len(late)} over 1 s, slowest {worst_health:.3f} s ({worst_at:.0f} s into "
          f"the run), {len(health_failures)} failures")  # fmt: skip
    if late or health_failures:
        print("  late (s into the run: answer s):", ", ".join(f"{at:.0f}: {took:.2f}" for at, took in late) or "none")
        print("  failed (s into the run):", ", ".join(f"{at:.0f}" for at in health_failures) or "none")
    print("server memory: peak " + ", ".join(f"{mb:.0f} MB" for mb in watcher.peak_mb))
    print(f"CPU time: server {watcher.cpu['server']:.0f} s, driver {watcher.cpu['driver']:.0f} s")
    for failure in stats["failures"]:
        print(failure)
    return {
        "sessions": args.sessions,
        "replicas": replicas,
        "errors": stats["errors"],
        "p95_page_load_s": round(p95, 2),
        "p95_stroke_to_answer_s": round(stroke_p95, 2) if strokes else None,
        "peak_memory_mb": round(max(watcher.peak_mb)),
        "slowest_health_s": round(worst_health, 3),
        "health_failures": len(health_failures),
        "health_over_1s": len(late),
        "trainings": stats["trainings"],
        "trained_itself": stats["trained_itself"] if args.driver == "protocol" else None,
        "driver": args.driver,
        "fragment_runs": stats["fragment_runs"] if args.driver == "protocol" else None,
        "server_cpu_s": round(watcher.cpu["server"]),
        "driver_cpu_s": round(watcher.cpu["driver"]),
    }


if __name__ == "__main__":
    main()
