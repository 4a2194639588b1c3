"""Batch dispatch as an exact min-cost flow on a sparse candidate graph (OR-Tools).

source → order (cap 1) → technician (cap 1, travel + lateness cost) → sink through one arc per
free slot, of rising cost (the convex load penalty, linearised exactly as parallel arcs);
every order also has an arc straight to the sink at the "unassigned" cost, so the flow is always
feasible and the optimum serves as many orders as possible, then at least cost.

Candidates: each order's k nearest feasible technicians (a KD-tree per feasibility group).
Fallback: an order left unassigned while a feasible technician still has a free slot gets arcs to
those technicians and the model is solved again, so no feasible order stays unassigned for lack
of candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.spatial import cKDTree

from aftersales.dispatch.engine import (
    Instance,
    Weights,
    free_slots,
    marginal_load_cost,
    pair_costs,
    unit_vectors,
    within_reach,
)

SCALE = 100.0  # costs are integers for the solver: hundredths of a cost unit


@dataclass
class Plan:
    assignment: np.ndarray  # order index → technician index, or -1
    reasons: dict[int, str] = field(default_factory=dict)  # order index → why unassigned
    arcs: int = 0
    rounds: int = 0


def _candidates(
    inst: Instance, orders: np.ndarray, k: int | None, free: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(order, tech) candidate pairs: k nearest feasible technicians with a free slot, per group."""
    pair_orders, pair_techs = [], []
    groups = inst.order_group[orders]
    for g in np.unique(groups):
        members = orders[groups == g]
        techs = inst.group_techs[g]
        techs = techs[free[techs] > 0]
        if len(techs) == 0:
            continue
        if k is None or k >= len(techs):
            pair_orders.append(np.repeat(members, len(techs)))
            pair_techs.append(np.tile(techs, len(members)))
            continue
        tree = cKDTree(unit_vectors(inst.tech_lat[techs], inst.tech_lon[techs]))
        _, idx = tree.query(unit_vectors(inst.order_lat[members], inst.order_lon[members]), k=k)
        idx = np.asarray(idx).reshape(len(members), -1)
        pair_orders.append(np.repeat(members, idx.shape[1]))
        pair_techs.append(techs[idx.ravel()])
    if not pair_orders:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    po, pt = (
        np.concatenate(pair_orders).astype(np.int64),
        np.concatenate(pair_techs).astype(np.int64),
    )
    reach = within_reach(inst, po, pt)
    return po[reach], pt[reach]


class _Arcs:
    """Arc arrays collected block by block, in the order the solver will number them."""

    def __init__(self) -> None:
        self.blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(
        self, tail: np.ndarray, head: np.ndarray, capacity: np.ndarray, cost: np.ndarray
    ) -> None:
        self.blocks.append((tail, head, capacity, cost))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        tail, head, capacity, cost = (
            np.concatenate(part) for part in zip(*self.blocks, strict=True)
        )
        return (
            tail.astype(np.int32),
            head.astype(np.int32),
            capacity.astype(np.int64),
            np.rint(cost * SCALE).astype(np.int64),
        )


def _solve_flow(
    inst: Instance, po: np.ndarray, pt: np.ndarray, w: Weights
) -> tuple[np.ndarray, int]:
    n, m = inst.n_orders, inst.n_techs
    stations = 0 if inst.station_free is None else len(inst.station_free)
    source, sink = n + m + stations, n + m + stations + 1
    free = inst.capacity_left
    orders = np.arange(n, dtype=np.int64)
    arcs = _Arcs()
    arcs.add(np.full(n, source), orders, np.ones(n), np.zeros(n))
    arcs.add(orders, np.full(n, sink), np.ones(n), np.full(n, w.unassigned))
    if len(po):
        pair_cost, _, _ = pair_costs(inst, po, pt, w)
        arcs.add(po, n + pt, np.ones(len(po)), pair_cost)
    slot_tail, slot_head, slot_cost = [], [], []
    for t in np.unique(pt):
        # Technician → station when stations share a capacity, else straight to the sink.
        to = (
            sink
            if inst.tech_station is None or stations == 0
            else n + m + int(inst.tech_station[t])
        )
        for j in range(1, int(free[t]) + 1):
            slot_tail.append(n + t)
            slot_head.append(to)
            slot_cost.append(
                marginal_load_cost(int(inst.tech_load[t]), int(inst.tech_capacity[t]), j, w)
            )
    if slot_tail:
        arcs.add(
            np.array(slot_tail), np.array(slot_head), np.ones(len(slot_tail)), np.array(slot_cost)
        )
    if stations and inst.station_free is not None:
        station_nodes = n + m + np.arange(stations)
        arcs.add(
            station_nodes,
            np.full(stations, sink),
            np.maximum(inst.station_free, 0),
            np.zeros(stations),
        )
    tail, head, capacity, cost = arcs.arrays()
    flow = min_cost_flow.SimpleMinCostFlow()
    arc_ids = flow.add_arcs_with_capacity_and_unit_cost(tail, head, capacity, cost)
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=np.int32), np.array([n, -n], dtype=np.int64)
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    assignment = np.full(n, -1, dtype=np.int64)
    if len(po):
        start = 2 * n
        pair_arcs = arc_ids[start : start + len(po)]
        chosen = flow.flows(pair_arcs) > 0
        assignment[po[chosen]] = pt[chosen]
    return assignment, len(tail)


def solve(inst: Instance, w: Weights, k: int | None = 8) -> Plan:
    """Optimal plan on the k-nearest candidate graph (k=None: every feasible pair)."""
    everyone = np.arange(inst.n_orders, dtype=np.int64)
    po, pt = _candidates(inst, everyone, k, free_slots(inst))
    rounds = 0
    while True:
        rounds += 1
        assignment, arcs = _solve_flow(inst, po, pt, w)
        free_after = free_slots(inst, assignment[assignment >= 0])
        stranded = everyone[assignment < 0]
        extra_o, extra_t = (
            _candidates(inst, stranded, k, free_after)
            if len(stranded)
            else (np.empty(0, np.int64),) * 2
        )
        if len(extra_o):
            known = set(zip(po.tolist(), pt.tolist(), strict=True))
            keep = np.array(
                [
                    (o, t) not in known
                    for o, t in zip(extra_o.tolist(), extra_t.tolist(), strict=True)
                ],
                dtype=bool,
            )
            extra_o, extra_t = extra_o[keep], extra_t[keep]
        if not len(extra_o):
            break
        po, pt = np.concatenate([po, extra_o]), np.concatenate([pt, extra_t])
    return Plan(assignment, unassigned_reasons(inst, assignment), arcs, rounds)


def unassigned_reasons(inst: Instance, assignment: np.ndarray) -> dict[int, str]:
    reasons = {}
    for o in np.flatnonzero(assignment < 0):
        g = inst.order_group[o]
        techs = inst.group_techs[g]
        if len(techs) == 0:
            reasons[int(o)] = (
                inst.group_reason[g]
                if g < len(inst.group_reason) and inst.group_reason[g]
                else "no_feasible_technician"
            )
        elif not within_reach(inst, np.full(len(techs), o), techs).any():
            reasons[int(o)] = "outside_service_area"
        else:
            reasons[int(o)] = "capacity_exhausted"
    return reasons
