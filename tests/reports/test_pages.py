"""The fault statistics page: who may open it, what it shows under the filters, and what it says
about filters it cannot use."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PASSWORD
from tests.reports.helpers import PERIOD

URL = "/staff/reports/faults/"


def page(username: str, **params):
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client.get(URL, params)


def chart_rows(response) -> list[dict]:
    html = response.content.decode()
    start = html.index('<script id="fault-data" type="application/json">') + len(
        '<script id="fault-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_analyst_sees_the_table_the_chart_data_the_curve_and_the_scorecard(fw):
    r = page("auditor", **PERIOD, dimension="part")
    assert r.status_code == 200
    html = r.content.decode()
    assert chart_rows(r) == [
        {"label": "P-A1 压缩机A", "claims": 2, "approved": "300.25"},
        {"label": "P-C1 门封条", "claims": 1, "approved": "300.00"},
        {"label": "P-B1 温控器B", "claims": 1, "approved": "80.00"},
        {"label": "Not recorded", "claims": 1, "approved": "45.10"},
    ]
    assert '<td class="num" data-label="Approved">¥725.35</td>' in html  # the total
    assert 'aria-current="page">Causal part</a>' in html
    assert "/api/v1/reports/failure-rate-curve?date_from=2026-01-01&amp;date_to=2026-06-30" in html
    assert 'id="fault-export" href="/api/v1/reports/fault-statistics/export?' in html
    assert f'data-supplier="{fw.suppliers["a"].pk}"' in html
    assert "+100.0%" in html  # supplier A's claims against the previous period
    # A manufacturer's people have no manufacturer to choose: it is theirs.
    assert 'name="manufacturer"' not in html


def test_a_network_chooses_the_manufacturer_on_the_page(fw):
    r = page("agent", **PERIOD, manufacturer=str(fw.world.carmaker.pk))
    html = r.content.decode()
    assert 'name="manufacturer"' in html
    assert chart_rows(r) == [{"label": "远航S7 (YH-S7)", "claims": 1, "approved": "600.00"}]


def test_every_dimension_renders(fw):
    for dimension in (
        "model",
        "batch",
        "part",
        "supplier",
        "fault_code",
        "months_in_service",
        "mileage_band",
    ):
        r = page("manager", **PERIOD, dimension=dimension)
        assert r.status_code == 200
        assert sum(row["claims"] for row in chart_rows(r)) == 5


def test_filters_it_cannot_use_are_said_and_the_default_year_is_shown(fw):
    r = page("auditor", date_from="2026-07-01", date_to="2026-06-30")
    html = r.content.decode()
    assert r.status_code == 200
    assert "The end of the period comes before its start." in html
    r = page("auditor", date_from="not a date")
    assert r.status_code == 200 and "errorlist" in r.content.decode()


@pytest.mark.parametrize("role", ["technician", "customer"])
def test_the_page_does_not_exist_for_roles_without_reports(fw, role):
    assert page(role).status_code == 404


def test_the_page_reads_in_a_bounded_number_of_queries(fw):
    client = Client()
    assert client.login(username="auditor", password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {**PERIOD, "dimension": "supplier"}).status_code == 200
    # Reads only: PostgreSQL adds its SET LOCAL tuning and savepoints around each analytic read.
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert len(reads) <= 22, "\n".join(r[:120] for r in reads)
