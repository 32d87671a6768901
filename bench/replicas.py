"""Several nnviz server processes on loopback behind HAProxy, configured from deploy/haproxy.cfg.

The bench (`bench/load.py --replicas N`) and the tests start them the way deploy/compose.yaml does on a
container host: N processes sharing one cache folder (the finished runs), one balancer with sticky sessions.
`bench/load.py --kill-one` kills one of them mid-run (`Kill`) and checks what its visitors find when they
come back (`come_back`).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs

from bench.machine import p95

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "haproxy.cfg"
COOKIE = "NNVIZ_REPLICA"  # the config's sticky-session cookie: which replica (app1, app2, ...) holds a session
LOST = "A training was running on this page, and it is not here"  # the Training page's notice (lessons/training)
LOST_RESULT = "A finished training was on this page, and it is not here"  # its notice for a run that had ended
RUNNING = "running"  # in a visitor's URL while its training runs
TRAINED = "trained"  # in a visitor's URL while its finished training's results are on the page


def haproxy_config(listen: int, ports: list[int]) -> str:
    """deploy/haproxy.cfg, listening on loopback `listen` and balancing the replicas on `ports`."""
    text = CONFIG.read_text()
    text = text.replace("bind :8080", f"bind 127.0.0.1:{listen}")
    servers = "".join(f"    server app{i} 127.0.0.1:{port} check cookie app{i}\n" for i, port in enumerate(ports, 1))
    return re.sub(r"(    server app\d+ .*\n)+", servers, text)


def _up_servers(sock: Path) -> set[str]:
    """The replicas (app1, app2, ...) that HAProxy's health checks count as up, asked on its admin socket."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(str(sock))
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    rows = [line.split(",") for line in data.decode().splitlines() if line and not line.startswith("#")]
    return {row[1] for row in rows if len(row) > 17 and row[0] == "replicas" and row[17] == "UP"}


@contextmanager
def balancer(listen: int, ports: list[int]):
    """HAProxy on loopback in front of `ports`; yields its address once every replica passes its health check."""
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    folder = Path(tempfile.mkdtemp(prefix="nnviz-haproxy-"))
    config = folder / "haproxy.cfg"
    sock = config.with_suffix(".sock")
    text = haproxy_config(listen, ports)
    config.write_text(text.replace("global\n", f"global\n    stats socket {sock} level admin\n", 1))
    process = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 30
        names = {f"app{i}" for i in range(1, len(ports) + 1)}
        while True:
            try:
                if _up_servers(sock) >= names:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy did not come up: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path | None, options: list[str], script: Path = ROOT / "serve.py",
                 env: dict | None = None) -> subprocess.Popen:  # fmt: skip
    """The app as it is hosted (.streamlit/config.toml: no file watcher)."""
    command = [sys.executable, "-m", "streamlit", "run", script.name, "--server.port", str(port)]
    command += ["--server.headless", "true"]
    for option in options:
        command += [f"--{option.split('=', 1)[0]}", option.split("=", 1)[1]]
    out = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below: the server has its own copy)
    server = subprocess.Popen([*command, "--server.address", "127.0.0.1"], cwd=script.parent, stdout=out, stderr=out,
                              env=env)  # fmt: skip
    if log:
        out.close()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("the server did not start")


@contextmanager
def serve(replicas: int, log: Path | None = None, options: list[str] = ()):
    """`replicas` server processes sharing a fresh store of finished runs (one process: no balancer); yields the
    address visitors use and the server processes' ids."""
    runs = Path(tempfile.mkdtemp(prefix="nnviz-runs-"))
    env = os.environ | {"NNVIZ_RUNS_DIR": str(runs)}
    ports = [free_port() for _ in range(replicas)]
    servers = []
    try:
        servers = [start_server(port, log, list(options), env=env) for port in ports]
        if replicas == 1:
            yield f"http://127.0.0.1:{ports[0]}", [servers[0].pid]
        else:
            with balancer(free_port(), ports) as url:
                yield url, [server.pid for server in servers]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(runs, ignore_errors=True)


def replica_of(cookies: str) -> str:
    """The replica (app1, app2, ...) a browser's cookies tie it to; "" without a balancer."""
    jar = dict(part.split("=", 1) for part in cookies.split("; ") if "=" in part)
    return jar.get(COOKIE, "")


