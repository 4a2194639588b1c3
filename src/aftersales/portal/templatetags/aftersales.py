from decimal import Decimal
from typing import Any

from django import template

from aftersales.core import access, events
from aftersales.core.state_machine import machine_named
from aftersales.customers import privacy
from aftersales.workorders.selectors import work_order_sla

register = template.Library()


def _machine(name: str) -> Any:
    machine = machine_named(name)
    if machine is None:
        raise LookupError(f"no state machine named {name!r}")
    return machine


@register.filter
def state_label(value: str, machine: str = "work_order") -> str:
    return _machine(machine).label(value)


@register.filter
def state_colour(value: str, machine: str = "work_order") -> str:
    return _machine(machine).colour(value)


@register.filter
def event_state_label(event: Any) -> str:
    """The label of an audit event's new state, in the machine its verb belongs to."""
    machine = machine_named(event.verb.split(".", 1)[0])
    return machine.label(event.to_state) if machine else event.to_state


@register.filter
def event_state_colour(event: Any) -> str:
    machine = machine_named(event.verb.split(".", 1)[0])
    return machine.colour(event.to_state) if machine else "grey"


@register.filter
def event_label(verb: str) -> str:
    return events.event_label(verb)


@register.simple_tag(takes_context=True)
def may(context: Any, action: str, record: Any = None) -> bool:
    """`{% may "work_order:change_lines" order as can_edit %}`: offer only what the user may do."""
    return access.may(context["request"].user, action, record)


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


# Personal data as this viewer may read it (masked unless they act on the customer:
# customers/privacy.py). Usage: {{ order.customer|person_name:request.user }}.
@register.filter
def person_name(customer: Any, user: Any) -> str:
    return privacy.display_name(user, customer) if customer else ""


@register.filter
def person_phone(customer: Any, user: Any) -> str:
    return privacy.display_phone(user, customer) if customer else ""


@register.filter
def order_address(order: Any, user: Any) -> str:
    """The order's service address; masked to the district with the customer's data."""
    return privacy.display_address(user, order.customer, order.address)


@register.filter
def order_sla(order: Any) -> Any:
    """The order's commitment in the worst state (workorders/sla.py), for a list's badge."""
    return work_order_sla(order).worst_clock
