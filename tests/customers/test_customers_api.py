from aftersales.core.models import AuditEvent
from aftersales.customers.models import Customer


def new_customer(**over):
    body = {
        "name": "赵敏",
        "phone": "13700001111",
        "tier": "B",
        "address": {
            "province": "浙江省",
            "city": "杭州",
            "line": "文三路1号",
            "latitude": "30.27",
            "longitude": "120.15",
            "zone": "suburb",
        },
    }
    body.update(over)
    return body


def test_agent_creates_a_customer_with_an_address_and_an_audit_row(world, api):
    r = api(world.users["agent"]).post("customers", new_customer())
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["tier"] == "B"
    assert data["addresses"][0]["zone"] == "suburb"
    event = AuditEvent.objects.get(verb="customer.created", object_id=data["id"])
    assert event.actor == world.users["agent"]


def test_phone_in_the_wrong_format_is_a_field_error_and_writes_nothing(world, api):
    before = Customer.objects.count()
    r = api(world.users["agent"]).post("customers", new_customer(phone="12345"))
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["phone"]
    assert Customer.objects.count() == before


def test_duplicate_phone_is_a_conflict(world, api):
    r = api(world.users["agent"]).post("customers", new_customer(phone=world.customer.phone))
    assert r.status_code == 409
    assert r.json()["errors"][0]["field"] == "phone"


def test_bad_tier_and_zone_and_missing_name(world, api):
    agent = api(world.users["agent"])
    assert agent.post("customers", new_customer(tier="Z")).json()["errors"][0]["field"] == "tier"
    bad_zone = new_customer()
    bad_zone["address"]["zone"] = "moon"
    assert agent.post("customers", bad_zone).json()["errors"][0]["field"] == "address.zone"
    r = agent.post("customers", {"phone": "13700002222"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "name"


def test_technician_and_customer_may_not_create_customers(world, api):
    for role in ("technician", "customer", "auditor"):
        assert api(world.users[role]).post("customers", new_customer()).status_code == 403, role


def test_customer_sees_only_themself(world, api):
    me = api(world.users["customer"])
    assert me.get(f"customers/{world.customer.pk}").status_code == 200
    assert me.get(f"customers/{world.other_customer.pk}").status_code == 404


def test_manufacturer_sees_customers_owning_its_products_only(world, api):
    assert api(world.users["auditor"]).get(f"customers/{world.customer.pk}").status_code == 200
    assert (
        api(world.users["auditor"]).get(f"customers/{world.other_customer.pk}").status_code == 404
    )
    assert (
        api(world.users["auditor_car"]).get(f"customers/{world.other_customer.pk}").status_code
        == 200
    )


def test_every_router_declares_the_same_error_answers(client):
    operations = [
        (path, method, operation)
        for path, item in client.get("/api/openapi.json").json()["paths"].items()
        for method, operation in item.items()
    ]
    assert operations
    for path, method, operation in operations:
        declared = set(operation["responses"])
        assert {"401", "403", "404", "409", "422"} <= declared, (method, path, declared)
