"""`aftersales serve` stops the gunicorn and Huey processes it started when it is stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigterm_stops_gunicorn_and_the_huey_consumer(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "AFTERSALES_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "aftersales.settings",
    }
    env.pop("DATABASE_URL", None)
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "aftersales", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not port_open(port):
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not start listening"
            time.sleep(0.2)
        children = descendants(serve.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children]
        assert any(b"gunicorn" in c for c in commands)
        assert any(b"run_huey" in c for c in commands)

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) == 0

        assert not port_open(port)
        assert [pid for pid in children if alive(pid)] == []
    finally:
        for pid in [serve.pid, *children]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()
