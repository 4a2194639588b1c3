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


def test_a_migration_that_ran_refreshes_the_statistics_and_one_that_did_not_leaves_them(world):
    """Sent as `migrate` sends it: the core app's post_migrate refreshes SQLite's statistics
    when migrations ran (stale statistics after a new index made SQLite sort a whole scope)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    work_order_in(world, "new")
    core = apps.get_app_config("core")

    def migrated(plan: list) -> None:
        post_migrate.send(
            sender=core,
            app_config=core,
            verbosity=0,
            interactive=False,
            using="default",
            apps=apps,
            plan=plan,
        )

    if connection.vendor != "sqlite":
        migrated([("migration", False)])  # nothing to do on PostgreSQL, and no error
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        migrated([])  # nothing migrated: nothing to do
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 0
        migrated([("migration", False)])
        cursor.execute(
            "SELECT count(*) FROM sqlite_stat1 "
            "WHERE idx IN ('wo_network_newest', 'wo_network_priority')"
        )
        assert cursor.fetchone()[0] == 2
