"""The settlement API's shapes: one schema per direction (…In, …Out), read from the records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from aftersales.core.api_support import Id, PlainDecimal

MONTH = Field(..., pattern=r"^\d{4}-\d{2}$", description="The month, YYYY-MM.")


# -- old parts ------------------------------------------------------------------------------
class OldPartOut(Schema):
    id: int
    number: str
    status: str
    disposition: str
    claim_id: int
    claim_number: str = Field(..., alias="claim.number")
    claim_line_id: int
    part_id: int
    part_number: str = Field(..., alias="part.number")
    part_name: str = Field(..., alias="part.name")
    quantity: Decimal
    amount: Decimal
    scrap_deduction: Decimal
    return_due: date | None
    station_id: int
    destination_id: int | None
    shipment_id: int | None
    inspection: str
    inspection_note: str
    inspected_at: datetime | None
    written_off_at: datetime | None
    version: int


class OldPartShipmentIn(Schema):
    old_part_ids: list[Id] = Field(..., min_length=1, max_length=500)
    carrier: str = Field(..., max_length=60)
    tracking_number: str = Field(..., max_length=60)
    package_count: int = Field(..., ge=1, le=999)
    weight_kg: PlainDecimal = Field(..., description="Total weight in kg (to 0.01).")
    note: str = Field("", max_length=500)


class OldPartShipmentSummaryOut(Schema):
    id: int
    number: str
    status: str
    station_id: int
    manufacturer_id: int
    destination_id: int
    destination_name: str = Field(..., alias="destination.name")
    carrier: str
    tracking_number: str
    package_count: int
    weight_kg: Decimal
    note: str
    shipped_at: datetime
    received_at: datetime | None
    version: int


class OldPartShipmentOut(OldPartShipmentSummaryOut):
    """The shipment with its packing list."""

    items: list[OldPartOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.select_related("part", "claim").order_by("id"))


class InspectionIn(Schema):
    old_part_id: Id
    result: str = Field(..., description="received, missing, wrong_part or fault_not_confirmed")
    note: str = Field("", max_length=500, description="Required unless received.")


class ReceiveOldPartsIn(Schema):
    items: list[InspectionIn] = Field(..., min_length=1, max_length=500)
    expected_version: int | None = None


class CancelShipmentIn(Schema):
    reason: str = Field(..., max_length=500)
    expected_version: int | None = None


class ScrapOldPartIn(Schema):
    note: str = Field("", max_length=500)


class WriteOffIn(Schema):
    old_part_ids: list[Id] = Field(..., min_length=1, max_length=500)


# -- statements -----------------------------------------------------------------------------
class GenerateSettlementsIn(Schema):
    month: str = MONTH
    manufacturer_id: Id | None = Field(
        None, description="An administrator names the manufacturer; finance settles its own."
    )


class StatementSummaryOut(Schema):
    id: int
    number: str
    kind: str
    status: str
    period: date
    manufacturer_id: int
    payer_id: int
    payer_name: str = Field(..., alias="payer.name")
    payee_id: int
    payee_name: str = Field(..., alias="payee.name")
    parent_id: int | None
    fee_percent: Decimal
    labour_amount: Decimal
    parts_amount: Decimal
    travel_amount: Decimal
    outside_purchase_amount: Decimal
    other_amount: Decimal
    claims_amount: Decimal
    deductions_amount: Decimal
    adjustments_amount: Decimal
    fee_amount: Decimal
    total_amount: Decimal
    line_count: int
    confirmed_at: datetime | None
    locked_at: datetime | None
    version: int


class GenerateSettlementsOut(Schema):
    month: str
    claims: int
    deductions: int
    adjustments: int
    deferred_stations: int = Field(
        ..., description="Stations whose statement of the month is past taking lines: next month."
    )
    created: list[StatementSummaryOut]
    topped_up: list[StatementSummaryOut]


class StatementLineOut(Schema):
    id: int
    kind: str
    reference: str
    description: str
    claim_id: int | None
    old_part_id: int | None
    child_id: int | None
    corrects_id: int | None
    labour: Decimal
    parts: Decimal
    travel: Decimal
    outside_purchase: Decimal
    other: Decimal
    amount: Decimal
    dispute: str
    dispute_reason: str
    resolution_comment: str


class StatementOut(StatementSummaryOut):
    balances: bool = Field(..., description="Its parts add up to its total, to the cent.")
    lines: list[StatementLineOut]

    @staticmethod
    def resolve_balances(obj: Any) -> bool:
        return bool(obj.balances())

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.order_by("id"))


class StatementPageOut(Schema):
    items: list[StatementSummaryOut]
    count: int


class DisputeIn(Schema):
    line_id: Id
    reason: str = Field(..., max_length=500)


class ConfirmSettlementIn(Schema):
    disputes: list[DisputeIn] = Field(
        [], max_length=500, description="Lines disputed; none confirms the statement."
    )
    expected_version: int | None = None


class ResolveDisputeIn(Schema):
    decision: str = Field(..., description="upheld or rejected")
    corrected_amount: PlainDecimal | None = Field(
        None, description="Upheld: what the line should have been."
    )
    comment: str = Field(..., max_length=500)


class ApproveSettlementIn(Schema):
    expected_version: int | None = None


class SettlementAdjustmentIn(Schema):
    station_id: Id
    kind: str = Field(..., description="penalty (negative) or adjustment")
    amount: PlainDecimal
    reason: str = Field(..., max_length=500)
    manufacturer_id: Id | None = None


class SettlementAdjustmentOut(Schema):
    id: int
    kind: str
    manufacturer_id: int
    station_id: int
    amount: Decimal
    reason: str
    created_at: datetime


# -- supplier recovery ----------------------------------------------------------------------
class GenerateRecoveriesIn(Schema):
    month: str = MONTH
    manufacturer_id: Id | None = None


class RecoveryLineOut(Schema):
    id: int
    claim_id: int
    reference: str
    part_number: str
    claim_parts: Decimal
    claim_labour: Decimal
    parts_amount: Decimal
    labour_amount: Decimal
    handling_fee: Decimal
    amount: Decimal


class SupplierRecoveryOut(Schema):
    id: int
    number: str
    status: str
    period: date
    manufacturer_id: int
    manufacturer_name: str = Field(..., alias="manufacturer.name")
    supplier_id: int
    supplier_name: str = Field(..., alias="supplier.name")
    parts_share_percent: Decimal
    labour_share_percent: Decimal
    handling_fee_percent: Decimal
    parts_amount: Decimal
    labour_amount: Decimal
    handling_fee: Decimal
    total_amount: Decimal
    agreed_amount: Decimal | None
    recovered_amount: Decimal
    outstanding: Decimal
    dispute_reason: str
    responded_at: datetime | None
    version: int


class SupplierRecoveryDetailOut(SupplierRecoveryOut):
    lines: list[RecoveryLineOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.order_by("id"))


class RespondToRecoveryIn(Schema):
    decision: str = Field(..., description="confirm or dispute")
    reason: str = Field("", max_length=500, description="Required to dispute.")
    expected_version: int | None = None


class ReviseRecoveryIn(Schema):
    reason: str = Field(..., max_length=500)
    total_amount: PlainDecimal | None = Field(None, description="The amount now asked.")
    expected_version: int | None = None


class RecoveryPaymentIn(Schema):
    amount: PlainDecimal
    reference: str = Field("", max_length=60)
