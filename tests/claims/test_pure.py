"""The pure cores: pricing to the fen, the checks over plain facts, working-day ageing, the
station-rate flag and the version diff. No database."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from aftersales.claims import pricing, versions
from aftersales.claims.ageing import (
    Due,
    StationRate,
    add_working_days,
    ageing,
    month_start,
    working_days_between,
)
from aftersales.claims.checks import ClaimFacts, EarlierClaim, LineFacts, PreAuthFacts, run_checks
from aftersales.claims.terms import DEFAULT_MODES, Terms

D = Decimal
TERMS = Terms(
    labour_rate=D("100.00"),
    handling_markup_percent=D("10.00"),
    travel_rate_per_km=D("2.00"),
    call_out_fee=D("50.00"),
    submission_deadline_days=30,
    duplicate_window_days=90,
    decision_working_days=5,
    auto_approve_below=None,
    pre_authorisation_above=D("5000.00"),
)


@pytest.mark.parametrize(
    ("kind", "quantity", "price", "extra", "amount"),
    [
        ("labour", "0.35", "100.00", {"coefficient": D("1.20")}, "42.00"),
        ("labour", "0.33", "85.50", {"coefficient": D("1.15")}, "32.45"),  # 32.44725 → .45
        ("labour", "0.01", "0.50", {}, "0.01"),  # 0.005 → half up to 0.01
        ("part", "3", "12.345", {}, "37.04"),  # 37.035 → .04
        ("travel", "37.5", "2.00", {"call_out_fee": D("50")}, "125.00"),
        ("travel", "0.5", "1.01", {"call_out_fee": D("0")}, "0.51"),  # 0.505 → .51
    ],
)
def test_line_amounts_round_half_up_to_the_fen(kind, quantity, price, extra, amount):
    assert pricing.line_amount(kind, D(quantity), D(price), **extra) == D(amount)


def test_the_handling_markup_prices_the_unit_first():
    assert pricing.marked_up(D("450.00"), D("10")) == D("495.00")
    assert pricing.marked_up(D("0.05"), D("10")) == D("0.06")  # 0.055 → 0.06
    assert pricing.part_amount(D("3"), pricing.marked_up(D("0.05"), D("10"))) == D("0.18")


def test_totals_by_kind():
    t = pricing.totals(
        [("labour", D("1.005")), ("part", D("2")), ("travel", D("3")), ("other", D("4"))]
    )
    assert (t.labour, t.parts, t.travel, t.other, t.total) == (
        D("1.01"),
        D("2.00"),
        D("3.00"),
        D("4.00"),
        D("10.01"),
    )


def facts(**kw: Any) -> ClaimFacts:
    base = ClaimFacts(
        type="repair",
        total=D("555.00"),
        terms=TERMS,
        lines=(),
        submitted_on=date(2026, 5, 10),
        completed_on=date(2026, 5, 1),
        repair_date=date(2026, 5, 1),
        entitlement_covered=True,
        photo_kinds=frozenset({"fault", "nameplate"}),
    )
    return replace(base, **kw)


def codes(found):
    return [(f.code, f.mode, f.variant) for f in found]


def test_a_clean_claim_has_no_finding():
    assert run_checks(facts(), DEFAULT_MODES) == []


def test_each_line_at_fault_is_named_by_its_position():
    lines = (
        LineFacts(
            1,
            1,
            "labour",
            D("0.8"),
            D("120"),
            operation_id=7,
            operation_code="OP-1",
            standard_hours=D("0.5"),
        ),
        LineFacts(
            2,
            2,
            "labour",
            D("0.5"),
            D("100"),
            operation_id=7,
            operation_code="OP-1",
            standard_hours=D("0.5"),
        ),
        LineFacts(
            3,
            3,
            "part",
            D("1"),
            D("500"),
            part_number="P-1",
            markup_percent=D("12"),
            fits_model=False,
        ),
        LineFacts(4, 4, "travel", D("10"), D("2.5"), call_out_fee=D("60")),
    )
    found = run_checks(facts(lines=lines, model_code="BCD-470"), DEFAULT_MODES)
    assert [(f.code, f.line_id, f.variant) for f in found] == [
        ("hours_above_standard", 1, ""),
        ("rate_above_contract", 1, "labour"),
        ("rate_above_contract", 3, "markup"),
        ("rate_above_contract", 4, "travel"),
        ("rate_above_contract", 4, "call_out"),
        ("repeated_operation", 2, ""),
        ("part_not_for_model", 3, ""),
    ]
    with translation.override("en"):
        assert str(found[0].message) == "Line 1: 0.8 h claimed, the standard time is 0.5 h."
    with translation.override("zh-hans"):
        assert "0.8" in str(found[0].message)


def test_modes_block_warn_or_skip():
    late = facts(submitted_on=date(2026, 6, 1))  # 31 days after completion
    assert codes(run_checks(late, {**DEFAULT_MODES})) == [("late_submission", "block", "")]
    assert codes(run_checks(late, {**DEFAULT_MODES, "late_submission": "warn"})) == [
        ("late_submission", "warn", "")
    ]
    assert run_checks(late, {**DEFAULT_MODES, "late_submission": "off"}) == []
    on_time = facts(submitted_on=date(2026, 5, 31))  # day 30: still on time
    assert run_checks(on_time, DEFAULT_MODES) == []


def test_entitlement_duplicates_and_mileage():
    assert codes(run_checks(facts(entitlement_covered=None), DEFAULT_MODES)) == [
        ("not_entitled", "block", "missing")
    ]
    paid = run_checks(facts(entitlement_covered=False, entitlement_outcome="paid"), DEFAULT_MODES)
    with translation.override("en"):
        assert "Paid repair" in str(paid[0].message)
    earlier = (
        EarlierClaim("CL-1", True, False, date(2026, 1, 1), None),
        EarlierClaim("CL-2", False, True, date(2026, 2, 1), None),  # 89 days before
        EarlierClaim("CL-3", False, True, date(2026, 1, 31), 30000),  # 90 days: still within
        EarlierClaim("CL-4", False, True, date(2026, 1, 30), None),  # 91 days: outside
    )
    found = run_checks(facts(earlier_claims=earlier, mileage_km=25000), DEFAULT_MODES)
    assert [(f.code, f.params.get("number")) for f in found] == [
        ("duplicate", "CL-1"),
        ("duplicate", "CL-2"),
        ("duplicate", "CL-3"),
        ("mileage_below_earlier", "CL-3"),
    ]


def test_photos_and_pre_authorisation():
    found = run_checks(
        facts(type="major_assembly", photo_kinds=frozenset({"fault"})), DEFAULT_MODES
    )
    assert codes(found) == [
        ("photos_missing", "block", ""),
        ("pre_authorisation_missing", "block", "type"),
    ]
    with translation.override("en"):
        assert (
            str(found[0].message)
            == "Missing: Nameplate / serial label (铭牌)、Removed part (旧件照片)."
        )
    granted = PreAuthFacts("PA-1", True, D("600.00"), date(2026, 4, 30))
    ok = facts(type="major_assembly", photo_kinds=frozenset({"fault", "nameplate", "part"}))
    assert run_checks(replace(ok, pre_authorisation=granted), DEFAULT_MODES) == []
    late_grant = PreAuthFacts("PA-1", True, D("600.00"), date(2026, 5, 2))
    assert codes(run_checks(replace(ok, pre_authorisation=late_grant), DEFAULT_MODES)) == [
        ("pre_authorisation_missing", "block", "after_repair")
    ]
    big = facts(total=D("5000.01"))
    assert codes(run_checks(big, DEFAULT_MODES)) == [
        ("pre_authorisation_missing", "block", "threshold")
    ]
    assert run_checks(facts(total=D("5000.00")), DEFAULT_MODES) == []
    reused = facts(reused_photos=(("a.png", "CL-9"),))
    assert codes(run_checks(reused, DEFAULT_MODES)) == [("photo_reused", "warn", "")]


# National Day 2025: 1-8 October off; Sunday 28 September and Saturday 11 October worked.
def test_working_days_follow_chinas_calendar():
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)  # a Sunday worked
    assert add_working_days(date(2025, 10, 9), 2) == date(2025, 10, 11)  # a Saturday worked
    assert add_working_days(date(2025, 9, 26), 0) == date(2025, 9, 26)
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 9)) == 4  # 28, 29, 30, 9
    assert working_days_between(date(2025, 10, 9), date(2025, 10, 9)) == 0


def test_ageing_against_the_deadline():
    submitted, due = date(2025, 9, 26), date(2025, 10, 9)
    assert ageing(submitted, due, date(2025, 9, 30)) == ageing(submitted, due, date(2025, 9, 30))
    on_time = ageing(submitted, due, date(2025, 9, 30))
    assert (on_time.age, on_time.left, on_time.due) == (3, 1, Due.ON_TIME)
    today = ageing(submitted, due, due)
    assert (today.due, today.left, today.colour) == (Due.DUE_TODAY, 0, "yellow")
    late = ageing(submitted, due, date(2025, 10, 13))
    assert (late.due, late.left, late.age) == (Due.OVERDUE, -3, 7)  # 10, 11 (Sat), 13


def test_a_station_is_flagged_when_its_claim_rate_jumps():
    assert StationRate(
        6,
        20,
        12,
        240,
    ).spiking  # 30 per 100 against 5
    assert not StationRate(6, 20, 120, 600).spiking  # 30 against 20: not half again
    assert not StationRate(2, 4, 0, 100).spiking  # too few claims to tell
    assert not StationRate(5, 10, 0, 0).spiking  # no history of its own
    assert StationRate(3, 10, 0, 50).spiking  # none before
    assert month_start(date(2026, 1, 15), 6) == date(2025, 7, 1)


def test_the_diff_between_two_versions():
    before = {
        "header": {"symptom": "不制冷", "mileage_km": None},
        "lines": [
            {"id": 1, "description": "诊断", "quantity": "0.50", "amount": "60.00"},
            {"id": 2, "description": "压缩机", "quantity": "1.00", "amount": "495.00"},
        ],
        "photos": [{"id": 5, "kind": "fault", "name": "a.png", "sha256": "x"}],
        "total": "555.00",
    }
    after = {
        "header": {"symptom": "不制冷，异响", "mileage_km": None},
        "lines": [
            {"id": 1, "description": "诊断", "quantity": "0.30", "amount": "36.00"},
            {"id": 3, "description": "外出", "quantity": "10.00", "amount": "70.00"},
        ],
        "photos": [
            {"id": 5, "kind": "fault", "name": "a.png", "sha256": "x"},
            {"id": 6, "kind": "nameplate", "name": "b.png", "sha256": "y"},
        ],
        "total": "106.00",
    }
    change = versions.diff(before, after)
    assert change["header"] == [{"field": "symptom", "before": "不制冷", "after": "不制冷，异响"}]
    assert [line["id"] for line in change["lines_added"]] == [3]
    assert [line["id"] for line in change["lines_removed"]] == [2]
    assert change["lines_changed"][0]["changes"] == [
        {"field": "quantity", "before": "0.50", "after": "0.30"},
        {"field": "amount", "before": "60.00", "after": "36.00"},
    ]
    assert [p["id"] for p in change["photos_added"]] == [6] and change["photos_removed"] == []
    assert (change["total_before"], change["total_after"]) == ("555.00", "106.00")
    assert versions.is_empty(versions.diff(before, before))
