"""Issue 7 §1–2: what a line may hold, and correcting or removing lines while the order is open."""

from decimal import Decimal

import pytest

from aftersales.catalog import services as catalog
from aftersales.core.models import AuditEvent
from aftersales.workorders.models import InboundSms, WorkOrderLine
from aftersales.workorders.services import work_order_transition
from tests.factories import work_order_in


@pytest.fixture
def working(world):
    return work_order_in(world, "in_progress")


def add(api, world, order, **body):
    body.setdefault("kind", "part")
    if body["kind"] == "part":
        body.setdefault("part_id", world.extra["part"].pk)
    return api(world.users["technician"]).post(f"work-orders/{order.pk}/lines", body)


def field_of(response) -> str:
    return response.json()["errors"][0]["field"]


def test_a_huge_line_is_a_field_error_and_every_list_still_reads(world, api, working):
    """Two part lines of 100000 × 50000 once pushed the total past its column: every list of
    everyone who saw the order answered 500 on SQLite."""
    for _ in range(2):
        r = add(api, world, working, quantity="100000", unit_price="50000")
        assert (r.status_code, field_of(r)) == (422, "quantity")
    r = add(api, world, working, quantity="1", unit_price="99999999999")
    assert (r.status_code, field_of(r)) == (422, "unit_price")
    assert not WorkOrderLine.objects.filter(work_order=working).exists()
    for role in ("technician", "agent", "manager"):
        assert api(world.users[role]).get("work-orders").status_code == 200
        assert api(world.users[role]).get(f"work-orders/{working.pk}").status_code == 200


def test_the_order_total_has_a_business_limit(world, api, working, settings):
    settings.WORK_ORDER_MAX_TOTAL = "1000"
    assert add(api, world, working, quantity="2").status_code == 201  # 2 × ¥450
    r = add(api, world, working, quantity="1")
    assert (r.status_code, field_of(r)) == (422, "quantity")
    assert "1000" in r.json()["errors"][0]["message_en"]
    assert WorkOrderLine.objects.filter(work_order=working).count() == 1


@pytest.mark.parametrize("quantity", ["0.004", "1e-30", "0", "-1", "NaN", "Infinity"])
def test_quantities_keep_at_most_the_columns_decimals_and_are_positive(
    world, api, working, quantity
):
    r = add(
        api,
        world,
        working,
        kind="labour",
        operation_id=world.extra["op_diag"].pk,
        quantity=quantity,
    )
    assert r.status_code == 422, (quantity, r.content)
    assert not WorkOrderLine.objects.filter(work_order=working).exists()


def test_the_parts_unit_decides_whether_fractions_are_allowed(world, api, working):
    r = add(api, world, working, quantity="0.5")  # half a compressor (件)
    assert (r.status_code, field_of(r)) == (422, "quantity")
    oil = catalog.part_create(
        manufacturer=world.extra["part"].manufacturer,
        number="P-OIL-1L",
        name="冷冻油",
        unit_price=Decimal("60.00"),
        unit="litre",
    )
    r = add(api, world, working, part_id=oil.pk, quantity="0.5")
    assert r.status_code == 201, r.content
    assert Decimal(r.json()["amount"]) == Decimal("30.00")


def test_another_manufacturers_part_is_refused(world, api, working):
    foreign = catalog.part_create(
        manufacturer=world.extra["car_model"].category.manufacturer,
        number="P-CAR-1",
        name="机油滤清器",
        unit_price=Decimal("80.00"),
    )
    r = add(api, world, working, part_id=foreign.pk, quantity="1")
    assert (r.status_code, field_of(r)) == (422, "part_id")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("lines", {"kind": "part", "quantity": "1", "description": "压缩机\x00"}, "description"),
        ("comments", {"body": "hello\x00world"}, "body"),
    ],
)
def test_nul_bytes_are_field_errors_not_database_errors(world, api, working, path, body, field):
    if path == "lines":
        body["part_id"] = world.extra["part"].pk
    events = AuditEvent.objects.count()
    r = api(world.users["technician"]).post(f"work-orders/{working.pk}/{path}", body)
    assert (r.status_code, field_of(r)) == (422, field)
    assert AuditEvent.objects.count() == events


def test_a_fault_description_with_a_nul_byte_is_refused(world, api):
    r = api(world.users["customer"]).post(
        "service-requests", {"asset_id": world.asset.pk, "fault_description": "不制冷\x00"}
    )
    assert (r.status_code, field_of(r)) == (422, "fault_description")


def test_a_line_is_corrected_and_removed_while_open_with_a_reason(world, api, working):
    line = add(api, world, working, quantity="2").json()
    tech = api(world.users["technician"])
    url = f"work-orders/{working.pk}/lines/{line['id']}"
    r = tech.patch(url, {"quantity": "1", "reason": "只换了一个"})
    assert r.status_code == 200, r.content
    assert (Decimal(r.json()["amount"]), Decimal(r.json()["work_order_total"])) == (
        Decimal("450.00"),
        Decimal("450.00"),
    )
    changed = AuditEvent.objects.get(verb="work_order.line_changed", object_id=working.pk)
    assert (changed.reason, changed.data["before"]["quantity"]) == ("只换了一个", "2.00")
    assert tech.patch(url, {"quantity": "1"}).status_code == 422  # a reason is required
    r = tech.delete(url + "?reason=录错了")
    assert r.status_code == 200, r.content
    assert Decimal(r.json()["total"]) == Decimal("0.00")
    assert not WorkOrderLine.objects.filter(pk=line["id"]).exists()
    removed = AuditEvent.objects.get(verb="work_order.line_removed", object_id=working.pk)
    assert removed.reason == "录错了"


def test_lines_of_a_finished_order_stay_as_they_are(world, api, working):
    line = add(api, world, working, quantity="1").json()
    work_order_transition(work_order=working, name="complete", actor=world.users["technician"])
    r = api(world.users["technician"]).patch(
        f"work-orders/{working.pk}/lines/{line['id']}", {"quantity": "3", "reason": "x"}
    )
    assert r.status_code == 409
    assert WorkOrderLine.objects.get(pk=line["id"]).quantity == Decimal("1.00")


def test_an_auditor_may_not_correct_lines(world, api, working):
    line = add(api, world, working, quantity="1").json()
    r = api(world.users["auditor"]).patch(
        f"work-orders/{working.pk}/lines/{line['id']}", {"quantity": "3", "reason": "x"}
    )
    assert r.status_code == 403
    assert WorkOrderLine.objects.get(pk=line["id"]).quantity == Decimal("1.00")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "张\x00伟"}, "name"),
        ({"email": "a" * 10_000 + "@example.com"}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"address": {"province": "上海市", "city": "上海", "line": "路\x00"}}, "address.line"),
    ],
)
def test_customer_text_and_email_are_checked(world, api, body, field):
    r = api(world.users["agent"]).post(
        "customers", {"name": "新客户", "phone": "13700001111", **body}
    )
    assert (r.status_code, field_of(r)) == (422, field), r.content


def test_an_sms_with_a_nul_byte_is_a_field_error(world, client):
    r = client.post(
        "/api/v1/sms/inbound",
        data={"message_id": "m-nul", "from": world.customer.phone, "text": "报修\x00"},
        content_type="application/json",
        HTTP_X_WEBHOOK_TOKEN="test-webhook-token",
    )
    assert (r.status_code, field_of(r)) == (422, "text"), r.content
    assert not InboundSms.objects.exists()
