"""The generic transition and the hooks higher apps hang on a lower record's machine."""

import pytest
from django.db import transaction

from aftersales.core.errors import Invalid
from aftersales.core.models import AuditEvent
from aftersales.core.transitions import transition
from aftersales.dispatch.models import Assignment, AssignmentStatus
from aftersales.workorders.workflow import WORK_ORDER_FLOW
from tests.factories import work_order_in


def test_dispatch_is_a_subscriber_of_the_work_order_machine_not_a_branch_in_it():
    subscribers = WORK_ORDER_FLOW.subscribers()
    assert "aftersales.dispatch.hooks.check_technician" in subscribers["before"]["assign"]
    assert "aftersales.dispatch.hooks.dispatch_again" in subscribers["after_commit"]["accept"]


def test_one_transition_locks_checks_saves_bumps_the_version_and_audits(world):
    order = work_order_in(world, "new")
    changed = transition(order, "accept", actor=world.users["agent"])
    assert (changed.status, changed.version, changed.accepted_at is not None) == (
        "accepted",
        order.version + 1,
        True,
    )
    event = AuditEvent.objects.filter(verb="work_order.accept", object_id=order.pk).get()
    assert (event.from_state, event.to_state, event.actor_name) == ("new", "accepted", "agent")


def test_a_missing_parameter_is_a_field_error_before_any_hook_runs(world):
    order = work_order_in(world, "accepted")
    with pytest.raises(Invalid) as exc:
        transition(order, "assign", actor=world.users["dispatcher"])
    assert "technician_id" in exc.value.fields
    assert not Assignment.objects.filter(work_order=order).exists()


def test_after_commit_hooks_run_after_commit_and_never_after_a_rollback(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    calls: list[int] = []
    monkeypatch.setattr("aftersales.dispatch.tasks.enqueue_auto_dispatch", calls.append)
    failed, accepted = work_order_in(world, "new"), work_order_in(world, "new")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            transition(failed, "accept", actor=world.users["agent"])
            raise RuntimeError("the caller's transaction fails")
        transition(accepted, "accept", actor=world.users["agent"])
    failed.refresh_from_db()
    assert (failed.status, calls) == ("new", [accepted.pk])


def test_starting_the_work_accepts_the_offer(world):
    """Issue 7 #13: a technician who starts without pressing accept has accepted the offer."""
    order = work_order_in(world, "assigned")
    assert Assignment.objects.get(work_order=order).status == AssignmentStatus.OFFERED
    transition(order, "start", actor=world.users["technician"])
    assert Assignment.objects.get(work_order=order).status == AssignmentStatus.ACCEPTED
