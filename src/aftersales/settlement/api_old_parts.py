"""The old-part API: the station's parts and shipments, receipt and inspection at the
destination, scrapping on site and write-off."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from aftersales.core.access import acting_user
from aftersales.core.api_support import ERROR_RESPONSES, Id
from aftersales.settlement import old_parts, selectors
from aftersales.settlement.schemas import (
    CancelShipmentIn,
    OldPartOut,
    OldPartShipmentIn,
    OldPartShipmentOut,
    OldPartShipmentSummaryOut,
    ReceiveOldPartsIn,
    ScrapOldPartIn,
    WriteOffIn,
)

router = Router(tags=["old parts"])


@router.get(
    "/old-parts", response={200: list[OldPartOut], **ERROR_RESPONSES}, operation_id="list_old_parts"
)
def list_old_parts(request: HttpRequest, status: str = "", shipment_id: Id | None = None):
    """Old parts visible to you (the station's, the manufacturer's, those of a supplier's parts),
    newest first, at most 500."""
    return list(
        selectors.old_part_list(request.user, status=status or None, shipment_id=shipment_id)[:500]
    )


@router.get(
    "/old-parts/{old_part_id}",
    response={200: OldPartOut, **ERROR_RESPONSES},
    operation_id="get_old_part",
)
def get_old_part(request: HttpRequest, old_part_id: Id):
    return selectors.old_part_get(request.user, old_part_id)


@router.post(
    "/old-parts/{old_part_id}/scrap",
    response={200: OldPartOut, **ERROR_RESPONSES},
    operation_id="scrap_old_part",
)
def scrap_old_part(request: HttpRequest, old_part_id: Id, payload: ScrapOldPartIn):
    """The station scrapped a part on site (its disposition said so; the stated deduction goes
    on the next statement)."""
    part = selectors.old_part_get(request.user, old_part_id)
    old_parts.old_part_scrap(old_part=part, actor=acting_user(request), note=payload.note)
    return selectors.old_part_get(request.user, old_part_id)


@router.post(
    "/old-part-write-offs",
    response={200: list[OldPartOut], **ERROR_RESPONSES},
    operation_id="write_off_old_parts",
)
def write_off_old_parts(request: HttpRequest, payload: WriteOffIn):
    """核销: the manufacturer closes inspected or scrapped old parts."""
    parts = selectors.old_parts_named(request.user, payload.old_part_ids)
    old_parts.old_parts_write_off(old_parts=parts, actor=acting_user(request))
    return [selectors.old_part_get(request.user, p.pk) for p in parts]


@router.post(
    "/old-part-shipments",
    response={201: OldPartShipmentOut, **ERROR_RESPONSES},
    operation_id="create_old_part_shipment",
)
def create_old_part_shipment(request: HttpRequest, payload: OldPartShipmentIn):
    """The station ships old parts awaiting return, all to one destination (the manufacturer,
    or the supplier they go straight to): the packing list, carrier, tracking number, packages
    and weight."""
    parts = selectors.old_parts_named(request.user, payload.old_part_ids)
    shipment = old_parts.shipment_create(
        actor=acting_user(request),
        old_parts=parts,
        data=old_parts.ShipmentInput(
            carrier=payload.carrier,
            tracking_number=payload.tracking_number,
            package_count=payload.package_count,
            weight_kg=payload.weight_kg,
            note=payload.note,
        ),
    )
    return 201, selectors.shipment_get(request.user, shipment.pk)


@router.get(
    "/old-part-shipments",
    response={200: list[OldPartShipmentSummaryOut], **ERROR_RESPONSES},
    operation_id="list_old_part_shipments",
)
def list_old_part_shipments(request: HttpRequest, status: str = ""):
    """Shipments visible to you (sent by your station, or to your organisation), newest first."""
    return list(selectors.shipment_list(request.user, status=status or None)[:200])


@router.get(
    "/old-part-shipments/{shipment_id}",
    response={200: OldPartShipmentOut, **ERROR_RESPONSES},
    operation_id="get_old_part_shipment",
)
def get_old_part_shipment(request: HttpRequest, shipment_id: Id):
    return selectors.shipment_get(request.user, shipment_id)


@router.post(
    "/old-part-shipments/{shipment_id}/receive",
    response={200: OldPartShipmentOut, **ERROR_RESPONSES},
    operation_id="receive_old_parts",
)
def receive_old_parts(request: HttpRequest, shipment_id: Id, payload: ReceiveOldPartsIn):
    """Receipt at the destination with an inspection per item: received, missing, wrong_part or
    fault_not_confirmed (a note unless received). A missing or wrong part is taken back from the
    station on its next statement."""
    shipment = selectors.shipment_get(request.user, shipment_id)
    old_parts.shipment_receive(
        shipment=shipment,
        actor=acting_user(request),
        results=[old_parts.InspectionInput(i.old_part_id, i.result, i.note) for i in payload.items],
        expected_version=payload.expected_version,
    )
    return selectors.shipment_get(request.user, shipment_id)


@router.post(
    "/old-part-shipments/{shipment_id}/cancel",
    response={200: OldPartShipmentOut, **ERROR_RESPONSES},
    operation_id="cancel_old_part_shipment",
)
def cancel_old_part_shipment(request: HttpRequest, shipment_id: Id, payload: CancelShipmentIn):
    """The station cancels a shipment that never left; its parts await return again."""
    shipment = selectors.shipment_get(request.user, shipment_id)
    old_parts.shipment_cancel(
        shipment=shipment,
        actor=acting_user(request),
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return selectors.shipment_get(request.user, shipment_id)
