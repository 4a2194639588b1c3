"""The manufacturer's pages: the review queue with ageing in working days and flags, the review
page (the claim beside its work order, photos and the serial's history), and the decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from aftersales.claims import pre_authorisations, review, selectors
from aftersales.claims.forms import ADJUST_CHOICES, RETURN_CHOICES, RejectForm
from aftersales.claims.models import Claim
from aftersales.claims.versions import HEADER_LABELS, LINE_LABELS
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core import clock
from aftersales.core.access import acting_user, may, principal_for
from aftersales.core.errors import DomainError
from aftersales.core.models import OrganisationKind
from aftersales.core.pages import staff_required
from aftersales.workorders.models import WorkOrderLine


def _reviewer(request: HttpRequest, claim: Claim | None = None) -> None:
    p = principal_for(request.user)
    manufacturer = p.is_superuser or p.org_kind == OrganisationKind.MANUFACTURER
    if not manufacturer or not may(request.user, "claim:review", claim):
        raise Http404  # the reviewer's pages do not exist for other roles


@staff_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    today = timezone.localdate(clock.now())
    flagged = selectors.flagged_stations(request.user, selectors.station_rates(request.user, today))
    waiting = selectors.review_queue(request.user, today, spiking={s.id for s in flagged})
    return render(
        request,
        "claims/queue.html",
        {
            "rows": waiting.rows,
            "total": waiting.total,
            "truncated": waiting.truncated,
            "today": today,
            "flagged_stations": flagged,
            "pre_authorisations": list(selectors.pre_authorisations_waiting(request.user)[:100]),
        },
    )


@staff_required
@require_safe
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    _reviewer(request, claim)
    findings, preview = selectors.claim_findings(claim)
    order = claim.work_order
    lines = list(selectors.claim_lines(claim))
    by_line: dict[int, list[Any]] = {}
    for f in findings:
        if f.line_id:
            by_line.setdefault(f.line_id, []).append(f)
    return render(
        request,
        "claims/review.html",
        {
            "claim": claim,
            "status_colour": CLAIM_FLOW.colour(claim.status),
            "lines": [(line, by_line.get(line.pk, [])) for line in lines],
            "findings": [f for f in findings if not f.line_id],
            "all_findings": findings,
            "preview": preview,
            "photos": list(selectors.claim_photos(claim)),
            "order": order,
            "order_lines": list(
                WorkOrderLine.objects.filter(work_order=order).select_related("operation", "part")
            ),
            "history": selectors.serial_history(request.user, claim),
            "versions": selectors.claim_versions(claim),
            "events": selectors.claim_events(claim),
            "awaiting": CLAIM_FLOW.in_group(claim.status, "awaiting_review"),
            "adjust_choices": ADJUST_CHOICES,
            "return_choices": RETURN_CHOICES,
            "reject_form": RejectForm(),
            "header_labels": HEADER_LABELS,
            "line_labels": LINE_LABELS,
        },
    )


def _adjustments(request: HttpRequest, claim: Claim) -> list[review.Adjustment]:
    """The lines the reviewer changed on the approval-in-part form."""
    result = []
    for line in claim.lines.order_by("id"):
        quantity = request.POST.get(f"quantity-{line.pk}", "").strip()
        amount = request.POST.get(f"amount-{line.pk}", "").strip()
        if not quantity and not amount:
            continue
        result.append(
            review.Adjustment(
                line_id=line.pk,
                reason_code=request.POST.get(f"reason-{line.pk}", ""),
                approved_quantity=quantity or None,
                approved_amount=amount or None,
                comment=request.POST.get(f"comment-{line.pk}", ""),
            )
        )
    return result


@staff_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    _reviewer(request, claim)
    decision = request.POST.get("decision", "")
    version = request.POST.get("version", "")
    try:
        review.claim_review(
            claim=claim,
            actor=acting_user(request),
            decision=decision,
            reason_code=request.POST.get("reason_code", ""),
            comment=request.POST.get("comment", ""),
            adjustments=_adjustments(request, claim) if decision == "approve_in_part" else [],
            expected_version=int(version) if version.isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.describe())
        return redirect("claims:review", claim.pk)
    claim.refresh_from_db()
    messages.success(
        request,
        _("%(number)s: %(state)s.")
        % {"number": claim.number, "state": CLAIM_FLOW.label(claim.status)},
    )
    return redirect("claims:queue")


@staff_required
@require_POST
def pre_authorisation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    pa = selectors.pre_authorisation_get(request.user, pk)
    if not may(request.user, "claim:review", pa):
        raise Http404
    try:
        pre_authorisations.pre_authorisation_decide(
            pre_authorisation=pa,
            actor=acting_user(request),
            grant=request.POST.get("decision") == "grant",
            amount_limit=request.POST.get("amount_limit") or None,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        messages.error(request, f"{pa.number}: {exc.describe()}")
    else:
        messages.success(request, _("%(number)s decided.") % {"number": pa.number})
    return redirect(reverse("claims:queue") + "#pre-authorisations")
