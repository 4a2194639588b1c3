"""Batch dispatch as an exact min-cost flow (OR-Tools), solved on a sparse candidate graph and
proven optimal on the full model by pricing.

source → order (cap 1) → technician (cap 1, travel + lateness cost) → sink through one arc per
free slot, of rising cost (the convex load penalty, linearised exactly as parallel arcs), through
the technician's station when stations share a capacity; every order also has an arc straight to
the sink at the "unassigned" cost, so the flow is always feasible and the optimum serves as many
orders as possible, then at least cost.

Candidates: each order's k nearest feasible technicians (a KD-tree per feasibility group). The
flow is optimal on that graph only; column generation makes it optimal on the full model (every
feasible order–technician pair). Node potentials π of the optimal flow (shortest-path distances in
its residual network, which has no negative cycle) price every excluded feasible pair at
cost + π(order) − π(technician); a pair with a negative reduced cost becomes an arc and the model is
solved again. When none is left, the potentials are feasible for the full residual network: that
is the proof that no plan with the same orders and technicians costs less. Pricing does not look
at every pair: the cost of a pair grows with its distance, so each order only asks a KD-tree for
the technicians near enough to price negative (technicians in bands of potential, for tight
radii). Costs are integers (ten-thousandths of a unit), so "negative" is exact.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.spatial import cKDTree

from aftersales.dispatch.engine import (
    Instance,
    Weights,
    free_slots,
    inside_service_area,
    unit_vectors,
    within_reach,
)
from aftersales.dispatch.pricing import (
    SCALE,
    Pricing,
    integer_costs,
    most_negative,
    service_areas,
    shortest_distances,
)

ARCS_PER_ORDER = 3  # most negative excluded pairs added per order and pricing round


@dataclass
class Plan:
    assignment: np.ndarray  # order index → technician index, or -1
    reasons: dict[int, str] = field(default_factory=dict)  # order index → why unassigned
    arcs: int = 0
    rounds: int = 0  # flow solves
    # Optimal on the full model (every feasible pair), not only on the candidate graph.
    proven: bool = False
    priced_pairs: int = 0  # excluded pairs whose reduced cost was computed, over all rounds
    seconds: dict[str, float] = field(default_factory=dict)  # per step: flow, pricing, …
    # The proof: node potentials (orders, technicians, stations, source, sink; in 1/SCALE cost
    # units) under which no arc of the full model's residual network has a negative reduced cost.
    potentials: np.ndarray | None = None

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


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


class _Network:
    """The flow network: fixed arcs (source, unassigned, slots, stations) first, then the
    order → technician arcs, which grow round by round; one OR-Tools model re-solved."""

    def __init__(self, inst: Instance, w: Weights) -> None:
        self.inst, self.w = inst, w
        n, m = inst.n_orders, inst.n_techs
        tech_station, station_free = inst.tech_station, inst.station_free
        if tech_station is None or station_free is None:
            tech_station, station_free = np.zeros(m, dtype=np.int64), np.empty(0, dtype=np.int64)
        stations = len(station_free)
        self.n_nodes = n + m + stations + 2
        source, sink = self.n_nodes - 2, self.n_nodes - 1
        orders = np.arange(n, dtype=np.int64)
        free = inst.capacity_left
        slot_tech = np.repeat(np.arange(m, dtype=np.int64), free)
        first = np.cumsum(free) - free
        j = np.arange(len(slot_tech)) - np.repeat(first, free) + 1  # the slot's rank, from 1
        # Technician → station when stations share a capacity, else straight to the sink.
        slot_to = n + m + tech_station[slot_tech] if stations else np.full(len(j), sink)
        # The marginal cost of job j (engine.marginal_load_cost), for every slot at once.
        load = inst.tech_load[slot_tech] + j
        slot_cost = w.load_weight * (2 * load - 1) / np.maximum(inst.tech_capacity[slot_tech], 1)
        blocks = [
            (np.full(n, source), orders, np.ones(n), np.zeros(n)),
            (orders, np.full(n, sink), np.ones(n), np.full(n, w.unassigned)),
            (n + slot_tech, slot_to, np.ones(len(j)), slot_cost),
            (
                n + m + np.arange(stations),
                np.full(stations, sink),
                np.maximum(station_free, 0),
                np.zeros(stations),
            ),
        ]
        self.tail, self.head, capacity, cost = (
            np.concatenate(part) for part in zip(*blocks, strict=True)
        )
        self.capacity = capacity.astype(np.int64)
        self.cost = np.rint(cost * SCALE).astype(np.int64)
        self.fixed = len(self.tail)
        self.po = np.empty(0, dtype=np.int64)
        self.pt = np.empty(0, dtype=np.int64)
        self.known = np.empty(0, dtype=np.int64)  # sorted keys order × n_techs + tech
        self.flow = min_cost_flow.SimpleMinCostFlow()
        self._add(self.tail, self.head, self.capacity, self.cost)
        self.flow.set_nodes_supplies(
            np.array([source, sink], dtype=np.int32), np.array([n, -n], dtype=np.int64)
        )

    def _add(self, tail: np.ndarray, head: np.ndarray, cap: np.ndarray, cost: np.ndarray) -> None:
        self.flow.add_arcs_with_capacity_and_unit_cost(
            tail.astype(np.int32), head.astype(np.int32), cap, cost
        )

    def add_pairs(self, po: np.ndarray, pt: np.ndarray) -> None:
        keys = po * self.inst.n_techs + pt
        keys, first = np.unique(keys, return_index=True)
        fresh = ~self.is_known(keys)
        po, pt = po[first[fresh]], pt[first[fresh]]
        if not len(po):
            return
        cost = integer_costs(self.inst, po, pt, self.w)
        head = self.inst.n_orders + pt
        self.po, self.pt = np.concatenate([self.po, po]), np.concatenate([self.pt, pt])
        self.known = np.sort(np.concatenate([self.known, keys[fresh]]))
        self.tail = np.concatenate([self.tail, po])
        self.head = np.concatenate([self.head, head])
        self.capacity = np.concatenate([self.capacity, np.ones(len(po), dtype=np.int64)])
        self.cost = np.concatenate([self.cost, cost])
        self._add(po, head, np.ones(len(po), dtype=np.int64), cost)

    def is_known(self, keys: np.ndarray) -> np.ndarray:
        at = np.minimum(np.searchsorted(self.known, keys), max(len(self.known) - 1, 0))
        return self.known[at] == keys if len(self.known) else np.zeros(len(keys), dtype=bool)

    def solve(self) -> tuple[np.ndarray, np.ndarray]:
        """(flow on every arc, assignment)."""
        status = self.flow.solve()
        if status != self.flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        flows = np.asarray(self.flow.flows(np.arange(len(self.tail))), dtype=np.int64)
        assignment = np.full(self.inst.n_orders, -1, dtype=np.int64)
        chosen = flows[self.fixed :] > 0
        assignment[self.po[chosen]] = self.pt[chosen]
        return flows, assignment

    def potentials(self, flows: np.ndarray) -> np.ndarray:
        """Node potentials π with cost + π(tail) − π(head) ≥ 0 on every residual arc, checked."""
        forward, backward = flows < self.capacity, flows > 0
        tail = np.concatenate([self.tail[forward], self.head[backward]])
        head = np.concatenate([self.head[forward], self.tail[backward]])
        cost = np.concatenate([self.cost[forward], -self.cost[backward]])
        pi = shortest_distances(tail, head, cost, self.n_nodes)
        if (cost + pi[tail] - pi[head] < 0).any():
            raise RuntimeError("the potentials do not certify the flow")
        return pi


class _Stopwatch:
    """Seconds spent per step, summed over the rounds."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - start


