"""The warranty (三包) entitlement decision: return, exchange, free repair or paid repair.

`decide(terms, facts)` is a pure function (DOMAIN.md §4.3, issue 9 item 2):

1. The start date is the policy's start event, or the next one in `START_FALLBACK` when that
   one is not recorded (installation not yet accepted, vehicle not yet registered): the sale.
2. Periods run from it as the Civil Code counts them (`periods`): return up to day
   `return_days` (7), exchange up to day `exchange_days` (30), then free repair to the end of the
   repair term. The start day itself (day 0) lies within every period that is not empty.
   Return and exchange are offered to the first owner of the whole product only, and count
   days alone: a mileage limit bounds the repair term, not them.
3. The repair term is the product's (`repair_months`, `mileage_limit_km`: whichever comes
   first), lengthened by the extensions valid on the claim date (bought extended warranty first,
   then goodwill), or, for a failed component with a term of its own, that component's term
   alone, longer or shorter than the product's.
4. The exclusions of §4.3 make the repair paid whatever the day: no proof and no registration,
   serial label altered or missing, serial not matching the card, misuse, repair by unauthorised
   people, accident, force majeure. A lapsed term (date or mileage) does too.

Bad facts (no start date at all, a claim before the start, no mileage under a mileage-limited
term) raise `aftersales.core.errors.Invalid` with the field to correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import field_error, lazy_message
from aftersales.warranty.periods import Period, day_number, period
from aftersales.warranty.terms import (
    Cause,
    ComponentTerm,
    ExtensionKind,
    Facts,
    Label,
    MileageVerdict,
    Outcome,
    PolicyTerms,
    Reason,
    Rule,
    StartEvent,
)

# Where the start event the policy names is not recorded, the first recorded one of these.
# The sale is last everywhere: it is the event every proof of purchase dates.
START_FALLBACK: dict[StartEvent, tuple[StartEvent, ...]] = {
    StartEvent.SALE: (StartEvent.SALE,),
    StartEvent.INSTALLATION: (StartEvent.INSTALLATION, StartEvent.SALE),
    StartEvent.REGISTRATION: (StartEvent.REGISTRATION, StartEvent.SALE),
}

_EXTENSION_RULES = {
    ExtensionKind.EXTENDED: Rule.EXTENDED_WARRANTY,
    ExtensionKind.GOODWILL: Rule.GOODWILL,
}


@dataclass(frozen=True)
class Decision:
    """What the customer is entitled to, and why.

    `period_end`: the last day of the period or term that decided (for a paid repair, of the
    one that would have covered it, or of the longest term when none did); `nominal_period_end`
    is that day before a move over rest days. `reasons` is empty unless the outcome is paid.
    `explanation` holds lazily translated sentences; `explain()` renders them.
    """

    outcome: Outcome
    rule: Rule
    reasons: tuple[Reason, ...]
    claim_date: date
    day_number: int
    start_event: StartEvent
    start_date: date
    requested_start_event: StartEvent
    period_end: date
    nominal_period_end: date
    mileage: MileageVerdict
    mileage_km: int | None
    mileage_limit_km: int | None
    component_code: str
    policy_id: int | None
    version_label: str
    explanation: tuple[Label, ...]

    @property
    def covered(self) -> bool:
        return self.outcome != Outcome.PAID

    @property
    def start_fell_back(self) -> bool:
        return self.start_event != self.requested_start_event

    def explain(self, separator: str = "\n") -> str:
        return separator.join(str(sentence) for sentence in self.explanation)

    def as_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready codes and ISO dates, to store with the work order (a later
        policy change must not alter it); the explanation is rebuilt from the same inputs."""
        return {
            "outcome": self.outcome.value,
            "rule": self.rule.value,
            "reasons": [reason.value for reason in self.reasons],
            "claim_date": self.claim_date.isoformat(),
            "day_number": self.day_number,
            "start_event": self.start_event.value,
            "start_date": self.start_date.isoformat(),
            "requested_start_event": self.requested_start_event.value,
            "period_end": self.period_end.isoformat(),
            "nominal_period_end": self.nominal_period_end.isoformat(),
            "mileage": self.mileage.value,
            "mileage_km": self.mileage_km,
            "mileage_limit_km": self.mileage_limit_km,
            "component_code": self.component_code,
            "policy_id": self.policy_id,
            "version_label": self.version_label,
        }


