"""`aftersales backup <file>`: a consistent copy of the whole database, taken while serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aftersales.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to a file (SQLite online backup, or pg_dump --format=custom)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            backup(opts["file"], overwrite=opts["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"backup written to {opts['file']}"))
