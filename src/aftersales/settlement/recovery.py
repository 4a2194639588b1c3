"""Supplier recovery (追偿) writes: the month's approved claims whose causal part (主因件) has a
supplier become recovery claims to that supplier, one per supplier and month (a later run adds
to it while the supplier has not answered it; once answered, confirmed or disputed and revised,
its amount is settled between the two sides and the month's later claims go on a new one); a
recovery is made only for a claim that owes more than ¥0, never empty; the supplier confirms or
disputes; the manufacturer revises a disputed one and records what comes back.

The supplier answers for the failure of its part, so a claim whose causal part came back and
was found not faulty (故障不确认), or did not come back (missing, wrong part), is not recovered:
there is nothing to hold against the supplier. A finding made after the month's recovery was
issued is the supplier's ground to dispute it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from aftersales.claims.choices import ClaimStatus
from aftersales.claims.models import Claim, ClaimLine
from aftersales.core import clock
from aftersales.core.access import principal_for, require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, NotAllowed, field_error
from aftersales.core.models import Organisation, User
from aftersales.core.numbering import next_monthly_number
from aftersales.core.transitions import apply_transition, lock_record
from aftersales.core.validators import clean_text
from aftersales.settlement import amounts
from aftersales.settlement.choices import Inspection, RecoveryStatus
from aftersales.settlement.models import OldPart, RecoveryLine, SupplierRecovery, SupplierTerms
from aftersales.settlement.money import ZERO, RecoveryTerms, money, recovery_amounts
from aftersales.settlement.periods import end_of

RECOVERABLE = (ClaimStatus.APPROVED, ClaimStatus.PARTIALLY_APPROVED, ClaimStatus.SETTLED)
# What the receiver found on the causal part that leaves the supplier nothing to answer for.
NOT_HELD_AGAINST_SUPPLIER = (
    Inspection.FAULT_NOT_CONFIRMED,
    Inspection.MISSING,
    Inspection.WRONG_PART,
)


def _terms(manufacturer_id: int, supplier_id: int) -> RecoveryTerms:
    row = SupplierTerms.objects.filter(
        manufacturer_id=manufacturer_id, supplier_id=supplier_id
    ).first()
    if row is None:
        return RecoveryTerms()
    return RecoveryTerms(
        row.parts_share_percent, row.labour_share_percent, row.handling_fee_percent
    )


def _claim_amounts(claim_ids: list[int], supplier_of: dict[int, int]) -> dict[int, list[Decimal]]:
    """Per claim: [approved parts of the responsible supplier, approved labour]."""
    amounts_: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    rows = (
        ClaimLine.objects.filter(claim_id__in=claim_ids, approved_amount__isnull=False)
        .filter(Q(kind="labour") | Q(kind="part", part__supplier__isnull=False, invoice_number=""))
        .values("claim_id", "kind", "part__supplier_id")
        .annotate(total=Sum("approved_amount"))
        .order_by()
    )
    for r in rows:
        if r["kind"] == "labour":
            amounts_[r["claim_id"]][1] += money(r["total"])
        elif r["part__supplier_id"] == supplier_of[r["claim_id"]]:
            amounts_[r["claim_id"]][0] += money(r["total"])
    return amounts_


def recoveries_generate(
    *, manufacturer: Organisation, period: date, actor: User | None
) -> list[SupplierRecovery]:
    if actor is not None:
        require(actor, "recovery:generate")
        p = principal_for(actor)
        if not p.is_superuser and p.organisation_id != manufacturer.pk:
            raise NotAllowed(_("You may recover only for your own manufacturer."))
    with transaction.atomic():
        # One run per manufacturer at a time, without queueing the writes that merely refer to
        # the manufacturer (see generation.settlements_generate).
        Organisation.objects.select_for_update(no_key=True).filter(pk=manufacturer.pk).first()
        claims = list(
            Claim.objects.filter(
                manufacturer_id=manufacturer.pk,
                status__in=RECOVERABLE,
                decided_at__lt=end_of(period),
                causal_part__supplier__isnull=False,
                recovery_line__isnull=True,
            )
            .exclude(
                Exists(
                    OldPart.objects.filter(
                        claim_id=OuterRef("pk"),
                        part_id=OuterRef("causal_part_id"),
                        inspection__in=NOT_HELD_AGAINST_SUPPLIER,
                    )
                )
            )
            .order_by("pk")
            .values_list("pk", "number", "causal_part__number", "causal_part__supplier_id")
        )
        supplier_of = {c[0]: c[3] for c in claims}
        figures = _claim_amounts(list(supplier_of), supplier_of)
        by_supplier: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for pk, number, part_number, supplier_id in claims:
            by_supplier[supplier_id].append((pk, number, part_number))
        now = clock.now()
        touched = []
        for supplier_id in sorted(by_supplier):
            terms = _terms(manufacturer.pk, supplier_id)
            lines = []
            for pk, number, part_number in by_supplier[supplier_id]:
                parts, labour = figures[pk]
                owed = recovery_amounts(parts, labour, terms)
                if owed.total <= 0:
                    continue
                lines.append(
                    RecoveryLine(
                        claim_id=pk,
                        reference=number,
                        part_number=part_number,
                        claim_parts=parts,
                        claim_labour=labour,
                        parts_amount=owed.parts,
                        labour_amount=owed.labour,
                        handling_fee=owed.handling_fee,
                        amount=owed.total,
                    )
                )
            if not lines:
                continue  # nothing owed: no recovery of ¥0 is sent
            recovery = _open_recovery(manufacturer, supplier_id, period)
            if recovery is None:
                recovery = SupplierRecovery.objects.create(
                    number=next_monthly_number("RC"),
                    period=period,
                    manufacturer=manufacturer,
                    supplier_id=supplier_id,
                    parts_share_percent=terms.parts_share_percent,
                    labour_share_percent=terms.labour_share_percent,
                    handling_fee_percent=terms.handling_fee_percent,
                    created_at=now,
                    updated_at=now,
                )
            for line in lines:
                line.recovery = recovery
            RecoveryLine.objects.bulk_create(lines)
            _refresh(recovery)
            record_event(
                record=recovery,
                verb="supplier_recovery.generated",
                actor=actor,
                to_state=recovery.status,
                data={"claims": len(lines), "total": str(recovery.total_amount)},
            )
            touched.append(recovery)
    return touched


def _open_recovery(
    manufacturer: Organisation, supplier_id: int, period: date
) -> SupplierRecovery | None:
    """The supplier's recovery of the month that may still take claims: issued and never
    answered. Once the supplier has confirmed or disputed it (a revised one is issued again,
    answered), its amount is what the two sides discussed: adding claims and recomputing it
    from the lines would undo a revision, so the month's later claims go on a new one."""
    return (
        SupplierRecovery.objects.select_for_update()
        .filter(
            manufacturer=manufacturer,
            supplier_id=supplier_id,
            period=period,
            status=RecoveryStatus.ISSUED,
            responded_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def _refresh(recovery: SupplierRecovery) -> None:
    sums = recovery.lines.aggregate(
        p=Sum("parts_amount"), lab=Sum("labour_amount"), fee=Sum("handling_fee"), t=Sum("amount")
    )
    # SQLite sums decimals as floating point: back to the fen.
    recovery.parts_amount = money(sums["p"] or ZERO)
    recovery.labour_amount = money(sums["lab"] or ZERO)
    recovery.handling_fee = money(sums["fee"] or ZERO)
    recovery.total_amount = money(sums["t"] or ZERO)
    recovery.updated_at = clock.now()
    recovery.save()


def recovery_respond(
    *,
    recovery: SupplierRecovery,
    actor: User,
    confirm: bool,
    reason: str = "",
    expected_version: int | None = None,
) -> SupplierRecovery:
    """The supplier confirms what it owes, or disputes it with a reason."""
    reason = clean_text(reason, field="reason", max_length=500)
    with transaction.atomic():
        locked = lock_record(SupplierRecovery, recovery.pk, expected_version)
        apply_transition(locked, "confirm" if confirm else "dispute", actor=actor, reason=reason)
    return locked


def recovery_revise(
    *,
    recovery: SupplierRecovery,
    actor: User,
    reason: str,
    total_amount: object = None,
    expected_version: int | None = None,
) -> SupplierRecovery:
    """The manufacturer answers a dispute: the amount it now asks (or the same), sent again."""
    reason = clean_text(reason, field="reason", max_length=500)
    with transaction.atomic():
        locked = lock_record(SupplierRecovery, recovery.pk, expected_version)
        params: dict[str, object] = {}
        if total_amount is not None:
            value = amounts.amount(total_amount, field="total_amount", allow_negative=False)
            if value > locked.total_amount:
                raise field_error("total_amount", _("Ask at most what the claims add up to."))
            params["total_amount"] = value
        apply_transition(locked, "revise", actor=actor, reason=reason, **params)  # type: ignore[arg-type]
    return locked


def recovery_record_payment(
    *, recovery: SupplierRecovery, actor: User, amount: object, reference: str = ""
) -> SupplierRecovery:
    """What the supplier paid (or was offset); recovered in full closes the recovery."""
    reference = clean_text(reference, field="reference", max_length=60, single_line=True)
    with transaction.atomic():
        locked = lock_record(SupplierRecovery, recovery.pk)
        require(actor, "recovery:record_payment", locked)
        if locked.status != RecoveryStatus.CONFIRMED:
            raise Conflict(
                _("Record payments once the supplier has confirmed."), state=locked.status
            )
        value = amounts.amount(amount, field="amount", allow_negative=False)
        if value > locked.outstanding:
            raise field_error("amount", _("More than is outstanding."))
        locked.recovered_amount += value
        locked.version += 1
        locked.updated_at = clock.now()
        locked.save()
        record_event(
            record=locked,
            verb="supplier_recovery.payment",
            actor=actor,
            data={"amount": str(value), "reference": reference},
        )
        if locked.outstanding == 0:
            apply_transition(locked, "close", actor=actor)
    return locked
