"""Decompression bombs: tiny files declaring huge images are refused with a field error on
`file`, and nothing is written (no row, no file)."""

import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from aftersales.workorders.models import Attachment
from tests.images import png
from tests.portal.test_customer_pages import login
from tests.workorders.helpers import file_request


def gif_bomb() -> bytes:
    """29 bytes: a GIF whose screen and only frame declare 65535 × 65535 pixels."""
    header = b"GIF89a" + struct.pack("<HHBBB", 65535, 65535, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, 65535, 65535, 0)
    body = header + frame + b"\x02\x02\x4c\x01\x00;"
    assert len(body) == 29
    return body


def png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


BOMBS = {
    "gif-65535x65535": ("bomb.gif", gif_bomb(), "image/gif"),
    "png-20000x20000": ("bomb.png", png_declaring(20000, 20000), "image/png"),
    # Below Pillow's own limit, above ours: a 64-megapixel image is not a service photo.
    "png-8000x8000": ("big.png", png_declaring(8000, 8000), "image/png"),
}


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=list(BOMBS))
def test_api_refuses_a_decompression_bomb_with_a_field_error(world, api, bomb):
    order = file_request(world)
    r = api(world.users["customer"]).post(
        f"work-orders/{order.pk}/attachments", {}, files={"file": SimpleUploadedFile(*bomb)}
    )
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0]["field"] == "file"
    assert not Attachment.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=list(BOMBS))
def test_staff_page_refuses_a_decompression_bomb(world, bomb):
    order = file_request(world)
    client = login("agent")
    r = client.post(
        f"/staff/orders/{order.pk}/attachments/",
        {"file": SimpleUploadedFile(*bomb), "visible_to_customer": "on"},
    )
    assert r.status_code == 200
    assert "too large" in r.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_an_ordinary_photo_still_passes(world, api):
    order = file_request(world)
    r = api(world.users["customer"]).post(
        f"work-orders/{order.pk}/attachments", {}, files={"file": png()}
    )
    assert r.status_code == 201, r.content
