"""Loads what dispatch decides on (technicians, loads, capacities, authorisations, positions)
for a set of regions in a few queries, as plain values: this runs on every dispatch decision.
Who may take an order is `feasibility`'s; the words for it are the presenter's."""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, FloatField, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from aftersales.catalog.models import Authorisation, ProductCategory
from aftersales.core.aggregates import TextList, split_list
from aftersales.core.models import Organisation, OrganisationKind, User
from aftersales.core.roles import Role
from aftersales.dispatch.engine import Weights, urgency
from aftersales.dispatch.models import (
    Assignment,
    AssignmentStatus,
    DayOff,
    DispatchPolicy,
    StationCapacity,
    TechnicianProfile,
    works_at,
)
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder

LOADED = (Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING_PARTS, Status.WAITING_CUSTOMER)
POSITION_FRESH = timedelta(hours=2)


@dataclass
class TechInfo:
    """A technician as dispatch sees them: plain values, loaded in bulk (no model instances)."""

    user_id: int
    name: str
    team: str
    station: Organisation
    skills: set[int]
    certifications: set[str]
    on_shift: bool
    load: int
    capacity: int
    lat: float
    lon: float
    position_note: str
    _user: User | None = None

    @property
    def user(self) -> User:
        if self._user is None:
            self._user = User.objects.select_related("organisation").get(pk=self.user_id)
        return self._user

    def __str__(self) -> str:
        return self.name


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

    @property
    def placed_by_fallback(self) -> bool:
        """No coordinates of its own: placed at its regional centre (not held to service areas)."""
        return self.position_note != "address"


COORDINATES = ("home_latitude", "home_longitude", "last_latitude", "last_longitude")


@functools.lru_cache(maxsize=512)
def _json(text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    # PostgreSQL casts jsonb to its JSON text; SQLite may hand back a JSON string of JSON.
    return json.loads(value) if isinstance(value, str) else value


def as_point(lat: object, lon: object) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)  # type: ignore[arg-type]


