"""Every submitted version of a claim, kept as it was, and what changed between two of them.

`snapshot(claim)` is plain JSON (texts and decimal strings) written at each submission
(`ClaimVersion`); `diff(before, after)` is a pure function of two snapshots: header fields
changed, lines added, removed or changed (by line id: a corrected line keeps its id), photos
added or removed, and the totals.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from aftersales.claims.models import Claim, ClaimVersion
from aftersales.core import clock
from aftersales.core.models import User

HEADER_LABELS: dict[str, Any] = {
    "type": _("Type"),
    "serial": _("Serial number / VIN"),
    "causal_part": _("Causal part (主因件)"),
    "fault_code": _("Fault code"),
    "symptom": _("Symptom"),
    "mileage_km": _("Mileage (km)"),
    "failure_date": _("Failure date"),
    "repair_date": _("Repair date"),
    "pre_authorisation": _("Pre-authorisation"),
}
LINE_LABELS: dict[str, Any] = {
    "kind": _("Kind"),
    "description": _("Description"),
    "operation": _("Labour operation"),
    "part": _("Part"),
    "quantity": _("Hours / quantity / km"),
    "unit_price": _("Rate / unit price"),
    "markup_percent": _("Handling markup (%)"),
    "call_out_fee": _("Call-out fee"),
    "invoice_number": _("Invoice number"),
    "amount": _("Claimed"),
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def snapshot(claim: Claim) -> dict[str, Any]:
    lines = claim.lines.select_related("operation", "part").order_by("id")
    return {
        "header": {
            "type": claim.type,
            "serial": claim.serial,
            "causal_part": str(claim.causal_part) if claim.causal_part_id else None,
            "fault_code": claim.fault_code,
            "symptom": claim.symptom,
            "mileage_km": _text(claim.mileage_km),
            "failure_date": _text(claim.failure_date),
            "repair_date": _text(claim.repair_date),
            "pre_authorisation": (
                claim.pre_authorisation.number if claim.pre_authorisation else None
            ),
        },
        "lines": [
            {
                "id": line.pk,
                "kind": line.kind,
                "description": line.description,
                "operation": line.operation.code if line.operation else None,
                "part": line.part.number if line.part else None,
                "quantity": _text(line.quantity),
                "unit_price": _text(line.unit_price),
                "markup_percent": _text(line.markup_percent),
                "call_out_fee": _text(line.call_out_fee),
                "invoice_number": line.invoice_number,
                "amount": _text(line.amount),
            }
            for line in lines
        ],
        "photos": [
            {"id": p.pk, "kind": p.kind, "name": p.original_name, "sha256": p.sha256}
            for p in claim.photos.order_by("id")
        ],
        "total": _text(claim.total_amount),
    }


def claim_version_record(*, claim: Claim, actor: User | None, comment: str) -> ClaimVersion:
    """The version just submitted (`claim.revision`), inside the submission's transaction."""
    return ClaimVersion.objects.create(
        claim=claim,
        number=claim.revision,
        snapshot=snapshot(claim),
        total_amount=claim.total_amount,
        comment=comment,
        created_by=actor,
        created_at=clock.now(),
    )


def _changes(before: dict[str, Any], after: dict[str, Any], fields: Any) -> list[dict[str, Any]]:
    return [
        {"field": f, "before": before.get(f), "after": after.get(f)}
        for f in fields
        if before.get(f) != after.get(f)
    ]


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    old_lines = {line["id"]: line for line in before.get("lines", [])}
    new_lines = {line["id"]: line for line in after.get("lines", [])}
    changed_lines = []
    for pk in sorted(old_lines.keys() & new_lines.keys()):
        changes = _changes(old_lines[pk], new_lines[pk], LINE_LABELS)
        if changes:
            changed_lines.append(
                {"id": pk, "description": new_lines[pk]["description"], "changes": changes}
            )
    old_photos = {p["id"]: p for p in before.get("photos", [])}
    new_photos = {p["id"]: p for p in after.get("photos", [])}
    return {
        "header": _changes(before.get("header", {}), after.get("header", {}), HEADER_LABELS),
        "lines_added": [new_lines[pk] for pk in sorted(new_lines.keys() - old_lines.keys())],
        "lines_removed": [old_lines[pk] for pk in sorted(old_lines.keys() - new_lines.keys())],
        "lines_changed": changed_lines,
        "photos_added": [new_photos[pk] for pk in sorted(new_photos.keys() - old_photos.keys())],
        "photos_removed": [old_photos[pk] for pk in sorted(old_photos.keys() - new_photos.keys())],
        "total_before": before.get("total"),
        "total_after": after.get("total"),
    }


def is_empty(change: dict[str, Any]) -> bool:
    return not any(
        change[key]
        for key in (
            "header",
            "lines_added",
            "lines_removed",
            "lines_changed",
            "photos_added",
            "photos_removed",
        )
    )
