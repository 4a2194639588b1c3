"""The advisor records the warranty facts on the order page and sees the panel change in place
(htmx), in a real Chromium; screenshots of the panel at 1366 px and 390 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aftersales.warranty.models import WarrantyFacts
from aftersales.workorders import services
from tests.browser.test_customer_request_flow import log_in
from tests.warranty.helpers import at, fridge_policy, part_line
from tests.workorders.helpers import advance, file_request

pytestmark = pytest.mark.browser
# Screenshots go to $WARRANTY_SHOTS when set (e.g. /tmp/shots-warranty), else the test's tmp.
SHOTS = os.environ.get("WARRANTY_SHOTS", "")


def _panel_outcome(page) -> str:
    return page.locator("#warranty-outcome").inner_text()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_advisor_records_the_facts_and_the_panel_changes(
    world_live,
    live_server,
    browser,
    width,
    tmp_path,
):
    world = world_live
    shots = Path(SHOTS) if SHOTS else tmp_path
    fridge_policy(world)
    # Accepting dispatches at once here (tasks run on commit): the order goes to a technician.
    with at("2026-06-01"):
        order = advance(world, file_request(world), "accept")
        assert order.technician is not None
        services.work_order_transition(work_order=order, name="start", actor=order.technician)
        line = part_line(world, order)
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, "advisor")
    order_url = f"{live_server.url}/staff/orders/{order.pk}/"
    page.goto(order_url)
    assert "保修" in _panel_outcome(page)  # free repair: day 92 of the 12 months
    assert page.locator(f'#warranty-payers tr[data-line="{line.pk}"] .payer').inner_text() != ""
    shots.mkdir(parents=True, exist_ok=True)
    page.locator("#warranty-panel").screenshot(path=str(shots / f"panel-before-{width}.png"))

    page.click("#warranty-panel details.warranty-facts > summary")
    page.select_option("#warranty-facts-form select[name=proof_of_purchase]", "yes")
    page.select_option("#warranty-facts-form select[name=cause]", "misuse")
    page.fill("#warranty-facts-form input[name=note]", "门体有撞击痕迹")
    page.locator("#warranty-panel").screenshot(path=str(shots / f"facts-form-{width}.png"))
    with page.expect_response(lambda r: r.url.endswith(f"/warranty/orders/{order.pk}/facts/")):
        page.click("#warranty-facts-form button[type=submit]")
    # A locator, not wait_for_function: the page's CSP forbids the eval a string predicate needs.
    page.locator("#warranty-outcome", has_text="收费维修").wait_for()
    assert page.url == order_url  # the panel changed in place, the page stayed
    assert page.locator("#warranty-reasons").is_visible()
    payer = page.locator(f'#warranty-payers tr[data-line="{line.pk}"] .payer').inner_text()
    assert "客户" in payer  # the line follows the entitlement: the customer pays now
    facts = WarrantyFacts.objects.get(work_order=order)
    assert (facts.cause, facts.proof_of_purchase, facts.note) == ("misuse", True, "门体有撞击痕迹")

    page.screenshot(path=str(shots / f"order-page-{width}.png"), full_page=True)
    page.locator("#warranty-panel").screenshot(path=str(shots / f"panel-after-{width}.png"))
    # Nothing overflows the phone's width.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    context.close()
