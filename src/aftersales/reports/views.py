"""The manufacturer analyst's page (and every reader's over their own claims): fault statistics
by one dimension at a time, the failures-per-1,000 curve, the supplier scorecard, and the Excel
download, under one set of filters. The tables are rendered here; the charts draw the same
figures in the browser (the bar chart from the rows embedded in the page, the curve from the
API's JSON)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from aftersales.core.access import may
from aftersales.core.errors import DomainError
from aftersales.core.pages import staff_required
from aftersales.reports import filters
from aftersales.reports.forms import FaultFilterForm
from aftersales.reports.scorecard import supplier_scorecard
from aftersales.reports.statistics import Dimension, fault_statistics

ROWS = 20


@staff_required
@require_safe
def faults(request: HttpRequest) -> HttpResponse:
    if not may(request.user, filters.ACTION):
        raise Http404  # the reports do not exist for other roles
    form = FaultFilterForm(request.user, request.GET or None)
    flt = None
    if form.is_bound and form.is_valid():
        try:
            flt = filters.resolve(request.user, **form.filter_values())
        except DomainError as exc:
            form.apply_domain_error(exc)
    if flt is None:
        # Unfiltered, or filters that cannot be used: the default year, said so by the form.
        flt = filters.resolve(request.user)
    dimension = request.GET.get("dimension", "")
    if dimension not in Dimension.LABELS:
        dimension = Dimension.MODEL
    table = fault_statistics(request.user, flt, dimension, ROWS)
    query = urlencode(flt.query())
    # The groups beyond the first ones stay in the table: as one bar they would dwarf the rest.
    chart = [
        {"label": r.label, "claims": r.claims, "approved": str(r.approved_amount)}
        for r in table.rows
    ]
    return render(
        request,
        "reports/faults.html",
        {
            "form": form,
            "filters": flt,
            "table": table,
            "chart": chart,
            "dimensions": [(key, label) for key, label in Dimension.LABELS.items()],
            "dimension": dimension,
            "dimension_label": Dimension.LABELS[dimension],
            "query": query,
            "card": supplier_scorecard(request.user, flt, ROWS),
            "curve_url": f"{reverse('api:failure_rate_curve')}?{query}",
            "export_url": f"{reverse('api:export_fault_statistics')}?{query}",
        },
    )
