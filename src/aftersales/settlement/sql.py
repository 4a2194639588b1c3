"""The settlement run's set-based writes. A month carries 100,000 claims (issue 9's benchmark):
one line per claim is written by one INSERT … SELECT (the pending claims and their breakdown,
grouped once, as common table expressions), and the statements' figures are written with one
UPDATE per statement in a batch, instead of a model instance per row (Django's bulk_create sends
52 rows per query on SQLite). Table and column names come from the models (quoted by the
backend); every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection, models

from aftersales.claims.models import Claim, ClaimLine
from aftersales.settlement.choices import LineKind, StatementStatus
from aftersales.settlement.models import Statement, StatementLine


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _col(model: type[models.Model], field: str) -> str:
    return _q(model._meta.get_field(field).column)  # type: ignore[union-attr,arg-type]


def insert_claim_lines(
    *, manufacturer_id: int, period: date, decided_before: datetime, statuses: Sequence[str]
) -> int:
    """A line on its station's open statement of the month for every approved claim of the
    manufacturer decided before the month's end and on no statement yet: labour, parts, travel
    and outside purchases from the claim's approved lines, the rest of the approved amount as
    `other` (so each line adds up to the claim's approved amount exactly). A station whose
    statement is no longer open, or whose network's is not, keeps its claims for later."""
    line, claim, cl, st = (
        _q(StatementLine._meta.db_table),
        _q(Claim._meta.db_table),
        _q(ClaimLine._meta.db_table),
        _q(Statement._meta.db_table),
    )
    amount = f"l.{_col(ClaimLine, 'approved_amount')}"
    kind = f"l.{_col(ClaimLine, 'kind')}"
    invoice = f"l.{_col(ClaimLine, 'invoice_number')}"
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
    lab, par, tra, out = (f"COALESCE(b.{n}, 0)" for n in ("labour", "parts", "travel", "outside"))
    marks = ", ".join(["%s"] * len(statuses))
    # INSERT first: the sqlite3 module counts the rows of a statement that starts with it.
    sql = f"""
        INSERT INTO {line} ({target})
        WITH pending AS (
            SELECT c.{_q("id")} AS id, c.{_col(Claim, "number")} AS number,
                   c.{_col(Claim, "station")} AS station_id,
                   c.{_col(Claim, "approved_amount")} AS approved
            FROM {claim} c
            WHERE c.{_col(Claim, "manufacturer")} = %s
              AND c.{_col(Claim, "status")} IN ({marks})
              AND c.{_col(Claim, "decided_at")} < %s
              AND c.{_col(Claim, "approved_amount")} IS NOT NULL
              AND NOT EXISTS (
                  SELECT 1 FROM {line} x WHERE x.{_col(StatementLine, "claim")} = c.{_q("id")}
              )
        ), breakdown AS (
            SELECT l.{_col(ClaimLine, "claim")} AS claim_id,
                   SUM(CASE WHEN {kind} = 'labour' THEN {amount} ELSE 0 END) AS labour,
                   SUM(CASE WHEN {kind} = 'part' AND {invoice} = '' THEN {amount} ELSE 0 END)
                       AS parts,
                   SUM(CASE WHEN {kind} = 'travel' THEN {amount} ELSE 0 END) AS travel,
                   SUM(CASE WHEN {kind} = 'part' AND {invoice} <> '' THEN {amount} ELSE 0 END)
                       AS outside
            FROM {cl} l JOIN pending p ON p.id = l.{_col(ClaimLine, "claim")}
            WHERE {amount} IS NOT NULL
            GROUP BY l.{_col(ClaimLine, "claim")}
        )
        SELECT s.{_q("id")}, %s, c.id, c.number, '', {lab}, {par}, {tra}, {out},
               ROUND(c.approved - {lab} - {par} - {tra} - {out}, 2), c.approved, '', '', ''
        FROM pending c
        JOIN {st} s
          ON s.{_col(Statement, "manufacturer")} = %s
         AND s.{_col(Statement, "payee")} = c.station_id
         AND s.{_col(Statement, "period")} = %s
         AND s.{_col(Statement, "status")} = %s
        LEFT JOIN breakdown b ON b.claim_id = c.id
        WHERE s.{_col(Statement, "parent")} IS NULL OR EXISTS (
            SELECT 1 FROM {st} p
            WHERE p.{_q("id")} = s.{_col(Statement, "parent")}
              AND p.{_col(Statement, "status")} = %s
        )
    """  # noqa: S608 - names from the models, values as parameters
    params: list[Any] = [
        manufacturer_id,
        *statuses,
        connection.ops.adapt_datetimefield_value(decided_before),
        LineKind.CLAIM,
        manufacturer_id,
        connection.ops.adapt_datefield_value(period),
        StatementStatus.ISSUED,
        StatementStatus.ISSUED,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT the rows (values in the order of `fields`), several hundred per statement."""
    if not rows:
        return
    columns = ", ".join(_col(model, f) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_query = max(1, 900 // len(fields))  # SQLite's oldest limit is 999 parameters
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_query):
            batch = rows[start : start + per_query]
            values = ", ".join([one] * len(batch))
            sql = f"INSERT INTO {_q(model._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(
                sql,
                [_prepare(model, f, v) for row in batch for f, v in zip(fields, row, strict=True)],
            )


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
    """Dates and times as the backend stores them; numbers and texts go as they are."""
    if isinstance(value, date):
        return model._meta.get_field(field).get_db_prep_save(value, connection)  # type: ignore[union-attr]
    return value
