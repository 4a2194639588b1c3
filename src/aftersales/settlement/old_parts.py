"""Old-part writes (旧件): assign each approved part line its old part, ship the station's parts
in a return shipment, receive and inspect them where they arrive, scrap on site, write off.

Every change of an old part or a shipment is its machine's transition (workflow.py), locked in
id order so that two clerks shipping or receiving at once queue rather than deadlock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.claims.choices import LineKind as ClaimLineKind
from aftersales.claims.models import Claim
from aftersales.core import clock
from aftersales.core.access import principal_for, require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, field_error, lazy_message
from aftersales.core.models import User
from aftersales.core.numbering import next_number
from aftersales.core.transitions import apply_transition, lock_record
from aftersales.core.validators import clean_text
from aftersales.settlement.choices import Disposition, Inspection, OldPartStatus
from aftersales.settlement.models import OldPart, OldPartShipment
from aftersales.settlement.money import percent_of
from aftersales.settlement.rules import rule_for, rules_of
from aftersales.settlement.workflow import INSPECTION_TRANSITIONS, OLD_PART_FLOW, SHIPMENT_FLOW

MAX_ITEMS = 500
MAX_WEIGHT = Decimal("99999.99")


def old_parts_assign(
    *,
    claim: Claim,
    actor: User | None,
) -> list[OldPart]:
    """An old part for each part line of the claim approved for more than nothing that has
    none yet (idempotent: the demo and a repair script may call it again)."""
    category_id = claim.product_model.category_id if claim.product_model else None
    rules = rules_of(claim.manufacturer_id)
    now = clock.now()
    created = []
    lines = claim.lines.filter(
        kind=ClaimLineKind.PART, part__isnull=False, old_part__isnull=True
    ).select_related("part")
    for line in lines.order_by("id"):
        assert line.part is not None
        amount = line.approved_amount
        if amount is None or amount <= 0:
            continue
        rule = rule_for(rules, line.part, category_id)
        if rule.disposition == Disposition.RETURN_SUPPLIER:
            destination_id: int | None = line.part.supplier_id
        elif rule.disposition == Disposition.RETURN_MANUFACTURER:
            destination_id = claim.manufacturer_id
        else:
            destination_id = None
        scrap = rule.disposition == Disposition.SCRAP
        part = OldPart.objects.create(
            number=next_number("OP"),
            status=OldPartStatus.AWAITING_SCRAP if scrap else OldPartStatus.AWAITING_RETURN,
            claim=claim,
            claim_line=line,
            part=line.part,
            quantity=line.approved_quantity or line.quantity,
            amount=amount,
            disposition=rule.disposition,
            scrap_deduction=percent_of(amount, rule.scrap_deduction_percent) if scrap else 0,
            return_due=None
            if scrap
            else timezone.localdate(now) + timedelta(days=rule.return_within_days),
            station_id=claim.station_id,
            manufacturer_id=claim.manufacturer_id,
            supplier_id=line.part.supplier_id,
            destination_id=destination_id,
            network_id=claim.network_id,
            region_id=claim.region_id,
            created_at=now,
            updated_at=now,
        )
        record_event(
            record=part,
            verb="old_part.assigned",
            actor=actor,
            to_state=part.status,
            data={"claim": claim.number, "disposition": part.disposition, "amount": str(amount)},
        )
        created.append(part)
    return created


def _lock_parts(ids: Iterable[int]) -> list[OldPart]:
    # One order for every writer: two at once queue instead of deadlocking.
    return list(
        OldPart.objects.select_for_update(of=("self",))
        .select_related("shipment")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )


@dataclass(frozen=True)
class ShipmentInput:
    carrier: str
    tracking_number: str
    package_count: int
    weight_kg: Decimal
    note: str = ""


def _clean_shipment(data: ShipmentInput) -> ShipmentInput:
    carrier = clean_text(data.carrier, field="carrier", max_length=60, required=True)
    tracking = clean_text(
        data.tracking_number,
        field="tracking_number",
        max_length=60,
        required=True,
        single_line=True,
    )
    if not 1 <= data.package_count <= 999:
        raise field_error("package_count", _("Enter between 1 and 999 packages."))
    weight = Decimal(data.weight_kg)
    if not weight.is_finite() or weight <= 0 or weight > MAX_WEIGHT:
        raise field_error("weight_kg", _("Enter a weight above 0 and at most 99,999.99 kg."))
    if weight != weight.quantize(Decimal("0.01")):
        raise field_error("weight_kg", _("At most 2 decimal places."))
    note = clean_text(data.note, field="note", max_length=500)
    return ShipmentInput(carrier, tracking, data.package_count, weight, note)


def shipment_create(
    *, actor: User, old_parts: list[OldPart], data: ShipmentInput
) -> OldPartShipment:
    """A return shipment of the station's old parts awaiting return, all to one destination."""
    if not old_parts:
        raise field_error("old_part_ids", _("Put at least one old part on the packing list."))
    if len(old_parts) > MAX_ITEMS:
        raise field_error("old_part_ids", _("At most 500 old parts per shipment."))
    data = _clean_shipment(data)
    with transaction.atomic():
        parts = _lock_parts(p.pk for p in old_parts)
        first = parts[0]
        require(
            actor,
            "old_part_shipment:create",
            first,
            _("Your role may not ship this station's parts."),
        )
        for index, part in enumerate(parts):
            if part.status != OldPartStatus.AWAITING_RETURN:
                raise Conflict(
                    lazy_message(
                        _("Old part %(number)s is not awaiting return (%(state)s)."),
                        number=part.number,
                        state=OLD_PART_FLOW.label(part.status),
                    ),
                    fields={f"old_part_ids.{index}": _("Not awaiting return.")},
                    state=part.status,
                )
            if (part.station_id, part.destination_id) != (first.station_id, first.destination_id):
                raise field_error(
                    f"old_part_ids.{index}",
                    _("One shipment goes from one station to one destination."),
                )
        now = clock.now()
        shipment = OldPartShipment.objects.create(
            number=next_number("RS"),
            station_id=first.station_id,
            manufacturer_id=first.manufacturer_id,
            destination_id=first.destination_id or first.manufacturer_id,
            network_id=first.network_id,
            region_id=first.region_id,
            carrier=data.carrier,
            tracking_number=data.tracking_number,
            package_count=data.package_count,
            weight_kg=data.weight_kg,
            note=data.note,
            shipped_at=now,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        for part in parts:
            part.shipment = shipment
            apply_transition(part, "ship", actor=actor, data={"shipment": shipment.number})
        record_event(
            record=shipment,
            verb="old_part_shipment.created",
            actor=actor,
            to_state=shipment.status,
            data={
                "items": [p.number for p in parts],
                "carrier": data.carrier,
                "tracking_number": data.tracking_number,
            },
        )
    return shipment


@dataclass(frozen=True)
class InspectionInput:
    old_part_id: int
    result: str
    note: str = ""


def shipment_receive(
    *,
    shipment: OldPartShipment,
    actor: User,
    results: list[InspectionInput],
    expected_version: int | None = None,
) -> OldPartShipment:
    """Receipt where the parts arrive: each item of the packing list inspected (received,
    missing, wrong part, fault not confirmed), then the shipment received."""
    with transaction.atomic():
        locked = lock_record(OldPartShipment, shipment.pk, expected_version)
        # The shipment's own machine decides first (state, role, destination).
        SHIPMENT_FLOW.check(locked, "receive", principal_for(actor), "")
        parts = _lock_parts(locked.items.values_list("pk", flat=True))
        by_id = {p.pk: p for p in parts}
        seen: dict[int, Any] = {}
        for index, item in enumerate(results):
            at = f"items.{index}"
            if item.old_part_id not in by_id:
                raise field_error(f"{at}.old_part_id", _("This old part is not in the shipment."))
            if item.old_part_id in seen:
                raise field_error(f"{at}.old_part_id", _("Each old part once."))
            if item.result not in Inspection.values:
                raise field_error(f"{at}.result", _("Choose the inspection result."))
            note = clean_text(item.note, field=f"{at}.note", max_length=500)
            if item.result != Inspection.RECEIVED and not note:
                raise field_error(f"{at}.note", _("Say what was found."))
            seen[item.old_part_id] = (item.result, note)
        missing = [p.number for p in parts if p.pk not in seen]
        if missing:
            raise field_error(
                "items",
                lazy_message(_("Inspect every item: %(numbers)s."), numbers=", ".join(missing)),
            )
        counts: dict[str, int] = {}
        for part in parts:
            result, note = seen[part.pk]
            counts[result] = counts.get(result, 0) + 1
            apply_transition(
                part,
                INSPECTION_TRANSITIONS[result],
                actor=actor,
                reason=note,
                inspection=result,
                shipment=locked.number,
            )
        apply_transition(locked, "receive", actor=actor, data={"results": counts})
    return locked


def shipment_cancel(
    *, shipment: OldPartShipment, actor: User, reason: str, expected_version: int | None = None
) -> OldPartShipment:
    """A shipment that never left: its parts await return again."""
    reason = clean_text(reason, field="reason", max_length=500)
    with transaction.atomic():
        locked = lock_record(OldPartShipment, shipment.pk, expected_version)
        apply_transition(locked, "cancel", actor=actor, reason=reason)
        for part in _lock_parts(locked.items.values_list("pk", flat=True)):
            apply_transition(part, "unship", actor=actor, reason=reason)
    return locked


def old_part_scrap(*, old_part: OldPart, actor: User, note: str = "") -> OldPart:
    note = clean_text(note, field="note", max_length=500)
    with transaction.atomic():
        locked = lock_record(OldPart, old_part.pk)
        apply_transition(locked, "scrap", actor=actor, reason=note)
    return locked


def old_parts_write_off(*, old_parts: list[OldPart], actor: User) -> list[OldPart]:
    """核销: close inspected or scrapped parts (a missing one is taken back on a statement
    whether or not it is written off)."""
    if not old_parts:
        raise field_error("old_part_ids", _("Choose at least one old part."))
    with transaction.atomic():
        parts = _lock_parts(p.pk for p in old_parts)
        for part in parts:
            apply_transition(part, "write_off", actor=actor)
    return parts
