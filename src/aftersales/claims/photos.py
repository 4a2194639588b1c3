"""Photos and documents of a claim: images and PDF checked by content (the work orders' rules),
stored under a random name, with the SHA-256 of their content (a picture reused on another
claim is a finding), and removed while the station may still change the claim."""

from __future__ import annotations

import hashlib
import secrets

from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.claims.choices import PhotoKind
from aftersales.claims.lines import lock_editable
from aftersales.claims.models import Claim, ClaimPhoto
from aftersales.core import clock
from aftersales.core.audit import record_event
from aftersales.core.errors import NotFound, field_error
from aftersales.core.models import User
from aftersales.workorders.attachments import sniff


def content_hash(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def claim_attach_photo(*, claim: Claim, actor: User, upload: UploadedFile, kind: str) -> ClaimPhoto:
    if kind not in PhotoKind.values:
        raise field_error("kind", _("Unknown kind of photo or document."))
    content_type, extension = sniff(upload)
    sha256 = content_hash(upload)
    original = (upload.name or "file")[-200:]
    stored: str | None = None
    photo = ClaimPhoto(
        kind=kind,
        original_name=original,
        content_type=content_type,
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            locked = lock_editable(claim, actor)
            photo.claim = locked
            photo.uploaded_at = clock.now()
            photo.file.save(f"{secrets.token_hex(12)}{extension}", upload, save=False)
            stored = photo.file.name
            photo.save()
            locked.version += 1
            locked.updated_at = photo.uploaded_at
            locked.save(update_fields=["version", "updated_at"])
            record_event(
                record=locked,
                verb="claim.photo_added",
                actor=actor,
                data={"photo": photo.pk, "name": original, "kind": kind, "sha256": sha256},
            )
    except Exception:
        # The row is gone with the transaction; do not leave its file behind.
        if stored:
            photo.file.storage.delete(stored)
        raise
    return photo


def _delete_unless_named(storage: Storage, name: str | None) -> None:
    # Each upload gets a file of its own (a random name, even for the same content: the reuse
    # check compares hashes, not files), yet a row copied by hand (a data fix, a restore) would
    # name the same file: it goes only with the last row that names it.
    if name and not ClaimPhoto.objects.filter(file=name).exists():
        storage.delete(name)


def claim_remove_photo(
    *, photo: ClaimPhoto, actor: User, expected_version: int | None = None
) -> Claim:
    """Take a photo or document off a draft or returned claim. The row goes with the
    transaction, its file once it has committed (a rollback must find the file still there);
    the submitted versions keep its name, so the next one shows it removed."""
    with transaction.atomic():
        locked = lock_editable(photo.claim, actor, expected_version)
        gone = ClaimPhoto.objects.select_for_update().filter(pk=photo.pk, claim=locked).first()
        if gone is None:
            raise NotFound(_("This photo is no longer on the claim."))
        name, storage = gone.file.name, gone.file.storage
        data = {
            "photo": gone.pk,
            "name": gone.original_name,
            "kind": gone.kind,
            "sha256": gone.sha256,
        }
        gone.delete()
        locked.version += 1
        locked.updated_at = clock.now()
        locked.save(update_fields=["version", "updated_at"])
        record_event(record=locked, verb="claim.photo_removed", actor=actor, data=data)
        transaction.on_commit(lambda: _delete_unless_named(storage, name))
    return locked
