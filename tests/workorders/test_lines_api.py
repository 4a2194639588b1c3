from decimal import Decimal

from aftersales.workorders.models import WorkOrderLine
from tests.workorders.helpers import advance, file_request


def test_labour_line_is_hours_times_station_rate_times_model_coefficient(world, api):
    order = advance(world, file_request(world), "accept", "assign", "start")
    r = api(world.users["technician"]).post(
        f"work-orders/{order.pk}/lines",
        {"kind": "labour", "operation_id": world.extra["op_diag"].pk, "quantity": "0.5"},
    )
    assert r.status_code == 201, r.content
    # 0.5 h × ¥100 (Pudong station rate) × 1.20 (model coefficient)
    assert Decimal(r.json()["amount"]) == Decimal("60.00")
    r = api(world.users["technician"]).post(
        f"work-orders/{order.pk}/lines",
        {"kind": "part", "part_id": world.extra["part"].pk, "quantity": "1"},
    )
    assert Decimal(r.json()["amount"]) == Decimal("450.00")
    body = api(world.users["technician"]).get(f"work-orders/{order.pk}").json()
    assert (
        Decimal(body["labour_total"]),
        Decimal(body["parts_total"]),
        Decimal(body["total"]),
    ) == (
        Decimal("60.00"),
        Decimal("450.00"),
        Decimal("510.00"),
    )


def test_lines_refused_on_new_orders_and_by_others(world, api):
    order = file_request(world)
    body = {"kind": "part", "part_id": world.extra["part"].pk, "quantity": "1"}
    assert api(world.users["agent"]).post(f"work-orders/{order.pk}/lines", body).status_code == 409
    advance(world, order, "accept", "assign")
    assert api(world.users["agent"]).post(f"work-orders/{order.pk}/lines", body).status_code == 403
    assert (
        api(world.users["technician2"]).post(f"work-orders/{order.pk}/lines", body).status_code
        == 404
    )
    assert (
        api(world.users["manager"]).post(f"work-orders/{order.pk}/lines", body).status_code == 201
    )


def test_bad_lines_are_field_errors_and_write_nothing(world, api):
    order = advance(world, file_request(world), "accept", "assign", "start")
    tech = api(world.users["technician"])
    url = f"work-orders/{order.pk}/lines"
    assert (
        tech.post(url, {"kind": "labour", "quantity": "1"}).json()["errors"][0]["field"]
        == "operation_id"
    )
    assert (
        tech.post(
            url, {"kind": "labour", "operation_id": world.extra["op_car"].pk, "quantity": "1"}
        ).json()["errors"][0]["field"]
        == "operation_id"
    )
    assert (
        tech.post(
            url, {"kind": "part", "part_id": world.extra["part"].pk, "quantity": "-1"}
        ).json()["errors"][0]["field"]
        == "quantity"
    )
    assert tech.post(url, {"kind": "gift", "quantity": "1"}).json()["errors"][0]["field"] == "kind"
    assert (
        tech.post(url, {"kind": "part", "part_id": 99999, "quantity": "1"}).json()["errors"][0][
            "field"
        ]
        == "part_id"
    )
    assert not WorkOrderLine.objects.exists()
