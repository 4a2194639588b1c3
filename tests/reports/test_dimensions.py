"""Each dimension's numbers on the hand-built set (tests/reports/helpers.py `standard_set`), as
the manufacturer's auditor reads them through `fault_statistics`: exact counts, amounts to the
fen, shares, and which claims the status and the filters let in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.reports.helpers import PERIOD

D = Decimal


def stats(api: Any, user: Any, dimension: str, **params: Any) -> dict[str, Any]:
    r = api(user).get("reports/fault-statistics", {**PERIOD, "dimension": dimension, **params})
    assert r.status_code == 200, r.content
    return r.json()


def rows(answer: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(label, claims, approved, claimed) per row, amounts as Decimals."""
    return [
        (r["label"], r["claims"], D(r["approved_amount"]), D(r["claimed_amount"]))
        for r in answer["rows"]
    ]


def totals(answer: dict[str, Any]) -> tuple[int, Decimal, Decimal]:
    t = answer["totals"]
    return t["claims"], D(t["approved_amount"]), D(t["claimed_amount"])


ALL_APPROVED = (5, D("725.35"), D("775.60"))


def test_by_model(fw, api):
    answer = stats(api, fw.users["auditor"], "model")
    assert rows(answer) == [
        ("海岳对开门冰箱 (BCD-470)", 3, D("380.25"), D("430.50")),
        ("海岳三门冰箱 (BCD-300)", 1, D("300.00"), D("300.00")),
        ("海岳冰柜 (BD-200)", 1, D("45.10"), D("45.10")),
    ]
    assert [r["key"] for r in answer["rows"]] == [
        str(fw.models[m].pk) for m in ("fridge", "fridge2", "freezer")
    ]
    assert [(r["share"], r["cost_share"]) for r in answer["rows"]] == [
        ("0.6000", "0.5242"),
        ("0.2000", "0.4136"),
        ("0.2000", "0.0622"),
    ]
    assert totals(answer) == ALL_APPROVED
    assert answer["totals"]["groups"] == 3
    assert answer["others"] is None


def test_by_production_batch(fw, api):
    answer = stats(api, fw.users["auditor"], "batch")
    assert rows(answer) == [
        ("B2401", 3, D("600.25"), D("650.50")),
        ("B2402", 1, D("80.00"), D("80.00")),
        ("Not recorded", 1, D("45.10"), D("45.10")),
    ]
    assert answer["rows"][-1]["key"] is None
    assert totals(answer) == ALL_APPROVED


def test_by_causal_part(fw, api):
    answer = stats(api, fw.users["auditor"], "part")
    assert rows(answer) == [
        ("P-A1 压缩机A", 2, D("300.25"), D("350.50")),
        ("P-C1 门封条", 1, D("300.00"), D("300.00")),
        ("P-B1 温控器B", 1, D("80.00"), D("80.00")),
        ("Not recorded", 1, D("45.10"), D("45.10")),
    ]
    assert totals(answer) == ALL_APPROVED


def test_by_supplier_of_the_causal_part(fw, api):
    answer = stats(api, fw.users["auditor"], "supplier")
    # A part without a supplier and a claim without a causal part: not recorded.
    assert rows(answer) == [
        ("Not recorded", 2, D("345.10"), D("345.10")),
        ("甲压缩机厂", 2, D("300.25"), D("350.50")),
        ("乙温控器厂", 1, D("80.00"), D("80.00")),
    ]
    assert answer["rows"][1]["key"] == str(fw.suppliers["a"].pk)
    assert totals(answer) == ALL_APPROVED


def test_by_fault_code(fw, api):
    answer = stats(api, fw.users["auditor"], "fault_code")
    assert rows(answer) == [
        ("E1", 3, D("345.35"), D("395.60")),
        ("Not recorded", 1, D("300.00"), D("300.00")),
        ("E2", 1, D("80.00"), D("80.00")),
    ]
    assert totals(answer) == ALL_APPROVED


def test_by_months_in_service_every_band_in_order(fw, api):
    answer = stats(api, fw.users["auditor"], "months_in_service")
    assert [(r["key"], r["claims"], D(r["approved_amount"])) for r in answer["rows"]] == [
        ("0-3", 1, D("100.00")),  # c1: 2 months
        ("4-6", 1, D("200.25")),  # c2: 4 months to the day
        ("7-12", 2, D("380.00")),  # c3: 11 (a day short of 12), c4: 12 to the day
        ("13-24", 0, D("0.00")),
        ("25-36", 0, D("0.00")),
        ("37+", 0, D("0.00")),
        (None, 1, D("45.10")),  # c5: a unit never sold
    ]
    assert answer["rows"][0]["label"] == "0–3 months"
    assert answer["rows"][5]["label"] == "More than 36 months"
    assert totals(answer) == ALL_APPROVED


