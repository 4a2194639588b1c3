"""Writes for organisations and users."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.models import Organisation, OrganisationKind, User, UserRole
from aftersales.core.roles import Role


def organisation_create(
    *,
    kind: str,
    code: str,
    name: str,
    actor: User | None = None,
    network: Organisation | None = None,
    region: Organisation | None = None,
    city: str = "",
    province: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    phone: str = "",
    labour_rate: Decimal | None = None,
) -> Organisation:
    if kind not in OrganisationKind.values:
        raise field_error("kind", _("Unknown organisation kind."))
    if kind == OrganisationKind.STATION and region is None:
        raise Invalid(
            _("A station belongs to a regional centre."), fields={"region": _("Required.")}
        )
    if region is not None and network is None:
        network = region.network
    with transaction.atomic():
        if Organisation.objects.filter(code=code).exists():
            raise Conflict(
                _("An organisation with this code exists."), fields={"code": _("Already used.")}
            )
        extra: dict[str, Any] = {}
        if labour_rate is not None:
            extra["labour_rate"] = labour_rate
        org = Organisation.objects.create(
            kind=kind,
            code=code,
            name=name,
            network=network,
            region=region,
            city=city,
            province=province,
            address=address,
            latitude=latitude,
            longitude=longitude,
            phone=phone,
            **extra,
        )
        record_event(record=org, verb="organisation.created", actor=actor, to_state="active")
    return org


def user_create(
    *,
    username: str,
    password: str,
    roles: list[str],
    organisation: Organisation | None = None,
    display_name: str = "",
    phone: str = "",
    email: str = "",
    actor: User | None = None,
    is_superuser: bool = False,
) -> User:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise Invalid(_("Unknown role."), fields={"roles": ", ".join(sorted(unknown))})
    staff_roles = set(roles) - {Role.CUSTOMER}
    if staff_roles and organisation is None and not is_superuser:
        raise Invalid(
            _("Staff users belong to an organisation."), fields={"organisation": _("Required.")}
        )
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise Conflict(_("This username is taken."), fields={"username": _("Already used.")})
        user = User(
            username=username,
            organisation=organisation,
            display_name=display_name,
            phone=phone,
            email=email,
            is_superuser=is_superuser,
            # Django admin is for master data: administrators and managers of organisations.
            is_staff=is_superuser or Role.ADMIN in roles,
        )
        user.set_password(password)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(set(roles))])
        record_event(
            record=user, verb="user.created", actor=actor, data={"roles": sorted(set(roles))}
        )
    return user
