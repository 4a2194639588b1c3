"""Who may act on warranty records: role sets and actions, declared once.

No role of its own: the station's office records the facts and sets who pays (服务顾问,
服务经理, and the 保修鉴定员 where a station has one), the manufacturer's auditor grants goodwill
for its own products, and the office roles of a network or a manufacturer read the policies.
"""

from typing import Any

from django.db.models import Q

from aftersales.core.access import Principal, declare_action, roles
from aftersales.core.models import OrganisationKind
from aftersales.core.roles import Role

STATION_OFFICE = roles(Role.ADVISOR, Role.MANAGER, Role.WARRANTY_ASSESSOR, Role.ADMIN)
GOODWILL = roles(Role.AUDITOR, Role.ADMIN)
POLICY_READERS = roles(
    Role.AGENT,
    Role.DISPATCHER,
    Role.ADVISOR,
    Role.MANAGER,
    Role.WARRANTY_ASSESSOR,
    Role.AUDITOR,
    Role.FINANCE,
    Role.ADMIN,
)


def at_the_station(order: Any, p: Principal) -> bool:
    """The facts and the payers are the station's: its office, not a network's or a
    manufacturer's people who also see the order (a manufacturer's 保修鉴定员 reviews claims)."""
    return p.org_kind == OrganisationKind.STATION and order.station_id == p.organisation_id


def at_the_station_q(p: Principal) -> Q:
    if p.org_kind != OrganisationKind.STATION or p.organisation_id is None:
        return Q(pk__in=[])
    return Q(station_id=p.organisation_id)


def own_product(asset: Any, p: Principal) -> bool:
    """Goodwill is the manufacturer's to give, on its own products only."""
    return (
        p.org_kind == OrganisationKind.MANUFACTURER and asset.manufacturer_id == p.organisation_id
    )


declare_action("warranty:facts", roles=STATION_OFFICE, guard=at_the_station, where=at_the_station_q)
declare_action("warranty:payer", roles=STATION_OFFICE, guard=at_the_station, where=at_the_station_q)
declare_action("warranty:goodwill", roles=GOODWILL, guard=own_product)
declare_action("warranty:policies", roles=POLICY_READERS)
