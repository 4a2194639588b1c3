"""Every API operation × every role × a record of another organisation.

The foreign records live in a second service network (its own region, station, manufacturer,
customer, asset, order and attachment). Whatever the role, an id of theirs answers 404 (never
403: the API does not confirm that another organisation's record exists) and nothing changes.
A second table checks which roles may call the operations that create records.
"""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from aftersales.api import api as ninja_api
from aftersales.catalog import services as catalog
from aftersales.core.models import ApiToken, AuditEvent
from aftersales.core.services import organisation_create
from aftersales.customers import services as customers
from aftersales.warranty.services import warranty_policy_create
from aftersales.workorders import lines
from aftersales.workorders import services as orders
from tests.claims.foreign import foreign_claim_records
from tests.factories import make_user, technician_profile, token_for
from tests.images import png
from tests.settlement.foreign import foreign_settlement_records

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
    policy = warranty_policy_create(
        category=category, version_label="2026", valid_from=date(2026, 1, 1), actor=None
    )
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
    part = catalog.part_create(
        manufacturer=maker, number="P2-1", name="背光板", unit_price=Decimal("300.00")
    )
    line = lines.work_order_add_line(
        work_order=order, actor=tech2, kind="part", part=part, quantity=1
    )
    claims = foreign_claim_records(
        station=station,
        region=region,
        customer=customer,
        model=model,
        agent=agent2,
        technician=tech2,
        order=order,
    )
    settlement = foreign_settlement_records(claim=claims["claim"], claim_line=claims["claim_line"])
    return {
        **claims,
        **settlement,
        "policy": policy,
        "customer": customer,
        "asset": asset,
        "order": order,
        "attachment": attachment,
        "model": model,
        "region": region,
        "technician": tech2,
        "line": line,
        "token": ApiToken.objects.get(prefix=token_for(agent2)[:8]),
    }


SCHEMA = ninja_api.get_openapi_schema()
# operationId -> (method, path template under /api/v1/)
OPERATIONS = {
    op["operationId"]: (method, path.removeprefix("/api/v1/"))
    for path, ops in SCHEMA["paths"].items()
    for method, op in ops.items()
}
# A path parameter names the foreign record put in its place.
FOREIGN_PARAMS = {
    "order_id": "order",
    "customer_id": "customer",
    "asset_id": "asset",
    "attachment_id": "attachment",
    "token_id": "token",
    "line_id": "line",
    "policy_id": "policy",
    "claim_id": "claim",
    "claim_line_id": "claim_line",
    "photo_id": "claim_photo",
    "pre_authorisation_id": "pre_authorisation",
    "old_part_id": "old_part",
    "shipment_id": "shipment",
    "statement_id": "statement",
    "statement_line_id": "statement_line",
    "recovery_id": "recovery",
}
# The smallest valid body, so that validation cannot answer before the access check does.
BODIES: dict[str, dict] = {
    "transition_work_order": {"transition": "start"},
    "add_work_order_line": {"kind": "labour", "quantity": "1"},
    "add_work_order_comment": {"body": "hi"},
    "assign_work_order": {"technician_id": 0, "reassign": True, "reason": "x"},
    "respond_to_assignment": {"decision": "accept"},
    "change_work_order_line": {"quantity": "1", "reason": "x"},
    "remove_work_order_line": {"reason": "x"},
    "reveal_customer": {"reason": "x"},
    "change_work_order_line_payer": {"payer": "warranty", "reason": "x"},
    "grant_goodwill_extension": {"months": 6, "reason": "x"},
    "change_claim": {"symptom": "x"},
    "add_claim_line": {"kind": "other", "unit_price": "1", "description": "x"},
    "change_claim_line": {"quantity": "1"},
    "resubmit_claim": {"comment": "x"},
    "review_claim": {"decision": "approve"},
    "cancel_claim": {"reason": "x"},
    "decide_pre_authorisation": {"decision": "grant", "amount_limit": "1"},
    "receive_old_parts": {"items": [{"old_part_id": 1, "result": "received"}]},
    "cancel_old_part_shipment": {"reason": "x"},
    "resolve_settlement_dispute": {"decision": "rejected", "comment": "x"},
    "respond_to_supplier_recovery": {"decision": "confirm"},
    "revise_supplier_recovery": {"reason": "x"},
    "record_supplier_recovery_payment": {"amount": "1"},
}
UPLOADS = {"upload_work_order_attachment", "upload_claim_photo"}


