"""Issue 7: a reassignment inside a full station, offers that outlive the work, orders without
a product."""

from aftersales.core.models import AuditEvent
from aftersales.dispatch import services, setup
from aftersales.dispatch.models import Assignment, AssignmentStatus
from aftersales.workorders import services as work_orders
from aftersales.workorders.models import WorkOrder
from tests.dispatch.helpers import accepted_order, assign
from tests.portal.test_customer_pages import login
from tests.workorders.helpers import advance


def test_reassigning_within_a_full_station_does_not_count_the_order_twice(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    assert assign(api, w.users["dispatcher"], order, w.users["technician"]).status_code == 200
    # The station holds exactly this order: it is full, but moving the order inside it adds none.
    setup.station_capacity_set(
        station=w.station_sh, actor=None, service_radius_km=120, daily_capacity=1
    )
    r = assign(
        api, w.users["dispatcher"], order, w.users["technician2"], reassign=True, reason="换人"
    )
    assert r.status_code == 200, r.content
    order.refresh_from_db()
    assert order.technician == w.users["technician2"]


def test_a_full_station_still_refuses_a_new_order(dispatch_world, api):
    w = dispatch_world
    assign(api, w.users["dispatcher"], accepted_order(w), w.users["technician"])
    setup.station_capacity_set(
        station=w.station_sh, actor=None, service_radius_km=120, daily_capacity=1
    )
    r = assign(api, w.users["dispatcher"], accepted_order(w), w.users["technician2"])
    assert r.status_code == 422 and "station_full" in r.json()["reasons"]


def _offered(world, api):
    order = accepted_order(world)
    assign(api, world.users["dispatcher"], order, world.users["technician"])
    return order


def test_offer_box_and_board_forget_an_order_once_work_started(dispatch_world, api):
    w = dispatch_world
    order = _offered(w, api)
    # An offer left open by data from before starting accepted it (or a path that skipped it).
    order = advance(w, order, "start")
    Assignment.objects.filter(work_order=order).update(status=AssignmentStatus.OFFERED)
    page = login("technician").get(f"/staff/orders/{order.pk}/").content.decode()
    assert 'id="offer"' not in page
    board = login("dispatcher").get("/staff/dispatch/").content.decode()
    assert order.number not in board


def test_cancelling_an_offered_order_withdraws_the_offer(dispatch_world, api):
    w = dispatch_world
    order = advance(w, _offered(w, api), "cancel")
    assert Assignment.objects.get(work_order=order).status == AssignmentStatus.WITHDRAWN
    assert order.number not in login("dispatcher").get("/staff/dispatch/").content.decode()
    assert (
        'id="offer"' not in login("technician").get(f"/staff/orders/{order.pk}/").content.decode()
    )


def test_declining_without_a_reason_returns_to_the_order_with_the_field_error(dispatch_world, api):
    w = dispatch_world
    order = _offered(w, api)
    r = login("technician").post(f"/staff/orders/{order.pk}/respond/", {"decision": "decline"})
    # The order page with the offer box, at the order's address (not the list).
    assert r.status_code == 200 and r["HX-Push-Url"] == f"/staff/orders/{order.pk}/"
    page = r.content.decode()
    assert 'id="offer"' in page and 'class="errorlist' in page


def _order_without_product(world) -> WorkOrder:
    order = work_orders.work_order_create(
        customer=world.customer, asset=None, fault_description="不制冷", channel="phone", actor=None
    )
    return advance(world, order, "accept")


def test_automatic_dispatch_leaves_an_order_without_a_product_to_a_dispatcher(dispatch_world):
    w = dispatch_world
    order = _order_without_product(w)
    result = services.work_order_auto_dispatch(work_order=order, actor=None)
    assert result.assigned is False and result.reason == "no_product"
    event = AuditEvent.objects.get(object_id=order.pk, verb="dispatch.no_candidate")
    assert "no product" in event.reason
    board = login("dispatcher").get("/staff/dispatch/").content.decode()
    assert order.number in board and "no product" in board


def test_batch_dispatch_leaves_an_order_without_a_product(dispatch_world):
    w = dispatch_world
    order = _order_without_product(w)
    result = services.batch_dispatch(region=w.region_sh, actor=w.users["dispatcher"], dry_run=False)
    row = next(r for r in result.rows if r.order.pk == order.pk)
    assert row.technician is None and row.reason == "no_product"
    order.refresh_from_db()
    assert order.technician is None


def test_a_dispatcher_may_still_assign_an_order_without_a_product(dispatch_world, api):
    w = dispatch_world
    order = _order_without_product(w)
    page = login("dispatcher").get(f"/staff/dispatch/orders/{order.pk}/suggestions/")
    assert "no product" in page.content.decode()
    assert f'data-technician="{w.users["technician"].pk}" class="feasible"' in page.content.decode()
    r = assign(api, w.users["dispatcher"], order, w.users["technician"])
    assert r.status_code == 200, r.content
