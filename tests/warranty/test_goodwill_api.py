"""Goodwill (善意延保): the manufacturer lengthens one unit's term, with a reason, audited; the
unit's open orders are decided again, finished ones stay as they were."""

import pytest

from aftersales.core.audit import events_for
from aftersales.core.models import AuditEvent
from aftersales.warranty.models import WarrantyExtension
from aftersales.warranty.selectors import entitlement_for
from tests.test_access_matrix import ROLES
from tests.warranty.helpers import fridge_policy, order_filed_on

# The fridge is the appliance maker's: its auditor may; the carmaker's does not see it (404);
# the others who see the unit (its owner, the network, the station through its order) may not.
MAY_GRANT = {"auditor"}
NOT_THEIRS = {"auditor_car", "customer2", "manager2"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_grant_goodwill(world, api, role):
    order_filed_on(world, "2026-06-01", "in_progress")  # the station sees the unit through it
    r = api(world.users[role]).post(
        f"assets/{world.asset.pk}/goodwill-extensions",
        {"months": 6, "reason": "多次维修，客户关怀"},
    )
    expected = 201 if role in MAY_GRANT else 404 if role in NOT_THEIRS else 403
    assert r.status_code == expected, (role, r.status_code, r.content)
    assert WarrantyExtension.objects.exists() == (expected == 201)


def test_goodwill_is_audited_on_the_unit_and_the_open_order_is_decided_again(world, api):
    fridge_policy(world)
    # Sold 2026-03-01, filed 2027-04-01: the 12 months are over, the repair is paid…
    open_order = order_filed_on(world, "2027-04-01", "in_progress")
    assert entitlement_for(open_order).outcome == "paid"  # type: ignore[union-attr]
    r = api(world.users["auditor"]).post(
        f"assets/{world.asset.pk}/goodwill-extensions",
        {"months": 6, "reason": "压缩机批次问题"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["kind"], body["months"], body["granted_by"]) == ("goodwill", 6, "auditor")
    event = [e for e in events_for(world.asset) if e.verb == "warranty.goodwill_granted"]
    assert len(event) == 1 and event[0].reason == "压缩机批次问题"
    # …and with goodwill it is free: 18 months to 2027-09-01.
    entitlement = entitlement_for(open_order)
    assert entitlement is not None
    assert (entitlement.outcome, entitlement.rule, str(entitlement.period_end)) == (
        "repair",
        "goodwill",
        "2027-09-01",
    )
    assert AuditEvent.objects.filter(verb="warranty.decided", object_id=open_order.pk).count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"months": 0, "reason": "x"}, "months"),
        ({"months": 121, "reason": "x"}, "months"),
        ({"months": 6, "reason": ""}, "reason"),
        ({"months": 6}, "reason"),
        ({"months": 6, "reason": "x", "mileage_km": -5}, "mileage_km"),
        ({"months": 6, "reason": "x", "valid_from": "1901-01-01"}, "valid_from"),
    ],
)
def test_goodwill_needs_months_and_a_reason(world, api, body, field):
    events = AuditEvent.objects.count()
    r = api(world.users["auditor"]).post(
        f"assets/{world.asset.pk}/goodwill-extensions",
        body,
    )
    assert r.status_code == 422, r.content
    assert [e["field"] for e in r.json()["errors"]] == [field]
    assert not WarrantyExtension.objects.exists()
    assert AuditEvent.objects.count() == events
