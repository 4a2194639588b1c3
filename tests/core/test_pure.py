"""Pure helpers: pricing, SLA clocks, distance, phone numbers, cursors."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from aftersales.core.api_support import decode_cursor, encode_cursor
from aftersales.core.errors import Invalid
from aftersales.core.geo import haversine_km
from aftersales.core.validators import normalise_mobile
from aftersales.workorders import pricing, sla


def test_labour_price_is_hours_times_rate_times_coefficient():
    assert pricing.labour_amount(Decimal("0.5"), Decimal("100"), Decimal("1.20")) == Decimal(
        "60.00"
    )
    assert pricing.labour_amount(Decimal("1.15"), Decimal("85.50"), Decimal("1.30")) == Decimal(
        "127.82"
    )


def test_totals_split_labour_and_parts_in_decimal():
    assert pricing.totals(
        [("labour", Decimal("60.00")), ("part", Decimal("450.00")), ("part", Decimal("0.10"))]
    ) == (
        Decimal("60.00"),
        Decimal("450.10"),
        Decimal("510.10"),
    )


@pytest.mark.parametrize(("zone", "hours"), [("city", 2), ("suburb", 3), ("remote", 5)])
def test_default_response_targets_by_zone(zone, hours):
    opened = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    due = sla.due_times(opened, sla.default_targets(zone))
    assert due.response == opened + timedelta(hours=hours)
    assert due.onsite == opened + timedelta(hours=24)


def test_shanghai_beijing_distance():
    assert haversine_km(31.2304, 121.4737, 39.9042, 116.4074) == pytest.approx(1067, rel=0.01)


@pytest.mark.parametrize(
    "raw", ["13812345678", "+86 138 1234 5678", "8613812345678", "138-1234-5678"]
)
def test_mobile_numbers_are_normalised(raw):
    assert normalise_mobile(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "abc", "", "0211234567"])
def test_bad_mobile_numbers_are_refused_with_a_field_message(raw):
    with pytest.raises(Invalid) as exc:
        normalise_mobile(raw)
    assert "phone" in exc.value.fields


def test_cursor_round_trip_and_garbage():
    stamp = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert decode_cursor(encode_cursor(stamp, 42)) == (stamp, 42)
    with pytest.raises(Invalid):
        decode_cursor("not-a-cursor!")


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "—"), (45, "45 min"), (-90, "-90 min"), (210, "3.5 h"), (-4320, "-3 d")],
)
def test_minutes_read_as_a_short_duration(value, text):
    from aftersales.portal.templatetags.aftersales import minutes

    assert minutes(value) == text
