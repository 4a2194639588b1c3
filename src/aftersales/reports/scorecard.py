"""The supplier scorecard: per supplier of the causal parts, its claims and their cost in the
period against the period of the same length before it (one GROUP BY over both periods), what
was recovered from it, and its failures per 1,000 parts fitted.

Parts fitted are derived from the catalogue's applicability (适用车型: the models a part is
declared for) and the units sold: each of the supplier's parts declared for a model counts
once per unit of that model sold by the period's end. A supplier without declared models has
no such figure (None), rather than a guess.

What was recovered comes from the settlement app's supplier recoveries of the period's months,
when that app records them (`recovered_amounts`); until then the column is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Count, Q

from aftersales.claims.models import PartApplicability
from aftersales.core.access import scope
from aftersales.customers.models import Asset
from aftersales.reports import filters
from aftersales.reports.filters import FaultFilters
from aftersales.reports.statistics import ZERO, cents, money_sum, ratio, supplier_names
from aftersales.reports.tuning import analytic

RATE = Decimal("0.01")


@dataclass
class SupplierScore:
    supplier_id: int
    label: str
    claims: int
    approved_amount: Decimal
    claimed_amount: Decimal
    previous_claims: int
    previous_approved_amount: Decimal
    recovered_amount: Decimal | None = None
    parts_fitted: int | None = None
    per_1000_fitted: Decimal | None = None
    claims_change: Decimal | None = None
    cost_change: Decimal | None = None
    cost_share: Decimal = ZERO


@dataclass
class Scorecard:
    filters: FaultFilters
    previous_from: date
    previous_to: date
    rows: list[SupplierScore]
    recovery_recorded: bool


def change(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    """The change against the previous period as a fraction (0.25 = a quarter more); None
    where there was nothing before to compare with."""
    if not before:
        return None
    return ((Decimal(now) - Decimal(before)) / Decimal(before)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


@analytic
def supplier_scorecard(user: Any, flt: FaultFilters, limit: int = 20) -> Scorecard:
    previous = flt.previous()
    current = filters.decided_between(flt, flt.date_from, flt.date_to)
    before = filters.decided_between(flt, previous.date_from, previous.date_to)
    grouped = list(
        filters.claims(user, flt, period=False)
        .filter(current | before, causal_part__supplier_id__isnull=False)
        .values("causal_part__supplier_id")
        .annotate(
            claims=Count("pk", filter=current),
            approved=money_sum("approved_amount", filter=current),
            claimed=money_sum("total_amount", filter=current),
            previous_claims=Count("pk", filter=before),
            previous_approved=money_sum("approved_amount", filter=before),
        )
        .order_by()
    )
    for g in grouped:
        for key in ("approved", "claimed", "previous_approved"):
            g[key] = cents(g[key])
    total_approved = sum((g["approved"] for g in grouped), ZERO)
    grouped.sort(key=lambda g: (-g["approved"], -g["claims"], g["causal_part__supplier_id"]))
    grouped = grouped[:limit]
    ids = [g["causal_part__supplier_id"] for g in grouped]
    names = supplier_names(user, ids)
    fitted = parts_fitted(user, flt, ids)
    recovered = recovered_amounts(user, flt, ids)
    rows = []
    for g in grouped:
        pk = g["causal_part__supplier_id"]
        units = fitted.get(pk)
        rows.append(
            SupplierScore(
                supplier_id=pk,
                label=names.get(pk, str(pk)),
                claims=g["claims"],
                approved_amount=g["approved"],
                claimed_amount=g["claimed"],
                previous_claims=g["previous_claims"],
                previous_approved_amount=g["previous_approved"],
                recovered_amount=None if recovered is None else recovered.get(pk, ZERO),
                parts_fitted=units,
                per_1000_fitted=(
                    (Decimal(g["claims"]) * 1000 / units).quantize(RATE, rounding=ROUND_HALF_UP)
                    if units
                    else None
                ),
                claims_change=change(g["claims"], g["previous_claims"]),
                cost_change=change(g["approved"], g["previous_approved"]),
                cost_share=ratio(g["approved"], total_approved),
            )
        )
    return Scorecard(flt, previous.date_from, previous.date_to, rows, recovered is not None)


def parts_fitted(user: Any, flt: FaultFilters, suppliers: list[int]) -> dict[int, int]:
    """Per supplier: Σ over its parts' declared models of the units of that model sold by the
    period's end (as many units as the viewer may see, under the model filters)."""
    declared = scope(PartApplicability.objects.all(), user).filter(part__supplier_id__in=suppliers)
    if flt.manufacturer_id is not None:
        declared = declared.filter(part__manufacturer_id=flt.manufacturer_id)
    if flt.model_id is not None:
        declared = declared.filter(product_model_id=flt.model_id)
    if flt.category_id is not None:
        declared = declared.filter(product_model__category_id=flt.category_id)
    pairs = list(
        declared.values("part__supplier_id", "product_model_id")
        .annotate(parts=Count("part_id"))
        .order_by()
    )
    if not pairs:
        return {}
    sold = dict(
        scope(Asset.objects.all(), user)
        .filter(
            product_model_id__in={p["product_model_id"] for p in pairs},
            purchase_date__isnull=False,
            purchase_date__lte=flt.date_to,
        )
        .values("product_model_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("product_model_id", "n")
    )
    fitted: dict[int, int] = {}
    for p in pairs:
        supplier = p["part__supplier_id"]
        fitted[supplier] = fitted.get(supplier, 0) + p["parts"] * sold.get(p["product_model_id"], 0)
    return fitted


def recovery_model() -> Any:
    """The settlement app's supplier recovery, when that app is installed and its table is
    there (the reports stand above it and use it only if it exists)."""
    try:
        model = apps.get_model("settlement", "SupplierRecovery")
    except LookupError:
        return None
    if model._meta.db_table not in connection.introspection.table_names():
        return None
    return model


def recovered_amounts(
    user: Any, flt: FaultFilters, suppliers: list[int]
) -> dict[int, Decimal] | None:
    model = recovery_model()
    if model is None:
        return None
    try:
        visible = scope(model.objects.all(), user)
    except LookupError:  # no access rule registered: nothing is shown
        return None
    first_month = flt.date_from.replace(day=1)
    rows = visible.filter(
        Q(supplier_id__in=suppliers),
        period__gte=first_month,
        period__lte=flt.date_to,
    )
    if flt.manufacturer_id is not None:
        rows = rows.filter(manufacturer_id=flt.manufacturer_id)
    found = (
        rows.values("supplier_id")
        .annotate(recovered=money_sum("recovered_amount"))
        .order_by()
        .values_list("supplier_id", "recovered")
    )
    return {supplier: cents(amount) for supplier, amount in found}
