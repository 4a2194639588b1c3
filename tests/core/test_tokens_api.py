from datetime import timedelta

from django.utils import timezone

from aftersales.core.models import ApiToken
from tests.factories import PASSWORD


def test_create_token_with_username_and_password_then_use_it(world, api):
    r = api().post("tokens", {"username": "agent", "password": PASSWORD})
    assert r.status_code == 201, r.content
    token = r.json()["token"]
    assert ApiToken.objects.filter(
        user=world.users["agent"], key_hash=ApiToken.hash(token)
    ).exists()
    assert api(token=token).get("work-orders").status_code == 200


def test_token_is_stored_only_as_a_hash(world, api):
    token = api().post("tokens", {"username": "agent", "password": PASSWORD}).json()["token"]
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_wrong_password_is_a_field_error_in_both_languages(world, api):
    r = api().post("tokens", {"username": "agent", "password": "nope"})
    assert r.status_code == 422
    error = r.json()["errors"][0]
    assert error["field"] == "password"
    assert error["message_en"] == "Wrong username or password."
    assert error["message_zh"] != error["message_en"]


def test_token_issuing_is_rate_limited(world, api, settings):
    settings.LOGIN_RATE_LIMIT = 3
    codes = [
        api().post("tokens", {"username": "agent", "password": "nope"}).status_code
        for _ in range(4)
    ]
    assert codes == [422, 422, 422, 429]
    # Even the right password is refused while the limit holds.
    assert api().post("tokens", {"username": "agent", "password": PASSWORD}).status_code == 429


def test_missing_or_bad_or_expired_token_is_401(world, api):
    assert api().get("work-orders").status_code == 401
    assert api(token="garbage").get("work-orders").status_code == 401
    token = api().post("tokens", {"username": "agent", "password": PASSWORD}).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(token=token).get("work-orders").status_code == 401


def test_inactive_user_token_stops_working(world, api):
    user = world.users["agent"]
    client = api(user)
    user.is_active = False
    user.save()
    assert client.get("work-orders").status_code == 401


def test_openapi_lists_the_stable_operation_ids(db, client):
    spec = client.get("/api/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "create_token",
        "create_customer",
        "get_customer",
        "create_asset",
        "get_asset",
        "register_warranty",
        "create_service_request",
        "list_work_orders",
        "get_work_order",
        "transition_work_order",
        "list_work_order_events",
        "dispatch_suggestions",
        "assign_work_order",
        "auto_dispatch_work_order",
        "batch_dispatch",
        "respond_to_assignment",
        "add_work_order_line",
        "upload_work_order_attachment",
        "sms_inbound",
    } <= ids
    assert client.get("/api/docs").status_code == 200
