"""Work-order writes: one function per business action, one transaction, one audit event."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import LabourOperation, Part
from aftersales.core import clock
from aftersales.core.access import principal_for, require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.models import OrganisationKind, User
from aftersales.core.numbering import next_number
from aftersales.core.transitions import lock_record, transition
from aftersales.core.validators import clean_text
from aftersales.customers.models import Address, Asset, Customer
from aftersales.workorders import limits, pricing, sla
from aftersales.workorders.attachments import sniff
from aftersales.workorders.choices import Channel, LineKind, OrderType, Priority, Status
from aftersales.workorders.models import Attachment, Comment, SlaPolicy, WorkOrder, WorkOrderLine
from aftersales.workorders.routing import region_for
from aftersales.workorders.workflow import WORK_ORDER_FLOW

MAX_DESCRIPTION = 2000
# A station without its own hourly rate bills the network's default (yuan per hour).
DEFAULT_LABOUR_RATE = Decimal("80.00")


def sla_targets(manufacturer_id: int | None, zone: str) -> sla.SlaTargets:
    policies = {
        p.manufacturer_id: p
        for p in SlaPolicy.objects.filter(zone=zone, manufacturer_id__in=[manufacturer_id, None])
    }
    policy = policies.get(manufacturer_id) or policies.get(None)
    if policy is None:
        return sla.default_targets(zone)
    return sla.SlaTargets(policy.response_minutes, policy.onsite_minutes, policy.resolution_minutes)


def open_order_for_unit(customer: Customer, asset: Asset) -> WorkOrder | None:
    """The customer's first open order for this unit, the row of the unit locked so that two
    channels filing for it at once see each other (call inside a transaction)."""
    list(Asset.objects.select_for_update().filter(pk=asset.pk).values_list("pk"))
    return (
        WorkOrder.objects.filter(
            customer=customer, asset=asset, status__in=WORK_ORDER_FLOW.group("open")
        )
        .order_by("created_at", "id")
        .first()
    )


def work_order_create(
    *,
    customer: Customer,
    fault_description: str,
    channel: str,
    actor: User | None,
    asset: Asset | None = None,
    address: Address | None = None,
    type: str = OrderType.REPAIR,
    priority: str = Priority.NORMAL,
    preferred_start: datetime | None = None,
    preferred_end: datetime | None = None,
    idempotency_key: str = "",
) -> WorkOrder:
    """A service request from any channel, routed to the product's manufacturer and region.

    A unit that already has an open order of the same customer links the new order to it as a
    possible duplicate for the agent to look at (five orders for one fridge through four
    channels was what customers met before)."""
    if not (fault_description or "").strip():
        raise field_error("fault_description", _("Describe the fault."))
    fault_description = clean_text(
        fault_description, field="fault_description", max_length=MAX_DESCRIPTION
    )
    errors = {}
    if type not in OrderType.values:
        errors["type"] = _("Unknown work-order type.")
    if priority not in Priority.values:
        errors["priority"] = _("Unknown priority.")
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if asset is not None and asset.customer_id not in (None, customer.pk):
        errors["asset_id"] = _("This asset belongs to another customer.")
    if preferred_start and preferred_end and preferred_end <= preferred_start:
        errors["preferred_end"] = _("The time window ends before it starts.")
    if address is not None and address.customer_id != customer.pk:
        errors["address_id"] = _("This address belongs to another customer.")
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)

    address = address or customer.default_address
    zone = address.zone if address else "city"
    actor_org = actor.organisation if actor and actor.organisation_id else None
    # Staff intake at a station keeps the order at that station (walk-in / phone to the outlet).
    station = actor_org if actor_org and actor_org.kind == OrganisationKind.STATION else None
    if station is not None:
        region = station.region
    elif actor_org is not None and actor_org.kind == OrganisationKind.REGION:
        region = actor_org  # a regional centre's own intake stays in its region
    else:
        region = region_for(customer, address)
    now = clock.now()
    manufacturer_id = asset.manufacturer_id if asset else None
    due = sla.due_times(now, sla_targets(manufacturer_id, zone))
    with transaction.atomic():
        duplicate_of = open_order_for_unit(customer, asset) if asset is not None else None
        order = WorkOrder.objects.create(
            number=next_number("WO"),
            type=type,
            priority=priority,
            channel=channel,
            status=Status.NEW,
            manufacturer_id=manufacturer_id,
            network_id=(region.network_id if region else None) or customer.network_id,
            region=region,
            station=station,
            customer=customer,
            asset=asset,
            address=address,
            zone=zone,
            fault_description=fault_description,
            preferred_start=preferred_start,
            preferred_end=preferred_end,
            response_due_at=due.response,
            onsite_due_at=due.onsite,
            resolution_due_at=due.resolution,
            created_by=actor,
            created_at=now,
            updated_at=now,
            idempotency_key=idempotency_key,
            possible_duplicate_of=duplicate_of,
        )
        data: dict[str, object] = {"channel": channel, "region": region.pk if region else None}
        if duplicate_of is not None:
            data["possible_duplicate_of"] = duplicate_of.number
        record_event(
            record=order, verb="work_order.created", actor=actor, to_state=Status.NEW, data=data
        )
    return order


def work_order_transition(
    *,
    work_order: WorkOrder,
    name: str,
    actor: User | None,
    reason: str = "",
    technician: User | None = None,
    expected_version: int | None = None,
    data: dict | None = None,
) -> WorkOrder:
    """Fire a named transition; `actor=None` is the system (scheduled jobs). Subscribers of the
    machine (dispatch on `assign`, …) run inside the same transaction."""
    params = {} if technician is None else {"technician": technician}
    return transition(
        work_order,
        name,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        data=data,
        **params,
    )


def _lock_editable(work_order: WorkOrder, actor: User) -> WorkOrder:
    order = lock_record(WorkOrder, work_order.pk)
    if not WORK_ORDER_FLOW.in_group(order.status, "editable"):
        raise Conflict(
            _("Lines can be changed only on an accepted, open work order."), state=order.status
        )
    require(
        actor, "work_order:change_lines", order, _("You may not change this work order's lines.")
    )
    return order


def _price_line(
    order: WorkOrder,
    *,
    kind: str,
    quantity: object,
    operation: LabourOperation | None,
    part: Part | None,
    unit_price: object | None,
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(quantity, unit price, coefficient, amount) of a line, every input checked."""
    if kind == LineKind.LABOUR:
        if operation is None:
            raise field_error("operation_id", _("Choose a labour operation."))
        if order.manufacturer_id and operation.manufacturer_id != order.manufacturer_id:
            raise field_error("operation_id", _("This operation belongs to another manufacturer."))
        hours = limits.quantity(quantity, whole_units=False)
        rate = (
            limits.unit_price(unit_price)
            if unit_price is not None
            else (order.station.labour_rate if order.station else DEFAULT_LABOUR_RATE)
        )
        coefficient = (
            order.asset.product_model.complexity_coefficient if order.asset else Decimal("1.00")
        )
        return hours, rate, coefficient, pricing.labour_amount(hours, rate, coefficient)
    if part is None:
        raise field_error("part_id", _("Choose a part."))
    if order.manufacturer_id and part.manufacturer_id != order.manufacturer_id:
        raise field_error("part_id", _("This part belongs to another manufacturer."))
    units = limits.quantity(quantity, whole_units=part.counted_in_whole_units)
    price = limits.unit_price(unit_price) if unit_price is not None else part.unit_price
    return units, price, Decimal("1.00"), pricing.part_amount(units, price)


