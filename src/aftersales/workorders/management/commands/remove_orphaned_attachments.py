from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aftersales.workorders.housekeeping import ORPHAN_GRACE, orphaned_attachment_files_remove


class Command(BaseCommand):
    help = (
        "Remove attachment files that no attachment points to (left by a rolled-back upload) "
        "and that are older than an hour. Also runs nightly in the Huey consumer."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=int(ORPHAN_GRACE.total_seconds() // 60),
            help="leave younger files alone (an upload may still be in flight); default 60",
        )
        parser.add_argument("--dry-run", action="store_true", help="list, do not remove")

    def handle(self, *args: Any, **opts: Any) -> None:
        minutes = opts["older_than_minutes"]
        if minutes < 60:
            raise CommandError("--older-than-minutes must be at least 60")
        sweep = orphaned_attachment_files_remove(
            older_than=timedelta(minutes=minutes), dry_run=opts["dry_run"]
        )
        for name in sweep.removed:
            self.stdout.write(name)
        verb = "would remove" if opts["dry_run"] else "removed"
        self.stdout.write(f"{sweep.examined} files examined, {verb} {len(sweep.removed)}")
