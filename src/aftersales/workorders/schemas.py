"""The work-order API's shapes: one schema per direction (…In, …Out), read from the records
by resolvers."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from aftersales.core.api_support import Id, PlainDecimal
from aftersales.core.events import Audience, EventType, event_type
from aftersales.customers import privacy
from aftersales.workorders import payers, selectors


class ServiceRequestIn(Schema):
    customer_id: Id | None = Field(None, description="Staff only; a customer files for themself.")
    asset_id: Id | None = None
    serial: str = Field(
        "", max_length=40, description="Instead of asset_id: the unit's serial or VIN."
    )
    address_id: Id | None = None
    fault_description: str = Field(..., max_length=2000)
    type: str = "repair"
    priority: str = "normal"
    channel: str = Field("api", description="api, phone or portal")
    preferred_start: datetime | None = None
    preferred_end: datetime | None = None


class SlaClockOut(Schema):
    due: datetime | None
    done_at: datetime | None
    state: str | None = Field(
        ..., description="met, late, at_risk (80 % of the time gone), running or stopped"
    )


class SlaOut(Schema):
    response: SlaClockOut
    onsite: SlaClockOut
    resolution: SlaClockOut
    overdue: bool = Field(..., description="Some commitment is late.")


class DuplicateRefOut(Schema):
    id: int
    number: str


class WorkOrderOut(Schema):
    id: int
    number: str
    type: str
    priority: str
    channel: str
    status: str
    version: int
    customer_id: int
    customer_name: str = Field(
        ..., description="Masked (张*) for a viewer who does not act on the customer."
    )
    asset_id: int | None
    manufacturer_id: int | None
    region_id: int | None
    station_id: int | None
    technician_id: int | None
    zone: str
    fault_description: str
    preferred_start: datetime | None
    preferred_end: datetime | None
    response_due_at: datetime | None
    onsite_due_at: datetime | None
    resolution_due_at: datetime | None
    accepted_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    labour_total: Decimal
    parts_total: Decimal
    total: Decimal
    created_at: datetime
    updated_at: datetime
    sla: SlaOut
    possible_duplicate_of: DuplicateRefOut | None = Field(
        ..., description="An open order of the same customer for the same unit (if you see it)."
    )

    @staticmethod
    def resolve_sla(order: Any) -> dict[str, Any]:
        status = selectors.work_order_sla(order)
        return {
            **{
                c.name: {"due": c.due, "done_at": c.done_at, "state": c.state}
                for c in status.clocks
            },
            "overdue": status.overdue,
        }

    @staticmethod
    def resolve_possible_duplicate_of(order: Any, context: Any) -> dict[str, Any] | None:
        ref = selectors.possible_duplicate_ref(context["request"].user, order)
        return {"id": ref[0], "number": ref[1]} if ref else None

    @staticmethod
    def resolve_customer_name(order: Any, context: Any) -> str:
        return privacy.display_name(context["request"].user, order.customer)


class PayerTotalOut(Schema):
    payer: str = Field(..., description="customer, warranty, claim, insurance or contract")
    amount: Decimal


class WorkOrderDetailOut(WorkOrderOut):
    allowed_transitions: list[str]
    payer_totals: list[PayerTotalOut] = Field(
        ..., description="What each payer pays of the lines you see (customer pays X, warranty Y)."
    )

    @staticmethod
    def resolve_payer_totals(order: Any, context: Any) -> list[dict[str, Any]]:
        lines = selectors.work_order_lines(context["request"].user, order)
        totals = payers.payer_totals(lines.select_related(None).only("payer", "amount"))
        return [{"payer": payer, "amount": amount} for payer, amount in totals.items()]

    @staticmethod
    def resolve_allowed_transitions(order: Any, context: Any) -> list[str]:
        user = context["request"].user
        if not getattr(order, "visible_to_requester", False) and not selectors.is_visible(
            user, order
        ):
            # The change took the order out of this user's sight (a technician declining it):
            # they see the state they caused, and nothing more to do.
            return []
        return [t.name for t in selectors.allowed_transitions(user, order)]


class WorkOrderPageOut(Schema):
    items: list[WorkOrderOut]
    next_cursor: str | None


class WorkOrderListQuery(Schema):
    status: list[str] | None = None
    type: str | None = None
    priority: str | None = None
    channel: str | None = None
    station_id: Id | None = None
    technician_id: Id | None = None
    customer_id: Id | None = None
    asset_id: Id | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    q: str | None = Field(
        None,
        max_length=100,
        description="Digits: start of a phone or order number; letters with digits: start of "
        "a serial or order number; other text: part of the customer's name or the fault",
    )
    overdue: bool | None = Field(None, description="Some commitment is late (or none is).")
    possible_duplicate: bool | None = Field(
        None, description="Filed while the same unit had an open order of the same customer."
    )
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class TransitionIn(Schema):
    transition: str
    reason: str = Field("", max_length=2000)
    technician_id: Id | None = Field(None, description="For `assign`.")
    expected_version: int | None = Field(
        None, description="Refuse with 409 if the order changed since."
    )


def _declared(verb: str) -> EventType:
    try:
        return event_type(verb)
    except LookupError:
        # A row older than its verb's declaration still reads: its verb, for staff only.
        return EventType(verb, verb, Audience.INTERNAL)


class EventOut(Schema):
    id: int
    at: datetime
    actor: str = Field(..., alias="actor_name")
    verb: str
    label: str = Field(..., description="The verb's declared label, in the request's language.")
    audience: str = Field(
        ..., description="Who the event is for: customer, station, network, manufacturer, internal."
    )
    from_state: str
    to_state: str
    reason: str
    data: dict[str, Any]

    @staticmethod
    def resolve_label(event: Any) -> str:
        return str(_declared(event.verb).label)

    @staticmethod
    def resolve_audience(event: Any) -> str:
        return str(_declared(event.verb).audience)


class LineIn(Schema):
    kind: str = Field(..., description="labour or part")
    operation_id: Id | None = None
    part_id: Id | None = None
    quantity: PlainDecimal = Field(..., description="Hours for labour, units for parts")
    unit_price: PlainDecimal | None = Field(
        None, description="Default: station rate / part list price"
    )
    description: str = Field("", max_length=200)


class LineChangeIn(Schema):
    quantity: PlainDecimal | None = Field(None, description="Hours for labour, units for parts")
    unit_price: PlainDecimal | None = None
    reason: str = Field(..., max_length=500, description="Why the line is corrected")


class LineRemoveIn(Schema):
    reason: str = Field(..., max_length=500, description="Why the line is taken off")


class LineOut(Schema):
    id: int
    kind: str
    operation_id: int | None
    part_id: int | None
    description: str
    quantity: Decimal
    unit_price: Decimal
    coefficient: Decimal
    amount: Decimal
    payer: str = Field(..., description="customer, warranty, claim, insurance or contract")
    payer_reason: str = Field(
        ...,
        description="Why: staff's reason for an override, else the basis of the default "
        "(the warranty entitlement), in the request's language.",
    )
    payer_overridden: bool = Field(
        ..., description="Set by staff; no longer follows the warranty entitlement."
    )
    work_order_total: Decimal = Field(..., alias="work_order.total")

    @staticmethod
    def resolve_payer_reason(line: Any) -> str:
        return payers.payer_reason(line)


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    visible_to_customer: bool
    uploaded_at: datetime


class CommentIn(Schema):
    body: str = Field(..., max_length=4000)
    internal: bool = True


class CommentOut(Schema):
    id: int
    author_name: str
    body: str
    internal: bool
    created_at: datetime


class SmsIn(Schema):
    message_id: str = Field(..., max_length=64)
    from_phone: str = Field(..., alias="from", max_length=32)
    text: str = Field(..., max_length=1000)


class SmsOut(Schema):
    reply: str
    outcome: str
    work_order_number: str | None
    duplicate: bool
