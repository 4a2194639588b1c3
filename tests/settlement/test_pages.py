"""The settlement pages as a person uses them (the Django test client, signed in): every link to
another statement opens for whoever follows it; the station scraps a part on site from the
old-parts list."""

from __future__ import annotations

import re
from decimal import Decimal

from django.test import Client

from aftersales.core.models import AuditEvent
from aftersales.settlement import old_parts
from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import OldPart, OldPartRule, Statement
from aftersales.settlement.recovery import recoveries_generate
from tests.factories import World
from tests.settlement.helpers import approved_claim, month, old_part_of, settlement_people

STATEMENT_LINK = re.compile(r'href="(/staff/settlement/statements/\d+/)"')
SETTLEMENT_LINK = re.compile(r'href="(/staff/settlement/[^"]*)"')


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


def test_every_link_on_the_settlement_pages_opens_for_whoever_is_shown_it(world):
    """From the statements page, every settlement page a person reaches by its links, for
    the station, the network, the manufacturer's people and the part's supplier."""
    part = old_part_of(approved_claim(world))
    old_parts.shipment_create(
        actor=world.users["manager"],
        old_parts=[part],
        data=old_parts.ShipmentInput("顺丰速运", "SF1001", 1, Decimal("9.5")),
    )
    settlements_generate(manufacturer=world.appliance, period=month(), actor=world.users["finance"])
    recoveries_generate(manufacturer=world.appliance, period=month(), actor=world.users["finance"])
    for user in ("manager", "network_finance", "finance", "parts_clerk", "supplier_finance"):
        client = signed_in(world, user)
        seen: set[str] = set()
        todo = ["/staff/settlement/"]
        while todo:
            page = todo.pop()
            seen.add(page)
            r = client.get(page)
            assert r.status_code == 200, (user, page)
            if r["Content-Type"].startswith("text/html"):
                links = {link.replace("&amp;", "&") for link in SETTLEMENT_LINK.findall(r.text)}
                todo.extend(sorted(links - seen - set(todo)))
        assert len(seen) > 3, user


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


OLD_PARTS = "/staff/settlement/old-parts/"


def scrapped_on_site(world: World) -> OldPart:
    settlement_people(world)
    OldPartRule.objects.create(
        manufacturer=world.appliance, disposition="scrap", scrap_deduction_percent=Decimal("20")
    )
    part = old_part_of(approved_claim(world))
    assert part.status == "awaiting_scrap"
    return part


def test_the_station_records_a_part_scrapped_from_the_old_parts_list(world):
    part = scrapped_on_site(world)
    station = signed_in(world, "manager")
    page = station.get(OLD_PARTS).content.decode()
    assert f'id="scrap-{part.pk}"' in page
    action = f"{OLD_PARTS}{part.pk}/scrap/"
    assert f'id="scrap-form-{part.pk}" action="{action}"' in page
    r = station.post(action, {"note": "现场拆解报废，已拍照留存"}, follow=True)
    assert r.redirect_chain[-1][0] == OLD_PARTS
    html = r.content.decode()
    assert "Old part recorded as scrapped." in html
    part.refresh_from_db()
    assert part.status == "scrapped"
    event = AuditEvent.objects.get(object_id=part.pk, to_state="scrapped")
    assert event.reason == "现场拆解报废，已拍照留存"
    # Done: the part no longer offers it.
    assert f'id="scrap-{part.pk}"' not in html


def test_only_whoever_may_scrap_the_part_is_offered_it(world):
    part = scrapped_on_site(world)
    for user in ("parts_clerk", "finance", "network_finance", "supplier_finance"):
        client = signed_in(world, user)
        page = client.get(OLD_PARTS)
        assert page.status_code == 200, user
        html = page.content.decode()
        assert part.number in html and f'id="scrap-{part.pk}"' not in html, user
        # Posting anyway is refused where it happened; the part stays as it was.
        r = client.post(f"{OLD_PARTS}{part.pk}/scrap/", {"note": "x"}, follow=True)
        assert "Old part recorded as scrapped." not in r.content.decode(), user
        part.refresh_from_db()
        assert part.status == "awaiting_scrap", user


def test_a_part_going_back_is_not_offered_for_scrapping(world):
    part = old_part_of(approved_claim(world))
    assert part.status == "awaiting_return"
    page = signed_in(world, "manager").get(OLD_PARTS).content.decode()
    assert part.number in page and f'id="scrap-{part.pk}"' not in page
