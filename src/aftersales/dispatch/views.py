"""The dispatcher board (调度台) and the technician's accept / decline on the order page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftersales.core import clock
from aftersales.core.access import acting_user, get_visible, may, principal_for, scope
from aftersales.core.errors import DomainError, Invalid
from aftersales.core.models import Organisation, OrganisationKind, User
from aftersales.core.pages import staff_required
from aftersales.dispatch import services
from aftersales.dispatch.context import DispatchContext, reason_text
from aftersales.dispatch.models import Assignment, AssignmentStatus
from aftersales.workorders import selectors
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder


def _regions(request: HttpRequest) -> list[Organisation]:
    """The regional centres whose technicians this user dispatches."""
    p = principal_for(request.user)
    regions = Organisation.objects.filter(kind=OrganisationKind.REGION)
    if p.is_superuser:
        return list(regions)
    org = acting_user(request).organisation
    if org is None:
        return []
    by_kind = {
        OrganisationKind.REGION: regions.filter(pk=org.pk),
        OrganisationKind.NETWORK: regions.filter(network_id=org.pk),
        OrganisationKind.STATION: regions.filter(pk=org.region_id or 0),
    }
    return list(by_kind.get(org.kind, regions.none()))  # type: ignore[call-overload]


def _require_board(request: HttpRequest) -> None:
    if not may(request.user, "dispatch:board"):
        raise Http404  # the board does not exist for other roles


@staff_required
def board(request: HttpRequest) -> HttpResponse:
    _require_board(request)
    regions = _regions(request)
    escalated = Assignment.objects.filter(
        work_order=OuterRef("pk"), status__in=[AssignmentStatus.DECLINED, AssignmentStatus.EXPIRED]
    )
    waiting = (
        scope(
            WorkOrder.objects.filter(status=Status.ACCEPTED, technician__isnull=True), request.user
        )
        .annotate(escalated=Exists(escalated))
        .select_related("customer", "asset__product_model", "region", "address")
        .order_by("onsite_due_at", "id")[:200]
    )
    offered = (
        scope(Assignment.objects.filter(status=AssignmentStatus.OFFERED), request.user)
        .select_related("work_order", "technician", "station")
        .order_by("respond_by")[:100]
    )
    ctx = DispatchContext(regions, clock.now())
    technicians = sorted(ctx.techs.values(), key=lambda t: (t.station.name, -t.load))
    p = principal_for(request.user)
    if p.org_kind == OrganisationKind.STATION and not p.is_superuser:
        technicians = [t for t in technicians if t.station.pk == p.organisation_id]
    return render(
        request,
        "dispatch/board.html",
        {
            "waiting": waiting,
            "offered": offered,
            "technicians": technicians,
            "regions": regions,
            "can_batch": may(p, "dispatch:batch") and p.org_kind != OrganisationKind.STATION,
            "now": clock.now(),
        },
    )


@staff_required
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    _require_board(request)
    order = selectors.work_order_get(request.user, pk)
    rows = services.dispatch_suggestions(work_order=order, limit=8)
    for row in rows:
        row.reason_texts = [reason_text(c) for c in row.reasons]  # type: ignore[attr-defined]
    return render(request, "dispatch/_suggestions.html", {"order": order, "rows": rows})


@staff_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_board(request)
    order = selectors.work_order_get(request.user, pk)
    technician = (
        User.objects.select_related("organisation")
        .filter(pk=request.POST.get("technician") or 0)
        .first()
    )
    try:
        if request.POST.get("action") == "auto":
            result = services.work_order_auto_dispatch(work_order=order, actor=acting_user(request))
            if not result.assigned:
                raise Invalid(reason_text(result.reason))
        else:
            if technician is None:
                raise Invalid(_("Choose a technician."))
            services.work_order_assign(
                work_order=order,
                technician=technician,
                actor=acting_user(request),
                reason=request.POST.get("reason", ""),
                reassign=order.status == Status.ASSIGNED,
            )
    except DomainError as exc:
        messages.error(request, f"{order.number}: {exc.describe()}")
    else:
        order.refresh_from_db()
        messages.success(
            request,
            _("%(number)s assigned to %(name)s.")
            % {"number": order.number, "name": order.technician},
        )
    return redirect("dispatch:board")


@staff_required
def batch(request: HttpRequest) -> HttpResponse:
    _require_board(request)
    region = get_visible(
        Organisation.objects.filter(kind=OrganisationKind.REGION),
        request.user,
        pk=request.POST.get("region") or 0,
    )
    apply = request.POST.get("apply") == "1"
    try:
        result = services.batch_dispatch(
            region=region, actor=acting_user(request), dry_run=not apply
        )
    except DomainError as exc:
        messages.error(request, exc.describe())
        return redirect("dispatch:board")
    result.rows.sort(
        key=lambda row: row.technician is None
    )  # the plan first, then what it cannot serve
    for row in result.rows:
        row.reason_text = reason_text(row.reason) if row.reason else ""  # type: ignore[attr-defined]
    if apply:
        messages.success(
            request,
            _("Batch dispatch applied: %(n)s orders assigned.")
            % {"n": len(result.rows) - result.unassigned},
        )
        return redirect("dispatch:board")
    return render(
        request,
        "dispatch/batch.html",
        {"region": region, "result": result, "assigned": len(result.rows) - result.unassigned},
    )


@staff_required
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The technician's accept / decline, from the order page on the phone."""
    order = selectors.work_order_get(request.user, pk)
    try:
        services.assignment_respond(
            work_order=order,
            technician=acting_user(request),
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.describe())
    return (
        redirect("staff:order", pk=pk)
        if request.POST.get("decision") == "accept"
        else redirect("staff:orders")
    )
