"""Who may act on claims: the role sets and actions, declared once.

The station files and corrects its claims (服务顾问, 服务经理, its 保修鉴定员); the manufacturer's
auditor (审核员) and warranty assessor (保修鉴定员 at the manufacturer: 索赔审核) review them and
decide pre-authorisations; the manufacturer's finance (财务) marks them settled. A role acts only
for its own organisation's side of a claim: the same `warranty_assessor` role prepares claims at
a station and reviews them at a manufacturer. The transitions' own actions (`claim:approve`, …)
are declared by the machines in `workflow.py` with the role sets below.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from aftersales.core.access import NOTHING, Principal, declare_action, roles
from aftersales.core.models import OrganisationKind
from aftersales.core.roles import Role

STATION_CLAIMS = roles(Role.ADVISOR, Role.MANAGER, Role.WARRANTY_ASSESSOR, Role.ADMIN)
REVIEWERS = roles(Role.AUDITOR, Role.WARRANTY_ASSESSOR, Role.ADMIN)
FINANCE = roles(Role.FINANCE, Role.ADMIN)
SYSTEM_ONLY = roles(Role.ADMIN)
# Who opens the claims pages at all: the two sides, and the network and regional centre that
# look on (read only).
READERS = STATION_CLAIMS | REVIEWERS | FINANCE | roles(Role.AGENT, Role.DISPATCHER)


def at_station(record: Any, p: Principal) -> bool:
    """The claim's (order's, pre-authorisation's) station is the principal's organisation."""
    return p.org_kind == OrganisationKind.STATION and record.station_id == p.organisation_id


def at_manufacturer(record: Any, p: Principal) -> bool:
    return (
        p.org_kind == OrganisationKind.MANUFACTURER and record.manufacturer_id == p.organisation_id
    )


def at_station_q(p: Principal) -> Q:
    if p.org_kind != OrganisationKind.STATION or p.organisation_id is None:
        return NOTHING
    return Q(station_id=p.organisation_id)


def at_manufacturer_q(p: Principal) -> Q:
    if p.org_kind != OrganisationKind.MANUFACTURER or p.organisation_id is None:
        return NOTHING
    return Q(manufacturer_id=p.organisation_id)


declare_action("claim:list", roles=READERS)
# A claim from a work order the station completed.
declare_action("claim:create", roles=STATION_CLAIMS, guard=at_station, where=at_station_q)
# Header, lines and photos, while the claim is a draft or returned for correction.
declare_action("claim:edit", roles=STATION_CLAIMS, guard=at_station, where=at_station_q)
# The reviewer's queue and review page.
declare_action("claim:review", roles=REVIEWERS, guard=at_manufacturer, where=at_manufacturer_q)
declare_action(
    "pre_authorisation:request", roles=STATION_CLAIMS, guard=at_station, where=at_station_q
)
