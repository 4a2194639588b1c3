"""Old parts (旧件): dispositions from the manufacturer's rules, return shipments by the station,
receipt and inspection where they arrive, a missing or wrong one taken back on the next
statement, scrapping on site at its deduction, write-off."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone

from aftersales.core import clock
from aftersales.core.models import AuditEvent
from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import OldPart, OldPartRule, Statement, StatementLine
from aftersales.settlement.periods import next_month
from tests.settlement.helpers import approved_claim, month, old_part_of, settlement_people

SHIP = {
    "carrier": "顺丰速运",
    "tracking_number": "SF1234567890",
    "package_count": 1,
    "weight_kg": "12.50",
}


def test_an_approved_part_line_gets_an_old_part_returning_to_the_manufacturer(world):
    claim = approved_claim(world)
    part = old_part_of(claim)
    assert (part.status, part.disposition, part.destination_id) == (
        "awaiting_return",
        "return_manufacturer",
        world.appliance.pk,
    )
    assert part.amount == claim.lines.get(kind="part").approved_amount
    assert part.supplier == world.extra["supplier"] and part.return_due is not None
    assert AuditEvent.objects.filter(verb="old_part.assigned", object_id=part.pk).exists()


def test_rules_send_a_part_straight_to_its_supplier_or_scrap_it_at_a_deduction(world):
    settlement_people(world)
    OldPartRule.objects.create(
        manufacturer=world.appliance, part=world.extra["part"], disposition="return_supplier"
    )
    assert old_part_of(approved_claim(world)).destination == world.extra["supplier"]
    OldPartRule.objects.filter(part=world.extra["part"]).delete()
    OldPartRule.objects.create(
        manufacturer=world.appliance,
        category=world.extra["fridge"],
        disposition="scrap",
        scrap_deduction_percent=Decimal("10.00"),
    )
    scrapped = old_part_of(approved_claim(world))
    assert (scrapped.status, scrapped.destination, scrapped.scrap_deduction) == (
        "awaiting_scrap",
        None,
        Decimal("49.50"),
    )


def test_a_part_approved_at_nothing_needs_no_old_part(world):
    claim = approved_claim(world, decision="approve_in_part")  # labour cut, part in full
    assert OldPart.objects.filter(claim=claim).count() == 1


def test_the_station_ships_and_the_manufacturer_inspects(world, api):
    part = old_part_of(approved_claim(world))
    station = api(world.users["manager"])
    r = station.post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk]})
    assert r.status_code == 201, r.content
    shipment = r.json()
    assert shipment["status"] == "in_transit" and shipment["items"][0]["status"] == "shipped"
    assert shipment["destination_id"] == world.appliance.pk
    # The station cannot receive its own shipment; the manufacturer's parts clerk can.
    body = {"items": [{"old_part_id": part.pk, "result": "received"}]}
    assert station.post(f"old-part-shipments/{shipment['id']}/receive", body).status_code == 403
    clerk = api(world.users["parts_clerk"])
    r = clerk.post(f"old-part-shipments/{shipment['id']}/receive", body)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "received" and r.json()["items"][0]["status"] == "accepted"
    r = clerk.post("old-part-write-offs", {"old_part_ids": [part.pk]})
    assert r.status_code == 200 and r.json()[0]["status"] == "written_off"
    # Written off is the end: shipping it again is a conflict naming the state.
    r = station.post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk]})
    assert r.status_code == 409


def test_bad_shipments_are_field_errors_and_write_nothing(world, api):
    part = old_part_of(approved_claim(world))
    station = api(world.users["manager"])
    for change, field in (
        ({"tracking_number": "  "}, "tracking_number"),
        ({"weight_kg": "-1"}, "weight_kg"),
        ({"weight_kg": "1.234"}, "weight_kg"),
        ({"package_count": 0}, "package_count"),
        ({"old_part_ids": []}, "old_part_ids"),
    ):
        r = station.post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk], **change})
        assert r.status_code == 422, (change, r.content)
        assert r.json()["errors"][0]["field"] == field
    part.refresh_from_db()
    assert part.status == "awaiting_return"


def test_other_stations_and_suppliers_see_nothing_of_it(world, api):
    part = old_part_of(approved_claim(world))
    r = api(world.users["manager"]).post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk]})
    shipment_id = r.json()["id"]
    for user in ("manager2", "other_supplier_finance", "technician", "customer"):
        client = api(world.users[user])
        assert client.get(f"old-parts/{part.pk}").status_code == 404, user
        assert client.get(f"old-part-shipments/{shipment_id}").status_code == 404, user
    r = api(world.users["manager2"]).post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk]})
    assert r.status_code == 404
    # The part's own supplier sees the old part of its part.
    assert api(world.users["supplier_finance"]).get(f"old-parts/{part.pk}").status_code == 200


def test_a_missing_old_part_is_taken_back_on_the_next_statement(world, api):
    claim = approved_claim(world)
    part = old_part_of(claim)
    u = world.users
    settlements_generate(manufacturer=world.appliance, period=month(), actor=u["finance"])
    first = Statement.objects.get(payee=world.station_sh)
    assert first.claims_amount == claim.approved_amount
    shipment = api(u["manager"]).post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk]})
    r = api(u["parts_clerk"]).post(
        f"old-part-shipments/{shipment.json()['id']}/receive",
        {"items": [{"old_part_id": part.pk, "result": "missing", "note": "箱内无此件"}]},
    )
    assert r.json()["items"][0]["status"] == "missing"
    # The station's statement is confirmed meanwhile: the reversal waits for the next run.
    api(u["manager"]).post(f"statements/{first.pk}/confirm", {})
    result = settlements_generate(manufacturer=world.appliance, period=month(), actor=u["finance"])
    assert result.deductions == 0 and result.deferred_stations == 1
    first.refresh_from_db()
    assert first.deductions_amount == 0
    # The next month's run takes it back, once.
    following = next_month(month())
    with clock.frozen_at(timezone.make_aware(datetime.combine(following, time(10)))):
        for _ in range(2):
            settlements_generate(manufacturer=world.appliance, period=following, actor=u["finance"])
    reversal = StatementLine.objects.get(old_part=part)
    assert reversal.kind == "old_part_reversal" and reversal.amount == -part.amount
    assert reversal.statement.period == following
    assert reversal.statement.deductions_amount == -part.amount


def test_an_inspection_finding_other_than_received_needs_a_note(world, api):
    part = old_part_of(approved_claim(world))
    shipment = api(world.users["manager"]).post(
        "old-part-shipments", {**SHIP, "old_part_ids": [part.pk]}
    )
    r = api(world.users["parts_clerk"]).post(
        f"old-part-shipments/{shipment.json()['id']}/receive",
        {"items": [{"old_part_id": part.pk, "result": "wrong_part"}]},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "items.0.note"


def test_a_cancelled_shipment_puts_its_parts_back(world, api):
    part = old_part_of(approved_claim(world))
    station = api(world.users["manager"])
    shipment = station.post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk]}).json()
    r = station.post(f"old-part-shipments/{shipment['id']}/cancel", {"reason": "快递未揽收"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    part.refresh_from_db()
    assert (part.status, part.shipment_id) == ("awaiting_return", None)


def test_scrapping_on_site_costs_the_stated_deduction_on_the_statement(world, api):
    settlement_people(world)
    OldPartRule.objects.create(
        manufacturer=world.appliance, disposition="scrap", scrap_deduction_percent=Decimal("20")
    )
    claim = approved_claim(world)
    part = old_part_of(claim)
    r = api(world.users["manager"]).post(f"old-parts/{part.pk}/scrap", {"note": "已现场销毁"})
    assert r.status_code == 200 and r.json()["status"] == "scrapped"
    settlements_generate(manufacturer=world.appliance, period=month(), actor=world.users["finance"])
    statement = Statement.objects.get(payee=world.station_sh)
    assert statement.deductions_amount == -part.scrap_deduction == Decimal("-99.00")
    assert claim.approved_amount is not None
    assert statement.total_amount == claim.approved_amount - Decimal("99.00")


def test_a_missing_old_part_written_off_before_the_run_is_still_taken_back(world, api):
    claim = approved_claim(world)
    part = old_part_of(claim)
    u = world.users
    shipment = api(u["manager"]).post("old-part-shipments", {**SHIP, "old_part_ids": [part.pk]})
    clerk = api(u["parts_clerk"])
    r = clerk.post(
        f"old-part-shipments/{shipment.json()['id']}/receive",
        {"items": [{"old_part_id": part.pk, "result": "missing", "note": "箱内无此件"}]},
    )
    assert r.json()["items"][0]["status"] == "missing"
    r = clerk.post("old-part-write-offs", {"old_part_ids": [part.pk]})
    assert r.status_code == 200 and r.json()[0]["status"] == "written_off"
    for _ in range(2):
        settlements_generate(manufacturer=world.appliance, period=month(), actor=u["finance"])
    reversal = StatementLine.objects.get(old_part=part)  # once, however often the run goes
    assert reversal.kind == "old_part_reversal" and reversal.amount == -part.amount
