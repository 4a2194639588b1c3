"""The SLA rule alone: times in, states out (no database)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from aftersales.workorders.sla import ClockState, clock_state, sla_status

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENED = datetime(2026, 11, 20, 8, 30, tzinfo=SHANGHAI)
DUE = OPENED + timedelta(hours=10)


def state(done=None, now=None, stopped=None):
    return clock_state(
        opened_at=OPENED, due=DUE, done_at=done, now=now or OPENED, stopped_at=stopped
    )


def test_done_by_the_due_time_is_met():
    assert state(done=DUE, now=DUE + timedelta(days=3)) == ClockState.MET


def test_done_after_the_due_time_is_late_not_a_tick():
    # The order page showed "2026-11-21 08:30 ✓ 11-24 13:36" for this.
    assert state(done=DUE + timedelta(minutes=1)) == ClockState.LATE


def test_not_done_and_past_due_is_late():
    assert state(now=DUE + timedelta(seconds=1)) == ClockState.LATE


def test_at_risk_once_eighty_percent_of_the_time_has_gone():
    assert state(now=OPENED + timedelta(hours=7, minutes=59)) == ClockState.RUNNING
    assert state(now=OPENED + timedelta(hours=8)) == ClockState.AT_RISK
    assert state(now=DUE) == ClockState.AT_RISK


def test_a_cancelled_order_stops_its_clocks():
    assert state(stopped=DUE - timedelta(hours=1), now=DUE + timedelta(days=9)) == (
        ClockState.STOPPED
    )
    assert state(stopped=DUE + timedelta(hours=1)) == ClockState.LATE


def test_no_due_time_has_no_state():
    assert clock_state(opened_at=OPENED, due=None, done_at=None, now=OPENED) is None


def test_times_in_different_zones_compare_as_instants():
    # 01:00 UTC is 09:00 in Shanghai: before a 10:00 Shanghai due time, after a 08:00 one.
    done = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
    due = datetime(2026, 11, 21, 10, 0, tzinfo=SHANGHAI)
    assert clock_state(opened_at=OPENED, due=due, done_at=done, now=done) == ClockState.MET
    early = due - timedelta(hours=2)
    assert clock_state(opened_at=OPENED, due=early, done_at=done, now=done) == ClockState.LATE


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        clock_state(opened_at=OPENED, due=DUE, done_at=None, now=datetime(2026, 11, 20, 9, 0))


def test_the_order_summary_is_its_worst_commitment():
    status = sla_status(
        opened_at=OPENED,
        due=(OPENED + timedelta(hours=2), DUE, OPENED + timedelta(days=3)),
        responded_at=OPENED + timedelta(hours=1),
        onsite_at=DUE + timedelta(hours=1),
        resolved_at=None,
        now=DUE + timedelta(hours=2),
    )
    assert [c.state for c in status.clocks] == [
        ClockState.MET,
        ClockState.LATE,
        ClockState.RUNNING,
    ]
    assert status.worst == ClockState.LATE
    assert status.overdue
