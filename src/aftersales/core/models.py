"""Organisations of the service network, users and roles, audit events, numbering, API tokens."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from aftersales.core.roles import Role


class OrganisationKind(models.TextChoices):
    MANUFACTURER = "manufacturer", _("Manufacturer (厂家)")
    NETWORK = "network", _("Service network (服务网络)")
    REGION = "region", _("Regional centre (地市级管理站)")
    STATION = "station", _("Service station (服务站)")
    SHOP = "shop", _("Online shop (网店)")
    SUPPLIER = "supplier", _("Supplier (供应商)")


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    network = models.ForeignKey(
        "self",
        verbose_name=_("service network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_members",
        limit_choices_to={"kind": OrganisationKind.NETWORK},
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("regional centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="region_members",
        limit_choices_to={"kind": OrganisationKind.REGION},
    )
    province = models.CharField(_("province"), max_length=32, blank=True)
    city = models.CharField(_("city"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    labour_rate = models.DecimalField(
        _("hourly labour rate (工时单价)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("80.00"),
        help_text=_("Used for labour lines of this station's work orders."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["kind", "network"])]

    def __str__(self) -> str:
        return self.name

    @property
    def root_network_id(self) -> int | None:
        if self.kind == OrganisationKind.NETWORK:
            return self.pk
        return self.network_id


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password or a deactivation ends the user's API tokens on every path (admin,
        # services, the shell), as Django's session hash ends their sessions. set_password()
        # leaves the raw value in _password until the save (a hash upgrade at login does not).
        password_changed = getattr(self, "_password", None) is not None
        super().save(*args, **kwargs)
        if password_changed or not self.is_active:
            from aftersales.core.tokens import api_tokens_revoke_all

            api_tokens_revoke_all(
                user=self, reason="password changed" if password_changed else "deactivated"
            )

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AuditEvent(models.Model):
    """One row per state change or business action, written in the same transaction.

    The actor's name and the record's label are copied as text so the history survives
    deletions and renames (NetBox's ObjectChange does the same).
    """

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField()
    record_label = models.CharField(_("record"), max_length=120)
    verb = models.CharField(_("event"), max_length=40)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    public = models.BooleanField(_("visible to the customer"), default=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.record_label} {self.verb} {self.from_state}→{self.to_state}"


class Sequence(models.Model):
    """Daily counters behind human-readable numbers such as WO-20261123-000042."""

    prefix = models.CharField(max_length=8)
    day = models.DateField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="unique_sequence_day")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day:%Y%m%d}:{self.value}"


class ApiToken(models.Model):
    """Bearer token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(_("name"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
