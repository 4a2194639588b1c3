from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from aftersales.workorders.choices import STATUS_COLOURS, Status

register = template.Library()

EVENT_LABELS = {
    "work_order.created": _("Request received"),
    "work_order.accept": _("Accepted"),
    "work_order.assign": _("Assigned to a technician"),
    "work_order.start": _("Work started"),
    "work_order.wait_parts": _("Waiting for parts"),
    "work_order.wait_customer": _("Waiting for the customer"),
    "work_order.resume": _("Work resumed"),
    "work_order.complete": _("Completed"),
    "work_order.close": _("Closed"),
    "work_order.cancel": _("Cancelled"),
    "work_order.reopen": _("Reopened"),
    "work_order.line_added": _("Line added"),
    "work_order.commented": _("Comment"),
    "work_order.attachment_added": _("File attached"),
    "customer.created": _("Customer recorded"),
    "customer.address_added": _("Address added"),
    "asset.created": _("Product recorded"),
    "asset.registered": _("Warranty registered"),
}


@register.filter
def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


@register.filter
def status_colour(value: str) -> str:
    return STATUS_COLOURS.get(value, "grey")  # type: ignore[call-overload]


@register.filter
def event_label(verb: str) -> str:
    return str(EVENT_LABELS.get(verb, verb))


@register.filter
def yuan(value: Any) -> str:
    if value is None:
        return "—"
    return f"¥{Decimal(value):,.2f}"


@register.filter
def minutes(value: Any) -> str:
    """Minutes as a short duration: 45 min, 3.5 h, 12 d (negative: overdue)."""
    if value is None:
        return "—"
    m = float(value)
    sign, m = ("-" if m < 0 else ""), abs(m)
    if m < 120:
        return f"{sign}{m:.0f} min"
    if m < 48 * 60:
        return f"{sign}{m / 60:.1f} h"
    return f"{sign}{m / 1440:.0f} d"
