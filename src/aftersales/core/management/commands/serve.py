"""Serve with gunicorn (a production WSGI server) plus one Huey consumer for background work.

The command stays in the foreground as the parent of both. On SIGTERM, SIGINT or SIGHUP it
stops them (gunicorn gracefully, the consumer after its running tasks) and waits for them, so a
service manager that stops `aftersales serve` frees the port; if either child dies, it stops
the other and exits with the child's status.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

from aftersales.core.banners import banner_lines

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
GRACE_SECONDS = 15


def _die_with_parent() -> None:
    # Linux: the kernel sends SIGTERM to the child if `serve` itself is killed with SIGKILL,
    # the one signal it cannot pass on.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Command(BaseCommand):
    help = "Serve the application with gunicorn and run a Huey consumer beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3")))
        parser.add_argument("--no-worker", action="store_true", help="do not start a Huey consumer")

    def handle(self, *args: Any, **opts: Any) -> None:
        host, port = opts["host"], opts["port"]
        self.print_logins(host, port)
        received: list[int] = []
        previous = {
            sig: signal.signal(sig, lambda n, _f: received.append(n)) for sig in STOP_SIGNALS
        }
        # (process, signal that stops it gracefully): Huey finishes running tasks on SIGINT
        # (SIGTERM would abandon them); gunicorn drains its workers on SIGTERM.
        children: list[tuple[subprocess.Popen[bytes], signal.Signals]] = []
        try:
            if not opts["no_worker"]:
                consumer = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                    [sys.executable, "-m", "aftersales", "run_huey", "--workers", "2"],
                    # Safe here: serve starts its children before it runs any thread.
                    preexec_fn=_die_with_parent,  # noqa: PLW1509
                )
                children.append((consumer, signal.SIGINT))
            cmd = [
                sys.executable,
                "-m",
                "gunicorn",
                "aftersales.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(opts["workers"]),
                "--threads",
                "4",
                "--graceful-timeout",
                str(GRACE_SECONDS - 5),
                "--access-logfile",
                "-",
            ]
            server = subprocess.Popen(cmd, preexec_fn=_die_with_parent)  # noqa: S603, PLW1509
            children.append((server, signal.SIGTERM))
            while not received and all(child.poll() is None for child, _ in children):
                time.sleep(0.2)
        finally:
            self.stop(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        failed = [c.returncode for c, _ in children if c.returncode not in (0, None)]
        if not received and failed:
            sys.exit(failed[0] if failed[0] > 0 else 1)

    def stop(self, children: list[tuple[subprocess.Popen[bytes], signal.Signals]]) -> None:
        for child, graceful in children:
            if child.poll() is None:
                child.send_signal(graceful)
        deadline = time.monotonic() + GRACE_SECONDS
        for child, _graceful in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    def print_logins(self, host: str, port: int) -> None:
        self.stdout.write(
            self.style.SUCCESS(f"\naftersales 售后服务管理系统: http://{host}:{port}/")
        )
        self.stdout.write(f"API docs: http://{host}:{port}/api/docs")
        for line in banner_lines():
            self.stdout.write(line)
        self.stdout.write("")
