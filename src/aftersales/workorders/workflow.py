"""The work-order state machine, declared once (../shared/STYLE.md practice 1).

new → accepted → assigned → in progress ⇄ waiting (parts / customer) → completed → closed;
cancel from any open state and reopen from a finished one, each with a reason.

Higher apps subscribe in their `AppConfig.ready()`: dispatch checks who may take an order on
`assign`/`reassign`, keeps its offers in step on `decline`/`unassign`/`cancel`/`start`, and
dispatches again after `accept`, `decline` and `reopen` (`aftersales/dispatch/hooks.py`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience
from aftersales.core.state_machine import Change, Effect, StateMachine, Transition
from aftersales.core.state_machine import register_machine as _register
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.permissions import (
    CANCEL,
    CLOSE,
    DISPATCH,
    FIELD,
    OFFICE,
    REOPEN,
    TECHNICIAN,
    own_order_if_customer,
    own_order_if_technician,
)

S = Status


def lock_work_order(pk: int) -> WorkOrder:
    # What the rules and dispatch read next comes in the same query; only the order row is locked.
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("address", "region", "customer", "asset__product_model__category")
        .get(pk=pk)
    )


# -- effects on the order's own fields -----------------------------------------------------
def stamp(field: str, *, once: bool = False) -> Effect:
    def effect(order: WorkOrder, change: Change) -> None:
        if not once or getattr(order, field) is None:
            setattr(order, field, change.at)

    effect.__qualname__ = f"stamp({field})"
    return effect


def place_technician(order: WorkOrder, change: Change) -> None:
    technician = change.params["technician"]
    order.technician = technician
    order.station = technician.organisation
    change.data.setdefault("technician", {"id": technician.pk, "name": str(technician)})


def release_technician(order: WorkOrder, change: Change) -> None:
    order.technician = None
    if not order.station_locked:
        order.station = None


def back_to_dispatch(order: WorkOrder, change: Change) -> None:
    # Back to dispatch (often the same technician again); the station keeps it meanwhile.
    order.technician = None
    order.completed_at = order.closed_at = None


def _declines(order: Any, p: Any) -> bool:
    return bool(order.technician_id == getattr(p.user, "pk", None))


def _customer_cancels(order: Any, p: Any) -> bool:
    return own_order_if_customer(order, p) and (
        bool(p.staff_roles) or order.status in (S.NEW, S.ACCEPTED)
    )


NEEDS_TECHNICIAN = {"technician": ("technician_id", _("Choose a technician."))}
OPEN_STATES = frozenset(
    {S.NEW, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING_PARTS, S.WAITING_CUSTOMER}
)

WORK_ORDER_FLOW = StateMachine(
    name="work_order",
    states=Status,
    lock=lock_work_order,
    colours={
        S.NEW: "blue",
        S.ACCEPTED: "cyan",
        S.ASSIGNED: "indigo",
        S.IN_PROGRESS: "orange",
        S.WAITING_PARTS: "yellow",
        S.WAITING_CUSTOMER: "yellow",
        S.COMPLETED: "green",
        S.CLOSED: "grey",
        S.CANCELLED: "red",
    },
    groups={
        "open": OPEN_STATES,
        "terminal": frozenset({S.CLOSED, S.CANCELLED}),
        "waiting": frozenset({S.WAITING_PARTS, S.WAITING_CUSTOMER}),
        # Lines, parts and labour are recorded while work can still happen.
        "editable": OPEN_STATES - {S.NEW},
    },
    transitions=[
        Transition(
            "accept",
            _("Accept"),
            frozenset({S.NEW}),
            S.ACCEPTED,
            OFFICE,
            done_label=_("Accepted"),
            effects=(stamp("accepted_at", once=True),),
        ),
        Transition(
            "assign",
            _("Assign"),
            frozenset({S.ACCEPTED}),
            S.ASSIGNED,
            DISPATCH,
            done_label=_("Assigned to a technician"),
            requires=NEEDS_TECHNICIAN,
            effects=(place_technician,),
        ),
        Transition(
            "reassign",
            _("Reassign"),
            frozenset({S.ASSIGNED}),
            S.ASSIGNED,
            DISPATCH,
            reason_required=True,
            style="secondary",
            done_label=_("Reassigned"),
            audience=Audience.STATION,
            requires=NEEDS_TECHNICIAN,
            effects=(place_technician,),
        ),
        Transition(
            "unassign",
            _("Take back"),
            frozenset({S.ASSIGNED}),
            S.ACCEPTED,
            DISPATCH,
            reason_required=True,
            style="secondary",
            done_label=_("Taken back from the technician"),
            audience=Audience.STATION,
            effects=(release_technician,),
        ),
        Transition(
            "decline",
            _("Decline"),
            frozenset({S.ASSIGNED}),
            S.ACCEPTED,
            TECHNICIAN,
            reason_required=True,
            guard=_declines,
            style="danger",
            done_label=_("Declined by the technician"),
            audience=Audience.STATION,
            effects=(release_technician,),
        ),
        Transition(
            "start",
            _("Start work"),
            frozenset({S.ASSIGNED}),
            S.IN_PROGRESS,
            FIELD,
            guard=own_order_if_technician,
            done_label=_("Work started"),
            effects=(stamp("started_at", once=True),),
        ),
        Transition(
            "wait_parts",
            _("Wait for parts"),
            frozenset({S.IN_PROGRESS}),
            S.WAITING_PARTS,
            FIELD,
            guard=own_order_if_technician,
            style="secondary",
            done_label=_("Waiting for parts"),
        ),
        Transition(
            "wait_customer",
            _("Wait for customer"),
            frozenset({S.IN_PROGRESS}),
            S.WAITING_CUSTOMER,
            FIELD,
            guard=own_order_if_technician,
            style="secondary",
            done_label=_("Waiting for the customer"),
        ),
        Transition(
            "resume",
            _("Resume work"),
            frozenset({S.WAITING_PARTS, S.WAITING_CUSTOMER}),
            S.IN_PROGRESS,
            FIELD,
            guard=own_order_if_technician,
            done_label=_("Work resumed"),
        ),
        Transition(
            "complete",
            _("Complete"),
            frozenset({S.IN_PROGRESS}),
            S.COMPLETED,
            FIELD,
            guard=own_order_if_technician,
            done_label=_("Completed"),
            effects=(stamp("completed_at"),),
        ),
        Transition(
            "close",
            _("Close"),
            frozenset({S.COMPLETED}),
            S.CLOSED,
            CLOSE,
            done_label=_("Closed"),
            effects=(stamp("closed_at"),),
        ),
        Transition(
            "cancel",
            _("Cancel"),
            OPEN_STATES,
            S.CANCELLED,
            CANCEL,
            reason_required=True,
            guard=_customer_cancels,
            style="danger",
            done_label=_("Cancelled"),
        ),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({S.COMPLETED, S.CLOSED, S.CANCELLED}),
            S.ACCEPTED,
            REOPEN,
            reason_required=True,
            style="secondary",
            done_label=_("Reopened"),
            effects=(back_to_dispatch,),
        ),
    ],
)
_register(WorkOrder, WORK_ORDER_FLOW)
