"""The statement pages: the list (finance generates a month there), a statement with its lines
(the payee confirms or disputes lines; the payer's finance answers disputes, approves and locks),
and its exports."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from aftersales.core.access import acting_user, may, principal_for
from aftersales.core.errors import DomainError
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.core.pages import staff_required
from aftersales.settlement import exports, selectors, statements
from aftersales.settlement.choices import LineDispute, StatementStatus
from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import Statement
from aftersales.settlement.periods import current_month, parse_month
from aftersales.settlement.recovery import recoveries_generate
from aftersales.settlement.views_support import act, readers_only


def _my_manufacturer(request: HttpRequest) -> Organisation | None:
    p = principal_for(request.user)
    if p.org_kind != OrganisationKind.MANUFACTURER or p.organisation_id is None:
        return None
    if not may(request.user, "statement:generate"):
        return None
    return Organisation.objects.get(pk=p.organisation_id)


@staff_required
@require_safe
def statement_list(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    month = None
    try:
        month = parse_month(request.GET["month"]) if request.GET.get("month") else None
    except DomainError:
        month = None
    qs = selectors.statement_list(request.user, selectors.StatementFilters(month=month))
    return render(
        request,
        "settlement/statements.html",
        {
            "statements": list(qs[:300]),
            "month": month,
            "can_generate": _my_manufacturer(request) is not None,
            "this_month": f"{current_month():%Y-%m}",
        },
    )


@staff_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    readers_only(request)
    manufacturer = _my_manufacturer(request)
    if manufacturer is None:
        raise Http404

    def call() -> None:
        period = parse_month(request.POST.get("month", ""))
        settlements_generate(manufacturer=manufacturer, period=period, actor=acting_user(request))
        if request.POST.get("recoveries"):
            recoveries_generate(
                manufacturer=manufacturer, period=period, actor=acting_user(request)
            )

    return act(request, reverse("settlement:statements"), call, _("Statements generated."))


@staff_required
@require_safe
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    statement = selectors.statement_get(request.user, pk)
    lines = list(selectors.statement_lines(statement))
    children = list(selectors.statement_children(statement))
    allowed = {t.name for t in selectors.allowed(request.user, statement)}
    # Another statement is linked only where its reader may open it (else its figures alone).
    readable = selectors.readable_ids(
        request.user,
        Statement,
        [statement.parent_id, *(c.pk for c in children), *(line.child_id for line in lines)],
    )
    return render(
        request,
        "settlement/statement.html",
        {
            "statement": statement,
            "lines": lines,
            "children": children,
            "readable": readable,
            "can_confirm": "confirm" in allowed,
            "can_approve": "approve" in allowed,
            "can_resolve": statement.status == StatementStatus.DISPUTED
            and may(request.user, "statement:resolve", statement),
            "open_dispute": LineDispute.OPEN,
            "events": selectors.events(statement),
        },
    )


@staff_required
@require_POST
def statement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    statement = selectors.statement_get(request.user, pk)
    disputes = [
        statements.DisputeInput(line.pk, request.POST.get(f"reason-{line.pk}", ""))
        for line in statement.lines.all()
        if request.POST.get(f"dispute-{line.pk}")
    ]
    return act(
        request,
        reverse("settlement:statement", args=[pk]),
        lambda: statements.statement_confirm(
            statement=statement,
            actor=acting_user(request),
            disputes=disputes,
            expected_version=_version(request),
        ),
        _("Lines disputed.") if disputes else _("Statement confirmed."),
    )


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@staff_required
@require_POST
def statement_resolve(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    readers_only(request)
    line = selectors.statement_line_get(request.user, pk, line_pk)
    return act(
        request,
        reverse("settlement:statement", args=[pk]),
        lambda: statements.statement_resolve(
            line=line,
            actor=acting_user(request),
            upheld=request.POST.get("decision") == "upheld",
            comment=request.POST.get("comment", ""),
            corrected_amount=request.POST.get("corrected_amount") or None,
        ),
        _("Dispute answered."),
    )


@staff_required
@require_POST
def statement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    readers_only(request)
    statement = selectors.statement_get(request.user, pk)
    return act(
        request,
        reverse("settlement:statement", args=[pk]),
        lambda: statements.statement_approve(
            statement=statement, actor=acting_user(request), expected_version=_version(request)
        ),
        _("Statement approved and locked."),
    )


@staff_required
@require_safe
def statement_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    readers_only(request)
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    statement = selectors.statement_get(request.user, pk)
    body, content_type, filename = exports.statement_file(statement, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