def body_id_calls(f):
    """Operations that name a record in their body rather than their path."""
    return {
        "create_asset": (
            "post",
            "assets",
            {"product_model_id": f["model"].pk, "serial": "NEW-1", "customer_id": f["customer"].pk},
        ),
        "batch_dispatch": ("post", "dispatch/batch", {"region_id": f["region"].pk}),
        "create_claim": ("post", "claims", {"work_order_id": f["order"].pk, "type": "repair"}),
        "create_old_part_shipment": (
            "post",
            "old-part-shipments",
            {
                "old_part_ids": [f["old_part"].pk],
                "carrier": "x",
                "tracking_number": "x",
                "package_count": 1,
                "weight_kg": "1",
            },
        ),
        "write_off_old_parts": (
            "post",
            "old-part-write-offs",
            {"old_part_ids": [f["old_part"].pk]},
        ),
        "generate_settlements": (
            "post",
            "statements/generate",
            {"month": "2026-01", "manufacturer_id": f["manufacturer"].pk},
        ),
        "generate_supplier_recoveries": (
            "post",
            "supplier-recoveries/generate",
            {"month": "2026-01", "manufacturer_id": f["manufacturer"].pk},
        ),
        "create_settlement_adjustment": (
            "post",
            "settlement-adjustments",
            {"station_id": f["station"].pk, "kind": "adjustment", "amount": "1", "reason": "x"},
        ),
        "request_pre_authorisation": (
            "post",
            "pre-authorisations",
            {"work_order_id": f["order"].pk, "description": "x", "requested_amount": "1"},
        ),
    }


# Operations without a record id, and the test that checks who may call them.
WITHOUT_RECORD_ID = {
    "create_token": "tests/core/test_tokens_api.py (a login names no record)",
    "list_tokens": "tests/core/test_token_revocation.py (one's own tokens only)",
    "create_customer": "test_who_may_create",
    "register_warranty": "test_foreign_orders_never_listed_and_foreign_ids_never_usable…",
    "create_service_request": "test_foreign_orders_never_listed_and_foreign_ids_never_usable…",
    "list_work_orders": "test_foreign_orders_never_listed_and_foreign_ids_never_usable…",
    "sms_inbound": "tests/workorders/test_sms_api.py (the provider's token, no user)",
    "report_technician_position": "tests/dispatch/test_dispatch_api.py (one's own position)",
    "list_warranty_policies": "tests/warranty/test_policies.py (a network's manufacturers)",
    "list_claims": "tests/claims/test_access.py (who sees a claim, listed or not, per role)",
    "list_old_parts": "tests/settlement/test_old_parts.py (other stations and suppliers)",
    "list_old_part_shipments": "tests/settlement/test_old_parts.py (other stations and suppliers)",
    "list_settlements": "tests/settlement/test_statements_api.py::test_who_sees_a_statement",
    "list_supplier_recoveries": "tests/settlement/test_recovery.py (only its supplier)",
    "fault_statistics": "tests/reports/test_access.py (each role sees only its own claims)",
    "failure_rate_curve": "tests/reports/test_access.py (each role sees only its own claims)",
    "supplier_scorecard": "tests/reports/test_access.py (each role sees only its own claims)",
    "export_fault_statistics": "tests/reports/test_access.py (each role sees only its own claims)",
}


def path_id_operations() -> list[str]:
    return sorted(op for op, (_m, path) in OPERATIONS.items() if "{" in path)


def test_every_operation_of_the_openapi_document_is_in_the_matrix():
    """A new endpoint is covered the day it appears, or this test names it."""
    covered = set(path_id_operations()) | set(body_id_calls(STUBS)) | set(WITHOUT_RECORD_ID)
    assert set(OPERATIONS) - covered == set()
    for op in path_id_operations():
        params = re.findall(r"{(\w+)}", OPERATIONS[op][1])
        assert set(params) <= set(FOREIGN_PARAMS), (op, params)


def call_with_foreign_ids(client, operation, f):
    if operation in body_id_calls(f):
        method, path, body = body_id_calls(f)[operation]
        return getattr(client, method)(path, body)
    method, template = OPERATIONS[operation]
    path = re.sub(r"{(\w+)}", lambda m: str(f[FOREIGN_PARAMS[m.group(1)]].pk), template)
    if operation in UPLOADS:
        return client.post(path, files={"file": png()})
    body = dict(BODIES.get(operation, {}))
    if operation == "assign_work_order":
        body["technician_id"] = f["technician"].pk
    if method == "delete":
        return client.delete(f"{path}?{urlencode(body)}")
    return getattr(client, method)(path, body if method != "get" else None)


STUBS = {
    k: type("Stub", (), {"pk": 0})
    for k in (
        *("order", "customer", "asset", "attachment", "model", "region", "technician"),
        *("token", "line", "policy"),
        *("claim", "claim_line", "claim_photo", "pre_authorisation"),
        *("old_part", "shipment", "statement", "statement_line", "recovery"),
        *("manufacturer", "station"),
    )
}
MATRIX_OPERATIONS = sorted(set(path_id_operations()) | set(body_id_calls(STUBS)))


@pytest.mark.parametrize("operation", MATRIX_OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_foreign_record_is_404_for_every_role(world, foreign, api, role, operation):
    events_before = AuditEvent.objects.count()
    r = call_with_foreign_ids(api(world.users[role]), operation, foreign)
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
