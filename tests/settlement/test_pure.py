"""The settlement arithmetic without the database: to the fen, half-up; breakdowns that add up."""

from decimal import Decimal as D

import pytest

from aftersales.settlement.money import (
    Breakdown,
    RecoveryTerms,
    Totals,
    add_line,
    breakdown,
    money,
    network_fee,
    percent_of,
    recovery_amounts,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.005"), D("0.01")),
        (D("0.004"), D("0.00")),
        (D("2.675"), D("2.68")),
        (D("-0.005"), D("-0.01")),
    ],
)
def test_money_rounds_half_up_to_the_fen(value, expected):
    assert money(value) == expected


def test_a_percentage_is_rounded_once():
    assert percent_of(D("333.33"), D("3.00")) == D("10.00")
    assert percent_of(D("0.50"), D("1.00")) == D("0.01")  # 0.005 → 0.01


def test_the_network_fee_is_negative_and_zero_without_a_rate():
    assert network_fee(D("1000.00"), D("2.50")) == D("-25.00")
    assert network_fee(D("1000.00"), D("0")) == D("0.00")


def test_a_breakdown_splits_outside_purchases_from_parts():
    b = breakdown(
        [
            ("labour", False, D("60.00")),
            ("part", False, D("495.00")),
            ("part", True, D("80.00")),
            ("travel", False, D("12.50")),
            ("other", False, D("5.00")),
        ]
    )
    assert (b.labour, b.parts, b.outside_purchase, b.travel, b.other) == (
        D("60.00"),
        D("495.00"),
        D("80.00"),
        D("12.50"),
        D("5.00"),
    )


def test_settling_to_the_approved_amount_puts_the_gap_in_other():
    b = Breakdown(labour=D("60.00"), parts=D("495.00")).settle_to(D("550.00"))
    assert b.other == D("-5.00") and b.total == D("550.00")


def test_totals_of_a_statement_balance():
    t = Totals()
    add_line(t, "claim", Breakdown(labour=D("10.00"), parts=D("20.00")), D("30.00"))
    add_line(t, "old_part_reversal", Breakdown(parts=D("-20.00")), D("-20.00"))
    add_line(t, "adjustment", Breakdown(other=D("1.11")), D("1.11"))
    add_line(t, "network_fee", Breakdown(other=D("-0.90")), D("-0.90"))
    assert (t.claims, t.deductions, t.adjustments, t.fee) == (
        D("30.00"),
        D("-20.00"),
        D("1.11"),
        D("-0.90"),
    )
    assert t.total == D("10.21") and t.count == 4


def test_a_station_statement_line_carries_its_deductions_beyond_its_claims():
    t = Totals()
    add_line(t, "station_statement", Breakdown(labour=D("100.00")), D("80.00"))
    assert (t.claims, t.deductions, t.total) == (D("100.00"), D("-20.00"), D("80.00"))


def test_recovery_shares_and_handling_fee():
    owed = recovery_amounts(D("495.00"), D("60.00"), RecoveryTerms(D("80"), D("50"), D("5")))
    assert (owed.parts, owed.labour, owed.handling_fee, owed.total) == (
        D("396.00"),
        D("30.00"),
        D("21.30"),
        D("447.30"),
    )
