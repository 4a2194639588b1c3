"""Work-order writes: one function per business action, one transaction, one audit event."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import LabourOperation, Part
from aftersales.core import clock
from aftersales.core.access import SYSTEM, principal_for
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, Invalid, NotAllowed
from aftersales.core.models import OrganisationKind, User
from aftersales.core.numbering import next_number
from aftersales.core.roles import Role
from aftersales.customers.models import Address, Asset, Customer
from aftersales.workorders import pricing, sla
from aftersales.workorders.attachments import sniff
from aftersales.workorders.choices import TERMINAL, Channel, LineKind, OrderType, Priority, Status
from aftersales.workorders.models import Attachment, Comment, SlaPolicy, WorkOrder, WorkOrderLine
from aftersales.workorders.routing import region_for
from aftersales.workorders.workflow import WORK_ORDER_FLOW

MAX_DESCRIPTION = 2000


def sla_targets(manufacturer_id: int | None, zone: str) -> sla.SlaTargets:
    policies = {
        p.manufacturer_id: p
        for p in SlaPolicy.objects.filter(zone=zone, manufacturer_id__in=[manufacturer_id, None])
    }
    policy = policies.get(manufacturer_id) or policies.get(None)
    if policy is None:
        return sla.default_targets(zone)
    return sla.SlaTargets(policy.response_minutes, policy.onsite_minutes, policy.resolution_minutes)


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
) -> WorkOrder:
    """A service request from any channel, routed to the product's manufacturer and region."""
    fault_description = (fault_description or "").strip()
    errors = {}
    if not fault_description:
        errors["fault_description"] = _("Describe the fault.")
    elif len(fault_description) > MAX_DESCRIPTION:
        errors["fault_description"] = _("At most 2000 characters.")
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
        )
        record_event(
            record=order,
            verb="work_order.created",
            actor=actor,
            to_state=Status.NEW,
            data={"channel": channel, "region": region.pk if region else None},
            public=True,
        )
    return order


# Who may take an order is dispatch's rule (skills, shift, capacity, authorisation), so every
# path that puts a technician on an order or takes one off goes through the dispatch services.
DISPATCH_TRANSITIONS = frozenset({"assign", "reassign", "decline", "unassign"})


def lock_work_order(pk: int, expected_version: int | None = None) -> WorkOrder:
    """Lock the row for this transaction. On PostgreSQL a row lock; on SQLite the IMMEDIATE
    transaction already serialises writers. Either way a second concurrent change waits and then
    sees the new state."""
    # What the rules and dispatch read next comes in the same query; only the order row is locked.
    order = (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("address", "region", "customer", "asset__product_model__category")
        .get(pk=pk)
    )
    if expected_version is not None and order.version != expected_version:
        raise Conflict(_("Someone else changed this work order; reload it."), state=order.status)
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
    """Fire a named transition; `actor=None` is the system (scheduled jobs)."""
    if name in DISPATCH_TRANSITIONS:
        from aftersales.dispatch import services as dispatch

        order = dispatch.dispatch_transition(
            work_order=work_order,
            name=name,
            actor=actor,
            reason=reason,
            technician=technician,
            expected_version=expected_version,
        )
    else:
        with transaction.atomic():
            order = lock_work_order(work_order.pk, expected_version)
            apply_transition(order=order, name=name, actor=actor, reason=reason, data=data)
    work_order.__dict__.update(order.__dict__)
    return order


