"""Warranty writes: one function per business action, one transaction, one audit event.

`entitlement_decide(*, work_order, actor)` is the entry point for other apps (claims): it
decides the order's entitlement now, or answers the frozen one of a finished order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductCategory, ProductModel
from aftersales.core import clock
from aftersales.core.access import require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.models import User
from aftersales.core.transitions import lock_record
from aftersales.core.validators import clean_text
from aftersales.customers.models import Asset
from aftersales.warranty import terms as t
from aftersales.warranty.entitlement import Decision, decide
from aftersales.warranty.facts import claim_date, gather
from aftersales.warranty.models import (
    ComponentTerm,
    Entitlement,
    EntitlementState,
    WarrantyExtension,
    WarrantyFacts,
    WarrantyPolicy,
)
from aftersales.warranty.policies import (
    Version,
    check_policy,
    closing_day,
    predecessor,
    version_in_force,
    with_extensions,
)
from aftersales.warranty.snapshots import facts_json, terms_json
from aftersales.workorders import lines, payers
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder, WorkOrderLine
from aftersales.workorders.workflow import WORK_ORDER_FLOW

# Bounds of what a station may record (beyond them a field error, never an overflow).
EARLIEST_DATE = date(1990, 1, 1)
MAX_MILEAGE_KM = 5_000_000
MAX_EXTENSION_MONTHS = 120


@dataclass
class Decided:
    """What one decision changed, for the caller's audit event."""

    entitlement: Entitlement
    changed: bool
    before: dict[str, Any]
    lines: list[dict[str, object]] = field(default_factory=list)

    def event_data(self) -> dict[str, Any]:
        e = self.entitlement
        return {
            "state": e.state,
            "outcome": e.outcome,
            "rule": e.rule,
            "reasons": list(e.reasons),
            "before": self.before,
            "policy": e.policy_id,
            "version_label": e.version_label,
            "default_policy": e.default_policy,
            "provisional": e.provisional,
            "missing": e.missing_field,
            "lines": self.lines,
        }


def _summary(e: Entitlement | None) -> dict[str, Any]:
    if e is None:
        return {}
    return {"state": e.state, "outcome": e.outcome, "rule": e.rule, "reasons": list(e.reasons)}


_STORED = (
    "state",
    "outcome",
    "rule",
    "reasons",
    "claim_date",
    "start_event",
    "requested_start_event",
    "start_date",
    "day_number",
    "period_end",
    "nominal_period_end",
    "mileage",
    "mileage_km",
    "mileage_limit_km",
    "component_code",
    "policy_id",
    "default_policy",
    "version_label",
    "policy_date",
    "terms",
    "facts",
    "missing_field",
    "provisional",
)


def _stored(e: Entitlement | None) -> tuple[Any, ...] | None:
    """Everything a decision stores (not when or by whom): equal means nothing to write."""
    return None if e is None else tuple(getattr(e, name) for name in _STORED)


def _system_name(actor: User | None) -> str:
    return str(actor) if actor else "system"


def _is_open(order: WorkOrder) -> bool:
    return WORK_ORDER_FLOW.in_group(order.status, "open")


def load_for_decision(pk: int, *, lock: bool) -> WorkOrder:
    """The order with everything a decision reads about it in one query: the unit, its model
    and category, its e-registration, the stored entitlement and the station's facts (the
    order's row locked for this transaction with `lock`)."""
    queryset = (
        WorkOrder.objects.select_related(
            "asset__product_model__category",
            "asset__registration",
            "entitlement",
            "warranty_facts",
        )
        .only(*_DECISION_FIELDS)
        # Most units have no extension: asked in the same query, read only where there is one.
        .annotate(
            has_extensions=Exists(WarrantyExtension.objects.filter(asset_id=OuterRef("asset_id")))
        )
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=pk)


def _all_fields(path: str, model: type[models.Model]) -> list[str]:
    return [f"{path}__{f.attname}" for f in model._meta.concrete_fields]


# What a decision reads (the rows it may write, whole): a work order has forty columns, and on
# this path (p99 < 5 ms, issue 9) building and reading the ones it does not need is half the cost.
_DECISION_FIELDS = (
    "id",
    "number",
    "status",
    "station_id",
    "technician_id",
    "customer_id",
    "created_at",
    "asset__id",
    "asset__manufacturer_id",
    "asset__purchase_date",
    "asset__mileage_km",
    "asset__product_model__id",
    "asset__product_model__category__id",
    "asset__product_model__category__warranty_months",
    "asset__registration__id",
    "asset__registration__purchase_date",
    *_all_fields("entitlement", Entitlement),
    *_all_fields("warranty_facts", WarrantyFacts),
)


