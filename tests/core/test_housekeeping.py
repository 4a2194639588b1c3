import pytest
from django.db import connection

from aftersales.core.housekeeping import refresh_planner_statistics
from aftersales.core.tasks import refresh_planner_statistics_task
from tests.factories import work_order_in

pytestmark = pytest.mark.django_db


def test_the_nightly_task_gives_sqlite_planner_statistics(world):
    work_order_in(world, "new")
    outcome = refresh_planner_statistics_task.call_local()
    if connection.vendor != "sqlite":
        assert outcome == "skipped"  # autovacuum analyses PostgreSQL
        return
    assert outcome == "analyzed"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'workorders_workorder' AND idx = %s",
            ["wo_network_newest"],
        )
        assert cursor.fetchone()[0] == 1
    assert refresh_planner_statistics() == "analyzed"
