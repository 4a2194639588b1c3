"""The dispatch engine: pure functions over NumPy arrays, no database.

Costs (DOMAIN.md §4.2, "nearest and balanced"):
- travel: km × travel weight × urgency (priority × customer tier), so urgent and A-tier orders
  pull harder towards the nearest technician;
- lateness: hours by which the travel time overruns the order's SLA slack × lateness weight ×
  urgency;
- load: a convex penalty load_weight × (load² / capacity), so the k-th extra job of a
  technician costs more than the (k-1)-th; the marginal cost of job j is
  load_weight × (2·(load + j) − 1) / capacity.
Policies: `nearest` (no load term), `balanced` (load term, travel only breaks ties), and the
default `nearest_balanced` (both).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aftersales.core.geo import haversine_km

PRIORITY_FACTOR = {"low": 0.8, "normal": 1.0, "high": 1.5, "urgent": 2.5}
TIER_FACTOR = {"A": 1.5, "B": 1.2, "C": 1.0}
POLICIES = ("nearest", "balanced", "nearest_balanced")


@dataclass(frozen=True)
class Weights:
    policy: str = "nearest_balanced"
    travel_per_km: float = 1.0
    load: float = 30.0
    lateness_per_hour: float = 60.0
    speed_kmh: float = 30.0
    unassigned: float = 1_000_000.0

    @property
    def travel(self) -> float:
        return 0.001 if self.policy == "balanced" else self.travel_per_km

    @property
    def load_weight(self) -> float:
        return 0.0 if self.policy == "nearest" else self.load


def urgency(priority: str, tier: str) -> float:
    return PRIORITY_FACTOR.get(priority, 1.0) * TIER_FACTOR.get(tier, 1.0)


@dataclass
class Instance:
    """Orders and technicians as arrays. Feasibility (skill, certification, shift, station
    authorisation for the order's manufacturer category and region) is precomputed per order
    group: `group_techs[g]` holds the indices of the technicians who may take group g's orders."""

    order_ids: np.ndarray
    order_lat: np.ndarray
    order_lon: np.ndarray
    order_group: np.ndarray
    order_urgency: np.ndarray
    order_slack_min: np.ndarray
    tech_ids: np.ndarray
    tech_lat: np.ndarray
    tech_lon: np.ndarray
    tech_load: np.ndarray
    tech_capacity: np.ndarray
    group_techs: list[np.ndarray]
    group_reason: list[str] = field(default_factory=list)
    # Optional: the service radius around each technician's station (km), and the technicians'
    # station index with each station's free daily capacity (a second, shared capacity).
    tech_max_km: np.ndarray | None = None
    tech_station: np.ndarray | None = None
    station_free: np.ndarray | None = None
    # Where the service radius is measured from (the station); default: the technician.
    reach_lat: np.ndarray | None = None
    reach_lon: np.ndarray | None = None
    # Orders placed by fallback (no coordinates of their own) are not held to service areas.
    order_reach_exempt: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.tech_max_km is None:
            self.tech_max_km = np.full(len(self.tech_ids), np.inf)
        if self.reach_lat is None or self.reach_lon is None:
            self.reach_lat, self.reach_lon = self.tech_lat, self.tech_lon

    @property
    def n_orders(self) -> int:
        return len(self.order_ids)

    @property
    def n_techs(self) -> int:
        return len(self.tech_ids)

    @property
    def capacity_left(self) -> np.ndarray:
        return np.maximum(self.tech_capacity - self.tech_load, 0)


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def pair_costs(
    inst: Instance, orders: np.ndarray, techs: np.ndarray, w: Weights
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(cost, km, lateness hours) of sending each `orders[i]` to `techs[i]` (travel + lateness)."""
    km = haversine_km(
        inst.order_lat[orders], inst.order_lon[orders], inst.tech_lat[techs], inst.tech_lon[techs]
    )
    travel_min = km / w.speed_kmh * 60.0
    late_h = np.maximum(0.0, travel_min - inst.order_slack_min[orders]) / 60.0
    u = inst.order_urgency[orders]
    return u * (w.travel * km + w.lateness_per_hour * late_h), km, late_h


def marginal_load_cost(load: int, capacity: int, j: int, w: Weights) -> float:
    """Cost of the j-th additional job (j ≥ 1) for a technician with `load` jobs already."""
    return w.load_weight * (2 * (load + j) - 1) / max(capacity, 1)


def load_penalty(load: np.ndarray, capacity: np.ndarray, w: Weights) -> np.ndarray:
    return w.load_weight * load.astype(float) ** 2 / np.maximum(capacity, 1)


@dataclass
class Evaluation:
    objective: float
    travel_km: float
    travel_cost: float
    lateness_hours: float
    load_cost: float
    unassigned: int
    max_load: int
    load_std: float


def evaluate(inst: Instance, assignment: np.ndarray, w: Weights) -> Evaluation:
    """Objective of a plan, recomputed from scratch (used to compare solvers and baselines)."""
    assigned = np.flatnonzero(assignment >= 0)
    cost, km, late = pair_costs(inst, assigned, assignment[assigned], w)
    added = np.bincount(assignment[assigned], minlength=inst.n_techs)
    final = inst.tech_load + added
    load_cost = float(
        np.sum(
            load_penalty(final, inst.tech_capacity, w)
            - load_penalty(inst.tech_load, inst.tech_capacity, w)
        )
    )
    unassigned = int(inst.n_orders - len(assigned))
    return Evaluation(
        objective=float(cost.sum()) + load_cost + unassigned * w.unassigned,
        travel_km=float(km.sum()),
        travel_cost=float(cost.sum()),
        lateness_hours=float(late.sum()),
        load_cost=load_cost,
        unassigned=unassigned,
        max_load=int(final.max()) if len(final) else 0,
        load_std=float(final.std()) if len(final) else 0.0,
    )


@dataclass
class Candidate:
    tech_index: int
    score: float
    km: float
    travel_cost: float
    load_cost: float
    lateness_hours: float
    load: int
    capacity: int


def inside_service_area(
    order_lat: Any, order_lon: Any, exempt: Any, reach_lat: Any, reach_lon: Any, max_km: Any
) -> Any:
    """The service-area rule, for one pair (floats) or element-wise (arrays): the customer lies
    within `max_km` of where the area is measured from (the technician's station). An order placed
    by fallback (no coordinates of its own) is `exempt`; an area of unknown centre has an infinite
    radius. The scalar path (a refusal's reasons) and the engine both ask this function."""
    return exempt | (haversine_km(order_lat, order_lon, reach_lat, reach_lon) <= max_km)


def within_reach(inst: Instance, orders: np.ndarray, techs: np.ndarray) -> np.ndarray:
    exempt = False if inst.order_reach_exempt is None else inst.order_reach_exempt[orders]
    return np.asarray(
        inside_service_area(
            inst.order_lat[orders],
            inst.order_lon[orders],
            exempt,
            inst.reach_lat[techs],  # type: ignore[index]
            inst.reach_lon[techs],  # type: ignore[index]
            inst.tech_max_km[techs],  # type: ignore[index]
        ),
        dtype=bool,
    )


def free_slots(inst: Instance, assigned: np.ndarray | None = None) -> np.ndarray:
    """Free slots per technician, zero where the technician's station is full."""
    free = inst.capacity_left.copy()
    station_free = inst.station_free
    if assigned is not None and len(assigned):
        free -= np.bincount(assigned, minlength=inst.n_techs)
    if inst.tech_station is not None and station_free is not None:
        used = np.zeros(len(station_free), dtype=np.int64)
        if assigned is not None and len(assigned):
            np.add.at(used, inst.tech_station[assigned], 1)
        full = (station_free - used) <= 0
        free[full[inst.tech_station]] = 0
    return np.maximum(free, 0)


def rank_candidates(inst: Instance, order: int, w: Weights, limit: int = 10) -> list[Candidate]:
    """Single-order dispatch: every feasible technician with capacity left, best first."""
    techs = inst.group_techs[inst.order_group[order]]
    techs = techs[free_slots(inst)[techs] > 0]
    orders = np.full(len(techs), order)
    reach = within_reach(inst, orders, techs)
    techs, orders = techs[reach], orders[reach]
    if len(techs) == 0:
        return []
    cost, km, late = pair_costs(inst, orders, techs, w)
    load = inst.tech_load[techs]
    cap = inst.tech_capacity[techs]
    marginal = w.load_weight * (2 * (load + 1) - 1) / np.maximum(cap, 1)
    score = cost + marginal
    best = np.argsort(score, kind="stable")[:limit]
    return [
        Candidate(
            int(techs[i]),
            float(score[i]),
            float(km[i]),
            float(cost[i]),
            float(marginal[i]),
            float(late[i]),
            int(load[i]),
            int(cap[i]),
        )
        for i in best
    ]
