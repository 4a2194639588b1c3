"""The manufacturer's decision on a submitted claim: approve, approve in part (line by line, an
adjusted quantity or amount with a reason code), reject (a reason code), or return it for
correction (退单重报) with comments. Each is the claim machine's transition and its audit event,
the line adjustments in the event's data. Two reviewers at once: the second finds the claim
decided and gets 409.

Approval in part: a line named in the adjustments is approved at its adjusted quantity (repriced
with the line's own prices, `pricing.line_amount`) or at the stated amount; every other line in
full. An adjustment never exceeds the claim, and a result of ¥0.00 is a rejection, not an
approval in part.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.claims import pricing
from aftersales.claims.choices import AdjustReason, Decision, LineKind, RejectReason
from aftersales.claims.models import Claim, ClaimLine
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core.access import principal_for
from aftersales.core.errors import Invalid, field_error
from aftersales.core.models import User
from aftersales.core.transitions import apply_transition, lock_record
from aftersales.core.validators import clean_text
from aftersales.workorders import limits

ZERO = Decimal("0.00")


@dataclass
class Adjustment:
    line_id: int
    reason_code: str
    approved_quantity: object = None
    approved_amount: object = None
    comment: str = ""


@dataclass(frozen=True)
class Verdict:
    line: ClaimLine
    quantity: Decimal | None
    amount: Decimal
    reason_code: str = ""
    comment: str = ""


def _zero(value: object) -> bool:
    return str(value).strip() in ("0", "0.0", "0.00")


def _approved_quantity(value: object, field: str) -> Decimal:
    return ZERO if _zero(value) else limits.quantity(value, whole_units=False, field=field)


def _approved_amount(value: object, field: str) -> Decimal:
    return ZERO if _zero(value) else limits.unit_price(value, field=field)


def _verdict(line: ClaimLine, adj: Adjustment, at: str) -> Verdict:
    if adj.reason_code not in AdjustReason.values:
        raise field_error(f"{at}.reason_code", _("Choose the reason for the adjustment."))
    comment = clean_text(adj.comment, field=f"{at}.comment", max_length=500)
    if (adj.approved_quantity is None) == (adj.approved_amount is None):
        raise field_error(
            f"{at}.approved_quantity", _("State either the approved quantity or the amount.")
        )
    if adj.approved_quantity is not None:
        field = f"{at}.approved_quantity"
        quantity = _approved_quantity(adj.approved_quantity, field)
        if quantity >= line.quantity:
            raise field_error(field, _("Approve less than was claimed, or approve the line."))
        if line.part and line.part.counted_in_whole_units and quantity != quantity.to_integral():
            raise field_error(field, _("This part is counted in whole units."))
        if line.kind == LineKind.OTHER:
            raise field_error(field, _("State the approved amount of this line."))
        amount = pricing.line_amount(
            line.kind,
            quantity,
            line.unit_price,
            coefficient=line.coefficient,
            call_out_fee=line.call_out_fee if quantity else ZERO,
        )
        return Verdict(line, quantity, amount, adj.reason_code, comment)
    field = f"{at}.approved_amount"
    amount = _approved_amount(adj.approved_amount, field)
    if amount >= line.amount:
        raise field_error(field, _("Approve less than was claimed, or approve the line."))
    return Verdict(line, None, amount, adj.reason_code, comment)


def verdicts(claim: Claim, adjustments: list[Adjustment]) -> list[Verdict]:
    """Every line's approved amount under these adjustments (field errors name the entry)."""
    lines = {line.pk: line for line in claim.lines.select_related("part").order_by("id")}
    named: dict[int, Verdict] = {}
    for index, adj in enumerate(adjustments):
        at = f"lines.{index}"
        line = lines.get(adj.line_id)
        if line is None:
            raise field_error(f"{at}.line_id", _("This line is not on the claim."))
        if line.pk in named:
            raise field_error(f"{at}.line_id", _("Each line once."))
        named[line.pk] = _verdict(line, adj, at)
    return [
        named.get(pk) or Verdict(line, line.quantity, line.amount) for pk, line in lines.items()
    ]


def approve_lines(claim: Claim, result: list[Verdict] | None = None) -> None:
    """Store each line's approved quantity and amount (every line in full without `result`)."""
    result = result if result is not None else verdicts(claim, [])
    for v in result:
        v.line.approved_quantity = v.quantity
        v.line.approved_amount = v.amount
        v.line.adjust_reason = v.reason_code
        v.line.adjust_comment = v.comment
    ClaimLine.objects.bulk_update(
        [v.line for v in result],
        ["approved_quantity", "approved_amount", "adjust_reason", "adjust_comment"],
    )


def _clear_lines(claim: Claim, amount: Decimal | None) -> None:
    claim.lines.update(
        approved_quantity=None, approved_amount=amount, adjust_reason="", adjust_comment=""
    )


def _decide(
    locked: Claim, decision: str, reason_code: str, comment: str, adjustments: list[Adjustment]
) -> tuple[dict[str, Any], list[Verdict] | None]:
    """(transition parameters, line verdicts) of a decision, or the field error."""
    if decision != Decision.APPROVE_IN_PART and adjustments:
        raise field_error("lines", _("Line adjustments belong to an approval in part."))
    if decision == Decision.REJECT:
        if reason_code not in RejectReason.values:
            raise field_error("reason_code", _("Choose the reason for the rejection."))
        return {"reason_code": reason_code, "approved_amount": ZERO}, None
    if reason_code and reason_code not in RejectReason.values:
        raise field_error("reason_code", _("Unknown reason code."))
    if decision == Decision.RETURN:
        return {"reason_code": reason_code}, None
    if decision == Decision.APPROVE:
        return {"reason_code": reason_code, "approved_amount": locked.total_amount}, None
    if not adjustments:
        raise field_error("lines", _("Adjust at least one line, or approve the claim."))
    result = verdicts(locked, adjustments)
    approved = pricing.money(sum((v.amount for v in result), ZERO))
    if approved <= ZERO:
        raise field_error("lines", _("Nothing is left to approve: reject the claim instead."))
    return {"reason_code": reason_code, "approved_amount": approved}, result


def claim_review(
    *,
    claim: Claim,
    actor: User,
    decision: str,
    reason_code: str = "",
    comment: str = "",
    adjustments: list[Adjustment] | None = None,
    expected_version: int | None = None,
) -> Claim:
    if decision not in Decision.values:
        raise field_error("decision", _("Unknown decision."))
    comment = clean_text(comment, field="comment", max_length=2000)
    adjustments = adjustments or []
    with transaction.atomic():
        locked = lock_record(Claim, claim.pk, expected_version)
        try:
            CLAIM_FLOW.check(locked, decision, principal_for(actor), comment)
        except Invalid as exc:
            raise field_error("comment", exc.message) from exc
        params, result = _decide(locked, decision, reason_code, comment, adjustments)
        data = {
            "adjustments": [
                {
                    "line": v.line.pk,
                    "description": v.line.description,
                    "claimed": str(v.line.amount),
                    "approved": str(v.amount),
                    "approved_quantity": None if v.quantity is None else str(v.quantity),
                    "reason_code": v.reason_code,
                }
                for v in (result or [])
                if v.reason_code
            ]
        }
        # The lines' verdicts first: the machine's subscribers (settlement's old parts) read them.
        if decision == Decision.APPROVE:
            approve_lines(locked)
        elif decision == Decision.APPROVE_IN_PART:
            approve_lines(locked, result)
        else:
            _clear_lines(locked, ZERO if decision == Decision.REJECT else None)
        apply_transition(locked, decision, actor=actor, reason=comment, data=data, **params)
    return locked
