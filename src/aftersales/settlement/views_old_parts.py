"""The old-part pages: the station's parts awaiting return (ship them, print their tags), its
shipments; receipt and inspection where they arrive; write-off at the manufacturer."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from aftersales.core.access import acting_user, may, principal_for
from aftersales.core.pages import staff_required
from aftersales.settlement import old_parts, selectors
from aftersales.settlement.choices import Inspection, OldPartStatus
from aftersales.settlement.models import OldPartShipment
from aftersales.settlement.pdf import render_pdf
from aftersales.settlement.tags import tag_context
from aftersales.settlement.views_support import act, ids_of, readers_only
from aftersales.settlement.workflow import OLD_PART_FLOW

WRITE_OFF = OLD_PART_FLOW.get("write_off")
SCRAP = OLD_PART_FLOW.get("scrap")


@staff_required
@require_safe
def old_part_list(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    status = request.GET.get("status", "")
    if status not in OldPartStatus.values:
        status = ""
    qs = selectors.old_part_list(request.user, status=status or None)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    can_ship = may(request.user, "old_part_shipment:create")
    awaiting = [
        p
        for p in page.object_list
        if p.status == OldPartStatus.AWAITING_RETURN
        and may(request.user, "old_part_shipment:create", p)
    ]
    principal = principal_for(request.user)
    return render(
        request,
        "settlement/old_parts.html",
        {
            "page": page,
            "status": status,
            "statuses": OldPartStatus.choices,
            "can_ship": can_ship and bool(awaiting),
            "can_write_off": any(
                OLD_PART_FLOW.permitted(WRITE_OFF, p, principal) and p.status in WRITE_OFF.sources
                for p in page.object_list
            ),
            # A shipment is linked only where the reader may open it.
            "readable_shipments": selectors.readable_ids(
                request.user, OldPartShipment, (p.shipment_id for p in page.object_list)
            ),
            # The parts awaiting scrap that this user may record as scrapped (the station's).
            "scrappable": [
                p.pk
                for p in page.object_list
                if p.status in SCRAP.sources and OLD_PART_FLOW.permitted(SCRAP, p, principal)
            ],
        },
    )


@staff_required
@require_safe
def tags(request: HttpRequest) -> HttpResponse:
    """Printable tags of the old parts named (`ids`), one card each with its QR code."""
    readers_only(request)
    parts = selectors.old_parts_named(request.user, ids_of(request.GET.getlist("ids"))[:200])
    return render(request, "settlement/tags.html", {**tag_context(parts), "ids": parts})


@staff_required
@require_safe
def tags_pdf(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    parts = selectors.old_parts_named(request.user, ids_of(request.GET.getlist("ids"))[:200])
    body = render_pdf("settlement/tags_pdf.html", tag_context(parts))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="old-part-tags.pdf"'
    return response


@staff_required
@require_POST
def shipment_create(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    ids = ids_of(request.POST.getlist("old_part_ids"))
    back = reverse("settlement:old_parts")

    def call() -> str:
        parts = selectors.old_parts_named(request.user, ids)
        shipment = old_parts.shipment_create(
            actor=acting_user(request),
            old_parts=parts,
            data=old_parts.ShipmentInput(
                carrier=request.POST.get("carrier", ""),
                tracking_number=request.POST.get("tracking_number", ""),
                package_count=_whole(request.POST.get("package_count")),
                weight_kg=_decimal(request.POST.get("weight_kg")),
                note=request.POST.get("note", ""),
            ),
        )
        return reverse("settlement:shipment", args=[shipment.pk])

    return act(request, back, call, _("Shipment recorded."))


def _decimal(value: str | None) -> Decimal:
    try:
        return Decimal((value or "").strip())
    except InvalidOperation:
        return Decimal("0")


def _whole(value: str | None) -> int:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 6 else 0


@staff_required
@require_safe
def shipment_list(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    qs = selectors.shipment_list(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "settlement/shipments.html", {"page": page})


@staff_required
@require_safe
def shipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    shipment = selectors.shipment_get(request.user, pk)
    return render(
        request,
        "settlement/shipment.html",
        {
            "shipment": shipment,
            "items": list(selectors.shipment_items(shipment)),
            "transitions": selectors.allowed(request.user, shipment),
            "results": Inspection.choices,
            "events": selectors.events(shipment),
        },
    )


@staff_required
@require_POST
def shipment_receive(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    shipment = selectors.shipment_get(request.user, pk)
    items = [
        old_parts.InspectionInput(
            part.pk,
            request.POST.get(f"result-{part.pk}", ""),
            request.POST.get(f"note-{part.pk}", ""),
        )
        for part in selectors.shipment_items(shipment)
    ]
    return act(
        request,
        reverse("settlement:shipment", args=[pk]),
        lambda: old_parts.shipment_receive(
            shipment=shipment, actor=acting_user(request), results=items
        ),
        _("Shipment received and inspected."),
    )


@staff_required
@require_POST
def shipment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    shipment = selectors.shipment_get(request.user, pk)
    return act(
        request,
        reverse("settlement:shipment", args=[pk]),
        lambda: old_parts.shipment_cancel(
            shipment=shipment, actor=acting_user(request), reason=request.POST.get("reason", "")
        ),
        _("Shipment cancelled."),
    )


@staff_required
@require_POST
def old_part_scrap(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    part = selectors.old_part_get(request.user, pk)
    return act(
        request,
        reverse("settlement:old_parts"),
        lambda: old_parts.old_part_scrap(
            old_part=part, actor=acting_user(request), note=request.POST.get("note", "")
        ),
        _("Old part recorded as scrapped."),
    )


@staff_required
@require_POST
def write_off(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    ids = ids_of(request.POST.getlist("old_part_ids"))
    return act(
        request,
        reverse("settlement:old_parts"),
        lambda: old_parts.old_parts_write_off(
            old_parts=selectors.old_parts_named(request.user, ids), actor=acting_user(request)
        ),
        _("Old parts written off."),
    )
