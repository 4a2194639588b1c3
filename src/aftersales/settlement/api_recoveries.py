"""The supplier-recovery API (追偿): generate the month's recovery claims, the supplier's answer,
the manufacturer's revision and the amounts recovered."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from aftersales.core.access import acting_user
from aftersales.core.api_support import ERROR_RESPONSES, Id
from aftersales.core.errors import field_error
from aftersales.settlement import recovery, selectors
from aftersales.settlement.api_statements import manufacturer_for
from aftersales.settlement.periods import parse_month
from aftersales.settlement.schemas import (
    GenerateRecoveriesIn,
    RecoveryPaymentIn,
    RespondToRecoveryIn,
    ReviseRecoveryIn,
    SupplierRecoveryDetailOut,
    SupplierRecoveryOut,
)

router = Router(tags=["supplier recovery"])


@router.post(
    "/supplier-recoveries/generate",
    response={200: list[SupplierRecoveryOut], **ERROR_RESPONSES},
    operation_id="generate_supplier_recoveries",
)
def generate_supplier_recoveries(request: HttpRequest, payload: GenerateRecoveriesIn):
    """The month's approved claims whose causal part has a supplier become recovery claims to
    that supplier, one per supplier (its share of parts and labour and the handling fee)."""
    period = parse_month(payload.month)
    manufacturer = manufacturer_for(request, payload.manufacturer_id)
    return recovery.recoveries_generate(
        manufacturer=manufacturer, period=period, actor=acting_user(request)
    )


@router.get(
    "/supplier-recoveries",
    response={200: list[SupplierRecoveryOut], **ERROR_RESPONSES},
    operation_id="list_supplier_recoveries",
)
def list_supplier_recoveries(request: HttpRequest, month: str = "", status: str = ""):
    """Recovery claims you are party to: the manufacturer's, or (for a supplier) its own only."""
    period = parse_month(month) if month else None
    return list(selectors.recovery_list(request.user, month=period, status=status or None)[:500])


@router.get(
    "/supplier-recoveries/{recovery_id}",
    response={200: SupplierRecoveryDetailOut, **ERROR_RESPONSES},
    operation_id="get_supplier_recovery",
)
def get_supplier_recovery(request: HttpRequest, recovery_id: Id):
    return selectors.recovery_get(request.user, recovery_id)


@router.post(
    "/supplier-recoveries/{recovery_id}/respond",
    response={200: SupplierRecoveryDetailOut, **ERROR_RESPONSES},
    operation_id="respond_to_supplier_recovery",
)
def respond_to_supplier_recovery(
    request: HttpRequest, recovery_id: Id, payload: RespondToRecoveryIn
):
    """The supplier confirms what it owes, or disputes it with a reason."""
    if payload.decision not in ("confirm", "dispute"):
        raise field_error("decision", _("Choose confirm or dispute."))
    found = selectors.recovery_get(request.user, recovery_id)
    recovery.recovery_respond(
        recovery=found,
        actor=acting_user(request),
        confirm=payload.decision == "confirm",
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return selectors.recovery_get(request.user, recovery_id)


@router.post(
    "/supplier-recoveries/{recovery_id}/revise",
    response={200: SupplierRecoveryDetailOut, **ERROR_RESPONSES},
    operation_id="revise_supplier_recovery",
)
def revise_supplier_recovery(request: HttpRequest, recovery_id: Id, payload: ReviseRecoveryIn):
    """The manufacturer answers a dispute (the amount it now asks, or the same) and sends the
    recovery again."""
    found = selectors.recovery_get(request.user, recovery_id)
    recovery.recovery_revise(
        recovery=found,
        actor=acting_user(request),
        reason=payload.reason,
        total_amount=payload.total_amount,
        expected_version=payload.expected_version,
    )
    return selectors.recovery_get(request.user, recovery_id)


@router.post(
    "/supplier-recoveries/{recovery_id}/payments",
    response={200: SupplierRecoveryDetailOut, **ERROR_RESPONSES},
    operation_id="record_supplier_recovery_payment",
)
def record_supplier_recovery_payment(
    request: HttpRequest, recovery_id: Id, payload: RecoveryPaymentIn
):
    """What the supplier paid (or was offset); recovered in full closes the recovery."""
    found = selectors.recovery_get(request.user, recovery_id)
    recovery.recovery_record_payment(
        recovery=found,
        actor=acting_user(request),
        amount=payload.amount,
        reference=payload.reference,
    )
    return selectors.recovery_get(request.user, recovery_id)
