"""Batch dispatch on synthetic instances: min-cost flow vs the greedy baseline, and the exact gap.

Each size runs in a fresh subprocess so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SIZES = [(1_000, 200), (10_000, 2_000), (50_000, 5_000)]
K = 8


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM). Not ru_maxrss: Linux carries that over
    from the parent across exec, so a child started by a big parent would report the parent's."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def run_size(n_orders: int, n_techs: int) -> dict:
    from aftersales.dispatch.engine import Weights, evaluate
    from aftersales.dispatch.solver import solve
    from bench.dispatch_instances import greedy, make_instance

    w = Weights()
    inst = make_instance(n_orders, n_techs, seed=n_orders)
    base_rss = peak_rss_mb()
    times, plan = [], None
    for _ in range(5):
        start = time.perf_counter()
        plan = solve(inst, w, k=K)
        times.append(time.perf_counter() - start)
    assert plan is not None
    optimal = evaluate(inst, plan.assignment, w)
    start = time.perf_counter()
    baseline_assignment = greedy(inst, w)
    greedy_s = time.perf_counter() - start
    baseline = evaluate(inst, baseline_assignment, w)
    return {
        "size": f"{n_orders:,} × {n_techs:,}",
        "solve_median_s": statistics.median(times),
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": base_rss,
        "objective": optimal.objective - optimal.unassigned * w.unassigned,
        "arcs": plan.arcs,
        "rounds": plan.rounds,
        "opt": optimal.__dict__,
        "greedy": baseline.__dict__,
        "greedy_objective": baseline.objective - baseline.unassigned * w.unassigned,
        "greedy_s": greedy_s,
    }


def exact_gap() -> list[list[object]]:
    from tests.dispatch.exact import solve_exact_dense

    from aftersales.dispatch.engine import Weights, evaluate
    from aftersales.dispatch.solver import solve
    from bench.dispatch_instances import make_instance

    w = Weights()
    inst = make_instance(1_000, 200, seed=1_000)
    start = time.perf_counter()
    exact = evaluate(inst, solve_exact_dense(inst, w), w)
    exact_s = time.perf_counter() - start
    served = exact.objective - exact.unassigned * w.unassigned
    rows: list[list[object]] = [
        [
            "dense assignment (SciPy), independent",
            "—",
            f"{served:,.1f}",
            exact.unassigned,
            "0 (reference)",
            f"{exact_s:.2f}",
        ]
    ]
    for k in (None, 32, 16, 8, 4):
        start = time.perf_counter()
        got = evaluate(inst, solve(inst, w, k=k).assignment, w)
        took = time.perf_counter() - start
        value = got.objective - got.unassigned * w.unassigned
        gap = (got.objective - exact.objective) / served * 100
        rows.append(
            [
                f"min-cost flow, {'full model' if k is None else f'k={k}'}",
                "all" if k is None else k,
                f"{value:,.1f}",
                got.unassigned,
                f"{gap:.3f} %",
                f"{took:.2f}",
            ]
        )
    return rows


def single_order_engine(n_techs: int = 2_000, runs: int = 2_000) -> list[float]:
    """Ranking all 2,000 technicians for one order, in the pure engine."""
    from aftersales.dispatch.engine import Weights, rank_candidates
    from bench.dispatch_instances import make_instance

    w = Weights()
    inst = make_instance(runs, n_techs, seed=7, regions=1)
    samples = []
    for o in range(runs):
        start = time.perf_counter()
        rank_candidates(inst, o, w, limit=5)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def collect() -> list[dict]:
    results = []
    for n, m in SIZES:
        out = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.dispatch_solver", str(n), str(m)],
            capture_output=True,
            cwd=Path(__file__).resolve().parent.parent,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


if __name__ == "__main__":
    print(json.dumps(run_size(int(sys.argv[1]), int(sys.argv[2])), default=float))
