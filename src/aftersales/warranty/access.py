"""Who sees warranty records (../shared/DOMAIN.md §2, §4.3).

Policies: a manufacturer its own; a service network (its regional centres and stations) those
of the manufacturers that authorised one of its stations (网签); nobody else. An entitlement and
the facts behind it go with their work order; an extension with its unit.
"""

from django.db.models import Q

from aftersales.catalog.models import Authorisation
from aftersales.core.access import NOTHING, Principal, register, visibility, with_parent
from aftersales.core.models import OrganisationKind
from aftersales.customers.models import Asset
from aftersales.warranty.models import (
    ComponentTerm,
    Entitlement,
    WarrantyExtension,
    WarrantyFacts,
    WarrantyPolicy,
)
from aftersales.workorders.access import work_order_rule
from aftersales.workorders.models import WorkOrder

SERVICE_ORGANISATIONS = (
    OrganisationKind.NETWORK,
    OrganisationKind.REGION,
    OrganisationKind.STATION,
)


@register(WarrantyPolicy)
def policy_rule(p: Principal) -> Q:
    if not p.is_staff_member:
        return NOTHING
    if p.org_kind == OrganisationKind.MANUFACTURER:
        return Q(manufacturer_id=p.organisation_id)
    if p.org_kind in SERVICE_ORGANISATIONS and p.network_id is not None:
        signed = Authorisation.objects.filter(station__network_id=p.network_id)
        return Q(manufacturer_id__in=signed.values("manufacturer_id"))
    return NOTHING


register(ComponentTerm)(lambda p: Q(policy__in=WarrantyPolicy.objects.filter(policy_rule(p))))


def _with_the_order(p: Principal) -> Q:
    # A correlated EXISTS on the order's key: an IN over every visible order made SQLite list
    # the whole scope for one order's entitlement (issue 8).
    return with_parent("work_order", WorkOrder, work_order_rule(p))


register(Entitlement)(_with_the_order)
register(WarrantyFacts)(_with_the_order)
register(WarrantyExtension)(lambda p: Q(asset__in=Asset.objects.filter(visibility(Asset, p))))
