"""Technicians' skills, shifts and capacity; stations' service area and capacity; dispatch
policies per organisation; and the assignments (offers) made to technicians."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductCategory
from aftersales.core.models import Organisation
from aftersales.workorders.models import WorkOrder

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def default_shift() -> dict[str, list[str]]:
    return {day: ["08:30", "18:00"] for day in WEEKDAYS[:6]}


class TechnicianProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="technician_profile"
    )
    team = models.CharField(_("service team"), max_length=60, blank=True)
    skills = models.ManyToManyField(
        ProductCategory, verbose_name=_("skills (product categories)"), blank=True
    )
    certifications = models.JSONField(
        _("certifications"),
        default=list,
        blank=True,
        help_text=_('e.g. ["电梯作业证"]: licences a category may require'),
    )
    home_latitude = models.DecimalField(
        _("home base latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    home_longitude = models.DecimalField(
        _("home base longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_latitude = models.DecimalField(
        _("last known latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_longitude = models.DecimalField(
        _("last known longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_seen_at = models.DateTimeField(_("position time"), null=True, blank=True)
    shift = models.JSONField(
        _("working hours per weekday"),
        default=default_shift,
        help_text=_('{"mon": ["08:30", "18:00"], …}; a missing day is a day off'),
    )
    daily_capacity = models.PositiveSmallIntegerField(_("daily capacity (jobs)"), default=6)
    is_active = models.BooleanField(_("available for dispatch"), default=True)

    class Meta:
        verbose_name = _("technician profile")
        verbose_name_plural = _("technician profiles")

    def __str__(self) -> str:
        return str(self.user)

    def shift_on(self, day: date) -> tuple[time, time] | None:
        return shift_hours(self.shift, day)

    def on_shift(self, moment: datetime, days_off: set[date]) -> bool:
        return works_at(self.shift, moment, days_off)


def shift_hours(shift: dict | None, day: date) -> tuple[time, time] | None:
    hours = (shift or {}).get(WEEKDAYS[day.weekday()])
    if not hours or len(hours) != 2:
        return None
    end = time.max if hours[1] == "24:00" else time.fromisoformat(hours[1])
    return time.fromisoformat(hours[0]), end


def works_at(shift: dict | None, moment: datetime, days_off: set[date]) -> bool:
    """Works on that day and the shift has not ended yet (work may wait for its start)."""
    hours = shift_hours(shift, moment.date())
    return hours is not None and moment.date() not in days_off and moment.time() < hours[1]


class DayOff(models.Model):
    technician = models.ForeignKey(
        TechnicianProfile, on_delete=models.CASCADE, related_name="days_off"
    )
    day = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("day off")
        verbose_name_plural = _("days off")
        constraints = [models.UniqueConstraint(fields=["technician", "day"], name="unique_day_off")]
        indexes = [models.Index(fields=["day"])]  # dispatch asks "who is off today" per region

    def __str__(self) -> str:
        return f"{self.technician} {self.day}"


class StationCapacity(models.Model):
    station = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="dispatch_capacity"
    )
    service_radius_km = models.PositiveIntegerField(_("service radius (km)"), default=120)
    daily_capacity = models.PositiveIntegerField(_("daily capacity (open jobs)"), default=60)

    class Meta:
        verbose_name = _("station service area and capacity")
        verbose_name_plural = _("station service areas and capacities")

    def __str__(self) -> str:
        return str(self.station)


class Policy(models.TextChoices):
    NEAREST = "nearest", _("Nearest (就近派工)")
    BALANCED = "balanced", _("Balanced (均衡派工)")
    NEAREST_BALANCED = "nearest_balanced", _("Nearest and balanced (就近均衡)")


class DispatchPolicy(models.Model):
    """Dispatch weights of an organisation (network or regional centre; the region's wins)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="dispatch_policy"
    )
    policy = models.CharField(
        _("policy"), max_length=20, choices=Policy.choices, default=Policy.NEAREST_BALANCED
    )
    auto_dispatch = models.BooleanField(_("dispatch automatically on acceptance"), default=True)
    travel_per_km = models.FloatField(_("travel weight per km"), default=1.0)
    load_weight = models.FloatField(_("load weight"), default=30.0)
    lateness_per_hour = models.FloatField(_("SLA lateness weight per hour"), default=60.0)
    speed_kmh = models.FloatField(_("assumed travel speed (km/h)"), default=30.0)
    acceptance_minutes = models.PositiveIntegerField(
        _("minutes for the technician to accept"), default=30
    )
    candidates_k = models.PositiveSmallIntegerField(
        _("candidates per order in batch dispatch"), default=8
    )

    class Meta:
        verbose_name = _("dispatch policy")
        verbose_name_plural = _("dispatch policies")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_policy_display()}"


class AssignmentStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted by the technician")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Not accepted in time")
    WITHDRAWN = "withdrawn", _("Withdrawn (reassigned)")


class Method(models.TextChoices):
    MANUAL = "manual", _("Manual")
    AUTO = "auto", _("Automatic")
    BATCH = "batch", _("Batch")


class Assignment(models.Model):
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="assignments")
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    station = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.OFFERED,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    explanation = models.JSONField(_("score explanation"), default=dict, blank=True)
    offered_at = models.DateTimeField(_("offered at"))
    respond_by = models.DateTimeField(_("respond by"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    response_reason = models.TextField(_("response reason"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "respond_by"]),
            models.Index(fields=["technician", "status"]),
        ]
        constraints = [
            # At most one live offer per order: the database refuses a second concurrent one.
            models.UniqueConstraint(
                fields=["work_order"],
                condition=models.Q(status__in=["offered", "accepted"]),
                name="one_live_assignment_per_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_order} → {self.technician} ({self.status})"
