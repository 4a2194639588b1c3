"""The pure engine and the batch solver on random instances, checked independently."""

import numpy as np
import pytest
from bench.dispatch_instances import greedy, make_instance

from aftersales.dispatch.engine import Instance, Weights, evaluate, rank_candidates
from aftersales.dispatch.solver import solve
from tests.dispatch.checker import check_plan
from tests.dispatch.exact import solve_exact_dense


def tiny(loads=(0, 0), capacity=(3, 3)) -> Instance:
    # One order in Shanghai; technician 0 is 5 km away, technician 1 is 25 km away.
    return Instance(
        order_ids=np.array([1]),
        order_lat=np.array([31.23]),
        order_lon=np.array([121.47]),
        order_group=np.array([0]),
        order_urgency=np.array([1.0]),
        order_slack_min=np.array([600.0]),
        tech_ids=np.array([10, 11]),
        tech_lat=np.array([31.23 + 5 / 111, 31.23 + 25 / 111]),
        tech_lon=np.array([121.47, 121.47]),
        tech_load=np.array(loads),
        tech_capacity=np.array(capacity),
        group_techs=[np.array([0, 1])],
    )


def test_nearest_policy_takes_the_closest_even_when_busy():
    inst = tiny(loads=(2, 0))
    assert rank_candidates(inst, 0, Weights(policy="nearest"))[0].tech_index == 0


def test_balanced_policy_takes_the_least_loaded():
    inst = tiny(loads=(2, 0))
    assert rank_candidates(inst, 0, Weights(policy="balanced"))[0].tech_index == 1


def test_nearest_balanced_trades_distance_against_load():
    w = Weights(policy="nearest_balanced", load=30.0)
    assert rank_candidates(tiny(loads=(0, 0)), 0, w)[0].tech_index == 0  # same load: nearest
    # 20 km further costs 20; the busy one's next job costs 30·(2·3−1)/3 = 50 vs 10: the far one.
    assert rank_candidates(tiny(loads=(2, 0)), 0, w)[0].tech_index == 1


def test_full_technicians_and_infeasible_ones_are_never_candidates():
    inst = tiny(loads=(3, 0))
    assert [c.tech_index for c in rank_candidates(inst, 0, Weights())] == [1]
    inst.group_techs = [np.array([0])]
    assert rank_candidates(inst, 0, Weights()) == []


def test_urgent_orders_pull_harder_towards_the_nearest():
    inst = tiny(loads=(2, 0))
    w = Weights(load=30.0)
    assert rank_candidates(inst, 0, w)[0].tech_index == 1
    inst.order_urgency = np.array([3.75])  # urgent A-tier customer: 2.5 × 1.5
    assert rank_candidates(inst, 0, w)[0].tech_index == 0


@pytest.mark.parametrize("seed", range(12))
def test_batch_plan_is_valid_on_random_instances(seed):
    rng = np.random.default_rng(seed)
    inst = make_instance(int(rng.integers(20, 300)), int(rng.integers(5, 60)), seed=seed)
    if seed % 2:
        inst.tech_max_km = np.full(inst.n_techs, float(rng.uniform(50, 400)))
    if seed % 4 == 1:
        # Areas measured from the stations, not the technicians; some orders placed by fallback.
        inst.reach_lat = inst.tech_lat + rng.normal(0, 1.0, inst.n_techs)
        inst.reach_lon = inst.tech_lon + rng.normal(0, 1.0, inst.n_techs)
        inst.order_reach_exempt = rng.random(inst.n_orders) < 0.2
    if seed % 3 == 0:
        inst.tech_station = rng.integers(0, 6, inst.n_techs)
        inst.station_free = rng.integers(0, 25, 6)
    plan = solve(inst, Weights(), k=int(rng.integers(1, 6)))
    assert check_plan(inst, plan.assignment) == []
    assert set(plan.reasons) == set(np.flatnonzero(plan.assignment < 0).tolist())
    assert set(plan.reasons.values()) <= {
        "no_feasible_technician",
        "capacity_exhausted",
        "outside_service_area",
    }


@pytest.mark.parametrize("seed", range(6))
def test_full_model_matches_an_independent_exact_solver(seed):
    inst = make_instance(120, 25, seed=100 + seed)
    if seed % 2:
        inst.tech_max_km = np.full(inst.n_techs, 300.0)
    w = Weights(policy=("nearest", "balanced", "nearest_balanced")[seed % 3])
    flow = evaluate(inst, solve(inst, w, k=None).assignment, w)
    exact = evaluate(inst, solve_exact_dense(inst, w), w)
    # Integer rounding of arc costs (1/100) is the only allowed difference.
    assert flow.objective == pytest.approx(exact.objective, abs=0.01 * inst.n_orders)
    assert flow.unassigned == exact.unassigned


@pytest.mark.parametrize("seed", range(4))
def test_optimum_is_never_worse_than_the_greedy_baseline(seed):
    inst = make_instance(400, 60, seed=200 + seed)
    w = Weights()
    optimal = evaluate(inst, solve(inst, w, k=8).assignment, w)
    baseline = greedy(inst, w)
    assert check_plan(inst, baseline) == []
    assert optimal.objective <= evaluate(inst, baseline, w).objective + 1e-6
