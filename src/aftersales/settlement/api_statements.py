"""The statement API: generate the month, read, confirm or dispute, answer disputes, approve and
lock, export (Excel, PDF), and penalties and adjustments for the next statement."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router

from aftersales.core.access import acting_user, principal_for
from aftersales.core.api_support import ERROR_RESPONSES, Id
from aftersales.core.errors import NotFound, field_error
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.settlement import exports, selectors, statements
from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import Statement
from aftersales.settlement.periods import parse_month
from aftersales.settlement.schemas import (
    ApproveSettlementIn,
    ConfirmSettlementIn,
    GenerateSettlementsIn,
    GenerateSettlementsOut,
    ResolveDisputeIn,
    SettlementAdjustmentIn,
    SettlementAdjustmentOut,
    StatementOut,
    StatementPageOut,
)

router = Router(tags=["settlement"])


def manufacturer_for(request: HttpRequest, manufacturer_id: int | None) -> Organisation:
    """Finance settles its own manufacturer's claims; an administrator names one."""
    p = principal_for(request.user)
    if manufacturer_id is None:
        if p.org_kind != OrganisationKind.MANUFACTURER or p.organisation_id is None:
            raise field_error("manufacturer_id", _("Name the manufacturer."))
        manufacturer_id = p.organisation_id
    found = Organisation.objects.filter(
        pk=manufacturer_id, kind=OrganisationKind.MANUFACTURER
    ).first()
    if found is None or (not p.is_superuser and found.pk != p.organisation_id):
        raise NotFound(_("No such manufacturer."))
    return found


@router.post(
    "/statements/generate",
    response={200: GenerateSettlementsOut, **ERROR_RESPONSES},
    operation_id="generate_settlements",
)
def generate_settlements(request: HttpRequest, payload: GenerateSettlementsIn):
    """Settle a month: every approved claim decided before the month's end and on no statement
    yet goes on its station's statement of the month (through a network: the network's
    statement carries one line per station), with missing or wrong old parts taken back, scrap
    deductions, penalties and adjustments. Running it again adds only what is new; two runs at
    once count no claim twice."""
    period = parse_month(payload.month)
    manufacturer = manufacturer_for(request, payload.manufacturer_id)
    result = settlements_generate(
        manufacturer=manufacturer, period=period, actor=acting_user(request)
    )
    by_id = {
        s.pk: s
        for s in Statement.objects.filter(pk__in=result.statement_ids).select_related(
            "payer", "payee"
        )
    }
    return {
        "month": f"{period:%Y-%m}",
        "claims": result.claims,
        "deductions": result.deductions,
        "adjustments": result.adjustments,
        "deferred_stations": result.deferred_stations,
        "created": [by_id[pk] for pk in sorted(result.created)],
        "topped_up": [by_id[pk] for pk in sorted(result.topped_up)],
    }


@router.get(
    "/statements",
    response={200: StatementPageOut, **ERROR_RESPONSES},
    operation_id="list_settlements",
)
def list_settlements(
    request: HttpRequest, month: str = "", status: str = "", kind: str = "", limit: int = 100
):
    """Statements you are party to (as payee or payer), newest month first."""
    filters = selectors.StatementFilters(
        month=parse_month(month) if month else None, status=status or None, kind=kind or None
    )
    qs = selectors.statement_list(request.user, filters)
    limit = max(1, min(limit, 500))
    return {"items": list(qs[:limit]), "count": qs.count()}


@router.get(
    "/statements/{statement_id}",
    response={200: StatementOut, **ERROR_RESPONSES},
    operation_id="get_settlement",
)
def get_settlement(request: HttpRequest, statement_id: Id):
    """The statement with every line and its figures (`balances`: its parts add up to the cent)."""
    return selectors.statement_get(request.user, statement_id)


@router.post(
    "/statements/{statement_id}/confirm",
    response={200: StatementOut, **ERROR_RESPONSES},
    operation_id="confirm_settlement",
)
def confirm_settlement(request: HttpRequest, statement_id: Id, payload: ConfirmSettlementIn):
    """The payee (the station, or the network for its own statement) confirms the statement, or
    disputes the lines named in `disputes`, each with a reason."""
    statement = selectors.statement_get(request.user, statement_id)
    statements.statement_confirm(
        statement=statement,
        actor=acting_user(request),
        disputes=[statements.DisputeInput(d.line_id, d.reason) for d in payload.disputes],
        expected_version=payload.expected_version,
    )
    return selectors.statement_get(request.user, statement_id)


@router.post(
    "/statements/{statement_id}/lines/{statement_line_id}/resolve",
    response={200: StatementOut, **ERROR_RESPONSES},
    operation_id="resolve_settlement_dispute",
)
def resolve_settlement_dispute(
    request: HttpRequest, statement_id: Id, statement_line_id: Id, payload: ResolveDisputeIn
):
    """The payer's finance answers a disputed line: upheld (with the corrected amount; a
    correction line on this statement) or rejected, with a comment."""
    if payload.decision not in ("upheld", "rejected"):
        raise field_error("decision", _("Choose upheld or rejected."))
    line = selectors.statement_line_get(request.user, statement_id, statement_line_id)
    statements.statement_resolve(
        line=line,
        actor=acting_user(request),
        upheld=payload.decision == "upheld",
        comment=payload.comment,
        corrected_amount=payload.corrected_amount,
    )
    return selectors.statement_get(request.user, statement_id)


@router.post(
    "/statements/{statement_id}/approve",
    response={200: StatementOut, **ERROR_RESPONSES},
    operation_id="approve_settlement",
)
def approve_settlement(request: HttpRequest, statement_id: Id, payload: ApproveSettlementIn):
    """The payer's finance approves a confirmed statement: numbered and locked; the
    manufacturer's approval settles the claims on it."""
    statement = selectors.statement_get(request.user, statement_id)
    statements.statement_approve(
        statement=statement, actor=acting_user(request), expected_version=payload.expected_version
    )
    return selectors.statement_get(request.user, statement_id)


@router.get(
    "/statements/{statement_id}/export",
    response={200: None, **ERROR_RESPONSES},
    operation_id="export_settlement",
)
def export_settlement(request: HttpRequest, statement_id: Id, format: str = "xlsx"):
    """The statement as an Excel workbook (`format=xlsx`) or a PDF (`format=pdf`), in Chinese."""
    if format not in ("xlsx", "pdf"):
        raise field_error("format", _("Choose xlsx or pdf."))
    statement = selectors.statement_get(request.user, statement_id)
    body, content_type, filename = exports.statement_file(statement, format)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/settlement-adjustments",
    response={201: SettlementAdjustmentOut, **ERROR_RESPONSES},
    operation_id="create_settlement_adjustment",
)
def create_settlement_adjustment(request: HttpRequest, payload: SettlementAdjustmentIn):
    """A penalty (negative) or an adjustment for a station's next statement (a correction of a
    locked one, say)."""
    statements.station_visible(request.user, payload.station_id)
    manufacturer = manufacturer_for(request, payload.manufacturer_id)
    adjustment = statements.settlement_adjustment_create(
        actor=acting_user(request),
        manufacturer=manufacturer,
        station_id=payload.station_id,
        kind=payload.kind,
        amount=payload.amount,
        reason=payload.reason,
    )
    return 201, adjustment
