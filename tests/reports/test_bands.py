"""Band boundaries, counted by the database: months in service (whole months completed, from the
warranty start or the purchase date) and mileage (a band holds its lower bound)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aftersales.reports import bands
from aftersales.warranty.models import Entitlement
from tests.reports.helpers import PERIOD, decided_claim, unit

SOLD = date(2024, 1, 15)
# failure date → the band it falls in
MONTH_BOUNDARIES = [
    (date(2024, 1, 15), "0-3"),  # the day of the sale
    (date(2024, 5, 14), "0-3"),  # 3 months and 30 days
    (date(2024, 5, 15), "4-6"),  # 4 months to the day
    (date(2024, 8, 14), "4-6"),
    (date(2024, 8, 15), "7-12"),  # 7
    (date(2025, 1, 15), "7-12"),  # 12
    (date(2025, 2, 14), "7-12"),
    (date(2025, 2, 15), "13-24"),  # 13
    (date(2026, 1, 15), "13-24"),  # 24
    (date(2026, 2, 15), "25-36"),  # 25
    (date(2027, 1, 15), "25-36"),  # 36
    (date(2027, 2, 15), "37+"),  # 37
    (date(2024, 1, 14), None),  # before the sale: a mistake in the data, not a band
]
MILEAGE_BOUNDARIES = [
    (0, "0-5k"),
    (4_999, "0-5k"),
    (5_000, "5k-10k"),
    (9_999, "5k-10k"),
    (10_000, "10k-20k"),
    (19_999, "10k-20k"),
    (20_000, "20k-50k"),
    (49_999, "20k-50k"),
    (50_000, "50k-100k"),
    (99_999, "50k-100k"),
    (100_000, "100k+"),
    (1_500_000, "100k+"),
    (None, None),
]


def counts(api, user, dimension):
    r = api(user).get("reports/fault-statistics", {**PERIOD, "dimension": dimension})
    assert r.status_code == 200, r.content
    return {row["key"]: row["claims"] for row in r.json()["rows"]}


def expected_counts(boundaries, defined):
    found = {b.key: 0 for b in defined} | {None: 0}
    for _value, key in boundaries:
        found[key] += 1
    return found if found[None] else {k: v for k, v in found.items() if k is not None}


def test_months_in_service_boundaries(bare, api):
    sold = unit(bare, "sold", purchase_date=SOLD)
    for i, (failed, _band) in enumerate(MONTH_BOUNDARIES):
        decided_claim(bare, f"m{i}", sold, failure=failed)
    assert counts(api, bare.users["auditor"], "months_in_service") == expected_counts(
        MONTH_BOUNDARIES, bands.MONTHS_IN_SERVICE
    )


def test_the_repair_date_stands_in_for_a_missing_failure_date(bare, api):
    sold = unit(bare, "sold", purchase_date=SOLD)
    decided_claim(bare, "repaired", sold, repaired=date(2024, 5, 15))
    decided_claim(bare, "both", sold, failure=date(2024, 5, 14), repaired=date(2024, 5, 15))
    decided_claim(bare, "neither", sold)
    got = counts(api, bare.users["auditor"], "months_in_service")
    assert (got["0-3"], got["4-6"], got[None]) == (1, 1, 1)


def test_a_month_end_sale_reaches_its_month_on_the_same_day_number(bare, api):
    sold = unit(bare, "sold", purchase_date=date(2024, 1, 31))
    decided_claim(bare, "feb", sold, failure=date(2024, 4, 30))  # 2 (30 < 31)
    decided_claim(bare, "may", sold, failure=date(2024, 5, 31))  # 4
    got = counts(api, bare.users["auditor"], "months_in_service")
    assert (got["0-3"], got["4-6"]) == (1, 1)


def test_the_warranty_start_counts_before_the_purchase_date(bare, api):
    """An installed unit's warranty starts at the accepted installation: the entitlement's
    start date, where the order has one, rather than the sale."""
    order = bare.template  # decided on acceptance: its entitlement counts from the sale
    entitlement = Entitlement.objects.get(work_order=order)
    sold = order.asset.purchase_date
    assert entitlement.start_date == sold
    claim = decided_claim(bare, "installed", None, failure=sold + timedelta(days=130))
    claim.asset, claim.work_order = order.asset, order
    claim.save(update_fields=["asset", "work_order"])
    # 130 days after the sale is four months and some: by the sale, 4–6.
    assert counts(api, bare.users["auditor"], "months_in_service")["4-6"] == 1
    Entitlement.objects.filter(pk=entitlement.pk).update(start_date=sold + timedelta(days=40))
    # Installed 40 days after the sale: 90 days in service, 0–3.
    assert counts(api, bare.users["auditor"], "months_in_service")["0-3"] == 1


def test_mileage_boundaries(bare, api):
    sold = unit(bare, "sold", purchase_date=SOLD)
    for i, (km, _band) in enumerate(MILEAGE_BOUNDARIES):
        decided_claim(bare, f"k{i}", sold, mileage_km=km)
    assert counts(api, bare.users["auditor"], "mileage_band") == expected_counts(
        MILEAGE_BOUNDARIES, bands.MILEAGE
    )


@pytest.mark.parametrize(("failed", "band"), MONTH_BOUNDARIES)
def test_the_pure_bands_agree(failed, band):
    found = bands.band_of(bands.months_between(SOLD, failed), bands.MONTHS_IN_SERVICE)
    assert (found.key if found else None) == band


@pytest.mark.parametrize(("km", "band"), MILEAGE_BOUNDARIES)
def test_the_pure_mileage_bands_agree(km, band):
    found = bands.band_of(km, bands.MILEAGE)
    assert (found.key if found else None) == band
