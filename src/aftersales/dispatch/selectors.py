"""Dispatch reads: the ranked suggestions for one order and the dispatcher board, scoped by the
access layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from aftersales.core import clock
from aftersales.core.access import get_visible, may, principal_for, scope
from aftersales.core.models import Organisation, OrganisationKind, User
from aftersales.customers import privacy
from aftersales.dispatch import feasibility, route
from aftersales.dispatch.context import (
    LOADED,
    POSITION_FRESH,
    DispatchContext,
    TechInfo,
    as_point,
    context_for,
)
from aftersales.dispatch.engine import rank_candidates
from aftersales.dispatch.models import Assignment, AssignmentStatus, TechnicianProfile
from aftersales.dispatch.presenter import explain, reason_text, reason_texts
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder

# The most urgent first; a dispatcher works down the list, the rest a click away (rendering
# every waiting order of a busy region cost more than all the board's queries together).
BOARD_WAITING = 50
BOARD_WAITING_MAX = 500
BOARD_OFFERED = 100


@dataclass
class Suggestion:
    technician: User
    station: Organisation
    feasible: bool
    reasons: list[str]
    reason_texts: list[str]
    explanation: dict[str, Any]
    score: float | None


def dispatch_suggestions(*, work_order: WorkOrder, limit: int = 10) -> list[Suggestion]:
    """Ranked candidates with their scores explained; then the nearest ineligible ones with why."""
    ctx = context_for([work_order], clock.now())
    info = ctx.order_info(work_order)
    inst, techs = feasibility.instance(ctx, [info])
    weights = ctx.weights(ctx.policy_for(work_order))
    ranked = rank_candidates(inst, 0, weights, limit=limit)
    ctx.load_users([techs[c.tech_index] for c in ranked])
    rows = [
        Suggestion(
            techs[c.tech_index].user,
            techs[c.tech_index].station,
            True,
            [],
            [],
            explain(ctx, info, techs[c.tech_index], c),
            c.score,
        )
        for c in ranked
    ]
    chosen = {r.technician.pk for r in rows}
    others = [t for t in techs if t.user_id not in chosen]
    others.sort(key=lambda t: (t.lat - info.lat) ** 2 + (t.lon - info.lon) ** 2)
    for tech in others[: max(0, limit - len(rows))]:
        reasons = feasibility.reasons(ctx, info, tech, ignore_current=True)
        rows.append(
            Suggestion(
                tech.user,
                tech.station,
                # The engine ranks nobody for an order without a product; the dispatcher may
                # still choose whoever passes the checks that can be made.
                info.category is None and not reasons,
                reasons,
                reason_texts(reasons),
                explain(ctx, info, tech),
                None,
            )
        )
    return rows


def dispatch_regions(user: Any) -> list[Organisation]:
    """The regional centres whose technicians this user dispatches."""
    p = principal_for(user)
    regions = Organisation.objects.filter(kind=OrganisationKind.REGION)
    if p.is_superuser:
        return list(regions)
    org = user.organisation
    if org is None:
        return []
    by_kind = {
        OrganisationKind.REGION: regions.filter(pk=org.pk),
        OrganisationKind.NETWORK: regions.filter(network_id=org.pk),
        OrganisationKind.STATION: regions.filter(pk=org.region_id or 0),
    }
    return list(by_kind.get(org.kind, regions.none()))


def region_get(user: Any, pk: Any) -> Organisation:
    """A regional centre this user may see (404 otherwise)."""
    return get_visible(Organisation.objects.filter(kind=OrganisationKind.REGION), user, pk=pk or 0)


def technician_get(pk: Any) -> User | None:
    """The user named as technician (whether they may take the order is the hooks' check)."""
    return User.objects.select_related("organisation").filter(pk=pk or 0).first()


def _open_offers() -> QuerySet[Assignment]:
    """Offers still waiting for an answer: the order is assigned to that technician and the work
    has not started (an offer left over on a started, closed or cancelled order is settled)."""
    return Assignment.objects.filter(
        status=AssignmentStatus.OFFERED,
        work_order__status=Status.ASSIGNED,
        work_order__technician_id=F("technician_id"),
    )


def open_offer(work_order: WorkOrder, user: Any) -> Assignment | None:
    """The offer of this order waiting for this user's answer (the order page's offer box)."""
    return _open_offers().filter(work_order=work_order, technician_id=user.pk).first()


def latest_assignment(work_order: WorkOrder) -> Assignment | None:
    return Assignment.objects.filter(work_order=work_order).order_by("-id").first()


@dataclass
class Board:
    waiting: list[WorkOrder]  # annotated: `escalated` (declined or expired before), `no_product`
    waiting_total: int
    offered: list[Assignment]
    technicians: list[TechInfo]
    regions: list[Organisation]
    can_batch: bool

    @property
    def no_product_text(self) -> str:
        """Why orders annotated `no_product` wait for a dispatcher, in the request's language
        (a class attribute would freeze the language active at import)."""
        return reason_text("no_product")


def dispatch_board(user: Any, show: int = BOARD_WAITING) -> Board:
    """Orders waiting for a technician (the `show` most urgent, and how many there are),
    offers not yet answered, and the technicians of the user's regions (a station sees only
    its own)."""
    regions = dispatch_regions(user)
    escalated = Assignment.objects.filter(
        work_order=OuterRef("pk"), status__in=[AssignmentStatus.DECLINED, AssignmentStatus.EXPIRED]
    )
    unassigned = scope(
        WorkOrder.objects.filter(status=Status.ACCEPTED, technician__isnull=True), user
    )
    waiting = (
        unassigned.annotate(
            escalated=Exists(escalated),
            no_product=ExpressionWrapper(Q(asset__isnull=True), output_field=BooleanField()),
        )
        .select_related("customer")
        # Fetched by id after the page: the four-way join cost PostgreSQL more to plan than to run.
        .prefetch_related("asset__product_model", "region", "address")
        .order_by("onsite_due_at", "id")[: max(1, min(show, BOARD_WAITING_MAX))]
    )
    offered = (
        scope(_open_offers(), user)
        .select_related("work_order", "technician", "station")
        .order_by("respond_by")[:BOARD_OFFERED]
    )
    ctx = DispatchContext(regions, clock.now())
    technicians = sorted(ctx.techs.values(), key=lambda t: (t.station.name, -t.load))
    p = principal_for(user)
    at_station = p.org_kind == OrganisationKind.STATION and not p.is_superuser
    if at_station:
        technicians = [t for t in technicians if t.station.pk == p.organisation_id]
    waiting_list: list[WorkOrder] = list(waiting)
    return Board(
        waiting=waiting_list,
        waiting_total=(len(waiting_list) if len(waiting_list) < show else unassigned.count()),
        offered=list(offered),
        technicians=technicians,
        regions=regions,
        can_batch=may(p, "dispatch:batch") and p.org_kind != OrganisationKind.STATION,
    )


@dataclass
class Stop:
    order: WorkOrder
    km: float  # from the previous stop (or the start); -1 when unknown
    phone: str
    address: str
    maps: dict[str, str]


@dataclass
class Day:
    stops: list[Stop]
    start_note: str  # where the route starts from: "last_known", "home_base", "station", ""


def _start_point(user: Any, now: Any) -> tuple[tuple[float, float] | None, str]:
    """Where the technician is: a fresh phone position, else home base, else the station."""
    profile = TechnicianProfile.objects.filter(user=user).first()
    if profile is not None:
        last = as_point(profile.last_latitude, profile.last_longitude)
        seen = profile.last_seen_at
        if last and seen and now - seen <= POSITION_FRESH:
            return last, "last_known"
        home = as_point(profile.home_latitude, profile.home_longitude)
        if home:
            return home, "home_base"
    org = user.organisation
    station = as_point(org.latitude, org.longitude) if org else None
    return station, "station" if station else ""


def technician_day(user: Any) -> Day:
    """My jobs today: the orders given to me and not yet done (assigned, in progress, waiting),
    in route order — nearest neighbour from my last known position or my station."""
    orders = list(
        scope(WorkOrder.objects.filter(technician_id=user.pk, status__in=LOADED), user)
        .select_related("customer", "address", "asset__product_model")
        .order_by("onsite_due_at", "id")
    )
    start, note = _start_point(user, clock.now())
    points = [
        as_point(o.address.latitude, o.address.longitude) if o.address else None for o in orders
    ]
    stops = []
    for index, km in route.nearest_neighbour(start, points):
        order = orders[index]
        address = privacy.display_address(user, order.customer, order.address)
        stops.append(
            Stop(
                order=order,
                km=round(km, 1),
                phone=privacy.display_phone(user, order.customer),
                address=address,
                maps=route.map_links(points[index], address or order.number),
            )
        )
    return Day(stops=stops, start_note=note)
