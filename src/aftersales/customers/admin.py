from django.contrib import admin

from aftersales.core.admin import ReadOnlyAdmin
from aftersales.customers.models import Asset, Customer, WarrantyRegistration


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ("name", "phone", "kind", "tier", "created_at")
    list_filter = ("tier", "kind")
    search_fields = ("name", "phone")


@admin.register(Asset)
class AssetAdmin(ReadOnlyAdmin):
    list_display = ("serial", "product_model", "customer", "purchase_date", "production_batch")
    search_fields = ("serial",)
    list_select_related = ("product_model", "customer")


@admin.register(WarrantyRegistration)
class WarrantyRegistrationAdmin(ReadOnlyAdmin):
    list_display = ("asset", "customer", "channel", "purchase_date", "registered_at")
