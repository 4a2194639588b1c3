"""A work order's entitlement: decided on acceptance, read with the order's visibility, frozen
when the order is finished (issue 9 item 2)."""

from datetime import date

import pytest
from django.utils import translation

from aftersales.core.models import AuditEvent
from aftersales.customers import services as customers
from aftersales.warranty import presenter
from aftersales.warranty.models import Entitlement
from aftersales.warranty.selectors import entitlement_for
from aftersales.warranty.services import entitlement_decide, goodwill_grant
from aftersales.warranty.terms import Outcome
from aftersales.workorders import services as orders
from aftersales.workorders.workflow import WORK_ORDER_FLOW
from tests.factories import work_order_in
from tests.test_access_matrix import ROLES
from tests.warranty.helpers import at, car_policy, fridge_policy, order_filed_on

# The fridge order of the Shanghai customer: who does not see it at all.
NOT_THEIRS = {"manager2", "auditor_car", "customer2"}


def test_warranty_hangs_on_the_work_order_machine_not_a_branch_in_it():
    subscribers = WORK_ORDER_FLOW.subscribers()
    assert "aftersales.warranty.hooks.decide_on_accept" in subscribers["after"]["accept"]
    assert "aftersales.warranty.hooks.freeze_when_finished" in subscribers["after"]["complete"]
    assert "aftersales.warranty.hooks.unfreeze_on_reopen" in subscribers["after"]["reopen"]


def test_an_order_for_a_unit_is_decided_when_it_is_accepted_by_the_system(world):
    fridge_policy(world)
    new = order_filed_on(world, "2026-03-05", "new")
    assert entitlement_for(new) is None
    with at("2026-03-05", 11):
        orders.work_order_transition(work_order=new, name="accept", actor=world.users["agent"])
    entitlement = entitlement_for(new)
    assert entitlement is not None
    assert (entitlement.outcome, entitlement.rule, entitlement.day_number) == (
        "return",
        "return_period",
        4,
    )
    assert (entitlement.period_end, entitlement.covered) == (date(2026, 3, 8), True)
    assert (entitlement.decided_by, entitlement.decided_by_name) == (None, "system")
    assert entitlement.provisional and entitlement.version_label == "冰箱三包 2025"
    event = AuditEvent.objects.get(verb="warranty.decided", object_id=new.pk)
    assert (event.actor_name, event.data["outcome"]) == ("system", "return")


@pytest.mark.parametrize(
    ("filed", "outcome", "day"),
    [
        ("2026-03-08", "return", 7),
        ("2026-03-09", "exchange", 8),
        ("2026-03-31", "exchange", 30),
        ("2026-04-01", "repair", 31),
    ],
)
def test_the_day_the_order_is_filed_is_the_claim_date(world, filed, outcome, day):
    """Sold 2026-03-01: day 7 still returns, day 8 exchanges, day 31 repairs."""
    fridge_policy(world)
    order = order_filed_on(world, filed)
    entitlement = entitlement_for(order)
    assert entitlement is not None
    assert (entitlement.outcome, entitlement.day_number) == (outcome, day)


@pytest.mark.parametrize("role", ROLES)
def test_the_entitlement_is_read_with_the_order(world, api, role):
    order = work_order_in(world, "assigned")
    r = api(world.users[role]).get(f"work-orders/{order.pk}/entitlement")
    if role in NOT_THEIRS:
        assert r.status_code == 404, (role, r.content)
        return
    assert r.status_code == 200, (role, r.content)
    body = r.json()
    assert (body["state"], body["work_order_id"], body["default_policy"]) == (
        "decided",
        order.pk,
        True,
    )


def test_the_answer_explains_in_the_language_asked_for(world, api):
    fridge_policy(world)
    order = order_filed_on(world, "2026-04-01", "assigned")
    client = api(world.users["advisor"])
    english = client.get(f"work-orders/{order.pk}/entitlement").json()
    chinese = client.get(
        f"work-orders/{order.pk}/entitlement", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).json()
    assert english["outcome"] == chinese["outcome"] == "repair"
    assert "Day 31 after the sale on 2026-03-01." in english["explanation"]
    # The stored codes, rendered in the language asked for (whatever the catalogue holds).
    entitlement = entitlement_for(order)
    for language, body in (("en", english), ("zh-hans", chinese)):
        with translation.override(language):
            expected = [str(s) for s in presenter.explanation(order, entitlement)]
            assert body["outcome_label"] == str(Outcome.REPAIR.label)
        assert body["explanation"] == expected
    assert english["terms"]["components"][0]["code"] == "compressor"


