"""Every API operation × every role × a record of another organisation.

The foreign records live in a second service network (its own region, station, manufacturer,
customer, asset, order and attachment). Whatever the role, an id of theirs answers 404 (never
403: the API does not confirm that another organisation's record exists) and nothing changes.
A second table checks which roles may call the operations that create records.
"""

from datetime import date
from decimal import Decimal

import pytest

from aftersales.catalog import services as catalog
from aftersales.core.models import AuditEvent
from aftersales.core.services import organisation_create
from aftersales.customers import services as customers
from aftersales.workorders import services as orders
from tests.factories import make_user, technician_profile
from tests.images import png

ROLES = [
    "agent",
    "dispatcher",
    "advisor",
    "technician",
    "manager",
    "manager2",
    "auditor",
    "auditor_car",
    "customer",
    "customer2",
]


@pytest.fixture
def foreign(world):
    net = organisation_create(kind="network", code="NET2", name="另一联盟")
    region = organisation_create(
        kind="region",
        code="R2-CD",
        name="西南中心",
        network=net,
        city="成都",
        latitude=Decimal("30.6586"),
        longitude=Decimal("104.0648"),
    )
    station = organisation_create(
        kind="station", code="S2-CD", name="成都服务站", region=region, city="成都"
    )
    maker = organisation_create(kind="manufacturer", code="M2", name="别家电器")
    category = catalog.category_create(manufacturer=maker, code="TV", name="电视")
    model = catalog.product_model_create(category=category, code="TV55", name="55寸电视")
    agent2 = make_user("agent_net2", ["agent"], net)
    tech2 = make_user("tech_net2", ["technician"], station)
    technician_profile(tech2, skills=[category])
    catalog.authorisation_sign(
        station=station,
        manufacturer=maker,
        categories=[category],
        regions=[region],
        valid_from=date(2026, 1, 1),
    )
    customer = customers.customer_create(
        name="外网客户",
        phone="13500009999",
        actor=agent2,
        address={
            "province": "四川省",
            "city": "成都",
            "line": "春熙路1号",
            "latitude": 30.65,
            "longitude": 104.07,
        },
    )
    asset = customers.asset_create(
        product_model=model, serial="TV55-0001", customer=customer, actor=agent2
    )
    order = orders.work_order_create(
        customer=customer, asset=asset, fault_description="黑屏", channel="phone", actor=agent2
    )
    orders.work_order_transition(work_order=order, name="accept", actor=agent2)
    orders.work_order_transition(
        work_order=order,
        name="assign",
        actor=make_user("disp_net2", ["dispatcher"], region),
        technician=tech2,
    )
    attachment = orders.work_order_attach(work_order=order, actor=agent2, upload=png())
    return {
        "customer": customer,
        "asset": asset,
        "order": order,
        "attachment": attachment,
        "model": model,
        "region": region,
        "technician": tech2,
    }


def by_id_calls(f):
    o = f["order"].pk
    return {
        "get_customer": ("get", f"customers/{f['customer'].pk}", None),
        "get_asset": ("get", f"assets/{f['asset'].pk}", None),
        "get_work_order": ("get", f"work-orders/{o}", None),
        "transition_work_order": ("post", f"work-orders/{o}/transitions", {"transition": "start"}),
        "list_work_order_events": ("get", f"work-orders/{o}/events", None),
        "add_work_order_line": (
            "post",
            f"work-orders/{o}/lines",
            {"kind": "labour", "quantity": "1"},
        ),
        "list_work_order_attachments": ("get", f"work-orders/{o}/attachments", None),
        "download_attachment": ("get", f"attachments/{f['attachment'].pk}/file", None),
        "add_work_order_comment": ("post", f"work-orders/{o}/comments", {"body": "hi"}),
        "list_work_order_comments": ("get", f"work-orders/{o}/comments", None),
        "create_asset_for_foreign_customer": (
            "post",
            "assets",
            {"product_model_id": f["model"].pk, "serial": "NEW-1", "customer_id": f["customer"].pk},
        ),
        "dispatch_suggestions": ("get", f"work-orders/{o}/dispatch-suggestions", None),
        "assign_work_order": (
            "post",
            f"work-orders/{o}/assignment",
            {"technician_id": f["technician"].pk, "reassign": True, "reason": "x"},
        ),
        "auto_dispatch_work_order": ("post", f"work-orders/{o}/auto-dispatch", None),
        "respond_to_assignment": (
            "post",
            f"work-orders/{o}/assignment/response",
            {"decision": "accept"},
        ),
        "batch_dispatch": ("post", "dispatch/batch", {"region_id": f["region"].pk}),
    }


_STUB = type("Stub", (), {"pk": 0})
OPERATIONS = list(
    by_id_calls(
        {
            k: _STUB
            for k in ("order", "customer", "asset", "attachment", "model", "region", "technician")
        }
    )
)


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_foreign_record_is_404_for_every_role(world, foreign, api, role, operation):
    method, path, body = by_id_calls(foreign)[operation]
    events_before = AuditEvent.objects.count()
    r = getattr(api(world.users[role]), method)(path, body)
    assert r.status_code == 404, (role, operation, r.status_code, r.content)
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("role", ROLES)
def test_foreign_orders_never_listed_and_foreign_ids_never_usable_in_requests(
    world, foreign, api, role
):
    client = api(world.users[role])
    assert foreign["order"].pk not in {
        o["id"] for o in client.get("work-orders", {"limit": 200}).json()["items"]
    }
    r = client.post(
        "service-requests",
        {
            "customer_id": foreign["customer"].pk,
            "asset_id": foreign["asset"].pk,
            "fault_description": "x",
        },
    )
    assert r.status_code in {403, 404, 422}, r.content
    if r.status_code == 422:  # a customer names an asset: it is simply not one of theirs
        assert r.json()["errors"][0]["field"] == "asset_id"
    r = client.post(
        "warranty-registrations",
        {"serial": foreign["asset"].serial, "customer_id": foreign["customer"].pk},
    )
    assert r.status_code in {403, 404, 409}, r.content


CREATE_RULES = {
    # operation: roles that may call it
    "create_customer": {"agent", "dispatcher", "advisor", "manager", "manager2"},
    "create_asset": {"agent", "dispatcher", "advisor", "manager", "manager2", "auditor"},
    "create_service_request": {
        "agent",
        "dispatcher",
        "advisor",
        "manager",
        "manager2",
        "customer",
        "customer2",
    },
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create(world, api, role):
    client = api(world.users[role])
    phone = f"1370000{ROLES.index(role):04d}"
    r = client.post("customers", {"name": "新客户", "phone": phone})
    assert (r.status_code == 201) == (role in CREATE_RULES["create_customer"]), (role, r.content)
    r = client.post(
        "assets", {"product_model_id": world.extra["fridge_model"].pk, "serial": f"NEW-{role}"}
    )
    assert (r.status_code == 201) == (role in CREATE_RULES["create_asset"]), (role, r.content)
    own = {
        "customer": (world.customer, world.asset),
        "customer2": (world.other_customer, world.other_asset),
    }
    if role in own:
        body = {"asset_id": own[role][1].pk, "fault_description": "坏了"}
    else:
        created = client.post(
            "customers", {"name": "来电客户", "phone": f"1371111{ROLES.index(role):04d}"}
        )
        body = {
            "customer_id": created.json()["id"]
            if created.status_code == 201
            else world.customer.pk,
            "fault_description": "坏了",
        }
    r = client.post("service-requests", body)
    assert (r.status_code == 201) == (role in CREATE_RULES["create_service_request"]), (
        role,
        r.content,
    )
