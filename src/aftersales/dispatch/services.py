"""Dispatch writes: assign (manual, automatic, batch), respond, take back, expire offers.

Every path that puts a technician on an order comes here, so the same rules (skill,
certification, shift, capacity, station authorisation and service area) hold for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.access import SYSTEM, Principal, principal_for, require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, NotFound
from aftersales.core.models import Organisation, User
from aftersales.core.transitions import apply_transition, lock_record, transition
from aftersales.dispatch import feasibility
from aftersales.dispatch.context import DispatchContext, OrderInfo, TechInfo, context_for
from aftersales.dispatch.engine import Candidate, Instance, evaluate, rank_candidates
from aftersales.dispatch.hooks import live_offer
from aftersales.dispatch.models import Assignment, AssignmentStatus, Method
from aftersales.dispatch.presenter import explain, reason_text
from aftersales.dispatch.solver import solve, unassigned_reasons
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder


def _principal(actor: User | None) -> Principal:
    return SYSTEM if actor is None else principal_for(actor)


def _assign_locked(
    *,
    order: WorkOrder,
    ctx: DispatchContext,
    info: OrderInfo,
    tech: TechInfo,
    actor: User | None,
    reason: str,
    method: str,
    explanation: dict[str, Any],
) -> None:
    """The engine's choice onto an order locked by the caller (automatic and batch)."""
    apply_transition(
        order,
        "assign",
        actor=actor,
        reason=reason,
        data={"method": method, "explanation": explanation},
        technician=tech.user,
        dispatch=(ctx, info, tech),
    )


def work_order_assign(
    *,
    work_order: WorkOrder,
    technician: User,
    actor: User | None,
    reason: str = "",
    method: str = Method.MANUAL,
    expected_version: int | None = None,
    reassign: bool = False,
) -> WorkOrder:
    """Manual assignment (or reassignment with `reassign=True`, which needs a reason)."""
    with transaction.atomic():
        order = lock_record(WorkOrder, work_order.pk, expected_version)
        if order.status == Status.ASSIGNED and not reassign:
            raise Conflict(
                _("Already assigned to %(name)s; reassign to change it.")
                % {"name": order.technician},
                state=order.status,
                allowed=["reassign"],
            )
        apply_transition(
            order,
            "reassign" if order.status == Status.ASSIGNED else "assign",
            actor=actor,
            reason=reason,
            data={"method": method},
            technician=technician,
        )
    return order


@dataclass
class AutoDispatchResult:
    order: WorkOrder
    assigned: bool
    reason: str = ""
    explanation: dict[str, Any] = field(default_factory=dict)


SEARCH_START_KM = 25.0
SEARCH_FULL_KM = 400.0


def _best_candidate(
    order: WorkOrder, now: datetime
) -> tuple[DispatchContext, OrderInfo, list[TechInfo], list[Candidate], Instance]:
    """The best technician for one order without loading the whole region when it need not.

    Every cost term is non-negative and travel alone costs urgency × travel weight × km, so once
    a candidate of score C is found within r km, nobody beyond C / (urgency × travel weight) km
    can beat it: search a box of r km, widen it to that bound if needed, and load the whole
    region only when the bound is wide (or the policy ignores distance). Exact, not a heuristic.
    """
    point = _order_point(order)
    radius = SEARCH_START_KM
    while True:
        near = None if point is None or radius >= SEARCH_FULL_KM else (point[0], point[1], radius)
        ctx = context_for([order], now, near=near)
        info = ctx.order_info(order)
        inst, techs = feasibility.instance(ctx, [info])
        weights = ctx.weights(ctx.policy_for(order))
        ranked = rank_candidates(inst, 0, weights, limit=1)
        if near is None:
            return ctx, info, techs, ranked, inst
        per_km = info.urgency * weights.travel
        bound = ranked[0].score / per_km if ranked and per_km > 0 else float("inf")
        if bound <= radius:
            return ctx, info, techs, ranked, inst
        radius = max(radius * 4, bound)