def solve(inst: Instance, w: Weights, k: int | None = 8, *, prove: bool = True) -> Plan:
    """The optimal plan of the full model, with its proof: the flow is solved on the k-nearest
    candidate graph (k=None: every feasible pair), then excluded pairs are priced in until none
    has a negative reduced cost. prove=False stops at the optimum of the candidate graph (with
    the fallback for stranded orders), as the solver did before pricing: faster, not exact."""
    watch = _Stopwatch()
    with watch("candidates"):
        net = _Network(inst, w)
        everyone = np.arange(inst.n_orders, dtype=np.int64)
        net.add_pairs(*_candidates(inst, everyone, k, free_slots(inst)))
    if not prove:
        return _solve_candidates(inst, net, k, watch)
    with watch("pricing"):
        pricing = Pricing(inst, w, net)
    rounds = 0
    while True:
        rounds += 1
        with watch("flow"):
            flows, assignment = net.solve()
        with watch("potentials"):
            pi = net.potentials(flows)
        if k is None:
            break  # every feasible pair is an arc already
        with watch("pricing"):
            po, pt, rc = pricing.negative_pairs(pi)
            chosen = most_negative(po, rc, ARCS_PER_ORDER)
        if not len(chosen):
            break
        net.add_pairs(po[chosen], pt[chosen])
    with watch("reasons"):
        reasons = unassigned_reasons(inst, assignment)
    return Plan(assignment, reasons, len(net.tail), rounds, True, pricing.priced, watch.seconds, pi)


