"""A small, hand-built set of decided claims for the fault statistics, with known numbers.

The claims are written as rows (as the bench writes them): the statistics read what the
decision leaves on a claim (status, amounts, decision time), and building dozens of claims
through the station → reviewer path would test the claims app, not the counting. One claim
(`reviewed_claim`) does go the whole way, so the two agree.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aftersales.catalog import services as catalog
from aftersales.catalog.models import Part, ProductModel
from aftersales.claims.models import Claim
from aftersales.core.models import Organisation
from aftersales.core.services import organisation_create
from aftersales.customers import services as customers
from aftersales.customers.models import Asset
from aftersales.workorders.models import WorkOrder
from tests.claims.helpers import claimable_order
from tests.factories import World, claims_people, make_user, next_serial

_numbers = itertools.count(1)
# The period every claim below is decided in, unless it says otherwise.
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-06-30"}


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@dataclass
class FaultWorld:
    world: World
    template: WorkOrder
    models: dict[str, ProductModel]
    parts: dict[str, Part]
    suppliers: dict[str, Organisation]
    assets: dict[str, Asset] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)

    @property
    def users(self) -> dict[str, Any]:
        return self.world.users


def fault_world(world: World) -> FaultWorld:
    """The appliance maker's models, parts from two suppliers (and one without), a second
    maker's claim, and the people: the maker's auditor, assessor and finance, the station's
    manager, the other station's, the network's agent, a supplier's manager."""
    claims_people(world)
    template = claimable_order(world)
    appliance = world.appliance
    freezer = catalog.category_create(manufacturer=appliance, code="FREEZER", name="冰柜")
    models = {
        "fridge": world.extra["fridge_model"],
        "fridge2": catalog.product_model_create(
            category=world.extra["fridge"], code="BCD-300", name="海岳三门冰箱"
        ),
        "freezer": catalog.product_model_create(category=freezer, code="BD-200", name="海岳冰柜"),
    }
    suppliers = {
        "a": organisation_create(kind="supplier", code="SUP-A", name="甲压缩机厂"),
        "b": organisation_create(kind="supplier", code="SUP-B", name="乙温控器厂"),
    }
    parts = {
        "a": catalog.part_create(
            manufacturer=appliance,
            number="P-A1",
            name="压缩机A",
            unit_price=Decimal("400.00"),
            supplier=suppliers["a"],
        ),
        "b": catalog.part_create(
            manufacturer=appliance,
            number="P-B1",
            name="温控器B",
            unit_price=Decimal("60.00"),
            supplier=suppliers["b"],
        ),
        "c": catalog.part_create(
            manufacturer=appliance, number="P-C1", name="门封条", unit_price=Decimal("30.00")
        ),
    }
    world.users["supplier_a"] = make_user("supplier_a", ["manager"], suppliers["a"])
    return FaultWorld(world, template, models, parts, suppliers)


def unit(
    fw: FaultWorld,
    name: str,
    model: str = "fridge",
    *,
    purchase_date: date | None = None,
    batch: str = "",
    mileage_km: int | None = None,
) -> Asset:
    asset = customers.asset_create(
        product_model=fw.models[model],
        serial=next_serial("FS"),
        customer=fw.world.customer,
        purchase_date=purchase_date,
        production_batch=batch,
        mileage_km=mileage_km,
        actor=fw.users["agent"],
    )
    fw.assets[name] = asset
    return asset


def order_for(fw: FaultWorld, asset: Asset) -> WorkOrder:
    """A completed order of the Pudong station for the unit (the template's row, renumbered)."""
    order = WorkOrder.objects.get(pk=fw.template.pk)
    order.pk = None
    order.number = f"WO-FS-{next(_numbers):06d}"
    order.asset = asset
    order.manufacturer_id = asset.manufacturer_id
    order.idempotency_key = ""
    order.save()
    return order


def decided_claim(
    fw: FaultWorld,
    name: str,
    asset: Asset | None,
    *,
    part: str | None = None,
    fault_code: str = "",
    claimed: str = "100.00",
    approved: str | None = None,
    status: str = "approved",
    decided: date | None = date(2026, 3, 15),
    submitted: date = date(2026, 3, 1),
    failure: date | None = None,
    repaired: date | None = None,
    mileage_km: int | None = None,
    station: Organisation | None = None,
) -> Claim:
    """A claim as its decision leaves it (approved in full unless `approved` says otherwise;
    a rejected one at ¥0.00, a pending one without a decision)."""
    station = station or fw.world.station_sh
    order = order_for(fw, asset) if asset is not None else fw.template
    if approved is None:
        approved = {"rejected": "0.00"}.get(status, claimed)
    if status in ("submitted", "resubmitted"):
        approved, decided = None, None
    now = timezone.now()
    claim = Claim.objects.create(
        number=f"CL-FS-{next(_numbers):06d}",
        type="roadside" if asset is None else "repair",
        status=status,
        work_order=order,
        station=station,
        manufacturer_id=asset.manufacturer_id if asset else fw.world.appliance.pk,
        network_id=fw.world.network.pk,
        region_id=station.region_id,
        asset=asset,
        product_model_id=asset.product_model_id if asset else None,
        serial=asset.serial if asset else "",
        causal_part=fw.parts[part] if part else None,
        fault_code=fault_code,
        mileage_km=mileage_km,
        failure_date=failure,
        repair_date=repaired,
        total_amount=Decimal(claimed),
        approved_amount=None if approved is None else Decimal(approved),
        submitted_at=at(submitted),
        first_submitted_at=at(submitted),
        decided_at=at(decided) if decided else None,
        revision=1,
        created_at=now,
        updated_at=now,
    )
    fw.claims[name] = claim
    return claim


