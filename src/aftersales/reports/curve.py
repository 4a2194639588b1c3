"""Failures per 1,000 units sold by months in service: the classic warranty curve, per model.

Units sold are a model's units with a purchase date, in monthly sales cohorts. A unit sold in
month c has lived at least m whole months by the end of month A (the period's end) when
c + m ≤ A, so the units exposed at m months in service are those of the cohorts up to A − m;
the failures at m are the claims (under the filters, decided by the period's end) on units that
failed in their m-th completed month after the sale. The rate at m is failures ÷ exposed ×
1,000; the cumulative curve adds the monthly rates (each over its own exposed units, so young
cohorts do not pull the older months down).

The database counts (units per model and cohort; failures per model and month in service); the
pure `curve_points` turns the few counts into the curve. Claims without a unit, a purchase date
or a failure date, or failing before the sale, have no place on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F

from aftersales.catalog.models import ProductModel
from aftersales.core.access import scope
from aftersales.customers.models import Asset
from aftersales.reports import bands, filters
from aftersales.reports.filters import FaultFilters
from aftersales.reports.statistics import failure_day
from aftersales.reports.tuning import analytic

RATE = Decimal("0.01")
THOUSAND = Decimal(1000)


@dataclass
class CurvePoint:
    months: int
    exposed_units: int
    failures: int
    per_1000: Decimal
    cumulative_per_1000: Decimal


@dataclass
class CurveSeries:
    model_id: int
    label: str
    units: int
    failures: int
    points: list[CurvePoint] = field(default_factory=list)


@dataclass
class FailureCurve:
    filters: FaultFilters
    as_of: date
    max_months: int
    series: list[CurveSeries]


def month_index(day: date) -> int:
    """As the database numbers months (`bands.MonthNumber`): year × 12 + month."""
    return day.year * 12 + day.month


def curve_points(
    cohorts: dict[int, int], failures: dict[int, int], as_of_month: int, max_months: int
) -> list[CurvePoint]:
    """The curve from counts: units per cohort (a month index), failures per month in service.
    A point for every month that has units exposed, up to `max_months`."""
    points = []
    cumulative = Decimal(0)
    for m in range(max_months + 1):
        exposed = sum(units for month, units in cohorts.items() if month <= as_of_month - m)
        if not exposed:
            break
        failed = failures.get(m, 0)
        rate = Decimal(failed) * THOUSAND / exposed
        cumulative += rate
        points.append(
            CurvePoint(
                months=m,
                exposed_units=exposed,
                failures=failed,
                per_1000=rate.quantize(RATE, rounding=ROUND_HALF_UP),
                cumulative_per_1000=cumulative.quantize(RATE, rounding=ROUND_HALF_UP),
            )
        )
    return points


@analytic
def failure_rate_curve(
    user: Any, flt: FaultFilters, *, max_months: int = 36, models: int = 5
) -> FailureCurve:
    """One curve per model, for the `models` models with most claims (or the one filtered)."""
    as_of = flt.date_to
    counted = filters.claims(user, flt, period=False).filter(
        filters.decided_between(flt, filters.EARLIEST, as_of), product_model__isnull=False
    )
    # The models with most claims, from the claims alone; the units sold of the first of them,
    # per monthly cohort (the next ones too while some have none the viewer can see: no curve
    # for those, and none at all for a supplier's people); then the drawn models' failures by
    # month in service, the only query that joins each claim to its unit.
    candidates = list(
        counted.values("product_model_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "product_model_id")
        .values_list("product_model_id", flat=True)
    )
    cohorts: dict[int, dict[int, int]] = defaultdict(dict)
    for first in range(0, min(len(candidates), 2 * models), models):
        units = (
            scope(Asset.objects.all(), user)
            .filter(
                product_model_id__in=candidates[first : first + models], purchase_date__lte=as_of
            )
            .annotate(cohort=bands.MonthNumber(F("purchase_date")))
            .values("product_model_id", "cohort")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for sold in units:
            cohorts[sold["product_model_id"]][sold["cohort"]] = sold["n"]
        if len(cohorts) >= models:
            break
    ranked = [pk for pk in candidates if pk in cohorts][:models]
    placed = (
        counted.filter(product_model_id__in=ranked, asset__purchase_date__lte=as_of)
        .annotate(mis=bands.completed_months(F("asset__purchase_date"), failure_day()))
        .values("product_model_id", "mis")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Grouped by every month in service there is; the few groups outside the curve (failures
    # recorded before the sale, or later than its last month) are left out here rather than
    # computing the months twice per claim in the database.
    failures: dict[int, dict[int, int]] = defaultdict(dict)
    for row in placed:
        if row["mis"] is not None and 0 <= row["mis"] <= max_months:
            failures[row["product_model_id"]][row["mis"]] = row["n"]
    names = {
        pk: f"{name} ({code})"
        for pk, name, code in scope(ProductModel.objects.filter(pk__in=ranked), user).values_list(
            "pk", "name", "code"
        )
    }
    series = [
        CurveSeries(
            model_id=pk,
            label=names.get(pk, str(pk)),
            units=sum(cohorts[pk].values()),
            failures=sum(failures[pk].values()),
            points=curve_points(cohorts[pk], failures[pk], month_index(as_of), max_months),
        )
        for pk in ranked
    ]
    return FailureCurve(flt, as_of, max_months, series)
