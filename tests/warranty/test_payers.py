"""Who pays each work-order line: the default from the entitlement, the station's override with
a reason (`change_work_order_line_payer`), and the totals per payer on the order."""

import pytest

from aftersales.core.models import AuditEvent
from aftersales.warranty.services import warranty_facts_set
from aftersales.workorders import payers
from aftersales.workorders import services as orders
from aftersales.workorders.models import WorkOrderLine
from tests.test_access_matrix import ROLES
from tests.warranty.helpers import (
    FACTS_OK,
    fridge_policy,
    labour_line,
    order_filed_on,
    part_line,
)
from tests.workorders.helpers import advance

NOT_THEIRS = {"manager2", "auditor_car", "customer2"}
MAY_SET = {"advisor", "manager"}


def test_workorders_asks_the_registry_and_warranty_is_registered_in_it():
    assert payers.providers() == ["aftersales.warranty.payers.payer_from_entitlement"]


@pytest.mark.parametrize(
    ("filed", "payer", "basis"),
    [
        ("2026-03-05", "warranty", "warranty.return"),
        ("2026-03-20", "warranty", "warranty.exchange"),
        ("2026-06-01", "warranty", "warranty.repair"),
        ("2027-06-01", "customer", "warranty.paid"),  # the 12 months are over
    ],
)
def test_a_new_line_is_paid_as_the_entitlement_says(world, filed, payer, basis):
    fridge_policy(world)
    order = order_filed_on(world, filed, "in_progress")
    line = part_line(world, order)
    assert (line.payer, line.payer_basis, line.payer_overridden) == (payer, basis, False)


def test_an_order_without_a_product_charges_the_customer(world):
    order = orders.work_order_create(
        customer=world.customer, fault_description="上门检测", channel="phone", actor=None
    )
    for step, actor in (("accept", "agent"), ("assign", "dispatcher"), ("start", "technician")):
        orders.work_order_transition(
            work_order=order,
            name=step,
            actor=world.users[actor],
            technician=world.users["technician"] if step == "assign" else None,
        )
    line = labour_line(world, order)
    assert (line.payer, line.payer_basis) == ("customer", "none")
    assert payers.payer_reason(line) == "Nobody decided that someone else pays."


@pytest.mark.parametrize("role", ROLES)
def test_who_may_set_the_payer(world, api, role):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    line = part_line(world, order)
    events = AuditEvent.objects.count()
    r = api(world.users[role]).put(
        f"work-orders/{order.pk}/lines/{line.pk}/payer",
        {"payer": "insurance", "reason": "保险公司理赔"},
    )
    expected = 200 if role in MAY_SET else 404 if role in NOT_THEIRS else 403
    assert r.status_code == expected, (role, r.status_code, r.content)
    line.refresh_from_db()
    if expected == 200:
        assert (line.payer, line.payer_overridden, line.payer_reason) == (
            "insurance",
            True,
            "保险公司理赔",
        )
        body = r.json()
        assert (body["payer"], body["payer_reason"], body["payer_overridden"]) == (
            "insurance",
            "保险公司理赔",
            True,
        )
        return
    assert (line.payer, line.payer_overridden) == ("warranty", False)
    assert AuditEvent.objects.count() == events


def test_an_override_is_audited_and_kept_when_the_entitlement_changes(world, api):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    kept, follows = part_line(world, order), labour_line(world, order)
    r = api(world.users["manager"]).put(
        f"work-orders/{order.pk}/lines/{kept.pk}/payer",
        {"payer": "customer", "reason": "客户要求更换原厂以外的配件"},
    )
    assert r.status_code == 200, r.content
    event = AuditEvent.objects.get(verb="work_order.line_payer_changed", object_id=order.pk)
    assert (event.actor_name, event.reason) == ("manager", "客户要求更换原厂以外的配件")
    assert event.data["before"] == {"payer": "warranty", "overridden": False}
    assert event.data["after"] == {"payer": "customer", "overridden": True}
    # The entitlement moves to paid and back: the overridden line stays the customer's.
    warranty_facts_set(work_order=order, actor=world.users["advisor"], **FACTS_OK)
    kept.refresh_from_db()
    follows.refresh_from_db()
    assert (kept.payer, follows.payer) == ("customer", "warranty")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"payer": "warranty", "reason": "  "}, "reason"),
        ({"payer": "santa", "reason": "x"}, "payer"),
        ({"payer": "warranty"}, "reason"),
        ({"payer": "warranty", "reason": "x" * 501}, "reason"),
    ],
)
def test_a_payer_needs_a_known_payer_and_a_reason(world, api, body, field):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    line = part_line(world, order)
    events = AuditEvent.objects.count()
    r = api(world.users["advisor"]).put(f"work-orders/{order.pk}/lines/{line.pk}/payer", body)
    assert r.status_code == 422, r.content
    assert [e["field"] for e in r.json()["errors"]] == [field]
    line.refresh_from_db()
    assert (line.payer, line.payer_overridden) == ("warranty", False)
    assert AuditEvent.objects.count() == events


def test_a_finished_order_keeps_its_payers(world, api):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    line = part_line(world, order)
    advance(world, order, "complete")
    r = api(world.users["advisor"]).put(
        f"work-orders/{order.pk}/lines/{line.pk}/payer", {"payer": "customer", "reason": "x"}
    )
    assert r.status_code == 409, r.content
    assert WorkOrderLine.objects.get(pk=line.pk).payer == "warranty"


def test_the_order_says_what_each_payer_pays(world, api):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    part, labour = part_line(world, order), labour_line(world, order)
    api(world.users["advisor"]).put(
        f"work-orders/{order.pk}/lines/{labour.pk}/payer",
        {"payer": "customer", "reason": "上门费由客户承担"},
    )
    body = api(world.users["customer"]).get(f"work-orders/{order.pk}").json()
    assert body["payer_totals"] == [
        {"payer": "customer", "amount": str(labour.amount)},
        {"payer": "warranty", "amount": str(part.amount)},
    ]
