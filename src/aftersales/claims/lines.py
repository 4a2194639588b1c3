"""A claim's lines: priced from the catalogue and the contract terms, added, corrected or removed
while the claim is a draft or returned for correction, every change audited on the claim."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import LabourOperation, Part
from aftersales.claims import pricing, validation
from aftersales.claims.choices import ClaimType, LineKind
from aftersales.claims.models import Claim, ClaimLine
from aftersales.claims.terms import Terms, terms_for
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core import clock
from aftersales.core.access import require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.models import User
from aftersales.core.transitions import lock_record
from aftersales.core.validators import clean_text
from aftersales.workorders import limits

ONE = Decimal("1.00")


@dataclass
class LineInput:
    """What the station states for a line; prices left `None` come from the terms."""

    kind: str
    quantity: object = None
    operation: LabourOperation | None = None
    part: Part | None = None
    unit_price: object = None
    markup_percent: object = None
    call_out_fee: object = None
    invoice_number: str = ""
    description: str = ""


def lock_editable(claim: Claim, actor: User | None, expected_version: int | None = None) -> Claim:
    locked = lock_record(Claim, claim.pk, expected_version)
    if actor is not None:
        require(actor, "claim:edit", locked, _("You may not change this claim."))
    if not CLAIM_FLOW.in_group(locked.status, "editable"):
        raise Conflict(
            _("A claim can be changed only as a draft or when returned for correction."),
            state=locked.status,
        )
    return locked


def _same_maker(claim: Claim, item: Any, field: str) -> None:
    if item is not None and item.manufacturer_id != claim.manufacturer_id:
        raise field_error(field, _("This belongs to another manufacturer."))


def _labour(claim: Claim, data: LineInput, terms: Terms) -> dict[str, Any]:
    if data.operation is None:
        raise field_error("operation_id", _("Choose a labour operation."))
    _same_maker(claim, data.operation, "operation_id")
    hours = limits.quantity(data.quantity, whole_units=False)
    rate = terms.labour_rate if data.unit_price is None else limits.unit_price(data.unit_price)
    model = claim.product_model
    coefficient = model.complexity_coefficient if model else ONE
    return {
        "operation": data.operation,
        "standard_hours": data.operation.standard_hours,
        "quantity": hours,
        "unit_price": rate,
        "coefficient": coefficient,
        "description": data.description or data.operation.name,
        "amount": pricing.labour_amount(hours, rate, coefficient),
    }


def _part(claim: Claim, data: LineInput, terms: Terms) -> dict[str, Any]:
    _same_maker(claim, data.part, "part_id")
    if claim.type == ClaimType.OUTSIDE_PURCHASE:
        # Bought locally: paid at the invoice, which the line must name.
        if not data.invoice_number.strip():
            raise field_error("invoice_number", _("Enter the invoice number of the purchase."))
        if data.unit_price is None:
            raise field_error("unit_price", _("Enter the unit price on the invoice."))
        if data.part is None and not data.description.strip():
            raise field_error("description", _("Name the part bought."))
        whole = data.part.counted_in_whole_units if data.part else False
        units = limits.quantity(data.quantity, whole_units=whole)
        price = limits.unit_price(data.unit_price)
        fields: dict[str, Any] = {"list_price": None, "markup_percent": None}
    else:
        if data.part is None:
            raise field_error("part_id", _("Choose a part."))
        if data.unit_price is not None:
            raise field_error(
                "unit_price", _("A part is paid at the price list plus the handling markup.")
            )
        units = limits.quantity(data.quantity, whole_units=data.part.counted_in_whole_units)
        markup = (
            terms.handling_markup_percent
            if data.markup_percent is None
            else validation.markup(data.markup_percent)
        )
        price = pricing.marked_up(data.part.unit_price, markup)
        fields = {"list_price": data.part.unit_price, "markup_percent": markup}
    return {
        **fields,
        "part": data.part,
        "quantity": units,
        "unit_price": price,
        "invoice_number": clean_text(
            data.invoice_number, field="invoice_number", max_length=40, single_line=True
        ),
        "description": data.description or (data.part.name if data.part else ""),
        "amount": pricing.part_amount(units, price),
    }


def _travel(data: LineInput, terms: Terms) -> dict[str, Any]:
    km = limits.quantity(data.quantity, whole_units=False)
    rate = (
        terms.travel_rate_per_km if data.unit_price is None else limits.unit_price(data.unit_price)
    )
    fee = (
        terms.call_out_fee
        if data.call_out_fee is None
        else validation.money_at_least_zero(data.call_out_fee, "call_out_fee")
    )
    return {
        "quantity": km,
        "unit_price": rate,
        "call_out_fee": fee,
        "description": data.description or str(_("Travel and call-out")),
        "amount": pricing.travel_amount(km, rate, fee),
    }


def _other(data: LineInput) -> dict[str, Any]:
    if not data.description.strip():
        raise field_error("description", _("Describe what is claimed."))
    if data.unit_price is None:
        raise field_error("unit_price", _("Enter the amount."))
    amount = limits.unit_price(data.unit_price)
    return {
        "quantity": ONE,
        "unit_price": amount,
        "description": data.description,
        "amount": amount,
    }


def price_line(claim: Claim, data: LineInput, terms: Terms) -> dict[str, Any]:
    """The line's fields, every input checked (a field error names the first one wrong)."""
    if data.kind not in LineKind.values:
        raise field_error("kind", _("Unknown line kind."))
    data.description = clean_text(
        data.description, field="description", max_length=200, single_line=True
    )
    if data.kind == LineKind.LABOUR:
        fields = _labour(claim, data, terms)
    elif data.kind == LineKind.PART:
        fields = _part(claim, data, terms)
    elif data.kind == LineKind.TRAVEL:
        fields = _travel(data, terms)
    else:
        fields = _other(data)
    limits.line_amount(fields["amount"])
    fields["description"] = str(fields["description"])[:200]
    return {"kind": data.kind, **fields}


