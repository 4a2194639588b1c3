"""What a work-order line may hold: business limits (settings) inside the columns' own.

A line of 100,000 × 50,000 is a typo, not a repair, and a total past the column's twelve digits
broke every list that read it back (issue 7). Each check answers a field error before anything
is written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import field_error, lazy_message
from aftersales.core.validators import PLAIN_NUMBER_RE

# The columns: quantity numeric(10, 2), prices and amounts numeric(12, 2).
COLUMN_MAX_QUANTITY = Decimal("99999999.99")
COLUMN_MAX_MONEY = Decimal("9999999999.99")


def max_quantity() -> Decimal:
    return min(Decimal(settings.LINE_MAX_QUANTITY), COLUMN_MAX_QUANTITY)


def max_unit_price() -> Decimal:
    return min(Decimal(settings.LINE_MAX_UNIT_PRICE), COLUMN_MAX_MONEY)


def max_order_total() -> Decimal:
    return min(Decimal(settings.WORK_ORDER_MAX_TOTAL), COLUMN_MAX_MONEY)


def _number(value: object, field: str) -> Decimal:
    text = str(value).strip()
    if not PLAIN_NUMBER_RE.fullmatch(text):
        raise field_error(field, _("Enter a number."))
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise field_error(field, _("Enter a number.")) from None
    if not number.is_finite():
        raise field_error(field, _("Enter a number."))
    return number


def _at_most_cents(number: Decimal, field: str) -> None:
    if number != number.quantize(Decimal("0.01")):
        raise field_error(field, _("At most two decimal places."))


def quantity(value: object, *, whole_units: bool, field: str = "quantity") -> Decimal:
    number = _number(value, field)
    if number <= 0:
        raise field_error(field, _("Enter a quantity greater than zero."))
    limit = max_quantity()
    if number > limit:
        raise field_error(field, lazy_message(_("At most %(limit)s on one line."), limit=limit))
    _at_most_cents(number, field)
    if whole_units and number != number.to_integral_value():
        raise field_error(field, _("This part is counted in whole units."))
    return number.quantize(Decimal("0.01"))


def unit_price(value: object, *, field: str = "unit_price") -> Decimal:
    number = _number(value, field)
    if number <= 0:
        raise field_error(field, _("Enter a price greater than zero."))
    limit = max_unit_price()
    if number > limit:
        raise field_error(field, lazy_message(_("At most ¥%(limit)s."), limit=limit))
    _at_most_cents(number, field)
    return number.quantize(Decimal("0.01"))


def line_amount(amount: Decimal, *, field: str = "quantity") -> None:
    """A line worth nothing once rounded to the cent is a typo (0.01 h × ¥0.01)."""
    if amount <= 0:
        raise field_error(field, _("This line rounds to ¥0.00: check the quantity and the price."))


def order_total(total: Decimal, *, field: str = "quantity") -> None:
    """The order's total after the change stays within the business limit."""
    limit = max_order_total()
    if total > limit:
        raise field_error(
            field,
            lazy_message(
                _("The work order's total would be ¥%(total)s; the limit is ¥%(limit)s."),
                total=total,
                limit=limit,
            ),
        )
