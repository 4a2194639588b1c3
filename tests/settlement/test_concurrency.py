"""Exactly once under races, on SQLite and on PostgreSQL: two settlement runs at once count no
claim twice and lose none; a run while claims are being approved counts each approved claim once
(now or on the next run)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection

from aftersales.claims import review
from aftersales.claims.models import Claim
from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import OldPart, OldPartShipment, Statement, StatementLine
from aftersales.settlement.periods import next_month
from tests.claims.helpers import submitted_claim
from tests.settlement.helpers import approved_claim, month, settlement_people


def at_once(*calls: Callable[[], object]) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def exactly_once() -> None:
    approved = Claim.objects.filter(status__in=["approved", "partially_approved"])
    for claim in approved:
        assert StatementLine.objects.filter(claim=claim).count() == 1, claim.number
    for statement in Statement.objects.all():
        total = sum(line.amount for line in statement.lines.all())
        assert total == statement.total_amount and statement.balances()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_count_every_claim_once():
    from tests.factories import build_world

    world = build_world()
    claims = [approved_claim(world) for _ in range(3)]
    finance = world.users["finance"]

    def run() -> None:
        settlements_generate(manufacturer=world.appliance, period=month(), actor=finance)

    assert at_once(run, run) == []
    assert StatementLine.objects.filter(claim__in=claims).count() == 3
    assert Statement.objects.filter(payee=world.station_sh).count() == 1
    exactly_once()


@pytest.mark.django_db(transaction=True)
def test_a_run_while_claims_are_approved_loses_none():
    from tests.factories import build_world

    world = build_world()
    settlement_people(world)
    done = [approved_claim(world) for _ in range(2)]
    waiting = [submitted_claim(world) for _ in range(2)]
    finance, auditor = world.users["finance"], world.users["auditor"]

    def run() -> None:
        settlements_generate(manufacturer=world.appliance, period=month(), actor=finance)

    def approve(claim: Claim) -> Callable[[], object]:
        return lambda: review.claim_review(
            claim=Claim.objects.get(pk=claim.pk), actor=auditor, decision="approve"
        )

    assert at_once(run, *(approve(c) for c in waiting)) == []
    run()  # whatever the first run did not see, the next one takes
    assert StatementLine.objects.filter(claim__in=[*done, *waiting]).count() == 4
    exactly_once()


@pytest.mark.django_db(transaction=True)
def test_a_late_old_part_is_taken_back_once_whatever_runs_or_ships_at_the_same_time():
    from tests.factories import build_world
    from tests.settlement.test_overdue_old_parts import (
        due_at_the_months_end,
        receive,
        run,
        ship,
    )

    world = build_world()
    part = due_at_the_months_end(world)
    late = next_month(month()) + timedelta(days=1)

    def generate() -> None:
        run(world, month(), late)

    def send() -> None:
        ship(world, OldPart.objects.get(pk=part.pk), late)

    assert at_once(generate, generate, send) == []
    shipment = OldPartShipment.objects.get()
    receive(world, shipment, "missing", late + timedelta(days=2))
    for _ in range(2):
        generate()
    taken = StatementLine.objects.filter(old_part=part)
    assert taken.count() == 1 and taken.get().amount == -part.amount
    exactly_once()
