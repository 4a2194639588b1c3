"""The failures-per-1,000 curve on a known pair of sales cohorts, and the supplier scorecard on
the hand-built set."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from aftersales.claims.models import PartApplicability
from aftersales.reports import curve, scorecard
from tests.reports.helpers import PERIOD, decided_claim, unit

D = Decimal


def known_cohorts(bare):
    """Four freezers sold on 10 January 2026, two on 5 March; four failures among them."""
    jan = [unit(bare, f"jan{i}", "freezer", purchase_date=date(2026, 1, 10)) for i in range(4)]
    mar = [unit(bare, f"mar{i}", "freezer", purchase_date=date(2026, 3, 5)) for i in range(2)]
    for name, asset, failed in (
        ("j1", jan[0], date(2026, 2, 20)),  # 1 month in service
        ("j2", jan[1], date(2026, 5, 11)),  # 4
        ("m1", mar[0], date(2026, 3, 20)),  # 0
        ("m2", mar[1], date(2026, 6, 6)),  # 3
    ):
        decided_claim(bare, name, asset, failure=failed, decided=failed + timedelta(days=5))
    # Not failures on the curve: rejected, decided after its end, failed before the sale.
    decided_claim(bare, "rejected", jan[2], failure=date(2026, 2, 25), status="rejected")
    decided_claim(bare, "late", jan[3], failure=date(2026, 6, 20), decided=date(2026, 7, 5))
    decided_claim(bare, "before", jan[3], failure=date(2026, 1, 9), decided=date(2026, 1, 20))


def test_failures_per_thousand_by_months_in_service_on_known_cohorts(bare, api):
    known_cohorts(bare)
    r = api(bare.users["auditor"]).get("reports/failure-rate-curve", PERIOD)
    assert r.status_code == 200, r.content
    answer = r.json()
    assert answer["as_of"] == "2026-06-30"
    [series] = answer["series"]
    assert (series["model_id"], series["label"]) == (bare.models["freezer"].pk, "海岳冰柜 (BD-200)")
    assert (series["units"], series["failures"]) == (6, 4)
    points = [
        (
            p["months"],
            p["exposed_units"],
            p["failures"],
            D(p["per_1000"]),
            D(p["cumulative_per_1000"]),
        )
        for p in series["points"]
    ]
    assert points == [
        (0, 6, 1, D("166.67"), D("166.67")),
        (1, 6, 1, D("166.67"), D("333.33")),
        (2, 6, 0, D("0.00"), D("333.33")),
        (3, 6, 1, D("166.67"), D("500.00")),
        # Only January's four units have lived four and five whole months by 30 June.
        (4, 4, 1, D("250.00"), D("750.00")),
        (5, 4, 0, D("0.00"), D("750.00")),
    ]


def test_the_curve_stops_at_max_months_and_follows_the_status(bare, api):
    known_cohorts(bare)
    client = api(bare.users["auditor"])
    answer = client.get("reports/failure-rate-curve", {**PERIOD, "max_months": 2}).json()
    assert [p["months"] for p in answer["series"][0]["points"]] == [0, 1, 2]
    answer = client.get("reports/failure-rate-curve", {**PERIOD, "status": "rejected"}).json()
    [series] = answer["series"]
    assert [(p["months"], p["failures"]) for p in series["points"] if p["failures"]] == [(1, 1)]


def test_curve_points_pure():
    # Cohorts as month indexes (2026-01 and 2026-03); failures by month in service.
    jan, mar = curve.month_index(date(2026, 1, 1)), curve.month_index(date(2026, 3, 1))
    points = curve.curve_points({jan: 400, mar: 600}, {0: 2, 2: 1, 3: 4}, mar + 3, 36)
    assert [(p.months, p.exposed_units, p.failures) for p in points] == [
        (0, 1000, 2),
        (1, 1000, 0),
        (2, 1000, 1),
        (3, 1000, 4),
        (4, 400, 0),
        (5, 400, 0),
    ]
    assert points[3].per_1000 == D("4.00") and points[3].cumulative_per_1000 == D("7.00")
    assert curve.curve_points({}, {0: 1}, mar, 36) == []


def test_supplier_scorecard_against_the_previous_period(fw, api):
    PartApplicability.objects.bulk_create(
        [
            PartApplicability(part=fw.parts["a"], product_model=fw.models["fridge"]),
            PartApplicability(part=fw.parts["a"], product_model=fw.models["fridge2"]),
            PartApplicability(part=fw.parts["b"], product_model=fw.models["fridge"]),
        ]
    )
    r = api(fw.users["auditor"]).get("reports/supplier-scorecard", PERIOD)
    assert r.status_code == 200, r.content
    answer = r.json()
    # 181 days: the previous period is the 181 days before 1 January.
    assert (answer["previous_from"], answer["previous_to"]) == ("2025-07-04", "2025-12-31")
    a, b = answer["rows"]
    assert (a["label"], a["claims"], D(a["approved_amount"]), D(a["claimed_amount"])) == (
        "甲压缩机厂",
        2,
        D("300.25"),
        D("350.50"),
    )
    # The claim approved on 31 December 2025 is the previous period's.
    assert (a["previous_claims"], D(a["previous_approved_amount"])) == (1, D("999.00"))
    assert (D(a["claims_change"]), D(a["cost_change"])) == (D("1.0000"), D("-0.6994"))
    # Part A fits both fridge models: 3 fridges (2 of the set, the world's) + 1 of the other
    # sold by 30 June; part B the 3 fridges.
    assert (a["parts_fitted"], D(a["per_1000_fitted"])) == (4, D("500.00"))
    assert (b["label"], b["claims"], b["previous_claims"], b["claims_change"]) == (
        "乙温控器厂",
        1,
        0,
        None,
    )
    assert (b["parts_fitted"], D(b["per_1000_fitted"])) == (3, D("333.33"))
    assert (D(a["cost_share"]), D(b["cost_share"])) == (D("0.7896"), D("0.2104"))


def test_without_declared_models_there_is_no_parts_fitted_figure(fw, api):
    answer = api(fw.users["auditor"]).get("reports/supplier-scorecard", PERIOD).json()
    assert [(r["parts_fitted"], r["per_1000_fitted"]) for r in answer["rows"]] == [
        (None, None),
        (None, None),
    ]


def test_recovered_amounts_only_when_the_settlement_records_them(fw, api, monkeypatch):
    model = scorecard.recovery_model()
    if model is not None:
        from django.utils import timezone

        now = timezone.now()
        model.objects.create(
            number="RC-TEST-1",
            period=date(2026, 2, 1),
            manufacturer=fw.world.appliance,
            supplier=fw.suppliers["a"],
            parts_share_percent=D("100"),
            labour_share_percent=D("100"),
            handling_fee_percent=D("0"),
            total_amount=D("300.25"),
            recovered_amount=D("120.10"),
            created_at=now,
            updated_at=now,
        )
        answer = api(fw.users["auditor"]).get("reports/supplier-scorecard", PERIOD).json()
        assert answer["recovery_recorded"] is True
        assert [D(r["recovered_amount"]) for r in answer["rows"]] == [D("120.10"), D("0.00")]
    monkeypatch.setattr(scorecard, "recovery_model", lambda: None)
    answer = api(fw.users["auditor"]).get("reports/supplier-scorecard", PERIOD).json()
    assert answer["recovery_recorded"] is False
    assert [r["recovered_amount"] for r in answer["rows"]] == [None, None]
