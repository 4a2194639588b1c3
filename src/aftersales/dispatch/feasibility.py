"""Who may take an order: one rule, asked for one pair and for the engine's arrays.

The scalar path (`reasons`: a manual choice, a refusal, the board's ineligible technicians) and
the vectorised path (`instance`: the candidates of automatic and batch dispatch) share every
piece: `static_reasons` (region, kept station, authorisation, skill, certification, shift,
declined before), the technician's and the station's free capacity, and the service area —
`service_area` says where it is measured from (the station) and how far it reaches, the engine's
`inside_service_area` decides.
"""

from __future__ import annotations

import numpy as np

from aftersales.core.models import Organisation
from aftersales.dispatch.context import LOADED, DispatchContext, OrderInfo, TechInfo, as_point
from aftersales.dispatch.engine import Instance, inside_service_area

DEFAULT_RADIUS_KM = 120
DEFAULT_STATION_CAPACITY = 60
NO_AREA = (0.0, 0.0, float("inf"))


def static_reasons(ctx: DispatchContext, info: OrderInfo, tech: TechInfo) -> list[str]:
    """Everything but distance and capacity: what makes a technician ineligible."""
    order, reasons = info.order, []
    if order.region_id and tech.station.region_id != order.region_id:
        reasons.append("outside_region")
    if order.station_locked and order.station_id and tech.station.pk != order.station_id:
        reasons.append("other_station")
    if info.category is not None:
        key = (
            tech.station.pk,
            info.category.manufacturer_id,
            info.category.pk,
            order.region_id or tech.station.region_id,
        )
        if key not in ctx.authorised:
            reasons.append("not_authorised")
        if info.category.pk not in tech.skills:
            reasons.append("no_skill")
        required = info.category.required_certification
        if required and required not in tech.certifications:
            reasons.append("no_certification")
    if not tech.on_shift:
        reasons.append("off_shift")
    if tech.user_id in info.excluded:
        reasons.append("declined_before")
    return reasons


def service_area(ctx: DispatchContext, station: Organisation) -> tuple[float, float, float]:
    """(latitude, longitude, radius km) of the station's service area. A station of unknown
    location has no area a customer could lie outside (the technician's own position is no
    stand-in: the area is the station's)."""
    centre = as_point(station.latitude, station.longitude)
    if centre is None:
        return NO_AREA
    area = ctx.station_area.get(station.pk)
    return centre[0], centre[1], float(area.service_radius_km if area else DEFAULT_RADIUS_KM)


def station_free(ctx: DispatchContext, station: Organisation) -> int:
    area = ctx.station_area.get(station.pk)
    capacity = area.daily_capacity if area else DEFAULT_STATION_CAPACITY
    return capacity - ctx.station_load.get(station.pk, 0)


def counted_at(info: OrderInfo, station: Organisation) -> bool:
    """Is the order already part of this station's load (`DispatchContext.station_load`)?"""
    order = info.order
    return order.station_id == station.pk and order.status in LOADED


def reasons(
    ctx: DispatchContext, info: OrderInfo, tech: TechInfo, *, ignore_current: bool = False
) -> list[str]:
    """Why this technician may not take this order now (empty: they may). `ignore_current`:
    the order's own technician is asked as if the order were not yet theirs. An order already
    counted against its station (a reassignment inside it) is not counted there a second time."""
    found = static_reasons(ctx, info, tech)
    current = ignore_current and info.order.technician_id == tech.user_id
    if tech.load - int(current) >= tech.capacity:
        found.append("at_capacity")
    if station_free(ctx, tech.station) + int(counted_at(info, tech.station)) <= 0:
        found.append("station_full")
    lat, lon, km = service_area(ctx, tech.station)
    if not inside_service_area(info.lat, info.lon, info.placed_by_fallback, lat, lon, km):
        found.append("outside_area")
    return found


def _group_technicians(
    ctx: DispatchContext, info: OrderInfo, techs: list[TechInfo]
) -> tuple[list[int], str]:
    """The technicians the engine may choose for this order, or why there are none. Without a
    product neither skill nor authorisation can be checked: the engine leaves the order to a
    dispatcher, who may still assign it by hand (the scalar path does not refuse it)."""
    if info.category is None:
        return [], "no_product"
    ok = [i for i, t in enumerate(techs) if not static_reasons(ctx, info, t)]
    return ok, "" if ok else "no_feasible_technician"


def _groups(
    ctx: DispatchContext, infos: list[OrderInfo], techs: list[TechInfo]
) -> tuple[np.ndarray, list[np.ndarray], list[str]]:
    """Orders that `static_reasons` cannot tell apart share a group and its technicians."""
    groups: dict[tuple, int] = {}
    group_techs: list[np.ndarray] = []
    group_reason: list[str] = []
    order_group = []
    for info in infos:
        o = info.order
        key = (
            info.category.pk if info.category else None,
            o.region_id,
            o.station_id if o.station_locked else None,
            info.excluded,
        )
        if key not in groups:
            groups[key] = len(group_techs)
            ok, why = _group_technicians(ctx, info, techs)
            group_techs.append(np.array(ok, dtype=np.int64))
            group_reason.append(why)
        order_group.append(groups[key])
    return np.array(order_group, dtype=np.int64), group_techs, group_reason


def instance(ctx: DispatchContext, infos: list[OrderInfo]) -> tuple[Instance, list[TechInfo]]:
    """The orders and every loaded technician as the engine's arrays, under the same rule."""
    techs = list(ctx.techs.values())
    order_group, group_techs, group_reason = _groups(ctx, infos, techs)
    station_ids = sorted({t.station.pk for t in techs})
    station_index = {s: i for i, s in enumerate(station_ids)}
    stations = [ctx.stations[s] for s in station_ids]
    tech_station = np.array([station_index[t.station.pk] for t in techs], dtype=np.int64)
    areas = np.array([service_area(ctx, s) for s in stations], dtype=float).reshape(-1, 3)
    reach = areas[tech_station]
    inst = Instance(
        order_ids=np.array([i.order.pk for i in infos], dtype=np.int64),
        order_lat=np.array([i.lat for i in infos]),
        order_lon=np.array([i.lon for i in infos]),
        order_group=order_group,
        order_urgency=np.array([i.urgency for i in infos]),
        order_slack_min=np.array([i.slack_min for i in infos]),
        tech_ids=np.array([t.user_id for t in techs], dtype=np.int64),
        tech_lat=np.array([t.lat for t in techs]),
        tech_lon=np.array([t.lon for t in techs]),
        tech_load=np.array([t.load for t in techs], dtype=np.int64),
        tech_capacity=np.array([t.capacity for t in techs], dtype=np.int64),
        group_techs=group_techs,
        group_reason=group_reason,
        tech_max_km=reach[:, 2],
        tech_station=tech_station,
        station_free=np.array([max(station_free(ctx, s), 0) for s in stations], dtype=np.int64),
        reach_lat=reach[:, 0],
        reach_lon=reach[:, 1],
        order_reach_exempt=np.array([i.placed_by_fallback for i in infos], dtype=bool),
    )
    return inst, techs
