"""Work-order writes: one function per business action, one transaction, one audit event."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.access import principal_for
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.models import Organisation, OrganisationKind, User
from aftersales.core.numbering import next_number
from aftersales.core.transitions import transition
from aftersales.core.validators import clean_text
from aftersales.customers.models import Address, Asset, Customer
from aftersales.workorders import sla
from aftersales.workorders.attachments import sniff
from aftersales.workorders.choices import Channel, OrderType, Priority, Status
from aftersales.workorders.models import Attachment, Comment, SlaPolicy, WorkOrder
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


def _check_request(
    *,
    customer: Customer,
    asset: Asset | None,
    address: Address | None,
    type: str,
    priority: str,
    channel: str,
    window: tuple[datetime | None, datetime | None],
) -> None:
    """Every field error of a request at once, the first one as the message."""
    errors = {}
    if type not in OrderType.values:
        errors["type"] = _("Unknown work-order type.")
    if priority not in Priority.values:
        errors["priority"] = _("Unknown priority.")
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if asset is not None and asset.customer_id not in (None, customer.pk):
        errors["asset_id"] = _("This asset belongs to another customer.")
    start, end = window
    if start and end and end <= start:
        errors["preferred_end"] = _("The time window ends before it starts.")
    if address is not None and address.customer_id != customer.pk:
        errors["address_id"] = _("This address belongs to another customer.")
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)


def _intake_place(
    actor: User | None, customer: Customer, address: Address | None
) -> tuple[Organisation | None, Organisation | None]:
    """(station, region) that own a new order: a station's or a regional centre's own intake
    stays with it (walk-in, phone to the outlet); anything else goes to the customer's region."""
    actor_org = actor.organisation if actor and actor.organisation_id else None
    if actor_org is not None and actor_org.kind == OrganisationKind.STATION:
        return actor_org, actor_org.region
    if actor_org is not None and actor_org.kind == OrganisationKind.REGION:
        return None, actor_org
    return None, region_for(customer, address)


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
    _check_request(
        customer=customer,
        asset=asset,
        address=address,
        type=type,
        priority=priority,
        channel=channel,
        window=(preferred_start, preferred_end),
    )
    address = address or customer.default_address
    zone = address.zone if address else "city"
    station, region = _intake_place(actor, customer, address)
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
