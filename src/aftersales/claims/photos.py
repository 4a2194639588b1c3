"""Photos and documents of a claim: images and PDF checked by content (the work orders' rules),
stored under a random name, with the SHA-256 of their content (a picture reused on another
claim is a finding)."""

from __future__ import annotations

import hashlib
import secrets

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.claims.choices import PhotoKind
from aftersales.claims.lines import lock_editable
from aftersales.claims.models import Claim, ClaimPhoto
from aftersales.core import clock
from aftersales.core.audit import record_event
from aftersales.core.errors import field_error
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
