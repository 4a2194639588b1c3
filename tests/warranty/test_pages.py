"""The warranty panel on the staff order page, the customer's words, and the policies page."""

import pytest

from aftersales.warranty.models import WarrantyFacts
from aftersales.warranty.selectors import entitlement_for
from tests.test_access_matrix import ROLES
from tests.warranty.helpers import fridge_policy, order_filed_on, part_line

STAFF = sorted(set(ROLES) - {"customer", "customer2"})
NOT_THEIRS = {"manager2", "auditor_car"}
STATION_OFFICE = {"advisor", "manager"}
FACTS = {
    "proof_of_purchase": "yes",
    "serial_label_intact": "on",
    "serial_matches_card": "on",
    "cause": "normal",
    "first_owner": "on",
    "whole_product": "on",
}


@pytest.mark.parametrize("role", STAFF)
def test_the_panel_shows_the_outcome_and_offers_the_forms_to_the_station_office(
    world, client, role
):
    fridge_policy(world)
    order = order_filed_on(world, "2026-03-20", "in_progress")
    part_line(world, order)
    client.force_login(world.users[role])
    page = client.get(f"/staff/orders/{order.pk}/")
    if role in NOT_THEIRS:
        assert page.status_code == 404
        return
    html = page.content.decode()
    assert 'id="warranty-panel"' in html and "Exchange (包换)" in html
    assert 'id="warranty-day">19<' in html and "2026-03-31" in html
    assert "Warranty (三包) pays ¥450.00" in html
    assert ('id="warranty-facts-form"' in html) == (role in STATION_OFFICE), role
    assert ('id="payer-line-' in html) == (role in STATION_OFFICE), role


def test_the_facts_form_answers_with_the_panel_for_htmx(world, client):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    line = part_line(world, order)
    client.force_login(world.users["advisor"])
    r = client.post(
        f"/staff/warranty/orders/{order.pk}/facts/",
        {**FACTS, "repaired_by_unauthorised": "on"},
        headers={"HX-Request": "true"},
    )
    html = r.content.decode()
    assert r.status_code == 200 and html.startswith('<div class="card" id="warranty-panel">')
    assert "Paid repair (收费维修)" in html and "Repaired or dismantled by unauthorised" in html
    assert "Customer (客户自付) pays ¥450.00" in html
    line.refresh_from_db()
    assert line.payer == "customer"


def test_without_javascript_the_facts_form_lands_back_on_the_order_page(world, client):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    client.force_login(world.users["manager"])
    r = client.post(f"/staff/warranty/orders/{order.pk}/facts/", FACTS)
    assert r.status_code == 302 and r.url == f"/staff/orders/{order.pk}/"
    assert WarrantyFacts.objects.get(work_order=order).proof_of_purchase is True


def test_a_refused_fact_is_shown_on_the_field_and_nothing_is_written(world, client):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    client.force_login(world.users["advisor"])
    r = client.post(
        f"/staff/warranty/orders/{order.pk}/facts/",
        {**FACTS, "sale_date": "2026-07-01"},
        headers={"HX-Request": "true"},
    )
    html = r.content.decode()
    assert "The date of sale cannot be after the order was filed." in html
    assert 'class="messages"' in html and 'value="2026-07-01"' in html
    assert not WarrantyFacts.objects.filter(work_order=order).exists()


def test_a_technician_cannot_post_the_facts(world, client):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    client.force_login(world.users["technician"])
    r = client.post(
        f"/staff/warranty/orders/{order.pk}/facts/", FACTS, headers={"HX-Request": "true"}
    )
    assert "You may not record warranty facts." in r.content.decode()
    assert not WarrantyFacts.objects.filter(work_order=order).exists()


def test_the_payer_form_overrides_with_a_reason(world, client):
    order = order_filed_on(world, "2026-06-01", "in_progress")
    line = part_line(world, order)
    client.force_login(world.users["advisor"])
    url = f"/staff/warranty/orders/{order.pk}/lines/{line.pk}/payer/"
    refused = client.post(url, {"payer": "customer"}, headers={"HX-Request": "true"})
    assert "This field is required." in refused.content.decode()
    r = client.post(
        url, {"payer": "customer", "reason": "人为损坏"}, headers={"HX-Request": "true"}
    )
    assert "set by staff" in r.content.decode() and "人为损坏" in r.content.decode()
    line.refresh_from_db()
    assert (line.payer, line.payer_overridden) == ("customer", True)


def test_the_customer_reads_the_outcome_in_plain_words(world, client):
    fridge_policy(world)
    order = order_filed_on(world, "2026-06-01", "in_progress")
    client.force_login(world.users["customer"])
    html = client.get(f"/portal/orders/{order.number}/").content.decode()
    assert "Free repair under warranty until 2027-03-01." in html
    entitlement = entitlement_for(order)
    assert entitlement is not None


def test_the_customer_is_told_why_a_repair_is_paid(world, client):
    order = order_filed_on(world, "2027-06-01", "in_progress")
    client.force_login(world.users["customer"])
    html = client.get(f"/portal/orders/{order.number}/").content.decode()
    assert "Paid repair: Warranty term expired." in html


@pytest.mark.parametrize("role", ROLES)
def test_the_policies_page_is_for_manufacturer_and_network_staff(world, client, role):
    fridge_policy(world)
    client.force_login(world.users[role])
    r = client.get("/staff/warranty/policies/")
    readers = {"agent", "dispatcher", "advisor", "manager", "manager2", "auditor", "auditor_car"}
    assert r.status_code == (200 if role in readers else 404), role
    if role in readers:
        html = r.content.decode()
        assert ("冰箱三包 2025" in html) == (role != "auditor_car")
        assert ("压缩机: 60 mo" in html) == (role != "auditor_car")
