"""Warranty policies for the test world, and orders at each stage."""

from __future__ import annotations

from datetime import date

from aftersales.catalog.models import ProductCategory
from aftersales.warranty.models import WarrantyPolicy
from aftersales.warranty.services import ComponentSpec, warranty_policy_create
from aftersales.workorders import lines
from aftersales.workorders.models import WorkOrder, WorkOrderLine
from tests.factories import World, work_order_in

COMPRESSOR = ComponentSpec("compressor", "压缩机", months=60)
BATTERY = ComponentSpec("traction_battery", "动力电池", months=96, mileage_km=150_000)


def fridge_policy(world: World, **kw) -> WarrantyPolicy:
    """The appliance maker's fridge policy: 7/30 days, 12 months, the compressor 60 months."""
    kw.setdefault("version_label", "冰箱三包 2025")
    kw.setdefault("valid_from", date(2025, 1, 1))
    kw.setdefault("components", [COMPRESSOR])
    return warranty_policy_create(category=world.extra["fridge"], actor=None, **kw)


def car_policy(world: World, **kw) -> WarrantyPolicy:
    """The carmaker's: 36 months / 100,000 km from the first registration, battery 96 / 150k."""
    category = ProductCategory.objects.get(code="SEDAN")
    kw.setdefault("version_label", "乘用车 2025")
    kw.setdefault("valid_from", date(2025, 1, 1))
    kw.setdefault("repair_months", 36)
    kw.setdefault("mileage_limit_km", 100_000)
    kw.setdefault("start_event", "registration")
    kw.setdefault("components", [BATTERY])
    return warranty_policy_create(category=category, actor=None, **kw)


def order_at(world: World, state: str, **kw) -> WorkOrder:
    """The world customer's fridge (sold 2026-03-01) in `state`; the station is Pudong's once
    assigned."""
    return work_order_in(world, state, **kw)


def part_line(world: World, order: WorkOrder) -> WorkOrderLine:
    return lines.work_order_add_line(
        work_order=order,
        actor=world.users["technician"],
        kind="part",
        part=world.extra["part"],
        quantity=1,
    )


def labour_line(world: World, order: WorkOrder) -> WorkOrderLine:
    return lines.work_order_add_line(
        work_order=order,
        actor=world.users["technician"],
        kind="labour",
        operation=world.extra["op_diag"],
        quantity="0.5",
    )


FACTS_OK = {
    "proof_of_purchase": True,
    "serial_label_intact": True,
    "serial_matches_card": True,
    "repaired_by_unauthorised": False,
    "cause": "normal",
}


def at(day: str, hour: int = 10):
    """The clock frozen at `hour` o'clock Shanghai time on `day` (an ISO date)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from aftersales.core import clock

    moment = datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZoneInfo("Asia/Shanghai"))
    return clock.frozen_at(moment)


def order_filed_on(world: World, day: str, state: str = "accepted", **kw) -> WorkOrder:
    with at(day):
        return order_at(world, state, **kw)
