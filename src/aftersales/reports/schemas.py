"""The reports API's schemas: a query per operation (the filters every statistic takes, and its
own), an answer per operation (`…Out`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from aftersales.core.api_support import Id

DimensionName = Literal[
    "model", "batch", "part", "supplier", "fault_code", "months_in_service", "mileage_band"
]
StatusName = Literal["approved", "rejected", "pending", "all"]


class FaultQuery(Schema):
    date_from: date | None = Field(
        None,
        description="First day of the period (claims' decision dates). Default: a year "
        "before `date_to`.",
    )
    date_to: date | None = Field(None, description="Last day of the period. Default: today.")
    status: StatusName = Field(
        "approved",
        description="approved (incl. in part and settled), rejected, pending (awaiting a "
        "decision: counted by their submission date) or all.",
    )
    manufacturer_id: Id | None = Field(
        None, description="A manufacturer's claims (a manufacturer's own people see only theirs)."
    )
    model_id: Id | None = None
    category_id: Id | None = None
    supplier_id: Id | None = Field(None, description="Claims whose causal part it supplied.")


class FaultStatisticsQuery(FaultQuery):
    dimension: DimensionName = "model"
    limit: int = Field(
        20, ge=1, le=200, description="Rows for the largest groups; the rest in `others`."
    )


class FailureRateCurveQuery(FaultQuery):
    max_months: int = Field(36, ge=1, le=120, description="Months in service on the curve.")
    models: int = Field(5, ge=1, le=20, description="Curves for the models with most failures.")


class SupplierScorecardQuery(FaultQuery):
    limit: int = Field(20, ge=1, le=200)


class FaultExportQuery(FaultQuery):
    dimension: DimensionName | None = Field(
        None, description="One dimension's sheet; by default every dimension's."
    )


class FaultFiltersOut(Schema):
    date_from: date
    date_to: date
    status: str
    manufacturer_id: int | None
    model_id: int | None
    category_id: int | None
    supplier_id: int | None


class FaultRowOut(Schema):
    key: str | None = Field(..., description="The group's id, code or band; null: not recorded.")
    label: str
    claims: int
    approved_amount: Decimal
    claimed_amount: Decimal
    share: Decimal = Field(..., description="Of all claims counted (0.2500 = a quarter).")
    cost_share: Decimal = Field(..., description="Of the approved amount counted.")


class FaultTotalsOut(Schema):
    claims: int
    approved_amount: Decimal
    claimed_amount: Decimal
    groups: int


class FaultStatisticsOut(Schema):
    dimension: str
    dimension_label: str
    filters: FaultFiltersOut
    rows: list[FaultRowOut]
    others: FaultRowOut | None = Field(..., description="The groups beyond `limit`, together.")
    totals: FaultTotalsOut


class CurvePointOut(Schema):
    months: int = Field(..., description="Whole months in service.")
    exposed_units: int = Field(..., description="Units sold long enough ago to have reached it.")
    failures: int
    per_1000: Decimal
    cumulative_per_1000: Decimal


class CurveSeriesOut(Schema):
    model_id: int
    label: str
    units: int
    failures: int
    points: list[CurvePointOut]


class FailureRateCurveOut(Schema):
    filters: FaultFiltersOut
    as_of: date
    max_months: int
    series: list[CurveSeriesOut]


class SupplierScoreOut(Schema):
    supplier_id: int
    label: str
    claims: int
    approved_amount: Decimal
    claimed_amount: Decimal
    cost_share: Decimal
    previous_claims: int
    previous_approved_amount: Decimal
    claims_change: Decimal | None = Field(..., description="Against the previous period.")
    cost_change: Decimal | None
    recovered_amount: Decimal | None = Field(
        ..., description="Recovered from the supplier in the period's months (null: not recorded)."
    )
    parts_fitted: int | None = Field(
        ..., description="Its parts in the units sold, from the models they are declared for."
    )
    per_1000_fitted: Decimal | None


class SupplierScorecardOut(Schema):
    filters: FaultFiltersOut
    previous_from: date
    previous_to: date
    recovery_recorded: bool
    rows: list[SupplierScoreOut]
