"""Monthly settlement through the API with tokens: generate, read, confirm or dispute, answer,
approve and lock; two levels through a network with its fee; every statement balances to the
cent; every approved claim on exactly one statement; a locked statement never changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.claims.models import Claim
from aftersales.core.errors import Conflict
from aftersales.core.models import AuditEvent
from aftersales.settlement.models import NetworkFee, Statement, StatementLine
from tests.settlement.helpers import approved_claim, month, settlement_people


def approved(claim: Claim) -> Decimal:
    assert claim.approved_amount is not None
    return claim.approved_amount


def generate(api, user, **body):
    return api(user).post("statements/generate", {"month": f"{month():%Y-%m}", **body})


def station_statement(world) -> Statement:
    return Statement.objects.get(payee=world.station_sh, period=month())


def assert_balanced(statement: Statement) -> None:
    statement.refresh_from_db()
    lines = list(statement.lines.all())
    assert sum(line.amount for line in lines) == statement.total_amount
    for line in lines:
        if line.kind == "station_statement":
            # The station's claims by what they pay for; its amount also carries the station's
            # deductions and adjustments (its statement's total before the network's fee).
            child = line.child
            assert child is not None
            assert line.amount == child.claims_amount + child.deductions_amount + (
                child.adjustments_amount
            )
            continue
        parts = line.labour + line.parts + line.travel + line.outside_purchase + line.other
        assert parts == line.amount, line
    assert statement.balances()


def test_finance_generates_the_month_through_the_network(world, api):
    settlement_people(world)
    NetworkFee.objects.create(network=world.network, fee_percent=Decimal("2.50"))
    one, two = approved_claim(world), approved_claim(world, decision="approve_in_part")
    r = generate(api, world.users["finance"])
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["claims"] == 2 and len(body["created"]) == 2
    child = station_statement(world)
    parent = Statement.objects.get(payee=world.network, period=month())
    claims = approved(one) + approved(two)
    assert (child.kind, child.payer_id, child.parent_id) == (
        "network_station",
        world.network.pk,
        parent.pk,
    )
    assert child.claims_amount == claims and child.fee_amount == Decimal("-26.50")
    assert child.total_amount == claims - Decimal("26.50")
    # The manufacturer pays the network what its stations are due, before the network's fee.
    assert (parent.kind, parent.payer_id, parent.total_amount) == (
        "manufacturer_network",
        world.appliance.pk,
        claims,
    )
    for statement in (child, parent):
        assert_balanced(statement)
    assert AuditEvent.objects.filter(verb="statement.generated").count() == 2


def test_only_the_manufacturers_finance_generates(world, api):
    settlement_people(world)
    for user in ("manager", "auditor", "network_finance", "supplier_finance", "customer"):
        r = generate(api, world.users[user])
        assert r.status_code in (403, 422), (user, r.content)
    assert generate(api, world.users["finance_car"]).json()["claims"] == 0
    r = generate(api, world.users["finance"], manufacturer_id=world.carmaker.pk)
    assert r.status_code == 404


def test_bad_months_are_field_errors(world, api):
    settlement_people(world)
    for month_text in ("2026-13", "26-01", "2999-01"):
        r = api(world.users["finance"]).post("statements/generate", {"month": month_text})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "month", month_text


def test_running_again_counts_no_claim_twice_and_adds_new_ones(world, api):
    approved_claim(world)
    generate(api, world.users["finance"])
    again = generate(api, world.users["finance"]).json()
    assert again["claims"] == 0 and again["created"] == again["topped_up"] == []
    late = approved_claim(world)
    r = generate(api, world.users["finance"]).json()
    assert r["claims"] == 1
    # The station's statement and, through its line, the network's.
    assert {s["payee_id"] for s in r["topped_up"]} == {world.station_sh.pk, world.network.pk}
    assert StatementLine.objects.filter(claim=late).count() == 1
    assert_balanced(station_statement(world))


def test_who_sees_a_statement(world, api):
    approved_claim(world)
    generate(api, world.users["finance"])
    child = station_statement(world)
    seen = {
        "manager": 200,
        "station_finance": 200,
        "network_finance": 200,
        "advisor": 200,
        "manager2": 404,
        "auditor_car": 404,
        "supplier_finance": 404,
        "technician": 404,
        "customer": 404,
        "finance": 404,  # the manufacturer pays the network, not the station
    }
    for user, status in seen.items():
        assert api(world.users[user]).get(f"statements/{child.pk}").status_code == status, user
    listed = api(world.users["manager2"]).get("statements").json()
    assert listed["count"] == 0


def test_the_station_confirms_and_the_chain_locks_and_settles(world, api):
    claim = approved_claim(world)
    u = world.users
    generate(api, u["finance"])
    child = station_statement(world)
    parent = child.parent
    assert parent is not None
    # The network's own statement waits for its stations'.
    r = api(u["network_finance"]).post(f"statements/{parent.pk}/confirm", {})
    assert r.status_code == 409
    assert api(u["technician"]).post(f"statements/{child.pk}/confirm", {}).status_code == 404
    assert api(u["advisor"]).post(f"statements/{child.pk}/confirm", {}).status_code == 403
    r = api(u["manager"]).post(f"statements/{child.pk}/confirm", {})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    r = api(u["manager"]).post(f"statements/{child.pk}/approve", {})
    assert r.status_code == 403  # the payer's finance approves
    r = api(u["network_finance"]).post(f"statements/{child.pk}/approve", {})
    assert r.status_code == 200 and r.json()["status"] == "locked"
    assert r.json()["number"].startswith("ST-")
    claim.refresh_from_db()
    assert claim.status == "approved"  # settled only by the manufacturer's approval
    api(u["network_finance"]).post(f"statements/{parent.pk}/confirm", {})
    r = api(u["finance"]).post(f"statements/{parent.pk}/approve", {})
    assert r.status_code == 200 and r.json()["status"] == "locked"
    claim.refresh_from_db()
    assert claim.status == "settled" and claim.settled_at is not None
    assert AuditEvent.objects.filter(verb="claim.settle", object_id=claim.pk).count() == 1


def test_a_disputed_line_is_answered_and_confirmed_again(world, api):
    one, two = approved_claim(world), approved_claim(world)
    u = world.users
    generate(api, u["finance"])
    child = station_statement(world)
    line = StatementLine.objects.get(claim=one)
    station = api(u["manager"])
    r = station.post(
        f"statements/{child.pk}/confirm", {"disputes": [{"line_id": line.pk, "reason": ""}]}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "disputes.0.reason"
    r = station.post(
        f"statements/{child.pk}/confirm",
        {"disputes": [{"line_id": line.pk, "reason": "工时少算了0.1小时"}]},
    )
    assert r.status_code == 200 and r.json()["status"] == "disputed"
    resolve = f"statements/{child.pk}/lines/{line.pk}/resolve"
    assert station.post(resolve, {"decision": "upheld", "comment": "x"}).status_code == 403
    finance = api(u["network_finance"])
    r = finance.post(resolve, {"decision": "upheld", "comment": "同意", "corrected_amount": "x"})
    assert r.status_code == 422
    r = finance.post(
        resolve,
        {
            "decision": "upheld",
            "comment": "同意补0.1小时",
            "corrected_amount": str(line.amount + Decimal("12.34")),
        },
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "issued"  # every dispute answered: back to the station
    correction = [item for item in body["lines"] if item["kind"] == "correction"]
    assert correction[0]["amount"] == "12.34" and correction[0]["corrects_id"] == line.pk
    child.refresh_from_db()
    assert child.total_amount == approved(one) + approved(two) + Decimal("12.34")
    assert_balanced(child)
    assert child.parent is not None
    assert_balanced(child.parent)
    assert station.post(f"statements/{child.pk}/confirm", {}).json()["status"] == "confirmed"


def test_a_locked_statement_never_changes(world, api):
    approved_claim(world)
    u = world.users
    generate(api, u["finance"])
    child = station_statement(world)
    api(u["manager"]).post(f"statements/{child.pk}/confirm", {})
    api(u["network_finance"]).post(f"statements/{child.pk}/approve", {})
    child.refresh_from_db()
    before = (child.total_amount, child.line_count, child.version)
    line = child.lines.first()
    assert line is not None
    assert api(u["manager"]).post(f"statements/{child.pk}/confirm", {}).status_code == 409
    r = api(u["network_finance"]).post(
        f"statements/{child.pk}/lines/{line.pk}/resolve", {"decision": "rejected", "comment": "x"}
    )
    assert r.status_code == 409
    # A later approval and a penalty wait for the next statement.
    approved_claim(world)
    r = api(u["finance"]).post(
        "settlement-adjustments",
        {
            "station_id": world.station_sh.pk,
            "kind": "penalty",
            "amount": "-50.00",
            "reason": "旧件超期",
        },
    )
    assert r.status_code == 201, r.content
    result = generate(api, u["finance"]).json()
    assert result["claims"] == 0 and result["deferred_stations"] == 1
    child.refresh_from_db()
    assert (child.total_amount, child.line_count, child.version) == before
    line.amount = Decimal("1.00")
    with pytest.raises(Conflict):
        line.save()
    with pytest.raises(Conflict):
        line.delete()


def test_penalties_and_adjustments_are_checked(world, api):
    settlement_people(world)
    finance = api(world.users["finance"])
    base = {"station_id": world.station_sh.pk, "reason": "x"}
    for body, field in (
        ({"kind": "penalty", "amount": "50.00"}, "amount"),
        ({"kind": "bonus", "amount": "5.00"}, "kind"),
        ({"kind": "adjustment", "amount": "0"}, "amount"),
        ({"kind": "adjustment", "amount": "1.005"}, "amount"),
        ({"kind": "adjustment", "amount": "99999999"}, "amount"),
    ):
        r = finance.post("settlement-adjustments", {**base, **body})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, body
    r = finance.post(
        "settlement-adjustments",
        {**base, "station_id": world.station_bj.pk, "kind": "adjustment", "amount": "5"},
    )
    assert r.status_code == 404  # the car maker's station, not the appliance maker's
    r = api(world.users["manager"]).post(
        "settlement-adjustments", {**base, "kind": "adjustment", "amount": "5"}
    )
    assert r.status_code in (403, 422)


def test_every_statement_balances_to_the_cent_with_awkward_amounts(world, api):
    settlement_people(world)
    NetworkFee.objects.create(network=world.network, fee_percent=Decimal("3.33"))
    for _ in range(3):
        approved_claim(world, decision="approve_in_part")
    api(world.users["finance"]).post(
        "settlement-adjustments",
        {
            "station_id": world.station_sh.pk,
            "kind": "adjustment",
            "amount": "0.01",
            "reason": "尾差",
        },
    )
    generate(api, world.users["finance"])
    for statement in Statement.objects.all():
        assert_balanced(statement)
    child = station_statement(world)
    assert child.fee_amount == -(child.claims_amount * Decimal("0.0333")).quantize(Decimal("0.01"))
