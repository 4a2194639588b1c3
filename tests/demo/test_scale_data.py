"""`aftersales generate_scale_data`: bulk orders that read like real ones, and the query
shapes of issue 8 at a size where the planner's choice matters (with statistics, as the
nightly ANALYZE and the generator leave them)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from aftersales.core.models import AuditEvent, Sequence
from aftersales.customers.models import Customer
from aftersales.demo import scale
from aftersales.dispatch.models import Assignment
from aftersales.workorders import selectors
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder, WorkOrderLine
from aftersales.workorders.services import work_order_create

ORDERS = 3_000


@pytest.fixture
def grown(world):
    call_command("generate_scale_data", orders=ORDERS, days=400, verbosity=0)
    return world


def test_generated_orders_are_whole(grown, api):
    orders = WorkOrder.objects.filter(customer__phone__startswith=scale.PHONE_PREFIX)
    assert orders.count() == ORDERS
    closed = orders.filter(status=Status.CLOSED).first()
    assert closed is not None and closed.technician_id and closed.completed_at and closed.closed_at
    lines = WorkOrderLine.objects.filter(work_order=closed)
    assert lines.exists()
    assert (
        closed.total
        == sum((line.amount for line in lines), Decimal("0"))
        == (closed.labour_total + closed.parts_total)
    )
    assert Assignment.objects.filter(work_order=closed, technician=closed.technician).exists()
    verbs = list(
        AuditEvent.objects.filter(object_id=closed.pk, record_label=closed.number)
        .order_by("at", "id")
        .values_list("verb", flat=True)
    )
    assert verbs[0] == "work_order.created" and verbs[-1] == "work_order.close"
    # Orders a year old are settled; only recent ones may still be open.
    old_open = orders.filter(
        created_at__lt=closed.created_at.replace(year=closed.created_at.year - 1)
    ).exclude(status__in=[Status.CLOSED, Status.COMPLETED, Status.CANCELLED])
    assert not old_open.exists()
    # The API reads them as it reads any order, events included.
    body = api(grown.users["agent"]).get(f"work-orders/{closed.pk}").json()
    assert body["number"] == closed.number and body["status"] == "closed"


def test_numbers_continue_after_the_generated_ones(grown):
    """A real order filed today after the generator ran never gets a number it handed out."""
    today = WorkOrder.objects.filter(customer__phone__startswith=scale.PHONE_PREFIX).latest(
        "created_at"
    )
    seq = Sequence.objects.get(prefix="WO", day=today.created_at.astimezone().date())
    assert seq.value >= int(today.number.rsplit("-", 1)[1])
    w = grown
    order = work_order_create(
        customer=w.customer,
        asset=w.asset,
        fault_description="x",
        channel="phone",
        actor=w.users["agent"],
    )
    assert not WorkOrder.objects.filter(number=order.number).exclude(pk=order.pk).exists()


def test_customers_are_one_per_phone_and_a_second_run_adds_more(grown):
    before = Customer.objects.filter(phone__startswith=scale.PHONE_PREFIX).count()
    call_command("generate_scale_data", orders=30, verbosity=0)
    after = Customer.objects.filter(phone__startswith=scale.PHONE_PREFIX).count()
    assert after == before + 10


def test_bad_arguments_and_an_empty_database_are_refused(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_scale_data", orders=0)
    with pytest.raises(CommandError, match="load the demo first"):
        call_command("generate_scale_data", orders=10)
    assert not WorkOrder.objects.exists()


def plan(user, term: str) -> str:
    qs = selectors.work_order_list(user, selectors.WorkOrderFilters(q=term)).select_related(None)
    return qs.order_by("-created_at", "-id")[:50].explain()


def test_phone_and_serial_searches_use_their_own_index_at_size(grown):
    """With statistics, the orders of the customers with that phone (of the assets with that
    serial) come from the index on customer (asset) combined with the index on the number,
    rather than from walking the scope's newest-first index."""
    agent = grown.users["agent"]
    phone_plan, serial_plan = plan(agent, "1990000012"), plan(agent, "SC0000001")
    if connection.vendor == "postgresql":
        for shape in (phone_plan, serial_plan):
            assert "BitmapOr" in shape and "wo_network_newest" not in shape, shape
        assert "customer_id" in phone_plan and "asset_id" in serial_plan
    else:
        assert "MULTI-INDEX OR" in phone_plan, phone_plan
        assert "(customer_id=?)" in phone_plan and "(number>? AND number<?)" in phone_plan
        assert "MULTI-INDEX OR" in serial_plan and "(asset_id=?)" in serial_plan, serial_plan
