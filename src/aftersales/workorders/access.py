"""Who sees which work orders (../shared/DOMAIN.md §2): each level of the network its own, the
manufacturer its products', a technician only the orders given to them, a customer their own."""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q

from aftersales.core.access import NOTHING, Principal, extend, org_rule, register, with_parent
from aftersales.core.models import OrganisationKind
from aftersales.customers.models import Asset, Customer
from aftersales.customers.privacy import acting_extension
from aftersales.workorders.choices import Status
from aftersales.workorders.models import (
    Attachment,
    Comment,
    InboundSms,
    SlaPolicy,
    WorkOrder,
    WorkOrderLine,
)

# Orders after which nobody at the manufacturer needs the customer's personal data.
CLOSED_FOR_GOOD = (Status.CLOSED, Status.CANCELLED)


@register(WorkOrder)
def work_order_rule(p: Principal) -> Q:
    if p.is_customer and not p.staff_roles:
        return Q(customer_id=p.customer_id)
    if p.org_kind == OrganisationKind.STATION and p.technician_only:
        return Q(technician_id=p.user.pk)
    if p.org_kind == OrganisationKind.SHOP and p.staff_roles:
        return Q(asset__seller_id=p.organisation_id)
    return org_rule(
        p,
        manufacturer="manufacturer_id",
        network="network_id",
        region="region_id",
        station="station_id",
    )


def _child_rule(p: Principal, **customer_only: bool) -> Q:
    """Lines, attachments, comments: visible with their order; a customer sees only the public ones."""
    q = with_parent("work_order", WorkOrder, work_order_rule(p))
    if p.is_customer and not p.staff_roles:
        q &= Q(**customer_only)
    return q


register(WorkOrderLine)(_child_rule)
register(Attachment)(lambda p: _child_rule(p, visible_to_customer=True))
register(Comment)(lambda p: _child_rule(p, internal=False))
register(InboundSms)(lambda p: NOTHING)


@register(SlaPolicy)
def sla_rule(p: Principal) -> Q:
    if not p.staff_roles:
        return NOTHING
    return Q(manufacturer__isnull=True) | Q(manufacturer_id=p.organisation_id)


def _orders_of(p: Principal) -> Q | None:
    """The orders that make a customer or asset visible to a station or a regional centre."""
    if not p.is_staff_member:
        return None
    if p.org_kind == OrganisationKind.STATION:
        return Q(technician_id=p.user.pk) if p.technician_only else Q(station_id=p.organisation_id)
    if p.org_kind == OrganisationKind.REGION:
        return Q(region_id=p.organisation_id)
    return None


def _through_my_orders(field: str) -> Callable[[Principal], Q]:
    """Records (`field` of a work order) visible through this principal's orders."""

    def rule(p: Principal) -> Q:
        orders = _orders_of(p)
        if orders is None:
            return NOTHING
        return Q(Exists(WorkOrder.objects.filter(orders, **{field: OuterRef("pk")})))

    rule.__qualname__ = f"{field}s_of_my_orders"
    return rule


extend(Customer)(_through_my_orders("customer"))
extend(Asset)(_through_my_orders("asset"))


@acting_extension
def customers_of_my_open_orders(p: Principal) -> Q:
    """A manufacturer (a shop) acts on a customer while an order of the customer's for its
    product (its unit) is open — till it is closed or cancelled (`customers/privacy.py`)."""
    path: dict[str, str] = {
        OrganisationKind.MANUFACTURER: "manufacturer_id",
        OrganisationKind.SHOP: "asset__seller_id",
    }
    lookup = path.get(p.org_kind or "")
    if lookup is None or p.organisation_id is None:
        return NOTHING
    orders = WorkOrder.objects.filter(customer=OuterRef("pk"), **{lookup: p.organisation_id})
    return Q(Exists(orders.exclude(status__in=CLOSED_FOR_GOOD)))
