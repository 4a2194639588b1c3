"""Two reviewers decide the same claim at the same moment: exactly one wins, the other gets 409
(Conflict), and the claim carries one decision. Two clerks filing the same order: one claim."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from aftersales.claims import review, services
from aftersales.claims.models import Claim
from aftersales.core.errors import Conflict
from aftersales.core.models import AuditEvent
from aftersales.dispatch.models import DispatchPolicy
from tests.claims.helpers import claimable_order, submitted_claim
from tests.factories import build_world, claims_people


def quiet_world():
    world = build_world()
    # Accepting does not dispatch by itself here (on commit it would): the helpers assign.
    DispatchPolicy.objects.create(organisation=world.network, auto_dispatch=False)
    return world, claims_people(world)


def at_once(*calls: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()  # this thread's own connection; PostgreSQL must see it go

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_wins_the_other_conflicts():
    world, people = quiet_world()
    claim = submitted_claim(world)
    submitted_version = claim.version

    def approve():
        review.claim_review(
            claim=Claim.objects.get(pk=claim.pk), actor=people["auditor"], decision="approve"
        )

    def reject():
        review.claim_review(
            claim=Claim.objects.get(pk=claim.pk),
            actor=people["assessor"],
            decision="reject",
            reason_code="other",
            comment="不予赔付",
        )

    assert at_once(approve, reject) == ["conflict", "won"]
    decisions = AuditEvent.objects.filter(
        object_id=claim.pk, verb__in=["claim.approve", "claim.reject"]
    )
    assert decisions.count() == 1
    claim.refresh_from_db()
    assert claim.status == decisions.get().to_state
    assert claim.version == submitted_version + 1  # one decision, not two
    # Each line carries the winner's verdict only.
    expected = claim.total_amount if claim.status == "approved" else 0
    assert sum(line.approved_amount or 0 for line in claim.lines.all()) == expected


@pytest.mark.django_db(transaction=True)
def test_two_clerks_claiming_one_order_at_once_make_one_claim():
    world, people = quiet_world()
    order = claimable_order(world)

    def file(user):
        return lambda: services.claim_create(work_order=order, actor=user, type="repair")

    assert at_once(file(people["manager"]), file(people["advisor"])) == ["conflict", "won"]
    assert Claim.objects.filter(work_order=order).count() == 1
