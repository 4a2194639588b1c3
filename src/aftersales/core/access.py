"""The one access layer: `scope(queryset, user)` for every model family.

Apps register a rule per model (in their `access.py`); selectors, pages, the API and the admin
all call `scope`. A rule turns a Principal into a Q; a record outside it answers 404 (never
403: do not confirm that another organisation's record exists).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q

from aftersales.core.errors import NotFound
from aftersales.core.models import Organisation, OrganisationKind, User
from aftersales.core.roles import STAFF_ROLES, Role

M = TypeVar("M", bound=models.Model)
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Principal:
    user: Any
    organisation_id: int | None
    org_kind: str | None
    network_id: int | None
    roles: frozenset[str]
    is_superuser: bool
    customer_id: int | None

    @property
    def is_customer(self) -> bool:
        return self.customer_id is not None and Role.CUSTOMER in self.roles

    @property
    def staff_roles(self) -> frozenset[str]:
        return self.roles & STAFF_ROLES

    @property
    def is_staff_member(self) -> bool:
        return bool(self.staff_roles) and self.organisation_id is not None

    @property
    def technician_only(self) -> bool:
        """A technician without an office role sees only the orders given to them."""
        return self.staff_roles == {Role.TECHNICIAN}

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))


ANONYMOUS = Principal(None, None, None, None, frozenset(), False, None)
# The system itself (scheduled jobs such as re-dispatch): may fire any transition.
SYSTEM = Principal(None, None, None, None, frozenset({Role.ADMIN}), True, None)


def principal_for(user: Any) -> Principal:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_principal", None)
    if cached is not None:
        return cached
    org: Organisation | None = user.organisation
    customer = getattr(user, "customer", None) if not user.is_superuser else None
    principal = Principal(
        user=user,
        organisation_id=org.pk if org else None,
        org_kind=org.kind if org else None,
        network_id=org.root_network_id if org else None,
        roles=user.role_set | ({Role.ADMIN} if user.is_superuser else frozenset()),
        is_superuser=user.is_superuser,
        customer_id=customer.pk if customer else None,
    )
    user._principal = principal
    return principal


Rule = Callable[[Principal], Q]
_rules: dict[type[models.Model], Rule] = {}


def register(model: type[models.Model]) -> Callable[[Rule], Rule]:
    def decorator(rule: Rule) -> Rule:
        _rules[model] = rule
        return rule

    return decorator


def scope(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    principal = principal_for(user)
    if principal.is_superuser:
        return queryset
    if principal is ANONYMOUS:
        return queryset.none()
    rule = _rules.get(queryset.model)
    if rule is None:
        raise LookupError(f"no access rule registered for {queryset.model.__name__}")
    return queryset.filter(rule(principal))


def get_visible(queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    try:
        return scope(queryset, user).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise NotFound(f"{queryset.model._meta.verbose_name} not found") from exc


def org_rule(principal: Principal, **paths: str) -> Q:
    """Q for "records of my organisation": `paths` maps an organisation kind to a lookup."""
    path = paths.get(principal.org_kind or "")
    if not path or principal.organisation_id is None or not principal.staff_roles:
        return NOTHING
    return Q(**{path: principal.organisation_id})


@register(Organisation)
def organisation_rule(p: Principal) -> Q:
    if p.organisation_id is None:
        return NOTHING
    q = Q(pk=p.organisation_id)
    if p.network_id:
        q |= Q(network_id=p.network_id) | Q(pk=p.network_id)
    return q | Q(kind=OrganisationKind.MANUFACTURER)


@register(User)
def user_rule(p: Principal) -> Q:
    if p.organisation_id is None or not p.staff_roles:
        return Q(pk=p.user.pk) if p.user else NOTHING
    return Q(organisation_id=p.organisation_id)


def acting_user(request: Any) -> User:
    """The signed-in user of a request that passed authentication (pages and API alike)."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise NotFound("not signed in")
    return user
