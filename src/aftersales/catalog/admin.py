from django.contrib import admin

from aftersales.catalog.models import (
    Authorisation,
    LabourOperation,
    Part,
    ProductCategory,
    ProductModel,
)
from aftersales.core.admin import ScopedAdmin


@admin.register(ProductCategory)
class ProductCategoryAdmin(ScopedAdmin):
    list_display = ("code", "name", "manufacturer", "is_vehicle", "warranty_months")
    list_filter = ("manufacturer",)


@admin.register(ProductModel)
class ProductModelAdmin(ScopedAdmin):
    list_display = ("code", "name", "category", "manufacturer", "complexity_coefficient")
    list_filter = ("manufacturer", "category")
    search_fields = ("code", "name")


@admin.register(LabourOperation)
class LabourOperationAdmin(ScopedAdmin):
    list_display = ("code", "name", "manufacturer", "category", "standard_hours")
    list_filter = ("manufacturer",)
    search_fields = ("code", "name")


@admin.register(Part)
class PartAdmin(ScopedAdmin):
    list_display = ("number", "name", "manufacturer", "unit_price", "supplier")
    list_filter = ("manufacturer",)
    search_fields = ("number", "name")


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