def _order_point(order: WorkOrder) -> tuple[float, float] | None:
    """Where dispatch places the order: its address, else its regional centre (as order_info)."""
    address = order.address
    if address is not None and address.latitude is not None and address.longitude is not None:
        return float(address.latitude), float(address.longitude)
    region = order.region
    if region is not None and region.latitude is not None and region.longitude is not None:
        return float(region.latitude), float(region.longitude)
    return None


def work_order_auto_dispatch(
    *, work_order: WorkOrder, actor: User | None = None
) -> AutoDispatchResult:
    """Pick a station and technician for an accepted order by the organisation's policy."""
    with transaction.atomic():
        order = lock_record(WorkOrder, work_order.pk)
        if order.status != Status.ACCEPTED:
            raise Conflict(
                _("Only an accepted order without a technician can be dispatched."),
                state=order.status,
            )
        require(_principal(actor), "work_order:assign", order)
        ctx, info, techs, ranked, inst = _best_candidate(order, clock.now())
        if not ranked:
            code = unassigned_reasons(inst, np.array([-1]))[0]
            record_event(
                record=order,
                verb="dispatch.no_candidate",
                actor=actor,
                reason=reason_text(code),
                data={"reason": code, "excluded": sorted(info.excluded)},
            )
            return AutoDispatchResult(order, False, code)
        tech = techs[ranked[0].tech_index]
        explanation = explain(ctx, info, tech, ranked[0])
        policy = ctx.policy_for(order).get_policy_display()
        _assign_locked(
            order=order,
            ctx=ctx,
            info=info,
            tech=tech,
            actor=actor,
            reason=str(_("automatic dispatch: %(policy)s") % {"policy": policy}),
            method=Method.AUTO,
            explanation=explanation,
        )
    return AutoDispatchResult(order, True, "", explanation)


def assignment_respond(
    *, work_order: WorkOrder, technician: User, accept: bool, reason: str = ""
) -> Assignment:
    """The technician accepts the offer, or declines it with a reason (the order goes back to
    dispatch and the engine tries the next best technician)."""
    with transaction.atomic():
        order = lock_record(WorkOrder, work_order.pk)
        if order.technician_id != technician.pk:
            raise Conflict(_("There is no open offer of this order to you."), state=order.status)
        assignment = live_offer(order, technician)
        if not accept:
            apply_transition(order, "decline", actor=technician, reason=reason)
            assignment.refresh_from_db()
            return assignment
        if assignment.status == AssignmentStatus.ACCEPTED:
            raise Conflict(_("You have already accepted this order."), state=order.status)
        assignment.status, assignment.responded_at = AssignmentStatus.ACCEPTED, clock.now()
        assignment.save(update_fields=["status", "responded_at"])
        record_event(
            record=order,
            verb="dispatch.accepted",
            actor=technician,
            data={"assignment": assignment.pk},
        )
    return assignment


def work_order_unassign(
    *, work_order: WorkOrder, actor: User | None, reason: str, expected_version: int | None = None
) -> WorkOrder:
    return transition(
        work_order, "unassign", actor=actor, reason=reason, expected_version=expected_version
    )


def _redispatch_on_commit(order_id: int) -> None:
    from aftersales.dispatch import tasks

    transaction.on_commit(lambda: tasks.enqueue_auto_dispatch(order_id))


