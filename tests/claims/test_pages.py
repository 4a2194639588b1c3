"""The claims pages: the station drafts, corrects and submits; the reviewer works the queue and
decides beside the work order. Each form lands back on its page, refused or not."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from aftersales.claims import configuration, selectors
from aftersales.claims.models import Claim, ClaimLine, PreAuthorisation
from aftersales.workorders.models import WorkOrder
from tests.claims.helpers import claimable_order, make_claim, photo, submitted_claim
from tests.factories import claims_people, work_order_in


def signed_in(world, name):
    client = Client()
    client.force_login(world.users[name])
    return client


def test_the_station_drafts_a_claim_from_the_order_page(world):
    claims_people(world)
    order = claimable_order(world)
    station = signed_in(world, "manager")
    page = station.get(f"/staff/orders/{order.pk}/").content.decode()
    assert 'id="create-claim"' in page
    assert (
        'id="create-claim"'
        not in signed_in(world, "technician").get(f"/staff/orders/{order.pk}/").content.decode()
    )
    form = station.get(f"/claims/new/{order.pk}/".replace("/claims", "/staff/claims"))
    assert form.status_code == 200 and 'id="claim-form"' in form.content.decode()
    r = station.post(
        f"/staff/claims/new/{order.pk}/",
        {"type": "repair", "causal_part": world.extra["part"].pk, "symptom": "不制冷"},
    )
    claim = Claim.objects.get(work_order=order)
    assert r.status_code == 302 and r["Location"] == f"/staff/claims/{claim.pk}/"
    detail = station.get(r["Location"]).content.decode()
    assert (
        claim.number in detail
        and 'id="add-line"' in detail
        and 'data-code="photos_missing"' in detail
    )
    page = station.get(f"/staff/orders/{order.pk}/").content.decode()
    assert claim.number in page
    # The same type again: the form says why.
    again = station.post(f"/staff/claims/new/{order.pk}/", {"type": "repair", "symptom": "x"})
    assert again.status_code == 200 and claim.number in again.content.decode()


def test_pages_of_another_audience_do_not_exist(world):
    claims_people(world)
    claim = make_claim(world)
    for name in ("manager2", "auditor_car", "customer"):
        assert signed_in(world, name).get(f"/staff/claims/{claim.pk}/").status_code == 404
    assert signed_in(world, "technician").get("/staff/claims/").status_code == 404
    assert signed_in(world, "manager").get("/staff/claims/queue/").status_code == 404
    assert signed_in(world, "manager").get(f"/staff/claims/{claim.pk}/review/").status_code == 404
    assert (
        signed_in(world, "auditor").get(f"/staff/claims/new/{claim.work_order_id}/").status_code
        == 404
    )


def test_the_station_corrects_lines_attaches_photos_and_submits(world):
    claims_people(world)
    claim = make_claim(world, photo_kinds=("fault",))
    station = signed_in(world, "manager")
    base = f"/staff/claims/{claim.pk}/"
    r = station.post(base + "lines/", {"kind": "travel", "quantity": "12", "call_out_fee": ""})
    assert r.status_code == 302
    assert claim.lines.filter(kind="travel").get().amount == 74  # 12 × 2 + 50
    r = station.post(base + "lines/", {"kind": "labour", "quantity": "1"}, follow=True)
    assert "Choose a labour operation." in r.content.decode()
    labour = claim.lines.get(kind="labour")
    station.post(base + f"lines/{labour.pk}/", {"quantity": "0.4", "unit_price": "100"})
    assert ClaimLine.objects.get(pk=labour.pk).amount == 48
    travel = claim.lines.get(kind="travel")
    station.post(base + f"lines/{travel.pk}/remove/")
    assert not claim.lines.filter(kind="travel").exists()
    refused = station.post(
        base + "transition/", {"transition": "submit", "version": "999"}, follow=True
    )
    assert "reload" in refused.content.decode()
    refused = station.post(base + "transition/", {"transition": "submit"}, follow=True)
    assert "Missing:" in refused.content.decode()
    station.post(base + "photos/", {"kind": "nameplate", "file": photo()})
    assert claim.photos.count() == 2
    station.post(base + "transition/", {"transition": "submit"})
    assert Claim.objects.get(pk=claim.pk).status == "submitted"


def test_the_header_is_corrected_on_the_page(world):
    claim = make_claim(world)
    station = signed_in(world, "manager")
    r = station.post(
        f"/staff/claims/{claim.pk}/header/",
        {
            "causal_part": world.extra["part"].pk,
            "fault_code": "E9",
            "symptom": claim.symptom,
            "failure_date": str(claim.failure_date),
            "repair_date": str(claim.repair_date),
            "version": claim.version,
        },
    )
    assert r.status_code == 302
    assert Claim.objects.get(pk=claim.pk).fault_code == "E9"


def test_the_reviewer_decides_beside_the_work_order(world):
    claims_people(world)
    configuration.check_setting_set(
        manufacturer=world.appliance, code="duplicate", mode="warn", actor=None
    )
    first = submitted_claim(world)
    second = submitted_claim(world, order=claimable_order(world, asset=first.asset))
    assert second.warnings == 1  # the same serial and causal part again
    reviewer = signed_in(world, "assessor")
    queue = reviewer.get("/staff/claims/queue/").content.decode()
    assert first.number in queue and second.number in queue
    assert 'data-due="on_time"' in queue
    page = reviewer.get(f"/staff/claims/{second.pk}/review/").content.decode()
    assert 'id="work-order"' in page and second.work_order.number in page
    assert first.number in page  # the serial's earlier claim
    assert first.work_order.number in page  # and its earlier order
    assert 'id="approve-in-part"' in page and 'id="reject"' in page
    labour = second.lines.get(kind="labour")
    r = reviewer.post(
        f"/staff/claims/{second.pk}/decide/",
        {
            "decision": "approve_in_part",
            f"quantity-{labour.pk}": "0.25",
            f"reason-{labour.pk}": "hours_above_standard",
            "version": second.version,
        },
    )
    assert r.status_code == 302 and r["Location"] == "/staff/claims/queue/"
    second.refresh_from_db()
    assert (second.status, second.approved_amount) == ("partially_approved", 525)  # 30 + 495
    r = reviewer.post(
        f"/staff/claims/{first.pk}/decide/", {"decision": "return", "comment": ""}, follow=True
    )
    assert "reason" in r.content.decode().lower()
    reviewer.post(f"/staff/claims/{first.pk}/decide/", {"decision": "return", "comment": "补铭牌"})
    assert Claim.objects.get(pk=first.pk).status == "returned"
    detail = signed_in(world, "manager").get(f"/staff/claims/{first.pk}/").content.decode()
    assert 'id="return-comment"' in detail and "补铭牌" in detail


def test_pre_authorisation_pages(world):
    claims_people(world)
    order = work_order_in(world, "in_progress")
    station = signed_in(world, "manager")
    page = station.get(f"/staff/orders/{order.pk}/").content.decode()
    assert 'id="request-pre-authorisation"' in page
    r = station.post(
        f"/staff/claims/pre-authorisations/new/{order.pk}/",
        {"claim_type": "major_assembly", "requested_amount": "1200", "description": "压缩机总成"},
    )
    assert r.status_code == 302
    pa = PreAuthorisation.objects.get(work_order=order)
    reviewer = signed_in(world, "auditor")
    assert pa.number in reviewer.get("/staff/claims/queue/").content.decode()
    reviewer.post(
        f"/staff/claims/pre-authorisations/{pa.pk}/decide/",
        {"decision": "grant", "amount_limit": "1000"},
    )
    pa.refresh_from_db()
    assert (pa.status, pa.amount_limit) == ("granted", 1000)


@pytest.mark.parametrize(
    "state", ["new", "accepted", "assigned", "in_progress", "completed", "closed", "cancelled"]
)
def test_the_pre_authorisation_button_shows_only_where_the_request_is_accepted(world, state):
    claims_people(world)
    order = work_order_in(world, state)
    station = signed_in(world, "manager")
    page = station.get(f"/staff/orders/{order.pk}/").content.decode()
    shown = 'id="request-pre-authorisation"' in page
    r = station.post(
        f"/staff/claims/pre-authorisations/new/{order.pk}/",
        {"claim_type": "major_assembly", "requested_amount": "1200", "description": "压缩机总成"},
    )
    accepted = PreAuthorisation.objects.filter(work_order=order).exists()
    assert shown == accepted, (state, shown, r.status_code)
    assert accepted == (state in {"assigned", "in_progress", "completed"}), state


def test_a_station_whose_claim_rate_jumps_is_flagged(world, api):
    claims_people(world)
    # Six months before: 20 completed orders and one claim (5 per 100).
    history = [claimable_order(world) for _ in range(20)]
    old = submitted_claim(world, order=history[0])
    before = old.first_submitted_at
    assert before is not None
    WorkOrder.objects.filter(pk__in=[o.pk for o in history]).update(
        completed_at=before - timedelta(days=95)
    )
    Claim.objects.filter(pk=old.pk).update(first_submitted_at=before - timedelta(days=90))
    # This month: 3 claims of 3 orders (100 per 100).
    for _ in range(3):
        submitted_claim(world)
    queue = signed_in(world, "auditor").get("/staff/claims/queue/").content.decode()
    assert 'id="station-flags"' in queue and world.station_sh.name in queue
    flagged = api(world.users["auditor"]).get("claims", {"flagged": "true"}).json()["items"]
    assert len(flagged) == 4  # every claim of the flagged station
    assert api(world.users["auditor"]).get("claims", {"flagged": "false"}).json()["items"] == []


def test_a_flagged_station_with_nothing_waiting_is_named(world, api):
    claims_people(world)
    history = [claimable_order(world) for _ in range(20)]
    old = submitted_claim(world, order=history[0])
    before = old.first_submitted_at
    assert before is not None
    WorkOrder.objects.filter(pk__in=[o.pk for o in history]).update(
        completed_at=before - timedelta(days=95)
    )
    Claim.objects.filter(pk=old.pk).update(first_submitted_at=before - timedelta(days=90))
    for _ in range(3):
        submitted_claim(world)
    auditor = api(world.users["auditor"])
    for claim in Claim.objects.filter(status="submitted"):
        assert auditor.post(f"claims/{claim.pk}/review", {"decision": "approve"}).status_code == 200
    queue = signed_in(world, "auditor").get("/staff/claims/queue/").content.decode()
    flags = queue[queue.index('id="station-flags"') : queue.index('id="queue"')]
    assert world.station_sh.name in flags
    assert f"</span> {world.station_sh.pk}:" not in flags
    assert 'id="claim-' not in queue[queue.index('id="queue"') :].split("</table>")[0]


def queue_count(page: str) -> list[int]:
    heading = page[page.index('id="queue-count"') :].split("</span>")[0]
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", heading)]


def test_the_queue_shows_the_most_urgent_and_counts_them_all(world, monkeypatch):
    claims_people(world)
    waiting = [submitted_claim(world) for _ in range(3)]
    reviewer = signed_in(world, "auditor")
    page = reviewer.get("/staff/claims/queue/").content.decode()
    assert queue_count(page) == [3]
    monkeypatch.setattr(selectors, "QUEUE_LIMIT", 2)
    page = reviewer.get("/staff/claims/queue/").content.decode()
    assert queue_count(page) == [2, 3]  # 2 of 3 shown
    shown = re.findall(r'<tr id="claim-(\d+)"', page)
    assert shown == [str(c.pk) for c in waiting[:2]]


@pytest.mark.parametrize("page", ["/staff/claims/", "/staff/claims/queue/"])
def test_the_lists_cost_the_same_for_more_claims(world, page, django_assert_max_num_queries):
    claims_people(world)
    reviewer = signed_in(world, "auditor")
    submitted_claim(world)
    with django_assert_max_num_queries(40) as few:
        reviewer.get(page)
    for _ in range(4):
        submitted_claim(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        reviewer.get(page)


def test_the_queue_is_the_manufacturers(world):
    claims_people(world)
    assert signed_in(world, "station_assessor").get("/staff/claims/queue/").status_code == 404
    station_nav = signed_in(world, "station_assessor").get("/staff/claims/").content.decode()
    assert "/staff/claims/queue/" not in station_nav and "?status=completed" in station_nav
    maker_nav = signed_in(world, "assessor").get("/staff/claims/").content.decode()
    assert "/staff/claims/queue/" in maker_nav and "?status=completed" not in maker_nav


def test_the_station_removes_a_photo_on_the_page_and_the_next_version_shows_it(world, api):
    claims_people(world)
    claim = make_claim(world)
    station = signed_in(world, "manager")
    page = station.get(f"/staff/claims/{claim.pk}/").content.decode()
    buttons = re.findall(r'action="(/staff/claims/\d+/photos/\d+/remove/)"', page)
    assert len(buttons) == 2
    looking_on = signed_in(world, "auditor").get(f"/staff/claims/{claim.pk}/").content.decode()
    assert "/remove/" not in looking_on.split('id="photos"')[1].split('id="header"')[0]
    fault = claim.photos.get(kind="fault")
    r = station.post(
        f"/staff/claims/{claim.pk}/photos/{fault.pk}/remove/", {"version": claim.version}
    )
    assert r.status_code == 302 and r["Location"] == f"/staff/claims/{claim.pk}/#photos"
    assert list(claim.photos.values_list("kind", flat=True)) == ["nameplate"]
    # Submitted: the photos stay, and no button says otherwise.
    station.post(f"/staff/claims/{claim.pk}/photos/", {"kind": "fault", "file": photo("new.png")})
    station.post(f"/staff/claims/{claim.pk}/transition/", {"transition": "submit"})
    claim.refresh_from_db()
    assert claim.status == "submitted"
    page = station.get(f"/staff/claims/{claim.pk}/").content.decode()
    assert "/remove/" not in page.split('id="photos"')[1]
    nameplate = claim.photos.get(kind="nameplate")
    r = station.post(f"/staff/claims/{claim.pk}/photos/{nameplate.pk}/remove/", follow=True)
    assert r.status_code == 200 and claim.photos.count() == 2
    # Returned for correction: the nameplate photo is replaced, and version 2 says so.
    api(world.users["auditor"]).post(
        f"claims/{claim.pk}/review", {"decision": "return", "comment": "铭牌看不清"}
    )
    station.post(f"/staff/claims/{claim.pk}/photos/{nameplate.pk}/remove/")
    station.post(
        f"/staff/claims/{claim.pk}/photos/", {"kind": "nameplate", "file": photo("clear.png")}
    )
    station.post(
        f"/staff/claims/{claim.pk}/transition/", {"transition": "resubmit", "reason": "换了铭牌照"}
    )
    assert Claim.objects.get(pk=claim.pk).status == "resubmitted"
    page = station.get(f"/staff/claims/{claim.pk}/").content.decode()
    latest = page.split('data-version="2"')[1].split("</details>")[0]
    assert "<del>− nameplate.png</del>" in latest and "<ins>+ clear.png</ins>" in latest
