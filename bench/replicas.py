"""Several nnviz server processes on loopback behind HAProxy, configured from deploy/haproxy.cfg.

The bench (`bench/load.py --replicas N`) and the tests start them the way deploy/compose.yaml does on a
container host: N processes sharing one cache folder (the finished runs), one balancer with sticky sessions.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "haproxy.cfg"


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
    out = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115 (the server writes to it until the end)
    server = subprocess.Popen([*command, "--server.address", "127.0.0.1"], cwd=script.parent, stdout=out, stderr=out,
                              env=env)  # fmt: skip
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
