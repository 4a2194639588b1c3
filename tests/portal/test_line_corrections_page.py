"""Issue 7 §1–2 on the order page: a line is corrected or removed with a reason while the order
is open, and a huge quantity gets the limit's message, not "greater than zero"."""

from decimal import Decimal

from aftersales.core.models import AuditEvent
from aftersales.workorders import lines
from aftersales.workorders.models import WorkOrderLine
from tests.factories import work_order_in
from tests.portal.test_customer_pages import login


def a_part_line(world):
    order = work_order_in(world, "in_progress")
    line = lines.work_order_add_line(
        work_order=order,
        actor=world.users["technician"],
        kind="part",
        part=world.extra["part"],
        quantity=2,
    )
    return order, line


def test_the_technician_corrects_and_removes_a_line_with_a_reason(world):
    order, line = a_part_line(world)
    page = login("technician")
    assert f'id="correct-line-{line.pk}"' in page.get(f"/staff/orders/{order.pk}/").content.decode()
    r = page.post(
        f"/staff/orders/{order.pk}/lines/{line.pk}/change/", {"quantity": "1", "reason": "只换一个"}
    )
    assert r.status_code == 302
    line.refresh_from_db()
    assert line.quantity == Decimal("1.00")
    r = page.post(f"/staff/orders/{order.pk}/lines/{line.pk}/remove/", {"reason": "录错了"})
    assert r.status_code == 302
    assert not WorkOrderLine.objects.filter(pk=line.pk).exists()
    verbs = list(
        AuditEvent.objects.filter(
            object_id=order.pk, verb__startswith="work_order.line_"
        ).values_list("verb", "reason")
    )
    assert ("work_order.line_changed", "只换一个") in verbs and (
        "work_order.line_removed",
        "录错了",
    ) in verbs


def test_a_correction_without_a_reason_changes_nothing(world):
    order, line = a_part_line(world)
    r = login("technician").post(
        f"/staff/orders/{order.pk}/lines/{line.pk}/change/", {"quantity": "1"}
    )
    assert r.status_code == 200
    line.refresh_from_db()
    assert line.quantity == Decimal("2.00")


def test_a_role_that_may_not_change_lines_is_refused_and_not_offered_the_form(world):
    order, line = a_part_line(world)
    auditor = login("auditor")
    assert "correct-line-" not in auditor.get(f"/staff/orders/{order.pk}/").content.decode()
    auditor.post(f"/staff/orders/{order.pk}/lines/{line.pk}/remove/", {"reason": "x"})
    assert WorkOrderLine.objects.filter(pk=line.pk).exists()


def test_another_orders_line_is_not_found(world):
    order, line = a_part_line(world)
    other = work_order_in(world, "in_progress")
    r = login("technician").post(
        f"/staff/orders/{other.pk}/lines/{line.pk}/remove/", {"reason": "x"}
    )
    assert r.status_code == 404
    assert WorkOrderLine.objects.filter(pk=line.pk).exists()


def test_a_huge_quantity_on_the_page_gets_the_limits_message(world):
    order = work_order_in(world, "in_progress")
    r = login("technician").post(
        f"/staff/orders/{order.pk}/lines/",
        {"kind": "part", "part": world.extra["part"].pk, "quantity": "99999999"},
    )
    body = r.content.decode()
    assert r.status_code == 200 and "At most 1000" in body and "greater than zero" not in body
    assert not order.lines.exists()
