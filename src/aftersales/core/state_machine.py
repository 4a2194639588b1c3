"""States as data: a machine declares its states and transitions once; services, pages and the
API ask it, and higher apps subscribe to it.

A machine owns its states (labels from the model's choices, badge colours, named groups such as
`open` and `terminal`) and its transitions: source states, target, the roles that may fire it, a
guard (record, principal) -> bool for rules such as "only the assigned technician", whether a
reason is required, which parameters it needs, and its effects on the record's own fields.

Higher apps never branch inside a lower app's transition: they register hooks in their
`AppConfig.ready()` (../shared/STYLE.md, "How the apps stand on each other"):

- `before(*transitions)`: inside the transaction, after the machine's check and before the
  record changes; may refuse (raise a DomainError) or add audit data;
- `after(*transitions)` / `on_enter(*states)`: inside the transaction, after the save and the
  audit event (write related rows);
- `after_commit(*transitions)`: once the transaction has committed (queue work).

`aftersales.core.transitions.transition()` runs all of it: lock, check, hooks, effects, save,
audit. Nothing else sets a status field.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from aftersales.core.access import Action, Principal, register_action
from aftersales.core.errors import Conflict, NotAllowed, field_error, lazy_message
from aftersales.core.events import Audience, declare_event

Guard = Callable[[Any, Principal], bool]


@dataclass
class Change:
    """One transition in flight, handed to effects and hooks.

    `data` is written to the audit event (JSON); `params` are the caller's objects for hooks
    (a technician, a prepared dispatch context) and are never stored.
    """

    record: Any
    transition: Transition
    actor: Any
    principal: Principal
    reason: str
    from_state: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.transition.name


Effect = Callable[[Any, Change], None]
Hook = Callable[[Any, Change], None]


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
    # The timeline's words for the event ("Accepted" for the action "Accept").
    done_label: str | Promise = ""
    audience: str = Audience.CUSTOMER
    # Parameters the caller must pass: name -> (API field, message).
    requires: Mapping[str, tuple[str, str | Promise]] = field(default_factory=dict)
    effects: tuple[Effect, ...] = ()


class StateMachine:
    def __init__(
        self,
        *,
        name: str,
        states: type[models.TextChoices],
        transitions: list[Transition],
        colours: Mapping[str, str],
        groups: Mapping[str, frozenset[str]],
        status_field: str = "status",
        lock: Callable[[int], Any] | None = None,
    ) -> None:
        self.name = name
        self.states = states
        self.transitions = transitions
        self.colours = dict(colours)
        self.groups = dict(groups)
        self.status_field = status_field
        self._lock = lock
        self._by_name = {t.name: t for t in transitions}
        # Firing a transition is an action of the access layer: `work_order:close`.
        self.actions = {
            t.name: Action(f"{name}:{t.name}", t.roles, None, t.guard) for t in transitions
        }
        self._before: dict[str, list[Hook]] = defaultdict(list)
        self._after: dict[str, list[Hook]] = defaultdict(list)
        self._on_enter: dict[str, list[Hook]] = defaultdict(list)
        self._after_commit: dict[str, list[Hook]] = defaultdict(list)
        unknown = {s for t in transitions for s in (*t.sources, t.target)} - set(states.values)
        if unknown:
            raise ValueError(f"{name}: transitions name unknown states {sorted(unknown)}")

    # -- states ---------------------------------------------------------------------------
    def label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def colour(self, state: str) -> str:
        return self.colours.get(state, "grey")

    def group(self, name: str) -> frozenset[str]:
        return self.groups[name]

    def in_group(self, state: str, name: str) -> bool:
        return state in self.groups[name]

    # -- transitions ----------------------------------------------------------------------
    def get(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            message = lazy_message(gettext_lazy("Unknown transition “%(name)s”."), name=name)
            raise field_error("transition", message) from None

    def names(self) -> Iterable[str]:
        return self._by_name.keys()

    def state_of(self, record: Any) -> str:
        return getattr(record, self.status_field)

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def permitted(self, transition: Transition, record: Any, principal: Principal) -> bool:
        return self.actions[transition.name].allows(principal, record)

    def allowed(self, record: Any, principal: Principal) -> list[Transition]:
        """Transitions this principal may fire on this record now."""
        state = self.state_of(record)
        return [t for t in self.from_state(state) if self.permitted(t, record, principal)]

    def check(
        self,
        record: Any,
        name: str,
        principal: Principal,
        reason: str,
        params: Mapping[str, Any] | None = None,
    ) -> Transition:
        transition = self.get(name)
        state = self.state_of(record)
        if state not in transition.sources:
            allowed_now = self.allowed(record, principal)
            raise Conflict(
                gettext(
                    "“%(name)s” is not possible from state “%(state)s”. Allowed now: %(allowed)s."
                )
                % {
                    "name": transition.label,
                    "state": self.label(state),
                    "allowed": ", ".join(str(t.label) for t in allowed_now) or gettext("none"),
                },
                allowed=[t.name for t in allowed_now],
                state=state,
            )
        if not self.permitted(transition, record, principal):
            raise NotAllowed(
                lazy_message(
                    gettext_lazy("You may not perform “%(name)s” on this record."),
                    name=transition.label,
                )
            )
        # Lazy messages: an API error renders its field messages in both languages.
        if transition.reason_required and not reason.strip():
            raise field_error("reason", gettext_lazy("A reason is required."))
        for param, (api_field, message) in transition.requires.items():
            if (params or {}).get(param) is None:
                raise field_error(api_field, message)
        return transition

    # -- hooks ----------------------------------------------------------------------------
    def _subscribe(
        self, table: dict[str, list[Hook]], keys: tuple[str, ...], valid: set[str]
    ) -> Callable[[Hook], Hook]:
        unknown = set(keys) - valid
        if unknown:
            raise ValueError(f"{self.name}: no such transition or state {sorted(unknown)}")

        def decorator(hook: Hook) -> Hook:
            for key in keys:
                table[key].append(hook)
            return hook

        return decorator

    def before(self, *transitions: str) -> Callable[[Hook], Hook]:
        return self._subscribe(self._before, transitions, set(self._by_name))

    def after(self, *transitions: str) -> Callable[[Hook], Hook]:
        return self._subscribe(self._after, transitions, set(self._by_name))

    def on_enter(self, *states: str) -> Callable[[Hook], Hook]:
        return self._subscribe(self._on_enter, states, set(self.states.values))

    def after_commit(self, *transitions: str) -> Callable[[Hook], Hook]:
        return self._subscribe(self._after_commit, transitions, set(self._by_name))

    def subscribers(self) -> dict[str, dict[str, list[str]]]:
        """Every hook by kind and key, for the README and for tests."""

        def names(table: dict[str, list[Hook]]) -> dict[str, list[str]]:
            return {k: [f"{h.__module__}.{h.__qualname__}" for h in v] for k, v in table.items()}

        return {
            "before": names(self._before),
            "after": names(self._after),
            "on_enter": names(self._on_enter),
            "after_commit": names(self._after_commit),
        }

    def hooks_before(self, name: str) -> list[Hook]:
        return self._before.get(name, [])

    def hooks_after(self, name: str, target: str) -> list[Hook]:
        return [*self._after.get(name, []), *self._on_enter.get(target, [])]

    def hooks_after_commit(self, name: str) -> list[Hook]:
        return self._after_commit.get(name, [])

    def lock(self, model: type[models.Model], pk: int) -> Any:
        if self._lock is not None:
            return self._lock(pk)
        return model._default_manager.select_for_update().get(pk=pk)


_machines: dict[type[models.Model], StateMachine] = {}
_by_name: dict[str, StateMachine] = {}


def register_machine(model: type[models.Model], machine: StateMachine) -> StateMachine:
    """Make the machine the model's, and each transition an action of the access layer."""
    _machines[model] = machine
    _by_name[machine.name] = machine
    for t in machine.transitions:
        register_action(replace(machine.actions[t.name], model=model))
        declare_event(f"{machine.name}.{t.name}", t.done_label or t.label, t.audience)
    return machine


def machine_for(record_or_model: Any) -> StateMachine:
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    try:
        return _machines[model]
    except KeyError:
        raise LookupError(f"no state machine declared for {model.__name__}") from None


def machine_named(name: str) -> StateMachine | None:
    return _by_name.get(name)


def machines() -> dict[type[models.Model], StateMachine]:
    return dict(_machines)
