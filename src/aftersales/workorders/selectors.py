"""Work-order reads, always through the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IContains, Lookup

from aftersales.core import clock
from aftersales.core.access import get_visible, principal_for, scope
from aftersales.core.audit import events_for
from aftersales.core.models import AuditEvent, Organisation, OrganisationKind, User
from aftersales.core.roles import Role
from aftersales.customers import privacy
from aftersales.customers.models import Asset, Customer
from aftersales.workorders import sla
from aftersales.workorders.choices import Status
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
    overdue: bool | None = None
    possible_duplicate: bool | None = None


# (due time, the time it was met) per commitment, as sla.sla_status reads them.
SLA_FIELDS = (
    ("response_due_at", "accepted_at"),
    ("onsite_due_at", "started_at"),
    ("resolution_due_at", "completed_at"),
)


def work_order_sla(order: WorkOrder, now: datetime | None = None) -> sla.SlaStatus:
    """The order's three commitments (met, late, at risk, running) at `now`."""
    return sla.sla_status(
        opened_at=order.created_at,
        due=(order.response_due_at, order.onsite_due_at, order.resolution_due_at),
        responded_at=order.accepted_at,
        onsite_at=order.started_at,
        resolved_at=order.completed_at,
        now=now or clock.now(),
        # A cancelled order's clocks stopped when it was cancelled (its last change).
        stopped_at=order.updated_at if order.status == Status.CANCELLED else None,
    )


def late_q(now: datetime) -> Q:
    """SQL for `work_order_sla(order, now).overdue`: some commitment is late (met late, or
    not met and past due; a cancelled order's clocks stopped at its last change)."""
    late = Q()
    for due, done in SLA_FIELDS:
        late |= Q(**{f"{done}__isnull": False, f"{done}__gt": F(due)})
        late |= Q(**{f"{done}__isnull": True, f"{due}__lt": now}) & ~Q(status=Status.CANCELLED)
        late |= Q(
            **{f"{done}__isnull": True, "status": Status.CANCELLED, f"{due}__lt": F("updated_at")}
        )
    return late


def _prefix(field: str, value: str) -> Q:
    """`field` starts with `value`, in a form the database answers from a b-tree index:
    PostgreSQL's LIKE 'x%' uses the pattern index Django creates beside a unique or indexed
    column; SQLite's LIKE is case-insensitive and skips indexes, a range does not."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": value, f"{field}__lt": value + "\U0010ffff"})
    return Q(**{f"{field}__startswith": value})


class _Contains(IContains):
    """Case-insensitive substring. Django's `icontains` compares UPPER(column) on PostgreSQL,
    which the trigram index on the bare column cannot serve; ILIKE can."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs_sql, lhs_params = Lookup.process_lhs(self, compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} ILIKE {rhs_sql}", [*lhs_params, *rhs_params]


# A lookup matching more rows than this is not selective: the orders are then found by walking
# the scope newest first (dense matches fill a page at once) rather than by the ids.
LOOKUP_LIMIT = 500


def _matching(lookup: QuerySet[Any]) -> list[int] | QuerySet[Any]:
    """The ids of a selective lookup, as a list; else the lookup itself, as a subquery.

    A short list lets both databases combine the index on the order's customer (asset) with
    the index on its number (PostgreSQL BitmapOr, SQLite MULTI-INDEX OR); a subquery they can
    only apply as a filter while walking the scope, which costs seconds when it is selective
    (a phone at a million orders: 3.2 s) and nothing when it is not."""
    ids = list(lookup.values_list("id", flat=True)[: LOOKUP_LIMIT + 1])
    return ids if len(ids) <= LOOKUP_LIMIT else lookup.values("id")


def search_q(term: str, customers: QuerySet[Customer] | None = None) -> Q:
    """What the person typed decides where to look, rather than one OR over every column:
    digits are the start of a phone or order number, letters with digits the start of a
    serial or order number, anything else part of a customer's name or the fault.

    A phone, name or serial is looked up in its own table first (its own index) and the orders
    are then found by customer or asset. `customers` are those whose personal data the user
    may match on (privacy.matchable_customers)."""
    customers = customers if customers is not None else Customer.objects.all()
    term = " ".join(term.split())
    compact = term.replace(" ", "").replace("-", "")
    if compact.isdigit() and compact.isascii():
        number_prefix = f"WO-{compact[:8]}-{compact[8:]}" if len(compact) > 8 else f"WO-{compact}"
        by_phone = _matching(customers.filter(_prefix("phone", compact)))
        return Q(customer_id__in=by_phone) | _prefix("number", number_prefix)
    upper = term.upper()
    if upper.startswith("WO-") or upper == "WO":
        return _prefix("number", upper)
    if upper.isascii() and any(c.isdigit() for c in upper) and " " not in upper:
        by_serial = _matching(Asset.objects.filter(_prefix("serial", upper)))
        return Q(asset_id__in=by_serial) | _prefix("number", upper)
    # Trigrams need three characters; a Chinese name is often two: those match from the start.
    name = _prefix("name", term) if len(term) < 3 else Q(_Contains(F("name"), term))
    by_name = _matching(customers.filter(name))
    return Q(customer_id__in=by_name) | Q(_Contains(F("fault_description"), term))


