"""Backup and restore of the whole database: SQLite's online backup API, or pg_dump/pg_restore.

Used by the `backup` and `restore` commands. A SQLite backup is a consistent copy taken while
the server keeps running (WAL readers and writers are not stopped); a PostgreSQL backup is a
custom-format pg_dump that pg_restore --clean puts back.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """Bad input or a failed tool; the message says what to do."""


def vendor() -> str:
    return connection.vendor


def backup(target: Path, *, overwrite: bool = False) -> None:
    target = target.expanduser().resolve()
    if target.exists() and not overwrite:
        raise BackupError(_("%(path)s exists; pass --force to overwrite it.") % {"path": target})
    if not target.parent.is_dir():
        raise BackupError(_("Directory %(path)s does not exist.") % {"path": target.parent})
    partial = target.with_name(f".{target.name}.partial")
    try:
        if vendor() == "sqlite":
            _sqlite_backup(partial)
        elif vendor() == "postgresql":
            _run(["pg_dump", "--format=custom", "--file", str(partial)], _pg_env())
        else:
            raise BackupError(_("Backup supports SQLite and PostgreSQL only."))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore(source: Path) -> None:
    source = source.expanduser().resolve()
    if not source.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": source})
    with source.open("rb") as f:
        header = f.read(16)
    if vendor() == "sqlite":
        if header != SQLITE_HEADER:
            raise BackupError(
                _("%(path)s is not a SQLite backup of this system.") % {"path": source}
            )
        _sqlite_restore(source)
    elif vendor() == "postgresql":
        if not header.startswith(PG_DUMP_HEADER):
            raise BackupError(
                _("%(path)s is not a PostgreSQL backup (pg_dump --format=custom).")
                % {"path": source}
            )
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(source),
            ],
            _pg_env(),
            database_flag=True,
        )
    else:
        raise BackupError(_("Restore supports SQLite and PostgreSQL only."))
    connection.close()


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    source: Any = connection.connection
    with sqlite3.connect(target) as copy:
        source.backup(copy)
    copy.close()


def _sqlite_restore(source: Path) -> None:
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        check = backup_db.execute("PRAGMA integrity_check").fetchone()
        tables = {
            row[0] for row in backup_db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not check or check[0] != "ok" or "django_migrations" not in tables:
            raise BackupError(
                _("%(path)s is not a SQLite backup of this system.") % {"path": source}
            )
        connection.close()
        connection.ensure_connection()
        live: Any = connection.connection
        backup_db.backup(live)
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("%(path)s is not a SQLite backup of this system.") % {"path": source}
        ) from exc
    finally:
        backup_db.close()


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _run(command: list[str], env: dict[str, str], *, database_flag: bool = False) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            _("%(tool)s is not installed (apt-get install postgresql-client).")
            % {"tool": command[0]}
        )
    if database_flag:
        command = [*command[:-1], "--dbname", env.get("PGDATABASE", ""), command[-1]]
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments are ours
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": command[0], "error": result.stderr.strip()[-2000:]}
        )
