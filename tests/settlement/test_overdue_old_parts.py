"""Old parts not returned in time (旧件逾期未返): a part to be returned that the station has not
shipped by its return_due is taken back on the statement of the month it fell due in (or the
next open one), once; a late shipment found missing does not take it again; a late part that
comes back and passes inspection is repaid, once, after the statement that took it is locked."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.core import clock
from aftersales.settlement import old_parts, statements
from aftersales.settlement.generation import RunResult, settlements_generate
from aftersales.settlement.models import OldPart, OldPartShipment, Statement, StatementLine
from aftersales.settlement.periods import next_month
from tests.factories import World
from tests.settlement.helpers import approved_claim, month, old_part_of

SHIPMENT = old_parts.ShipmentInput(
    carrier="顺丰速运", tracking_number="SF1234567890", package_count=1, weight_kg=Decimal("9.5")
)


def on(day: date, hour: int = 10) -> AbstractContextManager[None]:
    return clock.frozen_at(timezone.make_aware(datetime.combine(day, time(hour))))


def run(world: World, period: date, day: date) -> RunResult:
    with on(day):
        return settlements_generate(
            manufacturer=world.appliance, period=period, actor=world.users["finance"]
        )


def due_at_the_months_end(world: World) -> OldPart:
    """An approved claim's old part, due back on the last day of this month."""
    part = old_part_of(approved_claim(world))
    assert (part.status, part.disposition) == ("awaiting_return", "return_manufacturer")
    OldPart.objects.filter(pk=part.pk).update(return_due=next_month(month()) - timedelta(days=1))
    part.refresh_from_db()
    return part


def ship(world: World, part: OldPart, day: date) -> OldPartShipment:
    with on(day):
        return old_parts.shipment_create(
            actor=world.users["manager"], old_parts=[part], data=SHIPMENT
        )


def receive(world: World, shipment: OldPartShipment, result: str, day: date) -> None:
    note = "" if result == "received" else "箱内无此件"
    with on(day):
        old_parts.shipment_receive(
            shipment=shipment,
            actor=world.users["parts_clerk"],
            results=[old_parts.InspectionInput(shipment.items.get().pk, result, note)],
        )


def lock(world: World, statement: Statement) -> None:
    statement.refresh_from_db()
    if statement.status == "issued":
        statements.statement_confirm(statement=statement, actor=world.users["manager"])
    statements.statement_approve(statement=statement, actor=world.users["network_finance"])
    statement.refresh_from_db()
    assert statement.status == "locked"


def lines_of(part: OldPart) -> list[tuple[str, Decimal, date]]:
    return [
        (line.kind, line.amount, line.statement.period)
        for line in StatementLine.objects.filter(old_part=part).order_by("pk")
    ]


def test_a_part_not_returned_in_time_is_taken_back_once(world):
    part = due_at_the_months_end(world)
    due, following = part.return_due, next_month(month())
    assert due is not None
    # On its due day it is not late yet: the claim is paid, nothing taken back.
    first = run(world, month(), due)
    assert first.claims == 1 and first.deductions == 0 and lines_of(part) == []
    # The month is over and the part never left: the month's statement takes it back.
    late = run(world, month(), following + timedelta(days=1))
    assert late.deductions == 1
    assert lines_of(part) == [("old_part_overdue", -part.amount, month())]
    statement = Statement.objects.get(payee=world.station_sh, period=month())
    assert statement.deductions_amount == -part.amount and statement.balances()
    assert sum(line.amount for line in statement.lines.all()) == statement.total_amount
    # Running again, for this month or the next, takes nothing more.
    for period in (month(), following, following):
        assert run(world, period, following + timedelta(days=2)).deductions == 0
    assert len(lines_of(part)) == 1
    part.refresh_from_db()
    assert part.status == "awaiting_return"  # the station may still send it


def test_a_month_ending_before_the_due_day_takes_nothing_back(world):
    part = due_at_the_months_end(world)
    assert part.return_due is not None
    earlier = (month() - timedelta(days=1)).replace(day=1)
    assert run(world, earlier, part.return_due + timedelta(days=3)).deductions == 0
    assert lines_of(part) == []


def test_a_part_shipped_in_time_is_not_taken_back_while_on_its_way(world):
    part = due_at_the_months_end(world)
    assert part.return_due is not None
    ship(world, part, part.return_due)
    assert run(world, month(), next_month(month()) + timedelta(days=3)).deductions == 0
    assert lines_of(part) == []


def test_a_late_part_found_missing_is_not_taken_back_twice(world):
    part = due_at_the_months_end(world)
    following = next_month(month())
    run(world, month(), following + timedelta(days=1))
    shipment = ship(world, part, following + timedelta(days=2))
    receive(world, shipment, "missing", following + timedelta(days=4))
    for period, day in ((month(), 5), (following, 6), (next_month(following), 40)):
        run(world, period, following + timedelta(days=day))
    assert lines_of(part) == [("old_part_overdue", -part.amount, month())]


def test_a_late_part_received_after_all_is_repaid_once_on_the_next_statement(world):
    part = due_at_the_months_end(world)
    following = next_month(month())
    run(world, month(), following + timedelta(days=1))
    shipment = ship(world, part, following + timedelta(days=2))
    receive(world, shipment, "received", following + timedelta(days=4))
    # Not while the statement that took it back may still change.
    assert run(world, month(), following + timedelta(days=6)).adjustments == 0
    taken = Statement.objects.get(payee=world.station_sh, period=month())
    lock(world, taken)
    for _ in range(2):
        run(world, following, following + timedelta(days=7))
    assert lines_of(part) == [
        ("old_part_overdue", -part.amount, month()),
        ("old_part_returned", part.amount, following),
    ]
    repaid = Statement.objects.get(payee=world.station_sh, period=following)
    assert repaid.adjustments_amount == part.amount and repaid.balances()
    # A later month's run repays nothing more.
    later = next_month(following)
    assert run(world, later, later + timedelta(days=1)).adjustments == 0


def test_a_late_part_is_repaid_what_was_taken_after_a_dispute_corrected_it(world):
    part = due_at_the_months_end(world)
    following = next_month(month())
    run(world, month(), following + timedelta(days=1))
    taken = Statement.objects.get(payee=world.station_sh, period=month())
    line = StatementLine.objects.get(old_part=part)
    statements.statement_confirm(
        statement=taken,
        actor=world.users["manager"],
        disputes=[statements.DisputeInput(line.pk, "已在途，运单号 SF1234567890")],
    )
    statements.statement_resolve(
        line=line,
        actor=world.users["network_finance"],
        upheld=True,
        comment="逾期 1 天，按 100 元扣回",
        corrected_amount="-100.00",
    )
    lock(world, taken)
    shipment = ship(world, part, following + timedelta(days=2))
    receive(world, shipment, "received", following + timedelta(days=3))
    run(world, following, following + timedelta(days=7))
    assert lines_of(part)[-1] == ("old_part_returned", Decimal("100.00"), following)


def test_the_database_keeps_one_take_back_per_old_part(world):
    part = due_at_the_months_end(world)
    run(world, month(), next_month(month()) + timedelta(days=1))
    line = StatementLine.objects.get(old_part=part)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.objects.create(
            statement=line.statement,
            kind="old_part_reversal",
            old_part=part,
            reference=part.number,
            amount=-part.amount,
        )
