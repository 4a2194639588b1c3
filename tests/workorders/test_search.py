"""Search by what was typed: the start of a phone, order number or serial; part of a name or
the fault (issue 7: "1391234", "WO-20261124" and "冰箱" found nothing)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.workorders import selectors
from tests.workorders.helpers import file_request


def _found(client, term: str) -> set[int]:
    answer = client.get("work-orders", {"q": term})
    assert answer.status_code == 200
    return {o["id"] for o in answer.json()["items"]}


def test_the_start_of_a_phone_number(world, api):
    mine = file_request(world)
    theirs = file_request(world, customer=world.other_customer)
    client = api(world.users["agent"])
    assert _found(client, world.customer.phone[:7]) == {mine.pk}
    assert _found(client, world.other_customer.phone[:7]) == {theirs.pk}


def test_the_start_of_an_order_number_with_or_without_its_prefix(world, api):
    order = file_request(world)
    client = api(world.users["agent"])
    day = order.number[:11]  # WO-20261124
    assert _found(client, day) == {order.pk}
    assert _found(client, day.lower()) == {order.pk}
    assert _found(client, order.number[3:11]) == {order.pk}  # 20261124
    assert _found(client, order.number[3:].replace("-", "")) == {order.pk}
    assert _found(client, "WO-19990101") == set()


def test_the_start_of_a_serial(world, api):
    mine = file_request(world)
    theirs = file_request(world, customer=world.other_customer)
    client = api(world.users["agent"])
    assert _found(client, "hy470") == {mine.pk}
    assert _found(client, world.other_asset.serial[:6]) == {theirs.pk}


def test_part_of_the_fault_or_the_customer_name(world, api):
    fridge = file_request(world, fault_description="冰箱不制冷，压缩机异响")
    car = file_request(world, customer=world.other_customer, fault_description="发动机故障灯亮")
    client = api(world.users["agent"])
    assert _found(client, "冰箱") == {fridge.pk}
    assert _found(client, "压缩机") == {fridge.pk}
    assert _found(client, "故障灯") == {car.pk}
    world.customer.name = "欧阳明华"
    world.customer.save(update_fields=["name"])
    assert _found(client, "阳明华") == {fridge.pk}


def test_a_short_name_matches_from_the_start(world, api):
    """One or two characters (a surname, a two-character name) are too short for trigrams:
    they match the start of the customer's name through its index, not its middle."""
    fridge = file_request(world, fault_description="冰箱不制冷")
    client = api(world.users["agent"])
    assert _found(client, world.customer.name[:1]) == {fridge.pk}
    assert _found(client, world.customer.name[:2]) == {fridge.pk}
    assert _found(client, world.customer.name[-1:]) == set()  # "伟" of 张伟


def test_latin_text_is_found_whatever_its_case(world, api):
    order = file_request(world, fault_description="Display shows E4 after defrost")
    client = api(world.users["agent"])
    assert _found(client, "display shows") == {order.pk}
    assert _found(client, "DEFROST") == {order.pk}


def test_like_wildcards_are_plain_characters(world, api):
    file_request(world, fault_description="冰箱不制冷")
    client = api(world.users["agent"])
    assert _found(client, "%") == set()
    assert _found(client, "_") == set()


def test_what_was_typed_decides_where_to_look(world):
    """Digits ask phone and number only; text asks name and fault only (no OR over all). The
    phone (name) is looked up first, in its own table; the orders by customer and number."""

    def sql(term: str) -> tuple[str, str]:
        with CaptureQueriesContext(connection) as queries:
            filters = selectors.WorkOrderFilters(q=term)
            list(selectors.work_order_list(world.users["agent"], filters)[:1])
        *lookups, orders = [q["sql"] for q in queries.captured_queries]
        # The outer query's conditions (the select list has a subquery of its own).
        return " ".join(lookups), orders.rsplit("WHERE", 1)[1]

    lookup, orders = sql("1391234")
    assert '"phone"' in lookup and '"customer_id" IN' in orders and '"number"' in orders
    assert '"fault_description"' not in lookup + orders and '"phone"' not in orders
    lookup, orders = sql("冰箱")
    assert '"name"' in lookup and '"fault_description"' in orders
    assert '"serial"' not in lookup + orders and '"phone"' not in lookup + orders
