"""In a real browser: the station claims a completed order (taking off a photo attached by
mistake), the manufacturer's reviewer returns it for correction, the station corrects and
resubmits, the reviewer approves; then the month is settled through the network, and the claim
with it (issue 9: station → auditor → resubmit → settlement, one path).

With CLAIMS_SHOTS=<directory> the pages are also photographed at 1366 px and 390 px.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from aftersales.claims.models import Claim
from aftersales.dispatch.models import DispatchPolicy
from aftersales.settlement.models import Statement
from tests.browser.test_customer_request_flow import log_in
from tests.claims.helpers import claimable_order
from tests.images import png_bytes
from tests.settlement.helpers import settlement_people

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CLAIMS_SHOTS")


def shoot(chromium: Any, base: str, user: str, path: str, name: str) -> None:
    """Photograph a page as `user` at the desk and on the phone (only with CLAIMS_SHOTS)."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        context = chromium.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, base, user)
        page.goto(f"{base}{path}")
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        context.close()


def signed_in(chromium: Any, base: str, user: str) -> Any:
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, base, user)
    return page


def station_drafts_and_submits(chromium: Any, base: str, w: Any, order: Any, tmp: Path) -> Any:
    station = signed_in(chromium, base, "manager")
    station.goto(f"{base}/staff/orders/{order.pk}/")
    shoot(chromium, base, "manager", f"/staff/orders/{order.pk}/", "0-station-order-page")
    shoot(chromium, base, "manager", f"/staff/claims/new/{order.pk}/", "0-station-new-claim")
    station.click("#create-claim")
    station.wait_for_selector("#claim-form")
    station.select_option("#claim-form select[name=type]", "repair")
    station.select_option("#claim-form select[name=causal_part]", str(w.extra["part"].pk))
    station.fill("#claim-form input[name=fault_code]", "E1")
    station.click("#claim-form button[type=submit]")
    station.wait_for_selector("#claim-status")
    claim = Claim.objects.get(work_order=order)
    assert station.url.endswith(f"/staff/claims/{claim.pk}/")
    assert station.locator('#findings [data-code="photos_missing"]').count() == 1
    for n, kind in enumerate(("fault", "nameplate")):
        picture = tmp / f"{kind}.png"
        picture.write_bytes(png_bytes(colour=(40 * n, 120, 200)))
        station.select_option("#add-photo select[name=kind]", kind)
        station.set_input_files("#add-photo input[name=file]", str(picture))
        with station.expect_navigation():
            station.click("#add-photo button[type=submit]")
    # A picture of the wrong order, taken off again.
    wrong = tmp / "wrong.png"
    wrong.write_bytes(png_bytes(colour=(200, 10, 10)))
    station.select_option("#add-photo select[name=kind]", "document")
    station.set_input_files("#add-photo input[name=file]", str(wrong))
    with station.expect_navigation():
        station.click("#add-photo button[type=submit]")
    mistake = claim.photos.get(original_name="wrong.png")
    with station.expect_navigation():
        station.click(f'#photos form[data-photo="{mistake.pk}"] button')
    assert list(claim.photos.values_list("original_name", flat=True).order_by("id")) == [
        "fault.png",
        "nameplate.png",
    ]
    station.locator("#no-findings").wait_for()
    shoot(chromium, base, "manager", f"/staff/claims/{claim.pk}/", "1-station-draft")
    station.click('form[data-transition="submit"] button')
    station.locator("#claim-status.blue").wait_for()
    return station, claim


def reviewer_decides(chromium: Any, base: str, claim: Claim, decision: str) -> Any:
    reviewer = signed_in(chromium, base, "assessor")
    reviewer.goto(f"{base}/staff/claims/queue/")
    reviewer.click(f"#claim-{claim.pk} a")
    reviewer.wait_for_selector("#work-order")
    if decision == "return":
        shoot(chromium, base, "assessor", "/staff/claims/queue/", "2-reviewer-queue")
        shoot(chromium, base, "assessor", f"/staff/claims/{claim.pk}/review/", "3-reviewer-review")
        reviewer.fill("#return textarea[name=comment]", "诊断工时请按0.3小时申报")
    else:
        assert "0.30" in reviewer.locator("#versions").inner_text()
    reviewer.click(f"#{decision} button[type=submit]")
    reviewer.wait_for_url(f"{base}/staff/claims/queue/")
    claim.refresh_from_db()
    return reviewer


def test_claim_returned_corrected_resubmitted_and_approved(
    world_live,
    live_server,
    browser,
    tmp_path,
):
    w = world_live
    DispatchPolicy.objects.create(organisation=w.network, auto_dispatch=False)
    settlement_people(w)  # the claims' people, finance on both levels
    order = claimable_order(w)
    base = live_server.url
    station, claim = station_drafts_and_submits(browser, base, w, order, tmp_path)

    reviewer_decides(browser, base, claim, "return")
    assert claim.status == "returned"

    station.goto(f"{base}/staff/claims/{claim.pk}/")
    assert "0.3" in station.locator("#return-comment").inner_text()
    labour = claim.lines.get(kind="labour")
    station.click(f"#correct-line-{labour.pk} >> xpath=ancestor::details/summary")
    station.fill(f"#correct-line-{labour.pk} input[name=quantity]", "0.3")
    station.click(f"#correct-line-{labour.pk} button[type=submit]:not(.danger)")
    station.locator("#claim-total", has_text="531.00").wait_for()
    station.fill('form[data-transition="resubmit"] input[name=reason]', "工时已改为0.3小时")
    station.click('form[data-transition="resubmit"] button')
    station.locator('#versions [data-version="2"]').wait_for()
    shoot(browser, base, "manager", f"/staff/claims/{claim.pk}/", "4-station-resubmitted")
    claim.refresh_from_db()
    assert (claim.status, claim.revision) == ("resubmitted", 2)

    reviewer_decides(browser, base, claim, "approve")
    assert (claim.status, str(claim.approved_amount)) == ("approved", "531.00")
    station.goto(f"{base}/staff/claims/{claim.pk}/")
    assert station.locator("#claim-approved").inner_text() == "¥531.00"
    shoot(browser, base, "manager", f"/staff/claims/{claim.pk}/", "5-station-approved")
    shoot(browser, base, "manager", "/staff/claims/", "6-station-list")

    # The month is settled: the claim is on the station's statement, which the station confirms
    # and the network's finance locks; the network confirms its own statement with the
    # manufacturer, whose finance locks it, and the claim is settled.
    finance = signed_in(browser, base, "finance")
    finance.goto(f"{base}/staff/settlement/")
    finance.click("#generate button[type=submit]")
    finance.locator(".messages li").wait_for()
    ours = Statement.objects.get(payee=w.station_sh)
    assert ours.lines.get(claim=claim).amount == claim.approved_amount
    network = signed_in(browser, base, "network_finance")
    for who, page, statement, button, colour in (
        ("station", station, ours, "#confirm", "cyan"),
        ("network", network, ours, "#approve button", "green"),
        ("network", network, ours.parent, "#confirm", "cyan"),
        ("finance", finance, ours.parent, "#approve button", "green"),
    ):
        assert statement is not None, who
        page.goto(f"{base}/staff/settlement/statements/{statement.pk}/")
        page.click(button)
        page.locator(f"#statement-status.{colour}").wait_for()
    claim.refresh_from_db()
    assert claim.status == "settled"
    station.goto(f"{base}/staff/claims/{claim.pk}/")
    assert station.locator("#claim-approved").inner_text() == "¥531.00"
