"""The manufacturer's decisions: approve, approve in part (the math), reject, return; automatic
approval; and what the claim's machine refuses."""

from decimal import Decimal
from typing import Any

import pytest

from aftersales.claims import configuration, lines
from aftersales.claims.models import Claim, ClaimLine
from aftersales.core.models import AuditEvent
from tests.claims.helpers import make_claim, submitted_claim
from tests.factories import claims_people


@pytest.fixture
def reviewer(world, api):
    claims_people(world)
    return api(world.users["assessor"])


def review(client, claim, **body):
    return client.post(f"claims/{claim.pk}/review", body)


def test_approval_in_part_reprices_adjusted_lines_and_keeps_the_rest(world, api, reviewer):
    claim = make_claim(world, type="roadside", photo_kinds=("fault", "document"))
    lines.claim_add_line(
        claim=claim,
        actor=world.users["manager"],
        data=lines.LineInput(kind="travel", quantity="37.5"),  # 37.5 × 2 + 50 = 125.00
    )
    api(world.users["manager"]).post(f"claims/{claim.pk}/submit", {})
    labour = claim.lines.get(kind="labour")
    part = claim.lines.get(kind="part")
    travel = claim.lines.get(kind="travel")
    r = review(
        reviewer,
        claim,
        decision="approve_in_part",
        comment="工时按0.3核定，里程按10公里",
        lines=[
            {
                "line_id": labour.pk,
                "approved_quantity": "0.3",
                "reason_code": "hours_above_standard",
            },
            {"line_id": travel.pk, "approved_quantity": "10", "reason_code": "quantity"},
        ],
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "partially_approved"
    by_id = {line["id"]: line for line in body["lines"]}
    # 0.3 h × ¥100 × 1.2 = 36.00; 10 km × ¥2 + ¥50 = 70.00; the part in full.
    assert by_id[labour.pk]["approved_amount"] == "36.00"
    assert by_id[labour.pk]["adjust_reason"] == "hours_above_standard"
    assert by_id[travel.pk]["approved_amount"] == "70.00"
    assert by_id[part.pk]["approved_amount"] == by_id[part.pk]["amount"] == "495.00"
    assert body["approved_amount"] == "601.00" and body["total_amount"] == "680.00"
    event = AuditEvent.objects.get(object_id=claim.pk, verb="claim.approve_in_part")
    assert event.to_state == "partially_approved" and event.reason.startswith("工时")
    assert {a["line"] for a in event.data["adjustments"]} == {labour.pk, travel.pk}
    assert event.data["approved"] == "601.00"


def test_an_amount_may_be_stated_instead_of_a_quantity(world, api, reviewer):
    claim = submitted_claim(world)
    part = claim.lines.get(kind="part")
    r = review(
        reviewer,
        claim,
        decision="approve_in_part",
        lines=[{"line_id": part.pk, "approved_amount": "450.00", "reason_code": "other"}],
    )
    assert r.status_code == 200 and r.json()["approved_amount"] == "510.00"


@pytest.mark.parametrize(
    ("adjustment", "field"),
    [
        ({"approved_quantity": "0.5"}, "lines.0.approved_quantity"),  # all that was claimed
        ({"approved_quantity": "0.6"}, "lines.0.approved_quantity"),  # more than claimed
        ({"approved_quantity": "-1"}, "lines.0.approved_quantity"),
        ({"approved_amount": "60.00"}, "lines.0.approved_amount"),
        ({"approved_amount": "1e9"}, "lines.0.approved_amount"),
        ({"approved_amount": "0.001"}, "lines.0.approved_amount"),
        ({"approved_quantity": "0.1", "approved_amount": "1"}, "lines.0.approved_quantity"),
        ({}, "lines.0.approved_quantity"),
        ({"approved_quantity": "0.1", "reason_code": "because"}, "lines.0.reason_code"),
    ],
)
def test_an_adjustment_must_be_less_than_claimed_and_explained(
    world, api, reviewer, adjustment, field
):
    claim = submitted_claim(world)
    labour = claim.lines.get(kind="labour")
    entry = {"line_id": labour.pk, "reason_code": "quantity", **adjustment}
    r = review(reviewer, claim, decision="approve_in_part", lines=[entry])
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0]["field"] == field
    claim.refresh_from_db()
    assert claim.status == "submitted" and claim.approved_amount is None
    assert not ClaimLine.objects.filter(claim=claim, approved_amount__isnull=False).exists()


