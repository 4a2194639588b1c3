"""Requests per second through a real server (gunicorn, as `aftersales serve` starts it):
an authenticated `get_work_order` against Django's floor (`/healthz`: no session, no query),
on the bench database. Issue 8 §4 asks for at least half the floor's throughput.

The load comes from threads of this process with keep-alive connections; they share the
machine with the server, so both figures are lower than on separate machines, the ratio less so.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from aftersales.workorders.models import WorkOrder
from bench.api_latency import _token

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 5.0
CLIENTS = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _hammer(port: int, path: str, headers: dict[str, str], seconds: float) -> tuple[int, int]:
    """(responses, errors) from CLIENTS keep-alive connections for `seconds`."""
    counts = [0] * CLIENTS
    errors = [0] * CLIENTS
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status in (200, 302):
                counts[i] += 1
            else:
                errors[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts), sum(errors)


def run(workers: int = 2) -> list[list[object]]:
    order = WorkOrder.objects.order_by("-id").first()
    assert order is not None
    auth = {"Authorization": f"Bearer {_token('agent')}"}
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "gunicorn",
            "aftersales.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        cases = [
            ("GET /healthz (floor: no session, no query)", "/healthz", {}),
            ("GET / anonymous (Django's bare page: redirect to login)", "/", {}),
            ("get_work_order, bearer token", f"/api/v1/work-orders/{order.pk}", auth),
        ]
        rates = []
        for _name, path, headers in cases:
            _hammer(port, path, headers, 1.0)  # warm-up: connections, caches, prepared plans
            done, failed = _hammer(port, path, headers, SECONDS)
            assert failed == 0, f"{path}: {failed} errors"
            rates.append(done / SECONDS)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [
        [name, f"{rate:,.0f}", f"{rate / rates[0] * 100:.0f} %", f"{rate / rates[1] * 100:.0f} %"]
        for (name, _p, _h), rate in zip(cases, rates, strict=True)
    ]
