"""预授权: the station asks the manufacturer before a repair that needs it (a major assembly, or
an amount above the terms' threshold); the manufacturer grants it up to an amount, or refuses."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part
from aftersales.claims import validation
from aftersales.claims.choices import PreAuthorisationStatus
from aftersales.claims.models import PreAuthorisation
from aftersales.core import clock
from aftersales.core.access import require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.models import User
from aftersales.core.numbering import next_monthly_number
from aftersales.core.transitions import transition
from aftersales.core.validators import clean_text
from aftersales.workorders import limits
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.workflow import WORK_ORDER_FLOW


def pre_authorisation_open(work_order: WorkOrder) -> bool:
    """Whether the order may still be asked about: a manufacturer's product at a station, the
    order neither closed nor cancelled (the order page offers the button on the same terms)."""
    return (
        work_order.manufacturer_id is not None
        and work_order.station_id is not None
        and not WORK_ORDER_FLOW.in_group(work_order.status, "terminal")
    )


def pre_authorisation_request(
    *,
    work_order: WorkOrder,
    actor: User,
    claim_type: str,
    description: str,
    requested_amount: object,
    causal_part: Part | None = None,
) -> PreAuthorisation:
    """Before the repair: the order is still open (or just completed, for a late request that
    the check will name)."""
    validation.claim_type(claim_type)
    require(
        actor,
        "pre_authorisation:request",
        work_order,
        _("Your role may not ask for pre-authorisations for this order."),
    )
    if not pre_authorisation_open(work_order):
        raise Conflict(
            _("Pre-authorisation is asked for an open order of a manufacturer's product."),
            state=work_order.status,
        )
    description = clean_text(description, field="description", max_length=2000, required=True)
    amount = limits.unit_price(requested_amount, field="requested_amount")
    if causal_part is not None and causal_part.manufacturer_id != work_order.manufacturer_id:
        raise field_error("causal_part_id", _("This part belongs to another manufacturer."))
    with transaction.atomic():
        now = clock.now()
        pa = PreAuthorisation.objects.create(
            number=next_monthly_number("PA"),
            work_order=work_order,
            # Both set: `pre_authorisation_open` said so.
            station_id=cast(int, work_order.station_id),
            manufacturer_id=cast(int, work_order.manufacturer_id),
            network_id=work_order.network_id,
            region_id=work_order.region_id,
            claim_type=claim_type,
            causal_part=causal_part,
            description=description,
            requested_amount=amount,
            requested_by=actor,
            created_at=now,
            updated_at=now,
        )
        record_event(
            record=pa,
            verb="pre_authorisation.requested",
            actor=actor,
            to_state=PreAuthorisationStatus.REQUESTED,
            data={"work_order": work_order.number, "amount": str(amount)},
        )
    return pa


def pre_authorisation_decide(
    *,
    pre_authorisation: PreAuthorisation,
    actor: User,
    grant: bool,
    amount_limit: object = None,
    comment: str = "",
    expected_version: int | None = None,
) -> PreAuthorisation:
    comment = clean_text(comment, field="comment", max_length=2000)
    limit: Decimal | None = None
    if grant and amount_limit is not None:
        limit = limits.unit_price(amount_limit, field="amount_limit")
    try:
        return transition(
            pre_authorisation,
            "grant" if grant else "refuse",
            actor=actor,
            reason=comment,
            expected_version=expected_version,
            amount_limit=limit,
        )
    except Invalid as exc:
        if "reason" in exc.fields:  # the machine's word for what the form calls a comment
            raise field_error("comment", exc.message) from exc
        raise