class Kill:
    """Kills one replica with SIGKILL, as a crash, once `after` visitors have pressed Start training: the class is
    mid-run. It kills the replica of the visitor whose press completes that number, so at least one visitor
    loses a running training. `pids` are the replicas' processes in the order `serve` yields them (app1, ...)."""

    def __init__(self, pids: list[int], after: int):
        self.pids, self.after = pids, after
        self.started = 0  # visitors who have pressed Start training so far
        self.replica = ""  # which one died (app1, app2, ...)
        self.began, self.at = time.perf_counter(), 0.0  # the load's start, and the kill's (0 while all live)

    def training_started(self, replica: str) -> None:
        self.started += 1
        if self.started == self.after and replica:
            self.replica, self.at = replica, time.perf_counter()
            os.kill(self.pids[int(replica.removeprefix("app")) - 1], signal.SIGKILL)

    def report(self, visits: list[dict]) -> dict:
        """Prints and returns what the kill cost. `visits`: one per visitor, with its replica, whether it lost
        its connection, whether it finished its training, its errors, and what come_back returned (or None)."""
        if not self.at:
            print(f"no replica was killed: {self.started} of the {self.after} presses of Start needed came")
            return {"killed_replica": None}
        survivors = [v for v in visits if v["replica"] != self.replica]
        killed = [v for v in visits if v["lost"]]
        back = [v["came_back"] for v in killed if v["came_back"]]
        reconnects = sorted(b["seconds"] for b in back)
        figures = {
            "killed_replica": self.replica,
            "killed_at_s": round(self.at - self.began, 1),
            "survivor_visitors": len(survivors),
            "survivor_errors": sum(v["errors"] for v in survivors),
            "survivor_trainings": sum(v["trained"] for v in survivors),
            "killed_left_before": sum(v["replica"] == self.replica and not v["lost"] for v in visits),  # done
            "killed_visitors": len(killed),  # connected to it when it died
            "killed_reconnected": len(back),
            "killed_training": sum(b["training"] for b in back),  # of those who came back, training when it died
            "killed_notified": sum(b["notified"] for b in back),
            "killed_restored": sum(b["restored"] for b in back),
            "killed_retrained": sum(b.get("retrained", False) for b in back),
            "killed_errors": sum(v["errors"] for v in killed),
            "p95_reconnect_s": round(p95(reconnects), 2) if reconnects else None,
        }
        self._say(figures)
        return figures

    def _say(self, f: dict) -> None:
        print(f"killed {self.replica} {f['killed_at_s']:.0f} s into the run, once {self.after} visitors had pressed "
              f"Start training")  # fmt: skip
        print(f"its visitors: {f['killed_visitors']} connected when it died ({f['killed_left_before']} more had "
              f"finished), {f['killed_reconnected']} came back (p95 {f['p95_reconnect_s']} s from the drop to their "
              f"page), {f['killed_restored']} with their settings; {f['killed_notified']} of the "
              f"{f['killed_training']} whose training was lost were told so, {f['killed_retrained']} trained again; "
              f"{f['killed_errors']} errors")  # fmt: skip
        print(f"the survivors' visitors: {f['survivor_visitors']}, {f['survivor_trainings']} trainings finished, "
              f"{f['survivor_errors']} errors")  # fmt: skip


def shown(number_input) -> float | None:
    """What a fresh page's number input shows: the value the server set, else its default."""
    if number_input is None:
        return None
    return number_input.value if number_input.set_value else number_input.default


async def come_back(visitor, settings: dict[str, float], timeout: float) -> dict:
    """A visitor whose replica died reconnects through the balancer and reruns its page from its URL (see
    bench/protocol.py). Checked, into `visitor.errors`: the page is drawn without an error by another
    replica, the notice that its training was lost shows exactly when its URL said a training was running (and
    the one that its finished training was lost, exactly when the URL said one had finished), and each number
    input in `settings` (label: value) is back. Returns what the figures count."""
    dead, marks = replica_of(visitor.cookie), parse_qs(visitor.query_string)
    training = RUNNING in marks
    seconds = await visitor.reconnect(timeout)
    alerts = [e.alert.body for e in visitor.elements if e.WhichOneof("type") == "alert"]
    notified = any(LOST in body for body in alerts)
    if any(LOST_RESULT in body for body in alerts) != (TRAINED in marks):
        visitor.errors.add(f"came back {'without' if TRAINED in marks else 'with'} the notice that a finished "
                           "training was lost")  # fmt: skip
    wrong = {label: shown(visitor.widget("number_input", label)) for label in settings}
    wrong = {label: value for label, value in wrong.items() if value != settings[label]}
    if replica_of(visitor.cookie) in ("", dead):
        visitor.errors.add(f"came back to {replica_of(visitor.cookie) or 'no replica'}, not a live one")
    if visitor.title() is None:
        visitor.errors.add("came back to a page without a title")
    if notified != training:
        visitor.errors.add(f"came back {'without' if training else 'with'} the notice that a training was lost")
    if wrong:
        visitor.errors.add(f"came back with other settings: {wrong}, not {settings}")
    return {"training": training, "notified": notified, "restored": not wrong, "seconds": seconds}
