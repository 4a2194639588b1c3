"""Issue 8 §4: an authenticated order detail costs a handful of small queries, each one the
planner answers at once (no eight-table join), whatever the caller's role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import work_order_in

pytestmark = pytest.mark.django_db

# The order with customer, unit, model and address; its station, region and manufacturer; the
# technician; the lines' payers (the token's user and roles come from the cache once loaded).
DETAIL_QUERIES = 4


@pytest.mark.parametrize("role", ["agent", "manager", "technician"])
def test_get_work_order_runs_four_queries(world, api, role):
    order = work_order_in(world, "in_progress")
    client = api(world.users[role])
    client.get(f"work-orders/{order.pk}")  # first call: anything cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"work-orders/{order.pk}")
    assert response.status_code == 200, response.content
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == DETAIL_QUERIES, "\n".join(s[:120] for s in selects)
    # No query joins more than four tables.
    assert max(s.count(" JOIN ") for s in selects) <= 4


def test_an_order_out_of_sight_costs_one_query_and_answers_404(world, api):
    order = work_order_in(world, "new")  # not yet routed to any station
    client = api(world.users["technician"])
    client.get("work-orders")  # the token's first use is stamped once, and cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"work-orders/{order.pk}")
    assert response.status_code == 404
    assert len(queries.captured_queries) == 1