def recompute_totals(claim: Claim) -> None:
    sums = pricing.totals(claim.lines.values_list("kind", "amount"))
    claim.labour_amount, claim.parts_amount = sums.labour, sums.parts
    claim.travel_amount, claim.other_amount = sums.travel, sums.other
    claim.total_amount = sums.total
    validation.claim_total(claim.total_amount)
    claim.version += 1
    claim.updated_at = clock.now()
    claim.save()


def claim_add_line(*, claim: Claim, actor: User, data: LineInput) -> ClaimLine:
    with transaction.atomic():
        locked = lock_editable(claim, actor)
        fields = price_line(locked, data, terms_for(locked.station, locked.manufacturer_id))
        line = ClaimLine.objects.create(claim=locked, created_at=clock.now(), **fields)
        recompute_totals(locked)
        record_event(
            record=locked,
            verb="claim.line_added",
            actor=actor,
            data={
                "line": line.pk,
                "kind": line.kind,
                "description": line.description,
                "amount": str(line.amount),
            },
        )
    line.claim = locked
    return line


def _line_of(claim: Claim, pk: int) -> ClaimLine:
    line = ClaimLine.objects.select_related("operation", "part").filter(pk=pk, claim=claim).first()
    if line is None:
        raise NotFound(_("This line is no longer on the claim."))
    return line


def _as_input(line: ClaimLine) -> LineInput:
    """A line's own values as input: a correction changes only what it names."""
    return LineInput(
        kind=line.kind,
        quantity=line.quantity,
        operation=line.operation,
        part=line.part,
        unit_price=(
            None if line.kind == LineKind.PART and line.list_price is not None else line.unit_price
        ),
        markup_percent=line.markup_percent,
        call_out_fee=line.call_out_fee,
        invoice_number=line.invoice_number,
        description=line.description,
    )


CHANGEABLE = (
    "quantity",
    "unit_price",
    "markup_percent",
    "call_out_fee",
    "invoice_number",
    "description",
)


def claim_change_line(*, line: ClaimLine, actor: User, changes: dict[str, Any]) -> ClaimLine:
    """Correct a line's quantity, prices, invoice or description (what `changes` names)."""
    changes = {k: v for k, v in changes.items() if k in CHANGEABLE and v is not None}
    if not changes:
        raise field_error("quantity", _("Change at least one field of the line."))
    with transaction.atomic():
        locked = lock_editable(line.claim, actor)
        line = _line_of(locked, line.pk)
        data = _as_input(line)
        for key, value in changes.items():
            setattr(data, key, value)
        before = {"quantity": str(line.quantity), "amount": str(line.amount)}
        fields = price_line(locked, data, terms_for(locked.station, locked.manufacturer_id))
        for key, value in fields.items():
            setattr(line, key, value)
        line.save()
        recompute_totals(locked)
        record_event(
            record=locked,
            verb="claim.line_changed",
            actor=actor,
            data={
                "line": line.pk,
                "description": line.description,
                "before": before,
                "after": {"quantity": str(line.quantity), "amount": str(line.amount)},
            },
        )
    line.claim = locked
    return line


def claim_remove_line(*, line: ClaimLine, actor: User) -> Claim:
    with transaction.atomic():
        locked = lock_editable(line.claim, actor)
        line = _line_of(locked, line.pk)
        data = {
            "line": line.pk,
            "kind": line.kind,
            "description": line.description,
            "amount": str(line.amount),
        }
        line.delete()
        recompute_totals(locked)
        record_event(record=locked, verb="claim.line_removed", actor=actor, data=data)
    return locked
