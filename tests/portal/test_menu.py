"""The staff menu shows a person exactly the pages they may open: every link opens (200) and
every page of the menu's set that opens for a person is linked for them."""

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.core.access import principal_for
from tests.settlement.helpers import settlement_people

MENU = {
    "claims": "claims:list",
    "settlement": "settlement:statements",
    "faults": "reports:faults",
    "dispatch": "dispatch:board",
    "policies": "warranty:policies",
}


def menu_of(client: Client) -> tuple[set[str], set[str]]:
    """(linked, may open) of the menu's pages, as the person sees them from the orders list."""
    page = client.get(reverse("staff:orders"))
    assert page.status_code == 200
    nav = page.content.decode().split("<nav", 1)[1].split("</nav>", 1)[0]
    linked = {key for key, name in MENU.items() if f'href="{reverse(name)}"' in nav}
    opens = {key for key, name in MENU.items() if client.get(reverse(name)).status_code == 200}
    return linked, opens


@pytest.mark.django_db
def test_every_staff_login_is_linked_to_exactly_the_pages_it_may_open(world):
    people = settlement_people(world)
    seen: dict[str, set[str]] = {}
    for name, user in people.items():
        if not principal_for(user).is_staff_member:
            continue
        client = Client()
        client.force_login(user)
        linked, opens = menu_of(client)
        assert linked == opens, (name, linked, opens)
        seen[name] = linked
    # The money chain's people find their pages; a technician is not shown them.
    assert {"claims", "faults"} <= seen["auditor"]
    assert "settlement" in seen["network_finance"]
    assert "settlement" in seen["supplier_finance"]
    assert "claims" in seen["station_assessor"]
    assert not {"claims", "settlement", "faults"} & seen["technician"]


@pytest.mark.django_db
def test_whose_work_is_not_orders_lands_on_its_own_page(world):
    people = settlement_people(world)
    for name, page in {
        "supplier_finance": "settlement:recoveries",
        "supplier_clerk": "settlement:recoveries",
        "network_finance": "settlement:statements",
        "finance": "settlement:statements",
        "parts_clerk": "settlement:old_parts",
        "agent": "staff:orders",
        "auditor": "staff:orders",
        "manager": "staff:orders",
    }.items():
        client = Client()
        client.force_login(people[name])
        answer = client.get("/", follow=True)
        assert answer.redirect_chain[-1][0] == reverse(page), name
        assert answer.status_code == 200, name
