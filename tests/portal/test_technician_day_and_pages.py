"""Issue 7 §18: the customer's message agrees with the badge, the site's own 404, the line
table's labels at phone width, and the technician's day in route order."""

import re
from decimal import Decimal

from django.test import Client

from aftersales.dispatch.models import TechnicianProfile
from aftersales.dispatch.route import map_links, nearest_neighbour
from aftersales.workorders import lines
from aftersales.workorders.models import WorkOrder
from tests.factories import customer_of_world, fridge_of
from tests.portal.test_customer_pages import login
from tests.workorders.helpers import advance, file_request


def test_the_message_after_a_request_names_the_state_of_the_badge(world):
    client = login("customer")
    r = client.post(
        "/portal/request/",
        {"asset": world.asset.pk, "fault_description": "冰箱不制冷"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    order = WorkOrder.objects.get(customer=world.customer)
    page = r.content.decode()
    badge = re.search(r'id="order-status"[^>]*>([^<]+)<', page)
    label = badge.group(1).strip() if badge else order.get_status_display()
    found = re.search(r'<ul class="messages">(.*?)</ul>', page, re.S)
    assert found is not None
    message = found.group(1)
    assert str(order.get_status_display()) in message and label in message
    assert "received" not in message


def test_404_has_the_site_layout_in_both_languages_and_a_favicon(world):
    for language, text in (("en", "Page not found"), ("zh-hans", "页面不存在")):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        r = client.get("/no-such-page/")
        page = r.content.decode()
        assert r.status_code == 404 and 'id="not-found"' in page and text in page, language
        assert 'rel="icon"' in page and "favicon.svg" in page
        assert 'class="top"' in page  # the site's header


def test_line_cells_carry_their_column_label_for_phone_width(world):
    order = advance(world, file_request(world), "accept", "assign", "start")

    lines.work_order_add_line(
        work_order=order,
        actor=world.users["technician"],
        kind="labour",
        quantity=Decimal("1"),
        operation=world.extra["op_diag"],
    )
    page = login("technician").get(f"/staff/orders/{order.pk}/").content.decode()
    assert 'data-label="' in page and page.count("data-label=") >= 6


def test_nearest_neighbour_route():
    start = (31.0, 121.0)
    points = [(31.3, 121.0), None, (31.1, 121.0), (31.2, 121.0)]
    assert [i for i, _km in nearest_neighbour(start, points)] == [2, 3, 0, 1]
    links = map_links((31.2304, 121.54), "世纪大道")
    assert links["geo"].startswith("geo:31.230400,121.540000")
    assert "position=121.540000,31.230400" in links["amap"]


def test_my_jobs_today_in_route_order_with_call_and_map_links(world):
    tech = world.users["technician"]
    TechnicianProfile.objects.filter(user=tech).update(
        home_latitude=Decimal("31.10"), home_longitude=Decimal("121.54")
    )
    far = customer_of_world(
        world,
        address={
            "province": "上海市",
            "city": "上海",
            "line": "远路9号",
            "latitude": 31.30,
            "longitude": 121.54,
        },
    )
    near = customer_of_world(
        world,
        address={
            "province": "上海市",
            "city": "上海",
            "line": "近路1号",
            "latitude": 31.12,
            "longitude": 121.54,
        },
    )
    first = advance(
        world, file_request(world, customer=far, asset=fridge_of(world, far)), "accept", "assign"
    )
    second = advance(
        world,
        file_request(world, customer=near, asset=fridge_of(world, near)),
        "accept",
        "assign",
        "start",
    )
    done = advance(world, file_request(world), "accept", "assign", "start", "complete")
    client = login("technician")
    home = client.get("/staff/orders/").content.decode()
    assert 'href="/staff/today/"' in home
    page = client.get("/staff/today/").content.decode()
    assert page.index(second.number) < page.index(first.number)
    assert done.number not in page
    assert f'href="tel:{near.phone}"' in page and "geo:31.120000,121.540000" in page
    assert "uri.amap.com/marker?position=121.540000,31.120000" in page


def test_today_is_the_technicians_page(world):
    assert login("dispatcher").get("/staff/today/").status_code == 404
    assert 'href="/staff/today/"' not in login("dispatcher").get("/staff/orders/").content.decode()
