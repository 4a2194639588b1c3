"""The demo's six months of work orders: each order walked through the state machine and
dispatch as it would have happened on its day (a frozen clock per step)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from aftersales.core import clock
from aftersales.demo import data
from aftersales.dispatch import services as dispatch
from aftersales.workorders import lines
from aftersales.workorders import services as orders
from aftersales.workorders.choices import Channel, OrderType, Priority, Status
from aftersales.workorders.models import WorkOrder

if TYPE_CHECKING:
    from aftersales.demo.loader import Demo

PATHS: dict[str, list[str]] = {
    Status.NEW: [],
    Status.ACCEPTED: ["accept"],
    Status.ASSIGNED: ["accept", "assign"],
    Status.IN_PROGRESS: ["accept", "assign", "start"],
    Status.WAITING_PARTS: ["accept", "assign", "start", "wait_parts"],
    Status.WAITING_CUSTOMER: ["accept", "assign", "start", "wait_customer"],
    Status.COMPLETED: ["accept", "assign", "start", "lines", "complete"],
    Status.CLOSED: ["accept", "assign", "start", "lines", "complete", "close"],
    Status.CANCELLED: ["accept", "cancel"],
}
# Minutes after the previous step (min, max).
STEP_DELAY = {
    "accept": (5, 100),
    "assign": (10, 150),
    "start": (60, 1200),
    "wait_parts": (30, 240),
    "wait_customer": (30, 240),
    "lines": (20, 200),
    "complete": (30, 2000),
    "close": (60, 4000),
    "cancel": (10, 600),
}


def _target_state(rng: random.Random, age_days: float) -> str:
    if age_days > 10:
        return rng.choices(
            [Status.CLOSED, Status.COMPLETED, Status.CANCELLED, Status.WAITING_PARTS], [82, 8, 8, 2]
        )[0]
    return rng.choices(list(PATHS), [12, 10, 12, 14, 6, 4, 14, 20, 8])[0]


def order_history(demo: Demo, index: int, total: int) -> None:
    rng = demo.rng
    customer = demo.customers[0] if index % 200 == 0 else rng.choice(demo.customers)
    assets = list(customer.assets.select_related("product_model__category"))
    asset = rng.choice(assets) if assets else None
    age = rng.uniform(0.02, 180) if index % 200 else rng.uniform(0.5, 60)
    at = demo.now - timedelta(days=age)
    category = asset.product_model.category.code if asset else "FRIDGE"
    with clock.frozen_at(at):
        order = orders.work_order_create(
            customer=customer,
            asset=asset,
            fault_description=rng.choice(data.FAULTS[category]),
            channel=rng.choices(
                [Channel.PORTAL, Channel.PHONE, Channel.SMS, Channel.API], [35, 40, 15, 10]
            )[0],
            type=rng.choices(
                [
                    OrderType.REPAIR,
                    OrderType.MAINTENANCE,
                    OrderType.INSTALLATION,
                    OrderType.INSPECTION,
                    OrderType.CONSULTATION,
                ],
                [70, 12, 10, 5, 3],
            )[0],
            priority=rng.choices(
                [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT], [10, 65, 20, 5]
            )[0],
            actor=demo.agent,
        )
    for step in PATHS[_target_state(rng, age)]:
        low, high = STEP_DELAY[step]
        at += timedelta(minutes=rng.randint(low, high))
        if step in ("assign", "start"):
            at = _within_shift(at)
        if at >= demo.now:
            return
        with clock.frozen_at(at):
            stepped = _step(demo, order, step)
            if stepped is None:
                return
            order = stepped


def _within_shift(at: datetime) -> datetime:
    """Dispatch and work happen in working hours: move to 09:00 of the next working day."""
    local = timezone.localtime(at)
    if local.weekday() < 6 and 9 <= local.hour < 17:
        return at
    following = local + timedelta(days=1) if local.hour >= 17 else local
    while following.weekday() == 6:
        following += timedelta(days=1)
    return following.replace(hour=9, minute=demo_minute(following), second=0, microsecond=0)


def demo_minute(moment: datetime) -> int:
    return (moment.day * 7) % 60


def _step(demo: Demo, order: WorkOrder, step: str) -> WorkOrder | None:
    """One step of an order's history: the order after it, or None when it cannot go further
    (it stays where it is)."""
    rng = demo.rng
    technician = order.technician
    if step == "assign":
        # The engine decides, as it would have on the day: nearest and balanced.
        result = dispatch.work_order_auto_dispatch(
            work_order=order, actor=demo.dispatchers.get(order.region_id or 0)
        )
        order = result.order
        if result.assigned and rng.random() < 0.85:
            # Most technicians accept within minutes; the rest are left for the minute job to
            # take back and dispatch again, so the board shows escalations.
            with clock.frozen_at(clock.now() + timedelta(minutes=rng.randint(2, 20))):
                assert order.technician is not None
                dispatch.assignment_respond(
                    work_order=order, technician=order.technician, accept=True
                )
        return order if result.assigned else None
    if step == "lines":
        maker = order.manufacturer_id
        if maker and technician is not None:
            operation = rng.choice(demo.operations[maker])
            lines.work_order_add_line(
                work_order=order,
                actor=technician,
                kind="labour",
                operation=operation,
                quantity=operation.standard_hours,
            )
            if rng.random() < 0.5:
                lines.work_order_add_line(
                    work_order=order,
                    actor=technician,
                    kind="part",
                    part=rng.choice(demo.parts[maker]),
                    quantity=1,
                )
        return order
    actor = {
        "accept": demo.agent,
        "close": demo.managers.get(order.station_id or 0),
        "cancel": demo.agent,
    }.get(step, technician)
    reason = {
        "cancel": rng.choice(["客户已自行解决", "重复报修", "客户取消预约"]),
        "wait_parts": "等待压缩机到货",
        "wait_customer": "客户不在家，改约",
    }.get(step, "")
    if actor is None:
        return None
    if (
        step == "start"
        and technician is not None
        and not order.assignments.filter(status="accepted").exists()
    ):
        dispatch.assignment_respond(work_order=order, technician=technician, accept=True)
    return orders.work_order_transition(work_order=order, name=step, actor=actor, reason=reason)
