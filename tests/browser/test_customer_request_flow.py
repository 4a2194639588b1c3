"""A customer submits a request with a photo and sees it accepted on the order's timeline."""

import re

import pytest

from aftersales.workorders.models import WorkOrder
from tests.factories import PASSWORD
from tests.images import png_bytes

pytestmark = pytest.mark.browser


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/login/" not in page.url, f"{username} could not log in"


def test_customer_request_with_photo_then_agent_accepts(world_live, live_server, browser, tmp_path):
    base = live_server.url
    photo = tmp_path / "fridge.png"
    photo.write_bytes(png_bytes())

    customer = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = customer.new_page()
    log_in(page, base, "customer")
    page.goto(f"{base}/portal/request/")
    page.select_option("select[name=asset]", str(world_live.asset.pk))
    page.fill("textarea[name=fault_description]", "冰箱不制冷，冷藏室有异味")
    page.set_input_files("input[name=photos]", str(photo))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal/orders/WO-\d{8}-\d{6}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.locator("#order-status").inner_text() == "新建"
    assert page.locator(".thumbs img").count() == 1
    order = WorkOrder.objects.get(number=number)
    assert order.attachments.count() == 1

    agent = browser.new_context(locale="zh-CN")
    agent_page = agent.new_page()
    log_in(agent_page, base, "agent")
    agent_page.goto(f"{base}/staff/orders/{order.pk}/")
    with agent_page.expect_navigation():
        agent_page.click("form[data-transition=accept] button")
    # Accepting dispatches the order at once (nearest and balanced): it shows as assigned.
    assert agent_page.locator("#order-status").inner_text() == "已派工"

    page.reload()
    timeline = page.locator("#timeline")
    assert timeline.locator("li[data-verb='work_order.accept']").count() == 1
    assert "已受理" in timeline.inner_text()
    assert timeline.locator("li[data-verb='work_order.assign']").count() == 1
    assert page.locator("#order-status").inner_text() == "已派工"
    page.screenshot(path=str(tmp_path / "customer-timeline.png"), full_page=True)
    customer.close()
    agent.close()
