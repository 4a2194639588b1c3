"""Periods as the PRC Civil Code counts them (Art. 201–203), with China's working days."""

from __future__ import annotations

from datetime import date

import pytest

from aftersales.warranty.periods import (
    Period,
    add_months,
    day_number,
    is_working_day,
    next_working_day,
    period,
    period_end,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "days", "months", "years", "last_day"),
    [
        # Days: day 1 is the day after the event, the period ends at the end of day N.
        ("2025-03-01", 7, 0, 0, "2025-03-08"),
        ("2025-03-01", 30, 0, 0, "2025-03-31"),
        ("2025-02-22", 7, 0, 0, "2025-03-01"),
        ("2024-02-22", 7, 0, 0, "2024-02-29"),
        ("2025-12-28", 7, 0, 0, "2026-01-04"),
        ("2023-03-01", 0, 0, 0, "2023-03-01"),
        ("2023-03-01", 365, 0, 0, "2024-02-29"),
        # Months and years: the corresponding day, or the month's last day where there is none.
        ("2025-03-01", 0, 12, 0, "2026-03-01"),
        ("2025-01-31", 0, 1, 0, "2025-02-28"),
        ("2024-01-31", 0, 1, 0, "2024-02-29"),
        ("2025-01-31", 0, 2, 0, "2025-03-31"),
        ("2025-08-31", 0, 1, 0, "2025-09-30"),
        ("2025-08-31", 0, 6, 0, "2026-02-28"),
        ("2025-12-31", 0, 2, 0, "2026-02-28"),
        ("2025-11-30", 0, 3, 0, "2026-02-28"),
        ("2025-02-28", 0, 12, 0, "2026-02-28"),
        ("2023-02-28", 0, 0, 1, "2024-02-28"),
        ("2024-02-29", 0, 12, 0, "2025-02-28"),
        ("2024-02-29", 0, 0, 1, "2025-02-28"),
        ("2024-02-29", 0, 0, 4, "2028-02-29"),
        ("2023-03-01", 0, 12, 0, "2024-03-01"),
        ("2023-03-01", 0, 0, 1, "2024-03-01"),
        ("2025-01-31", 0, 1, 1, "2026-02-28"),
        # Months first, then days.
        ("2025-01-31", 1, 1, 0, "2025-03-01"),
        ("2025-03-01", 0, 96, 0, "2033-03-01"),
    ],
)
def test_period_end(start: str, days: int, months: int, years: int, last_day: str) -> None:
    assert period_end(D(start), days, months, years) == D(last_day)


@pytest.mark.parametrize(
    ("on", "number"),
    [
        ("2025-02-28", -1),
        ("2025-03-01", 0),
        ("2025-03-02", 1),
        ("2025-03-08", 7),
        ("2025-03-09", 8),
    ],
)
def test_day_number_counts_from_the_day_after_the_event(on: str, number: int) -> None:
    assert day_number(D("2025-03-01"), D(on)) == number


@pytest.mark.parametrize(
    ("on", "within"),
    [
        ("2025-02-28", False),  # before the sale
        ("2025-03-01", True),  # day 0, the sale day itself: not counted, but after the sale
        ("2025-03-02", True),  # day 1
        ("2025-03-08", True),  # day 7, the last day
        ("2025-03-09", False),  # day 8
    ],
)
def test_within_seven_days_means_day_0_to_day_7(on: str, within: bool) -> None:
    assert period(D("2025-03-01"), days=7).covers(D(on)) is within


def test_an_empty_period_covers_nothing_not_even_its_event_day() -> None:
    empty = period(D("2025-03-01"), days=0)
    assert empty.is_empty
    assert not empty.covers(D("2025-03-01"))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-09-30", True),
        ("2025-10-01", False),  # National Day
        ("2025-10-06", False),  # Mid-Autumn inside the National Day holiday
        ("2025-10-08", False),
        ("2025-10-09", True),
        ("2025-09-28", True),  # a Sunday worked in lieu
        ("2025-10-11", True),  # a Saturday worked in lieu
        ("2025-10-12", False),  # an ordinary Sunday
        ("2025-01-26", True),  # Sunday worked in lieu before Spring Festival
        ("2025-01-28", False),  # Spring Festival's eve
        ("2025-02-04", False),
        ("2025-02-05", True),
        ("2025-02-08", True),  # Saturday worked in lieu after Spring Festival
        ("2026-02-14", True),
        ("2026-02-15", False),
        ("2026-02-23", False),
        ("2026-02-24", True),
        # Outside the years the calendar package knows: only Saturday and Sunday rest.
        ("2030-06-01", False),
        ("2030-06-03", True),
        ("2030-10-01", True),
        ("2003-12-27", False),
    ],
)
def test_is_working_day(day: str, working: bool) -> None:
    assert is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("day", "next_day"),
    [
        ("2025-09-30", "2025-09-30"),
        ("2025-10-01", "2025-10-09"),
        ("2025-10-12", "2025-10-13"),
        ("2025-01-28", "2025-02-05"),
        ("2026-02-15", "2026-02-24"),
        ("2030-06-01", "2030-06-03"),
    ],
)
def test_next_working_day(day: str, next_day: str) -> None:
    assert next_working_day(D(day)) == D(next_day)


@pytest.mark.parametrize(
    ("start", "days", "months", "counted", "applies"),
    [
        ("2025-09-24", 7, 0, "2025-10-01", "2025-10-09"),  # into National Day
        ("2025-09-30", 1, 0, "2025-10-01", "2025-10-09"),
        ("2025-09-01", 30, 0, "2025-10-01", "2025-10-09"),
        ("2025-10-01", 7, 0, "2025-10-08", "2025-10-09"),
        ("2025-10-04", 7, 0, "2025-10-11", "2025-10-11"),  # Saturday worked in lieu: no move
        ("2025-09-21", 7, 0, "2025-09-28", "2025-09-28"),  # Sunday worked in lieu: no move
        ("2025-10-01", 11, 0, "2025-10-12", "2025-10-13"),  # an ordinary Sunday
        ("2025-01-21", 7, 0, "2025-01-28", "2025-02-05"),  # into Spring Festival 2025
        ("2026-02-08", 7, 0, "2026-02-15", "2026-02-24"),  # into Spring Festival 2026
        ("2026-02-07", 7, 0, "2026-02-14", "2026-02-14"),
        ("2024-10-01", 0, 12, "2025-10-01", "2025-10-09"),
        ("2029-06-01", 0, 12, "2030-06-01", "2030-06-03"),  # unknown year: Saturday moves
        ("2029-10-01", 0, 12, "2030-10-01", "2030-10-01"),  # unknown year: no holiday known
    ],
)
def test_extension_over_rest_days_only_when_asked(
    start: str, days: int, months: int, counted: str, applies: str
) -> None:
    assert period_end(D(start), days, months) == D(counted)
    assert period_end(D(start), days, months, extend_over_holidays=True) == D(applies)
    moved = period(D(start), days, months, extend_over_holidays=True)
    assert moved == Period(D(start), nominal_last_day=D(counted), last_day=D(applies))
    assert moved.was_moved is (counted != applies)
    assert moved.covers(D(applies))


def test_a_period_starts_the_day_after_its_event() -> None:
    assert period(D("2025-01-31"), months=1).first_day == D("2025-02-01")


@pytest.mark.parametrize(("days", "months", "years"), [(-1, 0, 0), (0, -1, 0), (0, 0, -1)])
def test_negative_lengths_are_refused(days: int, months: int, years: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        period_end(D("2025-03-01"), days, months, years)


def test_add_months_refuses_going_back() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_months(D("2025-03-01"), -1)
