"""A new work-order line's payer from the order's entitlement (registered with workorders'
default-payer registry in `WarrantyConfig.ready()`): return, exchange and free repair are the
warranty's to pay, a paid repair the customer's; until the entitlement can be decided, the
customer's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aftersales.warranty.models import Entitlement, EntitlementState
from aftersales.warranty.terms import Outcome
from aftersales.workorders.choices import Payer
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.payers import PayerDefault

BASES = {
    "warranty.return": _("Return (包退) under the warranty."),
    "warranty.exchange": _("Exchange (包换) under the warranty."),
    "warranty.repair": _("Free repair (保修) under the warranty."),
    "warranty.paid": _("Paid repair (收费维修): not covered by the warranty."),
    "warranty.undecided": _("The warranty could not be decided yet."),
}


def payer_from_entitlement(order: WorkOrder, kind: str) -> PayerDefault | None:
    entitlement = (
        Entitlement.objects.filter(work_order_id=order.pk).only("state", "outcome").first()
    )
    if entitlement is None:
        return None
    if entitlement.state != EntitlementState.DECIDED:
        return PayerDefault(Payer.CUSTOMER, "warranty.undecided")
    if entitlement.outcome == Outcome.PAID:
        return PayerDefault(Payer.CUSTOMER, "warranty.paid")
    return PayerDefault(Payer.WARRANTY, f"warranty.{entitlement.outcome}")
