"""Terms and facts as JSON, kept with every decision (a later policy change must not alter it),
and the decision rebuilt from them to explain it in the reader's language."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from aftersales.warranty import terms as t
from aftersales.warranty.entitlement import Decision, decide

if TYPE_CHECKING:
    from aftersales.warranty.models import Entitlement


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def terms_json(terms: t.PolicyTerms) -> dict[str, Any]:
    return {
        "policy_id": terms.policy_id,
        "version_label": terms.version_label,
        "return_days": terms.return_days,
        "exchange_days": terms.exchange_days,
        "repair_months": terms.repair_months,
        "mileage_limit_km": terms.mileage_limit_km,
        "components": [asdict(c) for c in terms.components],
        "start_event": terms.start_event.value,
        "extend_over_holidays": terms.extend_over_holidays,
        "extensions": [
            {
                "kind": e.kind.value,
                "months": e.months,
                "mileage_km": e.mileage_km,
                "valid_from": _iso(e.valid_from),
            }
            for e in terms.extensions
        ],
    }


def terms_from_json(data: dict[str, Any]) -> t.PolicyTerms:
    return t.PolicyTerms(
        policy_id=data.get("policy_id"),
        version_label=data.get("version_label", ""),
        return_days=data["return_days"],
        exchange_days=data["exchange_days"],
        repair_months=data["repair_months"],
        mileage_limit_km=data.get("mileage_limit_km"),
        components=tuple(t.ComponentTerm(**c) for c in data.get("components", [])),
        start_event=t.StartEvent(data["start_event"]),
        extend_over_holidays=data.get("extend_over_holidays", False),
        extensions=tuple(
            t.Extension(
                kind=t.ExtensionKind(e["kind"]),
                months=e["months"],
                mileage_km=e.get("mileage_km"),
                valid_from=_day(e.get("valid_from")),
            )
            for e in data.get("extensions", [])
        ),
    )


_DATES = ("claim_date", "sale_date", "installation_accepted_date", "registration_date")


def facts_json(facts: t.Facts) -> dict[str, Any]:
    data = asdict(facts)
    for name in _DATES:
        data[name] = _iso(data[name])
    data["cause"] = facts.cause.value
    return data


def facts_from_json(data: dict[str, Any]) -> t.Facts:
    values = dict(data)
    for name in _DATES:
        values[name] = _day(values.get(name))
    return t.Facts(**values)


def decision_of(entitlement: Entitlement) -> Decision | None:
    if not entitlement.decided:
        return None
    return decide(terms_from_json(entitlement.terms), facts_from_json(entitlement.facts))
