"""A technician works an order on the phone: each form posts to its own address (boosted, with
the CSRF token) and the person stays on the order page, refused or not."""

import pytest

from aftersales.workorders import services
from tests.browser.test_customer_request_flow import log_in
from tests.workorders.helpers import advance, file_request

pytestmark = pytest.mark.browser


def test_technician_adds_a_line_and_a_comment_and_is_told_what_to_correct(
    world_live, live_server, browser
):
    base = live_server.url
    # Accepting dispatches at once here (tasks run on commit): the order goes to a technician.
    order = advance(world_live, file_request(world_live), "accept")
    technician = order.technician
    services.work_order_transition(work_order=order, name="start", actor=technician)
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    assert technician is not None
    log_in(page, base, technician.username)
    order_url = f"{base}/staff/orders/{order.pk}/"
    page.goto(order_url)

    page.select_option("#add-line select[name=kind]", "labour")
    page.select_option("#add-line select[name=operation]", str(world_live.extra["op_diag"].pk))
    page.fill("#add-line input[name=quantity]", "0.5")
    with page.expect_response(lambda r: r.url.endswith(f"/staff/orders/{order.pk}/")):
        page.click("#add-line button[type=submit]")
    # A locator, not wait_for_function: the page's CSP forbids the eval a string predicate needs.
    page.locator("#order-total", has_text="¥60.00").wait_for()
    assert page.locator("#order-total").inner_text() == "¥60.00"
    assert page.url == order_url

    page.fill("#add-comment textarea[name=body]", "已更换门封条")
    with page.expect_response(lambda r: r.url.endswith(f"/staff/orders/{order.pk}/")):
        page.click("#add-comment button[type=submit]")
    page.locator("#timeline", has_text="已更换门封条").wait_for()
    assert page.url == order_url

    # A part line without a part: the service refuses, the page says so and keeps its address.
    page.select_option("#add-line select[name=kind]", "part")
    page.fill("#add-line input[name=quantity]", "1")
    with page.expect_response(lambda r: r.url.endswith("/lines/")):
        page.click("#add-line button[type=submit]")
    page.locator(".messages li.error", has_text="请选择备件").wait_for()
    assert page.url == order_url
    assert order.lines.count() == 1
    context.close()
