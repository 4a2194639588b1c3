"""Who sees which customers and assets (../shared/DOMAIN.md §2).

A station or regional centre also sees the customers and assets of its work orders: that rule
is the work-order app's (`workorders/access.py` extends these), since customers stand below it.
"""

from django.db.models import Exists, OuterRef, Q

from aftersales.core.access import NOTHING, Principal, register, visibility
from aftersales.core.models import OrganisationKind
from aftersales.customers.models import Address, Asset, Customer, WarrantyRegistration

# Organisations that hold their own customer records (a technician only sees those of their jobs).
KEEPS_CUSTOMERS = (OrganisationKind.STATION, OrganisationKind.REGION)


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
        return own | Q(
            Exists(Asset.objects.filter(customer=OuterRef("pk"), **{field: p.organisation_id}))
        )
    if p.org_kind in KEEPS_CUSTOMERS and not p.technician_only:
        return own
    return NOTHING


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
    return NOTHING


@register(Address)
def address_rule(p: Principal) -> Q:
    return Q(customer__in=Customer.objects.filter(visibility(Customer, p)))


@register(WarrantyRegistration)
def registration_rule(p: Principal) -> Q:
    return Q(asset__in=Asset.objects.filter(visibility(Asset, p)))
