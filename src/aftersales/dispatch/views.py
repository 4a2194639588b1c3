"""The dispatcher board (调度台). The technician answers an offer on the order page (portal)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftersales.core import clock
from aftersales.core.access import acting_user, may
from aftersales.core.errors import DomainError, Invalid
from aftersales.core.pages import staff_required
from aftersales.dispatch import selectors, services
from aftersales.dispatch.presenter import plan_rows, reason_text
from aftersales.workorders.choices import Status
from aftersales.workorders.selectors import work_order_get


def _require_board(request: HttpRequest) -> None:
    if not may(request.user, "dispatch:board"):
        raise Http404  # the board does not exist for other roles


@staff_required
def board(request: HttpRequest) -> HttpResponse:
    _require_board(request)
    show = selectors.BOARD_WAITING_MAX if request.GET.get("all") else selectors.BOARD_WAITING
    context = {
        "board": selectors.dispatch_board(acting_user(request), show=show),
        "now": clock.now(),
    }
    return render(request, "dispatch/board.html", context)


@staff_required
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    _require_board(request)
    order = work_order_get(request.user, pk)
    rows = selectors.dispatch_suggestions(work_order=order, limit=8)
    held = reason_text("no_product") if order.asset_id is None else ""
    return render(
        request, "dispatch/_suggestions.html", {"order": order, "rows": rows, "held": held}
    )


@staff_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_board(request)
    order = work_order_get(request.user, pk)
    technician = selectors.technician_get(request.POST.get("technician"))
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
    region = selectors.region_get(request.user, request.POST.get("region"))
    apply = request.POST.get("apply") == "1"
    try:
        result = services.batch_dispatch(
            region=region, actor=acting_user(request), dry_run=not apply
        )
    except DomainError as exc:
        messages.error(request, exc.describe())
        return redirect("dispatch:board")
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
        {
            "region": region,
            "result": result,
            "rows": plan_rows(result.rows),
            "assigned": len(result.rows) - result.unassigned,
        },
    )


@staff_required
def today(request: HttpRequest) -> HttpResponse:
    """My jobs today, in route order, with call and map links (the technician's phone view)."""
    if not may(request.user, "dispatch:today"):
        raise Http404
    day = selectors.technician_day(acting_user(request))
    return render(request, "dispatch/today.html", {"day": day})
