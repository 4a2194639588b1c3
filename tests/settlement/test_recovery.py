"""Supplier recovery (追偿): approved claims whose causal part has a supplier become that
supplier's recovery claim of the month under its terms; only that supplier sees it; it confirms
or disputes; the manufacturer revises and records what comes back."""

from __future__ import annotations

from decimal import Decimal

from aftersales.settlement.models import OldPart, SupplierRecovery, SupplierTerms
from tests.settlement.helpers import approved_claim, month, settlement_people
from tests.settlement.test_old_parts import SHIP


def generate(api, user):
    return api(user).post("supplier-recoveries/generate", {"month": f"{month():%Y-%m}"})


def test_the_month_becomes_one_recovery_per_supplier_under_its_terms(world, api):
    settlement_people(world)
    SupplierTerms.objects.create(
        manufacturer=world.appliance,
        supplier=world.extra["supplier"],
        parts_share_percent=Decimal("80"),
        labour_share_percent=Decimal("50"),
        handling_fee_percent=Decimal("5"),
    )
    approved_claim(world)
    approved_claim(world)
    r = generate(api, world.users["finance"])
    assert r.status_code == 200, r.content
    (recovery,) = r.json()
    # Each claim: parts 495.00 × 80 % = 396.00, labour 60.00 × 50 % = 30.00, fee 5 % = 21.30.
    assert (
        recovery["total_amount"] == "894.60"
        and recovery["supplier_id"] == world.extra["supplier"].pk
    )
    again = generate(api, world.users["finance"]).json()
    assert again == []  # nothing new: no claim is recovered twice
    for user in ("manager", "auditor", "supplier_finance"):
        assert api(world.users[user]).post(
            "supplier-recoveries/generate", {"month": f"{month():%Y-%m}"}
        ).status_code in (403, 422), user


def test_only_its_supplier_and_the_manufacturer_see_a_recovery(world, api):
    approved_claim(world)
    generate(api, world.users["finance"])
    recovery = SupplierRecovery.objects.get()
    for user, status in {
        "supplier_finance": 200,
        "finance": 200,
        "auditor": 200,
        "other_supplier_finance": 404,
        "manager": 404,
        "network_finance": 404,
        "customer": 404,
    }.items():
        assert (
            api(world.users[user]).get(f"supplier-recoveries/{recovery.pk}").status_code == status
        ), user
    assert api(world.users["other_supplier_finance"]).get("supplier-recoveries").json() == []
    assert len(api(world.users["supplier_finance"]).get("supplier-recoveries").json()) == 1