def expire_offers(now: datetime | None = None) -> int:
    """Offers not accepted in time go back to dispatch; the order is escalated on its timeline
    and dispatched again (never to the same technician)."""
    now = now or clock.now()
    expired = 0
    for assignment_id in list(
        Assignment.objects.filter(status=AssignmentStatus.OFFERED, respond_by__lt=now).values_list(
            "id", flat=True
        )
    ):
        with transaction.atomic():
            assignment = Assignment.objects.select_related("work_order").get(pk=assignment_id)
            order = lock_record(WorkOrder, assignment.work_order_id)
            assignment.refresh_from_db()
            if assignment.status != AssignmentStatus.OFFERED:
                continue
            if order.status != Status.ASSIGNED or order.technician_id != assignment.technician_id:
                # Work went ahead (started) or the order moved on: the offer is settled.
                started = (
                    order.technician_id == assignment.technician_id
                    and order.status != Status.ACCEPTED
                )
                assignment.status = (
                    AssignmentStatus.ACCEPTED if started else AssignmentStatus.WITHDRAWN
                )
                assignment.responded_at = now
                assignment.save(update_fields=["status", "responded_at"])
                continue
            assignment.status, assignment.responded_at = AssignmentStatus.EXPIRED, now
            assignment.save(update_fields=["status", "responded_at"])
            minutes = int((assignment.respond_by - assignment.offered_at).total_seconds() // 60)
            reason = str(_("not accepted within %(minutes)s minutes") % {"minutes": minutes})
            apply_transition(order, "unassign", actor=None, reason=reason)
            record_event(
                record=order,
                verb="dispatch.escalated",
                actor=None,
                reason=reason,
                data={
                    "assignment": assignment.pk,
                    "technician": {
                        "id": assignment.technician_id,
                        "name": str(assignment.technician),
                    },
                },
            )
            _redispatch_on_commit(order.pk)
            expired += 1
    return expired


@dataclass
class BatchRow:
    order: WorkOrder
    technician: User | None
    station: Organisation | None
    km: float | None
    reason: str = ""

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason) if self.reason else ""


@dataclass
class BatchResult:
    rows: list[BatchRow]
    objective: float
    travel_km: float
    unassigned: int
    max_load: int
    applied: bool


def batch_dispatch(*, region: Organisation, actor: User, dry_run: bool = True) -> BatchResult:
    """Assign every accepted, unassigned order of a region at once, optimally (min-cost flow).
    Dry run shows the plan; applying it is one transaction (all or nothing)."""
    principal = principal_for(actor)
    require(principal, "dispatch:batch", message=_("Only dispatchers run batch dispatch."))
    if not principal.is_superuser and principal.organisation_id not in (
        region.pk,
        region.network_id,
    ):
        raise NotFound(_("Region not found."))
    with transaction.atomic():
        orders = list(
            WorkOrder.objects.select_for_update(of=("self",))
            .filter(region=region, status=Status.ACCEPTED, technician__isnull=True)
            .select_related("customer", "address", "asset__product_model__category")
            .order_by("onsite_due_at", "id")
        )
        now = clock.now()
        ctx = DispatchContext([region], now)
        infos = [ctx.order_info(o) for o in orders]
        if not orders:
            return BatchResult([], 0.0, 0.0, 0, 0, not dry_run)
        inst, techs = feasibility.instance(ctx, infos)
        policy = ctx.policy_for(orders[0])
        weights = ctx.weights(policy)
        plan = solve(inst, weights, k=policy.candidates_k)
        score = evaluate(inst, plan.assignment, weights)
        ctx.load_users([techs[t] for t in set(plan.assignment[plan.assignment >= 0].tolist())])
        rows = []
        for i, (order, info) in enumerate(zip(orders, infos, strict=True)):
            t = int(plan.assignment[i])
            if t < 0:
                rows.append(BatchRow(order, None, None, None, plan.reasons.get(i, "")))
                continue
            tech = techs[t]
            rows.append(BatchRow(order, tech.user, tech.station, explain(ctx, info, tech)["km"]))
        if not dry_run:
            for row, info in zip(rows, infos, strict=True):
                if row.technician is None:
                    continue
                tech = ctx.techs[row.technician.pk]
                _assign_locked(
                    order=row.order,
                    ctx=ctx,
                    info=info,
                    tech=tech,
                    actor=actor,
                    reason=str(_("batch dispatch")),
                    method=Method.BATCH,
                    explanation=explain(ctx, info, tech),
                )
        return BatchResult(
            rows,
            score.objective - score.unassigned * weights.unassigned,
            score.travel_km,
            score.unassigned,
            score.max_load,
            not dry_run,
        )
