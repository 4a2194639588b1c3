"""The warranty API's shapes: one schema per direction (…In, …Out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from aftersales.core.api_support import Id
from aftersales.warranty.services import MAX_EXTENSION_MONTHS, MAX_MILEAGE_KM
from aftersales.warranty.terms import Cause


class ReasonOut(Schema):
    code: str
    label: str = Field(..., description="In the request's language.")


class MissingOut(Schema):
    field: str = Field(..., description="The fact to record before the warranty can be decided.")
    message: str


class ComponentTermOut(Schema):
    code: str
    name: str
    months: int
    mileage_km: int | None


class ExtensionTermOut(Schema):
    kind: str = Field(..., description="extended (bought) or goodwill")
    months: int
    mileage_km: int | None
    valid_from: date | None


class TermsOut(Schema):
    """The terms the decision was made on (a snapshot: later policy changes do not alter it)."""

    policy_id: int | None
    version_label: str
    return_days: int
    exchange_days: int
    repair_months: int
    mileage_limit_km: int | None
    start_event: str
    extend_over_holidays: bool
    components: list[ComponentTermOut]
    extensions: list[ExtensionTermOut]


class WarrantyFactsOut(Schema):
    """What the station recorded (empty dates and mileage: taken from the records)."""

    sale_date: date | None
    installation_accepted_date: date | None
    registration_date: date | None
    mileage_km: int | None
    component_code: str
    proof_of_purchase: bool | None = Field(..., description="null: not checked yet.")
    serial_label_intact: bool
    serial_matches_card: bool
    repaired_by_unauthorised: bool
    cause: str
    first_owner: bool
    whole_product: bool
    note: str
    recorded_at: datetime
    version: int


class EntitlementOut(Schema):
    work_order_id: int
    state: str = Field(
        ...,
        description="decided; undecided (a fact is missing, see `missing`); pending (decided "
        "when the order is accepted); no_product (the order names no unit).",
    )
    outcome: str | None = Field(..., description="return, exchange, repair or paid")
    outcome_label: str | None
    covered: bool = Field(..., description="Return, exchange or repair: free for the customer.")
    rule: str | None
    rule_label: str | None
    reasons: list[ReasonOut] = Field(..., description="Why the repair is paid (empty if not).")
    claim_date: date | None = Field(..., description="The day the order was filed.")
    start_event: str | None = Field(..., description="sale, installation or registration")
    start_event_label: str | None
    requested_start_event: str | None = Field(
        ..., description="The policy's start event (the decision falls back to the sale)."
    )
    start_date: date | None
    day_number: int | None = Field(..., description="Day N after the start event (0: that day).")
    period_end: date | None = Field(..., description="Last day of the period that decided.")
    nominal_period_end: date | None
    mileage: str | None = Field(..., description="no_limit, within or exceeded")
    mileage_label: str | None
    mileage_km: int | None
    mileage_limit_km: int | None
    component_code: str
    policy_id: int | None
    default_policy: bool = Field(..., description="No policy recorded: DOMAIN's defaults.")
    version_label: str
    policy_date: date | None = Field(..., description="The day of sale that chose the policy.")
    provisional: bool = Field(..., description="The station has not checked the facts yet.")
    frozen: bool = Field(..., description="The order is finished: the decision stays as it is.")
    frozen_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None = Field(..., description="A person, or `system`.")
    version: int
    missing: MissingOut | None
    explanation: list[str] = Field(..., description="Sentences in the request's language.")
    terms: TermsOut | None
    facts: WarrantyFactsOut | None
    open_for_facts: bool = Field(..., description="Facts may still be recorded.")


class WarrantyFactsIn(Schema):
    """All the facts at once (PUT): a field left out takes its default."""

    sale_date: date | None = Field(None, description="Empty: the e-registration's or the unit's.")
    installation_accepted_date: date | None = Field(
        None, description="Empty: the day the unit's installation order was completed."
    )
    registration_date: date | None = Field(None, description="Vehicles: first registration.")
    mileage_km: int | None = Field(None, ge=0, le=MAX_MILEAGE_KM, description="Empty: the unit's.")
    component_code: str = Field("", max_length=40, description="A component with its own term.")
    proof_of_purchase: bool | None = Field(
        None, description="Invoice and warranty card shown; null: not checked yet."
    )
    serial_label_intact: bool = True
    serial_matches_card: bool = True
    repaired_by_unauthorised: bool = False
    cause: Cause = Cause.NORMAL
    first_owner: bool = True
    whole_product: bool = True
    note: str = Field("", max_length=500)


class LinePayerIn(Schema):
    payer: str = Field(..., description="customer, warranty, claim, insurance or contract")
    reason: str = Field(..., max_length=500, description="Why this payer pays (audited)")


class GoodwillIn(Schema):
    months: int = Field(..., ge=1, le=MAX_EXTENSION_MONTHS)
    mileage_km: int | None = Field(None, ge=0, le=MAX_MILEAGE_KM)
    valid_from: date | None = Field(None, description="Empty: for every claim on the unit.")
    reason: str = Field(..., max_length=500)


class ExtensionOut(Schema):
    id: int
    asset_id: int
    kind: str
    months: int
    mileage_km: int | None
    valid_from: date | None
    reason: str
    granted_by: str = Field(..., alias="granted_by_name")
    granted_at: datetime


class PolicyOut(Schema):
    id: int
    manufacturer_id: int
    manufacturer_name: str = Field(..., alias="manufacturer.name")
    category_id: int
    category_name: str = Field(..., alias="category.name")
    product_model_id: int | None
    version_label: str
    valid_from: date
    valid_to: date | None
    return_days: int
    exchange_days: int
    repair_months: int | None
    mileage_limit_km: int | None
    start_event: str
    extend_over_holidays: bool
    components: list[ComponentTermOut]

    @staticmethod
    def resolve_components(policy: Any) -> list[Any]:
        return list(policy.components.all())


class PolicyListQuery(Schema):
    manufacturer_id: Id | None = None
    category_id: Id | None = None
    product_model_id: Id | None = None
    in_force_on: date | None = Field(None, description="Only the versions in force that day.")
