from datetime import timedelta

import pytest

from aftersales.core.models import AuditEvent
from aftersales.customers.services import asset_create, customer_create
from aftersales.workorders.models import SlaPolicy, WorkOrder


def test_customer_request_by_asset_is_routed_to_manufacturer_and_region(world, api):
    r = api(world.users["customer"]).post(
        "service-requests",
        {"asset_id": world.asset.pk, "fault_description": "冰箱不制冷", "channel": "portal"},
    )
    assert r.status_code == 201, r.content
    order = WorkOrder.objects.get(pk=r.json()["id"])
    assert order.manufacturer == world.appliance
    assert order.region == world.region_sh
    assert order.network == world.network
    assert order.channel == "portal"
    assert order.customer == world.customer
    assert (
        AuditEvent.objects.filter(
            verb="work_order.created", object_id=order.pk, to_state="new"
        ).count()
        == 1
    )


def test_customer_request_by_serial(world, api):
    r = api(world.users["customer"]).post(
        "service-requests", {"serial": world.asset.serial.lower(), "fault_description": "噪音大"}
    )
    assert r.status_code == 201
    assert r.json()["asset_id"] == world.asset.pk


def test_unknown_serial_and_someone_elses_serial_are_refused(world, api):
    me = api(world.users["customer"])
    before = WorkOrder.objects.count()
    assert (
        me.post("service-requests", {"serial": "NOPE", "fault_description": "x"}).json()["errors"][
            0
        ]["field"]
        == "serial"
    )
    assert (
        me.post(
            "service-requests", {"serial": world.other_asset.serial, "fault_description": "x"}
        ).json()["errors"][0]["field"]
        == "serial"
    )
    assert (
        me.post(
            "service-requests", {"asset_id": world.other_asset.pk, "fault_description": "x"}
        ).json()["errors"][0]["field"]
        == "asset_id"
    )
    assert WorkOrder.objects.count() == before


def test_empty_fault_bad_type_and_reversed_window_are_field_errors(world, api):
    me = api(world.users["customer"])
    assert (
        me.post("service-requests", {"asset_id": world.asset.pk, "fault_description": "  "}).json()[
            "errors"
        ][0]["field"]
        == "fault_description"
    )
    assert (
        me.post(
            "service-requests",
            {"asset_id": world.asset.pk, "fault_description": "x", "type": "party"},
        ).json()["errors"][0]["field"]
        == "type"
    )
    r = me.post(
        "service-requests",
        {
            "asset_id": world.asset.pk,
            "fault_description": "x",
            "preferred_start": "2026-12-01T10:00:00+08:00",
            "preferred_end": "2026-12-01T09:00:00+08:00",
        },
    )
    assert r.json()["errors"][0]["field"] == "preferred_end"


def test_staff_files_for_a_customer_by_phone_channel(world, api):
    r = api(world.users["agent"]).post(
        "service-requests",
        {
            "customer_id": world.customer.pk,
            "asset_id": world.asset.pk,
            "fault_description": "来电报修",
            "channel": "phone",
            "priority": "high",
        },
    )
    assert r.status_code == 201
    assert r.json()["channel"] == "phone"
    assert r.json()["priority"] == "high"
    assert (
        api(world.users["agent"])
        .post("service-requests", {"fault_description": "x"})
        .json()["errors"][0]["field"]
        == "customer_id"
    )


def test_station_intake_keeps_the_order_at_the_station(world, api):
    advisor = api(world.users["advisor"])
    walk_in = advisor.post("customers", {"name": "到店客户", "phone": "13655550000"}).json()
    r = advisor.post(
        "service-requests",
        {"customer_id": walk_in["id"], "fault_description": "到店报修", "channel": "phone"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["station_id"] == world.station_sh.pk
    assert r.json()["region_id"] == world.region_sh.pk
    # Another station's customer stays invisible to this advisor.
    r = advisor.post(
        "service-requests", {"customer_id": world.customer.pk, "fault_description": "x"}
    )
    assert r.status_code == 404


@pytest.mark.parametrize(("zone", "hours"), [("city", 2), ("suburb", 3), ("remote", 5)])
def test_response_due_follows_the_zone_of_the_address(world, api, zone, hours):
    customer = customer_create(
        name="测试",
        phone=f"1360000000{hours}",
        actor=world.users["agent"],
        address={
            "province": "上海市",
            "city": "上海",
            "line": "x路1号",
            "zone": zone,
            "latitude": 31.2,
            "longitude": 121.5,
        },
    )
    asset = asset_create(
        product_model=world.extra["fridge_model"],
        serial=f"Z{zone}",
        customer=customer,
        actor=world.users["agent"],
    )
    r = api(world.users["agent"]).post(
        "service-requests",
        {"customer_id": customer.pk, "asset_id": asset.pk, "fault_description": "x"},
    )
    order = WorkOrder.objects.get(pk=r.json()["id"])
    assert order.zone == zone
    assert order.response_due_at and order.onsite_due_at
    assert order.response_due_at - order.created_at == timedelta(hours=hours)
    assert order.onsite_due_at - order.created_at == timedelta(hours=24)


def test_manufacturer_sla_policy_overrides_the_default(world, api):
    SlaPolicy.objects.create(
        manufacturer=world.appliance,
        zone="city",
        response_minutes=30,
        onsite_minutes=180,
        resolution_minutes=1440,
    )
    r = api(world.users["customer"]).post(
        "service-requests", {"asset_id": world.asset.pk, "fault_description": "电梯困人"}
    )
    order = WorkOrder.objects.get(pk=r.json()["id"])
    assert order.response_due_at and order.onsite_due_at
    assert order.response_due_at - order.created_at == timedelta(minutes=30)
    assert order.onsite_due_at - order.created_at == timedelta(minutes=180)


def test_beijing_customer_goes_to_the_north_region(world, api):
    r = api(world.users["customer2"]).post(
        "service-requests",
        {"asset_id": world.other_asset.pk, "fault_description": "发动机故障灯亮"},
    )
    assert r.json()["region_id"] == world.region_bj.pk
    assert r.json()["manufacturer_id"] == world.carmaker.pk


def test_numbers_are_sequential_per_day(world, api):
    me = api(world.users["customer"])
    first = me.post(
        "service-requests", {"asset_id": world.asset.pk, "fault_description": "a"}
    ).json()["number"]
    second = me.post(
        "service-requests", {"asset_id": world.asset.pk, "fault_description": "b"}
    ).json()["number"]
    assert first[:-6] == second[:-6]
    assert int(second[-6:]) == int(first[-6:]) + 1
