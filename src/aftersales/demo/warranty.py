"""The demo's warranty (三包) policies and extensions, loaded before the order histories so that
every demo order is decided on acceptance and its lines get their payers.

- The appliance maker (海岳家电): fridges 7 / 30 days and 12 months, an older 2023 version
  (exchange 15 days, compressor 36 months) that the 2025-07 version closed, the compressor 60
  months; the flagship fridge model two years whole-unit; air conditioners counted from the
  accepted installation, 36 months, compressor 60; washers 7 / 30 / 12.
- The carmaker (远航汽车): 36 months or 100,000 km from the first registration, the traction
  battery 96 months or 150,000 km; one car with a goodwill extension granted by its auditor.
- Another customer's appliance has two years of bought extended warranty.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from aftersales.core import clock
from aftersales.core.models import User
from aftersales.customers.models import Asset
from aftersales.demo import data
from aftersales.warranty.services import (
    ComponentSpec,
    goodwill_grant,
    warranty_extension_record,
    warranty_policy_create,
)

if TYPE_CHECKING:
    from aftersales.demo.loader import Demo

COMPRESSOR = ComponentSpec("compressor", "压缩机", months=60)
OLD_COMPRESSOR = ComponentSpec("compressor", "压缩机", months=36)
BATTERY = ComponentSpec("traction_battery", "动力电池", months=96, mileage_km=150_000)
FLAGSHIP = "BCD-470WD"


def load(demo: Demo) -> None:
    appliance = {c.code: c for c in demo.categories[data.APPLIANCE[0]]}
    fridge = appliance["FRIDGE"]
    warranty_policy_create(
        category=fridge,
        version_label="冰箱三包 2023版",
        valid_from=date(2023, 1, 1),
        exchange_days=15,
        repair_months=12,
        components=[OLD_COMPRESSOR],
        actor=None,
    )
    warranty_policy_create(
        category=fridge,
        version_label="冰箱三包 2025版",
        valid_from=date(2025, 7, 1),
        repair_months=12,
        components=[COMPRESSOR],
        actor=None,
    )
    flagship = next(m for m in demo.models if m.code == FLAGSHIP)
    warranty_policy_create(
        category=fridge,
        product_model=flagship,
        version_label="对开门冰箱 整机两年",
        valid_from=date(2025, 1, 1),
        repair_months=24,
        components=[COMPRESSOR],
        actor=None,
    )
    warranty_policy_create(
        category=appliance["AC"],
        version_label="空调三包 2024版",
        valid_from=date(2024, 1, 1),
        start_event="installation",
        components=[COMPRESSOR],
        actor=None,
    )
    warranty_policy_create(
        category=appliance["WASHER"],
        version_label="洗衣机三包 2024版",
        valid_from=date(2024, 1, 1),
        repair_months=12,
        actor=None,
    )
    for category in demo.categories[data.CARMAKER[0]]:
        warranty_policy_create(
            category=category,
            version_label=f"{category.name} 质保 2024版",
            valid_from=date(2024, 1, 1),
            repair_months=36,
            mileage_limit_km=100_000,
            start_event="registration",
            components=[BATTERY],
            actor=None,
        )
    _extensions(demo)


def _extensions(demo: Demo) -> None:
    # Not on the demo login's (张伟's) units: their history is the one the portal shows first.
    others = Asset.objects.filter(customer__isnull=False).exclude(customer=demo.customers[0])
    appliance = others.filter(product_model__category__is_vehicle=False).order_by("pk").first()
    if appliance is not None:
        with clock.frozen_at(demo.now - timedelta(days=200)):
            warranty_extension_record(
                asset=appliance, months=24, reason="购买延保服务 2 年", actor=demo.agent
            )
    car = others.filter(product_model__category__is_vehicle=True).order_by("pk").first()
    auditor = User.objects.filter(username="auditor_car").first()
    if car is not None and auditor is not None:
        with clock.frozen_at(demo.now - timedelta(days=120)):
            goodwill_grant(
                asset=car,
                actor=auditor,
                months=12,
                mileage_km=20_000,
                reason="变速箱软件升级后客户关怀：整车质保延长一年",
            )
