"""Loads the demo data set through the services, with a believable six-month history."""

from __future__ import annotations

import contextlib
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from aftersales.catalog import services as catalog
from aftersales.catalog.models import LabourOperation, Part, ProductModel
from aftersales.core import clock
from aftersales.core.geo import Zone
from aftersales.core.housekeeping import refresh_planner_statistics
from aftersales.core.models import Organisation, User
from aftersales.core.roles import Role
from aftersales.core.services import organisation_create, user_create
from aftersales.customers import services as customers
from aftersales.customers.models import Asset, Customer
from aftersales.demo import claims, data, history, warranty
from aftersales.demo.progress import Progress
from aftersales.dispatch import setup as dispatch_setup
from aftersales.workorders.models import SlaPolicy
from aftersales.workorders.sla import DEFAULT_TARGETS

CAR_LICENCE = "机动车维修技师证"


@dataclass
class Demo:
    rng: random.Random
    now: datetime
    network: Organisation | None = None
    regions: dict[str, Organisation] = field(default_factory=dict)
    stations: list[Organisation] = field(default_factory=list)
    technicians: dict[int, list[User]] = field(default_factory=dict)
    managers: dict[int, User] = field(default_factory=dict)
    dispatchers: dict[int, User] = field(default_factory=dict)
    agent: User | None = None
    models: list[ProductModel] = field(default_factory=list)
    operations: dict[int, list[LabourOperation]] = field(default_factory=dict)
    parts: dict[int, list[Part]] = field(default_factory=dict)
    customers: list[Customer] = field(default_factory=list)
    categories: dict[str, list] = field(default_factory=dict)


def is_loaded() -> bool:
    return Organisation.objects.filter(code=data.NETWORK[0]).exists()


def load(
    *,
    customers_count: int = 300,
    orders_count: int = 2000,
    seed: int = 20261124,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
) -> bool:
    """Load once; returns False when the demo is already there. Progress goes to `progress`,
    else as lines to `log`, else as a bar on standard output."""
    if is_loaded():
        return False
    if progress is None:
        progress = Progress(sys.stdout) if log is None else Progress.to(log)
    now = clock.now()  # frozen by a test that needs the same demo every day
    demo = Demo(rng=random.Random(seed), now=now)
    with transaction.atomic(), _one_hash_per_password():
        with clock.frozen_at(now - timedelta(days=400)):
            _network(demo)
            _catalogue(demo)
            _people(demo)
        technicians = sum(len(t) for t in demo.technicians.values())
        progress.line(f"network: {len(demo.stations)} stations, {technicians} technicians")
        _customers(demo, customers_count, progress)
        progress.line(f"customers: {len(demo.customers)}, assets: {Asset.objects.count()}")
        warranty.load(demo)  # policies and extensions: the orders below are decided on them
    # Automatic dispatch stays off while the history is written (the loader dispatches each
    # order itself, at its historical time); it is switched on when the demo is complete.
    network = demo.network
    assert network is not None
    policy = dispatch_setup.dispatch_policy_set(
        organisation=network, actor=None, auto_dispatch=False
    )
    # Orders in batches: each batch one transaction, so an interrupted load leaves whole orders.
    batch = 250
    for start in range(0, orders_count, batch):
        with transaction.atomic():
            for i in range(start, min(start + batch, orders_count)):
                history.order_history(demo, i, orders_count)
                progress.update("work orders", i + 1, orders_count)
    # Claims, old parts, statements and recoveries on the completed orders, each step at its
    # historical moment (transactions of their own, in batches).
    claims.load(demo, progress)
    dispatch_setup.dispatch_policy_set(
        organisation=network, actor=None, policy=policy.policy, auto_dispatch=True
    )
    refresh_planner_statistics()  # the planner's first plans see the demo as it is
    return True


@contextlib.contextmanager
def _one_hash_per_password() -> Iterator[None]:
    """Every demo login has the same published password: hash it once, not sixty times (Argon2
    takes a third of a second a time; the shared salt hides nothing the README does not say)."""
    from django.contrib.auth import base_user

    original = getattr(base_user, "make_password")  # noqa: B009 (not in the type stubs)
    hashes: dict[str | None, str] = {}

    def make_password(password: str | None, *args: object, **kwargs: object) -> str:
        if password not in hashes:
            hashes[password] = original(password, *args, **kwargs)
        return hashes[password]

    setattr(base_user, "make_password", make_password)  # noqa: B010
    try:
        yield
    finally:
        setattr(base_user, "make_password", original)  # noqa: B010


