"""Warranty subscribes to the work-order machine (registered in `WarrantyConfig.ready()`).

- `accept`: an order for a unit gets its entitlement decided at once, by the system (the
  decision is provisional until the station records its facts). An order filed but not yet
  accepted has none; recording facts decides it too.
- `complete`, `cancel`: the entitlement is frozen (decided first if it never was): a finished
  order's entitlement never changes silently.
- `reopen`: it may be decided again, but only explicitly (facts recorded, an extension granted).
"""

from __future__ import annotations

from aftersales.core.state_machine import Change
from aftersales.warranty import services
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.workflow import WORK_ORDER_FLOW


@WORK_ORDER_FLOW.after("accept")
def decide_on_accept(order: WorkOrder, change: Change) -> None:
    # Accepted from new: no line could be added before.
    services.decide_in_transition(order, actor=None, without_lines=True)


@WORK_ORDER_FLOW.after("complete", "cancel")
def freeze_when_finished(order: WorkOrder, change: Change) -> None:
    services.entitlement_freeze(order, at=change.at, actor=None)


@WORK_ORDER_FLOW.after("reopen")
def unfreeze_on_reopen(order: WorkOrder, change: Change) -> None:
    services.entitlement_unfreeze(order)