def test_by_mileage_band_every_band_in_order(fw, api):
    answer = stats(api, fw.users["auditor"], "mileage_band")
    assert [(r["key"], r["claims"], D(r["claimed_amount"])) for r in answer["rows"]] == [
        ("0-5k", 1, D("100.00")),  # 4,999 km
        ("5k-10k", 1, D("250.50")),  # 5,000 km
        ("10k-20k", 0, D("0.00")),
        ("20k-50k", 1, D("80.00")),  # 20,000 km
        ("50k-100k", 0, D("0.00")),
        ("100k+", 1, D("45.10")),  # 150,000 km
        (None, 1, D("300.00")),
    ]
    assert totals(answer) == ALL_APPROVED


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("approved", ALL_APPROVED),
        ("rejected", (1, D("0.00"), D("500.00"))),
        # Awaiting a decision: counted by its submission date, nothing approved yet.
        ("pending", (1, D("0.00"), D("70.00"))),
        ("all", (7, D("725.35"), D("1345.60"))),
    ],
)
def test_the_status_decides_which_claims_count(fw, api, status, expected):
    assert totals(stats(api, fw.users["auditor"], "model", status=status)) == expected


def test_the_period_is_the_decision_date(fw, api):
    # "old" was approved on the last day of 2025, c5 on the first of 2026.
    answer = stats(api, fw.users["auditor"], "model", date_from="2025-12-31", date_to="2026-01-01")
    assert totals(answer) == (2, D("1044.10"), D("1044.10"))
    answer = stats(api, fw.users["auditor"], "model", date_from="2026-06-30", date_to="2026-06-30")
    assert rows(answer) == [("海岳三门冰箱 (BCD-300)", 1, D("300.00"), D("300.00"))]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("model", (3, D("380.25"), D("430.50"))),
        ("category", (1, D("45.10"), D("45.10"))),
        ("supplier", (2, D("300.25"), D("350.50"))),
    ],
)
def test_model_category_and_supplier_filters(fw, api, name, expected):
    pk = {
        "model": fw.models["fridge"].pk,
        "category": fw.models["freezer"].category_id,
        "supplier": fw.suppliers["a"].pk,
    }[name]
    answer = stats(api, fw.users["auditor"], "fault_code", **{f"{name}_id": pk})
    assert totals(answer) == expected
    assert answer["filters"][f"{name}_id"] == pk


def test_a_network_chooses_the_manufacturer(fw, api):
    agent = fw.users["agent"]
    assert totals(stats(api, agent, "model")) == (6, D("1325.35"), D("1375.60"))
    answer = stats(api, agent, "model", manufacturer_id=fw.world.carmaker.pk)
    assert rows(answer) == [("远航S7 (YH-S7)", 1, D("600.00"), D("600.00"))]


def test_the_largest_groups_then_the_others_together(fw, api):
    answer = stats(api, fw.users["auditor"], "part", limit=2)
    assert [r["label"] for r in answer["rows"]] == ["P-A1 压缩机A", "P-C1 门封条"]
    others = answer["others"]
    assert (others["claims"], D(others["approved_amount"]), D(others["claimed_amount"])) == (
        2,
        D("125.10"),
        D("125.10"),
    )
    assert others["label"] == "Others (2)" and others["key"] is None
    assert others["share"] == "0.4000"
    assert totals(answer) == ALL_APPROVED and answer["totals"]["groups"] == 4


def test_a_claim_reviewed_through_the_claims_app_counts_on_its_decision_day(fw, api):
    from aftersales.claims.review import claim_review
    from tests.claims.helpers import submitted_claim, today

    claim = submitted_claim(fw.world, fault_code="E7")
    claim_review(claim=claim, actor=fw.users["auditor"], decision="approve")
    claim.refresh_from_db()
    day = today().isoformat()
    answer = stats(api, fw.users["auditor"], "fault_code", date_from=day, date_to=day)
    assert rows(answer) == [("E7", 1, claim.approved_amount, claim.total_amount)]
