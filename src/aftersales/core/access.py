"""The one access layer: who may see a record, and who may act on it.

`scope(queryset, user, action="view")` answers both (../shared/STYLE.md, "Access"). Apps
register a visibility rule per model (in their `access.py`): a rule turns a Principal into a Q;
a record outside it answers 404 (never 403: do not confirm that another organisation's record
exists). Apps declare their named actions once, with the roles that may perform them, in their
`permissions.py` (`declare_action`); a state machine declares one action per transition
(`work_order:close`). Services (`require`), pages (the `may` template tag), the API and the
admin ask the same declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy

from aftersales.core.errors import NotAllowed, NotFound, lazy_message
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
_extensions: dict[type[models.Model], list[Rule]] = {}


def register(model: type[models.Model]) -> Callable[[Rule], Rule]:
    def decorator(rule: Rule) -> Rule:
        _rules[model] = rule
        return rule

    return decorator


def extend(model: type[models.Model]) -> Callable[[Rule], Rule]:
    """A higher app widens a lower model's visibility (a station sees the customers of its work
    orders) without the lower app importing it: the rules are OR-ed."""

    def decorator(rule: Rule) -> Rule:
        _extensions.setdefault(model, []).append(rule)
        return rule

    return decorator


def visibility(model: type[models.Model], principal: Principal) -> Q:
    """The Q of the records of `model` this principal may see (not for superusers)."""
    rule = _rules.get(model)
    if rule is None:
        raise LookupError(f"no access rule registered for {model.__name__}")
    q = rule(principal)
    for extension in _extensions.get(model, []):
        q |= extension(principal)
    return q


def roles(*members: str) -> frozenset[str]:
    """A role set, declared once in an app's permissions module."""
    unknown = set(members) - set(Role.values)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return frozenset(members)


Guard = Callable[[Any, Principal], bool]


@dataclass(frozen=True)
class Action:
    """A named action: who may perform it (roles), on which records (a guard on one record and
    the same rule as a filter for lists), declared once."""

    name: str
    roles: frozenset[str]
    model: type[models.Model] | None = None
    guard: Guard | None = None
    where: Callable[[Principal], Q] | None = None

    def allows(self, p: Principal, record: Any = None) -> bool:
        if not p.has_role(*self.roles):
            return False
        return record is None or self.guard is None or p.is_superuser or self.guard(record, p)


_actions: dict[str, Action] = {}


def declare_action(
    name: str,
    *,
    roles: Iterable[str],
    model: type[models.Model] | None = None,
    guard: Guard | None = None,
    where: Callable[[Principal], Q] | None = None,
) -> Action:
    return register_action(Action(name, frozenset(roles), model, guard, where))


def register_action(action: Action) -> Action:
    if action.name == "view" or action.name in _actions:
        raise ValueError(f"action {action.name!r} is declared twice")
    _actions[action.name] = action
    return action


def action_named(name: str) -> Action:
    try:
        return _actions[name]
    except KeyError:
        raise LookupError(f"no action {name!r} declared") from None


def declared_actions() -> dict[str, Action]:
    return dict(_actions)


def _principal(user_or_principal: Any) -> Principal:
    if isinstance(user_or_principal, Principal):
        return user_or_principal
    return principal_for(user_or_principal)


def may(user: Any, action: str, record: Any = None) -> bool:
    """May this user (or principal) perform the action (on this record, when one is given)?"""
    return action_named(action).allows(_principal(user), record)


def require(user: Any, action: str, record: Any = None, message: Any = None) -> None:
    if not may(user, action, record):
        raise NotAllowed(message or gettext_lazy("You may not do this."), action=action)


def scope(queryset: models.QuerySet[M], user: Any, action: str = "view") -> models.QuerySet[M]:
    """The records this user may see, or (with an action) may act on."""
    principal = _principal(user)
    if principal is ANONYMOUS:
        return queryset.none()
    spec = None if action == "view" else action_named(action)
    if spec is not None and not principal.has_role(*spec.roles):
        return queryset.none()
    if principal.is_superuser:
        return queryset
    queryset = queryset.filter(visibility(queryset.model, principal))
    if spec is not None and spec.where is not None:
        queryset = queryset.filter(spec.where(principal))
    return queryset


def get_visible(queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    try:
        return scope(queryset, user).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise NotFound(
            lazy_message(
                gettext_lazy("No such %(record)s."), record=queryset.model._meta.verbose_name
            )
        ) from exc


def with_parent(field: str, parent: type[models.Model], rule: Q) -> Q:
    """Records visible with their parent (`field` is the foreign key to it): a correlated
    EXISTS on the parent's primary key, which both databases answer per row. The obvious
    `field__in=<every visible parent>` made SQLite list the whole scope first: the lines of
    one order cost 378 ms at 100,000 orders (issue 8)."""
    return Q(Exists(parent._default_manager.filter(rule, pk=OuterRef(f"{field}_id"))))


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
