"""Issue 7 §10: no existence oracle on phone numbers; personal data masked for viewers who do
not act on the customer, revealed on purpose and audited."""

from aftersales.core.models import AuditEvent
from aftersales.customers.privacy import mask_name, mask_phone
from tests.customers.test_customers_api import new_customer
from tests.factories import work_order_in
from tests.portal.test_customer_pages import login
from tests.workorders.helpers import advance


def test_masks():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_name("张伟") == "张*" and mask_name("欧阳娜娜") == "欧*"


def test_a_taken_phone_answers_the_same_whether_the_holder_is_yours_or_not(world, api):
    manager2 = api(world.users["manager2"])
    own = manager2.post("customers", new_customer(phone="13700009999"))
    assert own.status_code == 201
    mine = manager2.post("customers", new_customer(phone="13700009999"))
    foreign = manager2.post("customers", new_customer(phone=world.customer.phone))
    assert mine.status_code == foreign.status_code == 409
    assert mine.json() == foreign.json()
    assert world.customer.name not in foreign.content.decode()


def test_an_auditor_reads_an_owner_without_orders_masked(world, api):
    body = api(world.users["auditor"]).get(f"customers/{world.customer.pk}").json()
    assert body["masked"] is True
    assert body["phone"] == "139****5678" and body["name"] == "张*"
    address = body["addresses"][0]
    assert address["line"] == "****" and address["district"] == "浦东新区"
    assert address["latitude"] is None


def test_those_who_act_on_the_customer_read_in_full(world, api):
    for role in ("agent", "customer"):
        body = api(world.users[role]).get(f"customers/{world.customer.pk}").json()
        assert body["masked"] is False and body["phone"] == world.customer.phone, role


def test_an_open_order_of_the_manufacturer_unmasks_until_it_is_closed(world, api):
    auditor = api(world.users["auditor"])
    order = work_order_in(world, "in_progress")
    assert auditor.get(f"customers/{world.customer.pk}").json()["masked"] is False
    assert auditor.get(f"work-orders/{order.pk}").json()["customer_name"] == "张伟"
    advance(world, order, "complete", "close")
    assert auditor.get(f"customers/{world.customer.pk}").json()["masked"] is True
    assert auditor.get(f"work-orders/{order.pk}").json()["customer_name"] == "张*"


def test_reveal_needs_a_reason_and_is_audited(world, api):
    auditor = api(world.users["auditor"])
    url = f"customers/{world.customer.pk}/reveal"
    assert auditor.post(url, {"reason": ""}).status_code == 422
    r = auditor.post(url, {"reason": "质量回访"})
    assert r.status_code == 200 and r.json()["phone"] == world.customer.phone
    event = AuditEvent.objects.get(verb="customer.revealed", object_id=world.customer.pk)
    assert event.actor == world.users["auditor"] and event.reason == "质量回访"
    assert "phone" in event.data["fields"]


def test_reveal_is_for_the_declared_roles_and_visible_customers(world, api):
    url = f"customers/{world.customer.pk}/reveal"
    assert api(world.users["technician"]).post(url, {"reason": "x"}).status_code == 404
    other = f"customers/{world.other_customer.pk}/reveal"
    assert api(world.users["auditor"]).post(other, {"reason": "x"}).status_code == 404


def test_pages_mask_and_reveal(world):
    order = work_order_in(world, "closed")
    auditor = login("auditor")
    page = auditor.get(f"/staff/customers/{world.customer.pk}/").content.decode()
    assert "139****5678" in page and world.customer.phone not in page
    assert "世纪大道" not in page and 'id="reveal"' in page
    page = auditor.get(f"/staff/orders/{order.pk}/").content.decode()
    assert world.customer.phone not in page and "世纪大道" not in page and "张*" in page
    r = auditor.post(f"/staff/customers/{world.customer.pk}/reveal/", {"reason": "回访"})
    page = r.content.decode()
    assert r.status_code == 200 and world.customer.phone in page and "世纪大道" in page
    assert AuditEvent.objects.filter(verb="customer.revealed").count() == 1
    # The reveal is for that answer only: the next visit is masked again.
    page = auditor.get(f"/staff/customers/{world.customer.pk}/").content.decode()
    assert world.customer.phone not in page


def test_phone_intake_does_not_say_whose_a_number_is(world):
    """A station looking up a number held by a customer it cannot see gets the same words as
    creating a customer with a number in use, not "a customer of another organisation"."""
    from django.test import Client

    from tests.factories import PASSWORD

    client = Client()
    assert client.login(username="manager2", password=PASSWORD)
    r = client.post(
        "/staff/orders/new/",
        {
            "phone": world.other_customer.phone,
            "name": "李娜",
            "fault_description": "不制冷",
            "type": "repair",
            "priority": "normal",
            "idempotency_key": "intake-1",
        },
    )
    body = r.content.decode()
    assert "another organisation" not in body
    assert "cannot be recorded for a new customer" in body
