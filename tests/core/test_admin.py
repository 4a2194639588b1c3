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
            "unit": "piece",
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


def test_role_changes_in_the_admin_are_audited(world):
    client = Client()
    client.login(username="admin", password=PASSWORD)
    user = world.users["agent"]
    page = client.get(f"/admin/core/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)
    }
    data.update(
        {
            "username": user.username,
            "organisation": user.organisation_id,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "roles-TOTAL_FORMS": "2",
            "roles-INITIAL_FORMS": "1",
            "roles-0-id": user.roles.get().pk,
            "roles-0-user": user.pk,
            "roles-0-role": "agent",
            "roles-1-user": user.pk,
            "roles-1-role": "dispatcher",
        }
    )
    data.pop("password", None)
    data.pop("last_login", None)
    r = client.post(f"/admin/core/user/{user.pk}/change/", data)
    assert r.status_code == 302, (
        r.context["adminform"].form.errors if r.context else r.content[:300]
    )
    assert set(user.roles.values_list("role", flat=True)) == {"agent", "dispatcher"}
    assert AuditEvent.objects.filter(
        verb="admin.related_changed", object_id=user.pk, data__inlines=["userrole"]
    ).exists()
