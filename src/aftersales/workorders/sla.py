"""SLA clocks: pure functions over plain values (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.geo import Zone

# ../shared/DOMAIN.md §4.7: respond within 2 h (city), 3 h (suburbs), 5 h (remote); on site within 24 h;
# repair turnaround promise 3–5 days.
DEFAULT_TARGETS: dict[str, tuple[int, int, int]] = {
    Zone.CITY: (120, 24 * 60, 3 * 24 * 60),
    Zone.SUBURB: (180, 24 * 60, 4 * 24 * 60),
    Zone.REMOTE: (300, 24 * 60, 5 * 24 * 60),
}


@dataclass(frozen=True)
class SlaTargets:
    response_minutes: int
    onsite_minutes: int
    resolution_minutes: int


@dataclass(frozen=True)
class SlaDue:
    response: datetime
    onsite: datetime
    resolution: datetime


def due_times(opened_at: datetime, targets: SlaTargets) -> SlaDue:
    return SlaDue(
        response=opened_at + timedelta(minutes=targets.response_minutes),
        onsite=opened_at + timedelta(minutes=targets.onsite_minutes),
        resolution=opened_at + timedelta(minutes=targets.resolution_minutes),
    )


def default_targets(zone: str) -> SlaTargets:
    return SlaTargets(*DEFAULT_TARGETS.get(zone, DEFAULT_TARGETS[Zone.CITY]))


# A commitment is at risk once this share of its time has gone (issue 7: 80 %).
AT_RISK_SHARE = 0.8


class ClockState(models.TextChoices):
    """Where one commitment (respond, be on site, resolve) stands."""

    MET = "met", _("Met")
    LATE = "late", _("Late")
    AT_RISK = "at_risk", _("At risk")
    RUNNING = "running", _("Running")
    STOPPED = "stopped", _("Stopped")


CLOCK_COLOURS = {
    ClockState.MET: "green",
    ClockState.LATE: "red",
    ClockState.AT_RISK: "orange",
    ClockState.RUNNING: "blue",
    ClockState.STOPPED: "grey",
}
# The worst state first: an order's summary is its worst commitment.
SEVERITY = (
    ClockState.LATE,
    ClockState.AT_RISK,
    ClockState.RUNNING,
    ClockState.STOPPED,
    ClockState.MET,
)


@dataclass(frozen=True)
class Clock:
    name: str
    due: datetime | None
    done_at: datetime | None
    state: ClockState | None  # None: the order carries no due time

    @property
    def colour(self) -> str:
        return CLOCK_COLOURS[self.state] if self.state else "grey"


@dataclass(frozen=True)
class SlaStatus:
    response: Clock
    onsite: Clock
    resolution: Clock

    @property
    def clocks(self) -> tuple[Clock, Clock, Clock]:
        return (self.response, self.onsite, self.resolution)

    @property
    def worst(self) -> ClockState | None:
        states = {c.state for c in self.clocks}
        return next((s for s in SEVERITY if s in states), None)

    @property
    def overdue(self) -> bool:
        return self.worst == ClockState.LATE

    @property
    def worst_clock(self) -> Clock | None:
        """The commitment in the worst state (the earliest of equals)."""
        worst = self.worst
        return next((c for c in self.clocks if c.state == worst), None) if worst else None


def _aware(*moments: datetime | None) -> None:
    for moment in moments:
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValueError("SLA clocks need timezone-aware datetimes")


def clock_state(
    *,
    opened_at: datetime,
    due: datetime | None,
    done_at: datetime | None,
    now: datetime,
    stopped_at: datetime | None = None,
) -> ClockState | None:
    """One commitment: met or late once done; otherwise late past its due time, at risk once
    80 % of the time from opening to due has gone, else running. A cancelled order's clock
    stops at the cancellation: late if the due time had passed by then, else stopped."""
    _aware(opened_at, due, done_at, now, stopped_at)
    if due is None:
        return None
    if done_at is not None:
        return ClockState.MET if done_at <= due else ClockState.LATE
    if stopped_at is not None:
        return ClockState.LATE if stopped_at > due else ClockState.STOPPED
    if now > due:
        return ClockState.LATE
    if now >= opened_at + (due - opened_at) * AT_RISK_SHARE:
        return ClockState.AT_RISK
    return ClockState.RUNNING


def sla_status(
    *,
    opened_at: datetime,
    due: tuple[datetime | None, datetime | None, datetime | None],
    responded_at: datetime | None,
    onsite_at: datetime | None,
    resolved_at: datetime | None,
    now: datetime,
    stopped_at: datetime | None = None,
) -> SlaStatus:
    """The three commitments of an order (due times: response, on site, resolution)."""
    names = ("response", "onsite", "resolution")
    dones = (responded_at, onsite_at, resolved_at)
    clocks = [
        Clock(
            name,
            due_at,
            done_at,
            clock_state(
                opened_at=opened_at, due=due_at, done_at=done_at, now=now, stopped_at=stopped_at
            ),
        )
        for name, due_at, done_at in zip(names, due, dones, strict=True)
    ]
    return SlaStatus(*clocks)
