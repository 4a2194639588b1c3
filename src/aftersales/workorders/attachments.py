"""Attachment checks: images and PDF only, decided by content (magic bytes), size-limited."""

from __future__ import annotations

import warnings

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import field_error, lazy_message

SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    (b"%PDF-", "application/pdf", ".pdf"),
]

# A 50-megapixel phone photo passes; beyond this a few bytes can declare gigabytes of pixels
# (a decompression bomb: a 29-byte GIF declares 65535 × 65535). Pillow's own limit (~89 M to
# warn, ~179 M to refuse) is too generous for service photos. `ATTACHMENT_MAX_PIXELS` overrides.
MAX_PIXELS = 60_000_000


def sniff(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) of an accepted file, or Invalid with a field message."""
    if upload.size is None or upload.size == 0:
        raise field_error("file", _("The file is empty."))
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        message = _("The file is too big (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        raise field_error("file", message)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind: tuple[str, str] | None = ("image/webp", ".webp")
    else:
        kind = next(((ct, ext) for sig, ct, ext in SIGNATURES if head.startswith(sig)), None)
    if kind is None:
        raise field_error(
            "file", _("Only images (JPEG, PNG, GIF, WebP) and PDF files are accepted.")
        )
    if kind[0].startswith("image/"):
        _verify_image(upload)
    return kind


def _verify_image(upload: UploadedFile) -> None:
    from PIL import Image, UnidentifiedImageError

    limit = getattr(settings, "ATTACHMENT_MAX_PIXELS", MAX_PIXELS)
    try:
        # Pillow warns between its two limits and refuses above the upper one; both are bombs
        # here. The header's size is checked before anything is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > limit:
                    raise Image.DecompressionBombError(f"{width} x {height}")
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise field_error(
            "file",
            lazy_message(
                _("The image is too large (at most %(mp)s megapixels)."), mp=limit // 1_000_000
            ),
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise field_error("file", _("The image is damaged.")) from exc
    finally:
        upload.seek(0)
