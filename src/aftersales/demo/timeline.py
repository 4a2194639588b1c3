"""The demo's warranty money chain happens in the order it would have: every step (a claim
filed, a decision, a shipment, a month's statements) is put on one timeline at its own moment and
run in time order under a frozen clock, so that each service sees the world as it was then (a
month's run finds the claims decided by then, an inspection the parts shipped by then). A step
due after the demo's "now" has not happened yet and is left out."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from aftersales.core import clock
from aftersales.demo.progress import Progress

Step = Callable[[], None]
BATCH = 200


class Timeline:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self._steps: list[tuple[datetime, int, Step]] = []
        self._seq = 0

    def at(self, moment: datetime, step: Callable[..., None], *args: Any) -> bool:
        """Schedule `step(*args)` at `moment`; False (nothing scheduled) when it is still to
        come."""
        if moment >= self.now:
            return False
        self._seq += 1
        call: Step = partial(step, *args)
        heapq.heappush(self._steps, (moment, self._seq, call))
        return True

    def run(self, progress: Progress, label: str) -> int:
        """Run every step in time order, a batch per transaction; steps may schedule more."""
        done = 0
        while self._steps:
            with transaction.atomic():
                for _ in range(BATCH):
                    if not self._steps:
                        break
                    moment, _seq, step = heapq.heappop(self._steps)
                    with clock.frozen_at(moment):
                        step()
                    done += 1
            progress.update(label, done, done + len(self._steps))
        return done


def office_hours(moment: datetime) -> datetime:
    """The same moment if it falls in office hours (Monday to Saturday, 09:00-17:30), else
    09:00 plus a few minutes of the next working day."""
    local = timezone.localtime(moment)
    if local.weekday() < 6 and time(9) <= local.time() < time(17, 30):
        return moment
    day = local.date() + timedelta(days=1) if local.time() >= time(17, 30) else local.date()
    while day.weekday() == 6:
        day += timedelta(days=1)
    minute = (local.minute * 7 + local.second) % 50
    return timezone.make_aware(datetime.combine(day, time(9, minute)))


def local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def month_start(moment: datetime) -> datetime:
    return local(timezone.localtime(moment).date().replace(day=1), time.min)


def past_months(now: datetime, *, days: int) -> list[date]:
    """The first days of the months from `days` before `now` up to the one before now's."""
    first = timezone.localtime(now - timedelta(days=days)).date().replace(day=1)
    current = timezone.localtime(now).date().replace(day=1)
    months = []
    while first < current:
        months.append(first)
        first = (first + timedelta(days=32)).replace(day=1)
    return months


OPEN, CLOSE = time(9), time(17, 30)


def squeeze(start: datetime, end: datetime, fraction: float) -> datetime:
    """The moment `fraction` of the way through the office hours between `start` and `end`
    (linearly through the whole span when they hold less than half an hour)."""
    windows = []
    day = timezone.localtime(start).date()
    while local(day, time.min) < end:
        if day.weekday() < 6:
            opens, closes = max(local(day, OPEN), start), min(local(day, CLOSE), end)
            if opens < closes:
                windows.append((opens, closes))
        day += timedelta(days=1)
    total = sum((b - a for a, b in windows), timedelta())
    if total < timedelta(minutes=30):
        return start + (end - start) * fraction
    left = total * fraction
    for opens, closes in windows:
        if left < closes - opens:
            return opens + left
        left -= closes - opens
    return windows[-1][1]
