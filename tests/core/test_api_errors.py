"""The API's answers to bad input: bounded ids, unreadable bodies, and messages in both languages.

Ids are signed 64-bit in the database: a larger one (in a filter, a body or a path) was a 500
(OverflowError). A path id that cannot exist is 404 like any record you cannot see; a filter or
body id out of range is a 422 naming the field. Every error answers in the envelope, its field
messages in both languages (message_zh, message_en).
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from aftersales.api import api as ninja_api
from tests.factories import work_order_in

TOO_BIG = 2**63
TOO_SMALL = -(2**63) - 1


def field_errors(response) -> dict[str, dict]:
    return {e["field"]: e for e in response.json()["errors"]}


def zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid)


@pytest.mark.parametrize("field", ["customer_id", "technician_id", "asset_id", "station_id"])
@pytest.mark.parametrize("value", [TOO_BIG, TOO_SMALL, 0])
def test_an_id_filter_out_of_range_is_a_422_naming_it(world, api, field, value):
    r = api(world.users["agent"]).get("work-orders", {field: value})
    assert r.status_code == 422, r.content
    assert list(field_errors(r)) == [field]


@pytest.mark.parametrize(
    "path",
    [
        "work-orders/{n}",
        "work-orders/{n}/events",
        "work-orders/{n}/comments",
        "work-orders/{n}/attachments",
        "work-orders/{n}/dispatch-suggestions",
        "customers/{n}",
        "assets/{n}",
        "attachments/{n}/file",
    ],
)
def test_a_path_id_out_of_range_answers_404_like_a_missing_record(world, api, path):
    agent = api(world.users["agent"])
    for n in (TOO_BIG, TOO_SMALL, 0, "abc"):
        r = agent.get(path.format(n=n))
        assert r.status_code == 404, (n, r.content)
        assert r.json()["code"] == "not_found"


def test_a_path_id_out_of_range_in_a_write_answers_404(world, api):
    order = work_order_in(world, "in_progress")
    technician = api(world.users["technician"])
    assert technician.post(f"work-orders/{TOO_BIG}/comments", {"body": "x"}).status_code == 404
    r = technician.patch(f"work-orders/{order.pk}/lines/{TOO_BIG}", {"reason": "typo"})
    assert r.status_code == 404, r.content


@pytest.mark.parametrize(
    ("user", "path", "body", "field"),
    [
        ("agent", "assets", {"product_model_id": TOO_BIG, "serial": "X1"}, "product_model_id"),
        ("agent", "assets", {"product_model_id": 1, "serial": "X1", "seller_id": TOO_BIG}, "seller_id"),
        ("agent", "assets", {"product_model_id": 1, "serial": "X1", "mileage_km": TOO_BIG}, "mileage_km"),
        ("agent", "assets", {"product_model_id": 1, "serial": "X1", "mileage_km": -1}, "mileage_km"),
        ("agent", "service-requests", {"customer_id": TOO_BIG, "fault_description": "x"}, "customer_id"),
        ("customer", "service-requests", {"asset_id": TOO_BIG, "fault_description": "x"}, "asset_id"),
        ("customer", "service-requests", {"address_id": TOO_BIG, "fault_description": "x"}, "address_id"),
        ("dispatcher", "dispatch/batch", {"region_id": TOO_BIG}, "region_id"),
        ("customer", "warranty-registrations", {"serial": "X", "manufacturer_id": TOO_BIG}, "manufacturer_id"),
    ],
)  # fmt: skip
def test_a_body_id_out_of_range_is_a_422_naming_it(world, api, user, path, body, field):
    r = api(world.users[user]).post(path, body)
    assert r.status_code == 422, r.content
    assert field in field_errors(r)


def test_body_ids_of_an_order_out_of_range_are_422(world, api):
    order = work_order_in(world, "in_progress")
    technician = api(world.users["technician"])
    for body, field in (
        ({"kind": "labour", "operation_id": TOO_BIG, "quantity": "1"}, "operation_id"),
        ({"kind": "part", "part_id": TOO_BIG, "quantity": "1"}, "part_id"),
    ):
        r = technician.post(f"work-orders/{order.pk}/lines", body)
        assert r.status_code == 422, r.content
        assert field in field_errors(r)
    dispatcher = api(world.users["dispatcher"])
    r = dispatcher.post(f"work-orders/{order.pk}/assignment", {"technician_id": TOO_BIG})
    assert r.status_code == 422 and "technician_id" in field_errors(r)
    r = dispatcher.post(
        f"work-orders/{order.pk}/transitions", {"transition": "assign", "technician_id": TOO_BIG}
    )
    assert r.status_code == 422 and "technician_id" in field_errors(r)


def test_the_document_bounds_every_id_it_reads():
    document = ninja_api.get_openapi_schema()
    for path, methods in document["paths"].items():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"].endswith("_id"):
                    schema = parameter["schema"]
                    bounded = schema.get("anyOf", [schema])[0]
                    assert bounded.get("maximum") == 2**63 - 1, (path, parameter["name"])


# -- a body that cannot be read -----------------------------------------------------------
def test_malformed_json_answers_400_in_the_envelope_in_both_languages(world, api):
    agent = api(world.users["agent"])
    r = agent.client.post(
        "/api/v1/customers",
        data="{not json",
        content_type="application/json",
        headers=agent.headers,
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "malformed"
    assert body["detail"] == "The request body cannot be read: send valid JSON."
    [error] = body["errors"]
    assert error["field"] == "body"
    assert error["message_en"] == "The request body cannot be read: send valid JSON."
    assert error["message_zh"] == zh("The request body cannot be read: send valid JSON.")
    assert error["message_zh"] != error["message_en"]


def test_every_operation_with_a_body_documents_400():
    document = ninja_api.get_openapi_schema()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if "requestBody" in operation:
                assert "400" in {str(code) for code in operation["responses"]}, (method, path)


# -- one language per message -------------------------------------------------------------
def test_a_missing_record_says_so_in_a_sentence_of_the_request_language(world, api):
    customer = api(world.users["customer"])
    r = customer.get(f"work-orders/{10**9}")
    assert r.status_code == 404
    assert r.json()["detail"] == "No such work order."
    r = customer.get(f"work-orders/{10**9}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    detail = r.json()["detail"]
    assert detail == zh("No such %(record)s.") % {"record": "工单"}
    assert "No such" not in detail and "not found" not in detail


def test_pydantic_errors_are_translated(world, api):
    r = api(world.users["agent"]).post("customers", {"phone": "13900000000"})
    assert r.status_code == 422
    name = field_errors(r)["name"]
    assert name["message_en"] == "This field is required."
    assert name["message_zh"] == "此项为必填项。"


@pytest.mark.parametrize(
    ("body", "field", "english"),
    [
        ({"name": "x" * 121, "phone": "139"}, "name", "At most 120 characters."),
        ({"name": 5, "phone": "139"}, "name", "Enter text."),
        (
            {
                "name": "x",
                "phone": "139",
                "address": {"province": "沪", "city": "上海", "line": "1号", "latitude": "north"},
            },
            "address.latitude",
            "Enter a number.",
        ),
    ],
)
def test_common_pydantic_errors_have_their_own_message(world, api, body, field, english):
    r = api(world.users["agent"]).post("customers", body)
    assert r.status_code == 422, r.content
    error = field_errors(r)[field]
    assert error["message_en"] == english
    assert error["message_zh"] != english


def test_type_errors_in_filters_and_numbers_are_translated(world, api):
    agent = api(world.users["agent"])
    r = agent.get("work-orders", {"customer_id": "abc", "created_after": "yesterday"})
    errors = field_errors(r)
    assert errors["customer_id"]["message_en"] == "Enter a whole number."
    assert errors["created_after"]["message_en"] == "Enter a valid date and time (ISO 8601)."
    r = agent.get("work-orders", {"customer_id": TOO_BIG})
    assert field_errors(r)["customer_id"]["message_en"] == (
        f"Enter a value of at most {2**63 - 1}."
    )


def test_a_missing_reason_reads_in_english_and_in_chinese(world, api):
    order = work_order_in(world, "accepted")
    r = api(world.users["agent"]).post(
        f"work-orders/{order.pk}/transitions",
        {"transition": "cancel", "reason": ""},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 422
    reason = field_errors(r)["reason"]
    assert reason["message_en"] == "A reason is required."
    assert reason["message_zh"] == "请填写原因。"
    assert reason["message"] == reason["message_zh"]


def test_an_unknown_transition_names_it_in_both_languages(world, api):
    order = work_order_in(world, "new")
    r = api(world.users["agent"]).post(
        f"work-orders/{order.pk}/transitions",
        {"transition": "fly"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    error = field_errors(r)["transition"]
    assert error["message_en"] == "Unknown transition “fly”."
    assert "fly" in error["message_zh"] and error["message_zh"] != error["message_en"]


def test_a_line_over_the_limit_reads_in_both_languages(world, api, settings):
    order = work_order_in(world, "in_progress")
    r = api(world.users["technician"]).post(
        f"work-orders/{order.pk}/lines",
        {"kind": "labour", "operation_id": world.extra["op_diag"].pk, "quantity": "100000"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 422, r.content
    error = field_errors(r)["quantity"]
    assert error["message_en"].startswith("At most ")
    assert error["message_zh"] != error["message_en"]
