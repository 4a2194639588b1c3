"""The facts of a work order's claim, gathered from the records and what the station recorded.

- **Claim date**: the day the order was filed (local time): the customer claimed then, however
  long the repair takes.
- **Sale**: the date the station recorded, else the e-registration's purchase date, else the
  unit's.
- **Accepted installation**: the date the station recorded, else the day the unit's first
  installation order (type `installation`) was completed before this order was filed: a
  completed installation order is the accepted installation.
- **First registration** (vehicles, 上牌): recorded on the order, else the last one recorded on
  an earlier order of the unit.
- **Mileage**: recorded on the order, else the unit's.
- **Proof**: an e-registration (三包电子注册) replaces the paper invoice and card. Until the
  station says whether the invoice and card were shown, they are presumed shown, and the
  decision is provisional.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from django.utils import timezone

from aftersales.customers.models import WarrantyRegistration
from aftersales.warranty import terms as t
from aftersales.warranty.models import WarrantyFacts
from aftersales.workorders.choices import OrderType, Status
from aftersales.workorders.models import WorkOrder

T = TypeVar("T")


@dataclass(frozen=True)
class Gathered(Generic[T]):
    facts: t.Facts
    policy_date: date
    provisional: bool
    policy: T


def claim_date(order: WorkOrder) -> date:
    return timezone.localdate(order.created_at)


def installation_accepted(order: WorkOrder, asset_id: int) -> date | None:
    done = (
        WorkOrder.objects.filter(
            asset_id=asset_id,
            type=OrderType.INSTALLATION,
            status__in=(Status.COMPLETED, Status.CLOSED),
            completed_at__lte=order.created_at,
        )
        .exclude(pk=order.pk)
        .order_by("completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    return timezone.localdate(done) if done else None


def _registration_recorded_before(order: WorkOrder, asset_id: int) -> date | None:
    return (
        WarrantyFacts.objects.filter(work_order__asset_id=asset_id, registration_date__isnull=False)
        .exclude(work_order_id=order.pk)
        .order_by("-recorded_at")
        .values_list("registration_date", flat=True)
        .first()
    )


def gather(
    order: WorkOrder,
    recorded: WarrantyFacts | None,
    registration: WarrantyRegistration | None,
    choose_policy: Callable[[date], tuple[T, t.StartEvent]],
) -> Gathered[T]:
    """The facts for `decide()`, and the policy chosen for the day that decides it (the sale;
    `choose_policy(day) -> (policy, its start event)`). The installation and the first
    registration are looked up only when the policy counts from them, or the sale is unknown.
    `registration`: the unit's e-registration (三包电子注册), if any."""
    asset = order.asset
    assert asset is not None
    registered = registration.purchase_date if registration is not None else None
    claimed = claim_date(order)
    r = recorded
    sale = (r.sale_date if r else None) or registered or asset.purchase_date
    installation = r.installation_accepted_date if r else None
    first_registration = r.registration_date if r else None

    def look_up(event: t.StartEvent) -> date | None:
        if event == t.StartEvent.INSTALLATION:
            return installation or installation_accepted(order, asset.pk)
        return first_registration or _registration_recorded_before(order, asset.pk)

    if sale is None:
        installation = look_up(t.StartEvent.INSTALLATION)
        first_registration = look_up(t.StartEvent.REGISTRATION)
        known = [d for d in (installation, first_registration) if d is not None]
        policy_date = min(known) if known else claimed
        policy, _start = choose_policy(policy_date)
    else:
        policy_date = sale
        policy, start = choose_policy(policy_date)
        if start == t.StartEvent.INSTALLATION:
            installation = look_up(start)
        elif start == t.StartEvent.REGISTRATION:
            first_registration = look_up(start)
    facts = t.Facts(
        claim_date=claimed,
        sale_date=sale,
        installation_accepted_date=installation,
        registration_date=first_registration,
        mileage_km=r.mileage_km if r and r.mileage_km is not None else asset.mileage_km,
        component_code=r.component_code if r else "",
        proof_of_purchase=r.proof_of_purchase if r and r.proof_of_purchase is not None else True,
        e_registration=registration is not None,
        serial_label_intact=r.serial_label_intact if r else True,
        serial_matches_card=r.serial_matches_card if r else True,
        repaired_by_unauthorised=r.repaired_by_unauthorised if r else False,
        cause=t.Cause(r.cause) if r else t.Cause.NORMAL,
        first_owner=r.first_owner if r else True,
        whole_product=r.whole_product if r else True,
    )
    # Provisional until the station has looked: no facts recorded, or proof not yet checked
    # where no e-registration stands in for it.
    unchecked = r is None or (r.proof_of_purchase is None and registration is None)
    return Gathered(facts=facts, policy_date=policy_date, provisional=unchecked, policy=policy)
