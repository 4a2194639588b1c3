"""Claim count and cost by one dimension (model, production batch, causal part, supplier, fault
code, months in service, mileage band), counted and summed by the database in one GROUP BY;
what comes back is one row per group, never per claim.

Months in service run from the unit's warranty start (the day the entitlement counted from:
the sale, the accepted installation or the first registration) or, where no entitlement says
so, its purchase date, to the failure (the repair date where no failure date was recorded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part, ProductModel
from aftersales.core.access import scope
from aftersales.reports import bands, filters
from aftersales.reports.filters import FaultFilters
from aftersales.reports.tuning import analytic

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
SHARE = Decimal("0.0001")
# Sums of many claims outgrow a claim's own column (12 digits).
MONEY = DecimalField(max_digits=18, decimal_places=2)
NOT_RECORDED = _("Not recorded")


class Dimension:
    MODEL = "model"
    BATCH = "batch"
    PART = "part"
    SUPPLIER = "supplier"
    FAULT_CODE = "fault_code"
    MONTHS_IN_SERVICE = "months_in_service"
    MILEAGE_BAND = "mileage_band"

    LABELS = {
        MODEL: _("Model"),
        BATCH: _("Production batch"),
        PART: _("Causal part"),
        SUPPLIER: _("Supplier"),
        FAULT_CODE: _("Fault code"),
        MONTHS_IN_SERVICE: _("Months in service"),
        MILEAGE_BAND: _("Mileage"),
    }
    BANDS = {MONTHS_IN_SERVICE: bands.MONTHS_IN_SERVICE, MILEAGE_BAND: bands.MILEAGE}

    @classmethod
    def values(cls) -> list[str]:
        return list(cls.LABELS)


def warranty_start() -> Any:
    return Coalesce(F("entitlement__start_date"), F("asset__purchase_date"))


def failure_day() -> Any:
    return Coalesce(F("failure_date"), F("repair_date"))


def _key(dimension: str) -> Any:
    """The value a claim is grouped by (NULL where it was not recorded)."""
    return {
        Dimension.MODEL: F("product_model_id"),
        Dimension.BATCH: NullIf(F("asset__production_batch"), Value("")),
        Dimension.PART: F("causal_part_id"),
        Dimension.SUPPLIER: F("causal_part__supplier_id"),
        Dimension.FAULT_CODE: NullIf(F("fault_code"), Value("")),
        Dimension.MONTHS_IN_SERVICE: bands.band_number(
            bands.completed_months(warranty_start(), failure_day()), bands.MONTHS_IN_SERVICE
        ),
        Dimension.MILEAGE_BAND: bands.band_number(F("mileage_km"), bands.MILEAGE),
    }[dimension]


@dataclass
class FaultRow:
    key: str | None
    label: str
    claims: int
    approved_amount: Decimal
    claimed_amount: Decimal
    share: Decimal = ZERO
    cost_share: Decimal = ZERO


@dataclass
class FaultTotals:
    claims: int
    approved_amount: Decimal
    claimed_amount: Decimal
    groups: int


@dataclass
class FaultTable:
    dimension: str
    filters: FaultFilters
    rows: list[FaultRow]
    others: FaultRow | None
    totals: FaultTotals


def cents(value: Decimal | None) -> Decimal:
    """A sum as the database returned it, to the fen (SQLite sums in floating point)."""
    return ZERO if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_sum(field: str, **extra: Any) -> Sum:
    return Sum(field, output_field=MONEY, **extra)


def grouped(user: Any, flt: FaultFilters, dimension: str) -> list[dict[str, Any]]:
    """{key, claims, approved, claimed} per group, straight from the database."""
    groups: list[dict[str, Any]] = [
        dict(g)
        for g in filters.claims(user, flt)
        .annotate(key=_key(dimension))
        .values("key")
        .annotate(
            claims=Count("pk"),
            approved=money_sum("approved_amount"),
            claimed=money_sum("total_amount"),
        )
        .order_by()
    ]
    for g in groups:
        g["approved"], g["claimed"] = cents(g["approved"]), cents(g["claimed"])
    return groups


@analytic
def fault_statistics(user: Any, flt: FaultFilters, dimension: str, limit: int = 20) -> FaultTable:
    groups = grouped(user, flt, dimension)
    if dimension in Dimension.BANDS:
        groups = band_keys(groups, Dimension.BANDS[dimension])
    labels = LABELLERS[dimension](user, [g["key"] for g in groups if g["key"] is not None])
    rows = [
        FaultRow(
            key=None if g["key"] is None else str(g["key"]),
            label=str(NOT_RECORDED) if g["key"] is None else labels.get(g["key"], str(g["key"])),
            claims=g["claims"],
            approved_amount=g["approved"],
            claimed_amount=g["claimed"],
        )
        for g in groups
    ]
    return table(dimension, flt, rows, limit)


def band_keys(
    groups: list[dict[str, Any]], defined: tuple[bands.Band, ...]
) -> list[dict[str, Any]]:
    """Band positions as the bands' keys; below the first band and no value are one group."""
    merged: dict[str | None, dict[str, Any]] = {}
    for g in groups:
        band = bands.band_at(g["key"], defined)
        key = band.key if band else None
        if key in merged:
            for field in ("claims", "approved", "claimed"):
                merged[key][field] += g[field]
        else:
            merged[key] = {**g, "key": key}
    return list(merged.values())


