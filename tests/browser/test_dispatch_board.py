"""A dispatcher assigns from the board in a real browser; the technician accepts on the phone."""

import pytest

from aftersales.dispatch.models import Assignment, DispatchPolicy
from tests.browser.test_customer_request_flow import log_in
from tests.workorders.helpers import advance, file_request

pytestmark = pytest.mark.browser


def test_dispatcher_assigns_from_candidates_and_technician_accepts(
    world_live, live_server, browser
):
    w = world_live
    DispatchPolicy.objects.create(organisation=w.network, auto_dispatch=False)
    order = advance(w, file_request(w), "accept")
    base = live_server.url

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    log_in(page, base, "dispatcher")
    page.goto(f"{base}/staff/dispatch/")
    row = page.locator(f"#order-{order.pk}")
    assert row.count() == 1
    row.get_by_role("button", name="候选技师").click()
    candidates = page.locator(f"#suggest-{order.pk} tr.feasible")
    candidates.first.wait_for()
    assert candidates.count() == 2
    first = candidates.first
    assert first.get_attribute("data-technician") == str(w.users["technician"].pk)
    first.locator("input[name=reason]").fill("最近且空闲")
    with page.expect_navigation():
        first.get_by_role("button", name="派工").click()
    assert page.locator(f"#order-{order.pk}").count() == 0
    assert order.number in page.locator("#offered").inner_text()

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    tech = phone.new_page()
    log_in(tech, base, "technician")
    tech.goto(f"{base}/staff/orders/{order.pk}/")
    with tech.expect_navigation():
        tech.click("#accept-offer")
    assert Assignment.objects.get(work_order=order).status == "accepted"
    assert tech.locator("#offer").count() == 0
    desk.close()
    phone.close()
