from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from aftersales.core.access import acting_user
from aftersales.core.api_support import ERROR_RESPONSES as ERRORS
from aftersales.core.api_support import Id
from aftersales.core.errors import field_error
from aftersales.dispatch import selectors, services, setup
from aftersales.dispatch.presenter import reason_text
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.selectors import work_order_get

router = Router(tags=["dispatch"])


class SuggestionOut(Schema):
    technician_id: int
    technician_name: str
    station_id: int
    station_name: str
    feasible: bool
    score: float | None
    reasons: list[str]
    reason_texts: list[str]
    explanation: dict[str, Any]


class AssignIn(Schema):
    technician_id: Id
    reason: str = Field("", max_length=2000)
    reassign: bool = Field(
        False, description="Required to move an assigned order to another technician."
    )
    expected_version: int | None = None


class AssignmentOut(Schema):
    id: int
    work_order_id: int
    technician_id: int
    station_id: int
    method: str
    status: str
    reason: str
    explanation: dict[str, Any]
    offered_at: datetime
    respond_by: datetime
    responded_at: datetime | None
    response_reason: str


class WorkOrderDispatchOut(Schema):
    id: int
    number: str
    status: str
    version: int
    station_id: int | None
    technician_id: int | None
    assignment: AssignmentOut | None


class AutoDispatchOut(WorkOrderDispatchOut):
    assigned: bool
    reason: str
    reason_text: str


class BatchIn(Schema):
    region_id: Id
    dry_run: bool = True


class BatchRowOut(Schema):
    work_order_id: int
    number: str
    technician_id: int | None
    technician_name: str | None
    station_id: int | None
    km: float | None
    reason: str
    reason_text: str


class BatchOut(Schema):
    applied: bool
    orders: int
    assigned: int
    unassigned: int
    travel_km: float
    objective: float
    max_load: int
    rows: list[BatchRowOut]


class RespondIn(Schema):
    decision: str = Field(..., description="accept or decline")
    reason: str = Field("", max_length=2000)


def _order_out(order: WorkOrder) -> dict[str, Any]:
    return {
        "id": order.pk,
        "number": order.number,
        "status": order.status,
        "version": order.version,
        "station_id": order.station_id,
        "technician_id": order.technician_id,
        "assignment": selectors.latest_assignment(order),
    }


@router.get(
    "/work-orders/{order_id}/dispatch-suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    operation_id="dispatch_suggestions",
)
def dispatch_suggestions(request: HttpRequest, order_id: Id, limit: int = 10):
    """Ranked candidates for one order with their scores explained (distance, load, skill, SLA
    slack), followed by the nearest technicians who may not take it, with why."""
    order = work_order_get(request.user, order_id)
    rows = selectors.dispatch_suggestions(work_order=order, limit=min(max(limit, 1), 50))
    return [
        {
            "technician_id": r.technician.pk,
            "technician_name": str(r.technician),
            "station_id": r.station.pk,
            "station_name": r.station.name,
            "feasible": r.feasible,
            "score": r.score,
            "reasons": r.reasons,
            "reason_texts": r.reason_texts,
            "explanation": r.explanation,
        }
        for r in rows
    ]


@router.post(
    "/work-orders/{order_id}/assignment",
    response={200: WorkOrderDispatchOut, **ERRORS},
    operation_id="assign_work_order",
)
def assign_work_order(request: HttpRequest, order_id: Id, payload: AssignIn):
    """Manual dispatch. Refused with the reasons when the technician lacks the skill, shift,
    capacity, station authorisation or service area; 409 when someone else assigned it first."""
    order = work_order_get(request.user, order_id)
    technician = selectors.technician_get(payload.technician_id)
    if technician is None:
        raise field_error("technician_id", _("Unknown technician."))
    services.work_order_assign(
        work_order=order,
        technician=technician,
        actor=acting_user(request),
        reason=payload.reason,
        reassign=payload.reassign,
        expected_version=payload.expected_version,
    )
    return _order_out(work_order_get(request.user, order_id))


@router.post(
    "/work-orders/{order_id}/auto-dispatch",
    response={200: AutoDispatchOut, **ERRORS},
    operation_id="auto_dispatch_work_order",
)
def auto_dispatch_work_order(request: HttpRequest, order_id: Id):
    """Let the engine pick the station and technician by the organisation's policy now."""
    order = work_order_get(request.user, order_id)
    result = services.work_order_auto_dispatch(work_order=order, actor=acting_user(request))
    return {
        **_order_out(work_order_get(request.user, order_id)),
        "assigned": result.assigned,
        "reason": result.reason,
        "reason_text": reason_text(result.reason) if result.reason else "",
    }


@router.post("/dispatch/batch", response={200: BatchOut, **ERRORS}, operation_id="batch_dispatch")
def batch_dispatch(request: HttpRequest, payload: BatchIn):
    """Assign every waiting order of a region at once, minimising travel + load + SLA lateness
    (exact min-cost flow). `dry_run` (default) only shows the plan; applying is all or nothing."""
    region = selectors.region_get(request.user, payload.region_id)
    result = services.batch_dispatch(
        region=region, actor=acting_user(request), dry_run=payload.dry_run
    )
    rows = [
        {
            "work_order_id": r.order.pk,
            "number": r.order.number,
            "technician_id": r.technician.pk if r.technician else None,
            "technician_name": str(r.technician) if r.technician else None,
            "station_id": r.station.pk if r.station else None,
            "km": r.km,
            "reason": r.reason,
            "reason_text": r.reason_text,
        }
        for r in result.rows
    ]
    return {
        "applied": result.applied,
        "orders": len(rows),
        "assigned": len(rows) - result.unassigned,
        "unassigned": result.unassigned,
        "travel_km": round(result.travel_km, 1),
        "objective": round(result.objective, 2),
        "max_load": result.max_load,
        "rows": rows,
    }


@router.post(
    "/work-orders/{order_id}/assignment/response",
    response={200: AssignmentOut, **ERRORS},
    operation_id="respond_to_assignment",
)
def respond_to_assignment(request: HttpRequest, order_id: Id, payload: RespondIn):
    """The assigned technician accepts the order, or declines it with a reason."""
    if payload.decision not in ("accept", "decline"):
        raise field_error("decision", _("Decide accept or decline."))
    order = work_order_get(request.user, order_id)
    return services.assignment_respond(
        work_order=order,
        technician=acting_user(request),
        accept=payload.decision == "accept",
        reason=payload.reason,
    )


class PositionIn(Schema):
    latitude: float = Field(..., ge=-90, le=90)
    longitude: float = Field(..., ge=-180, le=180)


class PositionOut(Schema):
    latitude: float
    longitude: float
    last_seen_at: datetime


@router.post(
    "/technicians/me/position",
    response={200: PositionOut, **ERRORS},
    operation_id="report_technician_position",
)
def report_technician_position(request: HttpRequest, payload: PositionIn):
    """The technician's phone reports where they are; dispatch uses it for two hours."""
    profile = setup.technician_position_report(
        user=acting_user(request), latitude=payload.latitude, longitude=payload.longitude
    )
    return {
        "latitude": float(profile.last_latitude or 0),
        "longitude": float(profile.last_longitude or 0),
        "last_seen_at": profile.last_seen_at,
    }
