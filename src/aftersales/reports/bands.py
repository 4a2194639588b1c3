"""Bands of months in service and of mileage, declared once as data: the database groups by
the band's position (`band_number`: width_bucket on PostgreSQL, a CASE elsewhere), and the rows
come back in the bands' order with their labels.

A band holds the values from `low` up to, not including, `below` (the last one is open). Months
in service are whole months completed (`completed_months`), so "4–6 months" is 4, 5 or 6 of them:
a unit that failed the day before its fourth month was over is in "0–3". Mileage bands hold
their lower bound: 5,000 km is in "5,000–10,000 km".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Func, IntegerField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.lookups import LessThan
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Band:
    key: str
    label: Any
    low: int
    below: int | None  # None: open above

    def holds(self, value: int) -> bool:
        return value >= self.low and (self.below is None or value < self.below)


MONTHS_IN_SERVICE = (
    Band("0-3", _("0–3 months"), 0, 4),
    Band("4-6", _("4–6 months"), 4, 7),
    Band("7-12", _("7–12 months"), 7, 13),
    Band("13-24", _("13–24 months"), 13, 25),
    Band("25-36", _("25–36 months"), 25, 37),
    Band("37+", _("More than 36 months"), 37, None),
)
MILEAGE = (
    Band("0-5k", _("0–5,000 km"), 0, 5_000),
    Band("5k-10k", _("5,000–10,000 km"), 5_000, 10_000),
    Band("10k-20k", _("10,000–20,000 km"), 10_000, 20_000),
    Band("20k-50k", _("20,000–50,000 km"), 20_000, 50_000),
    Band("50k-100k", _("50,000–100,000 km"), 50_000, 100_000),
    Band("100k+", _("More than 100,000 km"), 100_000, None),
)


def band_of(value: int | None, bands: tuple[Band, ...]) -> Band | None:
    """The band a value falls in (None for no value or one below the first band)."""
    if value is None:
        return None
    return next((b for b in bands if b.holds(value)), None)


class BandNumber(Func):
    """Which band a value falls in, in the database, as its position: 1 for the first band, 0
    below it (a failure before the sale is a mistake in the data, not a band), NULL for no
    value. PostgreSQL's width_bucket over the lower bounds computes the value once per row; a
    CASE elsewhere."""

    arity = 1
    output_field = IntegerField()

    def __init__(self, value: Combinable, lows: tuple[int, ...]) -> None:
        super().__init__(value)
        self.lows = tuple(int(low) for low in lows)

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        lows = ", ".join(str(low) for low in self.lows)
        if connection.vendor == "postgresql":
            return f"width_bucket({sql}, ARRAY[{lows}])", tuple(params)
        whens = [f"WHEN {sql} IS NULL THEN NULL"]
        whens += [f"WHEN {sql} < {low} THEN {n}" for n, low in enumerate(self.lows)]
        case = f"CASE {' '.join(whens)} ELSE {len(self.lows)} END"
        return case, tuple(params) * (len(whens))


def band_number(value: Combinable, bands: tuple[Band, ...]) -> BandNumber:
    return BandNumber(value, tuple(b.low for b in bands))


def band_at(number: int | None, bands: tuple[Band, ...]) -> Band | None:
    """The band of a `band_number` (None for 0 and NULL)."""
    return bands[number - 1] if number else None


class _DatePart(Func):
    """A part of a date as an integer, computed by the database itself: Django's Extract runs
    a Python function per row on SQLite, which a million rows feel."""

    arity = 1
    output_field = IntegerField()
    part = ""

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return self.render(sql, connection.vendor), tuple(params) * self.uses

    uses = 1

    def render(self, sql: str, vendor: str) -> str:
        return self.part_sql(self.part, sql, vendor)

    @staticmethod
    def part_sql(part: str, sql: str, vendor: str) -> str:
        if vendor == "sqlite":
            code = {"year": "%%Y", "month": "%%m", "day": "%%d"}[part]
            return f"CAST(strftime('{code}', {sql}) AS INTEGER)"
        return f"CAST(EXTRACT({part.upper()} FROM {sql}) AS INTEGER)"


class MonthNumber(_DatePart):
    """year × 12 + month: months count on across years."""

    uses = 2

    def render(self, sql: str, vendor: str) -> str:
        return (
            f"({self.part_sql('year', sql, vendor)} * 12 + {self.part_sql('month', sql, vendor)})"
        )


class DayOfMonth(_DatePart):
    part = "day"


def completed_months(start: Combinable, end: Combinable) -> Combinable:
    """Whole months from `start` to `end`, in the database: the calendar months between them,
    less one while the day of the month has not come round again (31 Jan → 28 Feb is 0)."""
    short = Case(
        When(LessThan(DayOfMonth(end), DayOfMonth(start)), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return MonthNumber(end) - MonthNumber(start) - short


def months_between(start: date, end: date) -> int:
    """`completed_months` in Python, for the pure code and the tests."""
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
    return months - (1 if end.day < start.day else 0)
