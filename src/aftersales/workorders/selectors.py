"""Work-order reads, always through the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from aftersales.core.access import get_visible, principal_for, scope
from aftersales.core.audit import events_for
from aftersales.core.models import AuditEvent, OrganisationKind, User
from aftersales.core.roles import Role
from aftersales.workorders.models import Attachment, Comment, WorkOrder, WorkOrderLine
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


def status_counts(user: Any) -> dict[str, int]:
    """How many of the work orders this user sees are in each state."""
    return dict(
        scope(WorkOrder.objects.all(), user)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
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


def work_order_lines(user: Any, order: WorkOrder) -> QuerySet[WorkOrderLine]:
    return scope(WorkOrderLine.objects.filter(work_order=order), user).select_related(
        "operation", "part"
    )


def work_order_line_get(user: Any, order_id: int, line_id: int) -> WorkOrderLine:
    return get_visible(
        WorkOrderLine.objects.select_related("work_order"),
        user,
        pk=line_id,
        work_order_id=order_id,
    )


def attachment_get(user: Any, pk: int) -> Attachment:
    return get_visible(Attachment.objects.all(), user, pk=pk)


def technician_choices(user: Any, order: WorkOrder) -> list[User]:
    """Technicians the order may go to: its station's, or its region's while it has no station.

    The people are not filtered by whom the user may see (a regional dispatcher assigns the
    stations' technicians); the order is, so nobody learns names through another's order.
    """
    visible = scope(WorkOrder.objects.filter(pk=order.pk), user)
    qs = User.objects.filter(
        is_active=True, roles__role=Role.TECHNICIAN, organisation__kind=OrganisationKind.STATION
    )
    if order.station_id:
        qs = qs.filter(organisation_id__in=visible.values("station_id"))
    elif order.region_id:
        qs = qs.filter(organisation__region_id__in=visible.values("region_id"))
    else:
        return []
    return list(qs.select_related("organisation").order_by("organisation__name", "username"))


def technician_named(technician_id: int) -> User | None:
    """The person named for an assignment. Whether they may take the order is the transition's
    check (one rule for every path, which names its reasons), not a matter of visibility."""
    return User.objects.select_related("organisation").filter(pk=technician_id).first()
