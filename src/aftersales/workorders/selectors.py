"""Work-order reads, always through the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from aftersales.core.access import get_visible, principal_for, scope
from aftersales.core.audit import events_for
from aftersales.core.models import AuditEvent
from aftersales.workorders.models import Attachment, Comment, WorkOrder
from aftersales.workorders.workflow import WORK_ORDER_FLOW


@dataclass
class WorkOrderFilters:
    status: list[str] | None = None
    type: str | None = None
    priority: str | None = None
    channel: str | None = None
    station_id: int | None = None
    technician_id: int | None = None
    customer_id: int | None = None
    asset_id: int | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    q: str | None = None


def work_order_list(user: Any, filters: WorkOrderFilters | None = None) -> QuerySet[WorkOrder]:
    f = filters or WorkOrderFilters()
    qs = scope(WorkOrder.objects.all(), user).select_related(
        "customer",
        "asset",
        "asset__product_model",
        "station",
        "technician",
        "region",
        "manufacturer",
    )
    if f.status:
        qs = qs.filter(status__in=f.status)
    for field in (
        "type",
        "priority",
        "channel",
        "station_id",
        "technician_id",
        "customer_id",
        "asset_id",
    ):
        value = getattr(f, field)
        if value:
            qs = qs.filter(**{field: value})
    if f.created_after:
        qs = qs.filter(created_at__gte=f.created_after)
    if f.created_before:
        qs = qs.filter(created_at__lt=f.created_before)
    if f.q and f.q.strip():
        term = f.q.strip()
        qs = qs.filter(
            Q(number__iexact=term)
            | Q(number__endswith=term)
            | Q(customer__phone=term)
            | Q(asset__serial=term.upper())
            | Q(customer__name__contains=term)
        )
    return qs.order_by("-created_at", "-id")


def work_order_get(user: Any, pk: int) -> WorkOrder:
    return get_visible(
        WorkOrder.objects.select_related(
            "customer",
            "asset",
            "asset__product_model",
            "address",
            "station",
            "technician",
            "region",
            "manufacturer",
        ),
        user,
        pk=pk,
    )


def is_visible(user: Any, order: WorkOrder) -> bool:
    return scope(WorkOrder.objects.filter(pk=order.pk), user).exists()


def work_order_by_number(user: Any, number: str) -> WorkOrder:
    return get_visible(WorkOrder.objects.all(), user, number=number)


def work_order_events(user: Any, order: WorkOrder) -> QuerySet[AuditEvent]:
    events = events_for(order)
    principal = principal_for(user)
    if not principal.staff_roles and not principal.is_superuser:
        events = events.filter(public=True)
    return events


def work_order_attachments(user: Any, order: WorkOrder) -> QuerySet[Attachment]:
    return scope(Attachment.objects.filter(work_order=order), user)


def work_order_comments(user: Any, order: WorkOrder) -> QuerySet[Comment]:
    return scope(Comment.objects.filter(work_order=order), user)


def allowed_transitions(user: Any, order: WorkOrder) -> list[Any]:
    return WORK_ORDER_FLOW.allowed(order, principal_for(user))
