"""The same request twice is one order; a second open order for a unit is flagged."""

from aftersales.workorders.models import WorkOrder
from tests.conftest import ApiClient
from tests.workorders.helpers import advance, file_request

REQUEST = {"serial": "HY470A0001", "fault_description": "冰箱不制冷"}


def _with_key(user, key: str) -> ApiClient:
    client = ApiClient(user)
    client.headers["Idempotency-Key"] = key
    return client


def test_a_retried_request_with_its_key_answers_with_the_first_order(world):
    client = _with_key(world.users["customer"], "3f1c0e1e-retry")
    first = client.post("service-requests", REQUEST)
    again = client.post("service-requests", REQUEST)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert WorkOrder.objects.filter(customer=world.customer).count() == 1


def test_keys_are_per_submitter(world):
    mine = _with_key(world.users["customer"], "same-key").post("service-requests", REQUEST)
    theirs = _with_key(world.users["customer2"], "same-key").post(
        "service-requests", {"serial": world.other_asset.serial, "fault_description": "异响"}
    )
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs.json()["customer_id"] == world.other_customer.pk


def test_a_malformed_key_is_a_field_error(world):
    answer = _with_key(world.users["customer"], "two words").post("service-requests", REQUEST)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"].endswith("idempotency_key")


def test_a_new_request_for_a_unit_with_an_open_order_points_to_it(world, api):
    open_order = file_request(world, channel="phone")
    answer = api(world.users["customer"]).post("service-requests", REQUEST)
    assert answer.status_code == 201
    assert answer.json()["possible_duplicate_of"] == {
        "id": open_order.pk,
        "number": open_order.number,
    }


def test_a_finished_order_is_no_reason_to_flag(world, api):
    advance(world, file_request(world), "cancel")
    answer = api(world.users["customer"]).post("service-requests", REQUEST)
    assert answer.json()["possible_duplicate_of"] is None


def test_the_agent_filters_possible_duplicates(world, api):
    original = file_request(world)
    duplicate = file_request(world, channel="sms")
    client = api(world.users["agent"])
    flagged = client.get("work-orders", {"possible_duplicate": "true"}).json()["items"]
    assert [o["id"] for o in flagged] == [duplicate.pk]
    assert flagged[0]["possible_duplicate_of"]["number"] == original.number
    unflagged = client.get("work-orders", {"possible_duplicate": "false"}).json()["items"]
    assert [o["id"] for o in unflagged] == [original.pk]


def test_the_link_is_hidden_from_who_cannot_see_the_original(world, api):
    # The second order went to the technician; the first (still new) is not theirs to see.
    file_request(world)
    second = advance(world, file_request(world), "accept", "assign")
    assert api(world.users["agent"]).get(f"work-orders/{second.pk}").json()["possible_duplicate_of"]
    technician = api(world.users["technician"])
    assert technician.get(f"work-orders/{second.pk}").json()["possible_duplicate_of"] is None
    listed = technician.get("work-orders").json()["items"]
    assert [(o["id"], o["possible_duplicate_of"]) for o in listed] == [(second.pk, None)]
