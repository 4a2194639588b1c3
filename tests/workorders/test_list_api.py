from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workorders.helpers import advance, file_request


def test_keyset_pages_cover_every_order_once(world, api):
    created = {file_request(world).pk for _ in range(7)}
    client = api(world.users["agent"])
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("work-orders", params).json()
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == created
    assert seen == sorted(seen, reverse=True)  # same second: the id breaks the tie


def test_pages_follow_creation_time_not_id(world, api):
    from datetime import timedelta

    from aftersales.core import clock

    now = clock.now()
    with clock.frozen_at(now - timedelta(days=3)):
        older = file_request(world)
    newer = file_request(world)
    with clock.frozen_at(now - timedelta(days=10)):
        oldest = file_request(world)
    client = api(world.users["agent"])
    first = client.get("work-orders", {"limit": 2}).json()
    assert [o["id"] for o in first["items"]] == [newer.pk, older.pk]
    rest = client.get("work-orders", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [o["id"] for o in rest["items"]] == [oldest.pk]
    assert rest["next_cursor"] is None


def test_filters_and_search(world, api):
    a = file_request(world)
    b = advance(world, file_request(world), "accept")
    c = file_request(world, customer=world.other_customer)
    client = api(world.users["agent"])

    def ids(**q):
        return {o["id"] for o in client.get("work-orders", q).json()["items"]}

    assert ids(status="accepted") == {b.pk}
    assert ids(status=["new", "accepted"]) == {a.pk, b.pk, c.pk}
    assert ids(q=world.other_customer.phone) == {c.pk}
    assert ids(q=world.asset.serial) == {a.pk, b.pk}
    assert ids(q=b.number) == {b.pk}
    assert ids(customer_id=world.other_customer.pk) == {c.pk}


def test_each_role_lists_only_its_orders(world, api):
    sh = advance(world, file_request(world), "accept", "assign")
    bj = file_request(world, customer=world.other_customer)

    def listed(user):
        return {o["id"] for o in api(world.users[user]).get("work-orders").json()["items"]}

    assert listed("agent") == {sh.pk, bj.pk}
    assert listed("dispatcher") == {sh.pk}
    assert listed("dispatcher_bj") == {bj.pk}
    assert listed("manager") == {sh.pk}
    assert listed("manager2") == set()
    assert listed("technician") == {sh.pk}
    assert listed("technician2") == set()
    assert listed("auditor") == {sh.pk}
    assert listed("auditor_car") == {bj.pk}
    assert listed("customer") == {sh.pk}
    assert listed("customer2") == {bj.pk}


def test_list_query_count_does_not_grow_with_the_page(world, api):
    client = api(world.users["agent"])
    for _ in range(3):
        file_request(world)
    client.get("work-orders")  # the token's first use records last_used_at once
    with CaptureQueriesContext(connection) as few:
        client.get("work-orders")
    for _ in range(20):
        file_request(world)
    with CaptureQueriesContext(connection) as many:
        client.get("work-orders")
    assert len(many) == len(few)