def _solve_candidates(inst: Instance, net: _Network, k: int | None, watch: _Stopwatch) -> Plan:
    """The optimum of the candidate graph; an order left unassigned while a feasible technician
    still has a free slot gets arcs to those technicians, and the model is solved again."""
    everyone = np.arange(inst.n_orders, dtype=np.int64)
    rounds = 0
    while True:
        rounds += 1
        with watch("flow"):
            _, assignment = net.solve()
        with watch("candidates"):
            stranded = everyone[assignment < 0]
            free_after = free_slots(inst, assignment[assignment >= 0])
            extra_o, extra_t = _candidates(inst, stranded, k, free_after)
            extra = ~net.is_known(extra_o * inst.n_techs + extra_t)
        if not extra.any():
            break
        net.add_pairs(extra_o[extra], extra_t[extra])
    with watch("reasons"):
        reasons = unassigned_reasons(inst, assignment)
    return Plan(assignment, reasons, len(net.tail), rounds, k is None, 0, watch.seconds)


def unassigned_reasons(inst: Instance, assignment: np.ndarray) -> dict[int, str]:
    reasons: dict[int, str] = {}
    unassigned = np.flatnonzero(assignment < 0)
    groups = inst.order_group[unassigned]
    for g in np.unique(groups).tolist():
        orders = unassigned[groups == g]
        techs = inst.group_techs[g]
        if len(techs) == 0:
            reason = (
                inst.group_reason[g]
                if g < len(inst.group_reason) and inst.group_reason[g]
                else "no_feasible_technician"
            )
            reasons.update(dict.fromkeys(orders.tolist(), reason))
            continue
        inside = _inside_some_area(inst, orders, techs)
        why = np.where(inside, "capacity_exhausted", "outside_service_area")
        reasons.update(zip(orders.tolist(), why.tolist(), strict=True))
    return dict(sorted(reasons.items()))


def _inside_some_area(inst: Instance, orders: np.ndarray, techs: np.ndarray) -> np.ndarray:
    """Whether each order lies in the service area of at least one of the technicians (the
    engine's rule). Technicians of one station share an area, so the distinct areas are few."""
    areas = np.unique(np.column_stack([part[techs] for part in service_areas(inst)]), axis=0)
    exempt = inst.order_reach_exempt
    inside = np.zeros(len(orders), dtype=bool) if exempt is None else exempt[orders].astype(bool)
    if np.isinf(areas[:, 2]).any():
        return np.ones(len(orders), dtype=bool)
    lat, lon = inst.order_lat[orders, None], inst.order_lon[orders, None]
    step = max(1, 1_000_000 // max(len(orders), 1))
    for block in np.array_split(areas, range(step, len(areas), step)):
        inside |= inside_service_area(lat, lon, False, block[:, 0], block[:, 1], block[:, 2]).any(
            axis=1
        )
    return inside
