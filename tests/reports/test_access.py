"""Who counts which claims: each role of each side over the hand-built set, another network's
people, a supplier's; and the answers to bad filters. Never a figure of claims one may not see."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.core.services import organisation_create
from tests.factories import make_user
from tests.reports.helpers import PERIOD

OPERATIONS = (
    "reports/fault-statistics",
    "reports/failure-rate-curve",
    "reports/supplier-scorecard",
    "reports/fault-statistics/export",
)
# role → (claims counted, approved amount) in PERIOD
SEES = {
    "admin": (6, "1325.35"),
    "agent": (6, "1325.35"),  # the network: every station of it
    "dispatcher": (5, "725.35"),  # the Shanghai centre's stations
    "dispatcher_bj": (1, "600.00"),
    "advisor": (5, "725.35"),  # the Pudong station's own
    "manager": (5, "725.35"),
    "station_assessor": (5, "725.35"),
    "manager2": (0, "0.00"),  # another station of the network
    "auditor": (5, "725.35"),  # the appliance maker's products
    "assessor": (5, "725.35"),
    "finance": (5, "725.35"),
    "auditor_car": (1, "600.00"),  # the car maker's
    "assessor_car": (1, "600.00"),
    "supplier_a": (2, "300.25"),  # the claims its parts caused
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_counts_only_the_claims_it_may_see(fw, api, role):
    client = api(fw.users[role])
    claims, approved = SEES[role]
    for dimension in ("model", "supplier", "months_in_service"):
        r = client.get("reports/fault-statistics", {**PERIOD, "dimension": dimension})
        assert r.status_code == 200, (role, r.content)
        totals = r.json()["totals"]
        assert (totals["claims"], Decimal(totals["approved_amount"])) == (claims, Decimal(approved))


@pytest.mark.parametrize("role", ["technician", "customer", "customer2"])
def test_roles_without_reports_are_refused(fw, api, role):
    client = api(fw.users[role])
    for path in OPERATIONS:
        r = client.get(path, PERIOD)
        assert r.status_code == 403, (role, path, r.content)
        assert r.json()["code"] == "not_allowed"


def test_unauthenticated_calls_are_401(fw, api):
    for path in OPERATIONS:
        assert api().get(path, PERIOD).status_code == 401


def test_another_network_sees_nothing_of_ours(fw, api):
    net = organisation_create(kind="network", code="NET2", name="另一联盟")
    region = organisation_create(kind="region", code="R2", name="另一中心", network=net)
    station = organisation_create(kind="station", code="S2", name="另一服务站", region=region)
    maker = organisation_create(kind="manufacturer", code="M2", name="别家电器")
    for user in (
        make_user("agent_net2", ["agent"], net),
        make_user("manager_net2", ["manager"], station),
        make_user("auditor_m2", ["auditor"], maker),
    ):
        client = api(user)
        for dimension in ("model", "part", "supplier", "fault_code", "batch"):
            answer = client.get("reports/fault-statistics", {**PERIOD, "dimension": dimension})
            assert answer.json()["rows"] == [] and answer.json()["totals"]["claims"] == 0
        # Naming our manufacturer or our supplier changes nothing: still none of our claims.
        for params in (
            {"manufacturer_id": fw.world.appliance.pk},
            {"supplier_id": fw.suppliers["a"].pk},
        ):
            answer = client.get("reports/fault-statistics", {**PERIOD, **params}).json()
            assert answer["totals"]["claims"] == 0
        assert client.get("reports/failure-rate-curve", PERIOD).json()["series"] == []
        assert client.get("reports/supplier-scorecard", PERIOD).json()["rows"] == []


def test_a_manufacturer_naming_another_manufacturer_gets_nothing(fw, api):
    client = api(fw.users["auditor"])
    params = {**PERIOD, "manufacturer_id": fw.world.carmaker.pk}
    assert client.get("reports/fault-statistics", params).json()["totals"]["claims"] == 0
    assert client.get("reports/failure-rate-curve", params).json()["series"] == []


def test_a_supplier_sees_its_own_parts_only(fw, api):
    client = api(fw.users["supplier_a"])
    answer = client.get("reports/fault-statistics", {**PERIOD, "dimension": "supplier"}).json()
    assert [(r["label"], r["claims"]) for r in answer["rows"]] == [("甲压缩机厂", 2)]
    answer = client.get("reports/fault-statistics", {**PERIOD, "dimension": "part"}).json()
    assert [r["label"] for r in answer["rows"]] == ["P-A1 压缩机A"]
    card = client.get("reports/supplier-scorecard", PERIOD).json()
    assert [r["supplier_id"] for r in card["rows"]] == [fw.suppliers["a"].pk]
    # Units sold are the manufacturer's figures: no curve for a supplier.
    assert client.get("reports/failure-rate-curve", PERIOD).json()["series"] == []
    params = {**PERIOD, "supplier_id": fw.suppliers["b"].pk}
    assert client.get("reports/fault-statistics", params).json()["totals"]["claims"] == 0


def test_the_curve_counts_only_visible_claims(fw, api):
    curve = api(fw.users["auditor_car"]).get("reports/failure-rate-curve", PERIOD).json()
    assert [(s["label"], s["failures"]) for s in curve["series"]] == [("远航S7 (YH-S7)", 1)]
    assert (
        api(fw.users["manager2"]).get("reports/failure-rate-curve", PERIOD).json()["series"] == []
    )


BAD_FILTERS = [
    ({"dimension": "colour"}, "dimension"),
    ({"status": "lost"}, "status"),
    ({"date_from": "2026-13-01"}, "date_from"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_from": "2026-07-01", "date_to": "2026-06-30"}, "date_to"),
    ({"date_from": "1999-12-31"}, "date_from"),
    ({"date_to": "2100-01-01"}, "date_to"),
    ({"model_id": 999_999}, "model_id"),
    ({"model_id": 0}, "model_id"),
    ({"model_id": 2**63}, "model_id"),
    ({"category_id": 999_999}, "category_id"),
    ({"limit": 0}, "limit"),
    ({"limit": 201}, "limit"),
]


@pytest.mark.parametrize(("params", "field"), BAD_FILTERS)
def test_bad_filters_are_422_naming_the_field(fw, api, params, field):
    r = api(fw.users["auditor"]).get("reports/fault-statistics", params)
    assert r.status_code == 422, r.content
    body = r.json()
    assert body["code"] == "invalid"
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["message_zh"] and body["errors"][0]["message_en"]


def test_records_that_are_not_what_the_filter_names_are_422(fw, api):
    client = api(fw.users["auditor"])
    for params, field in (
        ({"manufacturer_id": fw.world.station_sh.pk}, "manufacturer_id"),  # a station
        ({"supplier_id": fw.world.appliance.pk}, "supplier_id"),  # supplies no part
    ):
        for path in OPERATIONS:
            r = client.get(path, params)
            assert r.status_code == 422, (path, r.content)
            assert [e["field"] for e in r.json()["errors"]] == [field]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("reports/failure-rate-curve", {"max_months": 0}, "max_months"),
        ("reports/failure-rate-curve", {"models": 21}, "models"),
        ("reports/supplier-scorecard", {"limit": -1}, "limit"),
        ("reports/fault-statistics/export", {"dimension": "colour"}, "dimension"),
    ],
)
def test_each_operation_checks_its_own_parameters(fw, api, path, params, field):
    r = api(fw.users["auditor"]).get(path, params)
    assert r.status_code == 422, r.content
    assert [e["field"] for e in r.json()["errors"]] == [field]
