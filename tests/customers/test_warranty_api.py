from datetime import date

from aftersales.core.models import AuditEvent
from aftersales.customers import services
from aftersales.customers.models import WarrantyRegistration


def unowned_asset(world, serial="HY470B7777"):
    return services.asset_create(
        product_model=world.extra["fridge_model"], serial=serial, actor=world.users["auditor"]
    )


def test_customer_registers_an_unowned_unit_by_serial(world, api):
    asset = unowned_asset(world)
    r = api(world.users["customer"]).post(
        "warranty-registrations", {"serial": " hy470b7777 ", "purchase_date": "2026-10-01"}
    )
    assert r.status_code == 201, r.content
    asset.refresh_from_db()
    assert asset.customer == world.customer
    assert asset.purchase_date == date(2026, 10, 1)
    assert AuditEvent.objects.filter(
        verb="asset.registered", object_id=asset.pk, to_state="registered"
    ).exists()


def test_unknown_serial_is_a_field_error(world, api):
    r = api(world.users["customer"]).post("warranty-registrations", {"serial": "NOPE-1"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "serial"


def test_registering_twice_is_a_conflict(world, api):
    unowned_asset(world)
    client = api(world.users["customer"])
    assert client.post("warranty-registrations", {"serial": "HY470B7777"}).status_code == 201
    assert client.post("warranty-registrations", {"serial": "HY470B7777"}).status_code == 409
    assert WarrantyRegistration.objects.count() == 1


def test_another_customers_unit_cannot_be_registered(world, api):
    r = api(world.users["customer"]).post(
        "warranty-registrations", {"serial": world.other_asset.serial}
    )
    assert r.status_code == 409
    assert not WarrantyRegistration.objects.exists()


def test_staff_registers_for_a_visible_customer_only(world, api):
    unowned_asset(world)
    agent = api(world.users["agent"])
    assert agent.post("warranty-registrations", {"serial": "HY470B7777"}).status_code == 422
    assert (
        agent.post(
            "warranty-registrations", {"serial": "HY470B7777", "customer_id": world.customer.pk}
        ).status_code
        == 201
    )
    unowned_asset(world, "HY470B8888")
    # manager2's station never served this customer: the id is not theirs to use.
    r = api(world.users["manager2"]).post(
        "warranty-registrations", {"serial": "HY470B8888", "customer_id": world.customer.pk}
    )
    assert r.status_code == 404


def test_a_registered_unit_reads_as_registered(world, api):
    asset = unowned_asset(world)
    client = api(world.users["customer"])
    assert client.post("warranty-registrations", {"serial": asset.serial}).status_code == 201
    assert client.get(f"assets/{asset.pk}").json()["registered"] is True
