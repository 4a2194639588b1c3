"""Every check on submission in each of its modes: block refuses (422 naming it, nothing
written), warn lets the claim through with the finding for the reviewer, off does not run it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aftersales.catalog import services as catalog
from aftersales.claims import configuration, lines, photos, pre_authorisations, services
from aftersales.claims.choices import CheckCode
from aftersales.claims.models import Claim, ClaimFinding, ClaimVersion
from aftersales.claims.submission import claim_submit
from aftersales.core.models import AuditEvent
from aftersales.workorders import lines as wo_lines
from aftersales.workorders.models import WorkOrder
from tests.claims.helpers import (
    claimable_order,
    fresh_fridge,
    make_claim,
    photo,
    submitted_claim,
    today,
)
from tests.factories import work_order_in
from tests.images import png_bytes
from tests.workorders.helpers import advance

C = CheckCode


def _add(world, claim, **kw):
    lines.claim_add_line(claim=claim, actor=world.users["manager"], data=lines.LineInput(**kw))


def not_entitled(world):
    # Sold three years ago: the one-year term is over, the repair is paid.
    asset = fresh_fridge(world, purchase_date=today() - timedelta(days=3 * 365))
    return make_claim(world, claimable_order(world, asset=asset))


def hours_above_standard(world):
    return make_claim(world, claimable_order(world, hours="1.00"))  # the standard is 0.50 h


def rate_above_contract(world):
    claim = make_claim(world)
    _add(world, claim, kind="travel", quantity="10", unit_price="3.50")  # contracted ¥2.00/km
    return claim


def duplicate(world):
    asset = fresh_fridge(world)
    submitted_claim(world, order=claimable_order(world, asset=asset))
    return make_claim(world, claimable_order(world, asset=asset))  # same serial and part


def repeated_operation(world):
    claim = make_claim(world)
    _add(world, claim, kind="labour", operation=world.extra["op_diag"], quantity="0.5")
    return claim


def part_not_for_model(world):
    other = catalog.product_model_create(
        category=world.extra["fridge"], code="BCD-200", name="小冰箱"
    )
    configuration.part_applicability_set(part=world.extra["part"], models=[other])
    return make_claim(world)


def mileage_below_earlier(world):
    asset = fresh_fridge(world)
    first = make_claim(world, claimable_order(world, asset=asset), mileage_km=20000)
    claim_submit(claim=first, actor=world.users["manager"])
    second = make_claim(
        world,
        claimable_order(world, asset=asset),
        mileage_km=15000,
        causal_part=None,
        type="roadside",
    )
    return second


def late_submission(world):
    claim = make_claim(world)
    completed = claim.work_order.completed_at
    assert completed is not None
    WorkOrder.objects.filter(pk=claim.work_order_id).update(
        completed_at=completed - timedelta(days=31)
    )
    return Claim.objects.get(pk=claim.pk)


def photos_missing(world):
    return make_claim(world, photo_kinds=("fault",))


def photo_reused(world):
    picture = png_bytes(colour=(1, 2, 3))
    first = make_claim(world, photo_kinds=())
    second = make_claim(world)
    for claim in (first, second):
        photos.claim_attach_photo(
            claim=claim,
            actor=world.users["manager"],
            upload=SimpleUploadedFile("same.png", picture, content_type="image/png"),
            kind="part",
        )
    return Claim.objects.get(pk=second.pk)


def pre_authorisation_missing(world):
    configuration.claim_terms_set(
        manufacturer=world.appliance, actor=None, pre_authorisation_above=Decimal("500.00")
    )
    return make_claim(world)  # ¥555.00


SETUPS = {
    C.NOT_ENTITLED: not_entitled,
    C.HOURS_ABOVE_STANDARD: hours_above_standard,
    C.RATE_ABOVE_CONTRACT: rate_above_contract,
    C.DUPLICATE: duplicate,
    C.REPEATED_OPERATION: repeated_operation,
    C.PART_NOT_FOR_MODEL: part_not_for_model,
    C.MILEAGE_BELOW_EARLIER: mileage_below_earlier,
    C.LATE_SUBMISSION: late_submission,
    C.PHOTOS_MISSING: photos_missing,
    C.PHOTO_REUSED: photo_reused,
    C.PRE_AUTHORISATION_MISSING: pre_authorisation_missing,
}
LINE_CHECKS = {
    C.HOURS_ABOVE_STANDARD,
    C.RATE_ABOVE_CONTRACT,
    C.REPEATED_OPERATION,
    C.PART_NOT_FOR_MODEL,
}


def test_every_check_has_a_case():
    assert set(SETUPS) == set(C.values)


def test_a_clean_claim_finds_nothing(world, api):
    claim = make_claim(world)
    r = api(world.users["manager"]).post(f"claims/{claim.pk}/submit", {})
    assert r.status_code == 200, r.content
    assert r.json()["findings"] == [] and r.json()["warnings"] == 0


@pytest.mark.parametrize("mode", ["block", "warn", "off"])
@pytest.mark.parametrize("code", sorted(C.values))
def test_each_check_blocks_warns_or_is_off(world, api, code, mode):
    claim = SETUPS[code](world)
    configuration.check_setting_set(manufacturer=world.appliance, code=code, mode=mode, actor=None)
    # Only the check under test: the others are set to warn so they cannot refuse.
    for other in set(C.values) - {code}:
        configuration.check_setting_set(
            manufacturer=world.appliance, code=other, mode="warn", actor=None
        )
    preview = {
        f["code"] for f in api(world.users["manager"]).get(f"claims/{claim.pk}").json()["findings"]
    }
    assert (code in preview) == (mode != "off"), preview
    events_before = AuditEvent.objects.filter(object_id=claim.pk, verb="claim.submit").count()
    r = api(world.users["manager"]).post(f"claims/{claim.pk}/submit", {})
    claim.refresh_from_db()
    if mode == "block":
        assert r.status_code == 422, r.content
        body = r.json()
        assert code in {c["code"] for c in body["checks"]}
        fields = {e["field"] for e in body["errors"]}
        wanted = (
            {f for f in fields if f.startswith("lines.") and f.endswith(code)}
            if code in LINE_CHECKS
            else {f"checks.{code}"} & fields
        )
        assert wanted, fields
        assert all(e["message_zh"] and e["message_en"] for e in body["errors"])
        assert claim.status == "draft" and claim.revision == 0
        assert not ClaimVersion.objects.filter(claim=claim).exists()
        assert AuditEvent.objects.filter(object_id=claim.pk, verb="claim.submit").count() == 0
        return
    assert r.status_code == 200, r.content
    found = {f["code"]: f for f in r.json()["findings"]}
    if mode == "warn":
        assert found[code]["mode"] == "warn" and found[code]["message"]
        assert claim.warnings >= 1
        stored = ClaimFinding.objects.filter(claim=claim, code=code, revision=1)
        assert stored.exists()
        if code in LINE_CHECKS:
            assert all(f.line_id for f in stored)
    else:
        assert code not in found
    assert (
        AuditEvent.objects.filter(object_id=claim.pk, verb="claim.submit").count()
        == events_before + 1
    )


def test_late_counts_from_the_first_submission_not_the_resubmission(world, api):
    claim = make_claim(world)
    manager, auditor = api(world.users["manager"]), api(world.users["auditor"])
    manager.post(f"claims/{claim.pk}/submit", {})
    auditor.post(f"claims/{claim.pk}/review", {"decision": "return", "comment": "补照片"})
    # Now 31 days after completion; it was on time when first submitted.
    assert claim.work_order.completed_at is not None
    completed = claim.work_order.completed_at - timedelta(days=31)
    WorkOrder.objects.filter(pk=claim.work_order_id).update(completed_at=completed)
    Claim.objects.filter(pk=claim.pk).update(first_submitted_at=completed + timedelta(days=2))
    r = manager.post(f"claims/{claim.pk}/resubmit", {"comment": "照片已补"})
    assert r.status_code == 200, r.content


def test_a_major_assembly_needs_a_granted_pre_authorisation_covering_the_amount(world, api):
    manager, auditor = world.users["manager"], world.users["auditor"]
    order = work_order_in(world, "in_progress")

    def ask(amount):
        return pre_authorisations.pre_authorisation_request(
            work_order=order,
            actor=manager,
            claim_type="major_assembly",
            description="压缩机总成更换",
            requested_amount=amount,
        )

    pa = ask("600")
    wo_lines.work_order_add_line(
        work_order=order,
        actor=world.users["technician"],
        kind="part",
        part=world.extra["part"],
        quantity=1,
    )
    advance(world, order, "complete")
    claim = make_claim(
        world, order, type="major_assembly", photo_kinds=("fault", "nameplate", "part")
    )
    station = api(manager)

    def refused_as():
        r = station.post(f"claims/{claim.pk}/submit", {})
        assert r.status_code == 422, r.content
        return r.json()["checks"][0]["variant"]

    assert refused_as() == "type"
    services.claim_change(claim=claim, actor=manager, changes={"pre_authorisation": pa})
    assert refused_as() == "not_granted"
    pre_authorisations.pre_authorisation_decide(
        pre_authorisation=pa, actor=auditor, grant=True, amount_limit="400"
    )
    assert refused_as() == "exceeded"  # ¥495.00 claimed, ¥400.00 granted
    second = ask("450")
    pre_authorisations.pre_authorisation_decide(
        pre_authorisation=second, actor=auditor, grant=True, amount_limit="495.00"
    )
    services.claim_change(claim=claim, actor=manager, changes={"pre_authorisation": second})
    r = station.post(f"claims/{claim.pk}/submit", {})
    assert r.status_code == 200, r.content  # the limit is inclusive


def test_a_photo_reused_from_a_withdrawn_claim_is_not_a_finding(world, api):
    picture = png_bytes(colour=(9, 9, 9))
    first = make_claim(world, photo_kinds=())
    photos.claim_attach_photo(
        claim=first,
        actor=world.users["manager"],
        upload=SimpleUploadedFile("a.png", picture, content_type="image/png"),
        kind="part",
    )
    services.claim_cancel(claim=first, actor=world.users["manager"], reason="重录")
    second = make_claim(world)
    photos.claim_attach_photo(
        claim=second,
        actor=world.users["manager"],
        upload=SimpleUploadedFile("b.png", picture, content_type="image/png"),
        kind="part",
    )
    r = api(world.users["manager"]).get(f"claims/{second.pk}")
    assert "photo_reused" not in {f["code"] for f in r.json()["findings"]}


def test_photo_helper_makes_distinct_content():
    assert photo().read() != photo().read()