def apply_transition(
    *,
    order: WorkOrder,
    name: str,
    actor: User | None,
    reason: str = "",
    technician: User | None = None,
    data: dict | None = None,
) -> None:
    """Check and apply a transition to an order locked by the caller's transaction, with its
    audit event. The only place that sets a work order's status."""
    principal = SYSTEM if actor is None else principal_for(actor)
    reason = (reason or "").strip()
    transition = WORK_ORDER_FLOW.check(order, name, principal, reason)
    before = order.status
    now = clock.now()
    order.status = transition.target
    if name in ("assign", "reassign"):
        if technician is None:
            raise Invalid(
                _("Choose a technician."), fields={"technician_id": _("Choose a technician.")}
            )
        order.technician = technician
        order.station = technician.organisation
    elif name in ("decline", "unassign"):
        order.technician = None
        if not order.station_locked:
            order.station = None
    elif name == "reopen":
        # Back to dispatch (often the same technician again); the station keeps it meanwhile.
        order.technician = None
    if name == "accept" and order.accepted_at is None:
        order.accepted_at = now
    elif name == "start" and order.started_at is None:
        order.started_at = now
    elif name == "complete":
        order.completed_at = now
    elif name == "close":
        order.closed_at = now
    elif name == "reopen":
        order.completed_at = order.closed_at = None
    order.version += 1
    order.updated_at = now
    order.save()
    event_data = dict(data or {})
    if technician is not None:
        event_data["technician"] = {"id": technician.pk, "name": str(technician)}
    record_event(
        record=order,
        verb=f"work_order.{name}",
        actor=actor,
        from_state=before,
        to_state=order.status,
        reason=reason,
        data=event_data,
        public=transition.public,
    )
    if name in ("accept", "reopen"):
        from aftersales.dispatch import tasks

        transaction.on_commit(lambda: tasks.enqueue_auto_dispatch(order.pk))


def _lock_editable(work_order: WorkOrder, actor: User) -> WorkOrder:
    principal = principal_for(actor)
    order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
    if order.status in TERMINAL or order.status == Status.NEW:
        raise Conflict(
            _("Lines can be changed only on an accepted, open work order."), state=order.status
        )
    if not principal.has_role(Role.TECHNICIAN, Role.ADVISOR, Role.MANAGER, Role.ADMIN):
        raise NotAllowed(_("You may not change this work order's lines."))
    if principal.technician_only and order.technician_id != actor.pk:
        raise NotAllowed(_("Only the assigned technician may change this work order."))
    return order


def _decimal(value: object, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Enter a number."), fields={field: _("Enter a number.")}) from None
    if not number.is_finite() or number <= 0 or number > Decimal("100000"):
        raise Invalid(_("Enter a positive amount."), fields={field: _("Enter a positive amount.")})
    return number


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
        raise Invalid(_("Unknown line kind."), fields={"kind": _("Unknown line kind.")})
    quantity = _decimal(quantity, "quantity")
    with transaction.atomic():
        order = _lock_editable(work_order, actor)
        coefficient = Decimal("1.00")
        if kind == LineKind.LABOUR:
            if operation is None:
                raise Invalid(
                    _("Choose a labour operation."),
                    fields={"operation_id": _("Choose a labour operation.")},
                )
            if order.manufacturer_id and operation.manufacturer_id != order.manufacturer_id:
                raise Invalid(
                    _("This operation belongs to another manufacturer."),
                    fields={"operation_id": _("Another manufacturer's operation.")},
                )
            rate = (
                _decimal(unit_price, "unit_price")
                if unit_price is not None
                else (order.station.labour_rate if order.station else Decimal("80.00"))
            )
            if order.asset:
                coefficient = order.asset.product_model.complexity_coefficient
            amount = pricing.labour_amount(quantity, rate, coefficient)
            label = description or operation.name
            line = WorkOrderLine(kind=kind, operation=operation, unit_price=rate)
        else:
            if part is None:
                raise Invalid(_("Choose a part."), fields={"part_id": _("Choose a part.")})
            price = (
                _decimal(unit_price, "unit_price") if unit_price is not None else part.unit_price
            )
            amount = pricing.part_amount(quantity, price)
            label = description or part.name
            line = WorkOrderLine(kind=kind, part=part, unit_price=price)
        line.work_order = order
        line.description = label[:200]
        line.quantity = quantity
        line.coefficient = coefficient
        line.amount = amount
        line.created_by = actor
        line.created_at = clock.now()
        line.save()
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


def _recompute_totals(order: WorkOrder) -> None:
    labour, parts, total = pricing.totals(order.lines.values_list("kind", "amount"))
    order.labour_total, order.parts_total, order.total = labour, parts, total
    order.updated_at = clock.now()
    order.save(update_fields=["labour_total", "parts_total", "total", "updated_at"])


def work_order_comment(*, work_order: WorkOrder, actor: User, body: str, internal: bool) -> Comment:
    body = (body or "").strip()
    if not body:
        raise Invalid(_("Write a comment."), fields={"body": _("Write a comment.")})
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
    if work_order.status in TERMINAL:
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
