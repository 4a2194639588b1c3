"""The warranty (三包) entitlement decided through the service, database included (issue 9:
p99 < 5 ms): gathering the facts (e-registration, installation orders, earlier registrations),
choosing the policy version in force on the day of sale, deciding, storing the decision with its
terms and facts, the lines' payers and the audit event.

Its own manufacturer, categories and policy versions (a model override, versions closed by
later ones, other categories' versions beside), 300 units and their orders at a station, all in
one transaction rolled back at the end: the bench database is left as it was.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from django.db import transaction

from aftersales.catalog import services as catalog
from aftersales.core.models import User
from aftersales.core.services import organisation_create, user_create
from aftersales.customers import services as customers
from aftersales.warranty.services import (
    ComponentSpec,
    entitlement_decide,
    warranty_facts_set,
    warranty_policy_create,
)
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.services import work_order_create

UNITS = 300
WARM_UP = 20


def _setup(rng: random.Random) -> tuple[User, list[WorkOrder]]:
    net = organisation_create(kind="network", code="WB-NET", name="warranty bench network")
    region = organisation_create(
        kind="region", code="WB-R", name="warranty bench region", network=net, city="上海"
    )
    station = organisation_create(
        kind="station", code="WB-S", name="warranty bench station", region=region, city="上海"
    )
    maker = organisation_create(kind="manufacturer", code="WB-M", name="warranty bench maker")
    advisor = user_create(
        username="wb-advisor",
        password="bench-not-for-login",
        roles=["advisor"],
        organisation=station,
    )
    models = []
    for c in range(6):
        category = catalog.category_create(
            manufacturer=maker, code=f"WB-C{c}", name=f"category {c}", warranty_months=12
        )
        for v, start in enumerate((date(2019, 1, 1), date(2022, 1, 1), date(2024, 7, 1))):
            warranty_policy_create(
                category=category,
                version_label=f"C{c} v{v}",
                valid_from=start,
                repair_months=12 + 12 * v,
                components=[ComponentSpec("compressor", "压缩机", months=60)],
                actor=None,
            )
        for m in range(3):
            models.append(
                catalog.product_model_create(category=category, code=f"WB-C{c}-M{m}", name="m")
            )
        warranty_policy_create(
            category=category,
            product_model=models[-1],
            version_label=f"C{c} flagship",
            valid_from=date(2023, 1, 1),
            repair_months=36,
            actor=None,
        )
    customer = customers.customer_create(
        name="bench",
        phone="13000000999",
        actor=advisor,
        address={"province": "上海市", "city": "上海", "line": "x"},
    )
    orders = []
    for i in range(UNITS):
        asset = customers.asset_create(
            product_model=rng.choice(models),
            serial=f"WB-{i:06d}",
            customer=customer,
            purchase_date=date(2026, 1, 1) - timedelta(days=rng.randint(0, 2000)),
            actor=advisor,
        )
        if rng.random() < 0.7:
            customers.warranty_register(
                asset=asset, customer=customer, channel="web", actor=advisor
            )
        # Filed at the station (its own intake): at the station from the start.
        orders.append(
            work_order_create(
                customer=customer,
                asset=asset,
                fault_description="x",
                channel="phone",
                actor=advisor,
            )
        )
    return advisor, orders


def _timed(samples: list[float], fn: Callable[[], object]) -> None:
    start = time.perf_counter()
    fn()
    samples.append((time.perf_counter() - start) * 1000)


def run() -> list[list[object]]:
    """Rows: (what, n, median ms, p99 ms)."""
    rng = random.Random(9)
    first: list[float] = []
    again: list[float] = []
    facts: list[float] = []
    reference: list[float] = []
    with transaction.atomic():
        advisor, orders = _setup(rng)
        # As in a served worker (aftersales/wsgi.py): long-lived objects out of the collector.
        gc.collect()
        gc.freeze()
        for order in orders:
            _timed(first, partial(entitlement_decide, work_order=order, actor=None))
        for order in orders:
            _timed(again, partial(entitlement_decide, work_order=order, actor=None))
        for order in orders:
            recorded = partial(
                warranty_facts_set,
                work_order=order,
                actor=advisor,
                proof_of_purchase=rng.random() < 0.9,
                cause=rng.choice(["normal", "normal", "normal", "misuse"]),
                component_code=rng.choice(["", "", "compressor"]),
            )
            _timed(facts, recorded)
        # What one trivial ORM query costs on this machine, to read the rows above by.
        for order in orders:
            _timed(reference, partial(WorkOrder.objects.filter(pk=order.pk).first))
        transaction.set_rollback(True)
    return [
        _row("entitlement_decide, first decision (new order)", first),
        _row("entitlement_decide again (nothing changed)", again),
        _row("warranty_facts_set: facts recorded, decided again, audited", facts),
        _row("reference: one trivial ORM query (WorkOrder by id)", reference),
    ]


def _row(name: str, samples: list[float]) -> list[object]:
    measured = sorted(samples[WARM_UP:])
    p99 = measured[min(len(measured) - 1, int(0.99 * len(measured)))]
    return [name, len(measured), f"{statistics.median(measured):.2f}", f"{p99:.2f}"]
