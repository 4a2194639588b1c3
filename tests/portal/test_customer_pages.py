from django.test import Client

from aftersales.customers.services import asset_create
from aftersales.workorders.models import Attachment, WorkOrder
from tests.factories import PASSWORD
from tests.images import png
from tests.workorders.helpers import advance, file_request


def login(username):
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_customer_submits_a_request_with_a_photo_and_lands_on_its_page(world):
    client = login("customer")
    r = client.post(
        "/portal/request/",
        {"asset": world.asset.pk, "fault_description": "冰箱不制冷", "photos": [png()]},
    )
    order = WorkOrder.objects.get(customer=world.customer)
    assert r.status_code == 302 and r["Location"] == f"/portal/orders/{order.number}/"
    assert order.channel == "portal"
    assert Attachment.objects.get(work_order=order).content_type == "image/png"
    page = client.get(r["Location"])
    assert page.status_code == 200
    assert "冰箱不制冷" in page.content.decode()


def test_request_form_shows_field_errors_and_writes_nothing(world):
    client = login("customer")
    r = client.post("/portal/request/", {"serial": "NOPE", "fault_description": "x"})
    assert r.status_code == 200
    assert "Unknown serial number." in r.content.decode()
    r = client.post("/portal/request/", {"fault_description": "x"})
    assert "Choose one of your products" in r.content.decode()
    assert not WorkOrder.objects.exists()


def test_customer_cannot_open_another_customers_order_or_staff_pages(world):
    other = file_request(world, customer=world.other_customer)
    client = login("customer")
    assert client.get(f"/portal/orders/{other.number}/").status_code == 404
    assert client.get("/staff/orders/").status_code == 404
    assert client.get(f"/staff/orders/{other.pk}/").status_code == 404


def test_customer_sees_progress_and_may_cancel_a_new_order(world):
    order = file_request(world)
    client = login("customer")
    page = client.get(f"/portal/orders/{order.number}/").content.decode()
    assert 'value="cancel"' in page
    r = client.post(
        f"/portal/orders/{order.number}/transition/",
        {"transition": "cancel", "reason": "已自行解决"},
    )
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_customer_comment_is_public(world):
    order = advance(world, file_request(world), "accept")
    client = login("customer")
    client.post(f"/portal/orders/{order.number}/comments/", {"body": "请上午来"})
    assert order.comments.get().internal is False


def test_my_products_and_registration(world):
    asset_create(product_model=world.extra["fridge_model"], serial="HY470R0001", actor=None)
    client = login("customer")
    r = client.post("/portal/register/", {"serial": "HY470R0001", "purchase_date": "2026-11-01"})
    assert r.status_code == 302
    page = client.get("/portal/assets/").content.decode()
    assert "HY470R0001" in page and world.asset.serial in page
    assert world.other_asset.serial not in page
    r = client.post("/portal/register/", {"serial": "HY470R0001", "purchase_date": "2026-11-01"})
    assert "already registered" in r.content.decode()


def test_login_page_rate_limits(world, settings):
    settings.LOGIN_RATE_LIMIT = 2
    client = Client()
    for _ in range(2):
        assert (
            "Please enter a correct"
            in client.post("/login/", {"username": "customer", "password": "bad"}).content.decode()
        )
    r = client.post("/login/", {"username": "customer", "password": PASSWORD})
    assert "Too many login attempts" in r.content.decode()


def test_pages_need_login_and_csrf(world):
    assert Client().get("/portal/").status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="customer", password=PASSWORD)
    assert (
        strict.post(
            "/portal/request/", {"asset": world.asset.pk, "fault_description": "x"}
        ).status_code
        == 403
    )


def test_customer_actions_post_to_their_own_addresses(world):
    order = file_request(world)
    client = login("customer")
    page = client.get(f"/portal/orders/{order.number}/").content.decode()
    assert f'action="/portal/orders/{order.number}/transition/"' in page
    assert f'action="/portal/orders/{order.number}/comments/"' in page
    r = client.post(f"/portal/orders/{order.number}/", {"action": "comment", "body": "x"})
    assert r.status_code == 405 and not order.comments.exists()
    r = client.post(f"/portal/orders/{order.number}/comments/", {"body": ""})
    assert r.status_code == 200 and r["HX-Push-Url"] == f"/portal/orders/{order.number}/"
    other = file_request(world, customer=world.other_customer)
    assert client.post(f"/portal/orders/{other.number}/comments/", {"body": "x"}).status_code == 404
