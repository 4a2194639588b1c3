"""Warranty policies as data: which version applies, how a new version takes over, and that a
change never alters a decision already made (issue 9 item 1)."""

from datetime import date

import pytest

from aftersales.catalog import services as catalog
from aftersales.core.errors import Invalid
from aftersales.core.models import AuditEvent
from aftersales.warranty.models import WarrantyPolicy
from aftersales.warranty.policies import policy_in_force
from aftersales.warranty.selectors import entitlement_for
from aftersales.warranty.services import policy_save
from aftersales.workorders import services as orders
from tests.factories import make_user
from tests.test_access_matrix import ROLES
from tests.warranty.helpers import car_policy, fridge_policy, order_filed_on

D = date.fromisoformat


def test_a_models_own_version_goes_before_its_categorys(world):
    category = fridge_policy(world)
    override = fridge_policy(
        world,
        product_model=world.extra["fridge_model"],
        version_label="BCD-470 两年保",
        repair_months=24,
        components=[],
    )
    other_model = catalog.product_model_create(
        category=world.extra["fridge"], code="BCD-218", name="双门冰箱"
    )
    assert policy_in_force(world.extra["fridge_model"], D("2026-03-01")) == override
    assert policy_in_force(other_model, D("2026-03-01")) == category


def test_the_version_in_force_on_the_day_of_sale_decides(world):
    """Sold 2026-03-01 under the 2025 version: a more generous 2026-06 version does not apply to
    this fridge, even for an order filed after it started."""
    old = fridge_policy(world)
    new = fridge_policy(
        world, version_label="冰箱三包 2026", valid_from=D("2026-06-01"), repair_months=36
    )
    old.refresh_from_db()
    assert (old.valid_to, new.valid_to) == (D("2026-05-31"), None)
    order = order_filed_on(world, "2026-07-01")
    entitlement = entitlement_for(order)
    assert entitlement is not None
    assert (entitlement.policy, entitlement.policy_date) == (old, D("2026-03-01"))
    assert entitlement.terms["repair_months"] == 12
    closed = AuditEvent.objects.get(verb="warranty_policy.closed", object_id=old.pk)
    assert closed.data == {"valid_to": "2026-05-31", "followed_by": "冰箱三包 2026"}


def test_without_a_policy_the_default_applies_and_the_decision_says_so(world):
    order = order_filed_on(world, "2026-06-01")
    entitlement = entitlement_for(order)
    assert entitlement is not None
    assert (entitlement.default_policy, entitlement.policy, entitlement.version_label) == (
        True,
        None,
        "",
    )
    assert (entitlement.terms["return_days"], entitlement.terms["exchange_days"]) == (7, 30)
    # The category's warranty term.
    assert entitlement.terms["repair_months"] == world.extra["fridge"].warranty_months


def test_a_new_version_never_changes_a_decision_already_made(world):
    policy = fridge_policy(world)
    order = order_filed_on(world, "2026-06-01", "in_progress")
    decided = entitlement_for(order)
    assert decided is not None and decided.policy == policy
    # Its terms are fixed once used, whatever the admin posts.
    policy.repair_months = 36
    with pytest.raises(Invalid) as refused:
        policy_save(policy, actor=None)
    assert "repair_months" in refused.value.fields
    # Nor may a new version start on or before a day already decided under other terms…
    with pytest.raises(Invalid) as backdated:
        fridge_policy(world, version_label="追溯", valid_from=D("2026-02-01"))
    assert "valid_from" in backdated.value.fields
    # …nor may the used one end before the day it decided for.
    policy.refresh_from_db()
    policy.valid_to = D("2026-02-28")
    with pytest.raises(Invalid):
        policy_save(policy, actor=None)
    # A version from a later day is fine, and the decision stays where it was.
    fridge_policy(
        world, version_label="冰箱三包 2027", valid_from=D("2027-01-01"), repair_months=36
    )
    orders.work_order_transition(
        work_order=order, name="wait_parts", actor=world.users["technician"]
    )
    again = entitlement_for(order)
    assert again is not None
    assert (again.policy, again.terms, again.version) == (policy, decided.terms, decided.version)


