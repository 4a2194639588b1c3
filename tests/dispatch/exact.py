"""An independent exact solver for batch dispatch: SciPy's dense assignment, not OR-Tools, to
check the min-cost flow's optimality on small instances (tests and `make bench`)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from aftersales.dispatch.engine import (
    Instance,
    Weights,
    marginal_load_cost,
    pair_costs,
    within_reach,
)


def solve_exact_dense(inst: Instance, w: Weights) -> np.ndarray:
    """The full model solved independently of OR-Tools: a dense assignment problem whose columns
    are every technician's free slots (at their marginal load cost) plus one "unassigned" column
    per order (SciPy's linear_sum_assignment). For checking optimality on small instances without
    station capacities (a second capacity level is beyond an assignment model)."""
    if inst.station_free is not None:
        raise ValueError("the dense check does not model station capacities")
    n = inst.n_orders
    free = inst.capacity_left
    slot_tech = np.repeat(np.arange(inst.n_techs), free)
    slot_j = (
        np.concatenate([np.arange(1, f + 1) for f in free])
        if free.sum()
        else np.empty(0, dtype=np.int64)
    )
    big = w.unassigned * 10
    matrix = np.full((n, len(slot_tech) + n), big)
    matrix[:, len(slot_tech) :] = np.where(np.eye(n, dtype=bool), w.unassigned, big)
    marginal = np.array(
        [
            marginal_load_cost(int(inst.tech_load[t]), int(inst.tech_capacity[t]), int(j), w)
            for t, j in zip(slot_tech, slot_j, strict=True)
        ]
    )
    for g in np.unique(inst.order_group):
        orders = np.flatnonzero(inst.order_group == g)
        allowed = np.isin(slot_tech, inst.group_techs[g])
        cols = np.flatnonzero(allowed)
        if not len(cols):
            continue
        oo = np.repeat(orders, len(cols))
        tt = np.tile(slot_tech[cols], len(orders))
        cost, _, _ = pair_costs(inst, oo, tt, w)
        cost = np.where(within_reach(inst, oo, tt), cost, big)
        matrix[np.ix_(orders, cols)] = cost.reshape(len(orders), len(cols)) + marginal[cols]
    rows, cols = linear_sum_assignment(matrix)
    assignment = np.full(n, -1, dtype=np.int64)
    slot = cols < len(slot_tech)
    assignment[rows[slot]] = slot_tech[cols[slot]]
    return assignment
