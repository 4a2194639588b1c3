from django.core.files.uploadedfile import SimpleUploadedFile

from aftersales.workorders.models import Attachment
from tests.images import pdf, png, png_bytes
from tests.workorders.helpers import advance, file_request


def upload(api, user, order, file, **form):
    return api(user).post(f"work-orders/{order.pk}/attachments", form, files={"file": file})


def test_customer_uploads_a_photo_and_downloads_it(world, api):
    order = file_request(world)
    r = upload(api, world.users["customer"], order, png())
    assert r.status_code == 201, r.content
    assert r.json()["content_type"] == "image/png"
    file = api(world.users["customer"]).get(f"attachments/{r.json()['id']}/file")
    assert file.status_code == 200
    assert b"".join(file.streaming_content) == png_bytes()


def test_pdf_is_accepted(world, api):
    assert (
        upload(api, world.users["agent"], file_request(world), pdf()).json()["content_type"]
        == "application/pdf"
    )


def test_wrong_type_is_refused_by_content_not_name(world, api):
    order = file_request(world)
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 this is an exe", content_type="image/png")
    r = upload(api, world.users["customer"], order, fake)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    text = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    assert upload(api, world.users["customer"], order, text).status_code == 422
    assert not Attachment.objects.exists()


def test_damaged_image_is_refused(world, api):
    broken = SimpleUploadedFile("x.png", png_bytes()[:40], content_type="image/png")
    r = upload(api, world.users["customer"], file_request(world), broken)
    assert r.status_code == 422


def test_too_big_is_refused(world, api, settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    r = upload(api, world.users["customer"], file_request(world), png())
    assert r.status_code == 422
    assert "MB" in r.json()["errors"][0]["message_en"]


def test_internal_attachment_is_hidden_from_the_customer(world, api):
    order = advance(world, file_request(world), "accept")
    r = upload(api, world.users["agent"], order, png(), visible_to_customer="false")
    hidden = r.json()["id"]
    assert api(world.users["customer"]).get(f"attachments/{hidden}/file").status_code == 404
    assert api(world.users["customer"]).get(f"work-orders/{order.pk}/attachments").json() == []
    assert (
        api(world.users["customer2"]).get(f"work-orders/{order.pk}/attachments").status_code == 404
    )


def test_no_uploads_to_a_closed_order(world, api):
    order = advance(world, file_request(world), "accept", "cancel")
    assert upload(api, world.users["agent"], order, png()).status_code == 409


def test_a_failed_attachment_leaves_no_file_behind(world, settings, monkeypatch):
    from pathlib import Path

    import pytest

    from aftersales.workorders import services

    order = file_request(world)

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.work_order_attach(work_order=order, actor=world.users["agent"], upload=png())
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert not Attachment.objects.exists()
