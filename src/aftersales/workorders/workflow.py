"""The work-order state machine, declared once (STYLE.md practice 1).

new → accepted → assigned → in progress ⇄ waiting (parts / customer) → completed → closed;
cancel from any open state and reopen from a finished one, each with a reason.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from aftersales.core.access import Principal
from aftersales.core.roles import Role
from aftersales.core.state_machine import StateMachine, Transition
from aftersales.workorders.choices import Status

S = Status
OFFICE = frozenset({Role.AGENT, Role.DISPATCHER, Role.ADVISOR, Role.MANAGER, Role.ADMIN})
DISPATCH = frozenset({Role.DISPATCHER, Role.ADVISOR, Role.MANAGER, Role.ADMIN})
FIELD = frozenset({Role.TECHNICIAN, Role.ADVISOR, Role.MANAGER, Role.ADMIN})


def own_order_if_technician(order: Any, p: Principal) -> bool:
    """A technician acts only on orders given to them; office roles act on any visible order."""
    return not p.technician_only or order.technician_id == p.user.pk


def own_order_if_customer(order: Any, p: Principal) -> bool:
    return bool(p.staff_roles) or order.customer_id == p.customer_id


WORK_ORDER_FLOW = StateMachine(
    status_field="status",
    transitions=[
        Transition("accept", _("Accept"), frozenset({S.NEW}), S.ACCEPTED, OFFICE),
        Transition(
            "assign",
            _("Assign"),
            frozenset({S.ACCEPTED}),
            S.ASSIGNED,
            DISPATCH,
        ),
        Transition(
            "reassign",
            _("Reassign"),
            frozenset({S.ASSIGNED}),
            S.ASSIGNED,
            DISPATCH,
            reason_required=True,
            style="secondary",
            public=False,
        ),
        Transition(
            "unassign",
            _("Take back"),
            frozenset({S.ASSIGNED}),
            S.ACCEPTED,
            DISPATCH,
            reason_required=True,
            style="secondary",
            public=False,
        ),
        Transition(
            "decline",
            _("Decline"),
            frozenset({S.ASSIGNED}),
            S.ACCEPTED,
            frozenset({Role.TECHNICIAN}),
            reason_required=True,
            guard=lambda order, p: order.technician_id == getattr(p.user, "pk", None),
            style="danger",
            public=False,
        ),
        Transition(
            "start",
            _("Start work"),
            frozenset({S.ASSIGNED}),
            S.IN_PROGRESS,
            FIELD,
            guard=own_order_if_technician,
        ),
        Transition(
            "wait_parts",
            _("Wait for parts"),
            frozenset({S.IN_PROGRESS}),
            S.WAITING_PARTS,
            FIELD,
            guard=own_order_if_technician,
            style="secondary",
        ),
        Transition(
            "wait_customer",
            _("Wait for customer"),
            frozenset({S.IN_PROGRESS}),
            S.WAITING_CUSTOMER,
            FIELD,
            guard=own_order_if_technician,
            style="secondary",
        ),
        Transition(
            "resume",
            _("Resume work"),
            frozenset({S.WAITING_PARTS, S.WAITING_CUSTOMER}),
            S.IN_PROGRESS,
            FIELD,
            guard=own_order_if_technician,
        ),
        Transition(
            "complete",
            _("Complete"),
            frozenset({S.IN_PROGRESS}),
            S.COMPLETED,
            FIELD,
            guard=own_order_if_technician,
        ),
        Transition(
            "close",
            _("Close"),
            frozenset({S.COMPLETED}),
            S.CLOSED,
            # The manufacturer confirms an outlet's completion (DOMAIN.md §4.2).
            frozenset({Role.AGENT, Role.ADVISOR, Role.MANAGER, Role.AUDITOR, Role.ADMIN}),
        ),
        Transition(
            "cancel",
            _("Cancel"),
            frozenset(
                {S.NEW, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING_PARTS, S.WAITING_CUSTOMER}
            ),
            S.CANCELLED,
            OFFICE | {Role.CUSTOMER},
            reason_required=True,
            guard=lambda order, p: (
                own_order_if_customer(order, p)
                and (bool(p.staff_roles) or order.status in (S.NEW, S.ACCEPTED))
            ),
            style="danger",
        ),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({S.COMPLETED, S.CLOSED, S.CANCELLED}),
            S.ACCEPTED,
            frozenset({Role.AGENT, Role.MANAGER, Role.ADMIN}),
            reason_required=True,
            style="secondary",
        ),
    ],
)
