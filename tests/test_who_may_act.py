"""Inside an organisation's own scope: who may act on a work order, not only who may see it.

The expectations are written out by hand from ../shared/DOMAIN.md §2 (who does what in a
network), not derived from the declarations they check. Every role is tried on its own fresh
order in the transition's source state: the allowed roles get 200, a role that sees the order
but may not act gets 403, a role that does not see it gets 404, and a refusal changes nothing.
"""

from typing import Any

import pytest

from aftersales.core.models import AuditEvent
from aftersales.dispatch.models import TechnicianProfile
from aftersales.workorders.models import WorkOrder
from tests.factories import work_order_in
from tests.test_access_matrix import ROLES

# An order of the Shanghai region's customer, for the appliance manufacturer, at the Pudong
# station once assigned. Who cannot see it at all:
NOT_THEIRS = {"manager2", "auditor_car", "customer2"}
BEFORE_STATION = NOT_THEIRS | {"advisor", "manager", "technician"}  # no station yet

CASES: dict[str, tuple[str, dict[str, Any], set[str], set[str]]] = {
    # transition: (source state, body extras, roles that may, roles that cannot see it)
    "accept": ("new", {}, {"agent", "dispatcher"}, BEFORE_STATION),
    "assign": ("accepted", {"technician": True}, {"dispatcher"}, BEFORE_STATION),
    "cancel": (
        "accepted",
        {"reason": "客户取消"},
        {"agent", "dispatcher", "customer"},
        BEFORE_STATION,
    ),
    "unassign": (
        "assigned",
        {"reason": "改派"},
        {"dispatcher", "advisor", "manager"},
        NOT_THEIRS,
    ),
    "start": ("assigned", {}, {"technician", "advisor", "manager"}, NOT_THEIRS),
    "complete": (
        "in_progress",
        {},
        {"technician", "advisor", "manager"},
        NOT_THEIRS,
    ),
    # The manufacturer's auditor confirms an outlet's completion (../shared/DOMAIN.md §4.2).
    "close": (
        "completed",
        {},
        {"agent", "advisor", "manager", "auditor"},
        NOT_THEIRS,
    ),
    "reopen": (
        "completed",
        {"reason": "复发"},
        {"agent", "manager"},
        NOT_THEIRS,
    ),
}


@pytest.fixture
def busy_day(world):
    """Ten orders a case for one technician: more than a real day's capacity."""
    TechnicianProfile.objects.filter(user=world.users["technician"]).update(daily_capacity=50)


@pytest.mark.parametrize("transition", CASES)
def test_who_may_fire_each_transition(world, api, busy_day, transition):
    state, extras, allowed, invisible = CASES[transition]
    for role in ROLES:
        order = work_order_in(world, state)
        body = {"transition": transition, "reason": extras.get("reason", "")}
        if extras.get("technician"):
            body["technician_id"] = world.users["technician"].pk
        events_before = AuditEvent.objects.count()
        r = api(world.users[role]).post(f"work-orders/{order.pk}/transitions", body)
        expected = 200 if role in allowed else 404 if role in invisible else 403
        assert r.status_code == expected, (transition, role, r.status_code, r.content)
        if expected != 200:
            assert WorkOrder.objects.get(pk=order.pk).status == order.status
            assert AuditEvent.objects.count() == events_before


LINE_MAY = {"technician", "advisor", "manager"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_line(world, api, role):
    order = work_order_in(world, "in_progress")
    r = api(world.users[role]).post(
        f"work-orders/{order.pk}/lines",
        {"kind": "part", "part_id": world.extra["part"].pk, "quantity": "1"},
    )
    expected = 201 if role in LINE_MAY else 404 if role in NOT_THEIRS else 403
    assert r.status_code == expected, (role, r.status_code, r.content)
    assert order.lines.count() == (1 if expected == 201 else 0)


def test_a_technician_may_not_act_on_a_colleagues_order(world, api):
    order = work_order_in(world, "assigned")
    colleague = api(world.users["technician2"])  # same station, not their order: unseen
    assert (
        colleague.post(f"work-orders/{order.pk}/transitions", {"transition": "start"}).status_code
        == 404
    )
    assert order.lines.count() == 0


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"customer", "customer2"}))
def test_the_order_page_offers_the_line_form_only_to_who_may_add_lines(world, client, role):
    order = work_order_in(world, "in_progress")
    client.force_login(world.users[role])
    page = client.get(f"/staff/orders/{order.pk}/")
    if role in NOT_THEIRS:
        assert page.status_code == 404
        return
    assert page.status_code == 200
    assert ('id="add-line"' in page.content.decode()) == (role in LINE_MAY), role
