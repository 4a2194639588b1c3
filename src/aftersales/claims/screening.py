"""The checks' adapter: the facts of one claim loaded from the database (a handful of queries),
then `checks.run_checks` in the manufacturer's modes."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from aftersales.claims.checks import (
    ClaimFacts,
    EarlierClaim,
    Finding,
    LineFacts,
    PreAuthFacts,
    run_checks,
)
from aftersales.claims.choices import (
    ClaimStatus,
    ClaimType,
    LineKind,
    PreAuthorisationStatus,
)
from aftersales.claims.models import Claim, ClaimLine, ClaimPhoto, PartApplicability
from aftersales.claims.terms import Terms, check_modes, terms_for
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.warranty.models import Entitlement
from aftersales.warranty.selectors import entitlement_for


def fitting_parts(model_id: int | None, part_ids: set[int]) -> set[int]:
    """The parts among `part_ids` that fit the model: those without applicability rows fit every
    model of their manufacturer; those with rows, the models listed."""
    rows = set(
        PartApplicability.objects.filter(part_id__in=part_ids).values_list(
            "part_id", "product_model_id"
        )
    )
    listed = {part for part, _model in rows}
    return {p for p in part_ids if p not in listed or (p, model_id) in rows}


def _line_facts(lines: list[ClaimLine], fits: set[int], outside: bool) -> tuple[LineFacts, ...]:
    return tuple(
        LineFacts(
            id=line.pk,
            position=position,
            kind=line.kind,
            quantity=line.quantity,
            unit_price=line.unit_price,
            operation_id=line.operation_id,
            operation_code=line.operation.code if line.operation else "",
            standard_hours=line.standard_hours,
            part_number=line.part.number if line.part else "",
            markup_percent=line.markup_percent,
            call_out_fee=line.call_out_fee,
            outside_purchase=outside,
            fits_model=line.part_id is None or line.part_id in fits,
        )
        for position, line in enumerate(lines, start=1)
    )


def _earlier_claims(claim: Claim) -> tuple[EarlierClaim, ...]:
    same = Q(work_order_id=claim.work_order_id, type=claim.type)
    if claim.serial:
        same |= Q(serial=claim.serial)
    others = (
        Claim.objects.filter(same, manufacturer_id=claim.manufacturer_id)
        .filter(status__in=CLAIM_FLOW.group("submitted"))
        .exclude(pk=claim.pk)
        .order_by("created_at", "id")
    )
    result = []
    for other in others:
        earlier = (
            other.repair_date is not None
            and claim.repair_date is not None
            and other.repair_date <= claim.repair_date
        )
        result.append(
            EarlierClaim(
                number=other.number,
                same_order_and_type=(
                    other.work_order_id == claim.work_order_id and other.type == claim.type
                ),
                same_part=bool(
                    claim.serial
                    and other.serial == claim.serial
                    and claim.causal_part_id
                    and other.causal_part_id == claim.causal_part_id
                ),
                repair_date=other.repair_date,
                mileage_km=other.mileage_km if earlier else None,
            )
        )
    return tuple(result)


def _earlier_orders(claim: Claim) -> tuple[EarlierClaim, ...]:
    """Mileage the warranty recorded on the unit's earlier work orders."""
    if claim.asset_id is None:
        return ()
    rows = (
        Entitlement.objects.filter(
            work_order__asset_id=claim.asset_id,
            work_order__created_at__lt=claim.work_order.created_at,
            mileage_km__isnull=False,
        )
        .values_list("work_order__number", "mileage_km")
        .order_by("work_order__created_at")
    )
    return tuple(EarlierClaim(number, False, False, None, km) for number, km in rows)


def _reused_photos(claim: Claim, photos: list[ClaimPhoto]) -> tuple[tuple[str, str], ...]:
    by_hash = {p.sha256: p.original_name for p in photos}
    others = (
        ClaimPhoto.objects.filter(sha256__in=list(by_hash))
        .exclude(claim_id=claim.pk)
        .exclude(claim__status=ClaimStatus.CANCELLED)
        .values_list("sha256", "claim__number")
        .order_by("id")
    )
    return tuple((by_hash[sha], number) for sha, number in others)


def _pre_authorisation(claim: Claim) -> PreAuthFacts | None:
    pa = claim.pre_authorisation
    if pa is None:
        return None
    return PreAuthFacts(
        number=pa.number,
        granted=pa.status == PreAuthorisationStatus.GRANTED,
        amount_limit=pa.amount_limit,
        granted_on=timezone.localdate(pa.decided_at) if pa.decided_at else None,
    )


def _entitlement(claim: Claim) -> tuple[bool | None, str]:
    """(covered, outcome code); covered is None while no decision is recorded."""
    entitlement = entitlement_for(claim.work_order)
    if entitlement is None or not entitlement.decided:
        return None, ""
    return entitlement.covered, entitlement.outcome


def claim_facts(claim: Claim, *, terms: Terms, on: date) -> ClaimFacts:
    lines = list(claim.lines.select_related("operation", "part").order_by("id"))
    photos = list(claim.photos.all())
    part_ids = {line.part_id for line in lines if line.kind == LineKind.PART and line.part_id}
    covered, outcome = _entitlement(claim)
    order = claim.work_order
    return ClaimFacts(
        type=claim.type,
        total=claim.total_amount,
        terms=terms,
        lines=_line_facts(
            lines,
            fitting_parts(claim.product_model_id, part_ids),
            claim.type == ClaimType.OUTSIDE_PURCHASE,
        ),
        submitted_on=on,
        completed_on=timezone.localdate(order.completed_at) if order.completed_at else None,
        repair_date=claim.repair_date,
        mileage_km=claim.mileage_km,
        serial=claim.serial,
        model_code=claim.product_model.code if claim.product_model else "",
        entitlement_covered=covered,
        entitlement_outcome=outcome,
        photo_kinds=frozenset(p.kind for p in photos),
        reused_photos=_reused_photos(claim, photos),
        earlier_claims=_earlier_claims(claim) + _earlier_orders(claim),
        pre_authorisation=_pre_authorisation(claim),
    )


def screen(claim: Claim, *, on: date, terms: Terms | None = None) -> list[Finding]:
    """The claim's findings as if it were submitted on `on`."""
    terms = terms or terms_for(claim.station, claim.manufacturer_id)
    return run_checks(claim_facts(claim, terms=terms, on=on), check_modes(claim.manufacturer_id))
