"""Claim writes: draft a claim from a completed work order, correct its header, withdraw it.

Lines are in `lines.py`, photos in `photos.py`, submission and resubmission in `submission.py`,
the manufacturer's decisions in `review.py`, pre-authorisations in `pre_authorisations.py`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part
from aftersales.claims import validation
from aftersales.claims.choices import REPEATABLE_PER_ORDER, ClaimStatus, LineKind
from aftersales.claims.lines import LineInput, lock_editable, price_line, recompute_totals
from aftersales.claims.models import Claim, ClaimLine, PreAuthorisation
from aftersales.claims.terms import terms_for
from aftersales.core import clock
from aftersales.core.access import require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, DomainError, field_error, lazy_message
from aftersales.core.models import User
from aftersales.core.numbering import next_monthly_number
from aftersales.core.transitions import lock_record, transition
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder, WorkOrderLine

CLAIMABLE = (Status.COMPLETED, Status.CLOSED)


def _claimable(order: WorkOrder) -> None:
    if order.status not in CLAIMABLE:
        raise Conflict(_("Only a completed work order can be claimed."), state=order.status)
    if order.asset_id is None or order.manufacturer_id is None or order.station_id is None:
        raise Conflict(
            _("The work order names no product or station: it cannot be claimed."),
            state=order.status,
        )


def _check_pre_authorisation(pa: PreAuthorisation | None, order: WorkOrder) -> None:
    if pa is not None and pa.work_order_id != order.pk:
        raise field_error(
            "pre_authorisation_id", _("This pre-authorisation is for another work order.")
        )


def _one_per_type(order: WorkOrder, type: str) -> None:
    if type in REPEATABLE_PER_ORDER:
        return
    existing = (
        Claim.objects.filter(work_order=order, type=type)
        .exclude(status=ClaimStatus.CANCELLED)
        .values_list("number", flat=True)
        .first()
    )
    if existing:
        raise Conflict(
            lazy_message(
                _("This work order is already claimed as this type on %(number)s."),
                number=existing,
            ),
            claim=existing,
        )


def _copy_order_lines(claim: Claim, order: WorkOrder) -> None:
    """The order's labour and parts as claim lines at the contract's prices; the station removes
    what it does not claim. A line the terms cannot price (a zero hour) is left out."""
    terms = terms_for(claim.station, claim.manufacturer_id)
    now = clock.now()
    for wo_line in WorkOrderLine.objects.filter(work_order=order).select_related(
        "operation", "part"
    ):
        data = LineInput(
            kind=wo_line.kind,
            quantity=wo_line.quantity,
            operation=wo_line.operation,
            part=wo_line.part,
            description=wo_line.description,
        )
        if wo_line.kind == LineKind.PART and claim.type == "outside_purchase":
            continue  # an outside purchase is paid at its invoice, entered by hand
        try:
            fields = price_line(claim, data, terms)
        except DomainError:
            continue
        ClaimLine.objects.create(claim=claim, created_at=now, **fields)


def claim_create(
    *,
    work_order: WorkOrder,
    actor: User,
    type: str,
    causal_part: Part | None = None,
    fault_code: str = "",
    symptom: str = "",
    mileage_km: int | None = None,
    failure_date: date | None = None,
    repair_date: date | None = None,
    pre_authorisation: PreAuthorisation | None = None,
    copy_lines: bool = True,
) -> Claim:
    """A draft claim of the station that completed the order, its lines copied from the order."""
    validation.claim_type(type)
    require(actor, "claim:create", work_order, _("Your role may not file claims for this order."))
    _claimable(work_order)
    completed_on = timezone.localdate(work_order.completed_at) if work_order.completed_at else None
    head = validation.header(
        manufacturer_id=work_order.manufacturer_id,
        causal_part=causal_part,
        fault_code=fault_code,
        symptom=symptom or work_order.fault_description[:2000],
        mileage_km=mileage_km,
        failure_date=failure_date or timezone.localdate(work_order.created_at),
        repair_date=repair_date or completed_on,
    )
    _check_pre_authorisation(pre_authorisation, work_order)
    with transaction.atomic():
        # One claim per order and type: two clerks filing at once queue on the order's row.
        order = lock_record(WorkOrder, work_order.pk)
        _claimable(order)
        assert order.station_id is not None and order.manufacturer_id is not None
        _one_per_type(order, type)
        now = clock.now()
        asset = order.asset
        claim = Claim.objects.create(
            number=next_monthly_number("CL"),
            type=type,
            work_order=order,
            station_id=order.station_id,
            manufacturer_id=order.manufacturer_id,
            network_id=order.network_id,
            region_id=order.region_id,
            asset=asset,
            product_model=asset.product_model if asset else None,
            serial=asset.serial if asset else "",
            causal_part=head.causal_part,
            fault_code=head.fault_code,
            symptom=head.symptom,
            mileage_km=head.mileage_km,
            failure_date=head.failure_date,
            repair_date=head.repair_date,
            pre_authorisation=pre_authorisation,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        if copy_lines:
            _copy_order_lines(claim, order)
        recompute_totals(claim)
        record_event(
            record=claim,
            verb="claim.created",
            actor=actor,
            to_state=ClaimStatus.DRAFT,
            data={"work_order": order.number, "type": type, "total": str(claim.total_amount)},
        )
    return claim


HEADER_FIELDS = (
    "causal_part",
    "fault_code",
    "symptom",
    "mileage_km",
    "failure_date",
    "repair_date",
    "pre_authorisation",
)


def claim_change(
    *, claim: Claim, actor: User, changes: dict[str, object], expected_version: int | None = None
) -> Claim:
    """Correct the header of a draft or returned claim (the fields `changes` names)."""
    unknown = set(changes) - set(HEADER_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed."))
    with transaction.atomic():
        locked = lock_editable(claim, actor, expected_version)
        current = {name: getattr(locked, name) for name in HEADER_FIELDS}
        merged = {**current, **changes}
        head = validation.header(
            manufacturer_id=locked.manufacturer_id,
            causal_part=merged["causal_part"],
            fault_code=str(merged["fault_code"] or ""),
            symptom=str(merged["symptom"] or ""),
            mileage_km=merged["mileage_km"],
            failure_date=merged["failure_date"],
            repair_date=merged["repair_date"],
        )
        pa = merged["pre_authorisation"]
        _check_pre_authorisation(pa, locked.work_order)
        after = {**vars(head), "pre_authorisation": pa}
        changed = {k: v for k, v in after.items() if v != current[k]}
        if not changed:
            raise field_error(next(iter(changes), "symptom"), _("Nothing was changed."))
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.updated_at = clock.now()
        locked.save()
        record_event(
            record=locked,
            verb="claim.changed",
            actor=actor,
            data={"fields": sorted(changed)},
        )
    return locked


def claim_cancel(
    *, claim: Claim, actor: User, reason: str, expected_version: int | None = None
) -> Claim:
    """Withdraw a draft or a returned claim (the order may then be claimed again)."""
    return transition(
        claim, "cancel", actor=actor, reason=reason, expected_version=expected_version
    )
