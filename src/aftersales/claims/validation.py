"""What a claim's header and lines may hold: each check a field error before anything is written.

Quantities and prices use the work-order lines' business limits (settings `LINE_MAX_QUANTITY`,
`LINE_MAX_UNIT_PRICE`, `WORK_ORDER_MAX_TOTAL`) inside the columns' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part
from aftersales.claims.choices import ClaimType
from aftersales.core import clock
from aftersales.core.errors import Invalid, field_error, lazy_message
from aftersales.core.validators import clean_text
from aftersales.workorders import limits

# No vehicle in service has run two million kilometres; a larger number is a typo.
MAX_MILEAGE_KM = 2_000_000
MAX_MARKUP_PERCENT = Decimal("100.00")
EARLIEST_DATE = date(2000, 1, 1)


def claim_type(value: str) -> str:
    if value not in ClaimType.values:
        raise field_error("type", _("Unknown claim type."))
    return value


def mileage(value: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise field_error("mileage_km", _("Enter the mileage in whole kilometres."))
    if value > MAX_MILEAGE_KM:
        raise field_error(
            "mileage_km", lazy_message(_("At most %(limit)s km."), limit=MAX_MILEAGE_KM)
        )
    return value


def money_at_least_zero(value: object, field: str) -> Decimal:
    """A fee that may be zero (a call-out fee), else as a unit price."""
    if str(value).strip() in ("0", "0.0", "0.00"):
        return Decimal("0.00")
    return limits.unit_price(value, field=field)


def markup(value: object) -> Decimal:
    field = "markup_percent"
    if str(value).strip() in ("0", "0.0", "0.00"):
        return Decimal("0.00")
    number = limits.unit_price(value, field=field)
    if number > MAX_MARKUP_PERCENT:
        raise field_error(field, _("A markup of at most 100 %."))
    return number


def claim_total(total: Decimal, field: str = "quantity") -> None:
    limit = limits.max_order_total()
    if total > limit:
        raise field_error(
            field,
            lazy_message(
                _("The claim's total would be ¥%(total)s; the limit is ¥%(limit)s."),
                total=total,
                limit=limit,
            ),
        )


@dataclass
class Header:
    """The header fields a station fills in, cleaned."""

    causal_part: Part | None = None
    fault_code: str = ""
    symptom: str = ""
    mileage_km: int | None = None
    failure_date: date | None = None
    repair_date: date | None = None


def header(
    *,
    manufacturer_id: int | None,
    causal_part: Part | None,
    fault_code: str,
    symptom: str,
    mileage_km: int | None,
    failure_date: date | None,
    repair_date: date | None,
) -> Header:
    """Every field error of a header at once, the first as the message."""
    errors: dict[str, Any] = {}

    def collect(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Invalid as exc:
            errors.update(exc.fields)
            return None

    if causal_part is not None and causal_part.manufacturer_id != manufacturer_id:
        errors["causal_part_id"] = _("This part belongs to another manufacturer.")
    code = collect(clean_text, fault_code, field="fault_code", max_length=32, single_line=True)
    text = collect(clean_text, symptom, field="symptom", max_length=2000)
    km = collect(mileage, mileage_km)
    today = timezone.localdate(clock.now())
    for field, day in (("failure_date", failure_date), ("repair_date", repair_date)):
        if day is not None and not EARLIEST_DATE <= day <= today:
            errors[field] = _("Enter a date between 2000-01-01 and today.")
    if failure_date and repair_date and repair_date < failure_date and "repair_date" not in errors:
        errors["repair_date"] = _("The repair cannot come before the failure.")
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)
    return Header(causal_part, code or "", text or "", km, failure_date, repair_date)
