"""Background dispatch: on acceptance, and the minute job that re-dispatches unanswered offers."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from aftersales.core.errors import DomainError


@db_task()
def auto_dispatch_task(order_id: int) -> str:
    from aftersales.dispatch.context import policy_for
    from aftersales.dispatch.services import work_order_auto_dispatch
    from aftersales.workorders.choices import Status
    from aftersales.workorders.models import WorkOrder

    order = WorkOrder.objects.filter(
        pk=order_id, status=Status.ACCEPTED, technician__isnull=True
    ).first()
    if order is None:
        return "not waiting for dispatch"
    if not policy_for(order).auto_dispatch:
        return "automatic dispatch is off"
    try:
        result = work_order_auto_dispatch(work_order=order, actor=None)
    except DomainError as exc:  # somebody dispatched it meanwhile
        return str(exc.message)
    return "assigned" if result.assigned else result.reason


def enqueue_auto_dispatch(order_id: int) -> None:
    """Queue automatic dispatch unless the order's organisation has it switched off."""
    from aftersales.dispatch.context import policy_for
    from aftersales.workorders.models import WorkOrder

    order = WorkOrder.objects.filter(pk=order_id).first()
    if order is not None and policy_for(order).auto_dispatch:
        auto_dispatch_task(order_id)


@db_periodic_task(crontab(minute="*"))
def expire_offers_task() -> int:
    from aftersales.dispatch.services import expire_offers

    return expire_offers()