def work_order_add_line(
    *,
    work_order: WorkOrder,
    actor: User,
    kind: str,
    quantity: Decimal | str | float,
    operation: LabourOperation | None = None,
    part: Part | None = None,
    unit_price: Decimal | str | None = None,
    description: str = "",
) -> WorkOrderLine:
    """Labour: operation hours × station rate × model coefficient; parts: quantity × price."""
    if kind not in LineKind.values:
        raise field_error("kind", _("Unknown line kind."))
    description = clean_text(description, field="description", max_length=200, single_line=True)
    with transaction.atomic():
        order = _lock_editable(work_order, actor)
        units, price, coefficient, amount = _price_line(
            order,
            kind=kind,
            quantity=quantity,
            operation=operation,
            part=part,
            unit_price=unit_price,
        )
        limits.order_total(order.total + amount)
        catalogue_item = operation if kind == LineKind.LABOUR else part
        line = WorkOrderLine.objects.create(
            work_order=order,
            kind=kind,
            operation=operation if kind == LineKind.LABOUR else None,
            part=part if kind == LineKind.PART else None,
            description=(description or getattr(catalogue_item, "name", ""))[:200],
            quantity=units,
            unit_price=price,
            coefficient=coefficient,
            amount=amount,
            created_by=actor,
            created_at=clock.now(),
        )
        _recompute_totals(order)
        record_event(
            record=order,
            verb="work_order.line_added",
            actor=actor,
            data={
                "line": line.pk,
                "kind": kind,
                "description": line.description,
                "amount": str(amount),
            },
        )
    return line


