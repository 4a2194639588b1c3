from django.contrib import admin

from aftersales.core.admin import ReadOnlyAdmin, ScopedAdmin
from aftersales.core.models import OrganisationKind
from aftersales.workorders.models import InboundSms, SlaPolicy, WorkOrder


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ScopedAdmin):
    list_display = (
        "manufacturer",
        "zone",
        "response_minutes",
        "onsite_minutes",
        "resolution_minutes",
    )
    # A manufacturer maintains its own targets; the defaults (no manufacturer) are the
    # superuser's.
    owned_by = {OrganisationKind.MANUFACTURER: ("manufacturer_id",)}


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "type", "priority", "customer", "station", "created_at")
    list_filter = ("status", "type", "priority", "channel")
    search_fields = ("number",)
    list_select_related = ("customer", "station")


@admin.register(InboundSms)
class InboundSmsAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "from_phone", "text", "outcome")
