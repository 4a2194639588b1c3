from django.test import Client

from aftersales.catalog.models import Part
from aftersales.core.models import AuditEvent
from tests.factories import PASSWORD


def test_admin_edits_of_master_data_are_audited(world):
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    part = world.extra["part"]
    r = client.post(
        f"/admin/catalog/part/{part.pk}/change/",
        {
            "manufacturer": part.manufacturer_id,
            "number": part.number,
            "name": "压缩机 QD75",
            "unit_price": "520.00",
            "supplier": "",
        },
    )
    assert r.status_code == 302, r.content[:500]
    assert Part.objects.get(pk=part.pk).unit_price == 520
    event = AuditEvent.objects.get(verb="admin.changed", object_id=part.pk)
    assert event.actor == world.users["admin"]
    assert event.data["fields"] == ["name", "unit_price"]


def test_business_records_are_read_only_in_the_admin(world):
    client = Client()
    client.login(username="admin", password=PASSWORD)
    assert client.get("/admin/workorders/workorder/add/").status_code == 403
    assert (
        client.get(f"/admin/customers/customer/{world.customer.pk}/change/").status_code == 200
    )  # view only
    r = client.post(f"/admin/customers/customer/{world.customer.pk}/change/", {"name": "改名"})
    assert r.status_code == 403
