"""`make bench`: benchmarks printed as tables.

Runs on a fresh database of its own under var/bench/ (or DATABASE_URL), loaded with the demo
data set, so it never touches the working database.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("AFTERSALES_VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")


def main() -> None:
    var = Path(os.environ["AFTERSALES_VAR_DIR"])
    if not os.environ.get("DATABASE_URL") and var.exists():
        shutil.rmtree(var)
    (var / "static").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from bench import api_latency, dispatch_latency, dispatch_solver

    call_command("migrate", verbosity=0)
    print("\nAPI latency on the demo data set (2,000 work orders), Django test client, in-process")
    print_table(["benchmark", "n", "median ms", "p95 ms", "p99 ms", "note"], api_latency.run())

    print(
        "\nBatch dispatch (min-cost flow from k=8 candidates, priced to a proof of optimality)"
        " vs greedy nearest-with-capacity, synthetic instances"
    )
    rows = []
    for r in dispatch_solver.collect():
        o, g = r["opt"], r["greedy"]
        rows.append(
            [
                r["size"],
                f"{r['solve_median_s']:.3f}",
                f"{r['rounds']} ({'proven' if r['proven'] else 'not proven'})",
                f"{r['peak_rss_mb']:.0f} ({r['rss_before_mb']:.0f})",
                f"{r['objective']:,.0f}",
                f"{o['travel_km']:,.0f}",
                f"{g['travel_km']:,.0f}",
                f"{o['travel_km'] / g['travel_km'] * 100:.0f} %",
                f"{o['max_load']} / {g['max_load']}",
                f"{o['load_std']:.2f} / {g['load_std']:.2f}",
                f"{o['unassigned']:,} / {g['unassigned']:,}",
                f"{r['greedy_objective']:,.0f}",
            ]
        )
    print_table(
        [
            "orders × technicians",
            "solve s (median of 5)",
            "flow solves",
            "peak RSS MB (before solving)",
            "objective",
            "travel km",
            "greedy travel km",
            "travel vs greedy",
            "max load opt / greedy",
            "load std opt / greedy",
            "unassigned opt / greedy",
            "greedy objective",
        ],
        rows,
    )

    print("\nExactness: gap to an independent exact solution of the full model (SciPy)")
    print_table(
        ["instance", "solver", "seconds", "flow solves", "objective (served)", "unassigned"]
        + ["gap (an unserved order costs 1,000,000)", "proven optimal"],
        dispatch_solver.exact_gap(),
    )

    print(
        "\nThe k=8 candidate graph alone (before) vs priced to a proof of optimality (after),"
        " with service areas"
    )
    print_table(
        ["instance", "solver", "seconds (median of 3)", "flow / potentials / pricing s"]
        + ["flow solves", "arcs", "pairs priced", "objective (served)", "unassigned"]
        + ["excess over the optimum", "proven optimal"],
        dispatch_solver.before_after(),
    )

    import gc

    engine = dispatch_solver.single_order_engine()
    # As in a served worker (aftersales/wsgi.py): long-lived objects frozen out of the collector.
    gc.collect()
    gc.freeze()
    end_to_end = dispatch_latency.run()
    rows = []
    for name, samples in (
        ("engine only (rank 2,000 technicians)", engine),
        ("auto_dispatch service, database included (gc frozen as in wsgi.py)", end_to_end),
    ):
        p50, p99 = dispatch_latency.summary(samples)
        rows.append([name, len(samples), f"{p50:.2f}", f"{p99:.2f}"])
    print("\nSingle-order automatic dispatch with 2,000 technicians in the region")
    print_table(["path", "n", "p50 ms", "p99 ms"], rows)

    from bench import fault_stats_bench, settlement_bench, warranty_latency

    print("\nWarranty (三包) entitlement through the service, database included (300 orders)")
    print_table(["path", "n", "median ms", "p99 ms"], warranty_latency.run())

    print("\nMonthly settlement of one month, generate_settlements (bulk-written fixture)")
    print_table(settlement_bench.HEADER, settlement_bench.run())

    from bench import scale_latency, throughput

    print(
        "\nThroughput through gunicorn (2 workers × 4 threads), 8 keep-alive clients on the "
        "same machine, demo data"
    )
    print_table(["request", "requests/s", "of /healthz", "of GET /"], throughput.run())

    # It grows the bench database to BENCH_SCALE_ORDERS orders (default 1,000,000): after the
    # demo-size tables. The fault statistics' 500,000 orders are another maker's: after that.
    scale_latency.section(print_table)

    print(
        f"\nFault statistics over {fault_stats_bench.LINES:,} claim lines through the API, "
        f"median of {fault_stats_bench.RUNS} after a warm-up"
    )
    print_table(["chart", "rows", "seconds"], fault_stats_bench.run())


def print_table(header: list[str], rows: list[list[object]]) -> None:
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = "-+-".join("-" * w for w in widths)
    for i, row in enumerate(cells):
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if i == 0:
            print(line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
