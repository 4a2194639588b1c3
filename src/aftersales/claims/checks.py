"""The automatic checks on submission (issue 9 item 4): a pure function of plain facts.

`run_checks(facts, modes)` answers the findings, line by line where a line is at fault, each a
reason code (`CheckCode`) with its parameters; the manufacturer's mode per check decides whether
it blocks the submission, warns the reviewer, or is not run (`terms.DEFAULT_MODES`).
`screening.py` loads the facts from the database. Messages are rebuilt from code, variant and
parameters, so the station and the reviewer read them in their own language.

Decisions documented here:
- a part fits a model when the part has no applicability rows (`PartApplicability`) at all, or
  the model is among them; a part of another manufacturer never gets onto a claim;
- the earlier mileage is the highest one on an earlier claim of the same serial (repaired on or
  before this claim's repair day) or on the unit's earlier work orders (the warranty's record);
- lateness counts calendar days from the order's completion to the FIRST submission: a claim
  returned for correction is not late for being corrected;
- a duplicate is another claim (not withdrawn) of the same work order and type, or of the same
  serial and causal part with repair dates within the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from aftersales.claims.choices import (
    PRE_AUTHORISED_TYPES,
    CheckCode,
    CheckMode,
    ClaimType,
    PhotoKind,
)
from aftersales.claims.terms import Terms
from aftersales.core.errors import lazy_message
from aftersales.warranty.terms import Outcome

C = CheckCode
P = PhotoKind

# The photos and documents each claim type needs (seed 003: the manufacturer pays on evidence).
REQUIRED_PHOTOS: dict[str, tuple[str, ...]] = {
    ClaimType.REPAIR: (P.FAULT, P.NAMEPLATE),
    ClaimType.BREAK_IN: (P.DOCUMENT, P.NAMEPLATE),
    ClaimType.ROADSIDE: (P.FAULT, P.DOCUMENT),
    ClaimType.OUTSIDE_PURCHASE: (P.FAULT, P.INVOICE),
    ClaimType.EMERGENCY_PARTS: (P.FAULT, P.NAMEPLATE),
    ClaimType.MAJOR_ASSEMBLY: (P.FAULT, P.NAMEPLATE, P.PART),
}


@dataclass(frozen=True)
class LineFacts:
    id: int
    position: int
    kind: str
    quantity: Decimal
    unit_price: Decimal
    operation_id: int | None = None
    operation_code: str = ""
    standard_hours: Decimal | None = None
    part_number: str = ""
    markup_percent: Decimal | None = None
    call_out_fee: Decimal = Decimal("0.00")
    outside_purchase: bool = False
    fits_model: bool = True


@dataclass(frozen=True)
class EarlierClaim:
    number: str
    same_order_and_type: bool
    same_part: bool
    repair_date: date | None
    mileage_km: int | None


@dataclass(frozen=True)
class PreAuthFacts:
    number: str
    granted: bool
    amount_limit: Decimal | None
    granted_on: date | None


@dataclass(frozen=True)
class ClaimFacts:
    type: str
    total: Decimal
    terms: Terms
    lines: tuple[LineFacts, ...]
    submitted_on: date
    completed_on: date | None = None
    repair_date: date | None = None
    mileage_km: int | None = None
    serial: str = ""
    model_code: str = ""
    # The stored warranty decision: None when there is none; else whether it covers the repair.
    entitlement_covered: bool | None = None
    entitlement_outcome: str = ""
    photo_kinds: frozenset[str] = frozenset()
    # (file name, the other claim's number) per photo whose content is on another claim.
    reused_photos: tuple[tuple[str, str], ...] = ()
    earlier_claims: tuple[EarlierClaim, ...] = ()
    pre_authorisation: PreAuthFacts | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    mode: str
    variant: str = ""
    line_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> Any:
        return finding_message(self.code, self.variant, self.params)

    @property
    def blocks(self) -> bool:
        return self.mode == CheckMode.BLOCK

    def as_dict(self) -> dict[str, Any]:
        return {"variant": self.variant, **self.params}


MESSAGES: dict[tuple[str, str], Any] = {
    (C.NOT_ENTITLED, "missing"): _("No warranty decision is recorded for the work order."),
    (C.NOT_ENTITLED, ""): _("The warranty decision for the work order is “%(outcome)s”."),
    (C.HOURS_ABOVE_STANDARD, ""): _(
        "Line %(line)s: %(hours)s h claimed, the standard time is %(standard)s h."
    ),
    (C.RATE_ABOVE_CONTRACT, "labour"): _(
        "Line %(line)s: hourly rate ¥%(claimed)s is above the contracted ¥%(contracted)s."
    ),
    (C.RATE_ABOVE_CONTRACT, "travel"): _(
        "Line %(line)s: ¥%(claimed)s per km is above the contracted ¥%(contracted)s."
    ),
    (C.RATE_ABOVE_CONTRACT, "call_out"): _(
        "Line %(line)s: call-out fee ¥%(claimed)s is above the contracted ¥%(contracted)s."
    ),
    (C.RATE_ABOVE_CONTRACT, "markup"): _(
        "Line %(line)s: handling markup %(claimed)s%% is above the contracted %(contracted)s%%."
    ),
    (C.DUPLICATE, "same_order"): _("The work order is already claimed on %(number)s."),
    (C.DUPLICATE, "same_part"): _(
        "The same serial and causal part were claimed on %(number)s, %(days)s days apart."
    ),
    (C.REPEATED_OPERATION, ""): _(
        "Line %(line)s: operation %(operation)s is already on line %(first)s."
    ),
    (C.PART_NOT_FOR_MODEL, ""): _("Line %(line)s: part %(part)s is not listed for %(model)s."),
    (C.MILEAGE_BELOW_EARLIER, ""): _(
        "Mileage %(km)s km is below the %(earlier)s km of %(number)s."
    ),
    (C.LATE_SUBMISSION, ""): _(
        "Submitted %(days)s days after completion; the limit is %(limit)s days."
    ),
    (C.PHOTOS_MISSING, ""): _("Missing: %(kinds)s."),
    (C.PHOTO_REUSED, ""): _("Photo %(name)s is also on claim %(number)s."),
    (C.PRE_AUTHORISATION_MISSING, "type"): _(
        "A major-assembly claim needs the manufacturer's pre-authorisation."
    ),
    (C.PRE_AUTHORISATION_MISSING, "threshold"): _(
        "¥%(total)s is above ¥%(threshold)s: the manufacturer's pre-authorisation is needed."
    ),
    (C.PRE_AUTHORISATION_MISSING, "not_granted"): _("Pre-authorisation %(number)s is not granted."),
    (C.PRE_AUTHORISATION_MISSING, "exceeded"): _(
        "¥%(total)s is above the ¥%(limit)s pre-authorised on %(number)s."
    ),
    (C.PRE_AUTHORISATION_MISSING, "after_repair"): _(
        "Pre-authorisation %(number)s was granted after the repair."
    ),
}


def _kind_labels(kinds: list[str]) -> str:
    return "、".join(str(PhotoKind(k).label) for k in kinds)


_lazy_kind_labels = lazy(_kind_labels, str)


def _outcome_label(code: str) -> str:
    try:
        return str(Outcome(code).label)
    except ValueError:
        return code


_lazy_outcome_label = lazy(_outcome_label, str)


def finding_message(code: str, variant: str, params: dict[str, Any]) -> Any:
    template = MESSAGES.get((code, variant)) or MESSAGES.get((code, ""), code)
    values = dict(params)
    if code == C.PHOTOS_MISSING:
        values["kinds"] = _lazy_kind_labels(list(params.get("kinds", [])))
    if code == C.NOT_ENTITLED and params.get("outcome"):
        values["outcome"] = _lazy_outcome_label(params["outcome"])
    return lazy_message(template, **values)


Check = Callable[[ClaimFacts], Iterator[Finding]]


def _f(code: str, variant: str = "", line: LineFacts | None = None, **params: Any) -> Finding:
    if line is not None:
        params["line"] = line.position
    return Finding(code, CheckMode.BLOCK, variant, line.id if line else None, params)


def not_entitled(facts: ClaimFacts) -> Iterator[Finding]:
    if facts.entitlement_covered is None:
        yield _f(C.NOT_ENTITLED, "missing")
    elif not facts.entitlement_covered:
        yield _f(C.NOT_ENTITLED, outcome=facts.entitlement_outcome)


def hours_above_standard(facts: ClaimFacts) -> Iterator[Finding]:
    for line in facts.lines:
        standard = line.standard_hours
        if line.kind == "labour" and standard is not None and line.quantity > standard:
            yield _f(
                C.HOURS_ABOVE_STANDARD, line=line, hours=str(line.quantity), standard=str(standard)
            )


def _above(line: LineFacts, variant: str, claimed: Decimal, contracted: Decimal) -> Finding:
    return _f(
        C.RATE_ABOVE_CONTRACT,
        variant,
        line=line,
        claimed=str(claimed),
        contracted=str(contracted),
    )


def rate_above_contract(facts: ClaimFacts) -> Iterator[Finding]:
    t = facts.terms
    for line in facts.lines:
        if line.kind == "labour" and line.unit_price > t.labour_rate:
            yield _above(line, "labour", line.unit_price, t.labour_rate)
        elif line.kind == "travel":
            if line.unit_price > t.travel_rate_per_km:
                yield _above(line, "travel", line.unit_price, t.travel_rate_per_km)
            if line.call_out_fee > t.call_out_fee:
                yield _above(line, "call_out", line.call_out_fee, t.call_out_fee)
        elif (
            line.kind == "part"
            and line.markup_percent is not None
            and line.markup_percent > t.handling_markup_percent
        ):
            yield _above(line, "markup", line.markup_percent, t.handling_markup_percent)


def duplicate(facts: ClaimFacts) -> Iterator[Finding]:
    window = facts.terms.duplicate_window_days
    for earlier in facts.earlier_claims:
        if earlier.same_order_and_type:
            yield _f(C.DUPLICATE, "same_order", number=earlier.number)
        elif earlier.same_part and facts.repair_date and earlier.repair_date:
            days = abs((facts.repair_date - earlier.repair_date).days)
            if days <= window:
                yield _f(C.DUPLICATE, "same_part", number=earlier.number, days=days)


def repeated_operation(facts: ClaimFacts) -> Iterator[Finding]:
    first: dict[int, LineFacts] = {}
    for line in facts.lines:
        if line.kind != "labour" or line.operation_id is None:
            continue
        if line.operation_id in first:
            yield _f(
                C.REPEATED_OPERATION,
                line=line,
                operation=line.operation_code,
                first=first[line.operation_id].position,
            )
        else:
            first[line.operation_id] = line


def part_not_for_model(facts: ClaimFacts) -> Iterator[Finding]:
    for line in facts.lines:
        if line.kind == "part" and not line.fits_model:
            yield _f(C.PART_NOT_FOR_MODEL, line=line, part=line.part_number, model=facts.model_code)


def mileage_below_earlier(facts: ClaimFacts) -> Iterator[Finding]:
    if facts.mileage_km is None:
        return
    recorded = [e for e in facts.earlier_claims if e.mileage_km is not None]
    highest = max(recorded, key=lambda e: e.mileage_km or 0, default=None)
    if highest is not None and highest.mileage_km and facts.mileage_km < highest.mileage_km:
        yield _f(
            C.MILEAGE_BELOW_EARLIER,
            km=facts.mileage_km,
            earlier=highest.mileage_km,
            number=highest.number,
        )


def late_submission(facts: ClaimFacts) -> Iterator[Finding]:
    if facts.completed_on is None:
        return
    days = (facts.submitted_on - facts.completed_on).days
    limit = facts.terms.submission_deadline_days
    if days > limit:
        yield _f(C.LATE_SUBMISSION, days=days, limit=limit)


def photos_missing(facts: ClaimFacts) -> Iterator[Finding]:
    missing = [k for k in REQUIRED_PHOTOS.get(facts.type, ()) if k not in facts.photo_kinds]
    if missing:
        yield _f(C.PHOTOS_MISSING, kinds=missing)


def photo_reused(facts: ClaimFacts) -> Iterator[Finding]:
    for name, number in facts.reused_photos:
        yield _f(C.PHOTO_REUSED, name=name, number=number)


def pre_authorisation_missing(facts: ClaimFacts) -> Iterator[Finding]:
    threshold = facts.terms.pre_authorisation_above
    by_type = facts.type in PRE_AUTHORISED_TYPES
    if not by_type and facts.total <= threshold:
        return
    pa = facts.pre_authorisation
    if pa is None:
        if by_type:
            yield _f(C.PRE_AUTHORISATION_MISSING, "type")
        else:
            yield _f(
                C.PRE_AUTHORISATION_MISSING,
                "threshold",
                total=str(facts.total),
                threshold=str(threshold),
            )
    elif not pa.granted:
        yield _f(C.PRE_AUTHORISATION_MISSING, "not_granted", number=pa.number)
    elif pa.amount_limit is not None and facts.total > pa.amount_limit:
        yield _f(
            C.PRE_AUTHORISATION_MISSING,
            "exceeded",
            number=pa.number,
            total=str(facts.total),
            limit=str(pa.amount_limit),
        )
    elif pa.granted_on and facts.repair_date and pa.granted_on > facts.repair_date:
        yield _f(C.PRE_AUTHORISATION_MISSING, "after_repair", number=pa.number)


CHECKS: dict[str, Check] = {
    C.NOT_ENTITLED: not_entitled,
    C.HOURS_ABOVE_STANDARD: hours_above_standard,
    C.RATE_ABOVE_CONTRACT: rate_above_contract,
    C.DUPLICATE: duplicate,
    C.REPEATED_OPERATION: repeated_operation,
    C.PART_NOT_FOR_MODEL: part_not_for_model,
    C.MILEAGE_BELOW_EARLIER: mileage_below_earlier,
    C.LATE_SUBMISSION: late_submission,
    C.PHOTOS_MISSING: photos_missing,
    C.PHOTO_REUSED: photo_reused,
    C.PRE_AUTHORISATION_MISSING: pre_authorisation_missing,
}


def run_checks(facts: ClaimFacts, modes: dict[str, str]) -> list[Finding]:
    """Every finding of every check that is not off, in the mode the manufacturer set."""
    findings: list[Finding] = []
    for code, check in CHECKS.items():
        mode = modes.get(code, CheckMode.BLOCK)
        if mode == CheckMode.OFF:
            continue
        findings += [Finding(f.code, mode, f.variant, f.line_id, f.params) for f in check(facts)]
    return findings
