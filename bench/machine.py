"""What a class costs the machine: the server processes' memory and CPU time (and the driver's), and how fast
the server answers its health check all along, polled from a process of its own (bench/load.py)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import threading
from pathlib import Path


def p95(values) -> float:
    """The 95th percentile by nearest rank: the smallest value at or above 95% of them (of 12, the 12th)."""
    ranked = sorted(values)
    return ranked[math.ceil(0.95 * len(ranked)) - 1] if ranked else float("nan")


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


def command(pid: int) -> str:
    """A process's command name ("" once it has gone)."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


class Watcher(threading.Thread):
    """Samples memory and CPU time, and reads the health poller's answers, until told to stop."""

    def __init__(self, url: str, server_pids: list[int]):
        super().__init__(daemon=True)
        self.server_pids = server_pids
        self.peak_mb = [0.0] * len(server_pids)  # each server process (with its children)
        self.cpu = {"server": 0.0, "driver": 0.0, "balancer": 0.0}
        self.done = threading.Event()
        self._poller = subprocess.Popen(
            [sys.executable, "-c", HEALTH_POLLER, f"{url}/_stcore/health"], stdout=subprocess.PIPE, text=True
        )
        self._start_cpu = self._cpu()

    def _cpu(self) -> dict[str, float]:
        server = [p for pid in self.server_pids for p in tree(pid)]
        ours = [p for p in tree(os.getpid()) if p not in server and p != self._poller.pid]
        balancer = [p for p in ours if command(p) == "haproxy"]  # started by the driver, but not the driver's work
        driver = [p for p in ours if p not in balancer]
        return {"server": cpu_seconds(server), "driver": cpu_seconds(driver), "balancer": cpu_seconds(balancer)}

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
