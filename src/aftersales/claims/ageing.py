"""A claim's age and decision deadline in China's working days (State Council holidays and the
weekends worked in lieu, through `aftersales.warranty.periods.is_working_day`), and the
station-rate flag of the reviewer's queue. Pure functions over dates and counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.warranty.periods import is_working_day

ONE_DAY = timedelta(days=1)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (`start` itself when `days` is 0)."""
    day = start
    left = days
    while left > 0:
        day += ONE_DAY
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count


class Due(models.TextChoices):
    ON_TIME = "on_time", _("on time")
    DUE_TODAY = "due_today", _("due today")
    OVERDUE = "overdue", _("overdue")


DUE_COLOURS = {Due.ON_TIME: "green", Due.DUE_TODAY: "yellow", Due.OVERDUE: "red"}


@dataclass(frozen=True)
class Ageing:
    age: int  # working days since submission
    left: int  # working days to the deadline (negative: overdue by)
    due: Due

    @property
    def colour(self) -> str:
        return DUE_COLOURS[self.due]


def ageing(submitted_on: date, due_on: date, today: date) -> Ageing:
    age = working_days_between(submitted_on, today)
    if today > due_on:
        return Ageing(age, -working_days_between(due_on, today), Due.OVERDUE)
    left = working_days_between(today, due_on)
    return Ageing(age, left, Due.DUE_TODAY if today == due_on else Due.ON_TIME)


# A station is flagged when this month's claims per 100 completed orders exceed its own
# trailing six months' rate by half again, with at least a few claims (one claim in a quiet
# month is not a pattern).
SPIKE_FACTOR = 1.5
SPIKE_MIN_CLAIMS = 3


@dataclass(frozen=True)
class StationRate:
    claims_now: int
    orders_now: int
    claims_before: int
    orders_before: int

    @property
    def rate_now(self) -> float:
        return 100.0 * self.claims_now / self.orders_now if self.orders_now else 0.0

    @property
    def rate_before(self) -> float:
        return 100.0 * self.claims_before / self.orders_before if self.orders_before else 0.0

    @property
    def spiking(self) -> bool:
        if self.claims_now < SPIKE_MIN_CLAIMS or not self.orders_now:
            return False
        if not self.orders_before:
            return False  # no history of its own to compare with
        return self.rate_now > SPIKE_FACTOR * self.rate_before


def month_start(day: date, back: int = 0) -> date:
    """The first day of `day`'s month, `back` months earlier."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)
