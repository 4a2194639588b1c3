"""The settlement run's set-based writes. A month carries 100,000 claims (issue 9's benchmark):
one line per claim is written by one INSERT … SELECT that computes each claim's breakdown in the
database, and the statements' figures are written with one UPDATE per statement in a batch,
instead of a model instance per row (Django's bulk_create sends 52 rows per query on SQLite).

Table and column names come from the models (quoted by the backend), every value is a
parameter; the claim filter itself is the ORM's own query (`Claim` queryset → SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection, models

from aftersales.claims.models import Claim, ClaimLine
from aftersales.settlement.choices import LineKind, StatementStatus
from aftersales.settlement.models import Statement, StatementLine


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _col(model: type[models.Model], field: str) -> str:
    return _q(model._meta.get_field(field).column)  # type: ignore[union-attr,arg-type]


def insert_claim_lines(pending: models.QuerySet[Claim], manufacturer_id: int, period: date) -> int:
    """A line on its station's open statement of the month for every pending claim: labour,
    parts, travel and outside purchases from the claim's approved lines, the rest of the approved
    amount as `other` (so each line adds up to the claim's approved amount exactly). A station
    whose statement is no longer open, or whose network's is not, keeps its claims."""
    pending_sql, pending_params = pending.values("pk").query.sql_with_params()
    line, claim, cl, st = (
        _q(StatementLine._meta.db_table),
        _q(Claim._meta.db_table),
        _q(ClaimLine._meta.db_table),
        _q(Statement._meta.db_table),
    )
    amount = _col(ClaimLine, "approved_amount")

    def part(kind: str, outside: bool | None) -> str:
        condition = f"l.{_col(ClaimLine, 'kind')} = %s"
        if outside is True:
            condition += f" AND l.{_col(ClaimLine, 'invoice_number')} <> ''"
        elif outside is False:
            condition += f" AND l.{_col(ClaimLine, 'invoice_number')} = ''"
        return f"SUM(CASE WHEN {condition} THEN l.{amount} ELSE 0 END)"

    columns = [
        "statement",
        "kind",
        "claim",
        "reference",
        "description",
        "labour",
        "parts",
        "travel",
        "outside_purchase",
        "other",
        "amount",
        "dispute",
        "dispute_reason",
        "resolution_comment",
    ]
    target = ", ".join(_col(StatementLine, c) for c in columns)
    b = "COALESCE(b.labour, 0)", "COALESCE(b.parts, 0)", "COALESCE(b.travel, 0)"
    outside = "COALESCE(b.outside, 0)"
    approved = f"c.{_col(Claim, 'approved_amount')}"
    sql = f"""
        INSERT INTO {line} ({target})
        SELECT s.{_q("id")}, %s, c.{_q("id")}, c.{_col(Claim, "number")}, '',
               {b[0]}, {b[1]}, {b[2]}, {outside},
               ROUND({approved} - {b[0]} - {b[1]} - {b[2]} - {outside}, 2),
               {approved}, '', '', ''
        FROM {claim} c
        JOIN {st} s
          ON s.{_col(Statement, "manufacturer")} = %s
         AND s.{_col(Statement, "payee")} = c.{_col(Claim, "station")}
         AND s.{_col(Statement, "period")} = %s
         AND s.{_col(Statement, "status")} = %s
        LEFT JOIN (
            SELECT l.{_col(ClaimLine, "claim")} AS claim_id,
                   {part("labour", None)} AS labour,
                   {part("part", False)} AS parts,
                   {part("travel", None)} AS travel,
                   {part("part", True)} AS outside
            FROM {cl} l
            WHERE l.{_col(ClaimLine, "claim")} IN ({pending_sql}) AND l.{amount} IS NOT NULL
            GROUP BY l.{_col(ClaimLine, "claim")}
        ) b ON b.claim_id = c.{_q("id")}
        WHERE c.{_q("id")} IN ({pending_sql})
          AND (s.{_col(Statement, "parent")} IS NULL OR EXISTS (
              SELECT 1 FROM {st} p
              WHERE p.{_q("id")} = s.{_col(Statement, "parent")} AND p.{_col(Statement, "status")} = %s
          ))
    """  # noqa: S608 - names from the models, values as parameters
    params: list[Any] = [
        LineKind.CLAIM,
        manufacturer_id,
        connection.ops.adapt_datefield_value(period),
        StatementStatus.ISSUED,
        "labour",
        "part",
        "travel",
        "part",
        *pending_params,
        *pending_params,
        StatementStatus.ISSUED,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE one row per (values…, id), batched: `fields` name the values' columns."""
    if not rows:
        return
    sets = ", ".join(f"{_col(model, f)} = %s" for f in fields)
    sql = f"UPDATE {_q(model._meta.db_table)} SET {sets} WHERE {_q('id')} = %s"  # noqa: S608
    prepared = [
        [_prepare(model, f, v) for f, v in zip(fields, row[:-1], strict=True)] + [row[-1]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _prepare(model: type[models.Model], field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_save(value, connection)  # type: ignore[union-attr]
