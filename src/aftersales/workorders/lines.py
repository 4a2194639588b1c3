"""A work order's labour and part lines: priced, bounded, corrected or removed while the order is
open, every change audited on the order with the new totals. Each line has a payer: the
registered default (`payers.py`) when it is added, or what staff set with a reason."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import LabourOperation, Part
from aftersales.core import clock
from aftersales.core.access import require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.models import User
from aftersales.core.transitions import lock_record
from aftersales.core.validators import clean_text
from aftersales.workorders import limits, payers, pricing
from aftersales.workorders.choices import LineKind, Payer
from aftersales.workorders.models import WorkOrder, WorkOrderLine
from aftersales.workorders.workflow import WORK_ORDER_FLOW

# A station without its own hourly rate bills the network's default (yuan per hour).
DEFAULT_LABOUR_RATE = Decimal("80.00")


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
        amount = pricing.labour_amount(hours, rate, coefficient)
        limits.line_amount(amount)
        return hours, rate, coefficient, amount
    if part is None:
        raise field_error("part_id", _("Choose a part."))
    if order.manufacturer_id and part.manufacturer_id != order.manufacturer_id:
        raise field_error("part_id", _("This part belongs to another manufacturer."))
    units = limits.quantity(quantity, whole_units=part.counted_in_whole_units)
    price = limits.unit_price(unit_price) if unit_price is not None else part.unit_price
    amount = pricing.part_amount(units, price)
    limits.line_amount(amount)
    return units, price, Decimal("1.00"), amount


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
        payer = payers.default_payer(order, kind)
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
            payer=payer.payer,
            payer_basis=payer.basis,
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
                "payer": line.payer,
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
        line = _line_of(order, line.pk)
        if quantity is None and unit_price is None:
            raise field_error("quantity", _("Change the quantity or the price."))
        before = {"quantity": str(line.quantity), "unit_price": str(line.unit_price)}
        units, price, _coefficient, amount = _price_line(
            order,
            kind=line.kind,
            quantity=line.quantity if quantity is None else quantity,
            operation=line.operation,
            part=line.part,
            unit_price=line.unit_price if unit_price is None else unit_price,
        )
        limits.order_total(
            order.total - line.amount + amount,
            field="quantity" if quantity is not None else "unit_price",
        )
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
        line = _line_of(order, line.pk)
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


def work_order_line_payer_set(
    *, order: WorkOrder, line_id: int, actor: User, payer: str, reason: str
) -> WorkOrderLine:
    """Set who pays a line, overriding the default, on an order the caller has locked and after
    the caller checked who may (warranty's `work_order_line_payer_override` asks
    `warranty:payer`): refused once the order is no longer open; audited with the reason."""
    if payer not in Payer.values:
        raise field_error("payer", _("Unknown payer."))
    if not WORK_ORDER_FLOW.in_group(order.status, "editable"):
        raise Conflict(
            _("The payer can be changed only on an accepted, open work order."),
            state=order.status,
        )
    line = _line_of(order, line_id)
    before = {"payer": line.payer, "overridden": line.payer_overridden}
    line.payer, line.payer_reason, line.payer_overridden = payer, reason, True
    line.save(update_fields=["payer", "payer_reason", "payer_overridden"])
    record_event(
        record=order,
        verb="work_order.line_payer_changed",
        actor=actor,
        reason=reason,
        data={
            "line": line.pk,
            "description": line.description,
            "before": before,
            "after": {"payer": payer, "overridden": True},
            "amount": str(line.amount),
        },
    )
    return line


def _line_of(order: WorkOrder, pk: int) -> WorkOrderLine:
    """The line again, under the order's lock: someone may have removed it meanwhile (a double
    tap on "remove")."""
    line = (
        WorkOrderLine.objects.select_related("operation", "part")
        .filter(pk=pk, work_order=order)
        .first()
    )
    if line is None:
        raise NotFound(_("This line is no longer on the work order."))
    return line


def _recompute_totals(order: WorkOrder) -> None:
    labour, parts, total = pricing.totals(order.lines.values_list("kind", "amount"))
    order.labour_total, order.parts_total, order.total = labour, parts, total
    order.updated_at = clock.now()
    order.save(update_fields=["labour_total", "parts_total", "total", "updated_at"])