def table(dimension: str, flt: FaultFilters, rows: list[FaultRow], limit: int) -> FaultTable:
    """The pure part: order the groups, keep the first `limit` (every band of a banded
    dimension, in order, empty ones too), fold the rest into `others`, and work out the shares."""
    totals = FaultTotals(
        claims=sum(r.claims for r in rows),
        approved_amount=sum((r.approved_amount for r in rows), ZERO),
        claimed_amount=sum((r.claimed_amount for r in rows), ZERO),
        groups=len(rows),
    )
    others = None
    if dimension in Dimension.BANDS:
        rows = banded(rows, Dimension.BANDS[dimension])
    else:
        rows.sort(key=lambda r: (-r.claims, -r.approved_amount, r.key is None, r.label))
        rest, rows = rows[limit:], rows[:limit]
        if rest:
            others = FaultRow(
                key=None,
                label=str(_("Others (%(count)s)") % {"count": len(rest)}),
                claims=sum(r.claims for r in rest),
                approved_amount=sum((r.approved_amount for r in rest), ZERO),
                claimed_amount=sum((r.claimed_amount for r in rest), ZERO),
            )
    for row in [*rows, *([others] if others else [])]:
        row.share = ratio(row.claims, totals.claims)
        row.cost_share = ratio(row.approved_amount, totals.approved_amount)
    return FaultTable(dimension, flt, rows, others, totals)


def banded(rows: list[FaultRow], defined: tuple[bands.Band, ...]) -> list[FaultRow]:
    found = {r.key: r for r in rows}
    out = [found.get(b.key) or FaultRow(b.key, str(b.label), 0, ZERO, ZERO) for b in defined]
    for row in out:
        row.label = str(next(b.label for b in defined if b.key == row.key))
    if None in found:
        out.append(found[None])
    return out


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal("0.0000")
    return (Decimal(part) / Decimal(whole)).quantize(SHARE, rounding=ROUND_HALF_UP)


# -- labels of the groups' keys, read through the access layer ------------------------------
Labeller = Callable[[Any, list[Any]], dict[Any, str]]


def _models(user: Any, keys: list[Any]) -> dict[Any, str]:
    found = scope(ProductModel.objects.filter(pk__in=keys), user).values_list("pk", "name", "code")
    return {pk: f"{name} ({code})" for pk, name, code in found}


def _parts(user: Any, keys: list[Any]) -> dict[Any, str]:
    found = scope(Part.objects.filter(pk__in=keys), user).values_list("pk", "number", "name")
    return {pk: f"{number} {name}" for pk, number, name in found}


def _suppliers(user: Any, keys: list[Any]) -> dict[Any, str]:
    return supplier_names(user, keys)


def supplier_names(user: Any, keys: Iterable[Any]) -> dict[Any, str]:
    # Known by the parts they supply: suppliers are not organisations most people see.
    found = (
        scope(Part.objects.filter(supplier_id__in=list(keys)), user)
        .values_list("supplier_id", "supplier__name")
        .distinct()
    )
    return dict(found)


def _as_is(user: Any, keys: list[Any]) -> dict[Any, str]:
    return {k: str(k) for k in keys}


LABELLERS: dict[str, Labeller] = {
    Dimension.MODEL: _models,
    Dimension.BATCH: _as_is,
    Dimension.PART: _parts,
    Dimension.SUPPLIER: _suppliers,
    Dimension.FAULT_CODE: _as_is,
    Dimension.MONTHS_IN_SERVICE: _as_is,
    Dimension.MILEAGE_BAND: _as_is,
}
