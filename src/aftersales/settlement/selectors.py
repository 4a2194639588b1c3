"""Settlement reads, always through the access layer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.core.access import get_visible, principal_for, scope
from aftersales.core.audit import events_for
from aftersales.core.errors import NotFound
from aftersales.core.models import AuditEvent
from aftersales.core.state_machine import Transition
from aftersales.settlement.models import (
    OldPart,
    OldPartShipment,
    Statement,
    StatementLine,
    SupplierRecovery,
)
from aftersales.settlement.workflow import (
    OLD_PART_FLOW,
    RECOVERY_FLOW,
    SHIPMENT_FLOW,
    STATEMENT_FLOW,
)

STATEMENT_JOINS = ("payee", "payer", "manufacturer", "parent")


@dataclass(frozen=True)
class StatementFilters:
    month: date | None = None
    status: str | None = None
    kind: str | None = None


def statement_list(user: Any, filters: StatementFilters | None = None) -> QuerySet[Statement]:
    f = filters or StatementFilters()
    qs = scope(Statement.objects.select_related(*STATEMENT_JOINS), user)
    if f.month:
        qs = qs.filter(period=f.month)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.order_by("-period", "payee__code", "-id")


def statement_get(user: Any, pk: int) -> Statement:
    return get_visible(Statement.objects.select_related(*STATEMENT_JOINS), user, pk=pk)


def statement_lines(statement: Statement) -> QuerySet[StatementLine]:
    return statement.lines.order_by("id")


def statement_line_get(user: Any, statement_id: int, line_id: int) -> StatementLine:
    statement = statement_get(user, statement_id)
    line = get_visible(StatementLine.objects.filter(statement=statement), user, pk=line_id)
    line.statement = statement
    return line


def statement_children(statement: Statement) -> QuerySet[Statement]:
    return statement.children.select_related("payee").order_by("payee__code")


def readable_ids(
    user: Any, model: type[Statement] | type[OldPartShipment], ids: Iterable[int | None]
) -> frozenset[int]:
    """Which of these records the user may open: a page links only those (the manufacturer's
    finance reads a network's statement but not the station statements on it, a station its
    own statement but not its network's, a part's supplier the old part but not the shipment
    taking it to the manufacturer)."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return frozenset()
    return frozenset(scope(model.objects.filter(pk__in=wanted), user).values_list("pk", flat=True))


def old_part_list(
    user: Any, *, status: str | None = None, shipment_id: int | None = None
) -> QuerySet[OldPart]:
    qs = scope(
        OldPart.objects.select_related("part", "claim", "station", "destination", "shipment"),
        user,
    )
    if status:
        qs = qs.filter(status=status)
    if shipment_id:
        qs = qs.filter(shipment_id=shipment_id)
    return qs.order_by("-id")


def old_part_get(user: Any, pk: int) -> OldPart:
    return get_visible(
        OldPart.objects.select_related(
            "part", "claim", "station", "manufacturer", "destination", "supplier", "shipment"
        ),
        user,
        pk=pk,
    )


def old_parts_named(user: Any, ids: list[int]) -> list[OldPart]:
    """The old parts these ids name, each visible to the user; 404 if one is not."""
    found = {p.pk: p for p in scope(OldPart.objects.filter(pk__in=ids), user)}
    if any(pk not in found for pk in ids):
        raise NotFound(_("No such old part."))
    return [found[pk] for pk in dict.fromkeys(ids)]


def shipment_list(user: Any, *, status: str | None = None) -> QuerySet[OldPartShipment]:
    qs = scope(OldPartShipment.objects.select_related("station", "destination"), user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def shipment_get(user: Any, pk: int) -> OldPartShipment:
    return get_visible(
        OldPartShipment.objects.select_related("station", "destination", "manufacturer"),
        user,
        pk=pk,
    )


def shipment_items(shipment: OldPartShipment) -> QuerySet[OldPart]:
    return shipment.items.select_related("part", "claim").order_by("id")


def recovery_list(
    user: Any, *, month: date | None = None, status: str | None = None
) -> QuerySet[SupplierRecovery]:
    qs = scope(SupplierRecovery.objects.select_related("supplier", "manufacturer"), user)
    if month:
        qs = qs.filter(period=month)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-period", "-id")


def recovery_get(user: Any, pk: int) -> SupplierRecovery:
    return get_visible(
        SupplierRecovery.objects.select_related("supplier", "manufacturer"), user, pk=pk
    )


def events(record: Any) -> QuerySet[AuditEvent]:
    return events_for(record)


MACHINES = {
    Statement: STATEMENT_FLOW,
    OldPart: OLD_PART_FLOW,
    OldPartShipment: SHIPMENT_FLOW,
    SupplierRecovery: RECOVERY_FLOW,
}


def allowed(user: Any, record: Any) -> list[Transition]:
    """The transitions this user may fire on the record now (pages offer only these)."""
    return MACHINES[type(record)].allowed(record, principal_for(user))
