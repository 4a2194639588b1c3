from django.contrib import admin

from aftersales.core.admin import ReadOnlyAdmin, ScopedAdmin
from aftersales.dispatch.models import (
    Assignment,
    DayOff,
    DispatchPolicy,
    StationCapacity,
    TechnicianProfile,
)


class DayOffInline(admin.TabularInline):
    model = DayOff
    extra = 1


@admin.register(TechnicianProfile)
class TechnicianProfileAdmin(ScopedAdmin):
    list_display = ("user", "team", "daily_capacity", "is_active")
    list_filter = ("is_active", "skills")
    filter_horizontal = ("skills",)
    search_fields = ("user__username", "user__display_name", "team")
    inlines = [DayOffInline]


@admin.register(StationCapacity)
class StationCapacityAdmin(ScopedAdmin):
    list_display = ("station", "service_radius_km", "daily_capacity")


@admin.register(DispatchPolicy)
class DispatchPolicyAdmin(ScopedAdmin):
    list_display = ("organisation", "policy", "auto_dispatch", "acceptance_minutes", "candidates_k")


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