class DispatchContext:
    """What dispatch decides on for a set of regions, loaded in a few queries as plain values.
    Who may take an order is asked of `feasibility` (one pair, or the engine's arrays)."""

    def __init__(
        self,
        regions: list[Organisation],
        now: datetime,
        *,
        only_user: int | None = None,
        near: tuple[float, float, float] | None = None,
    ):
        """`only_user`: load just that technician (checking one manual choice).
        `near` (lat, lon, km): load only technicians whose position lies within km of there."""
        self.now = now
        self._policies: dict[tuple, DispatchPolicy] = {}
        self.regions = {r.pk: r for r in regions}
        local = timezone.localtime(now)
        self.stations = {
            s.pk: s
            for s in Organisation.objects.filter(
                kind=OrganisationKind.STATION, is_active=True, region_id__in=self.regions
            )
        }
        self.station_area = {
            c.station_id: c for c in StationCapacity.objects.filter(station_id__in=self.stations)
        }
        self.station_load = dict(
            WorkOrder.objects.filter(station_id__in=self.stations, status__in=LOADED)
            .values_list("station_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        self.authorised = self._authorisations(local.date())
        self.techs = self._technicians(local, only_user, near)

    def _authorisations(self, day: date) -> set[tuple[int, int, int, int]]:
        """(station, manufacturer, category, region) of every authorisation (网签) in force."""
        in_force = Authorisation.objects.in_force(day).filter(station_id__in=self.stations)
        return {
            key
            for key in in_force.values_list(
                "station_id", "manufacturer_id", "categories", "regions"
            )
            if key[2] and key[3]
        }

    def _technicians(
        self, local: datetime, only_user: int | None, near: tuple[float, float, float] | None
    ) -> dict[int, TechInfo]:
        rows = self._technician_rows(only_user, near)
        # Filtered by the stations already loaded: no join through users and organisations.
        days_off = set(
            DayOff.objects.filter(
                technician__user__organisation_id__in=self.stations, day=local.date()
            ).values_list("technician_id", flat=True)
        )
        # Counted here from the open orders' technician ids, read through the (station, status)
        # index: grouped in SQL, SQLite walked the technician index instead, for every order
        # ever assigned (200-480 ms at 100,000 orders). A region has hundreds of open orders.
        loads = Counter(
            WorkOrder.objects.filter(station_id__in=self.stations, status__in=LOADED)
            .exclude(technician_id=None)
            .values_list("technician_id", flat=True)
        )
        naive_local = local.replace(tzinfo=None)
        shift_now: dict[str | None, bool] = {}  # most technicians share a handful of shifts
        techs: dict[int, TechInfo] = {}
        for r in rows:
            station = self.stations[r["user__organisation_id"]]
            lat, lon, note = self._tech_position(r, station)
            techs[r["user_id"]] = TechInfo(
                user_id=r["user_id"],
                name=r["user__display_name"] or r["user__username"],
                team=r["team"],
                station=station,
                skills={int(c) for c in split_list(r["skill_list"])},
                certifications=set(_json(r["certifications_text"]) or []),
                on_shift=self._works_now(r["shift_text"], naive_local, shift_now)
                and r["id"] not in days_off,
                load=loads.get(r["user_id"], 0),
                capacity=r["daily_capacity"],
                lat=lat,
                lon=lon,
                position_note=note,
            )
        return techs

    def _technician_rows(
        self, only_user: int | None, near: tuple[float, float, float] | None
    ) -> list[dict[str, Any]]:
        # Plain values, coordinates cast to float and JSON read as text (parsed once per distinct
        # value): this runs on every dispatch decision over every technician of the region.
        profiles = TechnicianProfile.objects.filter(
            user__is_active=True,
            user__organisation_id__in=self.stations,
            user__roles__role=Role.TECHNICIAN,
            is_active=True,
        )
        if only_user is not None:
            profiles = profiles.filter(user_id=only_user)
        if near is not None:
            profiles = profiles.filter(_near_q(near, self.now - POSITION_FRESH))
        return list(
            profiles.annotate(
                # The skills in the profile's own row: a second query over the same 2,000
                # technicians cost 4-6 ms on PostgreSQL on every decision.
                skill_list=TextList(Cast("skills", TextField())),
                shift_text=Cast("shift", TextField()),
                certifications_text=Cast("certifications", TextField()),
                **{f"{c}_f": Cast(c, FloatField()) for c in COORDINATES},
            ).values(
                "id",
                "user_id",
                "user__organisation_id",
                "user__display_name",
                "user__username",
                "team",
                "certifications_text",
                "shift_text",
                "skill_list",
                "last_seen_at",
                "daily_capacity",
                *(f"{c}_f" for c in COORDINATES),
            )
        )

    @staticmethod
    def _works_now(shift_text: str | None, moment: datetime, memo: dict[str | None, bool]) -> bool:
        if shift_text not in memo:
            memo[shift_text] = works_at(_json(shift_text), moment, set())
        return memo[shift_text]

    def load_users(self, techs: list[TechInfo]) -> None:
        """Fetch the User rows of these technicians in one query (for plans and lists)."""
        missing = {t.user_id for t in techs if t._user is None}
        users = User.objects.select_related("organisation").in_bulk(missing)
        for t in techs:
            if t._user is None:
                t._user = users[t.user_id]

    def _tech_position(self, p: Any, station: Organisation) -> tuple[float, float, str]:
        """Last known position if fresh, else home base, else the station, else the region."""
        last = as_point(p["last_latitude_f"], p["last_longitude_f"])
        if last and p["last_seen_at"] and self.now - p["last_seen_at"] <= POSITION_FRESH:
            return last[0], last[1], "last_known"
        home = as_point(p["home_latitude_f"], p["home_longitude_f"])
        if home:
            return home[0], home[1], "home_base"
        at_station = as_point(station.latitude, station.longitude)
        if at_station:
            return at_station[0], at_station[1], "station"
        region = self.regions.get(station.region_id or 0)
        centre = as_point(region.latitude, region.longitude) if region else None
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
        coords = as_point(address.latitude, address.longitude) if address else None
        note = "address"
        if coords is None:
            # DOMAIN.md §4.2: without coordinates the order is placed at its regional centre
            # (地市级管理站), and the explanation says so.
            region = self.regions.get(order.region_id or 0)
            coords = as_point(region.latitude, region.longitude) if region else None
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


def policy_for(order: WorkOrder) -> DispatchPolicy:
    """The order's regional centre's policy, else its network's, else the defaults."""
    ids = [i for i in (order.region_id, order.network_id) if i]
    found = {p.organisation_id: p for p in DispatchPolicy.objects.filter(organisation_id__in=ids)}
    return next((found[i] for i in ids if i in found), DispatchPolicy())


def _near_q(near: tuple[float, float, float], fresh_after: datetime) -> Q:
    """Technicians whose dispatch position (fresh last known, else home base, else station) lies
    in a box that contains every point within `km` of (lat, lon). 111 km a degree is slightly
    short of the truth, so the box errs on the large side."""
    lat, lon, km = near
    dlat = km / 111.0
    dlon = km / (111.0 * max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 0.01))

    def box(prefix: str) -> Q:
        return Q(
            **{
                f"{prefix}latitude__gte": lat - dlat,
                f"{prefix}latitude__lte": lat + dlat,
                f"{prefix}longitude__gte": lon - dlon,
                f"{prefix}longitude__lte": lon + dlon,
            }
        )

    fresh = Q(
        last_seen_at__gte=fresh_after, last_latitude__isnull=False, last_longitude__isnull=False
    )
    no_home = Q(home_latitude__isnull=True) | Q(home_longitude__isnull=True)
    no_station = Q(user__organisation__latitude__isnull=True) | Q(
        user__organisation__longitude__isnull=True
    )
    return (
        (fresh & box("last_"))
        | (~fresh & ~no_home & box("home_"))
        | (~fresh & no_home & box("user__organisation__"))
        | (~fresh & no_home & no_station)  # placed at the regional centre: always considered
    )


def context_for(
    orders: list[WorkOrder],
    now: datetime,
    *,
    only_user: int | None = None,
    near: tuple[float, float, float] | None = None,
) -> DispatchContext:
    region_ids = {o.region_id for o in orders if o.region_id}
    return DispatchContext(
        list(Organisation.objects.filter(pk__in=region_ids)), now, only_user=only_user, near=near
    )