@dataclass(frozen=True)
class Term:
    """One repair term: the product's, lengthened by extensions, or a component's own."""

    rule: Rule
    months: int
    mileage_limit_km: int | None
    period: Period
    component: ComponentTerm | None = None

    def mileage(self, km: int | None) -> MileageVerdict:
        if self.mileage_limit_km is None or km is None:
            return MileageVerdict.NO_LIMIT
        return MileageVerdict.WITHIN if km <= self.mileage_limit_km else MileageVerdict.EXCEEDED

    def lapsed(self, on: date, km: int | None) -> tuple[Reason, ...]:
        """Why this term does not cover a claim on `on` at `km`; empty when it does."""
        lapsed = []
        if not self.period.covers(on):
            lapsed.append(Reason.TERM_EXPIRED)
        if self.mileage(km) == MileageVerdict.EXCEEDED:
            lapsed.append(Reason.MILEAGE_EXCEEDED)
        return tuple(lapsed)


@dataclass(frozen=True)
class _Start:
    event: StartEvent
    day: date
    requested: StartEvent


@dataclass(frozen=True)
class _Window:
    outcome: Outcome
    rule: Rule
    days: int
    period: Period


@dataclass(frozen=True)
class _Cover:
    """What the dates and the mileage alone give, before the exclusions."""

    outcome: Outcome
    rule: Rule
    period: Period
    length: int  # days of a return or exchange period, months of a repair term
    term: Term  # the repair term the mileage is judged against
    lapsed: tuple[Reason, ...] = ()


def decide(terms: PolicyTerms, facts: Facts) -> Decision:
    """The entitlement for a claim under one policy version (see the module docstring)."""
    start = _start(terms.start_event, facts)
    if facts.claim_date < start.day:
        raise field_error("claim_date", _("The claim date cannot be before the warranty starts."))
    repair_terms = _repair_terms(terms, facts, start.day)
    if facts.mileage_km is None and any(t.mileage_limit_km is not None for t in repair_terms):
        raise field_error("mileage_km", _("Enter the mileage: this term is limited by mileage."))
    cover = _cover(terms, facts, start.day, repair_terms)
    exclusions = _exclusions(facts)
    return Decision(
        outcome=Outcome.PAID if exclusions else cover.outcome,
        rule=Rule.EXCLUDED if exclusions else cover.rule,
        reasons=tuple(r for r in Reason if r in exclusions or r in cover.lapsed),
        claim_date=facts.claim_date,
        day_number=day_number(start.day, facts.claim_date),
        start_event=start.event,
        start_date=start.day,
        requested_start_event=start.requested,
        period_end=cover.period.last_day,
        nominal_period_end=cover.period.nominal_last_day,
        mileage=cover.term.mileage(facts.mileage_km),
        mileage_km=facts.mileage_km,
        mileage_limit_km=cover.term.mileage_limit_km,
        component_code=facts.component_code,
        policy_id=terms.policy_id,
        version_label=terms.version_label,
        explanation=_explain(terms, facts, start, cover, exclusions),
    )


def _start(requested: StartEvent, facts: Facts) -> _Start:
    for event in START_FALLBACK[requested]:
        day = facts.start_date(event)
        if day is not None:
            return _Start(event=event, day=day, requested=requested)
    raise field_error("sale_date", _("Enter the date of sale: the warranty is counted from it."))


def _repair_terms(terms: PolicyTerms, facts: Facts, start: date) -> tuple[Term, ...]:
    """The product's term and its lengthenings, shortest first (each covers all the one before
    it does), or a failed component's own term alone."""
    extend = terms.extend_over_holidays
    component = terms.component(facts.component_code) if facts.component_code else None
    if component is not None:
        own = period(start, months=component.months, extend_over_holidays=extend)
        return (Term(Rule.COMPONENT_TERM, component.months, component.mileage_km, own, component),)
    months, km = terms.repair_months, terms.mileage_limit_km
    found = [Term(Rule.REPAIR_TERM, months, km, _period_months(start, months, extend))]
    valid = [
        e for e in terms.extensions if e.valid_from is None or e.valid_from <= facts.claim_date
    ]
    # Bought cover before goodwill: goodwill is granted beyond everything the customer has.
    for extension in sorted(valid, key=lambda e: e.kind != ExtensionKind.EXTENDED):
        months += extension.months
        if km is not None and extension.mileage_km is not None:
            km += extension.mileage_km
        rule = _EXTENSION_RULES[extension.kind]
        found.append(Term(rule, months, km, _period_months(start, months, extend)))
    return tuple(found)


