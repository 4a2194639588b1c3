"""States as data: a machine declares its transitions once; services, pages and the API ask it.

A transition names its source states, its target, the roles that may fire it, whether a reason
is required, and an optional guard (record, principal) -> bool for rules such as "only the
assigned technician". Nothing outside a machine's owning module sets the status field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext

from aftersales.core.access import Principal
from aftersales.core.errors import Conflict, Invalid, NotAllowed

Guard = Callable[[Any, Principal], bool]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    reason_required: bool = False
    guard: Guard | None = None
    style: str = "primary"
    public: bool = True  # shown on the customer's timeline


@dataclass
class StateMachine:
    status_field: str
    transitions: list[Transition]

    def __post_init__(self) -> None:
        self._by_name = {t.name: t for t in self.transitions}

    def get(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise Invalid(
                gettext("Unknown transition “%(name)s”.") % {"name": name},
                fields={"transition": gettext("Unknown transition “%(name)s”.") % {"name": name}},
            ) from None

    def state_of(self, record: Any) -> str:
        return getattr(record, self.status_field)

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def permitted(self, transition: Transition, record: Any, principal: Principal) -> bool:
        if not principal.has_role(*transition.roles):
            return False
        return (
            transition.guard is None
            or principal.is_superuser
            or transition.guard(record, principal)
        )

    def allowed(self, record: Any, principal: Principal) -> list[Transition]:
        """Transitions this principal may fire on this record now."""
        state = self.state_of(record)
        return [t for t in self.from_state(state) if self.permitted(t, record, principal)]

    def check(self, record: Any, name: str, principal: Principal, reason: str) -> Transition:
        transition = self.get(name)
        state = self.state_of(record)
        if state not in transition.sources:
            allowed_now = [t.name for t in self.allowed(record, principal)]
            raise Conflict(
                gettext(
                    "“%(name)s” is not possible from state “%(state)s”. Allowed now: %(allowed)s."
                )
                % {
                    "name": name,
                    "state": state,
                    "allowed": ", ".join(allowed_now) or gettext("none"),
                },
                allowed=allowed_now,
                state=state,
            )
        if not self.permitted(transition, record, principal):
            raise NotAllowed(
                gettext("You may not perform “%(name)s” on this record.") % {"name": name}
            )
        if transition.reason_required and not reason.strip():
            raise Invalid(
                gettext("A reason is required."),
                fields={"reason": gettext("A reason is required.")},
            )
        return transition

    def names(self) -> Iterable[str]:
        return self._by_name.keys()
