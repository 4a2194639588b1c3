"""An entitlement in words, in the reader's language: for the API, the staff panel and the
customer's page. Everything is read from the stored codes and dates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import lazy_message
from aftersales.warranty.models import Entitlement, WarrantyFacts
from aftersales.warranty.snapshots import terms_from_json
from aftersales.warranty.terms import Label, MileageVerdict, Outcome, Reason, Rule, StartEvent
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.workflow import WORK_ORDER_FLOW


class State:
    """What the API and the pages say about an order's entitlement."""

    DECIDED = "decided"
    UNDECIDED = "undecided"  # decided but a fact is missing (the date of sale, the mileage)
    PENDING = "pending"  # not decided yet: the order is not accepted
    NO_PRODUCT = "no_product"  # the order names no unit: there is no warranty to decide


COLOURS = {
    Outcome.RETURN: "green",
    Outcome.EXCHANGE: "cyan",
    Outcome.REPAIR: "blue",
    Outcome.PAID: "red",
}
MISSING = {
    "sale_date": _("Enter the date of sale: the warranty is counted from it."),
    "mileage_km": _("Enter the mileage: this term is limited by mileage."),
    "claim_date": _("The claim date cannot be before the warranty starts."),
}
_CANNOT = _("The warranty cannot be decided from these facts.")
_PENDING = _("The warranty is decided when the order is accepted.")
_NO_PRODUCT = _("This order names no product: there is no warranty to decide.")
_PROVISIONAL = _(
    "Provisional: decided from the records; the station has not yet checked the invoice and "
    "warranty card."
)
_DEFAULT_POLICY = _(
    "Default policy: no warranty policy is recorded for this product (return %(return_days)s "
    "days, exchange %(exchange_days)s days, free repair %(months)s months)."
)
_POLICY = _("Policy “%(version)s”, in force on the day of sale (%(day)s).")
_FROZEN = _("Frozen on %(day)s with the finished order: it no longer changes.")


def state_of(order: WorkOrder, entitlement: Entitlement | None) -> str:
    if order.asset_id is None:
        return State.NO_PRODUCT
    if entitlement is None:
        return State.PENDING
    return State.DECIDED if entitlement.decided else State.UNDECIDED


def missing_message(field: str) -> Label:
    return MISSING.get(field, _CANNOT)


def explanation(order: WorkOrder, entitlement: Entitlement | None) -> list[Label]:
    """The sentences that explain the entitlement (lazy: rendered in the reader's language)."""
    state = state_of(order, entitlement)
    if state == State.NO_PRODUCT:
        return [_NO_PRODUCT]
    if entitlement is None:
        return [_PENDING]
    sentences: list[Label] = []
    if entitlement.default_policy:
        terms = entitlement.terms
        sentences.append(
            lazy_message(
                _DEFAULT_POLICY,
                return_days=terms.get("return_days"),
                exchange_days=terms.get("exchange_days"),
                months=terms.get("repair_months"),
            )
        )
    else:
        sentences.append(
            lazy_message(
                _POLICY,
                version=entitlement.version_label,
                day=entitlement.policy_date.isoformat(),
            )
        )
    decision = entitlement.decision
    if decision is None:
        sentences.append(missing_message(entitlement.missing_field))
    else:
        sentences.extend(decision.explanation)
    if entitlement.provisional:
        sentences.append(_PROVISIONAL)
    if entitlement.frozen_at is not None:
        frozen = timezone.localdate(entitlement.frozen_at).isoformat()
        sentences.append(lazy_message(_FROZEN, day=frozen))
    return sentences


def plain_words(order: WorkOrder, entitlement: Entitlement | None) -> Label:
    """One sentence for the customer."""
    state = state_of(order, entitlement)
    if state == State.NO_PRODUCT:
        return _("No product named: the repair is charged as quoted.")
    if entitlement is None or not entitlement.decided:
        return _("We are checking your warranty.")
    end = entitlement.period_end.isoformat() if entitlement.period_end else ""
    if entitlement.outcome == Outcome.RETURN:
        return lazy_message(_("You may return the product (包退) until %(end)s."), end=end)
    if entitlement.outcome == Outcome.EXCHANGE:
        return lazy_message(_("You may exchange the product (包换) until %(end)s."), end=end)
    if entitlement.outcome == Outcome.REPAIR:
        return lazy_message(_("Free repair under warranty until %(end)s."), end=end)
    reasons = "; ".join(str(Reason(r).label) for r in entitlement.reasons)
    return lazy_message(_("Paid repair: %(reasons)s."), reasons=reasons or Rule.TERM_ENDED.label)


