"""Rows straight into tables, for data sets too big for the ORM: COPY on PostgreSQL,
`executemany` in batches on SQLite. Used by `generate_scale_data`, never by a request.

A table is described once from its model (column order, defaults), so a row names only the
values it sets; the ids are handed out here, from the table's current maximum, so rows can
point at each other before they are written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 5_000


class Table:
    """One model's table: its columns and a row template with every default filled in."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = [model._meta.get_field(c) for c in ("id", *columns)]
        self.fields = fields
        self.columns: list[str] = [str(f.column) for f in fields]  # type: ignore[union-attr]
        # A column the rows leave out takes the model's default (the schema Django writes has
        # none); a required one without a default is a mistake in the caller.
        self.extra = [f for f in model._meta.concrete_fields if f.name not in ("id", *columns)]
        missing = [
            f.name
            for f in self.extra
            if not (f.null or f.blank or f.has_default() or getattr(f, "auto_now_add", False))
        ]
        if missing:
            raise ValueError(f"{self.name}: no value for {', '.join(missing)}")
        self.columns += [str(f.column) for f in self.extra]
        self.extra_values = tuple(_db_value(f, f.get_default()) for f in self.extra)
        self.json_columns = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
        self.first_id = self.next_id = (
            model._default_manager.aggregate(m=models.Max("id"))["m"] or 0
        ) + 1
        self.rows: list[tuple[Any, ...]] = []

    def add(self, *values: Any) -> int:
        """Queue one row (values in the order of `columns`); returns its id."""
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values))
        return row_id

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if rows:
            write(self, rows)
        return len(rows)


def _db_value(field: Any, value: Any) -> Any:
    if isinstance(field, models.JSONField):
        return json.dumps(value if value is not None else {})
    return value


def _sqlite_datetime(value: datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime (naive UTC, ISO with a space),
    without its per-value lookups: a million orders carry eight million time stamps."""
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _prepare_sqlite(table: Table, row: tuple[Any, ...]) -> tuple[Any, ...]:
    out = list(row)
    for i in table.json_columns:
        out[i] = json.dumps(out[i])
    for i, value in enumerate(out):
        if value.__class__ is datetime:
            out[i] = _sqlite_datetime(value)
    return (*out, *table.extra_values)


def write(table: Table, rows: Iterable[tuple[Any, ...]]) -> None:
    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(
                    (
                        *(
                            json.dumps(v) if i in table.json_columns else v
                            for i, v in enumerate(row)
                        ),
                        *table.extra_values,
                    )
                )
        return
    marks = ", ".join("?" * len(table.columns))
    # Table and column names come from the models, never from input.
    sql = f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"  # noqa: S608
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(_prepare_sqlite(table, row))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def reset_sequences(*tables: Table) -> None:
    """PostgreSQL hands out the next ids after the ones written here (SQLite follows by itself)."""
    sql = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def fast_commit() -> None:
    """Inside a bulk transaction on PostgreSQL: commit without waiting for the WAL flush. A
    crash may lose the last chunks of generated data, never corrupt it; fine for a data set
    that can be generated again, never for business writes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def analyze() -> None:
    """Fresh planner statistics after a bulk load, on both databases (autovacuum would get
    to PostgreSQL's later; the measurements that follow should not depend on when)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
