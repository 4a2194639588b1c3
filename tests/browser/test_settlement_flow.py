"""In a real browser: finance generates the month, the station ships its old part and confirms
its statement, the network's finance approves it and it is locked; the manufacturer's clerk
receives the shipment. With SETTLEMENT_SHOTS=<directory> every settlement page is also
photographed at 1366 px and 390 px, as the person who uses it."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aftersales.core.models import AuditEvent
from aftersales.settlement.models import OldPart, OldPartRule, Statement, SupplierRecovery
from tests.browser.test_customer_request_flow import log_in
from tests.settlement.helpers import approved_claim, settlement_people

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SETTLEMENT_SHOTS")


def signed_in(chromium: Any, base: str, user: str, width: int = 1366) -> Any:
    context = chromium.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, base, user)
    return page


def shoot(chromium: Any, base: str, user: str, path: str, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page = signed_in(chromium, base, user, width)
        page.goto(f"{base}{path}")
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.context.close()


def test_station_confirms_finance_approves_the_statement_is_locked(
    world_live,
    live_server,
    browser,
):
    w = world_live
    settlement_people(w)
    claim = approved_claim(w)
    approved_claim(w, decision="approve_in_part")
    part = OldPart.objects.filter(claim=claim).get()
    base = live_server.url

    # The manufacturer's finance generates the month (and the supplier recoveries).
    finance = signed_in(browser, base, "finance")
    finance.goto(f"{base}/staff/settlement/")
    finance.click("#generate button[type=submit]")
    finance.locator(".messages li").wait_for()
    assert "error" not in (finance.locator(".messages li").get_attribute("class") or ""), (
        finance.locator(".messages li").inner_text()
    )
    child = Statement.objects.get(payee=w.station_sh)
    assert SupplierRecovery.objects.count() == 1

    # The station ships the old part with its tag.
    station = signed_in(browser, base, "manager")
    station.goto(f"{base}/staff/settlement/old-parts/")
    station.check(f"#old-part-{part.pk} input[type=checkbox]")
    station.fill("#ship input[name=carrier]", "顺丰速运")
    station.fill("#ship input[name=tracking_number]", "SF1001")
    station.fill("#ship input[name=weight_kg]", "8.5")
    station.click("#create-shipment")
    station.locator(".messages li").wait_for()
    assert station.locator("#shipment-status.blue").count() == 1, station.locator(
        ".messages li"
    ).inner_text()
    part.refresh_from_db()
    assert part.status == "shipped"

    # The station confirms its statement; the network's finance approves and locks it.
    station.goto(f"{base}/staff/settlement/statements/{child.pk}/")
    station.click("#confirm")
    station.locator("#statement-status.cyan").wait_for()
    network = signed_in(browser, base, "network_finance")
    network.goto(f"{base}/staff/settlement/statements/{child.pk}/")
    network.click("#approve button")
    network.locator("#statement-status.green").wait_for()
    child.refresh_from_db()
    assert child.status == "locked" and child.number.startswith("ST-")
    assert network.locator("#approve").count() == 0  # nothing more to do on it

    # The manufacturer's clerk receives the shipment: the part is missing.
    clerk = signed_in(browser, base, "parts_clerk")
    assert part.shipment_id is not None
    clerk.goto(f"{base}/staff/settlement/shipments/{part.shipment_id}/")
    clerk.select_option(f"#item-{part.pk} select", "missing")
    clerk.fill(f"#item-{part.pk} input", "箱内无此件")
    clerk.click("#receive-button")
    clerk.locator("#shipment-status.green").wait_for()
    part.refresh_from_db()
    assert part.status == "missing"

    recovery = SupplierRecovery.objects.get()
    for user, path, name in (
        ("manager", "/staff/settlement/old-parts/", "1-station-old-parts"),
        ("manager", f"/staff/settlement/old-parts/tags/?ids={part.pk}", "2-station-tags"),
        ("manager", "/staff/settlement/shipments/", "3-station-shipments"),
        ("parts_clerk", f"/staff/settlement/shipments/{part.shipment_id}/", "4-clerk-receipt"),
        ("manager", f"/staff/settlement/statements/{child.pk}/", "5-station-statement"),
        ("finance", "/staff/settlement/", "6-finance-statements"),
        (
            "finance",
            f"/staff/settlement/statements/{child.parent_id}/",
            "7-finance-network-statement",
        ),
        ("supplier_finance", "/staff/settlement/recoveries/", "8-supplier-recoveries"),
        ("supplier_finance", f"/staff/settlement/recoveries/{recovery.pk}/", "9-supplier-recovery"),
    ):
        shoot(browser, base, user, path, name)


def test_the_station_scraps_a_part_on_site_from_the_old_parts_list(
    world_live, live_server, browser
):
    w = world_live
    settlement_people(w)
    OldPartRule.objects.create(
        manufacturer=w.appliance, disposition="scrap", scrap_deduction_percent=Decimal("20")
    )
    part = OldPart.objects.get(claim=approved_claim(w))
    base = live_server.url
    # The manufacturer's clerk sees the part but is not offered to scrap it.
    clerk = signed_in(browser, base, "parts_clerk")
    clerk.goto(f"{base}/staff/settlement/old-parts/")
    assert clerk.locator(f"#old-part-{part.pk}").count() == 1
    assert clerk.locator(f"#scrap-{part.pk}").count() == 0

    station = signed_in(browser, base, "manager")
    station.goto(f"{base}/staff/settlement/old-parts/")
    station.fill(f"#scrap-{part.pk} input[name=note]", "现场拆解报废，已拍照留存")
    station.click(f"#scrap-{part.pk} button")
    station.locator(".messages li").wait_for()
    assert "error" not in (station.locator(".messages li").get_attribute("class") or "")
    part.refresh_from_db()
    assert part.status == "scrapped"
    assert AuditEvent.objects.get(object_id=part.pk, to_state="scrapped").reason == (
        "现场拆解报废，已拍照留存"
    )
    assert station.locator(f"#scrap-{part.pk}").count() == 0