@dataclass(frozen=True)
class Badge:
    label: Label
    colour: str


def badge(order: WorkOrder, entitlement: Entitlement | None) -> Badge:
    state = state_of(order, entitlement)
    if entitlement is not None and entitlement.decided:
        outcome = Outcome(entitlement.outcome)
        return Badge(outcome.label, COLOURS[outcome])
    if state == State.UNDECIDED:
        return Badge(_("Cannot be decided yet"), "yellow")
    if state == State.PENDING:
        return Badge(_("Not decided yet"), "grey")
    return Badge(_("No product"), "grey")


def _label(enum: Any, value: str) -> str | None:
    return str(enum(value).label) if value else None


def as_api(
    order: WorkOrder, entitlement: Entitlement | None, facts: WarrantyFacts | None
) -> dict[str, Any]:
    """The `EntitlementOut` of the API."""
    e = entitlement
    decided = e is not None and e.decided
    return {
        "work_order_id": order.pk,
        "state": state_of(order, e),
        "outcome": e.outcome if decided and e else None,
        "outcome_label": _label(Outcome, e.outcome) if decided and e else None,
        "covered": bool(e and e.covered),
        "rule": (e.rule or None) if e else None,
        "rule_label": _label(Rule, e.rule) if e else None,
        "reasons": [{"code": r, "label": str(Reason(r).label)} for r in (e.reasons if e else [])],
        "claim_date": e.claim_date if e else None,
        "start_event": (e.start_event or None) if e else None,
        "start_event_label": _label(StartEvent, e.start_event) if e else None,
        "requested_start_event": (e.requested_start_event or None) if e else None,
        "start_date": e.start_date if e else None,
        "day_number": e.day_number if e else None,
        "period_end": e.period_end if e else None,
        "nominal_period_end": e.nominal_period_end if e else None,
        "mileage": (e.mileage or None) if e else None,
        "mileage_label": _label(MileageVerdict, e.mileage) if e else None,
        "mileage_km": e.mileage_km if e else None,
        "mileage_limit_km": e.mileage_limit_km if e else None,
        "component_code": e.component_code if e else "",
        "policy_id": e.policy_id if e else None,
        "default_policy": bool(e and e.default_policy),
        "version_label": e.version_label if e else "",
        "policy_date": e.policy_date if e else None,
        "provisional": bool(e and e.provisional),
        "frozen": bool(e and e.frozen),
        "frozen_at": e.frozen_at if e else None,
        "decided_at": e.decided_at if e else None,
        "decided_by": e.decided_by_name if e else None,
        "version": e.version if e else 0,
        "missing": (
            {"field": e.missing_field, "message": str(missing_message(e.missing_field))}
            if e and not e.decided
            else None
        ),
        "explanation": [str(s) for s in explanation(order, e)],
        "terms": _terms_out(e) if e else None,
        "facts": facts,
        "open_for_facts": WORK_ORDER_FLOW.in_group(order.status, "open")
        and not (e and e.frozen)
        and order.asset_id is not None,
    }


def _terms_out(e: Entitlement) -> dict[str, Any]:
    terms = terms_from_json(e.terms)
    return {
        "policy_id": terms.policy_id,
        "version_label": terms.version_label,
        "return_days": terms.return_days,
        "exchange_days": terms.exchange_days,
        "repair_months": terms.repair_months,
        "mileage_limit_km": terms.mileage_limit_km,
        "start_event": terms.start_event.value,
        "extend_over_holidays": terms.extend_over_holidays,
        "components": [
            {"code": c.code, "name": c.name, "months": c.months, "mileage_km": c.mileage_km}
            for c in terms.components
        ],
        "extensions": [
            {
                "kind": x.kind.value,
                "months": x.months,
                "mileage_km": x.mileage_km,
                "valid_from": x.valid_from,
            }
            for x in terms.extensions
        ],
    }
