"""Housekeeping of attachment files: a file whose row never committed is removed.

`work_order_attach` deletes its file when its own transaction fails, but when an enclosing
transaction rolls back later (a service request filed with a photo, say) the file was already
written and no row points to it. Files younger than the grace period are left alone, so an
upload whose transaction is still open is never touched.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.storage import Storage

from aftersales.core import clock
from aftersales.workorders.models import Attachment

log = logging.getLogger(__name__)

ATTACHMENTS_DIR = "attachments"
ORPHAN_GRACE = timedelta(hours=1)
# Names are checked against the table in chunks, so the sweep stays flat in memory.
CHUNK = 500


@dataclass
class Sweep:
    examined: int = 0
    removed: list[str] = field(default_factory=list)


def _files(storage: Storage, directory: str) -> Iterator[str]:
    if not storage.exists(directory):
        return
    directories, files = storage.listdir(directory)
    for name in files:
        yield posixpath.join(directory, name)
    for sub in directories:
        yield from _files(storage, posixpath.join(directory, sub))


def orphaned_attachment_files_remove(
    *, older_than: timedelta = ORPHAN_GRACE, dry_run: bool = False
) -> Sweep:
    """Remove files under the attachments' directory that no Attachment row points to and that
    are older than `older_than`; with `dry_run`, only say which."""
    storage = Attachment._meta.get_field("file").storage
    cutoff = clock.now() - older_than
    sweep = Sweep()
    candidates: list[str] = []
    for name in _files(storage, ATTACHMENTS_DIR):
        sweep.examined += 1
        if storage.get_modified_time(name) < cutoff:
            candidates.append(name)
            if len(candidates) >= CHUNK:
                _remove_unreferenced(storage, candidates, sweep, dry_run=dry_run)
                candidates = []
    _remove_unreferenced(storage, candidates, sweep, dry_run=dry_run)
    return sweep


def _remove_unreferenced(
    storage: Storage, names: list[str], sweep: Sweep, *, dry_run: bool
) -> None:
    if not names:
        return
    # Read after the files were listed: a row committed meanwhile keeps its file.
    referenced = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names:
        if name in referenced:
            continue
        if not dry_run:
            storage.delete(name)
            log.info("removed orphaned attachment file %s", name)
        sweep.removed.append(name)
