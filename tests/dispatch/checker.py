"""An independent checker of batch plans: written from the rules, not from the solver."""

from __future__ import annotations

import math

import numpy as np

from aftersales.dispatch.engine import Instance


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def may_take(inst: Instance, order: int, tech: int) -> bool:
    group_ok = tech in set(inst.group_techs[inst.order_group[order]].tolist())
    reach_lat = inst.reach_lat[tech] if inst.reach_lat is not None else inst.tech_lat[tech]
    reach_lon = inst.reach_lon[tech] if inst.reach_lon is not None else inst.tech_lon[tech]
    exempt = inst.order_reach_exempt is not None and bool(inst.order_reach_exempt[order])
    radius = inst.tech_max_km[tech] if inst.tech_max_km is not None else math.inf
    inside = (
        exempt or km(inst.order_lat[order], inst.order_lon[order], reach_lat, reach_lon) <= radius
    )
    return group_ok and inside


def check_plan(inst: Instance, assignment: np.ndarray) -> list[str]:
    added = [0] * inst.n_techs
    station_used: dict[int, int] = {}
    problems = _takers_and_loads(inst, assignment, added, station_used)
    problems += _capacities(inst, added, station_used)
    problems += _nothing_left_behind(inst, assignment, added, station_used)
    return problems


def _takers_and_loads(
    inst: Instance, assignment: np.ndarray, added: list[int], station_used: dict[int, int]
) -> list[str]:
    problems = []
    for order, tech in enumerate(assignment.tolist()):
        if tech < 0:
            continue
        if not may_take(inst, order, tech):
            problems.append(f"order {order} given to technician {tech}, who may not take it")
        added[tech] += 1
        if inst.tech_station is not None:
            s = int(inst.tech_station[tech])
            station_used[s] = station_used.get(s, 0) + 1
    return problems


def _capacities(inst: Instance, added: list[int], station_used: dict[int, int]) -> list[str]:
    problems = [
        f"technician {tech} over capacity"
        for tech, n in enumerate(added)
        if inst.tech_load[tech] + n > max(inst.tech_capacity[tech], inst.tech_load[tech])
    ]
    if inst.station_free is not None:
        problems += [
            f"station {s} over capacity"
            for s, n in station_used.items()
            if n > inst.station_free[s]
        ]
    return problems


def _has_room(inst: Instance, tech: int, added: list[int], station_used: dict[int, int]) -> bool:
    free = inst.tech_load[tech] + added[tech] < inst.tech_capacity[tech]
    if inst.tech_station is not None and inst.station_free is not None:
        s = int(inst.tech_station[tech])
        free = free and station_used.get(s, 0) < inst.station_free[s]
    return bool(free)


def _nothing_left_behind(
    inst: Instance, assignment: np.ndarray, added: list[int], station_used: dict[int, int]
) -> list[str]:
    """No feasible order left unassigned while a technician who may take it has a free slot."""
    problems = []
    for order in np.flatnonzero(assignment < 0).tolist():
        for tech in range(inst.n_techs):
            if _has_room(inst, tech, added, station_used) and may_take(inst, order, tech):
                problems.append(
                    f"order {order} unassigned although technician {tech} could take it"
                )
                break
    return problems
