"""The month's settlement run (generate_settlements): every approved claim of a manufacturer
decided before the month's end and on no statement yet goes on its station's statement of that
month, with the old parts found missing or wrong (taken back), the old parts not returned in
time (taken back too), the scrap deductions and the penalties and adjustments waiting for the
station; through a network, the network's fee on the station's statement and one line per
station statement on the network's.

Old parts not returned in time: a part to be returned (to the manufacturer or its supplier)
still awaiting return, never shipped, whose return_due has passed before the month's end is
taken back like a missing one (`old_part_overdue`), once: the database keeps one take-back per
old part, missing, wrong or overdue, so a later run, or a later shipment found missing or wrong,
never takes it twice. A part already shipped is not overdue (it is judged where it arrives). If
the part comes back after all and passes inspection (received, or fault not confirmed: it did
come back), the station gets back what was taken (the take-back less any correction of a
dispute), once, as an `old_part_returned` line on its next open statement; it waits until the
statement carrying the take-back is locked, so that no correction of that line can follow the
repayment.

Exactly once: the run locks the manufacturer's row first (one run per manufacturer at a time, on
PostgreSQL as on SQLite) and then its month's statements in id order; a claim approved while the
run reads is simply not seen and waits for the next run; the database refuses a second line for
a claim (StatementLine.claim is one-to-one). A station whose statement of the month is already
confirmed keeps its new items for the next month's statement (a locked one never changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.claims.models import Claim
from aftersales.claims.workflow import DECIDED
from aftersales.core import clock
from aftersales.core.access import principal_for, require
from aftersales.core.errors import NotAllowed
from aftersales.core.events import Audience, event_type
from aftersales.core.models import AuditEvent, Organisation, OrganisationKind, User
from aftersales.settlement.choices import (
    DEDUCTION_KINDS,
    RETURNED,
    TAKE_BACK_KINDS,
    Inspection,
    LineKind,
    OldPartStatus,
    StatementKind,
    StatementStatus,
)
from aftersales.settlement.models import (
    NetworkFee,
    OldPart,
    SettlementAdjustment,
    Statement,
    StatementLine,
)
from aftersales.settlement.money import ZERO, money
from aftersales.settlement.periods import end_of, next_month
from aftersales.settlement.sql import insert_claim_lines
from aftersales.settlement.totals import refresh_statements

# The receiver's findings that mean the part came back (a late one is repaid).
CAME_BACK = (Inspection.RECEIVED, Inspection.FAULT_NOT_CONFIRMED)


@dataclass(frozen=True)
class OldPartItem:
    """What the run writes for an old part: its line's kind and amount."""

    part: OldPart
    kind: str
    amount: Decimal


@dataclass
class RunResult:
    manufacturer_id: int
    period: date
    created: list[int] = field(default_factory=list)
    topped_up: list[int] = field(default_factory=list)
    claims: int = 0
    deductions: int = 0
    adjustments: int = 0
    deferred_stations: int = 0

    @property
    def statement_ids(self) -> list[int]:
        return sorted({*self.created, *self.topped_up})


def may_generate_for(actor: User | None, manufacturer: Organisation) -> None:
    if actor is None:
        return
    require(actor, "statement:generate")
    p = principal_for(actor)
    if not p.is_superuser and p.organisation_id != manufacturer.pk:
        raise NotAllowed(_("You may settle only your own manufacturer's claims."))


def fee_percent_for(network_id: int, manufacturer_id: int) -> Decimal:
    rows = {
        r.manufacturer_id: r.fee_percent
        for r in NetworkFee.objects.filter(network_id=network_id).filter(
            Q(manufacturer_id=manufacturer_id) | Q(manufacturer__isnull=True)
        )
    }
    return rows.get(manufacturer_id, rows.get(None, ZERO))


