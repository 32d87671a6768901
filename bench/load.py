"""Many visitors at once: N sessions against one nnviz server on localhost.

Starts `streamlit run serve.py` on a free port, then opens N sessions together: a class.
Each visitor visits every lesson page, draws three digits on the Draw page (real people's
handwriting from ../shared/data/pendigits, each sent whole as the pad sends its strokes on a pen lift), and
trains a small network of its own on the Training page (its own seed, so no visitor can reuse
another's run and they queue for the server's training places). Meanwhile a separate process polls
the health endpoint and this one samples the server's memory and the CPU time of server, driver and
balancer. A page load is timed, with the protocol driver, from asking the server for a lesson's run (over
the visitor's open websocket) to the end of that run: the page's HTML and scripts, fetched once per visitor,
are not in it; with the browser driver, from Chromium's navigation to the page's run ending.
Prints the figures and ends with one JSON line.

    python bench/load.py [--sessions 30] [--driver protocol|browser] [--same-run] [--replicas N [--kill-one]]

With --same-run every visitor trains the same settings instead: that run is trained once and the
others wait for it. With --replicas N the same class also runs on N server processes behind HAProxy.
With --kill-one it runs there only, and one replica dies (SIGKILL, as a crash) once half the class has
pressed Start training: the replica of the visitor whose press makes it half. Its visitors reconnect
through the balancer and rerun their page from its URL; the figures say whether they came back, with
their settings, told that their training was lost exactly when one was running, and whether those
trained again; and whether the surviving replica's visitors finished without an error. Stroke to answer
is timed from sending the pad's strokes to the end of the page's run that shows the answer (the
protocol driver: what the server makes a visitor wait).

Two drivers:
- protocol (the default): each visitor speaks Streamlit's websocket protocol as
  the browser's frontend does (bench/protocol.py): it downloads the page once,
  opens every lesson from the menu, sets the training size, presses start and
  follows the live fragment's timer until the test accuracy arrives. It reads
  errors from the messages: exception elements and error alerts.
- browser: real Chromium tabs through Playwright, one per visitor: every
  lesson page, then a small training of its own seed. It draws nothing on
  the Draw page (tests/browser/test_draw_latency.py times a pen lift in
  Chromium).
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
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NNVIZ_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from bench.machine import Watcher, p95  # noqa: E402
from bench.replicas import Kill, come_back, replica_of, serve  # noqa: E402
from bench.tab import ERRORS, IDLE  # noqa: E402
from lessons import LESSONS  # noqa: E402
from nnviz.preprocess import BRUSH_DEFAULT  # noqa: E402  (the Draw page's brush width until a visitor moves it)
from ui import drawing_pad  # noqa: E402

SMALL_TRAINING = 1000  # digits: the default network on a small subset, 5 epochs
STROKES = 3  # drawings each visitor's pad sends on the Draw page, each a new digit
UPDATES_PER_EPOCH = f"= {-(-SMALL_TRAINING // 128)} updates per epoch"  # the plan follows the size


async def draw(visitor, drawings: list, stats: dict, timeout: float) -> None:
    """On the Draw page, the pad sends each drawing as after a pen lift; each answer is timed."""
    await visitor.open_page("draw", timeout)
    pad = visitor.component(drawing_pad.NAME)
    for number, strokes in enumerate(drawings, start=1):
        visitor.set_widget(pad.id, "json_value", json.dumps({"strokes": strokes}))
        before = len(visitor.elements)
        stats["strokes"].append(await visitor.run(timeout=timeout))
        answered = visitor.elements[before:]
        if not any(e.WhichOneof("type") == "metric" and e.metric.label == "It reads" for e in answered):
            visitor.errors.add(f"draw: no answer after drawing {number}")


async def visit_protocol(url: str, index: int, stats: dict, timeout: float, drawings: list,
                         same_run: bool = False, kill=None) -> None:  # fmt: skip
    """One visitor over the websocket: every lesson from the menu, three digits drawn on the Draw page, then a
    small training of its own (with its own seed, so no visitor can reuse another's run and most wait in the
    training queue; with `same_run` all train the same settings). With `kill` (bench.replicas.Kill), pressing
    Start may kill a replica; a visitor whose replica dies comes back (after_the_kill)."""
    from bench.protocol import ConnectionLost, Visitor

    async with Visitor(url) as visitor:
        visit = {"replica": replica_of(visitor.cookie), "lost": False, "trained": False, "came_back": None}
        try:
            try:
                await lessons_draw_train(visitor, index, stats, timeout, drawings, same_run, kill)
                visit["trained"] = True
            except ConnectionLost:
                if kill is None or visit["replica"] != kill.replica:  # only the killed replica may go away
                    raise
                visit["lost"] = True
                visit["came_back"] = await after_the_kill(visitor, timeout)
        except Exception as error:  # a visitor that fails is counted, not fatal
            visitor.errors.add(f"{type(error).__name__}: {str(error)[:200]}")
        stats["errors"] += len(visitor.errors)
        stats["fragment_runs"] += visitor.fragment_runs
        stats["failures"] += [f"session {index}: {error}" for error in sorted(visitor.errors)]
        stats["visits"].append(visit | {"errors": len(visitor.errors)})


async def lessons_draw_train(visitor, index: int, stats: dict, timeout: float, drawings: list, same_run: bool,
                             kill) -> None:  # fmt: skip
    await visitor.download_page()
    for lesson in LESSONS:
        path = lesson.url_path if lesson is not LESSONS[0] else ""
        stats["loads"].append(await visitor.open_page(path, timeout))
        if visitor.title() is None:
            visitor.errors.add(f"{lesson.url_path}: no title")
    await draw(visitor, drawings, stats, timeout)
    await visitor.open_page("training", timeout)
    size = visitor.widget("number_input", "Training digits")
    visitor.set_widget(size.id, "int_value", SMALL_TRAINING)
    if not same_run:
        visitor.set_widget(visitor.widget("number_input", "Seed").id, "int_value", index)
    await visitor.run(timeout=timeout)
    await visitor.wait_for(lambda: visitor.shows_text(UPDATES_PER_EPOCH), timeout)
    await train(visitor, timeout, kill)
    stats["trainings"] += 1
    stats["trained_itself"] += visitor.trained_itself


async def train(visitor, timeout: float, kill=None) -> None:
    """Press Start training (which may be the press that kills a replica), then wait for the test accuracy."""
    await visitor.run(triggers=(visitor.widget("button", "Start training").id,), timeout=timeout)
    if kill is not None:
        kill.training_started(replica_of(visitor.cookie))
    await visitor.wait_for(lambda: visitor.widget("metric", "Test accuracy"), timeout)


async def after_the_kill(visitor, timeout: float) -> dict:
    """A visitor of the killed replica comes back through the balancer (bench.replicas.come_back), expecting the
    seed and training size its URL held; if it lost a training, it presses Start again and trains there."""
    link = parse_qs(visitor.query_string)
    settings = {"Seed": int(link.get("seed", ["0"])[0])}  # in the sidebar of every page
    if "size" in link:  # on the Training page, once the visitor set it
        settings["Training digits"] = int(link["size"][0])
    facts = await come_back(visitor, settings, timeout)
    if facts["training"]:
        await train(visitor, timeout)
        facts["retrained"] = True
    return facts


async def visit_browser(browser, url: str, index: int, stats: dict, timeout: float, same_run: bool = False) -> None:
    """One visitor in a Chromium tab: every lesson page, then a small training (of its own seed, unless all train
    the same run)."""
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
        await page.goto(f"{url}/training" + ("" if same_run else f"?seed={index}"))
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


async def run_sessions(url: str, n: int, driver: str, timeout: float, same_run: bool = False, kill=None) -> dict:
    stats = {"loads": [], "strokes": [], "errors": 0, "failures": [], "trainings": 0, "trained_itself": 0,
             "fragment_runs": 0, "visits": []}  # fmt: skip
    if driver == "protocol":
        from nnviz import pendigits

        drawings = pendigits.as_sent(STROKES * n, BRUSH_DEFAULT)
        visits = (visit_protocol(url, i, stats, timeout, drawings[STROKES * i : STROKES * (i + 1)], same_run, kill)
                  for i in range(n))  # fmt: skip
        await asyncio.gather(*visits)
        return stats
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        await asyncio.gather(*(visit_browser(browser, url, i, stats, timeout, same_run) for i in range(n)))
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
    parser.add_argument("--kill-one", action="store_true",
                        help="with --replicas N (protocol driver): SIGKILL one replica once half the class has pressed "
                        "Start training; its visitors come back through the balancer (no one-process run)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=600, help="seconds a visitor waits for any one step")
    parser.add_argument("--server-log", type=Path, help="keep the server's output (tracebacks) in this file")
    parser.add_argument("--server-option", action="append", default=[], metavar="KEY=VALUE",
                        help="a streamlit option for the server, e.g. runner.postScriptGC=false")  # fmt: skip
    args = parser.parse_args()
    if args.kill_one and (args.replicas < 2 or args.driver != "protocol"):
        parser.error("--kill-one needs --replicas 2 or more, and the protocol driver")

    if args.kill_one:  # a replica dies mid-run: one process, with none to spare, is not compared
        print(json.dumps(measure(args, replicas=args.replicas)))
        return
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
    with serve(replicas, args.server_log, args.server_option) as (url, pids):
        watcher = Watcher(url, pids)
        watcher.start()
        start = time.perf_counter()
        kill = Kill(pids, after=-(-args.sessions // 2)) if args.kill_one else None  # half the class training
        try:
            stats = asyncio.run(run_sessions(url, args.sessions, args.driver, args.timeout, args.same_run, kill))
        finally:
            watcher.done.set()
            watcher.join()
            health, health_failures = watcher.health()
    figures = report(args, replicas, stats, watcher, health, health_failures, time.perf_counter() - start)
    return figures | (kill.report(stats["visits"]) if kill else {})


def report(args, replicas, stats, watcher, health, health_failures, seconds) -> dict:
    loads = sorted(stats["loads"])
    load_p95 = p95(loads)
    worst_at, worst_health = max(health, key=lambda answer: answer[1], default=(float("nan"), float("nan")))
    late = [(at, took) for at, took in health if took > 1.0]
    where = "one process" if replicas == 1 else f"{replicas} replicas behind HAProxy"
    print(f"{args.sessions} sessions ({args.driver}) on {where}: {len(loads)} page loads, {stats['trainings']} "
          f"trainings finished ({stats['trained_itself']} trained by their session) in {seconds:.0f} s")  # fmt: skip
    print(f"page load: median {statistics.median(loads) if loads else float('nan'):.2f} s, p95 {load_p95:.2f} s")
    strokes = sorted(stats["strokes"])
    stroke_p95 = p95(strokes)
    if strokes:
        print(f"stroke to answer: {len(strokes)} strokes, median {statistics.median(strokes):.2f} s, "
              f"p95 {stroke_p95:.2f} s")  # fmt: skip
    print(f"health: {len(health)} answers, {len(late)} over 1 s, slowest {worst_health:.3f} s ({worst_at:.0f} s into "
          f"the run), {len(health_failures)} failures")  # fmt: skip
    if late or health_failures:
        print("  late (s into the run: answer s):", ", ".join(f"{at:.0f}: {took:.2f}" for at, took in late) or "none")
        print("  failed (s into the run):", ", ".join(f"{at:.0f}" for at in health_failures) or "none")
    print("server memory: peak " + ", ".join(f"{mb:.0f} MB" for mb in watcher.peak_mb))
    balancer = f", HAProxy {watcher.cpu['balancer']:.0f} s" if replicas > 1 else ""
    print(f"CPU time: server {watcher.cpu['server']:.0f} s, driver {watcher.cpu['driver']:.0f} s{balancer}")
    for failure in stats["failures"]:
        print(failure)
    return {
        "sessions": args.sessions,
        "replicas": replicas,
        "errors": stats["errors"],
        "p95_page_load_s": round(load_p95, 2),
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
        "balancer_cpu_s": round(watcher.cpu["balancer"]),
    }


if __name__ == "__main__":
    main()
