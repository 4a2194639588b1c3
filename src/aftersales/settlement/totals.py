"""A statement's figures, always recomputed from its lines (never added up in place): the sums
by what the claims pay for, deductions, adjustments, the network's fee (its rate of the approved
claims, one line) and the total; a station statement under a network refreshes its line on the
network's statement, and that statement's figures in turn."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.errors import Conflict
from aftersales.settlement.choices import LineKind, StatementKind, StatementStatus
from aftersales.settlement.models import Statement, StatementLine
from aftersales.settlement.money import Breakdown, Totals, add_line, network_fee

FIGURES = [
    "labour_amount",
    "parts_amount",
    "travel_amount",
    "outside_purchase_amount",
    "other_amount",
    "claims_amount",
    "deductions_amount",
    "adjustments_amount",
    "fee_amount",
    "total_amount",
    "line_count",
    "updated_at",
]


def _sums(statement_ids: list[int]) -> dict[int, Totals]:
    rows = (
        StatementLine.objects.filter(statement_id__in=statement_ids)
        .exclude(kind=LineKind.NETWORK_FEE)
        .values("statement_id", "kind")
        .annotate(
            labour_sum=Sum("labour"),
            parts_sum=Sum("parts"),
            travel_sum=Sum("travel"),
            outside_sum=Sum("outside_purchase"),
            other_sum=Sum("other"),
            amount_sum=Sum("amount"),
            n=Count("pk"),
        )
        .order_by()
    )
    totals: dict[int, Totals] = {pk: Totals() for pk in statement_ids}
    for r in rows:
        b = Breakdown(
            r["labour_sum"], r["parts_sum"], r["travel_sum"], r["outside_sum"], r["other_sum"]
        )
        add_line(totals[r["statement_id"]], r["kind"], b, r["amount_sum"], r["n"])
    return totals


def _fee_line(statement: Statement, totals: Totals) -> None:
    fee = network_fee(totals.claims, statement.fee_percent)
    line = StatementLine.objects.filter(statement=statement, kind=LineKind.NETWORK_FEE).first()
    if line is None and fee:
        line = StatementLine(
            statement=statement,
            kind=LineKind.NETWORK_FEE,
            reference=f"FEE {statement.fee_percent}%",
            amount=fee,
            other=fee,
        )
        line.save()
    elif line is not None and line.amount != fee:
        line.amount = line.other = fee
        line.save(update_fields=["amount", "other"])
    if line is not None:
        add_line(totals, LineKind.NETWORK_FEE, Breakdown(other=fee), fee)


def _station_line(child: Statement) -> None:
    """The child's line on its network's statement: what the manufacturer pays the network for
    this station (before the network's own fee)."""
    assert child.parent_id is not None
    amount = child.total_amount - child.fee_amount
    fields = {
        "labour": child.labour_amount,
        "parts": child.parts_amount,
        "travel": child.travel_amount,
        "outside_purchase": child.outside_purchase_amount,
        "other": child.other_amount,
        "amount": amount,
    }
    line = StatementLine.objects.filter(child=child).first()
    if line is None:
        StatementLine(
            statement_id=child.parent_id,
            kind=LineKind.STATION_STATEMENT,
            child=child,
            reference=child.payee.code,
            description=child.payee.name[:200],
            **fields,
        ).save()
    elif any(getattr(line, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(line, k, v)
        line.save(update_fields=list(fields))


def refresh_statements(statement_ids: Iterable[int]) -> list[Statement]:
    """Recompute these statements' figures from their lines (and their networks')."""
    ids = sorted(set(statement_ids))
    if not ids:
        return []
    if Statement.objects.filter(pk__in=ids, status=StatementStatus.LOCKED).exists():
        raise Conflict(_("This statement is locked: corrections go on the next statement."))
    statements = list(Statement.objects.filter(pk__in=ids).select_related("payee").order_by("pk"))
    sums = _sums(ids)
    now = clock.now()
    for s in statements:
        t = sums[s.pk]
        if s.kind == StatementKind.NETWORK_STATION:
            _fee_line(s, t)
        s.labour_amount, s.parts_amount, s.travel_amount = t.labour, t.parts, t.travel
        s.outside_purchase_amount, s.other_amount = t.outside_purchase, t.other
        s.claims_amount, s.deductions_amount = t.claims, t.deductions
        s.adjustments_amount, s.fee_amount = t.adjustments, t.fee
        s.total_amount, s.line_count, s.updated_at = t.total, t.count, now
    Statement.objects.bulk_update(statements, FIGURES, batch_size=200)
    children = [s for s in statements if s.parent_id]
    for child in children:
        _station_line(child)
    parents = sorted({c.parent_id for c in children if c.parent_id})
    if parents:
        refresh_statements(parents)
    return statements
