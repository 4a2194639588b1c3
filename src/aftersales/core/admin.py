from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from aftersales.core.access import acting_user, scope
from aftersales.core.audit import record_event
from aftersales.core.models import ApiToken, AuditEvent, Organisation, User, UserRole


class AuditedAdminMixin:
    """Every admin edit leaves an audit row (who, when, which fields), as the services do."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            record_event(
                record=obj,
                verb="admin.changed" if change else "admin.created",
                actor=acting_user(request),
                data={"fields": sorted(form.changed_data)},
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_related(request, form, formsets, change)  # type: ignore[misc]
            changed = [f.model._meta.model_name for f in formsets if f.has_changed()]
            if changed:
                record_event(
                    record=form.instance,
                    verb="admin.related_changed",
                    actor=acting_user(request),
                    data={"inlines": changed},
                )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record_event(
                record=obj, verb="admin.deleted", actor=acting_user(request), reason=str(obj)
            )
            super().delete_model(request, obj)  # type: ignore[misc]


class ScopedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Admin lists go through the same access layer as the pages and the API."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(super().get_queryset(request), request.user)


class ReadOnlyAdmin(ScopedAdmin):
    """Business records change through their services (state machine, audit), not the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "network", "region", "city", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "city")


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "display_name", "organisation", "is_active")
    list_filter = ("organisation__kind", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("aftersales", {"fields": ("organisation", "display_name", "phone")}),
    )  # type: ignore[misc]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(super().get_queryset(request), request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "record_label", "verb", "from_state", "to_state", "actor_name")
    list_filter = ("verb",)
    search_fields = ("record_label", "actor_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if request.user.is_superuser else qs.none()


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "user", "created_at", "last_used_at", "expires_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # revoking a token is the one edit an administrator makes here

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if request.user.is_superuser else qs.none()