# What the pages show besides the customer, fetched by id after the orders rather than joined:
# PostgreSQL spent longer planning the eight-table join than running it (a page of the staff
# list: 10-26 ms planning, 1 ms running; the detail 2-4 ms, 0.3 ms), where a narrow query plans
# in 0.1-0.3 ms and each fetch by id costs about as little. SQLite plans either in microseconds.
PAGE_RELATIONS = ("asset__product_model", "station", "technician", "region", "manufacturer")


def work_order_list(user: Any, filters: WorkOrderFilters | None = None) -> QuerySet[WorkOrder]:
    f = filters or WorkOrderFilters()
    qs = (
        scope(WorkOrder.objects.all(), user)
        .select_related("customer")
        .prefetch_related(*PAGE_RELATIONS)
    )
    qs = qs.annotate(
        # The number of the order a flagged one may duplicate, if this user sees it (else
        # NULL): in the same query, without joining the whole other order.
        possible_duplicate_number=Subquery(
            scope(WorkOrder.objects.filter(pk=OuterRef("possible_duplicate_of_id")), user).values(
                "number"
            )[:1]
        )
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
        qs = qs.filter(search_q(f.q, privacy.matchable_customers(user)))
    if f.overdue is not None:
        late = late_q(clock.now())
        qs = qs.filter(late) if f.overdue else qs.exclude(late)
    if f.possible_duplicate is not None:
        qs = qs.filter(possible_duplicate_of__isnull=not f.possible_duplicate)
    return qs.order_by("-created_at", "-id")


def possible_duplicate_of(user: Any, order: WorkOrder) -> WorkOrder | None:
    """The open order this one may duplicate, if this user may see it."""
    if possible_duplicate_ref(user, order) is None:
        return None
    return order.possible_duplicate_of


def possible_duplicate_ref(user: Any, order: WorkOrder) -> tuple[int, str] | None:
    """(id, number) of the order this one may duplicate, if this user may see it: lists carry
    the number in their query (`work_order_list`), a single order asks."""
    if order.possible_duplicate_of_id is None:
        return None
    if hasattr(order, "possible_duplicate_number"):
        number = order.possible_duplicate_number
    else:
        number = (
            scope(WorkOrder.objects.filter(pk=order.possible_duplicate_of_id), user)
            .values_list("number", flat=True)
            .first()
        )
    return None if number is None else (order.possible_duplicate_of_id, number)


def possible_duplicates(user: Any, order: WorkOrder) -> QuerySet[WorkOrder]:
    """Orders filed later for the same unit while this one was open, that this user sees."""
    return scope(order.possible_duplicates.all(), user).order_by("created_at", "id")


ORGANISATIONS = ("station", "region", "manufacturer")


def work_order_get(user: Any, pk: int) -> WorkOrder:
    """One order with what its page and the API show: a four-table join PostgreSQL plans in
    a fraction of a millisecond, the three organisations in one query by id, the technician."""
    order = get_visible(
        WorkOrder.objects.select_related(
            "customer", "asset__product_model", "address"
        ).prefetch_related("technician"),
        user,
        pk=pk,
    )
    _attach_organisations(order)
    return order


def _attach_organisations(order: WorkOrder) -> None:
    ids = {getattr(order, f"{name}_id") for name in ORGANISATIONS} - {None}
    found = Organisation.objects.in_bulk(ids)
    for name in ORGANISATIONS:
        pk = getattr(order, f"{name}_id")
        if pk is not None:
            setattr(order, name, found[pk])


# The chart on the staff list: counting a network's whole scope on every view was a sequential
# scan (issue 8: ~220 ms at 1 M orders); a minute's staleness is fine for a chart.
STATUS_COUNTS_SECONDS = 60


def status_counts(user: Any) -> dict[str, int]:
    """How many of the work orders this user sees are in each state (cached for a minute per
    scope: everyone who sees the same orders shares one count)."""
    p = principal_for(user)
    own = p.user.pk if p.technician_only or not p.staff_roles else ""
    key = f"status-counts:{p.organisation_id}:{own}:{int(p.is_superuser)}:{p.customer_id}"
    counts = cache.get(key)
    if counts is None:
        counts = dict(
            scope(WorkOrder.objects.all(), user)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        cache.set(key, counts, STATUS_COUNTS_SECONDS)
    return counts


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
