"""`aftersales restore <file>`: replace the whole database with a backup of this system."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aftersales.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database with a backup written by `aftersales backup`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="a file written by `aftersales backup`")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["interactive"]:
            answer = input(
                "Restoring replaces every record in the database with the backup's. "
                "Stop the server first. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore(opts["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"database restored from {opts['file']}"))