def work_order_change_line(
    *,
    line: WorkOrderLine,
    actor: User,
    reason: str,
    quantity: Decimal | str | float | None = None,
    unit_price: Decimal | str | None = None,
) -> WorkOrderLine:
    """Correct a line's quantity or price while the order is open, with a reason (audited)."""
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    with transaction.atomic():
        order = _lock_editable(line.work_order, actor)
        line = WorkOrderLine.objects.select_related("operation", "part").get(
            pk=line.pk, work_order=order
        )
        before = {"quantity": str(line.quantity), "unit_price": str(line.unit_price)}
        units, price, _coefficient, amount = _price_line(
            order,
            kind=line.kind,
            quantity=line.quantity if quantity is None else quantity,
            operation=line.operation,
            part=line.part,
            unit_price=line.unit_price if unit_price is None else unit_price,
        )
        limits.order_total(order.total - line.amount + amount)
        line.quantity, line.unit_price, line.amount = units, price, amount
        line.save(update_fields=["quantity", "unit_price", "amount"])
        _recompute_totals(order)
        record_event(
            record=order,
            verb="work_order.line_changed",
            actor=actor,
            reason=reason,
            data={
                "line": line.pk,
                "description": line.description,
                "before": before,
                "after": {"quantity": str(units), "unit_price": str(price)},
                "amount": str(amount),
            },
        )
    return line


def work_order_remove_line(*, line: WorkOrderLine, actor: User, reason: str) -> WorkOrder:
    """Take a line off an open order, with a reason (audited)."""
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    with transaction.atomic():
        order = _lock_editable(line.work_order, actor)
        line = WorkOrderLine.objects.get(pk=line.pk, work_order=order)
        data = {
            "line": line.pk,
            "kind": line.kind,
            "description": line.description,
            "amount": str(line.amount),
        }
        line.delete()
        _recompute_totals(order)
        record_event(
            record=order, verb="work_order.line_removed", actor=actor, reason=reason, data=data
        )
    return order


def _recompute_totals(order: WorkOrder) -> None:
    labour, parts, total = pricing.totals(order.lines.values_list("kind", "amount"))
    order.labour_total, order.parts_total, order.total = labour, parts, total
    order.updated_at = clock.now()
    order.save(update_fields=["labour_total", "parts_total", "total", "updated_at"])


def work_order_comment(*, work_order: WorkOrder, actor: User, body: str, internal: bool) -> Comment:
    if not (body or "").strip():
        raise field_error("body", _("Write a comment."))
    body = clean_text(body, field="body", max_length=4000)
    principal = principal_for(actor)
    if not principal.staff_roles:
        internal = False  # a customer's words are always visible to the customer
    with transaction.atomic():
        comment = Comment.objects.create(
            work_order=work_order,
            author=actor,
            author_name=str(actor),
            body=body[:4000],
            internal=internal,
            created_at=clock.now(),
        )
        record_event(
            record=work_order,
            verb="work_order.commented",
            actor=actor,
            data={"comment": comment.pk, "body": comment.body, "internal": internal},
            public=not internal,
        )
    return comment


def work_order_attach(
    *, work_order: WorkOrder, actor: User, upload: UploadedFile, visible_to_customer: bool = True
) -> Attachment:
    content_type, extension = sniff(upload)
    if WORK_ORDER_FLOW.in_group(work_order.status, "terminal"):
        raise Conflict(
            _("This work order is finished; attachments are closed."), state=work_order.status
        )
    if not principal_for(actor).staff_roles:
        visible_to_customer = True
    original = (upload.name or "file")[-200:]
    stored: str | None = None
    try:
        with transaction.atomic():
            attachment = Attachment(
                work_order=work_order,
                original_name=original,
                content_type=content_type,
                size=upload.size or 0,
                visible_to_customer=visible_to_customer,
                uploaded_by=actor,
                uploaded_at=clock.now(),
            )
            # Stored under a random name with the extension of the sniffed type, never the client's.
            attachment.file.save(f"{secrets.token_hex(12)}{extension}", upload, save=False)
            stored = attachment.file.name
            attachment.save()
            record_event(
                record=work_order,
                verb="work_order.attachment_added",
                actor=actor,
                data={"attachment": attachment.pk, "name": original, "content_type": content_type},
                public=visible_to_customer,
            )
    except Exception:
        # The row is gone with the transaction; do not leave its file behind.
        if stored:
            attachment.file.storage.delete(stored)
        raise
    return attachment
