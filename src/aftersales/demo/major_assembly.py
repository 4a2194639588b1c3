"""The demo's pre-authorisations (预授权): a major-assembly claim (大总成) on an appliance order
left waiting for its compressor (the station asks the manufacturer before replacing it, the
auditor grants it up to an amount, the compressor arrives and is fitted, and the claim cites
the pre-authorisation), and one request still waiting in the auditor's queue. Both on orders of
the demo's history, walked on through the work-order machine at their moments."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from aftersales.catalog.models import LabourOperation, Part
from aftersales.claims import pre_authorisations
from aftersales.claims.models import PreAuthorisation
from aftersales.core import clock
from aftersales.demo import data
from aftersales.demo.timeline import office_hours
from aftersales.workorders import lines
from aftersales.workorders import services as orders
from aftersales.workorders.models import WorkOrder

if TYPE_CHECKING:
    from aftersales.demo.claims import Claims

COMPRESSOR, OPERATION = "HY-COMP-01", "AP-COMP"


def major_assembly(claims: Claims) -> None:
    demo = claims.demo
    # An appliance order left waiting for its compressor (at Pudong if one is): the station asks
    # the maker before replacing it, the compressor arrives, the order is completed and claimed.
    waiting = (
        WorkOrder.objects.filter(
            status="waiting_parts",
            manufacturer__code=data.APPLIANCE[0],
            asset__product_model__category__code__in=["FRIDGE", "AC"],
            entitlement__state="decided",
            technician__isnull=False,
            updated_at__lt=demo.now - timedelta(days=10),
        )
        .exclude(entitlement__outcome="paid")
        .select_related("station", "technician")
        .order_by("-updated_at")
    )
    order = waiting.filter(station__code="ST-SH-PD").first() or waiting.first()
    if order is None or order.technician is None:
        return
    technician = order.technician
    compressor = Part.objects.get(number=COMPRESSOR)
    state: dict[str, PreAuthorisation] = {}

    def ask() -> None:
        state["pa"] = pre_authorisations.pre_authorisation_request(
            work_order=order,
            actor=claims.filer(order),
            claim_type="major_assembly",
            description="压缩机卡缸，检测绕组正常、启动电容正常，需更换压缩机总成。",
            requested_amount=Decimal("1150.00"),
            causal_part=compressor,
        )

    def grant() -> None:
        state["pa"] = pre_authorisations.pre_authorisation_decide(
            pre_authorisation=state["pa"],
            actor=claims.users["auditor"],
            grant=True,
            amount_limit=Decimal("1200.00"),
            comment="同意更换压缩机总成，旧件返供应商。",
        )

    def repair() -> None:
        resumed = orders.work_order_transition(work_order=order, name="resume", actor=technician)
        operation = LabourOperation.objects.get(code=OPERATION)
        lines.work_order_add_line(
            work_order=resumed,
            actor=technician,
            kind="labour",
            operation=operation,
            quantity=operation.standard_hours,
        )
        lines.work_order_add_line(
            work_order=resumed, actor=technician, kind="part", part=compressor, quantity=1
        )
        done = orders.work_order_transition(work_order=resumed, name="complete", actor=technician)
        filed = office_hours(clock.now() + timedelta(hours=18))
        claims.add(done, "major_assembly", compressor, at=filed, pre_authorisation=state["pa"])

    asked = office_hours(order.updated_at + timedelta(hours=1))
    granted = office_hours(asked + timedelta(hours=4))
    claims.timeline.at(asked, ask)
    claims.timeline.at(granted, grant)
    claims.timeline.at(office_hours(granted + timedelta(days=2)), repair)


def pending_request(claims: Claims) -> None:
    """A request still waiting in the auditor's queue: an appliance order in progress (at
    Pudong if it has one) whose compressor the station wants to replace."""
    demo = claims.demo
    open_orders = (
        WorkOrder.objects.filter(
            status="in_progress",
            manufacturer__code=data.APPLIANCE[0],
            started_at__isnull=False,
        )
        .select_related("station")
        .order_by("-started_at")
    )
    order = open_orders.filter(station__code="ST-SH-PD").first() or open_orders.first()
    if order is None or order.started_at is None:
        return
    at = min(order.started_at + timedelta(hours=3), demo.now - timedelta(minutes=10))

    def ask() -> None:
        pre_authorisations.pre_authorisation_request(
            work_order=order,
            actor=claims.filer(order),
            claim_type="major_assembly",
            description="压缩机运行异响、制冷量明显下降，判断内部磨损，申请更换压缩机总成。",
            requested_amount=Decimal("1080.00"),
            causal_part=Part.objects.get(number=COMPRESSOR),
        )

    claims.timeline.at(max(at, order.started_at), ask)
