from aftersales.core.models import AuditEvent
from aftersales.workorders.models import WorkOrder
from tests.images import pdf
from tests.portal.test_customer_pages import login
from tests.workorders.helpers import advance, file_request


def test_work_order_list_filters_and_searches(world):
    a = file_request(world)
    b = advance(world, file_request(world, customer=world.other_customer), "accept")
    client = login("agent")
    page = client.get("/staff/orders/").content.decode()
    assert a.number in page and b.number in page
    page = client.get("/staff/orders/", {"status": "accepted"}).content.decode()
    assert b.number in page and a.number not in page
    page = client.get("/staff/orders/", {"q": world.other_customer.phone}).content.decode()
    assert b.number in page and a.number not in page
    page = client.get("/staff/orders/", {"q": world.asset.serial}).content.decode()
    assert a.number in page and b.number not in page


def test_station_manager_sees_only_their_stations_orders(world):
    mine = advance(world, file_request(world), "accept", "assign")
    client = login("manager2")
    assert mine.number not in client.get("/staff/orders/").content.decode()
    assert client.get(f"/staff/orders/{mine.pk}/").status_code == 404
    assert client.get(f"/staff/customers/{world.customer.pk}/").status_code == 404
    assert login("manager").get(f"/staff/orders/{mine.pk}/").status_code == 200


def test_detail_offers_the_users_transitions_and_performs_them(world):
    order = file_request(world)
    client = login("agent")
    page = client.get(f"/staff/orders/{order.pk}/").content.decode()
    assert 'data-transition="accept"' in page and 'data-transition="start"' not in page
    r = client.post(
        f"/staff/orders/{order.pk}/transition/",
        {"transition": "accept", "version": order.version},
    )
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.status == "accepted"
    dispatcher = login("dispatcher")
    page = dispatcher.get(f"/staff/orders/{order.pk}/").content.decode()
    assert world.users["technician"].display_name in page  # offered for assignment
    dispatcher.post(
        f"/staff/orders/{order.pk}/transition/",
        {
            "transition": "assign",
            "technician": world.users["technician"].pk,
            "version": order.version,
        },
    )
    order.refresh_from_db()
    assert order.status == "assigned" and order.technician == world.users["technician"]


def test_stale_page_gets_a_message_not_a_change(world):
    order = file_request(world)
    client = login("agent")
    r = client.post(
        f"/staff/orders/{order.pk}/transition/",
        {"transition": "accept", "version": order.version + 1},
    )
    assert r.status_code == 200
    assert "Someone else changed this work order" in r.content.decode()
    order.refresh_from_db()
    assert order.status == "new"


def test_technician_adds_lines_uploads_and_comments_on_the_phone_page(world):
    order = advance(world, file_request(world), "accept", "assign", "start")
    client = login("technician")
    client.post(
        f"/staff/orders/{order.pk}/lines/",
        {
            "kind": "labour",
            "operation": world.extra["op_diag"].pk,
            "quantity": "0.5",
        },
    )
    client.post(
        f"/staff/orders/{order.pk}/attachments/",
        {"file": pdf(), "visible_to_customer": "on"},
    )
    client.post(
        f"/staff/orders/{order.pk}/comments/",
        {"body": "已更换门封条", "internal": "on"},
    )
    order.refresh_from_db()
    assert str(order.total) == "60.00"
    assert order.attachments.count() == 1
    assert order.comments.get().internal is True
    page = client.get(f"/staff/orders/{order.pk}/").content.decode()
    assert "¥60.00" in page and "已更换门封条" in page


def test_phone_intake_records_a_new_caller_and_files_the_order(world):
    client = login("agent")
    r = client.post(
        "/staff/orders/new/",
        {
            "phone": "13622223333",
            "name": "新来电",
            "province": "上海市",
            "city": "上海",
            "line": "长江路1号",
            "serial": "",
            "type": "repair",
            "priority": "high",
            "fault_description": "洗衣机不排水",
        },
    )
    assert r.status_code == 302
    order = WorkOrder.objects.get(customer__phone="13622223333")
    assert order.channel == "phone" and order.priority == "high"
    assert order.region == world.region_sh  # same city as the East China centre
    assert AuditEvent.objects.filter(verb="customer.created", object_id=order.customer_id).exists()


