"""Batch dispatch on synthetic instances: min-cost flow vs the greedy baseline, the gap to an
independent exact solver, and the k-nearest graph alone (before pricing) against the plan priced
to a proof of optimality (after).

Each size of the greedy comparison runs in a fresh subprocess so its peak memory (max RSS) is
its own.
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
EXACT_SIZES = [(1_000, 200), (2_000, 400)]  # small enough for SciPy's dense assignment
LARGE_SIZES = [(10_000, 2_000), (50_000, 5_000)]
RADIUS_KM = 60.0  # service areas around the stations (city centres) in the instances with areas
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
        "proven": plan.proven,
        "opt": optimal.__dict__,
        "greedy": baseline.__dict__,
        "greedy_objective": baseline.objective - baseline.unassigned * w.unassigned,
        "greedy_s": greedy_s,
    }


def _label(n_orders: int, n_techs: int, radius_km: float | None) -> str:
    areas = f", {radius_km:.0f} km areas" if radius_km is not None else ""
    return f"{n_orders:,} × {n_techs:,}{areas}"


VARIANTS: list[tuple[str, int | None, bool]] = [  # row label, candidates k, prove
    ("min-cost flow, full model", None, True),
    (f"k={K} graph alone (before)", K, False),
    (f"k={K} graph priced to a proof (after)", K, True),
]


def exact_gap() -> list[list[object]]:
    """Every variant against SciPy's exact dense assignment, with and without service areas."""
    from tests.dispatch.exact import solve_exact_dense

    from aftersales.dispatch.engine import Weights, evaluate
    from aftersales.dispatch.solver import solve
    from bench.dispatch_instances import make_instance

    w = Weights()
    rows: list[list[object]] = []
    for n, m in EXACT_SIZES:
        for radius in (None, RADIUS_KM):
            inst = make_instance(n, m, seed=n, radius_km=radius)
            label = _label(n, m, radius)
            start = time.perf_counter()
            exact = evaluate(inst, solve_exact_dense(inst, w), w)
            exact_s = time.perf_counter() - start
            served = exact.objective - exact.unassigned * w.unassigned
            rows.append(
                [label, "dense assignment (SciPy), independent", f"{exact_s:.2f}", "—"]
                + [f"{served:,.1f}", exact.unassigned, "0 (reference)", "—"]
            )
            for name, k, prove in VARIANTS:
                start = time.perf_counter()
                plan = solve(inst, w, k=k, prove=prove)
                took = time.perf_counter() - start
                got = evaluate(inst, plan.assignment, w)
                value = got.objective - got.unassigned * w.unassigned
                gap = (got.objective - exact.objective) / served * 100
                rows.append(
                    [label, name, f"{took:.2f}", plan.rounds, f"{value:,.1f}", got.unassigned]
                    + [f"{gap:.4f} %", "yes" if plan.proven else "no"]
                )
    return rows


def before_after(runs: int = 3) -> list[list[object]]:
    """The large instances with service areas: the k-nearest graph alone (with the fallback for
    stranded orders) against the same graph priced to a proof of optimality."""
    from aftersales.dispatch.engine import Weights, evaluate
    from aftersales.dispatch.solver import solve
    from bench.dispatch_instances import make_instance

    w = Weights()
    rows: list[list[object]] = []
    for n, m in LARGE_SIZES:
        inst = make_instance(n, m, seed=n, radius_km=RADIUS_KM)
        results = []
        for _, k, prove in VARIANTS[1:]:
            times, plan = [], None
            for _ in range(runs):
                start = time.perf_counter()
                plan = solve(inst, w, k=k, prove=prove)
                times.append(time.perf_counter() - start)
            assert plan is not None
            results.append((statistics.median(times), plan, evaluate(inst, plan.assignment, w)))
        optimum = results[-1][2]
        for (name, _, _), (seconds, plan, got) in zip(VARIANTS[1:], results, strict=True):
            steps = " / ".join(
                f"{plan.seconds.get(step, 0.0):.2f}" for step in ("flow", "potentials", "pricing")
            )
            excess = (got.objective - optimum.objective) / (
                optimum.objective - optimum.unassigned * w.unassigned
            )
            rows.append(
                [_label(n, m, RADIUS_KM), name, f"{seconds:.2f}", steps, plan.rounds]
                + [f"{plan.arcs:,}", f"{plan.priced_pairs:,}"]
                + [f"{got.objective - got.unassigned * w.unassigned:,.0f}", f"{got.unassigned:,}"]
                + [f"{excess * 100:.3f} %", "yes" if plan.proven else "no"]
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
