"""Who may act on warranty records: role sets and actions, declared once.

No role of its own: the station's office records the facts and sets who pays (服务顾问,
服务经理, and the 保修鉴定员 where a station has one), the manufacturer's auditor grants goodwill
for its own products, and the office roles of a network or a manufacturer read the policies.
"""

from typing import Any

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


def own_product(asset: Any, p: Principal) -> bool:
    """Goodwill is the manufacturer's to give, on its own products only."""
    return (
        p.org_kind == OrganisationKind.MANUFACTURER and asset.manufacturer_id == p.organisation_id
    )


declare_action("warranty:facts", roles=STATION_OFFICE)
declare_action("warranty:payer", roles=STATION_OFFICE)
declare_action("warranty:goodwill", roles=GOODWILL, guard=own_product)
declare_action("warranty:policies", roles=POLICY_READERS)
