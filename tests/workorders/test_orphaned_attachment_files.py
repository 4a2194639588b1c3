"""Housekeeping: a file written for an attachment whose transaction rolled back is removed by the
nightly job and the management command once it is older than an hour; files with a row, and
young files (an upload in flight), stay."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from aftersales.workorders import services
from aftersales.workorders.models import Attachment
from aftersales.workorders.tasks import remove_orphaned_attachment_files_task
from tests.images import pdf, png
from tests.workorders.helpers import file_request


class RolledBack(Exception):
    pass


def attach_then_roll_back(world, order) -> Path:
    """An upload inside a larger transaction that fails after the file was written."""
    before = set(files())
    with pytest.raises(RolledBack), transaction.atomic():
        services.work_order_attach(work_order=order, actor=world.users["agent"], upload=png())
        raise RolledBack
    (left,) = set(files()) - before
    return left


def files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


@pytest.fixture
def order(world):
    return file_request(world)


def test_a_rolled_back_upload_leaves_its_file_behind(world, order):
    left = attach_then_roll_back(world, order)
    assert left.exists() and not Attachment.objects.exists()


def test_the_command_removes_an_old_orphan_and_keeps_files_with_rows(world, order):
    kept = services.work_order_attach(work_order=order, actor=world.users["agent"], upload=pdf())
    kept_path = Path(kept.file.path)
    orphan = attach_then_roll_back(world, order)
    age(kept_path, 5)
    age(orphan, 2)
    out = StringIO()
    call_command("remove_orphaned_attachments", stdout=out)
    assert not orphan.exists()
    assert kept_path.exists()
    assert "removed 1" in out.getvalue()


def test_a_young_orphan_is_left_alone(world, order):
    """Younger than an hour it may belong to an upload whose transaction is still open."""
    orphan = attach_then_roll_back(world, order)
    age(orphan, 0.5)
    call_command("remove_orphaned_attachments", stdout=StringIO())
    assert orphan.exists()


def test_dry_run_lists_without_removing(world, order):
    orphan = attach_then_roll_back(world, order)
    age(orphan, 2)
    out = StringIO()
    call_command("remove_orphaned_attachments", "--dry-run", stdout=out)
    assert orphan.exists()
    assert orphan.name in out.getvalue() and "would remove 1" in out.getvalue()


def test_the_grace_period_cannot_be_shortened_below_an_hour():
    with pytest.raises(CommandError):
        call_command("remove_orphaned_attachments", "--older-than-minutes", "5")


def test_the_nightly_task_removes_old_orphans(world, order):
    orphan = attach_then_roll_back(world, order)
    age(orphan, 3)
    assert remove_orphaned_attachment_files_task.call_local() == 1
    assert not orphan.exists()


def test_nothing_to_do_without_an_attachments_directory(db):
    out = StringIO()
    call_command("remove_orphaned_attachments", stdout=out)
    assert "0 files examined" in out.getvalue()
