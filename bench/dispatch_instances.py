"""Synthetic dispatch instances on real Chinese city coordinates, and the greedy baseline the
optimiser is compared with (benchmarks and tests; not part of the served application)."""

from __future__ import annotations

import numpy as np

from aftersales.dispatch.engine import Instance, Weights, free_slots, pair_costs, within_reach

# city, latitude, longitude, region index (0 north, 1 east, 2 south, 3 west)
CITIES = [
    ("北京", 39.9042, 116.4074, 0),
    ("天津", 39.3434, 117.3616, 0),
    ("石家庄", 38.0428, 114.5149, 0),
    ("济南", 36.6512, 117.1201, 0),
    ("青岛", 36.0671, 120.3826, 0),
    ("太原", 37.8706, 112.5489, 0),
    ("沈阳", 41.8057, 123.4315, 0),
    ("大连", 38.9140, 121.6147, 0),
    ("上海", 31.2304, 121.4737, 1),
    ("杭州", 30.2741, 120.1551, 1),
    ("南京", 32.0603, 118.7969, 1),
    ("苏州", 31.2990, 120.5853, 1),
    ("宁波", 29.8683, 121.5440, 1),
    ("合肥", 31.8206, 117.2272, 1),
    ("无锡", 31.4912, 120.3119, 1),
    ("温州", 27.9943, 120.6994, 1),
    ("广州", 23.1291, 113.2644, 2),
    ("深圳", 22.5431, 114.0579, 2),
    ("东莞", 23.0207, 113.7518, 2),
    ("佛山", 23.0215, 113.1214, 2),
    ("厦门", 24.4798, 118.0894, 2),
    ("福州", 26.0745, 119.2965, 2),
    ("南宁", 22.8170, 108.3665, 2),
    ("长沙", 28.2282, 112.9388, 2),
    ("成都", 30.5728, 104.0668, 3),
    ("重庆", 29.5630, 106.5516, 3),
    ("西安", 34.3416, 108.9398, 3),
    ("武汉", 30.5928, 114.3055, 3),
    ("昆明", 24.8801, 102.8329, 3),
    ("贵阳", 26.6470, 106.6302, 3),
]


def make_instance(
    n_orders: int,
    n_techs: int,
    *,
    seed: int = 0,
    categories: int = 4,
    regions: int = 4,
    radius_km: float | None = None,
) -> Instance:
    """`radius_km`: each technician works from a station at the centre of their city and serves
    customers within that distance of it (a service area measured from the station)."""
    rng = np.random.default_rng(seed)
    city = np.array([(lat, lon) for _, lat, lon, _ in CITIES])
    city_region = np.array([r for *_, r in CITIES]) % regions

    def scatter(count: int, spread: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pick = rng.integers(0, len(CITIES), count)
        lat = city[pick, 0] + rng.normal(0, spread, count)
        lon = city[pick, 1] + rng.normal(0, spread, count)
        return lat, lon, pick

    o_lat, o_lon, o_city = scatter(n_orders, 0.25)
    t_lat, t_lon, t_city = scatter(n_techs, 0.15)
    o_region, t_region = city_region[o_city], city_region[t_city]
    o_cat = rng.integers(0, categories, n_orders)
    group = o_region * categories + o_cat
    # Each technician has 1–3 skills; a technician's station is authorised for its own region.
    skills = [
        set(rng.choice(categories, size=rng.integers(1, 4), replace=False).tolist())
        for _ in range(n_techs)
    ]
    on_shift = rng.random(n_techs) > 0.1
    group_techs = []
    for g in range(regions * categories):
        region, cat = divmod(g, categories)
        mask = (t_region == region) & on_shift & np.array([cat in s for s in skills], dtype=bool)
        group_techs.append(np.flatnonzero(mask))
    capacity = rng.integers(4, 9, n_techs)
    load = np.minimum(rng.integers(0, 4, n_techs), capacity)
    inst = Instance(
        order_ids=np.arange(1, n_orders + 1),
        order_lat=o_lat,
        order_lon=o_lon,
        order_group=group,
        order_urgency=rng.choice(
            [0.8, 1.0, 1.2, 1.5, 2.5, 3.75], n_orders, p=[0.1, 0.45, 0.2, 0.15, 0.07, 0.03]
        ),
        order_slack_min=rng.uniform(30, 1440, n_orders),
        tech_ids=np.arange(1, n_techs + 1),
        tech_lat=t_lat,
        tech_lon=t_lon,
        tech_load=load,
        tech_capacity=capacity,
        group_techs=group_techs,
        group_reason=["no_feasible_technician"] * (regions * categories),
    )
    if radius_km is not None:
        inst.reach_lat, inst.reach_lon = city[t_city, 0], city[t_city, 1]
        inst.tech_max_km = np.full(n_techs, float(radius_km))
    return inst


def greedy(inst: Instance, w: Weights) -> np.ndarray:
    """What most tools do: by SLA urgency, each order to the nearest feasible technician with a
    free slot. The baseline the optimiser is compared with."""
    assignment = np.full(inst.n_orders, -1, dtype=np.int64)
    free = free_slots(inst)
    station_left = None if inst.station_free is None else inst.station_free.copy()
    for o in np.lexsort((inst.order_ids, inst.order_slack_min)):
        techs = inst.group_techs[inst.order_group[o]]
        techs = techs[free[techs] > 0]
        if station_left is not None and inst.tech_station is not None:
            techs = techs[station_left[inst.tech_station[techs]] > 0]
        if len(techs) == 0:
            continue
        orders = np.full(len(techs), o)
        _, km, _ = pair_costs(inst, orders, techs, w)
        km = np.where(within_reach(inst, orders, techs), km, np.inf)
        if not np.isfinite(km).any():
            continue
        t = techs[int(np.argmin(km))]
        assignment[o] = t
        free[t] -= 1
        if station_left is not None and inst.tech_station is not None:
            station_left[inst.tech_station[t]] -= 1
    return assignment
