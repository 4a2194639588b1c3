"""Periods counted as the PRC Civil Code counts them (民法典 第二百零一条至第二百零四条).

- Art. 201: in a period counted in days, months or years the starting day is not counted;
  the period begins on the next day. Day 1 is the day after the starting event.
- Art. 202: a period in months or years ends on the corresponding day of its last month, or on
  that month's last day where it has none (sold 2025-01-31 + 1 month -> 2025-02-28;
  2024-02-29 + 1 year -> 2025-02-28).
- Art. 203: the last day ends at 24:00, and a last day that is a statutory rest day moves to the
  day after the rest ends. Art. 204 lets the parties agree otherwise; issue 9 decides that
  warranty periods count calendar days and move only when the policy says so
  (`extend_over_holidays`).

"Within 7 days" therefore means the claim date is at most day 7: the sale day itself (day 0,
not counted but already after the sale) and days 1..7. Day 8 is outside.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

_ONE_DAY = timedelta(days=1)


def _calendar_years() -> tuple[int, int]:
    known = chinese_calendar.holidays.keys()
    return min(known).year, max(known).year


_FIRST_KNOWN_YEAR, _LAST_KNOWN_YEAR = _calendar_years()


def is_working_day(day: date) -> bool:
    """Whether people in China work on `day`.

    Within the years the `chinese_calendar` package knows (the State Council publishes each
    year's holidays and swapped working weekends every November, so keep the package current)
    its answer is used: National Day and Spring Festival are rest days, and a Saturday or Sunday
    worked in lieu (调休上班, e.g. 2025-10-11) is a working day. Outside those years nothing is
    known about holidays, so only Saturday and Sunday count as rest days.
    """
    if _FIRST_KNOWN_YEAR <= day.year <= _LAST_KNOWN_YEAR:
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later, or that month's last day where there is none."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(
    start: date,
    days: int = 0,
    months: int = 0,
    years: int = 0,
    *,
    extend_over_holidays: bool = False,
) -> date:
    """The last day of a period that starts with the event on `start`.

    Years and months are counted together as one step from the starting day (Art. 202: the
    corresponding day of the last month, so 2025-01-31 + 2 months is 2025-03-31, not
    2025-02-28 + 1 month), then days are added. A period of zero length ends on `start`. With `extend_over_holidays` a last day that is a rest day moves
    to the next working day (`is_working_day`).
    """
    if min(days, months, years) < 0:
        raise ValueError("a period's length must not be negative")
    end = add_months(start, years * 12 + months) + timedelta(days=days)
    return next_working_day(end) if extend_over_holidays else end


def day_number(start: date, on: date) -> int:
    """Which day of a period started on `start` the date `on` is: 0 on the starting day itself,
    1 on the next day (Art. 201), negative before the start."""
    return (on - start).days


@dataclass(frozen=True)
class Period:
    """A period started by an event on `event_date`; `nominal_last_day` is its last day as
    counted, `last_day` the one that applies (later when moved over a rest day)."""

    event_date: date
    nominal_last_day: date
    last_day: date

    @property
    def first_day(self) -> date:
        return self.event_date + _ONE_DAY

    @property
    def is_empty(self) -> bool:
        return self.nominal_last_day <= self.event_date

    @property
    def was_moved(self) -> bool:
        return self.last_day != self.nominal_last_day

    def covers(self, on: date) -> bool:
        """Whether `on` lies within the period. The event day itself does (a product that fails
        on the day it is sold is within its return period): it is only not counted. An empty
        period (zero length) covers nothing."""
        return not self.is_empty and self.event_date <= on <= self.last_day


def period(
    start: date,
    days: int = 0,
    months: int = 0,
    years: int = 0,
    *,
    extend_over_holidays: bool = False,
) -> Period:
    """`period_end` with the dates that explain it."""
    nominal = period_end(start, days, months, years)
    last = next_working_day(nominal) if extend_over_holidays else nominal
    return Period(event_date=start, nominal_last_day=nominal, last_day=last)
