"""SLA clocks: pure functions over plain values (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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
