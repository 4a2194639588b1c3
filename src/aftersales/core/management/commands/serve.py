"""Serve with gunicorn (a production WSGI server) plus one Huey consumer for background work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand


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
        consumer = None
        if not opts["no_worker"]:
            consumer = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "aftersales", "run_huey", "--workers", "2"]
            )
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
            "--access-logfile",
            "-",
        ]
        try:
            subprocess.run(cmd, check=False)  # noqa: S603
        except KeyboardInterrupt:
            pass
        finally:
            if consumer is not None:
                consumer.send_signal(signal.SIGINT)
                consumer.wait(timeout=10)

    def print_logins(self, host: str, port: int) -> None:
        from aftersales.core.models import User
        from aftersales.demo.data import DEMO_LOGINS, DEMO_PASSWORD

        self.stdout.write(
            self.style.SUCCESS(f"\naftersales 售后服务管理系统: http://{host}:{port}/")
        )
        self.stdout.write(f"API docs: http://{host}:{port}/api/docs")
        known = set(
            User.objects.filter(username__in=[u for u, _ in DEMO_LOGINS]).values_list(
                "username", flat=True
            )
        )
        if known:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for username, what in DEMO_LOGINS:
                if username in known:
                    self.stdout.write(f"  {username:<11} {what}")
        self.stdout.write("")
