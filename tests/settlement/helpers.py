"""Settlement's people and records made the usual way: claims approved by the manufacturer's
auditor through the claims services, a supplier of the compressor with its own people."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aftersales.catalog.models import Part
from aftersales.claims import review
from aftersales.claims.models import Claim
from aftersales.core.models import Organisation
from aftersales.core.roles import Role
from aftersales.core.services import organisation_create
from aftersales.dispatch.models import DispatchPolicy
from aftersales.settlement.models import OldPart
from aftersales.settlement.periods import current_month
from tests.claims.helpers import submitted_claim
from tests.factories import World, claims_people, make_user


def settlement_people(world: World) -> dict[str, Any]:
    """The claims' people, the manufacturer's parts clerk, the network's finance, and the
    compressor's supplier (its finance and its parts clerk)."""
    u = claims_people(world)
    if "supplier" not in world.extra:
        if not DispatchPolicy.objects.filter(organisation=world.network).exists():
            DispatchPolicy.objects.create(organisation=world.network, auto_dispatch=False)
        supplier = organisation_create(kind="supplier", code="SUP-COMP", name="华冷压缩机有限公司")
        other = organisation_create(kind="supplier", code="SUP-OTHER", name="别家配件厂")
        Part.objects.filter(pk=world.extra["part"].pk).update(supplier=supplier)
        world.extra["part"].refresh_from_db()
        world.extra.update(supplier=supplier, other_supplier=other)
        for name, role, org in (
            ("parts_clerk", Role.PARTS_CLERK, world.appliance),
            ("network_finance", Role.FINANCE, world.network),
            ("supplier_finance", Role.FINANCE, supplier),
            ("supplier_clerk", Role.PARTS_CLERK, supplier),
            ("other_supplier_finance", Role.FINANCE, other),
            ("station_finance", Role.FINANCE, world.station_sh),
            ("finance_car", Role.FINANCE, world.carmaker),
        ):
            u[name] = make_user(name, [str(role)], org)
    return u


def approved_claim(world: World, decision: str = "approve", **kw: Any) -> Claim:
    settlement_people(world)
    claim = submitted_claim(world, **kw)
    extra: dict[str, Any] = {}
    if decision == "approve_in_part":
        labour = claim.lines.get(kind="labour")
        extra["adjustments"] = [
            review.Adjustment(
                line_id=labour.pk, reason_code="hours_above_standard", approved_amount="10.00"
            )
        ]
    review.claim_review(claim=claim, actor=world.users["auditor"], decision=decision, **extra)
    claim.refresh_from_db()
    return claim


def old_part_of(claim: Claim) -> OldPart:
    return OldPart.objects.get(claim=claim)


def month() -> Any:
    return current_month()


def org(world: World, name: str) -> Organisation:
    return world.extra[name]


CENT = Decimal("0.01")