def test_the_supplier_disputes_the_manufacturer_revises_the_supplier_confirms_and_pays(world, api):
    approved_claim(world)
    generate(api, world.users["finance"])
    recovery = SupplierRecovery.objects.get()
    supplier, finance = api(world.users["supplier_finance"]), api(world.users["finance"])
    path = f"supplier-recoveries/{recovery.pk}"
    r = supplier.post(f"{path}/respond", {"decision": "dispute"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    assert finance.post(f"{path}/respond", {"decision": "confirm"}).status_code == 403
    r = supplier.post(f"{path}/respond", {"decision": "dispute", "reason": "故障件非我司生产批次"})
    assert r.json()["status"] == "disputed"
    r = finance.post(f"{path}/revise", {"reason": "按50%分摊", "total_amount": "277.50"})
    assert r.status_code == 200 and r.json()["status"] == "issued"
    assert r.json()["total_amount"] == "277.50"
    assert supplier.post(f"{path}/respond", {"decision": "confirm"}).json()["status"] == "confirmed"
    r = finance.post(f"{path}/payments", {"amount": "300.00"})
    assert r.status_code == 422  # more than is outstanding
    r = finance.post(f"{path}/payments", {"amount": "200.00", "reference": "抵扣货款"})
    assert (r.json()["recovered_amount"], r.json()["status"]) == ("200.00", "confirmed")
    r = finance.post(f"{path}/payments", {"amount": "77.50"})
    assert (r.json()["outstanding"], r.json()["status"]) == ("0.00", "recovered")


def test_a_causal_part_found_not_faulty_or_not_returned_is_not_held_against_the_supplier(
    world, api
):
    settlement_people(world)
    u = world.users
    kept, not_faulty, missing = (approved_claim(world) for _ in range(3))
    parts = {c.pk: OldPart.objects.get(claim=c) for c in (kept, not_faulty, missing)}
    shipment = api(u["manager"]).post(
        "old-part-shipments", {**SHIP, "old_part_ids": [p.pk for p in parts.values()]}
    )
    findings = {
        kept.pk: {"result": "received"},
        not_faulty.pk: {"result": "fault_not_confirmed", "note": "台架复测压缩机正常"},
        missing.pk: {"result": "missing", "note": "箱内无此件"},
    }
    r = api(u["parts_clerk"]).post(
        f"old-part-shipments/{shipment.json()['id']}/receive",
        {"items": [{"old_part_id": parts[c].pk, **f} for c, f in findings.items()]},
    )
    assert r.status_code == 200, r.content
    (recovery,) = generate(api, u["finance"]).json()
    lines = api(u["supplier_finance"]).get(f"supplier-recoveries/{recovery['id']}").json()["lines"]
    assert [line["claim_id"] for line in lines] == [kept.pk]
    # Generating again picks none of the two up later.
    assert generate(api, u["finance"]).json() == []


def dispute_and_revise(api, world, recovery_id: int, total: str) -> None:
    path = f"supplier-recoveries/{recovery_id}"
    r = api(world.users["supplier_finance"]).post(
        f"{path}/respond", {"decision": "dispute", "reason": "故障件非我司生产批次"}
    )
    assert r.json()["status"] == "disputed", r.content
    r = api(world.users["finance"]).post(
        f"{path}/revise", {"reason": "按50%分摊", "total_amount": total}
    )
    assert (r.json()["status"], r.json()["total_amount"]) == ("issued", total), r.content


def test_a_revised_recovery_is_never_added_to_the_months_later_claims_go_on_a_new_one(world, api):
    approved_claim(world)
    (first,) = generate(api, world.users["finance"]).json()
    assert first["total_amount"] == "555.00"
    dispute_and_revise(api, world, first["id"], "277.50")
    late = approved_claim(world)
    r = generate(api, world.users["finance"])
    assert r.status_code == 200, r.content
    (second,) = r.json()
    assert second["id"] != first["id"] and second["total_amount"] == "555.00"
    supplier = api(world.users["supplier_finance"])
    revised = supplier.get(f"supplier-recoveries/{first['id']}").json()
    # The revision stands: the same amount, the same one claim.
    assert (revised["total_amount"], revised["status"]) == ("277.50", "issued")
    assert len(revised["lines"]) == 1
    new = supplier.get(f"supplier-recoveries/{second['id']}").json()
    assert [line["claim_id"] for line in new["lines"]] == [late.pk]
    assert generate(api, world.users["finance"]).json() == []


def test_an_answered_recovery_takes_no_claims_an_unanswered_one_of_the_month_does(world, api):
    approved_claim(world)
    (first,) = generate(api, world.users["finance"]).json()
    path = f"supplier-recoveries/{first['id']}"
    api(world.users["supplier_finance"]).post(
        f"{path}/respond", {"decision": "dispute", "reason": "批次不符"}
    )
    approved_claim(world)
    (second,) = generate(api, world.users["finance"]).json()
    assert second["id"] != first["id"]
    # The manufacturer answers the dispute: the first is issued again, answered.
    r = api(world.users["finance"]).post(f"{path}/revise", {"reason": "维持原金额"})
    assert r.json()["status"] == "issued"
    approved_claim(world)
    (third,) = generate(api, world.users["finance"]).json()
    # The month's later claim joins the recovery the supplier has not answered yet.
    assert third["id"] == second["id"] and third["total_amount"] == "1110.00"
    assert SupplierRecovery.objects.get(pk=first["id"]).lines.count() == 1
    assert SupplierRecovery.objects.count() == 2


def test_no_recovery_is_made_when_no_claim_owes_anything(world, api):
    settlement_people(world)
    SupplierTerms.objects.create(
        manufacturer=world.appliance,
        supplier=world.extra["supplier"],
        parts_share_percent=Decimal("0"),
        labour_share_percent=Decimal("0"),
        handling_fee_percent=Decimal("0"),
    )
    approved_claim(world)
    r = generate(api, world.users["finance"])
    assert r.status_code == 200 and r.json() == []
    assert not SupplierRecovery.objects.exists()
    assert api(world.users["supplier_finance"]).get("supplier-recoveries").json() == []
