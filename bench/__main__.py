"""`make bench`: benchmarks printed as a table. Runs on its own database under var/bench/
(or DATABASE_URL), loaded with the demo data set, so it never touches the working database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("AFTERSALES_VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")


def main() -> None:
    import django

    Path(os.environ["AFTERSALES_VAR_DIR"], "static").mkdir(parents=True, exist_ok=True)
    django.setup()
    from bench import api_latency

    rows = api_latency.run()
    print_table(["benchmark", "n", "median ms", "p95 ms", "p99 ms", "note"], rows)


def print_table(header: list[str], rows: list[list[object]]) -> None:
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    for i, row in enumerate(cells):
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if i == 0:
            print(line)
    print(line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
