"""Who maintains master data in the Django admin: an organisation's administrator its own.

The superuser maintains everything. An administrator (`Role.ADMIN`) who is not a superuser
maintains the records their organisation owns; which organisation owns a record is declared per
admin class (`ScopedAdmin.owned_by` in `core/admin.py`), and the records they may act on are
`scope(queryset, user, MANAGE)` narrowed to those. Another organisation's record stays
read-only or, outside their visibility, unseen (404).
"""

from __future__ import annotations

from django.db.models import Q

from aftersales.core.access import NOTHING, Principal, declare_action, extend, roles
from aftersales.core.models import OrganisationKind, User
from aftersales.core.roles import Role

ADMINISTRATORS = roles(Role.ADMIN)
MANAGE = "admin:manage"

declare_action(MANAGE, roles=ADMINISTRATORS)


def administers(p: Principal) -> bool:
    return p.is_superuser or (p.organisation_id is not None and Role.ADMIN in p.roles)


@extend(User)
def people_i_administer(p: Principal) -> Q:
    """A network's administrator sees the people of its regional centres and stations, a
    regional centre's those of its stations (everybody sees their own organisation's)."""
    if not administers(p) or p.is_superuser:
        return NOTHING
    if p.org_kind == OrganisationKind.NETWORK:
        return Q(organisation__network_id=p.organisation_id)
    if p.org_kind == OrganisationKind.REGION:
        return Q(organisation__region_id=p.organisation_id)
    return NOTHING
