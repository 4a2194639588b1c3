"""Who sees which settlement records: the station its own old parts, shipments and statements;
the manufacturer those of its products; a supplier only what concerns its parts (the old parts
of its parts, the shipments sent to it, its recoveries); a network or a regional centre its
stations'. Nobody else (a technician on their own, a customer, a shop) sees any."""

from django.db.models import Q

from aftersales.core.access import NOTHING, Principal, org_rule, register
from aftersales.settlement.models import (
    NetworkFee,
    OldPart,
    OldPartRule,
    OldPartShipment,
    RecoveryLine,
    SettlementAdjustment,
    Statement,
    StatementLine,
    SupplierRecovery,
    SupplierTerms,
)


def _staff(p: Principal) -> bool:
    return bool(p.staff_roles) and not p.technician_only and p.organisation_id is not None


@register(OldPart)
def old_part_rule(p: Principal) -> Q:
    if not _staff(p):
        return NOTHING
    return org_rule(
        p,
        station="station_id",
        manufacturer="manufacturer_id",
        supplier="supplier_id",
        network="network_id",
        region="region_id",
    )


@register(OldPartShipment)
def shipment_rule(p: Principal) -> Q:
    if not _staff(p):
        return NOTHING
    return org_rule(
        p,
        station="station_id",
        manufacturer="manufacturer_id",
        supplier="destination_id",
        network="network_id",
        region="region_id",
    )


@register(Statement)
def statement_rule(p: Principal) -> Q:
    if not _staff(p) or p.org_kind not in ("station", "manufacturer", "network"):
        return NOTHING
    return Q(payee_id=p.organisation_id) | Q(payer_id=p.organisation_id)


@register(StatementLine)
def statement_line_rule(p: Principal) -> Q:
    return Q(statement__in=Statement.objects.filter(statement_rule(p)))


@register(SettlementAdjustment)
def adjustment_rule(p: Principal) -> Q:
    if not _staff(p):
        return NOTHING
    return org_rule(
        p,
        station="station_id",
        manufacturer="manufacturer_id",
        network="station__network_id",
    )


@register(SupplierRecovery)
def recovery_rule(p: Principal) -> Q:
    if not _staff(p):
        return NOTHING
    return org_rule(p, manufacturer="manufacturer_id", supplier="supplier_id")


@register(RecoveryLine)
def recovery_line_rule(p: Principal) -> Q:
    return Q(recovery__in=SupplierRecovery.objects.filter(recovery_rule(p)))


@register(OldPartRule)
def old_part_rule_rule(p: Principal) -> Q:
    # The manufacturer's published rules: every staff member reads them, as they read parts.
    return Q() if _staff(p) else NOTHING


@register(SupplierTerms)
def supplier_terms_rule(p: Principal) -> Q:
    if not _staff(p):
        return NOTHING
    return org_rule(p, manufacturer="manufacturer_id", supplier="supplier_id")


@register(NetworkFee)
def network_fee_rule(p: Principal) -> Q:
    if not _staff(p):
        return NOTHING
    if p.org_kind == "station":
        return Q(network_id=p.network_id) if p.network_id else NOTHING
    return org_rule(p, network="network_id", manufacturer="manufacturer_id")