def _related(record: Any, name: str) -> Any:
    """A reverse one-to-one loaded by `select_related` (None when there is none)."""
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:
        return None


def stored_entitlement(order: WorkOrder) -> Entitlement | None:
    return _related(order, "entitlement")


def _decide_locked(
    order: WorkOrder,
    *,
    actor: User | None,
    strict: bool = False,
    without_lines: bool = False,
) -> Decided:
    """Decide the entitlement of an order the caller has locked and loaded with
    `load_for_decision`, store it and bring the lines that follow the default payer in line.
    `strict`: bad or missing facts raise (a person is recording them); otherwise the record says
    what is missing (a hook must never refuse the transition it hangs on). A decision that comes
    out as the stored one is not written again.
    """
    asset = order.asset
    if asset is None:
        raise Conflict(_("This order names no product: there is no warranty to decide."))
    existing = stored_entitlement(order)
    recorded = _related(order, "warranty_facts")
    registration = _related(asset, "registration")
    model = asset.product_model

    def choose(day: date) -> tuple[Version, t.StartEvent]:
        version = version_in_force(model, day)
        return version, version.start_event

    gathered = gather(order, recorded, registration, choose)
    version: Version = gathered.policy
    extensions = asset.extensions.all() if getattr(order, "has_extensions", True) else ()
    terms = with_extensions(version.terms, extensions)
    decision: Decision | None = None
    missing = ""
    try:
        decision = decide(terms, gathered.facts)
    except Invalid as exc:
        if strict:
            raise
        missing = next(iter(exc.fields), "")
    before, stored_before = _summary(existing), _stored(existing)
    entitlement = existing or Entitlement(work_order=order)
    _store(entitlement, decision, terms, gathered.facts, missing)
    entitlement.policy_id = version.policy_id
    entitlement.default_policy = version.policy_id is None
    entitlement.version_label = version.version_label
    entitlement.policy_date = gathered.policy_date
    entitlement.provisional = gathered.provisional
    if existing is not None and _stored(entitlement) == stored_before:
        return Decided(existing, False, before)
    entitlement.decided_at = clock.now()
    entitlement.decided_by = actor
    entitlement.decided_by_name = _system_name(actor)
    if existing is not None:
        entitlement.version += 1
    entitlement.save()
    changed = existing is None or before != _summary(entitlement)
    # Lines follow the outcome: asked again only when it changed (a new line asks itself),
    # and only where there can be lines (an order gets them once accepted).
    may_have_lines = not without_lines and order.status != Status.NEW
    changed_lines = payers.default_payers_refresh(order) if changed and may_have_lines else []
    return Decided(entitlement, changed or bool(changed_lines), before, changed_lines)


def _store(
    e: Entitlement, decision: Decision | None, terms: t.PolicyTerms, facts: t.Facts, missing: str
) -> None:
    e.terms, e.facts, e.claim_date = terms_json(terms), facts_json(facts), facts.claim_date
    e.missing_field = missing
    if decision is None:
        e.state = EntitlementState.UNDECIDED
        e.outcome = e.rule = e.start_event = e.requested_start_event = e.mileage = ""
        e.reasons, e.component_code = [], facts.component_code
        e.start_date = e.period_end = e.nominal_period_end = None
        e.day_number = e.mileage_km = e.mileage_limit_km = None
        return
    e.state = EntitlementState.DECIDED
    e.outcome, e.rule = decision.outcome.value, decision.rule.value
    e.reasons = [r.value for r in decision.reasons]
    e.start_event = decision.start_event.value
    e.requested_start_event = decision.requested_start_event.value
    e.start_date, e.day_number = decision.start_date, decision.day_number
    e.period_end, e.nominal_period_end = decision.period_end, decision.nominal_period_end
    e.mileage, e.mileage_km = decision.mileage.value, decision.mileage_km
    e.mileage_limit_km, e.component_code = decision.mileage_limit_km, decision.component_code