def test_versions_of_one_scope_never_overlap(world):
    fridge_policy(world, valid_to=D("2025-12-31"))
    fridge_policy(world, version_label="2027", valid_from=D("2027-01-01"))
    with pytest.raises(Invalid) as overlap:
        fridge_policy(world, version_label="夹在中间", valid_from=D("2026-01-01"))
    assert "valid_from" in overlap.value.fields
    fridge_policy(world, version_label="2026", valid_from=D("2026-01-01"), valid_to=D("2026-12-31"))
    assert WarrantyPolicy.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"return_days": 15, "exchange_days": 10}, "exchange_days"),
        ({"valid_to": D("2024-01-01")}, "valid_to"),
        ({"version_label": " "}, "version_label"),
    ],
)
def test_a_version_with_bad_terms_is_refused(world, changes, field):
    with pytest.raises(Invalid) as refused:
        fridge_policy(world, **changes)
    assert field in refused.value.fields
    assert not WarrantyPolicy.objects.exists()


# Who reads the policies: the manufacturer its own, the service network (centres, stations) those
# of the manufacturers that authorised its stations; customers and technicians nobody's.
READS = {
    "agent": {"appliance", "car"},
    "dispatcher": {"appliance", "car"},
    "advisor": {"appliance", "car"},
    "manager": {"appliance", "car"},
    "manager2": {"appliance", "car"},
    "auditor": {"appliance"},
    "auditor_car": {"car"},
    "technician": set(),
    "customer": set(),
    "customer2": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_which_policies(world, api, role):
    policies = {"appliance": fridge_policy(world), "car": car_policy(world)}
    client = api(world.users[role])
    listed = {p["id"] for p in client.get("warranty-policies").json()}
    assert listed == {policies[k].pk for k in READS[role]}, role
    for key, policy in policies.items():
        r = client.get(f"warranty-policies/{policy.pk}")
        assert r.status_code == (200 if key in READS[role] else 404), (role, key)
    if READS[role]:
        body = client.get(
            f"warranty-policies/{policies['appliance' if 'appliance' in READS[role] else 'car'].pk}"
        ).json()
        assert body["components"] and body["repair_months"] in (12, 36)


def test_the_list_filters_by_scope_and_day(world, api):
    fridge_policy(world, valid_to=D("2025-12-31"))
    current = fridge_policy(world, version_label="2026", valid_from=D("2026-01-01"))
    car_policy(world)
    client = api(world.users["agent"])
    body = client.get(
        "warranty-policies",
        {"category_id": world.extra["fridge"].pk, "in_force_on": "2026-06-01"},
    ).json()
    assert [p["id"] for p in body] == [current.pk]
    r = client.get("warranty-policies", {"in_force_on": "2026-13-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "in_force_on"


def test_a_manufacturer_administrator_maintains_only_its_own_policies(world, client):
    own, other = fridge_policy(world), car_policy(world)
    admin = make_user("appliance_admin", ["admin"], world.appliance)
    client.force_login(admin)
    assert client.get("/admin/warranty/warrantypolicy/").status_code == 200
    assert client.get(f"/admin/warranty/warrantypolicy/{own.pk}/change/").status_code == 200
    assert client.get(f"/admin/warranty/warrantypolicy/{other.pk}/change/").status_code == 404
    page = client.get("/admin/warranty/warrantypolicy/add/").content.decode()
    assert "冰箱" in page and "轿车" not in page  # only its own categories to choose from


def test_a_used_version_is_read_only_in_the_admin_but_for_its_end(world, client):
    policy = fridge_policy(world)
    order_filed_on(world, "2026-06-01")
    admin = make_user("appliance_admin", ["admin"], world.appliance)
    client.force_login(admin)
    page = client.get(f"/admin/warranty/warrantypolicy/{policy.pk}/change/").content.decode()
    assert 'name="valid_to"' in page and 'name="repair_months"' not in page
    r = client.post(
        f"/admin/warranty/warrantypolicy/{policy.pk}/change/",
        {
            "valid_to": "2026-12-31",
            "components-TOTAL_FORMS": "0",
            "components-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    policy.refresh_from_db()
    assert (policy.valid_to, policy.repair_months) == (D("2026-12-31"), 12)


def test_an_edited_version_must_fit_between_its_neighbours(world):
    first = fridge_policy(world)
    second = fridge_policy(world, version_label="2027", valid_from=D("2027-01-01"))
    first.refresh_from_db()
    assert first.valid_to == D("2026-12-31")
    # Moving the later version's start into the earlier one does not close it again.
    second.valid_from = D("2026-06-01")
    with pytest.raises(Invalid) as overlap:
        policy_save(second, actor=None)
    assert "valid_from" in overlap.value.fields
    first.refresh_from_db()
    assert first.valid_to == D("2026-12-31")
