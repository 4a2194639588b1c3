"""Claim reads, always through the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from aftersales.claims import versions
from aftersales.claims.ageing import Ageing, StationRate, ageing, month_start
from aftersales.claims.checks import Finding, finding_message
from aftersales.claims.models import (
    Claim,
    ClaimFinding,
    ClaimLine,
    ClaimPhoto,
    ClaimVersion,
    PreAuthorisation,
)
from aftersales.claims.screening import screen
from aftersales.claims.workflow import CLAIM_FLOW, PRE_AUTHORISATION_FLOW
from aftersales.core import clock
from aftersales.core.access import get_visible, principal_for, scope
from aftersales.core.audit import events_for
from aftersales.core.models import AuditEvent
from aftersales.core.state_machine import Transition
from aftersales.workorders.models import WorkOrder

DETAIL_JOINS = (
    "work_order",
    "station",
    "manufacturer",
    "product_model__category",
    "causal_part",
    "pre_authorisation",
    "asset",
)


def claim_get(user: Any, pk: int) -> Claim:
    return get_visible(Claim.objects.select_related(*DETAIL_JOINS), user, pk=pk)


def claim_line_get(user: Any, claim_id: int, line_id: int) -> ClaimLine:
    claim = claim_get(user, claim_id)
    line = get_visible(ClaimLine.objects.filter(claim=claim), user, pk=line_id)
    line.claim = claim
    return line


def claim_photo_get(user: Any, pk: int) -> ClaimPhoto:
    return get_visible(ClaimPhoto.objects.all(), user, pk=pk)


def claim_photo_of(user: Any, claim_id: int, photo_id: int) -> ClaimPhoto:
    """A photo of this claim (404 for one of another claim, as for a claim not seen)."""
    claim = claim_get(user, claim_id)
    photo = get_visible(ClaimPhoto.objects.filter(claim=claim), user, pk=photo_id)
    photo.claim = claim
    return photo


def pre_authorisation_get(user: Any, pk: int) -> PreAuthorisation:
    return get_visible(
        PreAuthorisation.objects.select_related("work_order", "causal_part", "station"),
        user,
        pk=pk,
    )


def pre_authorisations_of_order(user: Any, order: WorkOrder) -> QuerySet[PreAuthorisation]:
    return scope(PreAuthorisation.objects.filter(work_order=order), user).order_by("-id")


def pre_authorisations_waiting(user: Any) -> QuerySet[PreAuthorisation]:
    """Requests this reviewer may decide, oldest first."""
    return (
        scope(PreAuthorisation.objects.all(), user, "claim:review")
        .filter(status__in=PRE_AUTHORISATION_FLOW.group("open"))
        .select_related("work_order", "station", "causal_part")
        .order_by("created_at", "id")
    )


def allowed_transitions(user: Any, claim: Claim) -> list[Transition]:
    return CLAIM_FLOW.allowed(claim, principal_for(user))


# -- lists -----------------------------------------------------------------------------------
def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def station_rates(user: Any, today: date | None = None) -> dict[int, StationRate]:
    """Claims per 100 completed orders per station: this month against the six before, over the
    claims and orders this user sees (a manufacturer: its products')."""
    today = today or timezone.localdate(clock.now())
    now_from, before_from = _day_start(month_start(today)), _day_start(month_start(today, 6))
    claims = scope(Claim.objects.all(), user).filter(first_submitted_at__gte=before_from)
    orders = scope(WorkOrder.objects.all(), user).filter(
        completed_at__gte=before_from, station__isnull=False
    )

    def counts(qs: QuerySet[Any], field: str) -> tuple[dict[int, int], dict[int, int]]:
        rows = qs.values("station_id").annotate(
            now=Count("id", filter=Q(**{f"{field}__gte": now_from})),
            before=Count("id", filter=Q(**{f"{field}__lt": now_from})),
        )
        return (
            {r["station_id"]: r["now"] for r in rows},
            {r["station_id"]: r["before"] for r in rows},
        )

    claims_now, claims_before = counts(claims, "first_submitted_at")
    orders_now, orders_before = counts(orders, "completed_at")
    return {
        station: StationRate(
            claims_now.get(station, 0),
            orders_now.get(station, 0),
            claims_before.get(station, 0),
            orders_before.get(station, 0),
        )
        for station in claims_now.keys() | claims_before.keys()
    }


def spiking_stations(user: Any, today: date | None = None) -> set[int]:
    return {pk for pk, rate in station_rates(user, today).items() if rate.spiking}


@dataclass
class FlaggedStation:
    id: int
    name: str
    rate: StationRate


def flagged_stations(user: Any, rates: dict[int, StationRate]) -> list[FlaggedStation]:
    """The spiking stations of `station_rates`, the highest rate first, with their names read
    through the claims this user sees (a manufacturer sees no station otherwise; every one of
    these has claims of its own, or it would have no rate)."""
    spiking = {pk: rate for pk, rate in rates.items() if rate.spiking}
    names = dict(
        scope(Claim.objects.filter(station_id__in=sorted(spiking)), user)
        .order_by()
        .values_list("station_id", "station__name")
        .distinct()
    )
    return sorted(
        (FlaggedStation(pk, names.get(pk, ""), rate) for pk, rate in spiking.items()),
        key=lambda s: (-s.rate.rate_now, s.name),
    )


@dataclass
class ClaimFilters:
    status: list[str] | None = None
    type: str | None = None
    station_id: int | None = None
    flagged: bool | None = None
    work_order_id: int | None = None


def claim_list(user: Any, filters: ClaimFilters | None = None) -> QuerySet[Claim]:
    f = filters or ClaimFilters()
    qs = scope(Claim.objects.all(), user).select_related("station", "manufacturer", "work_order")
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.type:
        qs = qs.filter(type=f.type)
    if f.station_id:
        qs = qs.filter(station_id=f.station_id)
    if f.work_order_id:
        qs = qs.filter(work_order_id=f.work_order_id)
    if f.flagged is not None:
        flagged = Q(warnings__gt=0) | Q(station_id__in=sorted(spiking_stations(user)))
        qs = qs.filter(flagged if f.flagged else ~flagged)
    return qs


@dataclass
class QueueRow:
    claim: Claim
    ageing: Ageing
    station_spiking: bool


# The queue page shows the most urgent claims up to this many (and says how many wait in all).
QUEUE_LIMIT = 200


@dataclass
class ReviewQueue:
    rows: list[QueueRow]
    total: int  # waiting in all, shown or not

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def review_queue(
    user: Any, today: date | None = None, spiking: set[int] | None = None
) -> ReviewQueue:
    """Claims waiting for this reviewer's decision, the most urgent deadline first (the first
    `QUEUE_LIMIT`), and how many wait in all."""
    today = today or timezone.localdate(clock.now())
    if spiking is None:
        spiking = spiking_stations(user, today)
    waiting = scope(Claim.objects.all(), user, "claim:review").filter(
        status__in=CLAIM_FLOW.group("awaiting_review")
    )
    claims = list(
        waiting.select_related("station", "work_order", "product_model").order_by(
            "decision_due", "submitted_at", "id"
        )[:QUEUE_LIMIT]
    )
    total = len(claims) if len(claims) < QUEUE_LIMIT else waiting.count()
    rows = [
        QueueRow(
            claim,
            ageing(
                timezone.localdate(claim.submitted_at or claim.created_at),
                claim.decision_due or today,
                today,
            ),
            claim.station_id in spiking,
        )
        for claim in claims
    ]
    return ReviewQueue(rows, total)


# -- one claim -------------------------------------------------------------------------------
def claim_lines(claim: Claim) -> QuerySet[ClaimLine]:
    return claim.lines.select_related("operation", "part").order_by("id")


def claim_photos(claim: Claim) -> QuerySet[ClaimPhoto]:
    return claim.photos.order_by("id")


@dataclass(frozen=True)
class FindingView:
    code: str
    mode: str
    line_id: int | None
    message: Any
    detail: dict[str, Any]


def claim_findings(claim: Claim) -> tuple[list[FindingView], bool]:
    """(findings, preview): the stored findings of the last submission, or for a claim the
    station may still change, what the checks would find if it were submitted today."""
    if CLAIM_FLOW.in_group(claim.status, "editable"):
        on = timezone.localdate(claim.first_submitted_at or clock.now())
        return [_view(f) for f in screen(claim, on=on)], True
    stored = ClaimFinding.objects.filter(claim=claim, revision=claim.revision).order_by("id")
    return [
        FindingView(
            f.code,
            f.mode,
            f.line_id,
            finding_message(f.code, f.detail.get("variant", ""), f.detail),
            f.detail,
        )
        for f in stored
    ], False


def _view(f: Finding) -> FindingView:
    return FindingView(f.code, f.mode, f.line_id, f.message, f.as_dict())


def claim_versions(claim: Claim) -> list[dict[str, Any]]:
    """Every submitted version with what changed since the one before."""
    rows = list(ClaimVersion.objects.filter(claim=claim).order_by("number"))
    result = []
    previous: ClaimVersion | None = None
    for version in rows:
        result.append(
            {
                "version": version,
                "changes": versions.diff(previous.snapshot, version.snapshot) if previous else None,
            }
        )
        previous = version
    return result


def claim_events(claim: Claim) -> QuerySet[AuditEvent]:
    return events_for(claim)


@dataclass
class SerialHistory:
    claims: list[Claim]
    orders: list[WorkOrder]


def serial_history(user: Any, claim: Claim) -> SerialHistory:
    """Earlier claims and work orders of the same serial that this user sees."""
    claims = (
        scope(Claim.objects.filter(serial=claim.serial), user)
        .exclude(pk=claim.pk)
        .select_related("station")
        .order_by("-created_at")[:20]
        if claim.serial
        else Claim.objects.none()
    )
    orders = (
        scope(WorkOrder.objects.filter(asset_id=claim.asset_id), user)
        .exclude(pk=claim.work_order_id)
        .select_related("station")
        .order_by("-created_at")[:20]
        if claim.asset_id
        else WorkOrder.objects.none()
    )
    return SerialHistory(list(claims), list(orders))


def claims_of_order(user: Any, order: WorkOrder) -> QuerySet[Claim]:
    return scope(Claim.objects.filter(work_order=order), user).order_by("-id")
