"""The warranty API: a work order's entitlement and facts, a line's payer, goodwill, policies."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from aftersales.core.access import acting_user, may
from aftersales.core.api_support import ERROR_RESPONSES, Id
from aftersales.core.errors import NotFound
from aftersales.customers import selectors as customers
from aftersales.warranty import presenter, selectors, services
from aftersales.warranty.schemas import (
    EntitlementOut,
    ExtensionOut,
    GoodwillIn,
    LinePayerIn,
    PolicyListQuery,
    PolicyOut,
    WarrantyFactsIn,
)
from aftersales.workorders import selectors as orders
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.schemas import LineOut

router = Router(tags=["warranty"])


def _entitlement(order: WorkOrder) -> dict[str, Any]:
    return presenter.as_api(order, selectors.entitlement_for(order), selectors.facts_for(order))


@router.get(
    "/work-orders/{order_id}/entitlement",
    response={200: EntitlementOut, **ERROR_RESPONSES},
    operation_id="get_warranty_entitlement",
)
def get_warranty_entitlement(request: HttpRequest, order_id: Id):
    """The order's warranty (三包) entitlement: return, exchange, free repair or paid, the day
    after the start event, the period's last day, the rule and the reasons, the terms it was
    decided on, and the explanation in the request's language. Visible with the order."""
    return _entitlement(orders.work_order_get(request.user, order_id))


@router.put(
    "/work-orders/{order_id}/warranty-facts",
    response={200: EntitlementOut, **ERROR_RESPONSES},
    operation_id="set_warranty_facts",
)
def set_warranty_facts(request: HttpRequest, order_id: Id, payload: WarrantyFactsIn):
    """Record what the station found (all the facts at once) and decide again. 409 once the
    order is finished (the entitlement is frozen); 422 names the facts to correct."""
    order = orders.work_order_get(request.user, order_id)
    values = payload.dict()
    values["cause"] = payload.cause.value
    services.warranty_facts_set(work_order=order, actor=acting_user(request), **values)
    return _entitlement(orders.work_order_get(request.user, order_id))


@router.put(
    "/work-orders/{order_id}/lines/{line_id}/payer",
    response={200: LineOut, **ERROR_RESPONSES},
    operation_id="change_work_order_line_payer",
)
def change_work_order_line_payer(
    request: HttpRequest, order_id: Id, line_id: Id, payload: LinePayerIn
):
    """Set who pays a line (customer, warranty, claim, insurance, contract) with a reason,
    while the order is open; the line then keeps it whatever the entitlement says later."""
    line = orders.work_order_line_get(request.user, order_id, line_id)
    return services.work_order_line_payer_override(
        line=line, actor=acting_user(request), payer=payload.payer, reason=payload.reason
    )


@router.post(
    "/assets/{asset_id}/goodwill-extensions",
    response={201: ExtensionOut, **ERROR_RESPONSES},
    operation_id="grant_goodwill_extension",
)
def grant_goodwill_extension(request: HttpRequest, asset_id: Id, payload: GoodwillIn):
    """Lengthen one unit's repair term out of goodwill (善意延保): the manufacturer's auditor,
    for its own products, with a reason. The unit's open orders are decided again."""
    asset = customers.asset_get(request.user, asset_id)
    extension = services.goodwill_grant(
        asset=asset,
        actor=acting_user(request),
        months=payload.months,
        mileage_km=payload.mileage_km,
        valid_from=payload.valid_from,
        reason=payload.reason,
    )
    return 201, extension


def _require_policies(request: HttpRequest) -> None:
    if not may(request.user, "warranty:policies"):
        raise NotFound(_("No such warranty policy."))


@router.get(
    "/warranty-policies",
    response={200: list[PolicyOut], **ERROR_RESPONSES},
    operation_id="list_warranty_policies",
)
def list_warranty_policies(request: HttpRequest, filters: Query[PolicyListQuery]):
    """The policy versions you may read: a manufacturer its own, a service network those of the
    manufacturers that authorised its stations."""
    if not may(request.user, "warranty:policies"):
        return []
    return list(selectors.policy_list(request.user, selectors.PolicyFilters(**filters.dict())))


@router.get(
    "/warranty-policies/{policy_id}",
    response={200: PolicyOut, **ERROR_RESPONSES},
    operation_id="get_warranty_policy",
)
def get_warranty_policy(request: HttpRequest, policy_id: Id):
    _require_policies(request)
    return selectors.policy_get(request.user, policy_id)
