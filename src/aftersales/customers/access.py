"""Who sees which customers and assets (DOMAIN.md §2)."""

from django.db.models import Exists, OuterRef, Q

from aftersales.core.access import NOTHING, Principal, register
from aftersales.core.models import OrganisationKind
from aftersales.customers.models import Address, Asset, Customer, WarrantyRegistration


def _orders():
    from aftersales.workorders.models import WorkOrder

    return WorkOrder.objects


def _order_q(p: Principal) -> Q | None:
    """Lookup on work orders that makes a customer or asset visible to a station or region."""
    if p.org_kind == OrganisationKind.STATION:
        return Q(technician_id=p.user.pk) if p.technician_only else Q(station_id=p.organisation_id)
    if p.org_kind == OrganisationKind.REGION:
        return Q(region_id=p.organisation_id)
    return None


@register(Customer)
def customer_rule(p: Principal) -> Q:
    if p.is_customer and not p.staff_roles:
        return Q(pk=p.customer_id)
    if not p.is_staff_member:
        return NOTHING
    own = Q(created_by_org_id=p.organisation_id)
    if p.org_kind == OrganisationKind.NETWORK:
        return own | Q(network_id=p.organisation_id)
    if p.org_kind in (OrganisationKind.MANUFACTURER, OrganisationKind.SHOP):
        field = "manufacturer_id" if p.org_kind == OrganisationKind.MANUFACTURER else "seller_id"
        from aftersales.customers.models import Asset as _Asset

        return own | Q(
            Exists(_Asset.objects.filter(customer=OuterRef("pk"), **{field: p.organisation_id}))
        )
    order_q = _order_q(p)
    if order_q is None:
        return NOTHING
    visible = Q(Exists(_orders().filter(order_q, customer=OuterRef("pk"))))
    return visible if p.technician_only else own | visible


@register(Asset)
def asset_rule(p: Principal) -> Q:
    if p.is_customer and not p.staff_roles:
        return Q(customer_id=p.customer_id)
    if not p.is_staff_member:
        return NOTHING
    if p.org_kind == OrganisationKind.MANUFACTURER:
        return Q(manufacturer_id=p.organisation_id)
    if p.org_kind == OrganisationKind.SHOP:
        return Q(seller_id=p.organisation_id)
    if p.org_kind == OrganisationKind.NETWORK:
        return Q(customer__network_id=p.organisation_id) | Q(
            customer__created_by_org_id=p.organisation_id
        )
    order_q = _order_q(p)
    if order_q is None:
        return NOTHING
    return Q(Exists(_orders().filter(order_q, asset=OuterRef("pk"))))


@register(Address)
def address_rule(p: Principal) -> Q:
    return Q(customer__in=Customer.objects.filter(customer_rule(p)))


@register(WarrantyRegistration)
def registration_rule(p: Principal) -> Q:
    return Q(asset__in=Asset.objects.filter(asset_rule(p)))
