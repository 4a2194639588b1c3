"""Issue 8 §3: the staff list's chart does not count the whole scope on every view."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import work_order_in
from tests.portal.test_customer_pages import login


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/orders/").status_code == 200
    return sum('COUNT("workorders_workorder"."id")' in q["sql"] for q in queries.captured_queries)


def test_the_chart_counts_once_a_minute_per_scope(world):
    work_order_in(world, "new")
    agent = login("agent")
    assert count_queries(agent) == 1
    assert count_queries(agent) == 0  # within the minute: the same counts
    assert count_queries(login("agent")) == 0  # shared by everyone who sees the same orders
    assert count_queries(login("dispatcher")) == 1  # another scope counts its own


def test_counts_are_per_scope_and_catch_up(world):
    work_order_in(world, "new")
    agent = login("agent")
    before = agent.get("/staff/orders/").context["status_counts"]
    work_order_in(world, "new")
    cache.clear()  # the minute has passed
    after = agent.get("/staff/orders/").context["status_counts"]
    new = {row[0]: row[2] for row in before}["new"], {row[0]: row[2] for row in after}["new"]
    assert new[1] == new[0] + 1