def standard_set(fw: FaultWorld) -> FaultWorld:
    """The claims the dimension tests count (decided in PERIOD unless said):

    | claim | unit (model, batch, sold)      | part | code | failed     | months | km     | claimed | approved | status   |
    | c1    | u1 fridge  B2401 2025-01-15    | a    | E1   | 2025-04-14 | 2      | 4,999  | 100.00  | 100.00   | approved |
    | c2    | u1                             | a    | E1   | 2025-05-15 | 4      | 5,000  | 250.50  | 200.25   | in part  |
    | c3    | u2 fridge  B2402 2025-03-31    | b    | E2   | 2026-03-30 | 11     | 20,000 |  80.00  |  80.00   | settled  |
    | c4    | u3 fridge2 B2401 2025-06-10    | c    | —    | 2026-06-10 | 12     | —      | 300.00  | 300.00   | approved |
    | c5    | u4 freezer —     (not sold)    | —    | E1   | 2026-01-01 | —      | 150,000|  45.10  |  45.10   | approved |
    | r1    | u1                             | a    | E3   | 2025-06-01 | 4      | 9,999  | 500.00  |   0.00   | rejected |
    | p1    | u2                             | b    | E2   | 2026-05-01 | 13     | —      |  70.00  |  —       | submitted (2026-06-02) |
    | old   | u1                             | a    | E1   | 2025-03-01 | 1      | —      | 999.00  | 999.00   | approved 2025-12-31 |
    | car   | the car maker's car            | —    | C9   | 2026-02-01 | —      | 30,000 | 600.00  | 600.00   | approved (Beijing) |
    """
    w = fw.world
    u1 = unit(fw, "u1", purchase_date=date(2025, 1, 15), batch="B2401")
    u2 = unit(fw, "u2", purchase_date=date(2025, 3, 31), batch="B2402")
    u3 = unit(fw, "u3", "fridge2", purchase_date=date(2025, 6, 10), batch="B2401")
    u4 = unit(fw, "u4", "freezer")
    decided_claim(fw, "c1", u1, part="a", fault_code="E1", failure=date(2025, 4, 14),
                  mileage_km=4_999, claimed="100.00")  # fmt: skip
    decided_claim(fw, "c2", u1, part="a", fault_code="E1", failure=date(2025, 5, 15),
                  mileage_km=5_000, claimed="250.50", approved="200.25",
                  status="partially_approved")  # fmt: skip
    decided_claim(fw, "c3", u2, part="b", fault_code="E2", failure=date(2026, 3, 30),
                  mileage_km=20_000, claimed="80.00", status="settled")  # fmt: skip
    decided_claim(fw, "c4", u3, part="c", repaired=date(2026, 6, 10), claimed="300.00",
                  decided=date(2026, 6, 30))  # fmt: skip
    decided_claim(fw, "c5", u4, fault_code="E1", failure=date(2026, 1, 1), mileage_km=150_000,
                  claimed="45.10", decided=date(2026, 1, 1))  # fmt: skip
    decided_claim(fw, "r1", u1, part="a", fault_code="E3", failure=date(2025, 6, 1),
                  mileage_km=9_999, claimed="500.00", status="rejected")  # fmt: skip
    decided_claim(fw, "p1", u2, part="b", fault_code="E2", failure=date(2026, 5, 1),
                  claimed="70.00", status="submitted", submitted=date(2026, 6, 2))  # fmt: skip
    decided_claim(fw, "old", u1, part="a", fault_code="E1", failure=date(2025, 3, 1),
                  claimed="999.00", decided=date(2025, 12, 31))  # fmt: skip
    car_asset = w.other_asset
    assert car_asset is not None
    decided_claim(fw, "car", car_asset, fault_code="C9", failure=date(2026, 2, 1),
                  mileage_km=30_000, claimed="600.00", station=w.station_bj)  # fmt: skip
    return fw
