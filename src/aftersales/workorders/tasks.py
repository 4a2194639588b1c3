"""Background work of the work-order app (Huey)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="17"))
def remove_orphaned_attachment_files_task() -> int:
    """Nightly: files of attachments whose transaction rolled back (`workorders/housekeeping.py`)."""
    from aftersales.workorders.housekeeping import orphaned_attachment_files_remove

    return len(orphaned_attachment_files_remove().removed)
