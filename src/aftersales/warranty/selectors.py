"""Warranty reads, through the access layer.

`entitlement_for(work_order)` is the entry point for other apps (claims): the stored
entitlement of an order the caller already holds (`.outcome`, `.covered`, `.reasons`, `.rule`,
`.period_end`, `.frozen`, `.decision` for the pure `Decision` and its explanation), or None when
none was decided (an order not yet accepted, or without a product).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from aftersales.core.access import get_visible, scope
from aftersales.warranty.models import Entitlement, WarrantyFacts, WarrantyPolicy
from aftersales.workorders.models import WorkOrder


def entitlement_for(work_order: WorkOrder) -> Entitlement | None:
    """The stored entitlement of this order (no access check: the caller holds the order)."""
    return Entitlement.objects.select_related("policy").filter(work_order_id=work_order.pk).first()


def facts_for(work_order: WorkOrder) -> WarrantyFacts | None:
    return WarrantyFacts.objects.filter(work_order_id=work_order.pk).first()


@dataclass
class PolicyFilters:
    manufacturer_id: int | None = None
    category_id: int | None = None
    product_model_id: int | None = None
    in_force_on: date | None = None


def policy_list(user: Any, filters: PolicyFilters | None = None) -> QuerySet[WarrantyPolicy]:
    f = filters or PolicyFilters()
    qs = scope(WarrantyPolicy.objects.all(), user).select_related(
        "manufacturer", "category", "product_model"
    )
    for name in ("manufacturer_id", "category_id", "product_model_id"):
        value = getattr(f, name)
        if value:
            qs = qs.filter(**{name: value})
    if f.in_force_on is not None:
        qs = qs.filter(valid_from__lte=f.in_force_on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=f.in_force_on)
        )
    return qs.prefetch_related("components").order_by(
        "manufacturer__name", "category__code", "product_model__code", "-valid_from", "-id"
    )


def policy_get(user: Any, pk: int) -> WarrantyPolicy:
    return get_visible(
        WarrantyPolicy.objects.select_related(
            "manufacturer", "category", "product_model"
        ).prefetch_related("components"),
        user,
        pk=pk,
    )
