"""Who sees which claims: the station its own, the manufacturer those for its products, the
network and the regional centre their stations'. Nobody else (a technician on their own, a
customer, a shop, a supplier until supplier recovery) sees any (../shared/STYLE.md, "Access")."""

from django.db.models import Q

from aftersales.claims.models import (
    CheckSetting,
    Claim,
    ClaimFinding,
    ClaimLine,
    ClaimPhoto,
    ClaimTerms,
    ClaimVersion,
    PartApplicability,
    PreAuthorisation,
)
from aftersales.core.access import NOTHING, Principal, org_rule, register


def _sides(p: Principal) -> Q:
    if p.technician_only:
        return NOTHING
    return org_rule(
        p,
        station="station_id",
        manufacturer="manufacturer_id",
        network="network_id",
        region="region_id",
    )


register(Claim)(_sides)
register(PreAuthorisation)(_sides)


def _of_claims(p: Principal) -> Q:
    return Q(claim__in=Claim.objects.filter(_sides(p)))


for _child in (ClaimLine, ClaimPhoto, ClaimFinding, ClaimVersion):
    register(_child)(_of_claims)


@register(ClaimTerms)
def claim_terms_rule(p: Principal) -> Q:
    """Both sides of the contract read it; a network or a centre its stations'."""
    if p.technician_only:
        return NOTHING
    return org_rule(
        p,
        manufacturer="manufacturer_id",
        station="station_id",
        network="station__network_id",
        region="station__region_id",
    )


@register(CheckSetting)
def check_setting_rule(p: Principal) -> Q:
    return org_rule(p, manufacturer="manufacturer_id")


@register(PartApplicability)
def applicability_rule(p: Principal) -> Q:
    # Catalogue data: every staff member reads it, as they read the parts.
    return Q() if p.staff_roles else NOTHING
