"""Factories and a small two-region network shared by the tests."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import factory

from aftersales.catalog import services as catalog
from aftersales.core.models import ApiToken, Organisation, OrganisationKind, User
from aftersales.core.roles import Role
from aftersales.core.services import organisation_create, user_create
from aftersales.customers import services as customers
from aftersales.customers.models import Asset, Customer

PASSWORD = "correct-horse-battery"
_phones = itertools.count(13800000000)
_serials = itertools.count(1)


def next_phone() -> str:
    return str(next(_phones))


def next_serial(prefix: str = "SN") -> str:
    return f"{prefix}{next(_serials):08d}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.STATION
    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"Organisation {n}")


def make_user(
    username: str, roles: list[str], organisation: Organisation | None = None, **kw
) -> User:
    return user_create(
        username=username, password=PASSWORD, roles=roles, organisation=organisation, **kw
    )


ALWAYS = {day: ["00:00", "24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def technician_profile(user: User, skills=(), **kw):
    """A dispatch profile that is on shift whenever the tests run (nights and Sundays too)."""
    from aftersales.dispatch.models import TechnicianProfile

    kw.setdefault("shift", ALWAYS)
    profile = TechnicianProfile.objects.create(user=user, **kw)
    profile.skills.set(list(skills))
    return profile


def token_for(user: User) -> str:
    raw = secrets.token_urlsafe(24)
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash(raw), prefix=raw[:8])
    return raw


@dataclass
class World:
    network: Organisation
    region_sh: Organisation
    region_bj: Organisation
    station_sh: Organisation
    station_sh2: Organisation
    station_bj: Organisation
    appliance: Organisation
    carmaker: Organisation
    users: dict[str, User] = field(default_factory=dict)
    customer: Customer | None = None
    other_customer: Customer | None = None
    asset: Asset | None = None
    other_asset: Asset | None = None
    extra: dict = field(default_factory=dict)


def build_world() -> World:
    net = organisation_create(kind="network", code="NET", name="全国服务联盟")
    r_sh = organisation_create(
        kind="region",
        code="R-SH",
        name="华东中心",
        network=net,
        city="上海",
        latitude=Decimal("31.230416"),
        longitude=Decimal("121.473701"),
    )
    r_bj = organisation_create(
        kind="region",
        code="R-BJ",
        name="华北中心",
        network=net,
        city="北京",
        latitude=Decimal("39.904200"),
        longitude=Decimal("116.407396"),
    )
    s_sh = organisation_create(
        kind="station",
        code="S-SH1",
        name="上海浦东服务站",
        region=r_sh,
        city="上海",
        latitude=Decimal("31.221500"),
        longitude=Decimal("121.544000"),
        labour_rate=Decimal("100.00"),
    )
    s_sh2 = organisation_create(
        kind="station",
        code="S-SH2",
        name="上海闵行服务站",
        region=r_sh,
        city="上海",
        latitude=Decimal("31.112000"),
        longitude=Decimal("121.381000"),
    )
    s_bj = organisation_create(
        kind="station",
        code="S-BJ1",
        name="北京朝阳服务站",
        region=r_bj,
        city="北京",
        latitude=Decimal("39.921500"),
        longitude=Decimal("116.443000"),
    )
    appliance = organisation_create(kind="manufacturer", code="M-APP", name="海岳家电")
    carmaker = organisation_create(kind="manufacturer", code="M-CAR", name="远航汽车")
    w = World(net, r_sh, r_bj, s_sh, s_sh2, s_bj, appliance, carmaker)
    u = w.users
    u["admin"] = make_user("admin", [Role.ADMIN], net, is_superuser=True)
    u["agent"] = make_user("agent", [Role.AGENT], net)
    u["dispatcher"] = make_user("dispatcher", [Role.DISPATCHER], r_sh)
    u["dispatcher_bj"] = make_user("dispatcher_bj", [Role.DISPATCHER], r_bj)
    u["advisor"] = make_user("advisor", [Role.ADVISOR], s_sh)
    u["technician"] = make_user("technician", [Role.TECHNICIAN], s_sh, display_name="王师傅")
    u["technician2"] = make_user("technician2", [Role.TECHNICIAN], s_sh)
    u["technician_bj"] = make_user("technician_bj", [Role.TECHNICIAN], s_bj)
    u["manager"] = make_user("manager", [Role.MANAGER], s_sh)
    u["manager2"] = make_user("manager2", [Role.MANAGER], s_sh2)
    u["auditor"] = make_user("auditor", [Role.AUDITOR], appliance)
    u["auditor_car"] = make_user("auditor_car", [Role.AUDITOR], carmaker)

    fridge = catalog.category_create(manufacturer=appliance, code="FRIDGE", name="冰箱")
    car_cat = catalog.category_create(
        manufacturer=carmaker, code="SEDAN", name="轿车", is_vehicle=True, warranty_months=36
    )
    fridge_model = catalog.product_model_create(
        category=fridge,
        code="BCD-470",
        name="海岳对开门冰箱",
        complexity_coefficient=Decimal("1.20"),
    )
    car_model = catalog.product_model_create(
        category=car_cat, code="YH-S7", name="远航S7", complexity_coefficient=Decimal("1.50")
    )
    w.extra.update(
        fridge=fridge,
        fridge_model=fridge_model,
        car_model=car_model,
        op_diag=catalog.labour_operation_create(
            manufacturer=appliance, code="OP-DIAG", name="故障诊断", standard_hours=Decimal("0.50")
        ),
        op_car=catalog.labour_operation_create(
            manufacturer=carmaker, code="OP-OIL", name="更换机油", standard_hours=Decimal("0.80")
        ),
        part=catalog.part_create(
            manufacturer=appliance, number="P-COMP-01", name="压缩机", unit_price=Decimal("450.00")
        ),
    )
    for station, maker, category, region in (
        (s_sh, appliance, fridge, r_sh),
        (s_sh2, appliance, fridge, r_sh),
        (s_bj, carmaker, car_cat, r_bj),
    ):
        catalog.authorisation_sign(
            station=station,
            manufacturer=maker,
            categories=[category],
            regions=[region],
            valid_from=date(2026, 1, 1),
        )
    for name, skills in (
        ("technician", [fridge]),
        ("technician2", [fridge]),
        ("technician_bj", [car_cat]),
    ):
        technician_profile(u[name], skills=skills)
    actor = u["agent"]
    w.customer = customers.customer_create(
        name="张伟",
        phone="13912345678",
        actor=actor,
        tier="A",
        address={
            "province": "上海市",
            "city": "上海",
            "district": "浦东新区",
            "line": "世纪大道100号",
            "latitude": 31.2304,
            "longitude": 121.5400,
            "zone": "city",
        },
    )
    w.other_customer = customers.customer_create(
        name="李娜",
        phone="13987654321",
        actor=actor,
        address={
            "province": "北京市",
            "city": "北京",
            "district": "朝阳区",
            "line": "建国路88号",
            "latitude": 39.9087,
            "longitude": 116.4605,
            "zone": "suburb",
        },
    )
    u["customer"] = make_user("customer", [Role.CUSTOMER])
    u["customer2"] = make_user("customer2", [Role.CUSTOMER])
    Customer.objects.filter(pk=w.customer.pk).update(user=u["customer"])
    Customer.objects.filter(pk=w.other_customer.pk).update(user=u["customer2"])
    w.customer.refresh_from_db()
    w.other_customer.refresh_from_db()
    w.asset = customers.asset_create(
        product_model=fridge_model,
        serial="HY470A0001",
        customer=w.customer,
        purchase_date=date(2026, 3, 1),
        actor=actor,
    )
    w.other_asset = customers.asset_create(
        product_model=car_model,
        serial="LYH0S7000000000001",
        customer=w.other_customer,
        purchase_date=date(2025, 6, 1),
        mileage_km=12000,
        actor=actor,
    )
    return w


# -- small factories beside the world: one record, made through the services ----------------
def customer_of_world(world: World, **kw) -> Customer:
    """A Shanghai customer of the network, recorded by the agent."""
    kw.setdefault("name", "测试客户")
    kw.setdefault("phone", next_phone())
    kw.setdefault(
        "address",
        {
            "province": "上海市",
            "city": "上海",
            "line": "测试路1号",
            "latitude": 31.23,
            "longitude": 121.47,
        },
    )
    return customers.customer_create(actor=world.users["agent"], **kw)


def fridge_of(world: World, customer: Customer, **kw) -> Asset:
    kw.setdefault("serial", next_serial("HY"))
    return customers.asset_create(
        product_model=world.extra["fridge_model"],
        customer=customer,
        actor=world.users["agent"],
        **kw,
    )


# The usual way to each state, with the usual actors (tests/workorders/helpers.py `advance`).
STEPS_TO = {
    "new": (),
    "accepted": ("accept",),
    "assigned": ("accept", "assign"),
    "in_progress": ("accept", "assign", "start"),
    "completed": ("accept", "assign", "start", "complete"),
    "closed": ("accept", "assign", "start", "complete", "close"),
    "cancelled": ("accept", "cancel"),
}


def work_order_in(world: World, state: str, **kw):
    """The world customer's fridge order, walked to `state` through the services."""
    from tests.workorders.helpers import advance, file_request

    return advance(world, file_request(world, **kw), *STEPS_TO[state])


def claims_people(world: World) -> dict[str, User]:
    """The claim's people beside the world's auditor: the manufacturer's warranty assessor
    (索赔审核) and finance user, a station's own 保修鉴定员, and the car maker's assessor."""
    u = world.users
    for name, role, org in (
        ("assessor", Role.WARRANTY_ASSESSOR, world.appliance),
        ("finance", Role.FINANCE, world.appliance),
        ("station_assessor", Role.WARRANTY_ASSESSOR, world.station_sh),
        ("assessor_car", Role.WARRANTY_ASSESSOR, world.carmaker),
    ):
        if name not in u:
            u[name] = make_user(name, [str(role)], org)
    return u