def _network(demo: Demo) -> None:
    demo.network = organisation_create(
        kind="network", code=data.NETWORK[0], name=data.NETWORK[1], city="北京"
    )
    for code, name, city, province, lat, lon in data.REGIONS:
        demo.regions[code] = organisation_create(
            kind="region",
            code=code,
            name=name,
            network=demo.network,
            city=city,
            province=province,
            latitude=lat,
            longitude=lon,
        )
    for code, name, region, city, province, lat, lon, rate in data.STATIONS:
        demo.stations.append(
            organisation_create(
                kind="station",
                code=code,
                name=name,
                region=demo.regions[region],
                city=city,
                province=province,
                latitude=lat,
                longitude=lon,
                labour_rate=rate,
                address=f"{city}{demo.rng.choice(data.STREETS)}{demo.rng.randint(1, 300)}号",
            )
        )
    for code, name in data.SUPPLIERS:
        organisation_create(kind="supplier", code=code, name=name)
    for zone, (response, onsite, resolution) in DEFAULT_TARGETS.items():
        SlaPolicy.objects.create(
            manufacturer=None,
            zone=zone,
            response_minutes=response,
            onsite_minutes=onsite,
            resolution_minutes=resolution,
        )


def _catalogue(demo: Demo) -> None:
    suppliers = {o.code: o for o in Organisation.objects.filter(kind="supplier")}
    for (code, name), catalogue_rows, operations, parts in (
        (data.APPLIANCE, data.APPLIANCE_CATALOGUE, data.APPLIANCE_OPERATIONS, data.APPLIANCE_PARTS),
        (data.CARMAKER, data.CAR_CATALOGUE, data.CAR_OPERATIONS, data.CAR_PARTS),
    ):
        maker = organisation_create(kind="manufacturer", code=code, name=name)
        categories = []
        for cat_code, cat_name, vehicle, months, models in catalogue_rows:
            category = catalog.category_create(
                manufacturer=maker,
                code=cat_code,
                name=cat_name,
                is_vehicle=vehicle,
                warranty_months=months,
                required_certification=CAR_LICENCE if vehicle else "",
            )
            categories.append(category)
            for model_code, model_name, coefficient in models:
                demo.models.append(
                    catalog.product_model_create(
                        category=category,
                        code=model_code,
                        name=model_name,
                        complexity_coefficient=Decimal(coefficient),
                    )
                )
        demo.categories[code] = categories
        demo.operations[maker.pk] = [
            catalog.labour_operation_create(
                manufacturer=maker, code=c, name=n, standard_hours=Decimal(h)
            )
            for c, n, h in operations
        ]
        demo.parts[maker.pk] = [
            catalog.part_create(
                manufacturer=maker,
                number=c,
                name=n,
                unit_price=Decimal(p),
                supplier=suppliers.get(s or ""),
            )
            for c, n, p, s in parts
        ]
        # Every station services the appliance maker; the car maker signed three stations a region.
        signed = (
            demo.stations
            if code == data.APPLIANCE[0]
            else [s for i, s in enumerate(demo.stations) if i % 4 < 3]
        )
        for station in signed:
            catalog.authorisation_sign(
                station=station,
                manufacturer=maker,
                categories=categories,
                regions=[station.region],  # type: ignore[list-item]
                valid_from=date(2025, 1, 1),
                valid_to=date(2027, 12, 31),
            )


def _people(demo: Demo) -> None:
    pw = data.DEMO_PASSWORD
    makers = {o.code: o for o in Organisation.objects.filter(kind="manufacturer")}
    user_create(
        username="admin",
        password=pw,
        roles=[Role.ADMIN],
        organisation=demo.network,
        display_name="系统管理员",
        is_superuser=True,
    )
    demo.agent = user_create(
        username="agent",
        password=pw,
        roles=[Role.AGENT],
        organisation=demo.network,
        display_name="客服 小刘",
    )
    for code, region in demo.regions.items():
        username = "dispatcher" if code == "RC-EAST" else f"dispatcher_{code[3:].lower()}"
        demo.dispatchers[region.pk] = user_create(
            username=username,
            password=pw,
            roles=[Role.DISPATCHER],
            organisation=region,
            display_name=f"调度 {region.city}",
        )
    user_create(
        username="auditor",
        password=pw,
        roles=[Role.AUDITOR],
        organisation=makers[data.APPLIANCE[0]],
        display_name="审核员 陈静",
    )
    user_create(
        username="auditor_car",
        password=pw,
        roles=[Role.AUDITOR],
        organisation=makers[data.CARMAKER[0]],
        display_name="审核员 周涛",
    )
    claims.people(demo)
    names = iter(_person_names(demo.rng, 80))
    tech_count = 0
    for index, station in enumerate(demo.stations):
        special = {"ST-SH-PD": "manager", "ST-HZ": "manager2"}.get(station.code)
        demo.managers[station.pk] = user_create(
            username=special or f"manager_{station.code.lower()}",
            password=pw,
            roles=[Role.MANAGER],
            organisation=station,
            display_name=f"经理 {next(names)}",
        )
        if station.code == "ST-SH-PD":
            user_create(
                username="advisor",
                password=pw,
                roles=[Role.ADVISOR],
                organisation=station,
                display_name=f"顾问 {next(names)}",
            )
        demo.technicians[station.pk] = []
        for n in range(4 if index < 4 else 3):
            username = (
                "technician"
                if station.code == "ST-SH-PD" and n == 0
                else f"tech_{station.code.lower()}_{n + 1}"
            )
            tech = user_create(
                username=username,
                password=pw,
                roles=[Role.TECHNICIAN],
                organisation=station,
                display_name=f"{next(names)}师傅",
            )
            demo.technicians[station.pk].append(tech)
            tech_count += 1
            _technician_profile(demo, tech, station, index, n)
        dispatch_setup.station_capacity_set(
            station=station, actor=None, service_radius_km=300, daily_capacity=50
        )


