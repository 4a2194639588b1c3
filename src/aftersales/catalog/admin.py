from typing import ClassVar

from django.contrib import admin

from aftersales.catalog.models import (
    Authorisation,
    LabourOperation,
    Part,
    ProductCategory,
    ProductModel,
)
from aftersales.core.admin import Lookups, ScopedAdmin
from aftersales.core.models import OrganisationKind

# A manufacturer's catalogue is its own to maintain; everybody else reads it (the catalogue is
# shared by every network that services the manufacturer's products).
BY_MANUFACTURER: dict[str, Lookups] = {OrganisationKind.MANUFACTURER: ("manufacturer_id",)}


@admin.register(ProductCategory)
class ProductCategoryAdmin(ScopedAdmin):
    list_display = ("code", "name", "manufacturer", "is_vehicle", "warranty_months")
    list_filter = ("manufacturer",)
    owned_by = BY_MANUFACTURER


@admin.register(ProductModel)
class ProductModelAdmin(ScopedAdmin):
    list_display = ("code", "name", "category", "manufacturer", "complexity_coefficient")
    list_filter = ("manufacturer", "category")
    search_fields = ("code", "name")
    owned_by = BY_MANUFACTURER
    owned_choices = {"category": "manufacturer_id"}


@admin.register(LabourOperation)
class LabourOperationAdmin(ScopedAdmin):
    list_display = ("code", "name", "manufacturer", "category", "standard_hours")
    list_filter = ("manufacturer",)
    search_fields = ("code", "name")
    owned_by = BY_MANUFACTURER
    owned_choices = {"category": "manufacturer_id"}


@admin.register(Part)
class PartAdmin(ScopedAdmin):
    list_display = ("number", "name", "manufacturer", "unit_price", "supplier")
    list_filter = ("manufacturer",)
    search_fields = ("number", "name")
    owned_by = BY_MANUFACTURER


@admin.register(Authorisation)
class AuthorisationAdmin(ScopedAdmin):
    list_display = (
        "station",
        "manufacturer",
        "valid_from",
        "valid_to",
        "station_signed_at",
        "manufacturer_signed_at",
    )
    list_filter = ("manufacturer",)
    filter_horizontal = ("categories", "regions")
    # An authorisation (网签) has two sides: the manufacturer, and the station's network or
    # regional centre on the station's behalf.
    owned_by: ClassVar[dict[str, Lookups]] = {
        OrganisationKind.MANUFACTURER: ("manufacturer_id",),
        OrganisationKind.NETWORK: ("station__network_id",),
        OrganisationKind.REGION: ("station__region_id",),
    }