def test_a_new_order_is_pending_and_one_without_a_product_has_none(world, api):
    new = work_order_in(world, "new")
    no_product = orders.work_order_create(
        customer=world.customer, fault_description="咨询", channel="phone", actor=None
    )
    orders.work_order_transition(work_order=no_product, name="accept", actor=world.users["agent"])
    client = api(world.users["agent"])
    assert client.get(f"work-orders/{new.pk}/entitlement").json()["state"] == "pending"
    body = client.get(f"work-orders/{no_product.pk}/entitlement").json()
    assert (body["state"], body["outcome"], body["covered"]) == ("no_product", None, False)
    assert not Entitlement.objects.filter(work_order=no_product).exists()


def test_a_missing_date_of_sale_leaves_it_undecided_and_never_refuses_the_acceptance(world, api):
    asset = customers.asset_create(
        product_model=world.extra["fridge_model"],
        serial="HY-NODATE-1",
        customer=world.customer,
        actor=world.users["agent"],
    )
    order = work_order_in(world, "accepted", asset=asset)
    assert order.status == "accepted"
    body = api(world.users["agent"]).get(f"work-orders/{order.pk}/entitlement").json()
    assert (body["state"], body["missing"]["field"]) == ("undecided", "sale_date")
    assert body["outcome"] is None and not body["covered"]


def test_a_vehicle_counts_from_its_first_registration_and_the_mileage_limits_the_term(world):
    car_policy(world)
    order = work_order_in(world, "accepted", customer=world.other_customer)
    entitlement = entitlement_for(order)
    assert entitlement is not None
    # No first registration recorded yet: counted from the sale, as the explanation says.
    assert (entitlement.requested_start_event, entitlement.start_event) == (
        "registration",
        "sale",
    )
    assert (entitlement.mileage_km, entitlement.mileage_limit_km) == (12000, 100_000)
    assert entitlement.decision.explanation[0] == (
        "The first registration is not recorded: the warranty is counted from the sale."
    )


def test_a_completed_installation_order_is_the_accepted_installation(world):
    fridge_policy(world, start_event="installation")
    with at("2026-03-03"):
        install = work_order_in(world, "completed", type="installation")
    assert install.completed_at is not None
    repair = order_filed_on(world, "2026-03-20")
    entitlement = entitlement_for(repair)
    assert entitlement is not None
    assert (entitlement.start_event, str(entitlement.start_date)) == ("installation", "2026-03-03")
    assert (entitlement.outcome, entitlement.day_number) == ("exchange", 17)


def test_a_completed_order_keeps_its_entitlement_whatever_changes_later(world, api):
    fridge_policy(world)
    order = order_filed_on(world, "2026-12-01", "completed")  # day 275: free repair
    entitlement = entitlement_for(order)
    assert entitlement is not None and entitlement.frozen
    before = (entitlement.outcome, entitlement.period_end, entitlement.version)
    goodwill_grant(asset=world.asset, actor=world.users["auditor"], months=12, reason="客户关怀")
    assert entitlement_decide(work_order=order, actor=world.users["advisor"]) == entitlement
    again = entitlement_for(order)
    assert again is not None
    assert (again.outcome, again.period_end, again.version) == before
    r = api(world.users["advisor"]).put(
        f"work-orders/{order.pk}/warranty-facts", {"cause": "misuse"}
    )
    assert r.status_code == 409, r.content
    assert api(world.users["advisor"]).get(f"work-orders/{order.pk}/entitlement").json()["frozen"]


def test_reopening_lets_the_facts_decide_again_but_nothing_changes_by_itself(world, api):
    fridge_policy(world)
    order = order_filed_on(world, "2026-12-01", "completed")
    orders.work_order_transition(
        work_order=order, name="reopen", actor=world.users["manager"], reason="复发"
    )
    entitlement = entitlement_for(order)
    assert entitlement is not None
    assert (entitlement.frozen, entitlement.outcome) == (False, "repair")
    r = api(world.users["advisor"]).put(
        f"work-orders/{order.pk}/warranty-facts", {"cause": "accident"}
    )
    assert r.status_code == 200, r.content
    assert r.json()["outcome"] == "paid"


def test_entitlement_decide_gives_the_claims_app_a_stored_record(world):
    fridge_policy(world)
    order = order_filed_on(world, "2026-06-01", "in_progress")
    entitlement = entitlement_decide(work_order=order, actor=world.users["advisor"])
    assert entitlement == entitlement_for(order)
    assert (entitlement.outcome, entitlement.covered, entitlement.reasons) == (
        "repair",
        True,
        [],
    )
    assert entitlement.decision.outcome == "repair"
    # Nothing changed since acceptance: no second "decided" event.
    assert AuditEvent.objects.filter(verb="warranty.decided", object_id=order.pk).count() == 1
