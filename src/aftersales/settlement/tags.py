"""The printable tag of an old part (旧件标签): what the part is, whose claim, where it goes, and
a QR code a receiving clerk scans to find it (segno, as SVG: sharp at any print size)."""

from __future__ import annotations

from typing import Any

import segno

from aftersales.settlement.models import OldPart


def qr_payload(part: OldPart) -> str:
    """What the QR code says: the old part's id, number and claim number (scanned at receipt)."""
    return f"OLDPART:{part.pk};NO:{part.number};CLAIM:{part.claim.number}"


def qr_svg_data_uri(part: OldPart, scale: int = 3) -> str:
    return str(segno.make(qr_payload(part), error="m").svg_data_uri(scale=scale, border=2))


def tag_context(parts: list[OldPart]) -> dict[str, Any]:
    return {"tags": [{"part": p, "qr": qr_svg_data_uri(p)} for p in parts]}
