from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aftersales.demo import scale


class Command(BaseCommand):
    help = (
        "Add N work orders (default 1,000,000) with their customers, assets, lines, assignments "
        "and audit events, in bulk, on top of the demo data set: a database to measure at scale."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--orders", type=int, default=1_000_000)
        parser.add_argument("--days", type=int, default=730, help="spread over the last N days")
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["orders"] < 1:
            raise CommandError("--orders must be at least 1")
        if opts["days"] < 1:
            raise CommandError("--days must be at least 1")
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stdout.write(f"\r{done:,} / {total:,} orders ({rate:,.0f}/s)", ending="")
            self.stdout.flush()

        try:
            written = scale.generate(
                opts["orders"], seed=opts["seed"], days=opts["days"], progress=progress
            )
        except scale.NoDemo as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        for table, rows in written.items():
            self.stdout.write(f"  {table}: {rows:,} rows")
        self.stdout.write(
            self.style.SUCCESS(f"{opts['orders']:,} orders in {time.monotonic() - started:.1f} s")
        )
