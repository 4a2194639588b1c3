"""The one way a record changes state, for every record type with a declared machine.

Lock the row, check the machine (state, role, guard, reason, parameters), run the subscribers'
`before` hooks, apply the transition's declared effects, set the state, bump the version, save,
write the `<record>.<transition>` audit event, run the `after`/`on_enter` hooks, and queue the
`after_commit` hooks, all in one transaction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.access import SYSTEM, principal_for
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict
from aftersales.core.state_machine import Change, machine_for

R = TypeVar("R", bound=models.Model)


def apply_transition(
    record: R,
    name: str,
    *,
    actor: Any,
    reason: str = "",
    data: dict[str, Any] | None = None,
    **params: Any,
) -> Change:
    """Fire a transition on a record that the caller's transaction has locked."""
    machine = machine_for(record)
    principal = SYSTEM if actor is None else principal_for(actor)
    reason = (reason or "").strip()
    spec = machine.check(record, name, principal, reason, params)
    change = Change(
        record=record,
        transition=spec,
        actor=actor,
        principal=principal,
        reason=reason,
        from_state=machine.state_of(record),
        at=clock.now(),
        data=dict(data or {}),
        params=params,
    )
    for hook in machine.hooks_before(name):
        hook(record, change)
    for effect in spec.effects:
        effect(record, change)
    setattr(record, machine.status_field, spec.target)
    if hasattr(record, "version"):
        record.version += 1
    if hasattr(record, "updated_at"):
        record.updated_at = change.at
    record.save()
    record_event(
        record=record,
        verb=f"{machine.name}.{name}",
        actor=actor,
        from_state=change.from_state,
        to_state=spec.target,
        reason=reason,
        data=change.data,
    )
    for hook in machine.hooks_after(name, spec.target):
        hook(record, change)
    for hook in machine.hooks_after_commit(name):
        transaction.on_commit(lambda hook=hook: hook(record, change))  # type: ignore[misc]
    return change


def lock_record(model: type[R], pk: int, expected_version: int | None = None) -> R:
    """Lock a record for this transaction (its machine says how), refusing a stale version.

    On PostgreSQL a row lock; on SQLite the IMMEDIATE transaction already serialises writers.
    Either way a second concurrent change waits and then sees the new state."""
    record: R = machine_for(model).lock(model, pk)
    if expected_version is not None and getattr(record, "version", None) != expected_version:
        raise Conflict(
            _("Someone else changed this %(record)s; reload it.")
            % {"record": model._meta.verbose_name},
            state=machine_for(model).state_of(record),
        )
    return record


def transition(
    record: R,
    name: str,
    *,
    actor: Any,
    reason: str = "",
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    **params: Any,
) -> R:
    """Lock, check, change, audit and run the hooks; returns the changed record."""
    with transaction.atomic():
        locked = lock_record(type(record), record.pk, expected_version)
        apply_transition(locked, name, actor=actor, reason=reason, data=data, **params)
    return locked