class _Run:
    def __init__(self, manufacturer: Organisation, period: date, actor: User | None):
        self.m = manufacturer
        self.period = period
        self.actor = actor
        self.now = clock.now()
        self.result = RunResult(manufacturer.pk, period)
        self.statements: dict[int, Statement] = {}  # payee id → statement of the month
        self.open_payees: set[int] = set()

    # -- what waits ------------------------------------------------------------------------
    def pending_claims(self) -> QuerySet[Claim]:
        return Claim.objects.filter(
            manufacturer_id=self.m.pk,
            status__in=DECIDED,
            decided_at__lt=end_of(self.period),
            approved_amount__isnull=False,
            statement_line__isnull=True,
        ).order_by()

    def overdue_before(self) -> date:
        """A part due back before this day and still not shipped is overdue: the month's end,
        or today when the month has not ended (a part due tomorrow is not late yet)."""
        return min(next_month(self.period), timezone.localdate(self.now))

    def pending_old_parts(self) -> list[OldPartItem]:
        mine = OldPart.objects.filter(manufacturer_id=self.m.pk).select_related("claim", "part")
        taken_back = Exists(
            StatementLine.objects.filter(old_part=OuterRef("pk"), kind__in=TAKE_BACK_KINDS)
        )
        items = [
            OldPartItem(p, LineKind.OLD_PART_REVERSAL, -p.amount)
            for p in mine.filter(
                # By the finding, not the state: writing the part off (核销) keeps the finding.
                ~taken_back,
                inspection__in=[Inspection.MISSING, Inspection.WRONG_PART],
            )
        ]
        items += [
            OldPartItem(p, LineKind.OLD_PART_OVERDUE, -p.amount)
            for p in mine.filter(
                ~taken_back,
                status=OldPartStatus.AWAITING_RETURN,
                disposition__in=RETURNED,
                return_due__lt=self.overdue_before(),
            )
        ]
        items += [
            OldPartItem(p, LineKind.SCRAP_DEDUCTION, -p.scrap_deduction)
            for p in mine.filter(disposition="scrap", scrap_deduction__gt=0).exclude(
                statement_lines__kind=LineKind.SCRAP_DEDUCTION
            )
        ]
        items += self.repayments()
        return sorted(items, key=lambda item: (item.part.pk, item.kind))

    def repayments(self) -> list[OldPartItem]:
        """Overdue parts that came back after all: what was taken back (less what a dispute
        corrected), once the statement that took it is locked."""
        repaid = StatementLine.objects.filter(
            old_part=OuterRef("old_part"), kind=LineKind.OLD_PART_RETURNED
        )
        overdue = (
            StatementLine.objects.filter(
                ~Exists(repaid),
                kind=LineKind.OLD_PART_OVERDUE,
                statement__status=StatementStatus.LOCKED,
                old_part__manufacturer_id=self.m.pk,
                old_part__inspection__in=CAME_BACK,
            )
            .annotate(corrected=Sum("corrections__amount"))
            .select_related("old_part__claim", "old_part__part")
            .order_by()
        )
        items = []
        for line in overdue:
            assert line.old_part is not None
            # SQLite sums decimals as floating point: back to the fen.
            amount = -(line.amount + money(line.corrected or ZERO))
            if amount > 0:
                items.append(OldPartItem(line.old_part, LineKind.OLD_PART_RETURNED, amount))
        return items

    def pending_adjustments(self) -> list[SettlementAdjustment]:
        return list(
            SettlementAdjustment.objects.filter(
                manufacturer_id=self.m.pk, statement_line__isnull=True
            ).order_by("pk")
        )

    # -- statements ------------------------------------------------------------------------
    def prepare(self, station_ids: set[int]) -> None:
        """The month's statements of these stations (and their networks), created or reused;
        `open_payees` are those that may still take lines."""
        existing = {
            s.payee_id: s
            for s in Statement.objects.select_for_update()
            .filter(manufacturer_id=self.m.pk, period=self.period)
            .order_by("pk")
        }
        stations = dict(
            Organisation.objects.filter(pk__in=station_ids).values_list("pk", "network_id")
        )
        networks = {n for n in stations.values() if n}
        fees = {n: fee_percent_for(n, self.m.pk) for n in networks}
        # The networks' statements first, so that their stations' point at them when written.
        parents = [
            self._statement(StatementKind.MANUFACTURER_NETWORK, network_id, None)
            for network_id in sorted(networks)
            if network_id not in existing
        ]
        children: list[Statement] = []
        for statement in Statement.objects.bulk_create(parents):
            existing[statement.payee_id] = statement
            self.result.created.append(statement.pk)
        for station_id, network_id in sorted(stations.items()):
            parent = existing.get(network_id) if network_id else None
            if network_id and parent is not None and parent.status != StatementStatus.ISSUED:
                continue  # the network's statement of the month is past taking stations
            if station_id not in existing:
                kind = (
                    StatementKind.NETWORK_STATION
                    if network_id
                    else StatementKind.MANUFACTURER_STATION
                )
                child = self._statement(kind, station_id, network_id, fees.get(network_id))
                child.parent = parent
                children.append(child)
        for statement in Statement.objects.bulk_create(children):
            existing[statement.payee_id] = statement
            self.result.created.append(statement.pk)
        self.statements = existing
        self.open_payees = {
            payee
            for payee, s in existing.items()
            if s.status == StatementStatus.ISSUED
            and (s.parent_id is None or s.parent is None or self._parent_open(s))
        }

    def _parent_open(self, s: Statement) -> bool:
        parent = self.statements.get(s.network_id or 0)
        return parent is not None and parent.status == StatementStatus.ISSUED

    def _statement(
        self, kind: str, payee_id: int, network_id: int | None, fee: Decimal | None = None
    ) -> Statement:
        payer_id: int = (
            network_id if kind == StatementKind.NETWORK_STATION and network_id else self.m.pk
        )
        return Statement(
            kind=kind,
            period=self.period,
            manufacturer_id=self.m.pk,
            payer_id=payer_id,
            payee_id=payee_id,
            station_id=payee_id if kind != StatementKind.MANUFACTURER_NETWORK else None,
            network_id=network_id if kind != StatementKind.MANUFACTURER_NETWORK else payee_id,
            fee_percent=fee or ZERO,
            created_at=self.now,
            updated_at=self.now,
        )

    # -- lines -----------------------------------------------------------------------------
    def claim_lines(self) -> None:
        self.result.claims = insert_claim_lines(
            manufacturer_id=self.m.pk,
            period=self.period,
            decided_before=end_of(self.period),
            statuses=sorted(DECIDED),
        )

    def old_part_lines(self, items: list[OldPartItem]) -> None:
        """The old parts taken back (missing, wrong, overdue), scrap deductions, and late parts
        repaid, on the stations' open statements."""
        lines = []
        for item in items:
            part = item.part
            if part.station_id not in self.open_payees:
                continue
            lines.append(
                StatementLine(
                    statement_id=self.statements[part.station_id].pk,
                    kind=item.kind,
                    old_part=part,
                    reference=part.number,
                    description=f"{part.claim.number} · {part.part.number} {part.part.name}"[:200],
                    parts=item.amount,
                    amount=item.amount,
                )
            )
        StatementLine.objects.bulk_create(lines)
        self.result.deductions = sum(1 for line in lines if line.kind in DEDUCTION_KINDS)
        self.result.adjustments += len(lines) - self.result.deductions

    def adjustment_lines(self, adjustments: list[SettlementAdjustment]) -> None:
        lines = [
            StatementLine(
                statement_id=self.statements[a.station_id].pk,
                kind=a.kind,
                adjustment=a,
                reference=f"ADJ-{a.pk}",
                description=a.reason[:200],
                other=a.amount,
                amount=a.amount,
            )
            for a in adjustments
            if a.station_id in self.open_payees
        ]
        StatementLine.objects.bulk_create(lines)
        self.result.adjustments += len(lines)

    def audit(self, before: dict[int, int]) -> None:
        """One `statement.generated` (or `statement.lines_added`) event per statement, written
        in one batch: a month has a thousand statements. The rows are what `record_event`
        writes (declared verb, actor's name, the record's label), in the same transaction."""
        created = set(self.result.created)
        content_type = ContentType.objects.get_for_model(Statement)
        events = []
        for statement in Statement.objects.filter(pk__in=self.result.statement_ids):
            added = statement.line_count - before.get(statement.pk, 0)
            if statement.pk in created:
                verb = "statement.generated"
            elif added:
                verb = "statement.lines_added"
            else:
                continue
            event = event_type(verb)
            events.append(
                AuditEvent(
                    at=self.now,
                    actor=self.actor,
                    actor_name=str(self.actor) if self.actor else "system",
                    content_type=content_type,
                    object_id=statement.pk,
                    record_label=str(statement)[:120],
                    verb=event.verb,
                    to_state=statement.status,
                    data={
                        "period": f"{self.period:%Y-%m}",
                        "lines_added": added,
                        "total": str(statement.total_amount),
                    },
                    public=event.audience == Audience.CUSTOMER,
                )
            )
        AuditEvent.objects.bulk_create(events, batch_size=500)


