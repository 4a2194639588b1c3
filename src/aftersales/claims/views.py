"""The station's claim pages: the list, a claim drafted from a completed order, the claim with
its lines, checks, photos and versions; each thing a person does posts to its own view and lands
back on the claim (a refusal says why there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from aftersales.catalog import selectors as catalog
from aftersales.claims import lines, photos, pre_authorisations, selectors, services
from aftersales.claims.choices import PreAuthorisationStatus
from aftersales.claims.forms import (
    ClaimForm,
    HeaderForm,
    LineForm,
    ListFilterForm,
    PhotoForm,
    PreAuthorisationForm,
    apply_domain_error,
)
from aftersales.claims.models import Claim
from aftersales.claims.submission import claim_resubmit, claim_submit
from aftersales.claims.versions import HEADER_LABELS, LINE_LABELS
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core.access import acting_user, may
from aftersales.core.api_support import keyset_page
from aftersales.core.errors import DomainError
from aftersales.core.pages import staff_required
from aftersales.workorders.selectors import work_order_get

PAGE_SIZE = 50
# What the claim page's Actions post to `claim_transition`: the station's own steps. The
# reviewer decides on the review page (a link there instead), and `settle` is never offered:
# a claim is settled by the statement that pays it.
PAGE_TRANSITIONS = ("submit", "resubmit", "cancel")


def _readers_only(request: HttpRequest) -> None:
    if not may(request.user, "claim:list"):
        raise Http404  # the claims pages do not exist for other roles


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _blank_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


@staff_required
@require_safe
def claim_list(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    form = ListFilterForm(request.GET or None)
    filters = selectors.ClaimFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ClaimFilters(
            status=[data["status"]] if data.get("status") else None,
            type=data.get("type") or None,
            flagged=True if data.get("flagged") else None,
        )
    qs = selectors.claim_list(request.user, filters)
    try:
        claims, next_cursor = keyset_page(qs, request.GET.get("cursor"), PAGE_SIZE)
    except DomainError:
        claims, next_cursor = keyset_page(qs, None, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "claims/list.html",
        {
            "form": form,
            "claims": claims,
            "next_cursor": next_cursor,
            "query": query.urlencode(),
            "can_review": may(request.user, "claim:review"),
        },
    )


def _claim_choices(request: HttpRequest, order: Any) -> dict[str, Any]:
    return {
        "parts": catalog.parts_of(request.user, order.manufacturer_id),
        "pre_authorisations": selectors.pre_authorisations_of_order(request.user, order).filter(
            status=PreAuthorisationStatus.GRANTED
        ),
    }


@staff_required
def claim_new(request: HttpRequest, order_pk: int) -> HttpResponse:
    """Draft a claim from a completed order (the order page links here)."""
    order = work_order_get(request.user, order_pk)
    if not may(request.user, "claim:create", order):
        raise Http404
    choices = _claim_choices(request, order)
    initial = {
        "symptom": order.fault_description[:2000],
        "failure_date": timezone.localdate(order.created_at),
        "repair_date": timezone.localdate(order.completed_at) if order.completed_at else None,
    }
    form = ClaimForm(request.POST or None, initial=initial, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_create(
                work_order=order,
                actor=acting_user(request),
                type=data["type"],
                causal_part=data["causal_part"],
                fault_code=data["fault_code"],
                symptom=data["symptom"],
                mileage_km=data["mileage_km"],
                failure_date=data["failure_date"],
                repair_date=data["repair_date"],
                pre_authorisation=data["pre_authorisation"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Claim %(number)s drafted.") % {"number": claim.number})
            return redirect("claims:detail", claim.pk)
    return render(request, "claims/new.html", {"order": order, "form": form})


def _detail_context(request: HttpRequest, claim: Claim) -> dict[str, Any]:
    user = request.user
    findings, preview = selectors.claim_findings(claim)
    editable = CLAIM_FLOW.in_group(claim.status, "editable") and may(user, "claim:edit", claim)
    context: dict[str, Any] = {
        "claim": claim,
        "status_colour": CLAIM_FLOW.colour(claim.status),
        "lines": list(selectors.claim_lines(claim)),
        "photos": list(selectors.claim_photos(claim)),
        "findings": findings,
        "preview": preview,
        "versions": selectors.claim_versions(claim),
        "events": selectors.claim_events(claim),
        "transitions": [
            t for t in selectors.allowed_transitions(user, claim) if t.name in PAGE_TRANSITIONS
        ],
        "editable": editable,
        "can_review": may(user, "claim:review", claim)
        and CLAIM_FLOW.in_group(claim.status, "awaiting_review"),
        "header_labels": HEADER_LABELS,
        "line_labels": LINE_LABELS,
    }
    if editable:
        order = claim.work_order
        choices = _claim_choices(request, order)
        context["header_form"] = HeaderForm(
            initial={
                "causal_part": claim.causal_part_id,
                "fault_code": claim.fault_code,
                "symptom": claim.symptom,
                "mileage_km": claim.mileage_km,
                "failure_date": claim.failure_date,
                "repair_date": claim.repair_date,
                "pre_authorisation": claim.pre_authorisation_id,
            },
            **choices,
        )
        context["line_form"] = LineForm(
            operations=catalog.labour_operations_of(user, claim.manufacturer_id),
            parts=choices["parts"],
        )
        context["photo_form"] = PhotoForm()
    return context


@staff_required
@require_safe
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    return render(request, "claims/detail.html", _detail_context(request, claim))


def _act(request: HttpRequest, claim: Claim, action: Callable[[], object], done: str) -> None:
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.describe())
    else:
        messages.success(request, done)


def _back(claim: Claim, anchor: str = "") -> HttpResponse:
    return redirect(reverse("claims:detail", args=[claim.pk]) + (f"#{anchor}" if anchor else ""))


@staff_required
@require_POST
def claim_header(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    form = HeaderForm(request.POST, **_claim_choices(request, claim.work_order))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(claim, "header")
    changes = dict(form.cleaned_data)
    _act(
        request,
        claim,
        lambda: services.claim_change(
            claim=claim,
            actor=acting_user(request),
            changes=changes,
            expected_version=_int(request.POST.get("version")),
        ),
        _("Claim details corrected."),
    )
    return _back(claim)


@staff_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    post = request.POST
    operation_id, part_id = _int(post.get("operation")), _int(post.get("part"))
    data = lines.LineInput(
        kind=post.get("kind", ""),
        quantity=_blank_none(post.get("quantity")) or ("1" if post.get("kind") == "other" else ""),
        operation=catalog.labour_operation_find(request.user, operation_id)
        if operation_id
        else None,
        part=catalog.part_find(request.user, part_id) if part_id else None,
        unit_price=_blank_none(post.get("unit_price")),
        markup_percent=_blank_none(post.get("markup_percent")),
        call_out_fee=_blank_none(post.get("call_out_fee")),
        invoice_number=post.get("invoice_number", ""),
        description=post.get("description", ""),
    )
    _act(
        request,
        claim,
        lambda: lines.claim_add_line(claim=claim, actor=acting_user(request), data=data),
        _("Line added."),
    )
    return _back(claim, "lines")


@staff_required
@require_POST
def line_change(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    line = selectors.claim_line_get(request.user, pk, line_pk)
    changes = {
        key: _blank_none(request.POST.get(key))
        for key in ("quantity", "unit_price", "markup_percent", "call_out_fee")
    }
    _act(
        request,
        line.claim,
        lambda: lines.claim_change_line(line=line, actor=acting_user(request), changes=changes),
        _("Line corrected."),
    )
    return _back(line.claim, "lines")


@staff_required
@require_POST
def line_remove(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    line = selectors.claim_line_get(request.user, pk, line_pk)
    _act(
        request,
        line.claim,
        lambda: lines.claim_remove_line(line=line, actor=acting_user(request)),
        _("Line removed."),
    )
    return _back(line.claim, "lines")


@staff_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a photo or a PDF."))
        return _back(claim, "photos")
    _act(
        request,
        claim,
        lambda: photos.claim_attach_photo(
            claim=claim,
            actor=acting_user(request),
            upload=upload,
            kind=request.POST.get("kind", ""),
        ),
        _("Attached."),
    )
    return _back(claim, "photos")


@staff_required
@require_POST
def photo_remove(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    photo = selectors.claim_photo_of(request.user, pk, photo_pk)
    _act(
        request,
        photo.claim,
        lambda: photos.claim_remove_photo(
            photo=photo,
            actor=acting_user(request),
            expected_version=_int(request.POST.get("version")),
        ),
        _("Removed."),
    )
    return _back(photo.claim, "photos")


@staff_required
@require_safe
def photo_file(request: HttpRequest, photo_pk: int) -> FileResponse:
    photo = selectors.claim_photo_get(request.user, photo_pk)
    return FileResponse(
        photo.file.open("rb"), content_type=photo.content_type, filename=photo.original_name
    )


@staff_required
@require_POST
def claim_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, resubmit (with what was corrected) or withdraw (with a reason)."""
    claim = selectors.claim_get(request.user, pk)
    name = request.POST.get("transition", "")
    version = _int(request.POST.get("version"))
    actor = acting_user(request)
    text = request.POST.get("reason", "")
    calls: dict[str, tuple[Callable[[], object], str]] = {
        "submit": (
            lambda: claim_submit(claim=claim, actor=actor, expected_version=version),
            _("Submitted to the manufacturer."),
        ),
        "resubmit": (
            lambda: claim_resubmit(
                claim=claim, actor=actor, comment=text, expected_version=version
            ),
            _("Resubmitted as a new version."),
        ),
        "cancel": (
            lambda: services.claim_cancel(
                claim=claim, actor=actor, reason=text, expected_version=version
            ),
            _("Claim withdrawn."),
        ),
    }
    if name not in calls:
        raise Http404
    call, done = calls[name]
    _act(request, claim, call, done)
    return _back(claim)


@staff_required
def pre_authorisation_new(request: HttpRequest, order_pk: int) -> HttpResponse:
    order = work_order_get(request.user, order_pk)
    if not may(request.user, "pre_authorisation:request", order):
        raise Http404
    form = PreAuthorisationForm(
        request.POST or None, parts=catalog.parts_of(request.user, order.manufacturer_id)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pa = pre_authorisations.pre_authorisation_request(
                work_order=order,
                actor=acting_user(request),
                claim_type=data["claim_type"],
                description=data["description"],
                requested_amount=data["requested_amount"],
                causal_part=data["causal_part"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Pre-authorisation %(number)s requested from the manufacturer.")
                % {"number": pa.number},
            )
            return redirect("staff:order", order.pk)
    return render(request, "claims/pre_authorisation_new.html", {"order": order, "form": form})
