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
from aftersales.settlement.money import ZERO, Breakdown, Totals, add_line, money, network_fee
from aftersales.settlement.sql import insert_rows, update_rows

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
        # SQLite sums decimals as floating point: back to the fen before any arithmetic.
        b = Breakdown(
            labour=money(r["labour_sum"]),
            parts=money(r["parts_sum"]),
            travel=money(r["travel_sum"]),
            outside_purchase=money(r["outside_sum"]),
            other=money(r["other_sum"]),
        )
        add_line(totals[r["statement_id"]], r["kind"], b, money(r["amount_sum"]), r["n"])
    return totals


def _fee_lines(statements: list[Statement], sums: dict[int, Totals]) -> None:
    """One fee line per station statement under a network: its rate of the approved claims."""
    under_network = [s for s in statements if s.kind == StatementKind.NETWORK_STATION]
    existing = {
        line.statement_id: line
        for line in StatementLine.objects.filter(
            statement__in=under_network, kind=LineKind.NETWORK_FEE
        )
    }
    new, changed = [], []
    for s in under_network:
        fee = network_fee(sums[s.pk].claims, s.fee_percent)
        line = existing.get(s.pk)
        if line is None and fee:
            new.append(
                {
                    "statement": s.pk,
                    "kind": LineKind.NETWORK_FEE,
                    "reference": f"FEE {s.fee_percent}%",
                    "amount": fee,
                    "other": fee,
                }
            )
        elif line is not None and line.amount != fee:
            changed.append((fee, fee, line.pk))
        if line is not None or fee:
            add_line(sums[s.pk], LineKind.NETWORK_FEE, Breakdown(other=fee), fee)
    _insert_lines(new)
    update_rows(StatementLine, ["amount", "other"], changed)


def _station_lines(children: list[Statement]) -> None:
    """Each child's line on its network's statement: what the manufacturer pays the network for
    the station (before the network's own fee)."""
    existing = {line.child_id: line for line in StatementLine.objects.filter(child__in=children)}
    new, changed = [], []
    for child in children:
        assert child.parent_id is not None
        values = [
            child.labour_amount,
            child.parts_amount,
            child.travel_amount,
            child.outside_purchase_amount,
            child.other_amount,
            child.total_amount - child.fee_amount,
        ]
        line = existing.get(child.pk)
        if line is None:
            new.append(
                {
                    "statement": child.parent_id,
                    "kind": LineKind.STATION_STATEMENT,
                    "child": child.pk,
                    "reference": child.payee.code,
                    "description": child.payee.name[:200],
                    **dict(zip(STATION_LINE_FIELDS, values, strict=True)),
                }
            )
        elif [getattr(line, f) for f in STATION_LINE_FIELDS] != values:
            changed.append((*values, line.pk))
    _insert_lines(new)
    update_rows(StatementLine, STATION_LINE_FIELDS, changed)


STATION_LINE_FIELDS = ["labour", "parts", "travel", "outside_purchase", "other", "amount"]
# A line written by the run: the columns it names, zero money and empty texts for the rest.
LINE_DEFAULTS: dict[str, object] = {
    "statement": None,
    "kind": "",
    "child": None,
    "reference": "",
    "description": "",
    **dict.fromkeys(["labour", "parts", "travel", "outside_purchase", "other", "amount"], ZERO),
    **dict.fromkeys(["dispute", "dispute_reason", "resolution_comment"], ""),
}


def _insert_lines(rows: list[dict[str, object]]) -> None:
    fields = list(LINE_DEFAULTS)
    insert_rows(
        StatementLine, fields, [[{**LINE_DEFAULTS, **row}[f] for f in fields] for row in rows]
    )


def refresh_statements(statement_ids: Iterable[int]) -> list[Statement]:
    """Recompute these statements' figures from their lines (and their networks')."""
    ids = sorted(set(statement_ids))
    if not ids:
        return []
    if Statement.objects.filter(pk__in=ids, status=StatementStatus.LOCKED).exists():
        raise Conflict(_("This statement is locked: corrections go on the next statement."))
    statements = list(Statement.objects.filter(pk__in=ids).select_related("payee").order_by("pk"))
    sums = _sums(ids)
    _fee_lines(statements, sums)
    now = clock.now()
    rows = []
    for s in statements:
        t = sums[s.pk]
        s.labour_amount, s.parts_amount, s.travel_amount = t.labour, t.parts, t.travel
        s.outside_purchase_amount, s.other_amount = t.outside_purchase, t.other
        s.claims_amount, s.deductions_amount = t.claims, t.deductions
        s.adjustments_amount, s.fee_amount = t.adjustments, t.fee
        s.total_amount, s.line_count, s.updated_at = t.total, t.count, now
        rows.append([*(getattr(s, f) for f in FIGURES), s.pk])
    update_rows(Statement, FIGURES, rows)
    children = [s for s in statements if s.parent_id]
    _station_lines(children)
    parents = sorted({c.parent_id for c in children if c.parent_id})
    if parents:
        refresh_statements(parents)
    return statements
