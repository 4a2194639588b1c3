from typing import ClassVar

from django.contrib import admin

from aftersales.core.admin import Lookups, ReadOnlyAdmin, ScopedAdmin, ScopedInline
from aftersales.core.models import OrganisationKind as K
from aftersales.dispatch.models import (
    Assignment,
    DayOff,
    DispatchPolicy,
    StationCapacity,
    TechnicianProfile,
)


class DayOffInline(ScopedInline):
    model = DayOff
    extra = 1


@admin.register(TechnicianProfile)
class TechnicianProfileAdmin(ScopedAdmin):
    list_display = ("user", "team", "daily_capacity", "is_active")
    list_filter = ("is_active", "skills")
    filter_horizontal = ("skills",)
    search_fields = ("user__username", "user__display_name", "team")
    inlines = [DayOffInline]
    # A network, a regional centre or a station maintains its own technicians' profiles.
    owned_by: ClassVar[dict[str, Lookups]] = {
        K.NETWORK: ("user__organisation__network_id",),
        K.REGION: ("user__organisation__region_id",),
        K.STATION: ("user__organisation_id",),
    }
    owned_choices: ClassVar[dict[str, str]] = {"user": "organisation_id"}


@admin.register(StationCapacity)
class StationCapacityAdmin(ScopedAdmin):
    list_display = ("station", "service_radius_km", "daily_capacity")
    owned_by: ClassVar[dict[str, Lookups]] = {
        K.NETWORK: ("station__network_id",),
        K.REGION: ("station__region_id",),
        K.STATION: ("station_id",),
    }


@admin.register(DispatchPolicy)
class DispatchPolicyAdmin(ScopedAdmin):
    list_display = ("organisation", "policy", "auto_dispatch", "acceptance_minutes", "candidates_k")
    owned_by: ClassVar[dict[str, Lookups]] = {
        K.NETWORK: ("organisation_id", "organisation__network_id"),
        K.REGION: ("organisation_id",),
    }


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = (
        "work_order",
        "technician",
        "station",
        "method",
        "status",
        "offered_at",
        "respond_by",
    )
    list_filter = ("status", "method")
    list_select_related = ("work_order", "technician", "station")