def test_what_the_review_refuses(world, api, reviewer):
    claim = submitted_claim(world)
    other = submitted_claim(world)
    labour = claim.lines.get(kind="labour")
    foreign_line = other.lines.first()
    assert foreign_line is not None
    cases: list[tuple[dict[str, Any], str]] = [
        ({"decision": "maybe"}, "decision"),
        ({"decision": "approve_in_part"}, "lines"),
        (
            {
                "decision": "approve",
                "lines": [{"line_id": labour.pk, "approved_amount": "1", "reason_code": "other"}],
            },
            "lines",
        ),
        (
            {
                "decision": "approve_in_part",
                "lines": [
                    {"line_id": foreign_line.pk, "approved_amount": "1", "reason_code": "other"}
                ],
            },
            "lines.0.line_id",
        ),
        (
            {
                "decision": "approve_in_part",
                "lines": [
                    {"line_id": line.pk, "approved_amount": "0", "reason_code": "not_warranty"}
                    for line in claim.lines.all()
                ],
            },
            "lines",
        ),
        ({"decision": "reject", "comment": "不属三包"}, "reason_code"),
        ({"decision": "reject", "reason_code": "misuse"}, "comment"),
        ({"decision": "return"}, "comment"),
        ({"decision": "return", "comment": "x", "reason_code": "nonsense"}, "reason_code"),
    ]
    for body, field in cases:
        r = review(reviewer, claim, **body)
        assert r.status_code == 422, (body, r.content)
        assert r.json()["errors"][0]["field"] == field, (body, r.json())
    assert Claim.objects.get(pk=claim.pk).status == "submitted"


def test_reject_and_return(world, api, reviewer):
    claim = submitted_claim(world)
    r = review(reviewer, claim, decision="reject", reason_code="misuse", comment="人为损坏")
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["approved_amount"]) == ("rejected", "0.00")
    assert r.json()["decision_reason"] == "misuse"
    assert all(line["approved_amount"] == "0.00" for line in r.json()["lines"])
    returned = submitted_claim(world)
    r = review(reviewer, returned, decision="return", comment="请补充铭牌照片")
    assert (r.json()["status"], r.json()["approved_amount"]) == ("returned", None)
    assert r.json()["decision_comment"] == "请补充铭牌照片"
    manager = api(world.users["manager"])
    assert manager.get(f"claims/{returned.pk}").json()["allowed_transitions"] == [
        "resubmit",
        "cancel",
    ]


def test_a_resubmission_without_change_needs_a_word(world, api, reviewer):
    claim = submitted_claim(world)
    review(reviewer, claim, decision="return", comment="请说明")
    manager = api(world.users["manager"])
    r = manager.post(f"claims/{claim.pk}/resubmit", {})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "comment"
    r = manager.post(f"claims/{claim.pk}/resubmit", {"comment": "照片已足够，见铭牌"})
    assert r.status_code == 200 and r.json()["revision"] == 2
    r = review(reviewer, claim, decision="approve")
    assert r.json()["status"] == "approved" and r.json()["revision"] == 2


def test_a_clean_claim_under_the_threshold_is_approved_automatically(world, api):
    configuration.claim_terms_set(
        manufacturer=world.appliance, actor=None, auto_approve_below=Decimal("600.00")
    )
    claim = make_claim(world)
    r = api(world.users["manager"]).post(f"claims/{claim.pk}/submit", {})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["approved_amount"]) == ("approved", "555.00")
    event = AuditEvent.objects.get(object_id=claim.pk, verb="claim.auto_approve")
    assert event.actor is None and event.actor_name == "system"
    assert event.data["threshold"] == "600.00"


