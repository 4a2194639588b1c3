"""Which claims the fault statistics count for whom: the claims a person may see (the station
its own, the manufacturer those of its products, the network and the regional centre their
stations'), and for a supplier's people the claims whose causal part it supplied. Nothing for a
technician on their own or a customer (../shared/STYLE.md, "Access")."""

from django.db.models import Q

from aftersales.claims.models import Claim
from aftersales.core.access import NOTHING, Principal, org_rule, register, visibility
from aftersales.reports.models import FaultClaim


@register(FaultClaim)
def fault_claim_rule(p: Principal) -> Q:
    if p.technician_only:
        return NOTHING
    # The statistics of its own parts, which the claims app does not show a supplier.
    supplier = org_rule(p, supplier="causal_part__supplier_id")
    return supplier | visibility(Claim, p)
