"""Settlement's rules as data in the admin (which old parts come back, the suppliers' recovery
terms, a network's fee), each kept by its owner. Old parts, shipments, statements and recoveries
are read here and changed only through their pages and API (a locked statement never changes)."""

from typing import ClassVar

from django.contrib import admin

from aftersales.core.admin import Lookups, ReadOnlyAdmin, ScopedAdmin
from aftersales.core.models import OrganisationKind
from aftersales.settlement.models import (
    NetworkFee,
    OldPart,
    OldPartRule,
    OldPartShipment,
    Statement,
    SupplierRecovery,
    SupplierTerms,
)

BY_MANUFACTURER: dict[str, Lookups] = {OrganisationKind.MANUFACTURER: ("manufacturer_id",)}


@admin.register(OldPartRule)
class OldPartRuleAdmin(ScopedAdmin):
    list_display = (
        "manufacturer",
        "part",
        "category",
        "disposition",
        "scrap_deduction_percent",
        "return_within_days",
    )
    list_filter = ("manufacturer", "disposition")
    owned_by = BY_MANUFACTURER
    owned_choices: ClassVar[dict[str, str]] = {
        "part": "manufacturer_id",
        "category": "manufacturer_id",
    }


@admin.register(SupplierTerms)
class SupplierTermsAdmin(ScopedAdmin):
    list_display = (
        "manufacturer",
        "supplier",
        "parts_share_percent",
        "labour_share_percent",
        "handling_fee_percent",
    )
    list_filter = ("manufacturer",)
    owned_by = BY_MANUFACTURER


@admin.register(NetworkFee)
class NetworkFeeAdmin(ScopedAdmin):
    list_display = ("network", "manufacturer", "fee_percent")
    owned_by: ClassVar[dict[str, Lookups]] = {OrganisationKind.NETWORK: ("network_id",)}


@admin.register(OldPart)
class OldPartAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "disposition", "station", "manufacturer", "amount")
    list_filter = ("status", "disposition")
    search_fields = ("number",)


@admin.register(OldPartShipment)
class OldPartShipmentAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "station", "destination", "tracking_number")
    list_filter = ("status",)
    search_fields = ("number", "tracking_number")


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "status", "period", "payer", "payee", "total_amount")
    list_filter = ("status", "kind")
    search_fields = ("number",)


@admin.register(SupplierRecovery)
class SupplierRecoveryAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "period", "manufacturer", "supplier", "total_amount")
    list_filter = ("status",)
    search_fields = ("number",)
