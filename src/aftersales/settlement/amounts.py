"""Amounts typed by people (a corrected line, a penalty, a payment): Decimal to the fen, within
business limits, or a field error that says which."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import field_error

LIMIT = Decimal("10000000.00")


def amount(
    value: object, *, field: str, allow_negative: bool = True, allow_zero: bool = False
) -> Decimal:
    if value is None or str(value).strip() == "":
        raise field_error(field, _("Enter an amount."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise field_error(field, _("Enter an amount.")) from None
    if not number.is_finite():
        raise field_error(field, _("Enter an amount."))
    if number != number.quantize(Decimal("0.01")):
        raise field_error(field, _("At most 2 decimal places (fen)."))
    if abs(number) > LIMIT:
        raise field_error(field, _("At most ¥10,000,000.00."))
    if number < 0 and not allow_negative:
        raise field_error(field, _("Enter an amount that is not negative."))
    if number == 0 and not allow_zero:
        raise field_error(field, _("Enter an amount other than zero."))
    return number.quantize(Decimal("0.01"))
