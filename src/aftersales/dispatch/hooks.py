"""Dispatch subscribes to the work-order machine (registered in `DispatchConfig.ready()`).

Whoever puts a technician on an order (a dispatcher, the engine, a batch, the generic transition
endpoint) fires `assign`/`reassign`; the check of who may take it (skill, certification, shift,
capacity, authorisation, service area) and the offer it creates live here, once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import Conflict, Invalid, lazy_message
from aftersales.core.models import OrganisationKind, User
from aftersales.core.roles import Role
from aftersales.core.state_machine import Change
from aftersales.dispatch import feasibility
from aftersales.dispatch.context import DispatchContext, TechInfo, context_for
from aftersales.dispatch.models import Assignment, AssignmentStatus, Method
from aftersales.dispatch.presenter import explain, reason_text
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.workflow import WORK_ORDER_FLOW

LIVE = (AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED)


def refusal(reasons: list[str]) -> Invalid:
    # Lazy to the last word: the API renders the message in both languages.
    text = lazy(lambda: "; ".join(reason_text(r) for r in reasons), str)()
    message = lazy_message(_("This technician may not take this order: %(reasons)s."), reasons=text)
    return Invalid(message, fields={"technician_id": message}, reasons=reasons)


def technician_info(ctx: DispatchContext, order: WorkOrder, technician: User) -> TechInfo:
    """The technician as the context knows them, or why they are not a candidate at all."""
    tech = ctx.techs.get(technician.pk)
    if tech is not None:
        return tech
    org = technician.organisation
    if (
        not technician.is_active
        or not technician.has_role(Role.TECHNICIAN)
        or org is None
        or org.kind != OrganisationKind.STATION
    ):
        raise refusal(["not_technician"])
    if order.region_id and org.region_id != order.region_id:
        raise refusal(["outside_region"])
    raise refusal(["no_profile"])


def withdraw_offers(order: WorkOrder, at: datetime) -> None:
    Assignment.objects.filter(work_order=order, status__in=LIVE).update(
        status=AssignmentStatus.WITHDRAWN, responded_at=at
    )


@WORK_ORDER_FLOW.before("assign", "reassign")
def check_technician(order: WorkOrder, change: Change) -> None:
    """May this technician take this order? The engine's own choice comes with its context."""
    technician = change.params["technician"]
    if order.technician_id == technician.pk:
        raise Conflict(_("The order is already with this technician."), state=order.status)
    prepared = change.params.get("dispatch")
    if prepared is None:
        ctx = context_for([order], change.at, only_user=technician.pk)
        tech = technician_info(ctx, order, technician)
        info = ctx.order_info(order)
        prepared = change.params["dispatch"] = (ctx, info, tech)
    ctx, info, tech = prepared
    reasons = feasibility.reasons(ctx, info, tech)
    if reasons:
        raise refusal(reasons)
    change.data.setdefault("method", Method.MANUAL)
    change.data.setdefault("explanation", explain(ctx, info, tech))


@WORK_ORDER_FLOW.after("assign", "reassign")
def offer_to_technician(order: WorkOrder, change: Change) -> None:
    ctx, _info, tech = change.params["dispatch"]
    withdraw_offers(order, change.at)
    policy = ctx.policy_for(order)
    Assignment.objects.create(
        work_order=order,
        technician=tech.user,
        station=tech.station,
        method=change.data["method"],
        assigned_by=change.actor,
        reason=change.reason,
        explanation=change.data["explanation"],
        offered_at=change.at,
        respond_by=change.at + timedelta(minutes=policy.acceptance_minutes),
    )
    # Keep the loaded picture current for the next decision in the same call (batch).
    tech.load += 1
    ctx.station_load[tech.station.pk] = ctx.station_load.get(tech.station.pk, 0) + 1


@WORK_ORDER_FLOW.before("decline")
def record_decline(order: WorkOrder, change: Change) -> None:
    assignment = live_offer(order, change.actor)
    assignment.status = AssignmentStatus.DECLINED
    assignment.responded_at = change.at
    assignment.response_reason = change.reason
    assignment.save(update_fields=["status", "responded_at", "response_reason"])
    change.data["assignment"] = assignment.pk


@WORK_ORDER_FLOW.after("unassign", "cancel")
def withdraw_on_take_back(order: WorkOrder, change: Change) -> None:
    withdraw_offers(order, change.at)


@WORK_ORDER_FLOW.after("start")
def accept_offer_on_start(order: WorkOrder, change: Change) -> None:
    """Starting the work is accepting the offer: the board no longer waits for an answer."""
    Assignment.objects.filter(
        work_order=order, technician_id=order.technician_id, status=AssignmentStatus.OFFERED
    ).update(status=AssignmentStatus.ACCEPTED, responded_at=change.at)


@WORK_ORDER_FLOW.after_commit("accept", "reopen", "decline")
def dispatch_again(order: WorkOrder, change: Change) -> None:
    from aftersales.dispatch.tasks import enqueue_auto_dispatch

    enqueue_auto_dispatch(order.pk)


def live_offer(order: WorkOrder, technician: Any) -> Assignment:
    assignment = Assignment.objects.filter(
        work_order=order, technician=technician, status__in=LIVE
    ).first()
    if assignment is None or order.status != Status.ASSIGNED:
        raise Conflict(_("There is no open offer of this order to you."), state=order.status)
    return assignment
