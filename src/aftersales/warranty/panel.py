"""The warranty panel of the staff order page: the entitlement, its explanation, the facts
form for the station, and who pays each line (with the override form)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

from aftersales.core.access import may
from aftersales.warranty import presenter, selectors
from aftersales.warranty.forms import LinePayerForm, WarrantyFactsForm
from aftersales.warranty.models import Entitlement, WarrantyFacts
from aftersales.warranty.snapshots import terms_from_json
from aftersales.workorders import payers
from aftersales.workorders import selectors as orders
from aftersales.workorders.choices import Payer
from aftersales.workorders.models import WorkOrder, WorkOrderLine
from aftersales.workorders.workflow import WORK_ORDER_FLOW

FACT_NAMES = (
    "proof_of_purchase",
    "serial_label_intact",
    "serial_matches_card",
    "repaired_by_unauthorised",
    "cause",
    "component_code",
    "mileage_km",
    "sale_date",
    "installation_accepted_date",
    "registration_date",
    "first_owner",
    "whole_product",
    "note",
)


@dataclass
class PayerRow:
    line: WorkOrderLine
    payer_label: str
    reason: str
    form: LinePayerForm


@dataclass
class Panel:
    order: WorkOrder
    entitlement: Entitlement | None
    state: str
    badge: presenter.Badge
    explanation: list[str | Promise]
    reasons: list[str]
    facts_form: WarrantyFactsForm
    fact_fields: list[tuple[Any, str]]
    can_record: bool
    can_set_payer: bool
    rows: list[PayerRow]
    totals: list[tuple[str, Decimal]]
    message: str = ""
    message_class: str = ""
    payer_errors: dict[int, str] = field(default_factory=dict)


def _components(entitlement: Entitlement | None) -> list[tuple[str, str]]:
    if entitlement is None:
        return []
    terms = terms_from_json(entitlement.terms)
    return [(c.code, f"{c.name} ({c.months})") for c in terms.components]


def facts_initial(facts: WarrantyFacts | None) -> dict[str, Any]:
    if facts is None:
        return {}
    initial = {name: getattr(facts, name) for name in FACT_NAMES}
    proof = facts.proof_of_purchase
    initial["proof_of_purchase"] = "" if proof is None else ("yes" if proof else "no")
    return initial


def facts_form(
    order: WorkOrder, entitlement: Entitlement | None, data: Any = None
) -> WarrantyFactsForm:
    return WarrantyFactsForm(
        data,
        initial=facts_initial(selectors.facts_for(order)),
        components=_components(entitlement),
    )


# What the records say where the station has not recorded a value (dates, mileage).
HINTED = ("sale_date", "installation_accepted_date", "registration_date", "mileage_km")


def _hint(form: WarrantyFactsForm, name: str, records: dict[str, Any]) -> str:
    if name not in HINTED or form[name].value() not in (None, ""):
        return ""
    value = records.get(name)
    return "" if value is None else str(value)


def entitlement_panel(
    user: Any,
    order: WorkOrder,
    *,
    bound_facts: WarrantyFactsForm | None = None,
    bound_payer: tuple[int, LinePayerForm] | None = None,
    message: str = "",
    message_class: str = "",
) -> Panel:
    entitlement = selectors.entitlement_for(order)
    api = presenter.as_api(order, entitlement, None)
    form = bound_facts or facts_form(order, entitlement)
    records = entitlement.facts if entitlement else {}
    open_lines = WORK_ORDER_FLOW.in_group(order.status, "editable")
    lines = list(orders.work_order_lines(user, order))
    payer_labels = dict(Payer.choices)
    rows = [
        PayerRow(
            line=line,
            payer_label=str(payer_labels.get(line.payer, line.payer)),
            reason=payers.payer_reason(line),
            form=bound_payer[1]
            if bound_payer and bound_payer[0] == line.pk
            else LinePayerForm(initial={"payer": line.payer}),
        )
        for line in lines
    ]
    totals = [(str(payer_labels[p]), amount) for p, amount in payers.payer_totals(lines).items()]
    return Panel(
        order=order,
        entitlement=entitlement,
        state=api["state"],
        badge=presenter.badge(order, entitlement),
        explanation=presenter.explanation(order, entitlement),
        reasons=[r["label"] for r in api["reasons"]],
        facts_form=form,
        fact_fields=[(form[name], _hint(form, name, records)) for name in form.fields],
        can_record=api["open_for_facts"] and may(user, "warranty:facts", order),
        can_set_payer=open_lines and may(user, "warranty:payer", order),
        rows=rows,
        totals=totals,
        message=message,
        message_class=message_class,
    )


@dataclass
class CustomerSummary:
    badge: presenter.Badge
    words: str | Promise
    totals: list[tuple[str, Decimal]]


def customer_summary(order: WorkOrder) -> CustomerSummary:
    """The customer's page: the outcome in plain words and what each payer pays."""
    entitlement = selectors.entitlement_for(order)
    labels = dict(Payer.choices)
    lines = WorkOrderLine.objects.filter(work_order=order).only("payer", "amount")
    totals = payers.payer_totals(lines)
    return CustomerSummary(
        badge=presenter.badge(order, entitlement),
        words=presenter.plain_words(order, entitlement),
        totals=[(str(labels[p]), amount) for p, amount in totals.items()]
        if len(totals) > 1
        else [],
    )
