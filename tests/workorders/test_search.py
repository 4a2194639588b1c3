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
    assert _found(client, world.customer.name[1:]) == {fridge.pk}


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
    """Digits ask phone and number only; text asks name and fault only (no OR over all)."""

    def sql(term: str) -> str:
        qs = selectors.work_order_list(world.users["agent"], selectors.WorkOrderFilters(q=term))
        with CaptureQueriesContext(connection) as queries:
            list(qs[:1])
        # The outer query's conditions (the select list has a subquery of its own).
        return queries.captured_queries[-1]["sql"].rsplit("WHERE", 1)[1]

    digits = sql("1391234")
    assert '"phone"' in digits and '"fault_description"' not in digits
    where = sql("冰箱")
    assert '"fault_description"' in where and '"serial"' not in where and '"phone"' not in where