def _period_months(start: date, months: int, extend: bool) -> Period:
    return period(start, months=months, extend_over_holidays=extend)


def _cover(terms: PolicyTerms, facts: Facts, start: date, repair_terms: tuple[Term, ...]) -> _Cover:
    on, km = facts.claim_date, facts.mileage_km
    if _may_return_or_exchange(facts):
        for window in _windows(terms, start):
            if window.period.covers(on):
                return _Cover(
                    window.outcome, window.rule, window.period, window.days, repair_terms[0]
                )
    for term in repair_terms:
        if not term.lapsed(on, km):
            return _Cover(Outcome.REPAIR, term.rule, term.period, term.months, term)
    longest = repair_terms[-1]
    lapsed = longest.lapsed(on, km)
    return _Cover(Outcome.PAID, Rule.TERM_ENDED, longest.period, longest.months, longest, lapsed)


def _may_return_or_exchange(facts: Facts) -> bool:
    return facts.first_owner and facts.whole_product


def _windows(terms: PolicyTerms, start: date) -> tuple[_Window, ...]:
    extend = terms.extend_over_holidays
    return tuple(
        _Window(outcome, rule, days, period(start, days=days, extend_over_holidays=extend))
        for outcome, rule, days in (
            (Outcome.RETURN, Rule.RETURN_PERIOD, terms.return_days),
            (Outcome.EXCHANGE, Rule.EXCHANGE_PERIOD, terms.exchange_days),
        )
    )


def _exclusions(facts: Facts) -> frozenset[Reason]:
    applies = {
        Reason.NO_PROOF: not (facts.proof_of_purchase or facts.e_registration),
        Reason.SERIAL_LABEL: not facts.serial_label_intact,
        Reason.SERIAL_MISMATCH: not facts.serial_matches_card,
        Reason.UNAUTHORISED_REPAIR: facts.repaired_by_unauthorised,
        Reason.MISUSE: facts.cause == Cause.MISUSE,
        Reason.ACCIDENT: facts.cause == Cause.ACCIDENT,
        Reason.FORCE_MAJEURE: facts.cause == Cause.FORCE_MAJEURE,
    }
    return frozenset(reason for reason, found in applies.items() if found)


# The explanation: one sentence per fact that shaped the decision, translated when rendered.
_COUNTED = {
    StartEvent.SALE: _("Day %(day)s after the sale on %(date)s."),
    StartEvent.INSTALLATION: _("Day %(day)s after the accepted installation on %(date)s."),
    StartEvent.REGISTRATION: _("Day %(day)s after the first registration on %(date)s."),
}
_EVENT_DAY = {
    StartEvent.SALE: _(
        "The day of the sale itself (%(date)s): not counted, but within the period."
    ),
    StartEvent.INSTALLATION: _(
        "The day of the accepted installation itself (%(date)s): not counted, but within the "
        "period."
    ),
    StartEvent.REGISTRATION: _(
        "The day of the first registration itself (%(date)s): not counted, but within the period."
    ),
}
_FELL_BACK = {
    StartEvent.INSTALLATION: _(
        "The installation has not been accepted yet: the warranty is counted from the sale."
    ),
    StartEvent.REGISTRATION: _(
        "The first registration is not recorded: the warranty is counted from the sale."
    ),
}
_COVERED = {
    Rule.RETURN_PERIOD: _("Within the %(length)s-day return period (last day %(end)s)."),
    Rule.EXCHANGE_PERIOD: _("Within the %(length)s-day exchange period (last day %(end)s)."),
    Rule.REPAIR_TERM: _("Within the %(length)s-month repair term (last day %(end)s)."),
    Rule.COMPONENT_TERM: _("Within the %(length)s-month component term (last day %(end)s)."),
    Rule.EXTENDED_WARRANTY: _(
        "Within the repair term lengthened by an extended warranty to %(length)s months "
        "(last day %(end)s)."
    ),
    Rule.GOODWILL: _(
        "Within the repair term lengthened by goodwill to %(length)s months (last day %(end)s)."
    ),
}
_EXPIRED = _("The %(length)s-month warranty term ended on %(end)s.")
_MILEAGE_FIRST = _("The mileage limit was reached before the term's last day (%(end)s).")
_MILEAGE = {
    MileageVerdict.WITHIN: _(
        "Mileage %(km)s km, within the %(limit)s km limit (whichever comes first)."
    ),
    MileageVerdict.EXCEEDED: _(
        "Mileage %(km)s km, beyond the %(limit)s km limit (whichever comes first)."
    ),
}


