"""The station records the warranty facts (`set_warranty_facts`): who may, what is refused, what
is audited, and how the entitlement and the lines' payers follow."""

import pytest

from aftersales.core.models import AuditEvent
from aftersales.customers import services as customers
from aftersales.warranty.models import Entitlement, WarrantyFacts
from aftersales.warranty.selectors import entitlement_for
from aftersales.workorders.services import work_order_transition
from tests.factories import make_user
from tests.test_access_matrix import ROLES
from tests.warranty.helpers import (
    FACTS_OK,
    car_policy,
    fridge_policy,
    order_filed_on,
    part_line,
)

NOT_THEIRS = {"manager2", "auditor_car", "customer2"}
MAY_RECORD = {"advisor", "manager"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_record_the_facts(world, api, role):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    events = AuditEvent.objects.count()
    r = api(world.users[role]).put(
        f"work-orders/{order.pk}/warranty-facts", {**FACTS_OK, "cause": "misuse"}
    )
    expected = 200 if role in MAY_RECORD else 404 if role in NOT_THEIRS else 403
    assert r.status_code == expected, (role, r.status_code, r.content)
    if expected == 200:
        assert r.json()["outcome"] == "paid"
        return
    # The dispatcher, the agent, the auditor and the technician see the order but it is the
    # station office's to record; a customer is told so too. Nothing is written.
    assert not WarrantyFacts.objects.filter(work_order=order).exists()
    assert AuditEvent.objects.count() == events


def test_recording_the_facts_decides_again_and_is_audited_with_what_changed(world, api):
    fridge_policy(world)
    order = order_filed_on(world, "2026-06-01", "in_progress")
    client = api(world.users["advisor"])
    r = client.put(
        f"work-orders/{order.pk}/warranty-facts",
        {**FACTS_OK, "serial_label_intact": False, "note": "铭牌缺失"},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["outcome"], body["rule"], body["provisional"]) == ("paid", "excluded", False)
    assert [reason["code"] for reason in body["reasons"]] == ["serial_label"]
    assert body["facts"]["serial_label_intact"] is False and body["decided_by"] == "advisor"
    event = AuditEvent.objects.get(verb="warranty.facts_recorded", object_id=order.pk)
    assert event.actor_name == "advisor"
    assert event.data["changed"]["serial_label_intact"] is False
    assert (event.data["outcome"], event.data["before"]["outcome"]) == ("paid", "repair")


def test_an_e_registration_replaces_the_invoice_and_card(world, api):
    fridge_policy(world)
    customers.warranty_register(
        asset=world.asset, customer=world.customer, channel="web", actor=world.users["agent"]
    )
    order = order_filed_on(world, "2026-06-01", "in_progress")
    r = api(world.users["advisor"]).put(
        f"work-orders/{order.pk}/warranty-facts", {**FACTS_OK, "proof_of_purchase": False}
    )
    body = r.json()
    assert (body["outcome"], body["reasons"], body["provisional"]) == ("repair", [], False)
    assert (
        "No paper invoice or warranty card: the warranty e-registration replaces them."
        in body["explanation"]
    )


def test_no_proof_and_no_registration_is_a_paid_repair(world, api):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    body = (
        api(world.users["advisor"])
        .put(f"work-orders/{order.pk}/warranty-facts", {**FACTS_OK, "proof_of_purchase": False})
        .json()
    )
    assert (body["outcome"], [r["code"] for r in body["reasons"]]) == ("paid", ["no_proof"])


def test_a_failed_component_has_its_own_term(world, api):
    fridge_policy(world)
    # Sold 2026-03-01; filed in 2027 after the 12 months: the compressor's 60 months cover it.
    order = order_filed_on(world, "2027-04-01", "in_progress")
    assert entitlement_for(order).outcome == "paid"  # type: ignore[union-attr]
    body = (
        api(world.users["advisor"])
        .put(f"work-orders/{order.pk}/warranty-facts", {**FACTS_OK, "component_code": "compressor"})
        .json()
    )
    assert (body["outcome"], body["rule"], body["period_end"]) == (
        "repair",
        "component_term",
        "2031-03-01",
    )


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"sale_date": "2026-07-01"}, "sale_date"),  # after the order was filed
        ({"sale_date": "1900-01-01"}, "sale_date"),
        ({"installation_accepted_date": "2030-01-01"}, "installation_accepted_date"),
        ({"mileage_km": -1}, "mileage_km"),
        ({"mileage_km": 10**12}, "mileage_km"),
        ({"cause": "aliens"}, "cause"),
        ({"component_code": "x" * 41}, "component_code"),
        ({"component_code": "a\tb"}, "component_code"),
        ({"proof_of_purchase": "perhaps"}, "proof_of_purchase"),
        ({"note": "\x00"}, "note"),
    ],
)
def test_bad_facts_are_field_errors_and_nothing_is_written(world, api, facts, field):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    before = Entitlement.objects.get(work_order=order)
    events = AuditEvent.objects.count()
    r = api(world.users["advisor"]).put(
        f"work-orders/{order.pk}/warranty-facts", {**FACTS_OK, **facts}
    )
    assert r.status_code == 422, r.content
    assert [e["field"] for e in r.json()["errors"]] == [field]
    assert all(e["message_zh"] and e["message_en"] for e in r.json()["errors"])
    assert not WarrantyFacts.objects.filter(work_order=order).exists()
    after = Entitlement.objects.get(work_order=order)
    assert (after.version, after.outcome) == (before.version, before.outcome)
    assert AuditEvent.objects.count() == events


def test_a_vehicle_without_a_mileage_cannot_be_decided_and_nothing_is_written(world, api):
    car_policy(world)
    world.other_asset.mileage_km = None
    world.other_asset.save()
    order = order_filed_on(world, "2026-06-01", "accepted", customer=world.other_customer)
    assert entitlement_for(order).missing_field == "mileage_km"  # type: ignore[union-attr]
    work_order_transition(
        work_order=order,
        name="assign",
        actor=world.users["dispatcher_bj"],
        technician=world.users["technician_bj"],
    )
    client = api(make_user("manager_bj", ["manager"], world.station_bj))
    r = client.put(f"work-orders/{order.pk}/warranty-facts", FACTS_OK)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "mileage_km", r.content
    assert not WarrantyFacts.objects.filter(work_order=order).exists()
    r = client.put(
        f"work-orders/{order.pk}/warranty-facts",
        {**FACTS_OK, "mileage_km": 120_000, "registration_date": "2025-06-10"},
    )
    body = r.json()
    assert (body["outcome"], body["start_event"], body["mileage"]) == (
        "paid",
        "registration",
        "exceeded",
    )
    assert [reason["code"] for reason in body["reasons"]] == ["mileage_exceeded"]


def test_the_lines_that_follow_the_entitlement_change_payer_with_it(world, api):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    line = part_line(world, order)
    assert (line.payer, line.payer_basis) == ("warranty", "warranty.repair")
    api(world.users["advisor"]).put(
        f"work-orders/{order.pk}/warranty-facts", {**FACTS_OK, "cause": "accident"}
    )
    line.refresh_from_db()
    assert (line.payer, line.payer_basis) == ("customer", "warranty.paid")
    event = AuditEvent.objects.get(verb="warranty.facts_recorded", object_id=order.pk)
    assert event.data["lines"] == [{"line": line.pk, "from": "warranty", "to": "customer"}]