def _technician_profile(demo: Demo, tech: User, station: Organisation, index: int, n: int) -> None:
    """Appliance skills for everyone (one specialist each lacks washers); car skills and the
    vehicle-repair licence for two technicians of each station the car maker signed."""
    rng = demo.rng
    skills = list(demo.categories[data.APPLIANCE[0]])
    if n == 2:
        skills = skills[:2]
    certifications = []
    if index % 4 < 3 and n < 2:
        skills += demo.categories[data.CARMAKER[0]]
        certifications.append(CAR_LICENCE)
    shift = {day: ["08:30", "18:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat")}
    if n == 0:
        shift["sun"] = ["09:00", "17:00"]  # one technician per station covers Sundays
    dispatch_setup.technician_profile_save(
        user=tech,
        actor=None,
        skills=skills,
        certifications=certifications,
        home=(
            Decimal(str(round(float(station.latitude or 0) + rng.uniform(-0.05, 0.05), 6))),
            Decimal(str(round(float(station.longitude or 0) + rng.uniform(-0.05, 0.05), 6))),
        ),
        shift=shift,
        daily_capacity=rng.choice([5, 6, 6, 7]),
        team=f"{station.city}{'一' if n < 2 else '二'}组",
    )


def _person_names(rng: random.Random, count: int) -> list[str]:
    return [
        rng.choice(data.SURNAMES)
        + "".join(rng.choice(data.GIVEN) for _ in range(rng.choice((1, 2))))
        for _ in range(count)
    ]


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        phone = (
            rng.choice(["138", "139", "137", "150", "151", "158", "186", "188", "189", "177"])
            + f"{rng.randint(0, 99999999):08d}"
        )
        if phone not in used:
            used.add(phone)
            return phone


def _customers(demo: Demo, count: int, progress: Progress) -> None:
    rng, used = demo.rng, {"13912345678"}
    names = _person_names(rng, count)
    serial_no = 0
    for i in range(count):
        station = demo.stations[4] if i == 0 else rng.choice(demo.stations)
        zone = (
            Zone.CITY
            if i == 0
            else rng.choices([Zone.CITY, Zone.SUBURB, Zone.REMOTE], [70, 20, 10])[0]
        )
        spread = {Zone.CITY: 0.06, Zone.SUBURB: 0.25, Zone.REMOTE: 0.6}[zone]
        is_company = rng.random() < 0.1
        with clock.frozen_at(demo.now - timedelta(days=rng.randint(200, 380))):
            customer = customers.customer_create(
                name="张伟"
                if i == 0
                else (
                    f"{station.city}{rng.choice(['恒信', '鑫源', '华泰', '瑞丰'])}商贸有限公司"
                    if is_company
                    else names[i]
                ),
                phone="13912345678" if i == 0 else _phone(rng, used),
                kind="company" if is_company else "person",
                tier="A" if i == 0 else rng.choices(["A", "B", "C"], [10, 30, 60])[0],
                actor=demo.agent,
                address={
                    "province": station.province,
                    "city": station.city,
                    "district": "",
                    "line": f"{rng.choice(data.STREETS)}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋{rng.randint(101, 2808)}室",
                    "latitude": round(float(station.latitude) + rng.uniform(-spread, spread), 6),  # type: ignore[arg-type]
                    "longitude": round(float(station.longitude) + rng.uniform(-spread, spread), 6),  # type: ignore[arg-type]
                    "zone": zone,
                },
            )
            if i == 0:
                login = user_create(
                    username="customer",
                    password=data.DEMO_PASSWORD,
                    roles=[Role.CUSTOMER],
                    display_name="张伟",
                )
                Customer.objects.filter(pk=customer.pk).update(user=login)
            for _ in range(2):
                serial_no += 1
                model = demo.models[0] if i == 0 and serial_no == 1 else rng.choice(demo.models)
                vehicle = model.category.is_vehicle
                purchase = (clock.now() - timedelta(days=rng.randint(0, 600))).date()
                asset = customers.asset_create(
                    product_model=model,
                    serial=(
                        f"LYH{model.code[-2:]}{rng.randint(0, 10**11):011d}{serial_no % 10}"
                        if vehicle
                        else f"HY{model.code[:3]}{serial_no:08d}"
                    ),
                    customer=customer,
                    purchase_date=purchase,
                    production_batch=f"{purchase.year}{rng.randint(1, 52):02d}-B{rng.randint(1, 9)}",
                    mileage_km=rng.randint(1000, 80000) if vehicle else None,
                    actor=demo.agent,
                )
                if rng.random() < 0.7:
                    customers.warranty_register(
                        asset=asset,
                        customer=customer,
                        channel=rng.choice(["web", "sms", "staff"]),
                        actor=demo.agent,
                    )
        demo.customers.append(customer)
        progress.update("customers", i + 1, count)
