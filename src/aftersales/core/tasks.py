"""Background work of the core (Huey)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from aftersales.core.housekeeping import refresh_planner_statistics


@db_periodic_task(crontab(hour="3", minute="41"))
def refresh_planner_statistics_task() -> str:
    """Nightly: SQLite's planner statistics (PostgreSQL's autovacuum keeps its own)."""
    return refresh_planner_statistics()
