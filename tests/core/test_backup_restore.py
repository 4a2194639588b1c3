"""`aftersales backup` and `aftersales restore`: a round trip, and clear errors for bad input."""

import os
import shutil
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from aftersales.core.models import User
from aftersales.workorders.models import WorkOrder
from tests.factories import build_world
from tests.workorders.helpers import file_request

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres") and not shutil.which("pg_dump"),
    reason="PostgreSQL without pg_dump/pg_restore on the PATH",
)


@pytest.fixture
def committed_world(transactional_db):
    # Committed rows: a backup copies what is in the database, not an open test transaction.
    return build_world()


def test_backup_then_restore_brings_back_every_record(committed_world, tmp_path):
    order = file_request(committed_world)
    users, orders = User.objects.count(), WorkOrder.objects.count()
    target = tmp_path / "aftersales.backup"

    call_command("backup", str(target))
    assert target.stat().st_size > 0

    # Given the data changed after the backup
    WorkOrder.objects.filter(pk=order.pk).delete()
    User.objects.create_user(username="late-comer", password="x" * 12)
    assert WorkOrder.objects.count() == orders - 1

    call_command("restore", str(target), interactive=False)
    assert WorkOrder.objects.count() == orders
    assert WorkOrder.objects.get(pk=order.pk).number == order.number
    assert User.objects.count() == users
    assert not User.objects.filter(username="late-comer").exists()


def test_backup_refuses_to_overwrite_or_write_into_a_missing_directory(db, tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="--force"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "missing" / "x.backup"))


@pytest.mark.parametrize("content", [None, b"", b"not a database at all" * 100])
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(world, tmp_path, content):
    source = tmp_path / "bad.backup"
    if content is not None:
        source.write_bytes(content)
    users = User.objects.count()
    with pytest.raises(CommandError, match="not a"):
        call_command("restore", str(source), interactive=False)
    assert User.objects.count() == users


def test_restore_refuses_a_sqlite_file_of_another_application(db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backups only")
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db_file:
        db_file.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(CommandError, match="not a SQLite backup"):
        call_command("restore", str(other), interactive=False)


def test_bad_input_is_a_clear_message_and_a_non_zero_exit(tmp_path):
    env = {
        **os.environ,
        "AFTERSALES_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "aftersales.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "aftersales", "restore", "--noinput", str(tmp_path / "nope")],
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "不是文件" in result.stderr  # the command speaks the installation's language (zh-hans)
    assert "Traceback" not in result.stderr
