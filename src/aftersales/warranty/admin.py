"""Warranty policies in the admin: a manufacturer maintains its own versions (a version a
decision used is read-only but for closing it; a change is a new version); extensions are
read here and granted through their service (goodwill: `grant_goodwill_extension`)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from aftersales.core.access import acting_user
from aftersales.core.admin import Lookups, ReadOnlyAdmin, ScopedAdmin, ScopedInline
from aftersales.core.errors import Invalid
from aftersales.core.models import OrganisationKind
from aftersales.warranty.models import (
    ComponentTerm,
    Entitlement,
    WarrantyExtension,
    WarrantyPolicy,
)
from aftersales.warranty.policies import TERMS_FIELDS
from aftersales.warranty.services import policy_save

BY_MANUFACTURER: dict[str, Lookups] = {OrganisationKind.MANUFACTURER: ("manufacturer_id",)}


class ComponentTermInline(ScopedInline):
    model = ComponentTerm
    extra = 1

    def _parent_allows(self, request: HttpRequest, obj: Any) -> bool:
        # A used version's components are part of its terms: they never change either.
        if obj is not None and obj.pk and obj.is_used:
            return False
        return super()._parent_allows(request, obj)


@admin.register(WarrantyPolicy)
class WarrantyPolicyAdmin(ScopedAdmin):
    list_display = (
        "category",
        "product_model",
        "version_label",
        "valid_from",
        "valid_to",
        "return_days",
        "exchange_days",
        "repair_months",
        "mileage_limit_km",
        "start_event",
    )
    list_filter = ("manufacturer", "category", "start_event")
    search_fields = ("version_label", "category__name", "product_model__code")
    list_select_related = ("category", "product_model")
    inlines: ClassVar[list[Any]] = [ComponentTermInline]
    owned_by = BY_MANUFACTURER
    owned_choices: ClassVar[dict[str, str]] = {
        "category": "manufacturer_id",
        "product_model": "manufacturer_id",
    }

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_used:
            # Decisions were made under it: only its end may be set (closing it).
            return (*fields, *(f.removesuffix("_id") for f in TERMS_FIELDS))
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            try:
                policy_save(obj, actor=acting_user(request))
            except Invalid as exc:  # the form's clean() checked the same rules first
                raise ValidationError(str(exc.message)) from exc
            if not self._manages(request, obj):
                raise PermissionDenied

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A used version is history: it is closed, never deleted (PROTECT would refuse anyway).
        if obj is not None and obj.is_used:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(WarrantyExtension)
class WarrantyExtensionAdmin(ReadOnlyAdmin):
    list_display = ("asset", "kind", "months", "mileage_km", "valid_from", "granted_by_name")
    list_filter = ("kind",)
    list_select_related = ("asset", "asset__product_model")
    search_fields = ("asset__serial",)


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdmin):
    list_display = ("work_order", "outcome", "rule", "period_end", "version_label", "frozen_at")
    list_filter = ("outcome", "rule", "default_policy", "provisional")
    list_select_related = ("work_order",)
    search_fields = ("work_order__number",)
