"""What an outside tester found in the line operations, each held here."""

from decimal import Decimal

import pytest

from aftersales.core.errors import NotFound
from aftersales.workorders import lines
from tests.factories import work_order_in
from tests.portal.test_customer_pages import login


@pytest.fixture
def working(world):
    return work_order_in(world, "in_progress")


def part_line(world, order, quantity=1):
    return lines.work_order_add_line(
        work_order=order,
        actor=world.users["technician"],
        kind="part",
        part=world.extra["part"],
        quantity=quantity,
    )


def test_removing_a_line_someone_just_removed_is_not_found_not_a_server_error(world, working):
    line = part_line(world, working)
    lines.work_order_remove_line(line=line, actor=world.users["technician"], reason="第一次")
    with pytest.raises(NotFound):  # the second tap of a double tap, with its stale line
        lines.work_order_remove_line(line=line, actor=world.users["technician"], reason="第二次")


def test_prices_come_back_and_are_audited_as_stored(world, api, working):
    r = api(world.users["technician"]).post(
        f"work-orders/{working.pk}/lines",
        {"kind": "part", "part_id": world.extra["part"].pk, "quantity": "1", "unit_price": "1e2"},
    )
    assert r.json()["unit_price"] == "100.00"


def test_the_total_limit_names_the_field_that_was_changed(world, api, working, settings):
    settings.WORK_ORDER_MAX_TOTAL = "1000"
    line = part_line(world, working)
    r = api(world.users["technician"]).patch(
        f"work-orders/{working.pk}/lines/{line.pk}", {"unit_price": "5000", "reason": "x"}
    )
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "unit_price")


@pytest.mark.parametrize("quantity", ["1_000", "１", "1e", "0x10"])
def test_only_plain_decimal_numbers_are_quantities(world, api, working, quantity):
    r = api(world.users["technician"]).post(
        f"work-orders/{working.pk}/lines",
        {"kind": "part", "part_id": world.extra["part"].pk, "quantity": quantity},
    )
    assert r.status_code == 422, (quantity, r.content)


def test_a_line_worth_nothing_is_refused(world, api, working):
    r = api(world.users["technician"]).post(
        f"work-orders/{working.pk}/lines",
        {
            "kind": "labour",
            "operation_id": world.extra["op_diag"].pk,
            "quantity": "0.01",
            "unit_price": "0.01",
        },
    )
    assert r.status_code == 422
    assert not working.lines.exists()


def test_a_correction_that_changes_nothing_is_refused(world, api, working):
    line = part_line(world, working, quantity=2)
    r = api(world.users["technician"]).patch(
        f"work-orders/{working.pk}/lines/{line.pk}", {"reason": "noop"}
    )
    assert r.status_code == 422
    assert working.lines.get().quantity == Decimal("2.00")


def test_the_page_names_what_is_wrong_with_a_correction(world, working):
    line = part_line(world, working)
    r = login("technician").post(
        f"/staff/orders/{working.pk}/lines/{line.pk}/change/", {"quantity": "abc", "reason": "x"}
    )
    body = r.content.decode()
    assert "Enter a number" in body and "Give a reason" not in body


def test_an_auditor_cannot_find_a_masked_customer_by_phone_or_name(world, api):
    order = work_order_in(world, "closed")  # the auditor's own product, nothing open
    auditor = api(world.users["auditor"])
    phone = world.customer.phone
    assert auditor.get(f"customers/{world.customer.pk}").json()["phone"] != phone  # masked
    for q in (phone[:7], phone, world.customer.name):
        items = auditor.get("work-orders", {"q": q}).json()["items"]
        assert order.pk not in [o["id"] for o in items], q
    number = auditor.get("work-orders", {"q": order.number}).json()["items"]
    assert [o["id"] for o in number] == [order.pk]  # the order itself is still found
