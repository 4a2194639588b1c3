"""The Django admin through the access layer: what a user sees is `scope()`, what an
organisation's administrator may change is what their organisation owns (`core/administration.py`).

`ScopedAdmin` is the mixin every app's admin uses: declare `owned_by` (organisation kind →
lookups from the model to the owning organisation) and the administrators of that organisation
may add, change and delete those records; everything else they see stays read-only, and a record
they do not see answers 404. Foreign keys offer only visible records (and, for the owning
organisation's field, only the administrator's own). Every edit is audited.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from aftersales.core.access import NOTHING, acting_user, principal_for, scope
from aftersales.core.administration import MANAGE, administers
from aftersales.core.audit import record_event
from aftersales.core.models import (
    ApiToken,
    AuditEvent,
    Organisation,
    OrganisationKind,
    User,
    UserRole,
)

Lookups = tuple[str, ...]


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

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The "delete selected" action deletes in bulk: each record still leaves its row.
        with transaction.atomic():
            for obj in queryset:
                record_event(
                    record=obj, verb="admin.deleted", actor=acting_user(request), reason=str(obj)
                )
            super().delete_queryset(request, queryset)  # type: ignore[misc]


def owned_q(owned_by: dict[str, Lookups], user: Any) -> Q:
    """The records of the user's organisation, by the lookups declared for its kind."""
    p = principal_for(user)
    lookups = owned_by.get(p.org_kind or "", ())
    if p.organisation_id is None or not lookups:
        return NOTHING
    q = NOTHING
    for lookup in lookups:
        q |= Q(**{lookup: p.organisation_id})
    return q


