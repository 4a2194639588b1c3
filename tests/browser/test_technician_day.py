"""A technician's day on the phone: today's jobs with call and map links, the line table with
its labels, and the site's 404 (screenshots kept under var/screenshots for a look)."""

from decimal import Decimal
from pathlib import Path

import pytest

from aftersales.workorders import lines, services
from tests.browser.test_customer_request_flow import log_in
from tests.workorders.helpers import advance, file_request

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def started_with_a_line(world, **line):
    """An order its technician has started, with one line on it: (order, technician)."""
    order = advance(world, file_request(world), "accept")
    technician = order.technician
    assert technician is not None
    services.work_order_transition(work_order=order, name="start", actor=technician)
    lines.work_order_add_line(work_order=order, actor=technician, **line)
    return order, technician


def test_technician_reads_today_and_the_line_labels_on_the_phone(world_live, live_server, browser):
    base = live_server.url
    order, technician = started_with_a_line(
        world_live, kind="labour", quantity=Decimal("1"), operation=world_live.extra["op_diag"]
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, base, technician.username)
        page.goto(f"{base}/staff/today/")
        stop = page.locator(f'#today li[data-number="{order.number}"]')
        assert stop.locator('a[href^="tel:"]').count() == 1
        assert stop.locator('a[href^="geo:"]').count() == 1
        page.screenshot(path=str(SHOTS / f"today-{width}.png"), full_page=True)
        page.goto(f"{base}/staff/orders/{order.pk}/")
        if width == 390:
            label = page.evaluate(
                "getComputedStyle(document.querySelector('td[data-label]'), '::before').content"
            )
            assert label not in ("", "none", "normal")
        page.screenshot(path=str(SHOTS / f"order-{width}.png"), full_page=True)
        page.goto(f"{base}/no-such-page/")
        assert page.locator("#not-found").count() == 1
        page.screenshot(path=str(SHOTS / f"404-{width}.png"))
        context.close()


def test_a_long_line_description_keeps_the_order_page_to_the_phones_width(
    world_live, live_server, browser
):
    """An outside tester's 200-character description once made the page 1,931 px wide."""
    order, technician = started_with_a_line(
        world_live, kind="part", part=world_live.extra["part"], quantity=1, description="A" * 200
    )
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, technician.username)
    page.goto(f"{live_server.url}/staff/orders/{order.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
