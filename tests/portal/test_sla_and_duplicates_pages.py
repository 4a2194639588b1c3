"""The pages show late, at risk and met; the same form posted twice files once; a second open
order for a unit is flagged for the agent and the customer is told."""

import re
from datetime import timedelta

from aftersales.core import clock
from aftersales.workorders.models import WorkOrder
from tests.portal.test_customer_pages import login
from tests.workorders.helpers import advance, file_request


def _key(page: str) -> str:
    match = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)
    assert match, "the form carries a hidden key"
    return match.group(1)


def test_the_order_page_marks_a_late_visit_late_not_with_a_tick(world):
    now = clock.now()
    with clock.frozen_at(now - timedelta(days=2)):
        order = advance(world, file_request(world), "accept", "assign")
    with clock.frozen_at(now - timedelta(hours=1)):
        advance(world, order, "start")
    page = login("agent").get(f"/staff/orders/{order.pk}/").content.decode()
    assert "✓" not in page
    assert re.search(r'data-sla="response">Met<', page)
    assert re.search(r'data-sla="onsite">Late<', page)


def test_the_list_filters_overdue_orders_and_badges_them(world):
    now = clock.now()
    with clock.frozen_at(now - timedelta(hours=3)):  # city: respond within 2 h
        late = file_request(world)
    on_time = file_request(world, customer=world.other_customer)
    client = login("agent")
    page = client.get("/staff/orders/", {"overdue": "on"}).content.decode()
    assert late.number in page and on_time.number not in page
    assert 'data-sla="response">Late<' in page


def test_the_request_form_posted_twice_files_one_order(world):
    client = login("customer")
    key = _key(client.get("/portal/request/").content.decode())
    form = {"asset": world.asset.pk, "fault_description": "冰箱不制冷", "idempotency_key": key}
    first = client.post("/portal/request/", form)
    again = client.post("/portal/request/", form)  # Back, then submit again
    assert WorkOrder.objects.filter(customer=world.customer).count() == 1
    assert first["Location"] == again["Location"]


def test_a_second_request_for_a_unit_warns_the_customer_and_links_the_open_order(world):
    open_order = file_request(world, channel="phone")
    client = login("customer")
    answer = client.post(
        "/portal/request/",
        {"asset": world.asset.pk, "fault_description": "还是不制冷"},
        follow=True,
    )
    page = answer.content.decode()
    assert "You already have an open request for this product" in page
    assert f'href="/portal/orders/{open_order.number}/"' in page


def test_phone_intake_posted_twice_files_once_and_flags_a_duplicate_for_the_agent(world):
    earlier = file_request(world)  # the customer's portal request, still open
    client = login("agent")
    key = _key(client.get("/staff/orders/new/").content.decode())
    form = {
        "phone": world.customer.phone,
        "serial": world.asset.serial,
        "type": "repair",
        "priority": "normal",
        "fault_description": "冰箱不制冷",
        "idempotency_key": key,
    }
    client.post("/staff/orders/new/", form)
    client.post("/staff/orders/new/", form)
    orders = list(WorkOrder.objects.filter(customer=world.customer).order_by("id"))
    assert len(orders) == 2
    flagged = orders[-1]
    assert flagged.possible_duplicate_of == earlier
    page = client.get(f"/staff/orders/{flagged.pk}/").content.decode()
    assert f'href="/staff/orders/{earlier.pk}/"' in page
    original = client.get(f"/staff/orders/{earlier.pk}/").content.decode()
    assert f'href="/staff/orders/{flagged.pk}/"' in original
    listed = client.get("/staff/orders/", {"possible_duplicate": "on"}).content.decode()
    assert flagged.number in listed and earlier.number not in listed
