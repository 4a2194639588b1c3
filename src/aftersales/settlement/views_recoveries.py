"""The supplier-recovery pages: the manufacturer's recoveries (generate, revise, record what came
back) and the supplier's own (confirm or dispute)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from aftersales.core.access import acting_user, may
from aftersales.core.pages import staff_required
from aftersales.settlement import recovery, selectors
from aftersales.settlement.views_support import act, readers_only


@staff_required
@require_safe
def recovery_list(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    return render(
        request,
        "settlement/recoveries.html",
        {"recoveries": list(selectors.recovery_list(request.user)[:300])},
    )


@staff_required
@require_safe
def recovery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    found = selectors.recovery_get(request.user, pk)
    allowed = {t.name for t in selectors.allowed(request.user, found)}
    return render(
        request,
        "settlement/recovery.html",
        {
            "recovery": found,
            "lines": list(found.lines.order_by("id")),
            "can_respond": bool(allowed & {"confirm", "dispute"}),
            "can_revise": "revise" in allowed,
            "can_pay": found.status == "confirmed"
            and may(request.user, "recovery:record_payment", found),
            "events": selectors.events(found),
        },
    )


@staff_required
@require_POST
def recovery_respond(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    found = selectors.recovery_get(request.user, pk)
    confirm = request.POST.get("decision") == "confirm"
    return act(
        request,
        reverse("settlement:recovery", args=[pk]),
        lambda: recovery.recovery_respond(
            recovery=found,
            actor=acting_user(request),
            confirm=confirm,
            reason=request.POST.get("reason", ""),
        ),
        _("Recovery confirmed.") if confirm else _("Recovery disputed."),
    )


@staff_required
@require_POST
def recovery_revise(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    found = selectors.recovery_get(request.user, pk)
    return act(
        request,
        reverse("settlement:recovery", args=[pk]),
        lambda: recovery.recovery_revise(
            recovery=found,
            actor=acting_user(request),
            reason=request.POST.get("reason", ""),
            total_amount=request.POST.get("total_amount") or None,
        ),
        _("Recovery revised and sent again."),
    )


@staff_required
@require_POST
def recovery_payment(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    found = selectors.recovery_get(request.user, pk)
    return act(
        request,
        reverse("settlement:recovery", args=[pk]),
        lambda: recovery.recovery_record_payment(
            recovery=found,
            actor=acting_user(request),
            amount=request.POST.get("amount"),
            reference=request.POST.get("reference", ""),
        ),
        _("Recovered amount recorded."),
    )
