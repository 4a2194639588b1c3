"""End-to-end automatic dispatch of one order with 2,000 technicians in its region (database
included: loading technicians, loads, authorisations, deciding, writing the assignment)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from aftersales.catalog import services as catalog
from aftersales.catalog.models import Authorisation
from aftersales.core.models import User, UserRole
from aftersales.core.services import organisation_create
from aftersales.customers import services as customers
from aftersales.dispatch.models import DispatchPolicy, TechnicianProfile
from aftersales.dispatch.services import work_order_auto_dispatch
from aftersales.workorders.services import work_order_create, work_order_transition

ALWAYS = {d: ["00:00", "24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _setup(n_techs: int, stations: int = 50):
    """A region with `stations` stations and `n_techs` technicians (bulk-created: fixtures)."""
    rng = random.Random(5)
    net = organisation_create(kind="network", code="BENCH-NET", name="bench network")
    region = organisation_create(
        kind="region",
        code="BENCH-R",
        name="bench region",
        network=net,
        city="上海",
        latitude=Decimal("31.23"),
        longitude=Decimal("121.47"),
    )
    maker = organisation_create(kind="manufacturer", code="BENCH-M", name="bench maker")
    category = catalog.category_create(manufacturer=maker, code="C", name="cat")
    model = catalog.product_model_create(category=category, code="M", name="model")
    station_list = []
    for s in range(stations):
        station = organisation_create(
            kind="station",
            code=f"BENCH-S{s}",
            name=f"station {s}",
            region=region,
            latitude=Decimal(str(round(31.23 + rng.uniform(-0.4, 0.4), 6))),
            longitude=Decimal(str(round(121.47 + rng.uniform(-0.4, 0.4), 6))),
        )
        station_list.append(station)
        auth = Authorisation.objects.create(
            station=station,
            manufacturer=maker,
            valid_from=date(2020, 1, 1),
            station_signed_at=net.created_at,
            manufacturer_signed_at=net.created_at,
        )
        auth.categories.set([category])
        auth.regions.set([region])
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-tech-{i}",
                password=password,
                organisation=station_list[i % stations],
            )
            for i in range(n_techs)
        ]
    )
    UserRole.objects.bulk_create([UserRole(user=u, role="technician") for u in users])
    profiles = TechnicianProfile.objects.bulk_create(
        [
            TechnicianProfile(
                user=u,
                shift=ALWAYS,
                daily_capacity=10_000,
                home_latitude=Decimal(str(round(31.23 + rng.uniform(-0.5, 0.5), 6))),
                home_longitude=Decimal(str(round(121.47 + rng.uniform(-0.5, 0.5), 6))),
            )
            for u in users
        ]
    )
    TechnicianProfile.skills.through.objects.bulk_create(
        [
            TechnicianProfile.skills.through(
                technicianprofile_id=p.pk, productcategory_id=category.pk
            )
            for p in profiles
        ]
    )
    DispatchPolicy.objects.create(organisation=net, auto_dispatch=False)
    agent = User.objects.create(username="bench-agent", organisation=net, password=password)
    UserRole.objects.create(user=agent, role="agent")
    from aftersales.dispatch.models import StationCapacity

    StationCapacity.objects.bulk_create(
        [
            StationCapacity(station=s, daily_capacity=100_000, service_radius_km=500)
            for s in station_list
        ]
    )
    customer = customers.customer_create(
        name="bench",
        phone="13000000001",
        actor=agent,
        address={
            "province": "上海市",
            "city": "上海",
            "line": "x",
            "latitude": 31.23,
            "longitude": 121.47,
        },
    )
    asset = customers.asset_create(
        product_model=model, serial="BENCH-1", customer=customer, actor=agent
    )
    return agent, customer, asset


def run(n_techs: int = 2_000, runs: int = 200) -> list[float]:
    with transaction.atomic():
        agent, customer, asset = _setup(n_techs)
        with connection.cursor() as cursor:
            # A live system has planner statistics; fresh bulk rows without them get plans no
            # production database would use (PostgreSQL: profiles 8 ms instead of 4).
            cursor.execute("ANALYZE")
        samples = []
        for i in range(runs + 10):
            order = work_order_create(
                customer=customer, asset=asset, fault_description="x", channel="api", actor=agent
            )
            work_order_transition(work_order=order, name="accept", actor=agent)
            start = time.perf_counter()
            result = work_order_auto_dispatch(work_order=order, actor=None)
            took = (time.perf_counter() - start) * 1000
            assert result.assigned
            if i >= 10:  # warm-up
                samples.append(took)
        transaction.set_rollback(True)  # leave the bench database as it was
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
