"""Who sees a claim and who may act on it: the station its own, the manufacturer its products',
the network and the regional centre look on; everybody else gets 404 and nothing changes.

Written out by hand from ../shared/DOMAIN.md §2 and §4.4, not derived from the declarations.
"""

import pytest

from aftersales.claims.models import Claim
from aftersales.core.models import AuditEvent
from tests.claims.helpers import make_claim, submitted_claim
from tests.factories import claims_people

# A claim of the Pudong station (上海浦东, region 华东) for the appliance maker's fridge.
SEES = {
    "manager",
    "advisor",
    "station_assessor",
    "auditor",
    "assessor",
    "finance",
    "agent",  # the network
    "dispatcher",  # the East China regional centre
}
NOT_THEIRS = {
    "manager2",  # another station of the same region
    "technician",  # a technician on their own sees only the orders given to them
    "dispatcher_bj",
    "auditor_car",
    "assessor_car",
    "customer",
    "customer2",
}
EVERYONE = sorted(SEES | NOT_THEIRS)
STATION_ACTS = {"manager", "advisor", "station_assessor"}
REVIEWER_ACTS = {"auditor", "assessor"}


@pytest.mark.parametrize("role", EVERYONE)
def test_who_sees_a_claim(world, api, role):
    claims_people(world)
    claim = make_claim(world)
    client = api(world.users[role])
    r = client.get(f"claims/{claim.pk}")
    assert r.status_code == (200 if role in SEES else 404), (role, r.content)
    listed = {c["id"] for c in client.get("claims", {"limit": 200}).json()["items"]}
    assert (claim.pk in listed) == (role in SEES)
    for path in (f"claims/{claim.pk}/versions", f"claims/{claim.pk}/events"):
        assert client.get(path).status_code == (200 if role in SEES else 404)
    picture = claim.photos.first()
    assert picture is not None
    r = client.get(f"claim-photos/{picture.pk}/file")
    assert r.status_code == (200 if role in SEES else 404)


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_edit_and_submit(world, api, role):
    claims_people(world)
    claim = make_claim(world)
    client = api(world.users[role])
    events = AuditEvent.objects.count()
    r = client.post(f"claims/{claim.pk}/lines", {"kind": "travel", "quantity": "1"})
    expected = 201 if role in STATION_ACTS else 403 if role in SEES else 404
    assert r.status_code == expected, (role, r.content)
    r = client.post(f"claims/{claim.pk}/submit", {})
    expected = 200 if role in STATION_ACTS else 403 if role in SEES else 404
    assert r.status_code == expected, (role, r.content)
    if expected != 200:
        assert AuditEvent.objects.count() == events
        assert Claim.objects.get(pk=claim.pk).status == "draft"


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_review(world, api, role):
    claims_people(world)
    claim = submitted_claim(world)
    events = AuditEvent.objects.count()
    r = api(world.users[role]).post(f"claims/{claim.pk}/review", {"decision": "approve"})
    expected = 200 if role in REVIEWER_ACTS else 403 if role in SEES else 404
    assert r.status_code == expected, (role, r.content)
    if expected != 200:
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_create_a_claim(world, api, role):
    claims_people(world)
    from tests.claims.helpers import claimable_order

    order = claimable_order(world)
    r = api(world.users[role]).post("claims", {"work_order_id": order.pk, "type": "repair"})
    # Who sees the order but may not claim it: the network, the centre, its technician, the
    # manufacturer, and the customer whose fridge it is.
    sees_order = {"agent", "dispatcher", "technician", "auditor", "assessor", "finance", "customer"}
    expected = 201 if role in STATION_ACTS else 403 if role in sees_order else 404
    assert r.status_code == expected, (role, r.content)


def test_a_station_of_another_network_never_sees_the_claims(world, api):
    claims_people(world)
    mine = make_claim(world)
    assert api(world.users["manager2"]).get(f"claims/{mine.pk}").status_code == 404
    assert api(world.users["manager2"]).get("claims").json()["items"] == []


def test_pre_authorisations_are_asked_by_the_station_and_decided_by_the_manufacturer(world, api):
    from tests.factories import work_order_in

    claims_people(world)
    order = work_order_in(world, "in_progress")
    body = {"work_order_id": order.pk, "description": "更换压缩机总成", "requested_amount": "800"}
    assert api(world.users["auditor"]).post("pre-authorisations", body).status_code == 403
    assert api(world.users["manager2"]).post("pre-authorisations", body).status_code == 404
    r = api(world.users["manager"]).post("pre-authorisations", body)
    assert r.status_code == 201, r.content
    pa = r.json()
    assert pa["number"].startswith("PA-") and pa["status"] == "requested"
    path = f"pre-authorisations/{pa['id']}/decision"
    assert (
        api(world.users["manager"])
        .post(path, {"decision": "grant", "amount_limit": "800"})
        .status_code
        == 403
    )
    assert api(world.users["auditor_car"]).post(path, {"decision": "grant"}).status_code == 404
    r = api(world.users["assessor"]).post(path, {"decision": "grant"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "amount_limit"
    r = api(world.users["assessor"]).post(path, {"decision": "refuse"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "comment"
    r = api(world.users["assessor"]).post(path, {"decision": "grant", "amount_limit": "750.5"})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["amount_limit"]) == ("granted", "750.50")
    again = api(world.users["auditor"]).post(path, {"decision": "refuse", "comment": "x"})
    assert again.status_code == 409
    assert api(world.users["manager"]).get(f"pre-authorisations/{pa['id']}").status_code == 200
    assert api(world.users["manager2"]).get(f"pre-authorisations/{pa['id']}").status_code == 404