class ScopedAdminMixin:
    """Admin lists, pages and permissions go through the access layer (see the module doc).

    Superusers keep Django's defaults. Any other user needs the administrator role: they see
    what `scope()` lets them see and act on what their organisation owns (`owned_by`)."""

    owned_by: ClassVar[dict[str, Lookups]] = {}
    # Related fields whose choices must be the user's organisation's too (a manufacturer's
    # model goes into one of its own categories): field name → lookup to the organisation.
    owned_choices: ClassVar[dict[str, str]] = {}

    # Access.

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(super().get_queryset(request), request.user)  # type: ignore[misc]

    def managed_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """The records this user may add, change and delete here."""
        queryset = scope(self.get_queryset(request), request.user, MANAGE)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(owned_q(self.owned_by, request.user))

    def _manages_any(self, request: HttpRequest) -> bool:
        p = principal_for(request.user)
        return p.is_superuser or (administers(p) and bool(self.owned_by.get(p.org_kind or "")))

    def _manages(self, request: HttpRequest, obj: Any) -> bool:
        if request.user.is_superuser:
            return True
        if not self._manages_any(request):
            return False
        return obj is None or self.managed_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        if request.user.is_superuser:
            return super().has_module_permission(request)  # type: ignore[misc]
        return administers(principal_for(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)  # type: ignore[misc]
        if not administers(principal_for(request.user)):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if request.user.is_superuser:
            return super().has_add_permission(request, *args)  # type: ignore[misc]
        return self._manages_any(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)  # type: ignore[misc]
        return self._manages(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)  # type: ignore[misc]
        return self._manages(request, obj)

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str):
        # Another organisation's record answers 404, as on the pages and the API: Django's
        # redirect with "does not exist, perhaps it was deleted?" is no better than a 404.
        raise Http404

    # Forms: only visible choices; the owning organisation only among the user's own.

    def _limit(self, request: HttpRequest, db_field: Any, kwargs: dict[str, Any]) -> None:
        if request.user.is_superuser or "queryset" in kwargs:
            return
        related = db_field.remote_field.model
        queryset = scope(related._default_manager.all(), request.user)
        p = principal_for(request.user)
        owner = NOTHING
        for lookup in self.owned_by.get(p.org_kind or "", ()):
            head, _, rest = lookup.partition("__")
            if head == f"{db_field.name}_id" and not rest:
                owner |= Q(pk=p.organisation_id)
            elif head == db_field.name and rest:
                owner |= Q(**{rest: p.organisation_id})
        if db_field.name in self.owned_choices:
            owner |= Q(**{self.owned_choices[db_field.name]: p.organisation_id})
        if owner != NOTHING:
            queryset = queryset.filter(owner)
        kwargs["queryset"] = queryset

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit(request, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    # Writes: only the user's own records, whatever was posted.

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            if not self._manages(request, obj):
                # A posted value outside the offered choices: the save is undone.
                raise PermissionDenied

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        if (
            not request.user.is_superuser
            and queryset.exclude(pk__in=self.managed_queryset(request).values("pk")).exists()
        ):
            raise PermissionDenied
        super().delete_queryset(request, queryset)  # type: ignore[misc]


class ScopedAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """The admin of a model: scoped, maintained by its owning organisation, audited."""


class ScopedInline(admin.TabularInline):
    """An inline is maintained with its parent: whoever may change the parent may edit it."""

    extra = 1

    def _parent_allows(self, request: HttpRequest, obj: Any) -> bool:
        parent = self.admin_site._registry.get(self.parent_model)
        if request.user.is_superuser or parent is None:
            return True
        return bool(parent.has_change_permission(request, obj))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        parent = self.admin_site._registry.get(self.parent_model)
        if request.user.is_superuser or parent is None:
            return super().has_view_permission(request, obj)
        return bool(parent.has_view_permission(request, obj))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._parent_allows(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._parent_allows(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._parent_allows(request, obj)


class ReadOnlyAdmin(ScopedAdmin):
    """Business records change through their services (state machine, audit), not the admin."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuperuserOnlyAdmin(ReadOnlyAdmin):
    """Records of the system itself (audit trail, tokens): for the superuser alone."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if request.user.is_superuser else qs.none()


# An administrator maintains their own organisation and, for a network or a regional centre,
# the organisations under it.
MEMBERS: dict[str, Lookups] = {
    OrganisationKind.NETWORK: ("id", "network_id"),
    OrganisationKind.REGION: ("id", "region_id"),
    OrganisationKind.STATION: ("id",),
    OrganisationKind.MANUFACTURER: ("id",),
    OrganisationKind.SHOP: ("id",),
    OrganisationKind.SUPPLIER: ("id",),
}
# Kinds an administrator may create under their organisation (a manufacturer or a network
# stands on its own and is the superuser's to create).
CREATES: dict[str, tuple[str, ...]] = {
    OrganisationKind.NETWORK: (OrganisationKind.REGION, OrganisationKind.STATION),
    OrganisationKind.REGION: (OrganisationKind.STATION,),
}


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "network", "region", "city", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "city")
    owned_by = MEMBERS

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name == "kind" and not request.user.is_superuser:
            allowed = CREATES.get(principal_for(request.user).org_kind or "", ())
            kwargs["choices"] = [
                (value, label) for value, label in OrganisationKind.choices if value in allowed
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # An organisation's kind is fixed once it exists (its records hang on it).
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "kind") if obj is not None and not request.user.is_superuser else fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.region_id and not obj.network_id:
            obj.network_id = obj.region.network_id  # as organisation_create does
        super().save_model(request, obj, form, change)


class UserRoleInline(ScopedInline):
    model = UserRole


SUPERUSER_FIELDS = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(ScopedAdminMixin, AuditedAdminMixin, BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "display_name", "organisation", "is_active")
    list_filter = ("organisation__kind", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("aftersales", {"fields": ("organisation", "display_name", "phone")}),
    )  # type: ignore[misc]
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("aftersales", {"fields": ("organisation", "display_name", "phone")}),
    )
    # A network's administrator maintains the people of its organisations, a regional
    # centre's those of its stations, any other administrator their own organisation's.
    owned_by = {
        OrganisationKind.NETWORK: ("organisation_id", "organisation__network_id"),
        OrganisationKind.REGION: ("organisation_id", "organisation__region_id"),
        OrganisationKind.STATION: ("organisation_id",),
        OrganisationKind.MANUFACTURER: ("organisation_id",),
        OrganisationKind.SHOP: ("organisation_id",),
        OrganisationKind.SUPPLIER: ("organisation_id",),
    }

    def managed_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().managed_queryset(request)
        # Nobody but a superuser changes a superuser (their password, say).
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Permissions beyond the roles are the superuser's: no escalation through the admin.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in SUPERUSER_FIELDS]})
            for name, opts in fieldsets
        ]


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserOnlyAdmin):
    list_display = ("at", "record_label", "verb", "from_state", "to_state", "actor_name")
    list_filter = ("verb",)
    search_fields = ("record_label", "actor_name")


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyAdmin):
    list_display = ("prefix", "user", "created_at", "last_used_at", "expires_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Revoking a token is the one edit the superuser makes here.
        return bool(request.user.is_superuser)
