"""Late, at risk and met on every order in the API, and the `overdue` filter."""

from datetime import timedelta

from aftersales.core import clock
from aftersales.workorders.models import WorkOrder
from tests.workorders.helpers import advance, file_request


def _late_onsite(world) -> WorkOrder:
    """Filed two days ago, accepted in time, on site a day late (resolve within three days)."""
    now = clock.now()
    with clock.frozen_at(now - timedelta(days=2)):
        order = file_request(world)
        advance(world, order, "accept", "assign")
    with clock.frozen_at(now - timedelta(hours=2)):
        advance(world, order, "start")
    return order


def test_each_order_carries_its_commitments(world, api):
    order = _late_onsite(world)
    body = api(world.users["agent"]).get(f"work-orders/{order.pk}").json()
    sla = body["sla"]
    assert sla["response"]["state"] == "met"
    assert sla["onsite"]["state"] == "late"  # the page showed a tick for this
    assert sla["onsite"]["done_at"] is not None
    assert sla["resolution"]["state"] == "running"
    assert sla["overdue"] is True


def test_a_fresh_order_runs_and_one_near_its_due_time_is_at_risk(world, api):
    fresh = file_request(world)
    now = clock.now()
    with clock.frozen_at(now - timedelta(minutes=150)):  # suburb: respond within 180 min
        near = file_request(world, customer=world.other_customer)
    client = api(world.users["agent"])
    assert client.get(f"work-orders/{fresh.pk}").json()["sla"]["response"]["state"] == "running"
    assert client.get(f"work-orders/{near.pk}").json()["sla"]["response"]["state"] == "at_risk"


def test_list_filters_overdue_orders(world, api):
    late = _late_onsite(world)
    fresh = file_request(world, customer=world.other_customer)
    client = api(world.users["agent"])
    overdue = client.get("work-orders", {"overdue": "true"}).json()["items"]
    assert [o["id"] for o in overdue] == [late.pk]
    assert overdue[0]["sla"]["overdue"] is True
    on_time = client.get("work-orders", {"overdue": "false"}).json()["items"]
    assert [o["id"] for o in on_time] == [fresh.pk]


def test_a_cancelled_order_is_not_overdue_forever(world, api):
    now = clock.now()
    with clock.frozen_at(now - timedelta(days=5)):
        order = file_request(world)
        advance(world, order, "cancel")
    client = api(world.users["agent"])
    assert client.get("work-orders", {"overdue": "true"}).json()["items"] == []
    states = client.get(f"work-orders/{order.pk}").json()["sla"]
    assert states["response"]["state"] == "stopped"
