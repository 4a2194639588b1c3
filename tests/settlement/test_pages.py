"""The settlement pages as a person uses them (the Django test client, signed in): every link to
another statement opens for whoever follows it; the station scraps a part on site from the
old-parts list."""

from __future__ import annotations

import re

from django.test import Client

from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import Statement
from tests.factories import World
from tests.settlement.helpers import approved_claim, month

STATEMENT_LINK = re.compile(r'href="(/staff/settlement/statements/\d+/)"')


def signed_in(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def two_levels(world: World) -> tuple[Statement, Statement]:
    """The month through the network: the station's statement and the network's."""
    approved_claim(world)
    settlements_generate(manufacturer=world.appliance, period=month(), actor=world.users["finance"])
    child = Statement.objects.get(payee=world.station_sh, period=month())
    assert child.parent is not None
    return child, child.parent


def test_every_statement_link_on_a_statement_page_opens_for_its_reader(world):
    child, parent = two_levels(world)
    for user in ("finance", "network_finance", "manager"):
        client = signed_in(world, user)
        listed = client.get("/staff/settlement/").content.decode()
        for page in set(STATEMENT_LINK.findall(listed)):
            html = client.get(page).content.decode()
            for link in set(STATEMENT_LINK.findall(html)):
                assert client.get(link).status_code == 200, (user, page, link)


def test_the_manufacturer_reads_a_network_statement_without_links_to_its_stations(world):
    child, parent = two_levels(world)
    html = signed_in(world, "finance").get(f"/staff/settlement/statements/{parent.pk}/")
    assert html.status_code == 200
    page = html.content.decode()
    # The station statement on it: its payee, its number and its figures, but no link (404).
    assert f"/staff/settlement/statements/{child.pk}/" not in page
    row = re.search(rf'<li id="child-{child.pk}">(.*?)</li>', page, re.S)
    assert row is not None
    assert child.payee.name in row.group(1) and child.label in row.group(1)
    assert world.station_sh.code in page
    # The network's finance, the payer of the station statement, follows both.
    network = signed_in(world, "network_finance")
    page = network.get(f"/staff/settlement/statements/{parent.pk}/").content.decode()
    assert page.count(f'href="/staff/settlement/statements/{child.pk}/"') == 2


def test_the_station_sees_its_network_statement_named_not_linked(world):
    child, parent = two_levels(world)
    page = signed_in(world, "manager").get(f"/staff/settlement/statements/{child.pk}/")
    html = page.content.decode()
    assert 'id="parent-statement"' in html and parent.label in html
    assert f"/staff/settlement/statements/{parent.pk}/" not in html
    network = signed_in(world, "network_finance").get(f"/staff/settlement/statements/{child.pk}/")
    assert f'href="/staff/settlement/statements/{parent.pk}/"' in network.content.decode()
