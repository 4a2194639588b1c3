"""Every claims operation through the API with a token, as an integration would call it."""

from decimal import Decimal
from pathlib import Path

import pytest

from aftersales.claims.models import Claim, ClaimLine, ClaimPhoto, ClaimVersion
from aftersales.core.models import AuditEvent
from tests.claims.helpers import claimable_order, make_claim, photo, submitted_claim
from tests.factories import claims_people


def test_a_station_drafts_a_claim_from_its_completed_order_with_the_orders_lines(world, api):
    order = claimable_order(world)
    manager = api(world.users["manager"])
    r = manager.post(
        "claims",
        {
            "work_order_id": order.pk,
            "type": "repair",
            "causal_part_id": world.extra["part"].pk,
            "fault_code": "E1",
            "symptom": "不制冷",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["number"].startswith("CL-") and len(body["number"]) == len("CL-202612-000001")
    assert body["status"] == "draft" and body["revision"] == 0
    assert order.asset is not None and body["serial"] == order.asset.serial
    # Labour 0.5 h × ¥100 (the station's rate) × 1.2 (the model); the part at ¥450 + 10 %.
    labour, part = body["lines"]
    assert (labour["kind"], labour["standard_hours"], labour["amount"]) == (
        "labour",
        "0.50",
        "60.00",
    )
    assert (part["list_price"], part["markup_percent"], part["unit_price"], part["amount"]) == (
        "450.00",
        "10.00",
        "495.00",
        "495.00",
    )
    assert body["total_amount"] == "555.00"
    assert body["findings_preview"] is True
    assert {f["code"] for f in body["findings"]} == {"photos_missing"}
    assert body["allowed_transitions"] == ["submit", "cancel"]
    assert AuditEvent.objects.filter(verb="claim.created", object_id=body["id"]).count() == 1


def test_lines_of_every_kind_are_priced_to_the_fen(world, api):
    claim = make_claim(world, type="roadside", photo_kinds=())
    manager = api(world.users["manager"])
    r = manager.post(
        f"claims/{claim.pk}/lines", {"kind": "travel", "quantity": "37.5", "call_out_fee": "50"}
    )
    assert r.status_code == 201, r.content
    # 37.5 km × ¥2.00 + ¥50.00
    assert (r.json()["amount"], r.json()["claim_total"]) == ("125.00", "680.00")
    r = manager.post(
        f"claims/{claim.pk}/lines",
        {"kind": "other", "unit_price": "12.345", "description": "拖车费"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "unit_price"
    r = manager.post(
        f"claims/{claim.pk}/lines",
        {"kind": "labour", "operation_id": world.extra["op_diag"].pk, "quantity": "0.35"},
    )
    # 0.35 × 100 × 1.2 = 42.00
    assert r.json()["amount"] == "42.00"
    r = manager.post(
        f"claims/{claim.pk}/lines",
        {
            "kind": "part",
            "part_id": world.extra["part"].pk,
            "quantity": "2",
            "markup_percent": "7.5",
        },
    )
    # 450 × 1.075 = 483.75 each
    assert (r.json()["unit_price"], r.json()["amount"]) == ("483.75", "967.50")
    claim.refresh_from_db()
    assert claim.total_amount == Decimal("555.00") + Decimal("125.00") + Decimal("42.00") + Decimal(
        "967.50"
    )
    assert claim.travel_amount == Decimal("125.00")


def test_an_outside_purchase_is_paid_at_its_invoice(world, api):
    claim = make_claim(world, type="outside_purchase", photo_kinds=())
    manager = api(world.users["manager"])
    r = manager.post(
        f"claims/{claim.pk}/lines",
        {"kind": "part", "quantity": "1", "unit_price": "88.80", "description": "本地购门封条"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "invoice_number"
    r = manager.post(
        f"claims/{claim.pk}/lines",
        {
            "kind": "part",
            "quantity": "1",
            "unit_price": "88.80",
            "description": "本地购门封条",
            "invoice_number": "No.31000123",
        },
    )
    assert r.status_code == 201, r.content
    assert (r.json()["amount"], r.json()["markup_percent"]) == ("88.80", None)


def test_lines_are_corrected_and_removed_while_a_draft(world, api):
    claim = make_claim(world)
    manager = api(world.users["manager"])
    line = claim.lines.get(kind="labour")
    r = manager.patch(f"claims/{claim.pk}/lines/{line.pk}", {"quantity": "0.4"})
    assert r.status_code == 200, r.content
    assert (r.json()["amount"], r.json()["claim_total"]) == ("48.00", "543.00")
    r = manager.patch(f"claims/{claim.pk}/lines/{line.pk}", {})
    assert r.status_code == 422
    r = manager.delete(f"claims/{claim.pk}/lines/{line.pk}")
    assert r.status_code == 200 and r.json()["total_amount"] == "495.00"
    assert manager.delete(f"claims/{claim.pk}/lines/{line.pk}").status_code == 404
    assert {e.verb for e in AuditEvent.objects.filter(object_id=claim.pk)} >= {
        "claim.line_changed",
        "claim.line_removed",
    }


def test_the_header_is_corrected_field_by_field(world, api):
    claim = make_claim(world)
    manager = api(world.users["manager"])
    r = manager.patch(f"claims/{claim.pk}", {"fault_code": "E7", "expected_version": claim.version})
    assert r.status_code == 200 and r.json()["fault_code"] == "E7"
    assert r.json()["symptom"] == claim.symptom
    r = manager.patch(f"claims/{claim.pk}", {"fault_code": "E7"})
    assert r.status_code == 422  # nothing changed
    r = manager.patch(f"claims/{claim.pk}", {"symptom": "x", "expected_version": claim.version})
    assert r.status_code == 409  # stale
    r = manager.patch(f"claims/{claim.pk}", {"causal_part_id": None})
    assert r.status_code == 200 and r.json()["causal_part_id"] is None


def test_photos_are_stored_with_their_content_hash_and_downloaded(world, api):
    claim = make_claim(world, photo_kinds=())
    manager = api(world.users["manager"])
    r = manager.post(f"claims/{claim.pk}/photos", {"kind": "nameplate"}, files={"file": photo()})
    assert r.status_code == 201, r.content
    stored = ClaimPhoto.objects.get(pk=r.json()["id"])
    assert len(stored.sha256) == 64 and r.json()["sha256"] == stored.sha256
    r = manager.get(f"claim-photos/{stored.pk}/file")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    bad = manager.post(f"claims/{claim.pk}/photos", {"kind": "selfie"}, files={"file": photo()})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"


def test_submit_review_and_list(world, api):
    claims_people(world)
    claim = make_claim(world)
    manager = api(world.users["manager"])
    r = manager.post(f"claims/{claim.pk}/submit", {"expected_version": claim.version})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["revision"]) == ("submitted", 1)
    assert r.json()["decision_due"] is not None and r.json()["findings_preview"] is False
    assert r.json()["allowed_transitions"] == []
    auditor = api(world.users["auditor"])
    assert auditor.get(f"claims/{claim.pk}").json()["allowed_transitions"] == [
        "approve",
        "approve_in_part",
        "reject",
        "return",
    ]
    r = auditor.post(f"claims/{claim.pk}/review", {"decision": "approve"})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["approved_amount"]) == ("approved", "555.00")
    assert all(line["approved_amount"] == line["amount"] for line in r.json()["lines"])
    listed = manager.get("claims", {"status": "approved"}).json()["items"]
    assert [c["number"] for c in listed] == [claim.number]
    assert manager.get("claims", {"status": "draft"}).json()["items"] == []
    assert [c["id"] for c in manager.get("claims", {"type": "repair"}).json()["items"]] == [
        claim.pk
    ]
    assert manager.get("claims", {"station_id": world.station_sh2.pk}).json()["items"] == []
    events = [e["verb"] for e in manager.get(f"claims/{claim.pk}/events").json()]
    assert events[0] == "claim.created" and events[-2:] == ["claim.submit", "claim.approve"]


def test_list_claims_is_keyset_paginated(world, api):
    for _ in range(3):
        make_claim(world, photo_kinds=())
    manager = api(world.users["manager"])
    first = manager.get("claims", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = manager.get("claims", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert manager.get("claims", {"cursor": "garbage"}).status_code == 422


def test_cancel_frees_the_order_for_a_new_claim_of_the_type(world, api):
    claim = make_claim(world, photo_kinds=())
    manager = api(world.users["manager"])
    again = manager.post("claims", {"work_order_id": claim.work_order_id, "type": "repair"})
    assert again.status_code == 409 and claim.number in again.json()["detail"]
    assert manager.post(f"claims/{claim.pk}/cancel", {"reason": ""}).status_code == 422
    r = manager.post(f"claims/{claim.pk}/cancel", {"reason": "重复录入"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    again = manager.post("claims", {"work_order_id": claim.work_order_id, "type": "repair"})
    assert again.status_code == 201
    assert Claim.objects.filter(work_order=claim.work_order).count() == 2


def test_a_roadside_rescue_may_be_claimed_twice_for_one_order(world, api):
    order = claimable_order(world)
    manager = api(world.users["manager"])
    for _ in range(2):
        r = manager.post("claims", {"work_order_id": order.pk, "type": "roadside"})
        assert r.status_code == 201, r.content


def test_an_open_order_cannot_be_claimed(world, api):
    from tests.factories import work_order_in

    order = work_order_in(world, "in_progress")
    r = api(world.users["manager"]).post("claims", {"work_order_id": order.pk, "type": "repair"})
    assert r.status_code == 409
    assert not Claim.objects.exists()


def test_versions_are_listed_with_the_changes(world, api):
    claims_people(world)
    claim = make_claim(world)
    manager, auditor = api(world.users["manager"]), api(world.users["auditor"])
    manager.post(f"claims/{claim.pk}/submit", {})
    auditor.post(f"claims/{claim.pk}/review", {"decision": "return", "comment": "工时偏高"})
    labour = claim.lines.get(kind="labour")
    manager.patch(f"claims/{claim.pk}/lines/{labour.pk}", {"quantity": "0.3"})
    r = manager.post(f"claims/{claim.pk}/resubmit", {"comment": "已按标准工时修改"})
    assert r.status_code == 200 and r.json()["status"] == "resubmitted", r.content
    versions = manager.get(f"claims/{claim.pk}/versions").json()
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[0]["changes"] is None
    change = versions[1]["changes"]["lines_changed"][0]
    assert change["id"] == labour.pk
    assert {c["field"]: (c["before"], c["after"]) for c in change["changes"]} == {
        "quantity": ("0.50", "0.30"),
        "amount": ("60.00", "36.00"),
    }
    assert (versions[1]["changes"]["total_before"], versions[1]["changes"]["total_after"]) == (
        "555.00",
        "531.00",
    )
    assert (
        ClaimVersion.objects.get(claim=claim, number=1).snapshot["lines"][0]["quantity"] == "0.50"
    )
    assert ClaimLine.objects.get(pk=labour.pk).quantity == Decimal("0.30")


BAD_LINES = [
    ({"kind": "travel", "quantity": "-5"}, "quantity"),
    ({"kind": "travel", "quantity": "0"}, "quantity"),
    ({"kind": "travel", "quantity": "1e9"}, "quantity"),
    ({"kind": "travel", "quantity": "1_000"}, "quantity"),
    ({"kind": "travel", "quantity": "１２"}, "quantity"),
    ({"kind": "travel", "quantity": "1.005"}, "quantity"),
    ({"kind": "travel", "quantity": "10", "unit_price": "-2"}, "unit_price"),
    ({"kind": "travel", "quantity": "10", "call_out_fee": "-50"}, "call_out_fee"),
    ({"kind": "travel", "quantity": "10", "unit_price": "99999999"}, "unit_price"),
    ({"kind": "travel", "quantity": "NaN"}, "quantity"),
    ({"kind": "part", "quantity": "1.5", "part": True}, "quantity"),
    ({"kind": "part", "quantity": "1", "part": True, "markup_percent": "150"}, "markup_percent"),
    ({"kind": "part", "quantity": "1", "part": True, "unit_price": "1"}, "unit_price"),
    ({"kind": "labour", "quantity": "1"}, "operation_id"),
    ({"kind": "other", "unit_price": "5"}, "description"),
    ({"kind": "magic", "quantity": "1"}, "kind"),
    ({"kind": "other", "unit_price": "0.001", "description": "x"}, "unit_price"),
    ({"kind": "travel", "quantity": "0.01", "unit_price": "0.01", "call_out_fee": "0"}, "quantity"),
]


@pytest.mark.parametrize(("body", "field"), BAD_LINES)
def test_bad_lines_are_refused_and_nothing_is_written(world, api, body, field):
    claim = make_claim(world, photo_kinds=())
    body = dict(body)
    if body.pop("part", False):
        body["part_id"] = world.extra["part"].pk
    events = AuditEvent.objects.count()
    r = api(world.users["manager"]).post(f"claims/{claim.pk}/lines", body)
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0]["field"] == field, r.json()
    assert AuditEvent.objects.count() == events
    after = Claim.objects.get(pk=claim.pk)
    assert (after.total_amount, after.version) == (claim.total_amount, claim.version)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mileage_km": -1}, "mileage_km"),
        ({"mileage_km": 3_000_000}, "mileage_km"),
        ({"repair_date": "2999-01-01"}, "repair_date"),
        ({"failure_date": "1999-12-31"}, "failure_date"),
        ({"failure_date": "2026-05-02", "repair_date": "2026-05-01"}, "repair_date"),
        ({"fault_code": "E1\nE2"}, "fault_code"),
        ({"type": "bribe"}, "type"),
        ({"causal_part_id": 0}, "causal_part_id"),
        ({"causal_part_id": 2**63}, "causal_part_id"),
    ],
)
def test_a_bad_header_is_refused_and_nothing_is_written(world, api, body, field):
    order = claimable_order(world)
    r = api(world.users["manager"]).post(
        "claims", {"work_order_id": order.pk, "type": "repair", **body}
    )
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0]["field"] == field, r.json()
    assert not Claim.objects.exists()


def test_a_part_of_another_manufacturer_is_refused(world, api):
    from aftersales.catalog import services as catalog

    claims_people(world)
    car_part = catalog.part_create(
        manufacturer=world.carmaker, number="CAR-1", name="刹车片", unit_price=Decimal("80")
    )
    claim = make_claim(world, photo_kinds=())
    r = api(world.users["manager"]).post(
        f"claims/{claim.pk}/lines", {"kind": "part", "part_id": car_part.pk, "quantity": "1"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "part_id"


def test_the_station_removes_a_photo_while_it_may_change_the_claim(
    world, api, django_capture_on_commit_callbacks
):
    claim = make_claim(world)
    fault, nameplate = claim.photos.order_by("id")
    stored = Path(fault.file.path)
    assert stored.exists()
    manager = api(world.users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        r = manager.delete(f"claims/{claim.pk}/photos/{fault.pk}")
    assert r.status_code == 200, r.content
    assert [p["id"] for p in r.json()["photos"]] == [nameplate.pk]
    assert r.json()["version"] == claim.version + 1
    assert {f["code"] for f in r.json()["findings"]} == {"photos_missing"}  # the fault photo
    assert not ClaimPhoto.objects.filter(pk=fault.pk).exists() and not stored.exists()
    event = AuditEvent.objects.get(object_id=claim.pk, verb="claim.photo_removed")
    assert event.data == {
        "photo": fault.pk,
        "name": "fault.png",
        "kind": "fault",
        "sha256": fault.sha256,
    }
    assert manager.delete(f"claims/{claim.pk}/photos/{fault.pk}").status_code == 404


def test_another_station_cannot_remove_a_photo(world, api):
    claim = make_claim(world)
    mine = make_claim(world, order=claimable_order(world), photo_kinds=())
    picture = claim.photos.first()
    assert picture is not None
    events = AuditEvent.objects.count()
    r = api(world.users["manager2"]).delete(f"claims/{claim.pk}/photos/{picture.pk}")
    assert r.status_code == 404
    # Nor under another claim's id, even one the station may change.
    r = api(world.users["manager"]).delete(f"claims/{mine.pk}/photos/{picture.pk}")
    assert r.status_code == 404
    assert ClaimPhoto.objects.filter(pk=picture.pk).exists()
    assert AuditEvent.objects.count() == events


def test_a_submitted_claims_photos_stay(world, api):
    claim = submitted_claim(world)
    picture = claim.photos.first()
    assert picture is not None
    events = AuditEvent.objects.count()
    r = api(world.users["manager"]).delete(f"claims/{claim.pk}/photos/{picture.pk}")
    assert r.status_code == 409 and r.json()["state"] == "submitted"
    assert ClaimPhoto.objects.filter(pk=picture.pk).exists()
    assert AuditEvent.objects.count() == events


def test_a_file_another_row_names_is_kept(world, api, django_capture_on_commit_callbacks):
    claim = make_claim(world)
    picture = claim.photos.order_by("id").first()
    assert picture is not None
    # A row copied by hand (a data fix) naming the same file.
    twin = ClaimPhoto.objects.get(pk=picture.pk)
    twin.pk = None
    twin.save()
    with django_capture_on_commit_callbacks(execute=True):
        r = api(world.users["manager"]).delete(f"claims/{claim.pk}/photos/{picture.pk}")
    assert r.status_code == 200, r.content
    assert Path(twin.file.path).exists()
    assert api(world.users["manager"]).get(f"claim-photos/{twin.pk}/file").status_code == 200
