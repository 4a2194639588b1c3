"""Pricing for the batch dispatch solver: the node potentials of an optimal flow, and the
excluded feasible pairs they price negative (see solver.py for the method and its proof).

Pricing does not look at every pair: the cost of a pair grows with its distance, so each order
only asks a KD-tree for the technicians near enough to price negative, with the technicians of a
group in bands of potential so that the radii stay tight."""

from __future__ import annotations

import itertools
from typing import Protocol

import numpy as np
from scipy.spatial import cKDTree

from aftersales.core.geo import EARTH_RADIUS_KM, haversine_km
from aftersales.dispatch.engine import (
    Instance,
    Weights,
    free_slots,
    pair_costs,
    unit_vectors,
    within_reach,
)

# Costs are integers for the solver, in ten-thousandths of a cost unit: the rounding of a whole
# plan stays far below one unit, so the integer optimum is the optimum of the model.
SCALE = 10_000.0
BANDS = 8  # technicians of a group split by potential, so that search radii stay tight


class KnownArcs(Protocol):
    def is_known(self, keys: np.ndarray) -> np.ndarray: ...


def service_areas(inst: Instance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(latitude, longitude, radius km) of each technician's service area."""
    assert inst.reach_lat is not None and inst.reach_lon is not None  # set by Instance
    assert inst.tech_max_km is not None
    return inst.reach_lat, inst.reach_lon, inst.tech_max_km


def integer_costs(inst: Instance, po: np.ndarray, pt: np.ndarray, w: Weights) -> np.ndarray:
    cost, _, _ = pair_costs(inst, po, pt, w)
    return np.rint(cost * SCALE).astype(np.int64)


def shortest_distances(
    tail: np.ndarray, head: np.ndarray, cost: np.ndarray, n_nodes: int
) -> np.ndarray:
    """Distances from a virtual root joined to every node at cost 0 (as in Johnson's algorithm):
    label correcting (Bellman–Ford–Moore), each pass relaxing only the arcs out of the nodes whose
    label fell in the previous one, vectorised. Terminates because an optimal flow's residual
    network has no negative cycle; n passes without settling would prove one."""
    order = np.argsort(tail, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    start = np.searchsorted(tail, np.arange(n_nodes + 1))
    label = np.zeros(n_nodes, dtype=np.int64)
    active = np.arange(n_nodes)
    for _ in range(n_nodes + 1):
        out = start[active + 1] - start[active]
        arcs = np.repeat(start[active] - np.cumsum(out) + out, out) + np.arange(out.sum())
        reach = label[tail[arcs]] + cost[arcs]
        to = head[arcs]
        better = reach < label[to]
        if not better.any():
            return label
        np.minimum.at(label, to[better], reach[better])
        active = np.unique(to[better])
    raise RuntimeError("negative cycle in the residual network: the flow is not optimal")


def _radius_km(inst: Instance, orders: np.ndarray, gap: np.ndarray, w: Weights) -> np.ndarray:
    """The farthest distance at which a pair's integer cost can still be below `gap`: the pair
    cost u·(travel·km + lateness·max(0, km/speed − slack)) grows with km, so invert it."""
    on_time_km = w.speed_kmh * inst.order_slack_min[orders] / 60.0
    with np.errstate(divide="ignore", invalid="ignore"):
        budget = (gap - 0.5) / SCALE / inst.order_urgency[orders]  # rint(c·SCALE) < gap ⇒ c ≤ it
        on_time = budget / w.travel if w.travel > 0 else np.full(len(orders), np.inf)
        slope = w.travel + w.lateness_per_hour / w.speed_kmh
        late = on_time_km + (budget - w.travel * on_time_km) / slope if slope > 0 else np.inf
    km = np.where(budget <= w.travel * on_time_km, on_time, late)
    return km * (1 + 1e-9) + 1e-6  # float slack: a false candidate is priced, never one missed


def _chord(km: np.ndarray) -> np.ndarray:
    """A great-circle distance as the straight-line distance between unit vectors (KD-trees)."""
    angle = np.minimum(np.asarray(km, dtype=float) / EARTH_RADIUS_KM, np.pi)
    return 2 * np.sin(angle / 2) + 1e-12


def _ball_pairs(
    techs: np.ndarray,
    tech_xyz: np.ndarray,
    orders: np.ndarray,
    order_xyz: np.ndarray,
    r: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(order, tech) for every tech within each order's own chord radius."""
    if not len(orders):
        return orders, orders
    tree = cKDTree(tech_xyz)
    # Most orders have no technician that near: find those cheaply before listing neighbours.
    nearest, _ = tree.query(order_xyz, k=1, distance_upper_bound=np.max(r, initial=0.0) * 1.000001)
    some = nearest <= r
    orders, order_xyz, r = orders[some], order_xyz[some], r[some]
    hits = tree.query_ball_point(order_xyz, r=r, return_sorted=False)
    counts = np.fromiter(map(len, hits), dtype=np.int64, count=len(hits))
    found = np.fromiter(itertools.chain.from_iterable(hits), dtype=np.int64, count=counts.sum())
    return np.repeat(orders, counts), techs[found]


class Pricing:
    """Finds the excluded feasible pairs with a negative reduced cost under potentials π."""

    def __init__(self, inst: Instance, w: Weights, net: KnownArcs) -> None:
        self.inst, self.w, self.net = inst, w, net
        self.free = free_slots(inst)
        self.order_xyz = unit_vectors(inst.order_lat, inst.order_lon)
        self.tech_xyz = unit_vectors(inst.tech_lat, inst.tech_lon)
        # A technician's service area reaches at most this far from the technician.
        reach_lat, reach_lon, max_km = service_areas(inst)
        self.tech_reach_km = max_km + haversine_km(
            inst.tech_lat, inst.tech_lon, reach_lat, reach_lon
        )
        exempt = inst.order_reach_exempt
        self.exempt = np.zeros(inst.n_orders, bool) if exempt is None else exempt.astype(bool)
        by_group = np.argsort(inst.order_group, kind="stable")
        groups, first = np.unique(inst.order_group[by_group], return_index=True)
        members = np.split(by_group, first[1:]) if len(groups) else []
        self.members = dict(zip(groups.tolist(), members, strict=True))
        self.priced = 0

    def negative_pairs(self, pi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(order, tech, reduced cost) of excluded pairs that price negative."""
        empty = np.empty(0, dtype=np.int64)
        found = [(empty, empty, empty)]
        found += [self._group(g, orders, pi) for g, orders in self.members.items()]
        po, pt, rc = (np.concatenate(part) for part in zip(*found, strict=True))
        return po, pt, rc

    def _group(
        self, g: int, orders: np.ndarray, pi: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = self.inst.n_orders
        techs = self.inst.group_techs[g]
        techs = techs[self.free[techs] > 0]
        techs = techs[np.argsort(pi[n + techs], kind="stable")]
        po, pt = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
        for band in np.array_split(techs, min(BANDS, len(techs))) if len(techs) else []:
            gap = pi[n + band[-1]] - pi[orders]
            near = orders[gap >= 1]  # a pair costs ≥ 0, so it needs π(tech) − π(order) ≥ 1
            km = _radius_km(self.inst, near, gap[gap >= 1], self.w)
            km = np.where(self.exempt[near], km, np.minimum(km, self.tech_reach_km[band].max()))
            o, t = _ball_pairs(band, self.tech_xyz[band], near, self.order_xyz[near], _chord(km))
            po.append(o)
            pt.append(t)
        o, t = np.concatenate(po), np.concatenate(pt)
        keep = ~self.net.is_known(o * self.inst.n_techs + t)
        o, t = o[keep], t[keep]
        inside = within_reach(self.inst, o, t)
        o, t = o[inside], t[inside]
        self.priced += len(o)
        rc = integer_costs(self.inst, o, t, self.w) + pi[o] - pi[n + t]
        negative = rc < 0
        return o[negative], t[negative], rc[negative]


def most_negative(po: np.ndarray, rc: np.ndarray, per_order: int) -> np.ndarray:
    """Indices of the `per_order` most negative reduced costs of each order."""
    by = np.lexsort((rc, po))
    sorted_orders = po[by]
    first = np.flatnonzero(np.r_[True, sorted_orders[1:] != sorted_orders[:-1]])
    rank = np.arange(len(by)) - np.repeat(first, np.diff(np.r_[first, len(by)]))
    return by[rank < per_order]