def test_intake_errors_are_shown_on_the_form(world):
    client = login("agent")
    r = client.post(
        "/staff/orders/new/",
        {"phone": "123", "type": "repair", "priority": "normal", "fault_description": "x"},
    )
    assert "Enter a valid mainland mobile number" in r.content.decode()
    r = client.post(
        "/staff/orders/new/",
        {"phone": "13622224444", "type": "repair", "priority": "normal", "fault_description": "x"},
    )
    assert "enter a name" in r.content.decode()
    assert not WorkOrder.objects.exists()


def test_customer_and_asset_pages_show_service_history(world):
    order = advance(world, file_request(world), "accept")
    client = login("agent")
    assert order.number in client.get(f"/staff/customers/{world.customer.pk}/").content.decode()
    page = client.get(f"/staff/assets/{world.asset.pk}/").content.decode()
    assert order.number in page and world.asset.serial in page


def test_language_switch(world):
    client = login("agent")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/staff/orders/"})
    assert "工单" in client.get("/staff/orders/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/orders/"})
    assert "Work orders" in client.get("/staff/orders/").content.decode()


def test_a_technician_starts_from_their_open_jobs(world):
    done = advance(world, file_request(world), "accept", "assign", "start", "complete")
    todo = advance(world, file_request(world), "accept", "assign")
    page = login("technician").get("/staff/orders/").content.decode()
    assert todo.number in page and done.number not in page
    page = login("technician").get("/staff/orders/", {"status": ""}).content.decode()
    assert done.number in page


def test_list_pages_do_not_query_per_row(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("agent")
    for _ in range(2):
        advance(world, file_request(world), "accept")
    client.get("/staff/orders/")
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/orders/")
    for _ in range(15):
        advance(world, file_request(world), "accept")
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/orders/")
    assert len(many) == len(few)
    dispatcher = login("dispatcher")
    with CaptureQueriesContext(connection) as board:
        assert dispatcher.get("/staff/dispatch/").status_code == 200
    advance(world, file_request(world), "accept")
    with CaptureQueriesContext(connection) as board_more:
        dispatcher.get("/staff/dispatch/")
    assert len(board_more) == len(board)


def test_taking_an_order_back_from_the_station_page_lands_on_the_list(world):
    order = advance(world, file_request(world), "accept", "assign")
    client = login("manager")
    r = client.post(
        f"/staff/orders/{order.pk}/transition/",
        {
            "transition": "unassign",
            "reason": "技师请假",
            "version": order.version,
        },
    )
    assert r.status_code == 302 and r["Location"] == "/staff/orders/"
    order.refresh_from_db()
    assert order.status == "accepted" and order.station is None


def test_each_action_posts_to_its_own_address_and_the_page_only_reads(world):
    order = advance(world, file_request(world), "accept", "assign", "start")
    client = login("technician")
    page = client.get(f"/staff/orders/{order.pk}/").content.decode()
    for action in ("transition", "lines", "comments", "attachments"):
        assert f'action="/staff/orders/{order.pk}/{action}/"' in page
    assert 'name="action"' not in page
    r = client.post(f"/staff/orders/{order.pk}/", {"action": "comment", "body": "x"})
    assert r.status_code == 405 and not order.comments.exists()
    r = client.get(f"/staff/orders/{order.pk}/lines/")
    assert r.status_code == 302 and r["Location"] == f"/staff/orders/{order.pk}/"
    other = file_request(world, customer=world.other_customer)
    assert client.post(f"/staff/orders/{other.pk}/comments/", {"body": "x"}).status_code == 404


def test_a_refused_line_shows_its_form_on_the_order_page(world):
    order = advance(world, file_request(world), "accept", "assign", "start")
    r = login("technician").post(
        f"/staff/orders/{order.pk}/lines/", {"kind": "labour", "quantity": "-1"}
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Check the line." in page and "greater than or equal to 0" in page
    assert r["HX-Push-Url"] == f"/staff/orders/{order.pk}/"
    order.refresh_from_db()
    assert not order.lines.exists()
