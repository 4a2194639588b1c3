"""Two people fire a transition on the same order at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from aftersales.core.errors import Conflict
from aftersales.core.models import AuditEvent
from aftersales.dispatch.models import DispatchPolicy
from aftersales.workorders import services
from aftersales.workorders.models import WorkOrder
from tests.factories import build_world
from tests.workorders.helpers import file_request


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_one_wins_one_conflicts():
    world = build_world()
    DispatchPolicy.objects.create(organisation=world.network, auto_dispatch=False)  # accept only
    order = file_request(world)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(user):
        try:
            barrier.wait()
            services.work_order_transition(
                work_order=WorkOrder.objects.get(pk=order.pk), name="accept", actor=user
            )
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()  # this thread's own connection; PostgreSQL must see it go

    threads = [
        threading.Thread(target=accept, args=(world.users[name],))
        for name in ("agent", "dispatcher")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "won"]
    assert AuditEvent.objects.filter(object_id=order.pk, verb="work_order.accept").count() == 1
    order.refresh_from_db()
    assert order.version == 2