def entitlement_decide(*, work_order: WorkOrder, actor: User | None) -> Entitlement:
    """The order's entitlement, decided now from the current facts, policy and extensions.

    A finished order (completed, closed, cancelled) keeps the one it has: frozen, never changed
    silently; one finished before any decision gets its first, frozen at once. `actor` None is
    the system. Refused (409) for an order without a product. Nobody's permission is asked:
    deciding only records what the data say; who may change the data is asked where it changes.
    """
    with transaction.atomic():
        order = load_for_decision(work_order.pk, lock=True)
        existing = stored_entitlement(order)
        if existing is not None and (existing.frozen or not _is_open(order)):
            return existing
        outcome = _decide_locked(order, actor=actor)
        if not _is_open(order):
            outcome.entitlement.frozen_at = clock.now()
            outcome.entitlement.save(update_fields=["frozen_at"])
        if outcome.changed:
            record_event(
                record=order, verb="warranty.decided", actor=actor, data=outcome.event_data()
            )
    return outcome.entitlement


def decide_in_transition(
    order: WorkOrder, *, actor: User | None, without_lines: bool = False
) -> Entitlement | None:
    """For the work-order machine's hooks: the order is locked by the transition.
    `without_lines`: it cannot have any yet (it was new until this transition)."""
    if order.asset_id is None:
        return None
    loaded = load_for_decision(order.pk, lock=False)
    outcome = _decide_locked(loaded, actor=actor, without_lines=without_lines)
    if outcome.changed:
        record_event(record=order, verb="warranty.decided", actor=actor, data=outcome.event_data())
    return outcome.entitlement


def entitlement_freeze(order: WorkOrder, *, at: Any, actor: User | None) -> None:
    """A finished order's entitlement stays as it is (decided first if it never was)."""
    entitlement = Entitlement.objects.filter(work_order=order).first()
    if entitlement is None:
        entitlement = decide_in_transition(order, actor=actor)
    if entitlement is not None and entitlement.frozen_at is None:
        entitlement.frozen_at = at
        entitlement.save(update_fields=["frozen_at"])


def entitlement_unfreeze(order: WorkOrder) -> None:
    """A reopened order may be decided again, explicitly (facts, extensions), never silently."""
    Entitlement.objects.filter(work_order=order).update(frozen_at=None)


# -- facts -----------------------------------------------------------------------------------
FACT_FIELDS = (
    "sale_date",
    "installation_accepted_date",
    "registration_date",
    "mileage_km",
    "component_code",
    "proof_of_purchase",
    "serial_label_intact",
    "serial_matches_card",
    "repaired_by_unauthorised",
    "cause",
    "first_owner",
    "whole_product",
    "note",
)
_DEFAULTS: dict[str, Any] = {
    "sale_date": None,
    "installation_accepted_date": None,
    "registration_date": None,
    "mileage_km": None,
    "component_code": "",
    "proof_of_purchase": None,
    "serial_label_intact": True,
    "serial_matches_card": True,
    "repaired_by_unauthorised": False,
    "cause": t.Cause.NORMAL.value,
    "first_owner": True,
    "whole_product": True,
    "note": "",
}
_DATE_MESSAGES = {
    "sale_date": _("The date of sale cannot be after the order was filed."),
    "installation_accepted_date": _(
        "The installation cannot have been accepted after the order was filed."
    ),
    "registration_date": _("The first registration cannot be after the order was filed."),
}


