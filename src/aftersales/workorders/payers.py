"""Who pays a work-order line by default: a registry a higher app fills in its `ready()`.

Work orders know the payers (`choices.Payer`) but not why a line is free: that is the warranty
entitlement's business, and workorders never imports warranty (../shared/STYLE.md). So a higher
app registers a *default payer provider* — a function (order, line kind) → `PayerDefault` or
None — together with the labels of the bases it answers with. A new line asks the providers in
registration order; the first answer wins; without one the customer pays ("no decision").

A line keeps its basis code (`WorkOrderLine.payer_basis`) so its reason renders in the reader's
language. A line whose payer was overridden by staff (`payer_overridden`) keeps it: only lines
that follow the default are asked again when the provider's answer changes
(`default_payers_refresh`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftersales.workorders.choices import Payer
from aftersales.workorders.models import WorkOrder, WorkOrderLine
from aftersales.workorders.pricing import money

Label = str | Promise
NO_DECISION = "none"


@dataclass(frozen=True)
class PayerDefault:
    """A provider's answer: the payer and the code of why (a basis the provider declared)."""

    payer: str
    basis: str


Provider = Callable[[WorkOrder, str], PayerDefault | None]

_providers: list[Provider] = []
_bases: dict[str, Label] = {NO_DECISION: _("Nobody decided that someone else pays.")}


def register_default_payer(provider: Provider, *, bases: Mapping[str, Label]) -> Provider:
    """Register a provider and the labels of the bases it answers with (once, in `ready()`)."""
    clash = set(bases) & set(_bases)
    if clash:
        raise ValueError(f"payer bases declared twice: {sorted(clash)}")
    _bases.update(bases)
    _providers.append(provider)
    return provider


def providers() -> list[str]:
    """The registered providers by name, for the README and for tests."""
    return [f"{p.__module__}.{p.__qualname__}" for p in _providers]


def default_payer(order: WorkOrder, kind: str) -> PayerDefault:
    for provider in _providers:
        answer = provider(order, kind)
        if answer is not None:
            if answer.payer not in Payer.values or answer.basis not in _bases:
                raise ValueError(f"{provider.__qualname__} answered an undeclared {answer}")
            return answer
    return PayerDefault(Payer.CUSTOMER, NO_DECISION)


def basis_label(code: str) -> Label:
    return _bases.get(code, code or "—")


def payer_reason(line: WorkOrderLine) -> str:
    """Why this line's payer pays, in the reader's language: staff's reason for an override,
    else the label of the default's basis."""
    if line.payer_overridden:
        return line.payer_reason
    return str(basis_label(line.payer_basis))


def default_payers_refresh(order: WorkOrder) -> list[dict[str, object]]:
    """Ask the providers again for every line of the order that follows the default (call with
    the order locked, in the caller's transaction); returns the lines that changed, for the
    caller's audit event."""
    changed: list[dict[str, object]] = []
    for line in WorkOrderLine.objects.filter(work_order=order, payer_overridden=False):
        answer = default_payer(order, line.kind)
        if (line.payer, line.payer_basis) == (answer.payer, answer.basis):
            continue
        changed.append({"line": line.pk, "from": line.payer, "to": answer.payer})
        line.payer, line.payer_basis = answer.payer, answer.basis
        line.save(update_fields=["payer", "payer_basis"])
    return changed


def payer_totals(lines: Iterable[WorkOrderLine]) -> dict[str, Decimal]:
    """The amount each payer pays, in `Payer` order, payers without lines left out."""
    sums: dict[str, Decimal] = {}
    for line in lines:
        sums[line.payer] = sums.get(line.payer, Decimal("0")) + line.amount
    return {p: money(sums[p]) for p in Payer.values if p in sums}
