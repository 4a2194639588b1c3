"""Loads what dispatch decides on (technicians, loads, capacities, authorisations, positions)
for a set of regions in a few queries, answers "may this technician take this order, and if not
why", and turns it all into the engine's arrays."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Authorisation, ProductCategory
from aftersales.core.geo import haversine_km
from aftersales.core.models import Organisation, OrganisationKind, User
from aftersales.core.roles import Role
from aftersales.dispatch.engine import Instance, Weights, urgency
from aftersales.dispatch.models import (
    Assignment,
    AssignmentStatus,
    DayOff,
    DispatchPolicy,
    StationCapacity,
    TechnicianProfile,
)
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder

LOADED = (Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING_PARTS, Status.WAITING_CUSTOMER)
POSITION_FRESH = timedelta(hours=2)
DEFAULT_RADIUS_KM = 120
DEFAULT_STATION_CAPACITY = 60

REASONS = {
    "not_technician": _("not an active technician of a service station"),
    "no_profile": _("has no dispatch profile (skills, shift, capacity)"),
    "outside_region": _("the station is outside the order's region"),
    "other_station": _("the order is kept at another station"),
    "not_authorised": _(
        "the station has no authorisation (网签) in force for this manufacturer's category in this region"
    ),
    "no_skill": _("lacks the skill for this product category"),
    "no_certification": _("lacks the required certification"),
    "off_shift": _("not on shift"),
    "at_capacity": _("at daily capacity"),
    "station_full": _("the station is at capacity"),
    "outside_area": _("the customer is outside the station's service area"),
    "declined_before": _("already declined or let this order expire"),
    "no_feasible_technician": _(
        "no technician has the skill, shift and authorisation for this order"
    ),
    "capacity_exhausted": _("every suitable technician is at capacity"),
    "outside_service_area": _("the customer is outside every suitable station's service area"),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, code))


@dataclass
class TechInfo:
    user: User
    profile: TechnicianProfile
    station: Organisation
    skills: set[int]
    certifications: set[str]
    on_shift: bool
    load: int
    capacity: int
    lat: float
    lon: float
    position_note: str


@dataclass
class OrderInfo:
    order: WorkOrder
    category: ProductCategory | None
    lat: float
    lon: float
    position_note: str
    urgency: float
    slack_min: float
    excluded: frozenset[int] = field(default_factory=frozenset)


def _coords(lat: object, lon: object) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)  # type: ignore[arg-type]


class DispatchContext:
    def __init__(self, regions: list[Organisation], now: datetime):
        self.now = now
        self._policies: dict[tuple, DispatchPolicy] = {}
        self.regions = {r.pk: r for r in regions}
        local = timezone.localtime(now)
        stations = list(
            Organisation.objects.filter(
                kind=OrganisationKind.STATION, is_active=True, region_id__in=self.regions
            )
        )
        self.stations = {s.pk: s for s in stations}
        self.station_area = {
            c.station_id: c for c in StationCapacity.objects.filter(station_id__in=self.stations)
        }
        self.station_load = dict(
            WorkOrder.objects.filter(station_id__in=self.stations, status__in=LOADED)
            .values_list("station_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        self.authorised: set[tuple[int, int, int, int]] = set()
        in_force = Authorisation.objects.in_force(local.date()).filter(station_id__in=self.stations)
        for station_id, maker_id, category_id, region_id in in_force.values_list(
            "station_id", "manufacturer_id", "categories", "regions"
        ):
            if category_id and region_id:
                self.authorised.add((station_id, maker_id, category_id, region_id))
        profiles = list(
            TechnicianProfile.objects.filter(
                user__is_active=True,
                user__organisation_id__in=self.stations,
                user__roles__role=Role.TECHNICIAN,
                is_active=True,
            )
            .select_related("user", "user__organisation")
            .prefetch_related("skills")
        )
        days_off: dict[int, set] = defaultdict(set)
        for profile_id, day in DayOff.objects.filter(
            technician__in=profiles, day=local.date()
        ).values_list("technician_id", "day"):
            days_off[profile_id].add(day)
        loads = dict(
            WorkOrder.objects.filter(
                technician__in=[p.user_id for p in profiles], status__in=LOADED
            )
            .values_list("technician_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        self.techs: dict[int, TechInfo] = {}
        for p in profiles:
            station = self.stations[p.user.organisation_id]  # type: ignore[index]
            lat, lon, note = self._tech_position(p, station)
            self.techs[p.user_id] = TechInfo(
                user=p.user,
                profile=p,
                station=station,
                skills={c.pk for c in p.skills.all()},
                certifications=set(p.certifications or []),
                on_shift=p.on_shift(local.replace(tzinfo=None), days_off[p.pk]),
                load=loads.get(p.user_id, 0),
                capacity=p.daily_capacity,
                lat=lat,
                lon=lon,
                position_note=note,
            )

    def _tech_position(
        self, p: TechnicianProfile, station: Organisation
    ) -> tuple[float, float, str]:
        last = _coords(p.last_latitude, p.last_longitude)
        if last and p.last_seen_at and self.now - p.last_seen_at <= POSITION_FRESH:
            return last[0], last[1], "last_known"
        home = _coords(p.home_latitude, p.home_longitude)
        if home:
            return home[0], home[1], "home_base"
        at_station = _coords(station.latitude, station.longitude)
        if at_station:
            return at_station[0], at_station[1], "station"
        region = self.regions.get(station.region_id or 0)
        centre = _coords(region.latitude, region.longitude) if region else None
        return (centre[0], centre[1], "regional_centre") if centre else (0.0, 0.0, "unknown")

    def policy_for(self, order: WorkOrder) -> DispatchPolicy:
        key = (order.region_id, order.network_id)
        if key not in self._policies:
            self._policies[key] = policy_for(order)
        return self._policies[key]

    @staticmethod
    def weights(policy: DispatchPolicy) -> Weights:
        return Weights(
            policy=policy.policy,
            travel_per_km=policy.travel_per_km,
            load=policy.load_weight,
            lateness_per_hour=policy.lateness_per_hour,
            speed_kmh=policy.speed_kmh,
        )

    def order_info(self, order: WorkOrder) -> OrderInfo:
        category = order.asset.product_model.category if order.asset_id and order.asset else None
        address = order.address
        coords = _coords(address.latitude, address.longitude) if address else None
        note = "address"
        if coords is None:
            # DOMAIN.md §4.2: without coordinates the order is placed at its regional centre
            # (地市级管理站), and the explanation says so.
            region = self.regions.get(order.region_id or 0)
            coords = _coords(region.latitude, region.longitude) if region else None
            note = "regional_centre" if coords else "unknown"
        due = order.onsite_due_at or order.response_due_at
        slack = (due - self.now).total_seconds() / 60 if due else float("inf")
        excluded = frozenset(
            Assignment.objects.filter(
                work_order=order, status__in=[AssignmentStatus.DECLINED, AssignmentStatus.EXPIRED]
            ).values_list("technician_id", flat=True)
        )
        return OrderInfo(
            order=order,
            category=category,
            lat=coords[0] if coords else 0.0,
            lon=coords[1] if coords else 0.0,
            position_note=note,
            urgency=urgency(order.priority, order.customer.tier),
            slack_min=slack,
            excluded=excluded,
        )

    def static_reasons(self, info: OrderInfo, tech: TechInfo) -> list[str]:
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
            if key not in self.authorised:
                reasons.append("not_authorised")
            if info.category.pk not in tech.skills:
                reasons.append("no_skill")
            if (
                info.category.required_certification
                and info.category.required_certification not in tech.certifications
            ):
                reasons.append("no_certification")
        if not tech.on_shift:
            reasons.append("off_shift")
        if tech.user.pk in info.excluded:
            reasons.append("declined_before")
        return reasons

    def station_radius(self, station: Organisation) -> float:
        area = self.station_area.get(station.pk)
        return float(area.service_radius_km if area else DEFAULT_RADIUS_KM)

    def station_free(self, station: Organisation) -> int:
        area = self.station_area.get(station.pk)
        capacity = area.daily_capacity if area else DEFAULT_STATION_CAPACITY
        return capacity - self.station_load.get(station.pk, 0)

    def reasons(
        self, info: OrderInfo, tech: TechInfo, *, ignore_current: bool = False
    ) -> list[str]:
        """Why this technician may not take this order now (empty: they may)."""
        reasons = self.static_reasons(info, tech)
        current = ignore_current and info.order.technician_id == tech.user.pk
        if tech.load - int(current) >= tech.capacity:
            reasons.append("at_capacity")
        if self.station_free(tech.station) + int(current) <= 0:
            reasons.append("station_full")
        station = _coords(tech.station.latitude, tech.station.longitude)
        if station and info.position_note == "address":
            if haversine_km(info.lat, info.lon, station[0], station[1]) > self.station_radius(
                tech.station
            ):
                reasons.append("outside_area")
        return reasons

    def instance(self, infos: list[OrderInfo]) -> tuple[Instance, list[TechInfo]]:
        techs = list(self.techs.values())
        station_ids = sorted({t.station.pk for t in techs})
        station_index = {s: i for i, s in enumerate(station_ids)}
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
                ok = [i for i, t in enumerate(techs) if not self.static_reasons(info, t)]
                group_techs.append(np.array(ok, dtype=np.int64))
                group_reason.append("" if ok else "no_feasible_technician")
            order_group.append(groups[key])
        station_list = [self.stations[s] for s in station_ids]

        def station_coord(t: TechInfo, axis: int) -> float:
            c = _coords(t.station.latitude, t.station.longitude)
            return c[axis] if c else (t.lat, t.lon)[axis]

        inst = Instance(
            order_ids=np.array([i.order.pk for i in infos], dtype=np.int64),
            order_lat=np.array([i.lat for i in infos]),
            order_lon=np.array([i.lon for i in infos]),
            order_group=np.array(order_group, dtype=np.int64),
            order_urgency=np.array([i.urgency for i in infos]),
            order_slack_min=np.array([i.slack_min for i in infos]),
            tech_ids=np.array([t.user.pk for t in techs], dtype=np.int64),
            tech_lat=np.array([t.lat for t in techs]),
            tech_lon=np.array([t.lon for t in techs]),
            tech_load=np.array([t.load for t in techs], dtype=np.int64),
            tech_capacity=np.array([t.capacity for t in techs], dtype=np.int64),
            group_techs=group_techs,
            group_reason=group_reason,
            tech_max_km=np.array([self.station_radius(t.station) for t in techs]),
            tech_station=np.array([station_index[t.station.pk] for t in techs], dtype=np.int64),
            station_free=np.array(
                [max(self.station_free(s), 0) for s in station_list], dtype=np.int64
            ),
            reach_lat=np.array([station_coord(t, 0) for t in techs]),
            reach_lon=np.array([station_coord(t, 1) for t in techs]),
            order_reach_exempt=np.array([i.position_note != "address" for i in infos], dtype=bool),
        )
        return inst, techs


def policy_for(order: WorkOrder) -> DispatchPolicy:
    """The order's regional centre's policy, else its network's, else the defaults."""
    ids = [i for i in (order.region_id, order.network_id) if i]
    found = {p.organisation_id: p for p in DispatchPolicy.objects.filter(organisation_id__in=ids)}
    return next((found[i] for i in ids if i in found), DispatchPolicy())


def context_for(orders: list[WorkOrder], now: datetime) -> DispatchContext:
    region_ids = {o.region_id for o in orders if o.region_id}
    return DispatchContext(list(Organisation.objects.filter(pk__in=region_ids)), now)
