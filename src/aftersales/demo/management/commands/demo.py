from __future__ import annotations

import time
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand

from aftersales.demo import loader
from aftersales.demo.progress import Progress


class Command(BaseCommand):
    help = "Load the demo data set once (a national network, 300 customers, 2,000 work orders)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--customers", type=int, default=300)
        parser.add_argument("--orders", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=20261124)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["customers"] < 1 or opts["orders"] < 0:
            self.stderr.write("--customers must be at least 1 and --orders at least 0")
            raise SystemExit(2)
        started = time.monotonic()
        loaded = loader.load(
            customers_count=opts["customers"],
            orders_count=opts["orders"],
            seed=opts["seed"],
            progress=Progress(cast(TextIO, self.stdout._out)),
        )
        if loaded:
            self.stdout.write(
                self.style.SUCCESS(f"demo data loaded in {time.monotonic() - started:.1f} s")
            )
        else:
            self.stdout.write("demo data already loaded; nothing to do")
