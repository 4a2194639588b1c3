"""The terms a claim is priced and judged by, read from the policy rows with their defaults."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from aftersales.claims.choices import CheckCode, CheckMode
from aftersales.claims.models import CheckSetting, ClaimTerms
from aftersales.core.models import Organisation

# Each check's mode when the manufacturer has not set one. What cannot be paid without a
# decision of the manufacturer blocks; what a reviewer should look at warns.
DEFAULT_MODES: dict[str, str] = {
    CheckCode.NOT_ENTITLED: CheckMode.BLOCK,
    CheckCode.HOURS_ABOVE_STANDARD: CheckMode.WARN,
    CheckCode.RATE_ABOVE_CONTRACT: CheckMode.WARN,
    CheckCode.DUPLICATE: CheckMode.BLOCK,
    CheckCode.REPEATED_OPERATION: CheckMode.WARN,
    CheckCode.PART_NOT_FOR_MODEL: CheckMode.WARN,
    CheckCode.MILEAGE_BELOW_EARLIER: CheckMode.WARN,
    CheckCode.LATE_SUBMISSION: CheckMode.BLOCK,
    CheckCode.PHOTOS_MISSING: CheckMode.BLOCK,
    CheckCode.PHOTO_REUSED: CheckMode.WARN,
    CheckCode.PRE_AUTHORISATION_MISSING: CheckMode.BLOCK,
}


@dataclass(frozen=True)
class Terms:
    labour_rate: Decimal
    handling_markup_percent: Decimal
    travel_rate_per_km: Decimal
    call_out_fee: Decimal
    submission_deadline_days: int
    duplicate_window_days: int
    decision_working_days: int
    auto_approve_below: Decimal | None
    pre_authorisation_above: Decimal


def _as_terms(row: ClaimTerms, station: Organisation) -> Terms:
    return Terms(
        labour_rate=row.labour_rate if row.labour_rate is not None else station.labour_rate,
        handling_markup_percent=row.handling_markup_percent,
        travel_rate_per_km=row.travel_rate_per_km,
        call_out_fee=row.call_out_fee,
        submission_deadline_days=row.submission_deadline_days,
        duplicate_window_days=row.duplicate_window_days,
        decision_working_days=row.decision_working_days,
        auto_approve_below=row.auto_approve_below,
        pre_authorisation_above=row.pre_authorisation_above,
    )


def terms_for(station: Organisation, manufacturer_id: int) -> Terms:
    """The station's own row, else the manufacturer's default row, else the model's defaults
    (an unsaved row: the labour rate is then the station's own hourly rate)."""
    rows = {
        row.station_id: row
        for row in ClaimTerms.objects.filter(
            Q(station_id=station.pk) | Q(station__isnull=True), manufacturer_id=manufacturer_id
        )
    }
    row = rows.get(station.pk) or rows.get(None) or ClaimTerms(manufacturer_id=manufacturer_id)
    return _as_terms(row, station)


def check_modes(manufacturer_id: int) -> dict[str, str]:
    modes = dict(DEFAULT_MODES)
    modes.update(
        CheckSetting.objects.filter(manufacturer_id=manufacturer_id).values_list("code", "mode")
    )
    return modes
