"""The manufacturer's claim policies in the admin: contract terms, check modes, which parts fit
which models. Claims themselves are read here and changed only through their pages and API."""

from typing import ClassVar

from django.contrib import admin

from aftersales.claims.models import (
    CheckSetting,
    Claim,
    ClaimTerms,
    PartApplicability,
    PreAuthorisation,
)
from aftersales.core.admin import Lookups, ReadOnlyAdmin, ScopedAdmin
from aftersales.core.models import OrganisationKind

BY_MANUFACTURER: dict[str, Lookups] = {OrganisationKind.MANUFACTURER: ("manufacturer_id",)}


@admin.register(ClaimTerms)
class ClaimTermsAdmin(ScopedAdmin):
    list_display = (
        "manufacturer",
        "station",
        "labour_rate",
        "handling_markup_percent",
        "travel_rate_per_km",
        "call_out_fee",
        "auto_approve_below",
        "pre_authorisation_above",
    )
    list_filter = ("manufacturer",)
    owned_by = BY_MANUFACTURER


@admin.register(CheckSetting)
class CheckSettingAdmin(ScopedAdmin):
    list_display = ("manufacturer", "code", "mode")
    list_filter = ("manufacturer", "mode")
    owned_by = BY_MANUFACTURER


@admin.register(PartApplicability)
class PartApplicabilityAdmin(ScopedAdmin):
    list_display = ("part", "product_model")
    search_fields = ("part__number", "product_model__code")
    owned_by: ClassVar[dict[str, Lookups]] = {
        OrganisationKind.MANUFACTURER: ("part__manufacturer_id",)
    }
    owned_choices = {"part": "manufacturer_id", "product_model": "manufacturer_id"}


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("number", "type", "status", "station", "manufacturer", "total_amount")
    list_filter = ("status", "type")
    search_fields = ("number", "serial")


@admin.register(PreAuthorisation)
class PreAuthorisationAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "station", "manufacturer", "requested_amount")
    list_filter = ("status",)
    search_fields = ("number",)
