"""The reports API: parse the filters, call a selector, shape the answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from aftersales.core.api_support import ERROR_RESPONSES
from aftersales.reports import export, filters
from aftersales.reports.curve import failure_rate_curve as curve_of
from aftersales.reports.schemas import (
    FailureRateCurveOut,
    FailureRateCurveQuery,
    FaultExportQuery,
    FaultQuery,
    FaultStatisticsOut,
    FaultStatisticsQuery,
    SupplierScorecardOut,
    SupplierScorecardQuery,
)
from aftersales.reports.scorecard import supplier_scorecard as scorecard_of
from aftersales.reports.statistics import Dimension
from aftersales.reports.statistics import fault_statistics as statistics_of

router = Router(tags=["reports"])
FILTER_FIELDS = tuple(FaultQuery.model_fields)


def _filters(request: HttpRequest, query: FaultQuery) -> filters.FaultFilters:
    return filters.resolve(request.user, **{k: getattr(query, k) for k in FILTER_FIELDS})


def _filters_out(flt: filters.FaultFilters) -> dict[str, Any]:
    return {
        "date_from": flt.date_from,
        "date_to": flt.date_to,
        "status": flt.status,
        "manufacturer_id": flt.manufacturer_id,
        "model_id": flt.model_id,
        "category_id": flt.category_id,
        "supplier_id": flt.supplier_id,
    }


@router.get(
    "/reports/fault-statistics",
    response={200: FaultStatisticsOut, **ERROR_RESPONSES},
    operation_id="fault_statistics",
)
def fault_statistics(request: HttpRequest, query: Query[FaultStatisticsQuery]):
    """Claim count and cost (approved and claimed) by one dimension: model, production batch,
    causal part, its supplier, fault code, months in service (0–3, 4–6, 7–12, 13–24, 25–36,
    more than 36) or mileage band (0–5,000 … more than 100,000 km), over the claims you may
    see, decided in the period. The largest groups first (bands in their order), the rest
    together in `others`; `totals` over every claim counted."""
    flt = _filters(request, query)
    table = statistics_of(request.user, flt, query.dimension, query.limit)
    return {
        "dimension": table.dimension,
        "dimension_label": str(Dimension.LABELS[table.dimension]),
        "filters": _filters_out(flt),
        "rows": table.rows,
        "others": table.others,
        "totals": table.totals,
    }


@router.get(
    "/reports/failure-rate-curve",
    response={200: FailureRateCurveOut, **ERROR_RESPONSES},
    operation_id="failure_rate_curve",
)
def failure_rate_curve(request: HttpRequest, query: Query[FailureRateCurveQuery]):
    """Failures per 1,000 units sold by months in service, per model (monthly sales cohorts,
    as of the period's end): for each month in service the units sold long enough ago to
    have reached it, the claims at that month, the rate and the cumulative rate."""
    flt = _filters(request, query)
    curve = curve_of(request.user, flt, max_months=query.max_months, models=query.models)
    return {
        "filters": _filters_out(flt),
        "as_of": curve.as_of,
        "max_months": curve.max_months,
        "series": curve.series,
    }


@router.get(
    "/reports/supplier-scorecard",
    response={200: SupplierScorecardOut, **ERROR_RESPONSES},
    operation_id="supplier_scorecard",
)
def supplier_scorecard(request: HttpRequest, query: Query[SupplierScorecardQuery]):
    """Per supplier of the causal parts: claims and cost in the period and in the period of
    the same length before it, the change, what was recovered from it (when recorded), and
    claims per 1,000 of its parts fitted (from the models its parts are declared for)."""
    flt = _filters(request, query)
    card = scorecard_of(request.user, flt, query.limit)
    return {
        "filters": _filters_out(flt),
        "previous_from": card.previous_from,
        "previous_to": card.previous_to,
        "recovery_recorded": card.recovery_recorded,
        "rows": card.rows,
    }


@router.get(
    "/reports/fault-statistics/export",
    response={200: None, **ERROR_RESPONSES},
    operation_id="export_fault_statistics",
    openapi_extra={
        "responses": {
            200: {
                "description": "An Excel workbook (.xlsx), headed in Chinese.",
                "content": {export.EXCEL: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_fault_statistics(request: HttpRequest, query: Query[FaultExportQuery]):
    """The fault statistics as an Excel workbook: the filters, a sheet per dimension (or the
    one asked for) with its total, the supplier scorecard and the failure-rate curves."""
    flt = _filters(request, query)
    dimensions: list[str] = [query.dimension] if query.dimension else Dimension.values()
    content = export.workbook(request.user, flt, dimensions)
    response = HttpResponse(content, content_type=export.EXCEL)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(flt)}"'
    return response
