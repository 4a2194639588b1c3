from aftersales.customers.models import Customer, WarrantyRegistration
from aftersales.customers.services import asset_create
from aftersales.workorders.models import InboundSms, WorkOrder

HEADERS = {"HTTP_X_WEBHOOK_TOKEN": "test-webhook-token"}


def sms(client, message_id, phone, text, token="test-webhook-token"):
    return client.post(
        "/api/v1/sms/inbound",
        data={"message_id": message_id, "from": phone, "text": text},
        content_type="application/json",
        HTTP_X_WEBHOOK_TOKEN=token,
    )


def test_repair_text_opens_a_work_order_and_replies_with_its_number(world, client):
    r = sms(client, "m-1", world.customer.phone, f"报修 {world.asset.serial} 冰箱不制冷")
    assert r.status_code == 200, r.content
    body = r.json()
    order = WorkOrder.objects.get(number=body["work_order_number"])
    assert (
        order.channel == "sms"
        and order.asset == world.asset
        and order.fault_description == "冰箱不制冷"
    )
    assert order.number in body["reply"]
    assert body["outcome"] == "created" and body["duplicate"] is False


def test_retried_delivery_creates_nothing_twice(world, client):
    first = sms(client, "m-2", world.customer.phone, f"报修 {world.asset.serial} 漏水").json()
    again = sms(client, "m-2", world.customer.phone, f"报修 {world.asset.serial} 漏水").json()
    assert again["duplicate"] is True
    assert again["reply"] == first["reply"]
    assert WorkOrder.objects.count() == 1
    assert InboundSms.objects.count() == 1


def test_register_text_registers_an_unowned_unit_for_a_new_phone(world, client):
    asset_create(product_model=world.extra["fridge_model"], serial="HY470S0001", actor=None)
    r = sms(client, "m-3", "+86 135 0000 1234", "注册 hy470s0001")
    assert r.json()["outcome"] == "registered"
    registration = WarrantyRegistration.objects.get(asset__serial="HY470S0001")
    assert registration.channel == "sms"
    assert Customer.objects.get(phone="13500001234") == registration.customer
    assert (
        sms(client, "m-4", "13500001234", "注册 HY470S0001").json()["outcome"]
        == "already_registered"
    )


def test_unknown_serial_unknown_command_and_strangers_get_clear_replies(world, client):
    assert "NOPE" in sms(client, "m-5", world.customer.phone, "报修 NOPE 坏了").json()["reply"]
    assert sms(client, "m-6", world.customer.phone, "你好").json()["outcome"] == "unknown_command"
    assert (
        sms(client, "m-7", "13111112222", f"报修 {world.asset.serial} 坏了").json()["outcome"]
        == "not_owner"
    )
    assert (
        sms(client, "m-8", "12345", f"报修 {world.asset.serial} 坏了").json()["outcome"]
        == "invalid_phone"
    )
    assert (
        sms(client, "m-9", world.customer.phone, f"报修 {world.asset.serial}").json()["outcome"]
        == "missing_fault"
    )
    assert not WorkOrder.objects.exists()


def test_webhook_token_is_required(world, client):
    # 401, as documented: the token is the webhook's credentials (it was a 403).
    r = sms(client, "m-10", world.customer.phone, "你好", token="wrong")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthenticated"
    assert not InboundSms.objects.exists()


def test_missing_fields_are_field_errors(world, client):
    r = client.post(
        "/api/v1/sms/inbound",
        data={"from": "13900000000"},
        content_type="application/json",
        **HEADERS,
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"message_id", "text"}


def test_the_webhook_token_command_prints_the_configured_token(settings, capsys):
    from django.core.management import call_command

    settings.SMS_WEBHOOK_TOKEN = "tok-123"
    call_command("sms_webhook_token")
    assert capsys.readouterr().out.strip() == "tok-123"