def test_a_warning_or_an_amount_above_the_threshold_goes_to_a_person(world, api):
    configuration.claim_terms_set(
        manufacturer=world.appliance, actor=None, auto_approve_below=Decimal("500.00")
    )
    above = make_claim(world)  # ¥555.00
    r = api(world.users["manager"]).post(f"claims/{above.pk}/submit", {})
    assert r.json()["status"] == "submitted"
    configuration.claim_terms_set(
        manufacturer=world.appliance, actor=None, auto_approve_below=Decimal("5000.00")
    )
    warned = make_claim(world)
    lines.claim_add_line(
        claim=warned,
        actor=world.users["manager"],
        data=lines.LineInput(kind="travel", quantity="5", unit_price="9.00"),
    )
    r = api(world.users["manager"]).post(f"claims/{warned.pk}/submit", {})
    assert r.json()["status"] == "submitted" and r.json()["warnings"] == 1


def test_a_stations_own_terms_win_over_the_manufacturers(world, api):
    configuration.claim_terms_set(
        manufacturer=world.appliance, actor=None, auto_approve_below=Decimal("5000.00")
    )
    configuration.claim_terms_set(
        manufacturer=world.appliance,
        station=world.station_sh,
        actor=None,
        labour_rate=Decimal("90"),
    )
    claim = make_claim(world)  # labour now at ¥90, and no auto approval for this station
    assert claim.lines.get(kind="labour").unit_price == Decimal("90.00")
    r = api(world.users["manager"]).post(f"claims/{claim.pk}/submit", {})
    assert r.json()["status"] == "submitted"


def test_the_machine_refuses_out_of_turn(world, api, reviewer):
    draft = make_claim(world)
    manager = api(world.users["manager"])
    r = review(reviewer, draft, decision="approve")
    assert r.status_code == 409 and "submit" not in r.json()["allowed"]
    assert manager.post(f"claims/{draft.pk}/resubmit", {"comment": "x"}).status_code == 409
    manager.post(f"claims/{draft.pk}/submit", {})
    assert manager.post(f"claims/{draft.pk}/submit", {}).status_code == 409
    labour = draft.lines.get(kind="labour")
    assert (
        manager.patch(f"claims/{draft.pk}/lines/{labour.pk}", {"quantity": "0.1"}).status_code
        == 409
    )
    assert manager.post(f"claims/{draft.pk}/cancel", {"reason": "x"}).status_code == 409
    stale = review(reviewer, draft, decision="approve", expected_version=1)
    assert stale.status_code == 409
    assert review(reviewer, draft, decision="approve").status_code == 200
    again = review(reviewer, draft, decision="reject", reason_code="other", comment="x")
    assert again.status_code == 409 and again.json()["state"] == "approved"


def test_finance_marks_a_decided_claim_settled(world, api):
    from aftersales.core.transitions import transition

    claims_people(world)
    claim = submitted_claim(world)
    review(api(world.users["auditor"]), claim, decision="approve")
    with pytest.raises(Exception):  # noqa: B017 - NotAllowed: an auditor does not settle
        transition(claim, "settle", actor=world.users["auditor"])
    settled = transition(claim, "settle", actor=world.users["finance"])
    assert settled.status == "settled" and settled.settled_at is not None


def test_the_machines_subscribers_read_the_lines_verdicts(world, api, reviewer):
    """An `after` hook on a decision (settlement's old parts) sees every line's approved
    quantity and amount already stored."""
    from aftersales.claims.workflow import CLAIM_FLOW

    seen: list[tuple[object, object]] = []

    def subscriber(claim, change):
        seen.extend(claim.lines.order_by("id").values_list("approved_quantity", "approved_amount"))

    hooks = CLAIM_FLOW._after["approve_in_part"]
    hooks.append(subscriber)
    try:
        claim = submitted_claim(world)
        labour = claim.lines.get(kind="labour")
        r = review(
            reviewer,
            claim,
            decision="approve_in_part",
            lines=[{"line_id": labour.pk, "approved_quantity": "0.3", "reason_code": "quantity"}],
        )
        assert r.status_code == 200, r.content
    finally:
        hooks.remove(subscriber)
    assert [(str(q), str(a)) for q, a in seen] == [("0.30", "36.00"), ("1.00", "495.00")]
