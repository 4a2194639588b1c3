"""Dispatch master data writes: technician profiles, station areas, policies, days off."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductCategory
from aftersales.core import clock
from aftersales.core.audit import record_event
from aftersales.core.errors import Invalid, NotFound, field_error
from aftersales.core.models import Organisation, User
from aftersales.core.roles import Role
from aftersales.dispatch.models import (
    WEEKDAYS,
    DayOff,
    DispatchPolicy,
    Policy,
    StationCapacity,
    TechnicianProfile,
)


def _check_shift(shift: dict[str, list[str]]) -> None:
    for day, hours in shift.items():
        valid = day in WEEKDAYS and isinstance(hours, list) and len(hours) == 2
        if valid:
            start, end = hours
            valid = len(start) == 5 and len(end) == 5 and start < end
        if not valid:
            raise Invalid(
                _('Working hours look like {"mon": ["08:30", "18:00"]}.'),
                fields={"shift": _("Invalid working hours.")},
            )


def technician_profile_save(
    *,
    user: User,
    actor: User | None,
    skills: Iterable[ProductCategory] = (),
    certifications: Iterable[str] = (),
    home: tuple[Decimal, Decimal] | None = None,
    shift: dict[str, list[str]] | None = None,
    daily_capacity: int = 6,
    team: str = "",
) -> TechnicianProfile:
    if (
        not user.has_role(Role.TECHNICIAN)
        or user.organisation is None
        or user.organisation.kind != "station"
    ):
        raise Invalid(
            _("Only a station's technicians have a dispatch profile."),
            fields={"user": _("Not a technician.")},
        )
    if not 1 <= daily_capacity <= 50:
        raise field_error("daily_capacity", _("Daily capacity is 1 to 50 jobs."))
    if shift is not None:
        _check_shift(shift)
    with transaction.atomic():
        profile, created = TechnicianProfile.objects.get_or_create(user=user)
        profile.certifications = sorted(set(certifications))
        profile.daily_capacity = daily_capacity
        profile.team = team
        if home is not None:
            profile.home_latitude, profile.home_longitude = home
        if shift is not None:
            profile.shift = shift
        profile.save()
        profile.skills.set(list(skills))
        record_event(
            record=profile,
            verb="technician_profile.created" if created else "technician_profile.changed",
            actor=actor,
            data={"skills": [c.pk for c in profile.skills.all()], "capacity": daily_capacity},
        )
    return profile


def day_off_add(
    *, profile: TechnicianProfile, day: date, actor: User | None, note: str = ""
) -> DayOff:
    with transaction.atomic():
        day_off, _created = DayOff.objects.get_or_create(
            technician=profile, day=day, defaults={"note": note}
        )
        record_event(
            record=profile,
            verb="technician_profile.day_off",
            actor=actor,
            data={"day": day.isoformat(), "note": note},
        )
    return day_off


def station_capacity_set(
    *, station: Organisation, actor: User | None, service_radius_km: int, daily_capacity: int
) -> StationCapacity:
    with transaction.atomic():
        capacity, _created = StationCapacity.objects.update_or_create(
            station=station,
            defaults={"service_radius_km": service_radius_km, "daily_capacity": daily_capacity},
        )
        record_event(
            record=station,
            verb="station.capacity_set",
            actor=actor,
            data={"radius_km": service_radius_km, "daily_capacity": daily_capacity},
        )
    return capacity


def dispatch_policy_set(
    *,
    organisation: Organisation,
    actor: User | None,
    policy: str = Policy.NEAREST_BALANCED,
    **weights: object,
) -> DispatchPolicy:
    if policy not in Policy.values:
        raise field_error("policy", _("Unknown dispatch policy."))
    with transaction.atomic():
        found, _created = DispatchPolicy.objects.update_or_create(
            organisation=organisation, defaults={"policy": policy, **weights}
        )
        record_event(
            record=organisation,
            verb="dispatch_policy.set",
            actor=actor,
            data={"policy": policy, **{k: str(v) for k, v in weights.items()}},
        )
    return found


def technician_position_report(
    *, user: User, latitude: float, longitude: float
) -> TechnicianProfile:
    """Last known position from the technician's phone (not audited: it is telemetry, not a
    business change; the latest one is kept on the profile)."""
    profile = TechnicianProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound(_("You have no dispatch profile."))
    with transaction.atomic():
        TechnicianProfile.objects.filter(pk=profile.pk).update(
            last_latitude=Decimal(str(round(latitude, 6))),
            last_longitude=Decimal(str(round(longitude, 6))),
            last_seen_at=clock.now(),
        )
    profile.refresh_from_db()
    return profile
