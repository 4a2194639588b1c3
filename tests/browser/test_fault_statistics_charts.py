"""In a real browser: the manufacturer's analyst opens the fault statistics, the bar chart and
the failures-per-1,000 curve draw (ECharts canvases, the curve from the API's JSON), another
dimension is a click away, and the console stays clean.

With REPORTS_SHOTS=<directory> the page is also photographed at 1366 px and 390 px.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from aftersales.dispatch.models import DispatchPolicy
from tests.browser.test_customer_request_flow import log_in
from tests.reports.helpers import PERIOD, fault_world, standard_set

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("REPORTS_SHOTS")
QUERY = f"date_from={PERIOD['date_from']}&date_to={PERIOD['date_to']}"


def watch(page: Any) -> list[str]:
    """Console errors and uncaught exceptions of the page, as they happen."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def drawn(page: Any, selector: str) -> None:
    page.locator(f"{selector} canvas").first.wait_for(timeout=15_000)


def test_the_analyst_sees_the_charts_drawn(world_live, live_server, browser):
    # Orders are assigned by hand here, as in the claims' browser test.
    DispatchPolicy.objects.create(organisation=world_live.network, auto_dispatch=False)
    standard_set(fault_world(world_live))
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    problems = watch(page)
    log_in(page, base, "auditor")
    with page.expect_response(lambda r: "/api/v1/reports/failure-rate-curve" in r.url) as curve:
        page.goto(f"{base}/staff/reports/faults/?{QUERY}")
    assert curve.value.status == 200
    drawn(page, "#fault-chart")
    drawn(page, "#curve-chart")
    assert page.locator("#fault-table tbody tr").count() == 3
    assert page.locator("#scorecard-table tbody tr").count() == 2

    # Another dimension: a boosted (htmx) navigation draws the charts again.
    page.click("#by-dimension nav a[href*='dimension=months_in_service']")
    page.wait_for_url("**dimension=months_in_service**")
    drawn(page, "#fault-chart")
    drawn(page, "#curve-chart")
    assert page.locator("#fault-table tbody tr").count() == 7

    # Coming from another page by a boosted link: the body is swapped in, styles and charts too.
    page.goto(f"{base}/staff/orders/")
    page.evaluate(
        """url => {
            const link = Object.assign(document.createElement("a"), {id: "to-reports", href: url});
            link.textContent = "reports";
            document.querySelector("main").appendChild(link);
            htmx.process(link);
        }""",
        f"/staff/reports/faults/?{QUERY}",
    )
    page.click("#to-reports")
    page.wait_for_url("**/staff/reports/faults/**")
    drawn(page, "#fault-chart")
    drawn(page, "#curve-chart")
    box = page.locator("#curve-chart").bounding_box()
    assert box is not None and box["height"] >= 240

    # The Excel download is the API's workbook.
    with page.expect_download() as download:
        page.click("#fault-export")
    assert download.value.suggested_filename == "fault-statistics-20260101-20260630.xlsx"
    assert problems == []
    context.close()
    if SHOTS:
        shoot(browser, base)


def shoot(chromium: Any, base: str) -> None:
    Path(SHOTS or ".").mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        for dimension in ("part", "months_in_service"):
            context = chromium.new_context(
                locale="zh-CN", viewport={"width": width, "height": height}
            )
            page = context.new_page()
            log_in(page, base, "auditor")
            page.goto(f"{base}/staff/reports/faults/?{QUERY}&dimension={dimension}")
            drawn(page, "#fault-chart")
            drawn(page, "#curve-chart")
            page.wait_for_timeout(800)  # the charts' entry animation
            page.screenshot(path=f"{SHOTS}/faults-{dimension}-{width}.png", full_page=True)
            context.close()
