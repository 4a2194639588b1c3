"""The pages keep working under the Content-Security-Policy (no inline script may run)."""

import pytest

from tests.browser.test_customer_request_flow import log_in
from tests.workorders.helpers import file_request

pytestmark = pytest.mark.browser


def test_pages_work_under_the_policy_with_no_violation(world_live, live_server, browser):
    file_request(world_live)
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    log_in(page, base, "admin")
    page.goto(f"{base}/staff/orders/")
    assert (
        "script-src 'self'"
        in (page.context.request.get(page.url).headers)["content-security-policy"]
    )
    # ECharts (from /static) drew the status chart from the json_script data.
    page.locator("#status-chart canvas").wait_for()

    # The language switch submits its form from a static script, not an onchange attribute.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"

    # A boosted (htmx) navigation back to the list draws the chart again.
    page.goto(f"{base}/staff/dispatch/")
    page.click("header nav a[href='/staff/orders/']")
    page.locator("#status-chart canvas").wait_for()

    for path in ("/admin/", "/api/docs"):
        page.goto(f"{base}{path}")
    page.locator("#swagger-ui .information-container").wait_for()
    assert violations == []
    context.close()
