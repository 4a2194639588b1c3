"""Who may act on work orders: the role sets and actions, declared once.

The transitions' own actions (`work_order:accept`, `work_order:close`, …) are declared by the
machine in `workflow.py` with the role sets below.
"""

from typing import Any

from django.db.models import Q

from aftersales.core.access import Principal, declare_action, roles
from aftersales.core.roles import Role
from aftersales.customers.permissions import INTAKE

OFFICE = INTAKE
DISPATCH = roles(Role.DISPATCHER, Role.ADVISOR, Role.MANAGER, Role.ADMIN)
FIELD = roles(Role.TECHNICIAN, Role.ADVISOR, Role.MANAGER, Role.ADMIN)
# The manufacturer confirms an outlet's completion (../shared/DOMAIN.md §4.2).
CLOSE = roles(Role.AGENT, Role.ADVISOR, Role.MANAGER, Role.AUDITOR, Role.ADMIN)
# A customer cancels their own request while nobody is on the way yet.
CANCEL = OFFICE | roles(Role.CUSTOMER)
REOPEN = roles(Role.AGENT, Role.MANAGER, Role.ADMIN)
TECHNICIAN = roles(Role.TECHNICIAN)


def own_order_if_technician(order: Any, p: Principal) -> bool:
    """A technician acts only on orders given to them; office roles act on any visible order."""
    return not p.technician_only or order.technician_id == p.user.pk


def own_order_if_technician_q(p: Principal) -> Q:
    return Q(technician_id=p.user.pk) if p.technician_only else Q()


def own_order_if_customer(order: Any, p: Principal) -> bool:
    return bool(p.staff_roles) or order.customer_id == p.customer_id


# Staff filing a request on a customer's behalf (a customer files their own).
declare_action("work_order:create", roles=OFFICE)
declare_action(
    "work_order:change_lines",
    roles=FIELD,
    guard=own_order_if_technician,
    where=own_order_if_technician_q,
)