def _explain(
    terms: PolicyTerms, facts: Facts, start: _Start, cover: _Cover, exclusions: frozenset[Reason]
) -> tuple[Label, ...]:
    return (
        *_start_sentences(start, facts.claim_date),
        *_proof_sentences(facts),
        *_component_sentences(terms, facts),
        *_window_sentences(terms, facts, start),
        _cover_sentence(cover),
        *_moved_sentences(cover.period),
        *_mileage_sentences(cover, facts.mileage_km),
        *(
            lazy_message(_("Not covered: %(reason)s."), reason=r.label)
            for r in Reason
            if r in exclusions
        ),
    )


def _start_sentences(start: _Start, on: date) -> list[Label]:
    sentences: list[Label] = []
    if start.event != start.requested:
        sentences.append(_FELL_BACK[start.requested])
    day, when = day_number(start.day, on), start.day.isoformat()
    counted = _COUNTED[start.event] if day else _EVENT_DAY[start.event]
    sentences.append(lazy_message(counted, day=day, date=when))
    return sentences


def _proof_sentences(facts: Facts) -> list[Label]:
    if facts.e_registration and not facts.proof_of_purchase:
        return [_("No paper invoice or warranty card: the warranty e-registration replaces them.")]
    return []


def _component_sentences(terms: PolicyTerms, facts: Facts) -> list[Label]:
    if not facts.component_code:
        return []
    component = terms.component(facts.component_code)
    if component is None:
        message = _("Component %(code)s has no term of its own: the product's term applies.")
        return [lazy_message(message, code=facts.component_code)]
    message = _("The %(component)s has a term of its own: %(months)s months.")
    return [lazy_message(message, component=component.name, months=component.months)]


def _window_sentences(terms: PolicyTerms, facts: Facts, start: _Start) -> list[Label]:
    if _may_return_or_exchange(facts):
        return []
    if not any(w.period.covers(facts.claim_date) for w in _windows(terms, start.day)):
        return []
    return [
        _(
            "Return and exchange are only for the first owner of the product as a whole: "
            "this claim is judged on the repair term."
        )
    ]


def _cover_sentence(cover: _Cover) -> Label:
    end = cover.period.last_day.isoformat()
    if cover.rule in _COVERED:
        return lazy_message(_COVERED[cover.rule], length=cover.length, end=end)
    if Reason.TERM_EXPIRED in cover.lapsed:
        return lazy_message(_EXPIRED, length=cover.length, end=end)
    return lazy_message(_MILEAGE_FIRST, end=end)


def _moved_sentences(moved: Period) -> list[Label]:
    if not moved.was_moved:
        return []
    message = _("The last day %(nominal)s is a rest day: the policy moves it to %(end)s.")
    nominal, end = moved.nominal_last_day.isoformat(), moved.last_day.isoformat()
    return [lazy_message(message, nominal=nominal, end=end)]


def _mileage_sentences(cover: _Cover, km: int | None) -> list[Label]:
    verdict = cover.term.mileage(km)
    if verdict == MileageVerdict.NO_LIMIT:
        return []
    limit = cover.term.mileage_limit_km
    return [lazy_message(_MILEAGE[verdict], km=f"{km:,}", limit=f"{limit:,}")]