def settlements_generate(
    *, manufacturer: Organisation, period: date, actor: User | None
) -> RunResult:
    """Generate (or top up) the manufacturer's statements of the month."""
    may_generate_for(actor, manufacturer)
    if manufacturer.kind != OrganisationKind.MANUFACTURER:
        raise NotAllowed(_("Only a manufacturer's claims are settled."))
    with transaction.atomic():
        # One run per manufacturer at a time: the second waits here, then finds the claims
        # already on statements. FOR NO KEY UPDATE on PostgreSQL (SQLite has no row locks):
        # it still queues runs, but not the writes that merely refer to the manufacturer (a
        # station shipping an old part holds the part, then refers to the manufacturer; a run
        # holding FOR UPDATE and writing a line on that part would deadlock with it).
        Organisation.objects.select_for_update(no_key=True).filter(pk=manufacturer.pk).first()
        run = _Run(manufacturer, period, actor)
        claims = run.pending_claims()
        old_parts = run.pending_old_parts()
        adjustments = run.pending_adjustments()
        stations = set(claims.values_list("station_id", flat=True).distinct())
        stations |= {item.part.station_id for item in old_parts}
        stations |= {a.station_id for a in adjustments}
        if not stations:
            return run.result
        run.prepare(stations)
        before = {s.pk: s.line_count for s in run.statements.values()}
        run.claim_lines()
        run.old_part_lines(old_parts)
        run.adjustment_lines(adjustments)
        touched = [s.pk for payee, s in run.statements.items() if payee in run.open_payees]
        refresh_statements(touched)
        run.result.topped_up = [pk for pk in touched if pk not in run.result.created]
        run.result.deferred_stations = len(stations - run.open_payees)
        run.audit(before)
    return run.result
