"""Attachment checks: images and PDF only, decided by content (magic bytes), size-limited."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import Invalid

SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    (b"%PDF-", "application/pdf", ".pdf"),
]


def sniff(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) of an accepted file, or Invalid with a field message."""
    if upload.size is None or upload.size == 0:
        raise Invalid(_("The file is empty."), fields={"file": _("The file is empty.")})
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        message = _("The file is too big (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        raise Invalid(message, fields={"file": message})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind: tuple[str, str] | None = ("image/webp", ".webp")
    else:
        kind = next(((ct, ext) for sig, ct, ext in SIGNATURES if head.startswith(sig)), None)
    if kind is None:
        raise Invalid(
            _("Only images (JPEG, PNG, GIF, WebP) and PDF files are accepted."),
            fields={"file": _("Only images (JPEG, PNG, GIF, WebP) and PDF files are accepted.")},
        )
    if kind[0].startswith("image/"):
        _verify_image(upload)
    return kind


def _verify_image(upload: UploadedFile) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise Invalid(
            _("The image is damaged."), fields={"file": _("The image is damaged.")}
        ) from exc
    finally:
        upload.seek(0)