def _clean_facts(order: WorkOrder, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every field error at once; unknown names are a programming error."""
    unknown = set(values) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown warranty facts {sorted(unknown)}")
    cleaned = {**_DEFAULTS, **values}
    errors: dict[str, Any] = {}
    claimed = claim_date(order)
    for name, message in _DATE_MESSAGES.items():
        day = cleaned[name]
        if day is None:
            continue
        if day > claimed:
            errors[name] = message
        elif day < EARLIEST_DATE:
            errors[name] = _("Enter a date after 1990.")
    km = cleaned["mileage_km"]
    if km is not None and not 0 <= km <= MAX_MILEAGE_KM:
        errors["mileage_km"] = _("Enter a mileage between 0 and 5,000,000 km.")
    if cleaned["cause"] not in set(t.Cause):
        errors["cause"] = _("Unknown cause of damage.")
    for name, limit in (("component_code", 40), ("note", 500)):
        try:
            cleaned[name] = clean_text(
                cleaned[name], field=name, max_length=limit, single_line=True
            )
        except Invalid as exc:
            errors.update(exc.fields)
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)
    return cleaned


def warranty_facts_set(*, work_order: WorkOrder, actor: User, **values: Any) -> Entitlement:
    """Record what the station found (all the facts at once: a field left out takes its
    default) and decide again. Refused on a finished order (the entitlement is frozen) and
    with field errors on bad facts or facts the decision cannot use; nothing is written then."""
    with transaction.atomic():
        order = load_for_decision(work_order.pk, lock=True)
        require(actor, "warranty:facts", order, _("You may not record warranty facts."))
        existing = stored_entitlement(order)
        if not _is_open(order) or (existing is not None and existing.frozen):
            raise Conflict(
                _("The order is finished: its warranty entitlement is frozen."),
                state=order.status,
            )
        if order.asset_id is None:
            raise Conflict(_("This order names no product: there is no warranty to decide."))
        cleaned = _clean_facts(order, values)
        facts = _related(order, "warranty_facts")
        before = {name: _jsonable(getattr(facts, name)) for name in FACT_FIELDS} if facts else {}
        if facts is None:
            facts = WarrantyFacts(work_order=order, recorded_at=clock.now())
        else:
            facts.version += 1
        for name, value in cleaned.items():
            setattr(facts, name, value)
        facts.recorded_by, facts.recorded_at = actor, clock.now()
        facts.save()
        order.warranty_facts = facts
        outcome = _decide_locked(order, actor=actor, strict=True)
        after = {name: _jsonable(getattr(facts, name)) for name in FACT_FIELDS}
        record_event(
            record=order,
            verb="warranty.facts_recorded",
            actor=actor,
            data={
                "changed": {k: v for k, v in after.items() if before.get(k, _MISSING) != v},
                **outcome.event_data(),
            },
        )
    return outcome.entitlement


_MISSING = object()


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# -- payers ----------------------------------------------------------------------------------
def work_order_line_payer_override(
    *, line: WorkOrderLine, actor: User, payer: str, reason: str
) -> WorkOrderLine:
    """Staff set who pays a line, with a reason (audited); the line then keeps that payer
    whatever the entitlement says later."""
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    with transaction.atomic():
        order = lock_record(WorkOrder, line.work_order_id)
        require(actor, "warranty:payer", order, _("You may not change who pays."))
        return lines.work_order_line_payer_set(
            order=order, line_id=line.pk, actor=actor, payer=payer, reason=reason
        )


# -- extensions ------------------------------------------------------------------------------
def goodwill_grant(
    *,
    asset: Asset,
    actor: User,
    months: int,
    reason: str,
    mileage_km: int | None = None,
    valid_from: date | None = None,
) -> WarrantyExtension:
    """The manufacturer lengthens one unit's repair term out of goodwill (善意延保), with a
    reason, audited on the unit; the open orders of the unit are decided again."""
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    _check_extension(months, mileage_km, valid_from)
    with transaction.atomic():
        locked = Asset.objects.select_for_update().get(pk=asset.pk)
        require(actor, "warranty:goodwill", locked, _("Only the manufacturer grants goodwill."))
        extension = _extension_create(
            asset=locked,
            kind=t.ExtensionKind.GOODWILL,
            months=months,
            mileage_km=mileage_km,
            valid_from=valid_from,
            reason=reason,
            actor=actor,
        )
        record_event(
            record=locked,
            verb="warranty.goodwill_granted",
            actor=actor,
            reason=reason,
            data={
                "extension": extension.pk,
                "months": months,
                "mileage_km": mileage_km,
                "valid_from": _jsonable(valid_from),
            },
        )
        redecide_open_orders(locked, actor=actor)
    return extension


def warranty_extension_record(
    *,
    asset: Asset,
    months: int,
    reason: str,
    actor: User | None,
    mileage_km: int | None = None,
    valid_from: date | None = None,
) -> WarrantyExtension:
    """A bought extended warranty (延保) recorded for a unit (audited on the unit; its open
    orders are decided again). No API or page sells one yet: the demo records them."""
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    _check_extension(months, mileage_km, valid_from)
    with transaction.atomic():
        extension = _extension_create(
            asset=asset,
            kind=t.ExtensionKind.EXTENDED,
            months=months,
            mileage_km=mileage_km,
            valid_from=valid_from,
            reason=reason,
            actor=actor,
        )
        record_event(
            record=asset,
            verb="warranty.extension_recorded",
            actor=actor,
            reason=reason,
            data={"extension": extension.pk, "months": months, "mileage_km": mileage_km},
        )
        redecide_open_orders(asset, actor=actor)
    return extension


def _check_extension(months: int, mileage_km: int | None, valid_from: date | None) -> None:
    errors: dict[str, Any] = {}
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        errors["months"] = _("Enter between 1 and 120 months.")
    if mileage_km is not None and not 0 <= mileage_km <= MAX_MILEAGE_KM:
        errors["mileage_km"] = _("Enter a mileage between 0 and 5,000,000 km.")
    if valid_from is not None and valid_from < EARLIEST_DATE:
        errors["valid_from"] = _("Enter a date after 1990.")
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)


def _extension_create(
    *,
    asset: Asset,
    kind: t.ExtensionKind,
    months: int,
    mileage_km: int | None,
    valid_from: date | None,
    reason: str,
    actor: User | None,
) -> WarrantyExtension:
    return WarrantyExtension.objects.create(
        asset=asset,
        kind=kind,
        months=months,
        mileage_km=mileage_km,
        valid_from=valid_from,
        reason=reason,
        granted_by=actor,
        granted_by_name=_system_name(actor),
        granted_at=clock.now(),
    )


def redecide_open_orders(asset: Asset, *, actor: User | None) -> list[Entitlement]:
    """Decide again the entitlements of the unit's open orders (finished ones stay frozen);
    each change is audited on its order."""
    decided = []
    pending = Entitlement.objects.filter(work_order__asset=asset, frozen_at__isnull=True)
    for order_id in pending.values_list("work_order_id", flat=True):
        order = load_for_decision(order_id, lock=True)
        if not _is_open(order):
            continue
        outcome = _decide_locked(order, actor=actor)
        if outcome.changed:
            record_event(
                record=order, verb="warranty.decided", actor=actor, data=outcome.event_data()
            )
        decided.append(outcome.entitlement)
    return decided


# -- policies --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ComponentSpec:
    code: str
    name: str
    months: int
    mileage_km: int | None = None


def warranty_policy_create(
    *,
    category: ProductCategory,
    version_label: str,
    valid_from: date,
    actor: User | None,
    product_model: ProductModel | None = None,
    valid_to: date | None = None,
    return_days: int = 7,
    exchange_days: int = 30,
    repair_months: int | None = None,
    mileage_limit_km: int | None = None,
    start_event: str = t.StartEvent.SALE,
    extend_over_holidays: bool = False,
    components: Iterable[ComponentSpec] = (),
) -> WarrantyPolicy:
    """A new policy version (repair months default to the category's warranty term). It closes
    the version of the same scope in force on its first day (`policies.py`)."""
    version_label = clean_text(
        version_label, field="version_label", max_length=60, required=True, single_line=True
    )
    if start_event not in set(t.StartEvent):
        raise field_error("start_event", _("Unknown start event."))
    policy = WarrantyPolicy(
        manufacturer_id=category.manufacturer_id,
        category=category,
        product_model=product_model,
        version_label=version_label,
        valid_from=valid_from,
        valid_to=valid_to,
        return_days=return_days,
        exchange_days=exchange_days,
        repair_months=repair_months,
        mileage_limit_km=mileage_limit_km,
        start_event=start_event,
        extend_over_holidays=extend_over_holidays,
        created_by=actor,
    )
    specs = list(components)
    codes = [c.code for c in specs]
    if len(codes) != len(set(codes)):
        raise field_error("components", _("Each component may have only one term."))
    with transaction.atomic():
        policy_save(policy, actor=actor)
        ComponentTerm.objects.bulk_create(
            ComponentTerm(
                policy=policy, code=c.code, name=c.name, months=c.months, mileage_km=c.mileage_km
            )
            for c in specs
        )
    return policy


def policy_save(policy: WarrantyPolicy, *, actor: User | None) -> WarrantyPolicy:
    """Check and save a version (new or not yet used), closing the one it follows; audited.
    The admin saves through here too."""
    check_policy(policy)
    created = policy.pk is None
    with transaction.atomic():
        closes = predecessor(policy) if created else None
        if closes is not None:
            closes.valid_to = closing_day(policy)
            check_policy(closes)
            closes.save(update_fields=["valid_to"])
            record_event(
                record=closes,
                verb="warranty_policy.closed",
                actor=actor,
                data={"valid_to": closes.valid_to.isoformat(), "followed_by": policy.version_label},
            )
        policy.save()
        record_event(
            record=policy,
            verb="warranty_policy.created" if created else "admin.changed",
            actor=actor,
            data={"valid_from": policy.valid_from.isoformat(), "version": policy.version_label},
        )
    return policy
