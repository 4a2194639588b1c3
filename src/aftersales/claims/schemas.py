"""The claims API's shapes: one schema per direction (…In, …Out), read from the records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import translation
from ninja import Field, Schema

from aftersales.claims import selectors
from aftersales.core.api_support import Id, PlainDecimal

MAX_MILEAGE = 2_000_000


def both(message: Any) -> tuple[str, str, str]:
    with translation.override("zh-hans"):
        zh = str(message)
    with translation.override("en"):
        en = str(message)
    return str(message), zh, en


class ClaimIn(Schema):
    work_order_id: Id
    type: str = Field(
        ...,
        description="repair, break_in, roadside, outside_purchase, emergency_parts, major_assembly",
    )
    causal_part_id: Id | None = Field(None, description="The causal part (主因件).")
    fault_code: str = Field("", max_length=32)
    symptom: str = Field("", max_length=2000, description="Default: the order's fault.")
    mileage_km: int | None = Field(None, ge=0, le=MAX_MILEAGE)
    failure_date: date | None = Field(None, description="Default: the day the order came in.")
    repair_date: date | None = Field(None, description="Default: the order's completion day.")
    pre_authorisation_id: Id | None = None
    copy_lines: bool = Field(True, description="Start with the order's labour and parts lines.")


class ClaimChangeIn(Schema):
    """Only the fields sent are changed; `null` clears an optional one."""

    causal_part_id: Id | None = None
    fault_code: str | None = Field(None, max_length=32)
    symptom: str | None = Field(None, max_length=2000)
    mileage_km: int | None = Field(None, ge=0, le=MAX_MILEAGE)
    failure_date: date | None = None
    repair_date: date | None = None
    pre_authorisation_id: Id | None = None
    expected_version: int | None = Field(None, description="Refuse with 409 if changed since.")


class ClaimLineIn(Schema):
    kind: str = Field(..., description="labour, part, travel or other")
    operation_id: Id | None = Field(None, description="Labour: the catalogue's operation.")
    part_id: Id | None = Field(None, description="Part (optional for an outside purchase).")
    quantity: PlainDecimal | None = Field(None, description="Hours, units or km.")
    unit_price: PlainDecimal | None = Field(
        None,
        description="Labour: hourly rate (default: contracted); travel: per km (default: "
        "contracted); outside purchase: the invoice's unit price; other: the amount.",
    )
    markup_percent: PlainDecimal | None = Field(
        None, description="Part: handling markup in % (default: contracted)."
    )
    call_out_fee: PlainDecimal | None = Field(None, description="Travel (default: contracted).")
    invoice_number: str = Field("", max_length=40, description="Outside purchase: required.")
    description: str = Field("", max_length=200)


class ClaimLineChangeIn(Schema):
    quantity: PlainDecimal | None = None
    unit_price: PlainDecimal | None = None
    markup_percent: PlainDecimal | None = None
    call_out_fee: PlainDecimal | None = None
    invoice_number: str | None = Field(None, max_length=40)
    description: str | None = Field(None, max_length=200)


class SubmitIn(Schema):
    expected_version: int | None = Field(None, description="Refuse with 409 if changed since.")


class ResubmitIn(Schema):
    comment: str = Field("", max_length=2000, description="What was corrected.")
    expected_version: int | None = None


class CancelIn(Schema):
    reason: str = Field(..., max_length=2000)
    expected_version: int | None = None


class LineAdjustmentIn(Schema):
    line_id: Id
    approved_quantity: PlainDecimal | None = Field(
        None, description="Repriced with the line's own prices."
    )
    approved_amount: PlainDecimal | None = Field(None, description="Instead of a quantity.")
    reason_code: str = Field(..., description="hours_above_standard, rate_above_contract, …")
    comment: str = Field("", max_length=500)


class ReviewIn(Schema):
    decision: str = Field(..., description="approve, approve_in_part, reject or return")
    reason_code: str = Field("", description="Required to reject: not_entitled, duplicate, …")
    comment: str = Field("", max_length=2000, description="Required to reject or return.")
    lines: list[LineAdjustmentIn] = Field(
        [], max_length=200, description="approve_in_part: the lines approved for less."
    )
    expected_version: int | None = None


class FindingOut(Schema):
    code: str
    mode: str = Field(..., description="block or warn")
    line_id: int | None
    message: str
    message_zh: str
    message_en: str

    @staticmethod
    def resolve_message(f: Any) -> str:
        return str(f.message)

    @staticmethod
    def resolve_message_zh(f: Any) -> str:
        return both(f.message)[1]

    @staticmethod
    def resolve_message_en(f: Any) -> str:
        return both(f.message)[2]


class ClaimLineOut(Schema):
    id: int
    kind: str
    operation_id: int | None
    part_id: int | None
    description: str
    standard_hours: Decimal | None
    quantity: Decimal
    list_price: Decimal | None
    markup_percent: Decimal | None
    unit_price: Decimal
    coefficient: Decimal
    call_out_fee: Decimal
    invoice_number: str
    amount: Decimal
    approved_quantity: Decimal | None
    approved_amount: Decimal | None
    adjust_reason: str
    adjust_comment: str


class ClaimLineChangeOut(ClaimLineOut):
    claim_total: Decimal = Field(..., alias="claim.total_amount")
    claim_version: int = Field(..., alias="claim.version")


class PhotoOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class ClaimOut(Schema):
    id: int
    number: str
    type: str
    status: str
    version: int = Field(..., description="Row version: send it back as expected_version.")
    revision: int = Field(..., description="The last submitted version (0: never submitted).")
    work_order_id: int
    work_order_number: str = Field(..., alias="work_order.number")
    station_id: int
    station_name: str = Field(..., alias="station.name")
    manufacturer_id: int
    serial: str
    total_amount: Decimal
    approved_amount: Decimal | None
    warnings: int
    submitted_at: datetime | None
    decision_due: date | None
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ClaimDetailOut(ClaimOut):
    causal_part_id: int | None
    fault_code: str
    symptom: str
    mileage_km: int | None
    failure_date: date | None
    repair_date: date | None
    pre_authorisation_id: int | None
    labour_amount: Decimal
    parts_amount: Decimal
    travel_amount: Decimal
    other_amount: Decimal
    decision_reason: str
    decision_comment: str
    lines: list[ClaimLineOut]
    photos: list[PhotoOut]
    findings: list[FindingOut]
    findings_preview: bool = Field(
        ..., description="True: what the checks would find now (the claim is not submitted)."
    )
    allowed_transitions: list[str]

    @staticmethod
    def resolve_lines(claim: Any) -> list[Any]:
        return list(selectors.claim_lines(claim))

    @staticmethod
    def resolve_photos(claim: Any) -> list[Any]:
        return list(selectors.claim_photos(claim))

    @staticmethod
    def resolve_findings(claim: Any) -> list[Any]:
        return selectors.claim_findings(claim)[0]

    @staticmethod
    def resolve_findings_preview(claim: Any) -> bool:
        return selectors.CLAIM_FLOW.in_group(claim.status, "editable")

    @staticmethod
    def resolve_allowed_transitions(claim: Any, context: Any) -> list[str]:
        return [t.name for t in selectors.allowed_transitions(context["request"].user, claim)]


class ClaimPageOut(Schema):
    items: list[ClaimOut]
    next_cursor: str | None


class ClaimListQuery(Schema):
    status: list[str] | None = None
    type: str | None = None
    station_id: Id | None = None
    work_order_id: Id | None = None
    flagged: bool | None = Field(
        None,
        description="Warned by a check, or from a station whose claim rate jumped this month.",
    )
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class ClaimVersionOut(Schema):
    number: int
    total_amount: Decimal
    comment: str
    created_at: datetime
    snapshot: dict[str, Any]
    changes: dict[str, Any] | None = Field(..., description="Against the version before.")


class PreAuthorisationIn(Schema):
    work_order_id: Id
    claim_type: str = "major_assembly"
    causal_part_id: Id | None = None
    description: str = Field(..., max_length=2000)
    requested_amount: PlainDecimal


class PreAuthorisationDecisionIn(Schema):
    decision: str = Field(..., description="grant or refuse")
    amount_limit: PlainDecimal | None = Field(None, description="To grant: the amount covered.")
    comment: str = Field("", max_length=2000, description="Required to refuse.")
    expected_version: int | None = None


class PreAuthorisationOut(Schema):
    id: int
    number: str
    status: str
    version: int
    work_order_id: int
    station_id: int
    manufacturer_id: int
    claim_type: str
    causal_part_id: int | None
    description: str
    requested_amount: Decimal
    amount_limit: Decimal | None
    decision_comment: str
    decided_at: datetime | None
    created_at: datetime
