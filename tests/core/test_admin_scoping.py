"""The Django admin for an organisation's administrator who is not a superuser: they maintain
their own organisation's master data and people, read what they may see, and never see or
touch another organisation's records (404 on a foreign id, 403 on a read-only one)."""

import pytest
from django.test import Client

from aftersales.catalog.models import Part
from aftersales.core.models import AuditEvent, Organisation, User
from aftersales.core.roles import Role
from aftersales.core.services import organisation_create
from aftersales.workorders.models import SlaPolicy
from tests.factories import PASSWORD, make_user


@pytest.fixture
def other(world):
    """Network B: its own regional centre, station and people."""
    net_b = organisation_create(kind="network", code="NET-B", name="南方服务网络")
    region_b = organisation_create(kind="region", code="R-GZ", name="华南中心", network=net_b)
    station_b = organisation_create(
        kind="station", code="S-GZ1", name="广州服务站", region=region_b
    )
    return {
        "network": net_b,
        "station": station_b,
        "admin": make_user("admin_b", [Role.ADMIN], net_b),
        "technician": make_user("tech_b", [Role.TECHNICIAN], station_b),
    }


@pytest.fixture
def net_admin(world):
    return make_user("net_admin", [Role.ADMIN], world.network)


@pytest.fixture
def maker_admin(world):
    return make_user("maker_admin", [Role.ADMIN], world.appliance)


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def organisation_form(org: Organisation, **changes) -> dict:
    data = {
        "code": org.code,
        "name": org.name,
        "network": org.network_id or "",
        "region": org.region_id or "",
        "province": org.province,
        "city": org.city,
        "address": org.address,
        "latitude": org.latitude or "",
        "longitude": org.longitude or "",
        "phone": org.phone,
        "labour_rate": org.labour_rate,
        "is_active": "on",
    }
    return {**data, **changes}


def test_a_network_administrator_is_staff_and_may_use_the_admin(world, net_admin):
    assert net_admin.is_staff and not net_admin.is_superuser
    page = signed_in(net_admin).get("/admin/")
    assert page.status_code == 200
    apps = {app["app_label"] for app in page.context["app_list"]}
    assert {"core", "catalog"} <= apps


def test_they_maintain_their_own_stations_audited(world, net_admin):
    station = world.station_sh
    client = signed_in(net_admin)
    r = client.post(
        f"/admin/core/organisation/{station.pk}/change/",
        organisation_form(station, labour_rate="120.00"),
    )
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    station.refresh_from_db()
    assert str(station.labour_rate) == "120.00"
    event = AuditEvent.objects.get(verb="admin.changed", object_id=station.pk)
    assert event.actor == net_admin and event.data["fields"] == ["labour_rate"]


def test_they_add_a_station_under_their_network_only(world, net_admin, other):
    client = signed_in(net_admin)
    form = client.get("/admin/core/organisation/add/").context["adminform"].form
    assert {value for value, _ in form.fields["kind"].choices} - {""} == {"region", "station"}
    assert other["network"] not in form.fields["network"].queryset
    assert world.network in form.fields["network"].queryset
    blank = Organisation(kind="station", code="S-SH9", name="上海嘉定服务站")
    r = client.post(
        "/admin/core/organisation/add/",
        {**organisation_form(blank, region=world.region_sh.pk), "kind": "station"},
    )
    assert r.status_code == 302
    assert Organisation.objects.get(code="S-SH9").network == world.network
    # Another network's regional centre is not a choice.
    r = client.post(
        "/admin/core/organisation/add/",
        {
            **organisation_form(blank, code="S-GZ9", region=other["station"].region_id),
            "kind": "station",
        },
    )
    assert r.status_code == 200 and not Organisation.objects.filter(code="S-GZ9").exists()


def test_another_networks_records_are_unseen(world, net_admin, other):
    client = signed_in(net_admin)
    listing = client.get("/admin/core/organisation/").content.decode()
    assert world.station_sh.name in listing and other["station"].name not in listing
    users = client.get("/admin/core/user/").content.decode()
    assert "technician_bj" in users and "tech_b" not in users
    for path in (
        f"/admin/core/organisation/{other['station'].pk}/change/",
        f"/admin/core/organisation/{other['station'].pk}/delete/",
        f"/admin/core/user/{other['technician'].pk}/change/",
        f"/admin/core/user/{other['technician'].pk}/password/",
        f"/admin/core/user/{other['admin'].pk}/delete/",
    ):
        assert client.get(path).status_code == 404, path
    r = client.post(
        f"/admin/core/organisation/{other['station'].pk}/change/",
        organisation_form(other["station"], name="改名"),
    )
    assert r.status_code == 404
    r = client.post(f"/admin/core/organisation/{other['station'].pk}/delete/", {"post": "yes"})
    assert r.status_code == 404
    assert Organisation.objects.get(pk=other["station"].pk).name == "广州服务站"


def test_bulk_delete_cannot_reach_another_networks_records(world, net_admin, other):
    r = signed_in(net_admin).post(
        "/admin/core/user/",
        {
            "action": "delete_selected",
            "_selected_action": [other["technician"].pk, world.users["technician_bj"].pk],
            "post": "yes",
        },
    )
    assert r.status_code in (200, 302, 403)
    assert User.objects.filter(pk=other["technician"].pk).exists()


def test_they_maintain_their_peoples_roles_but_not_a_superuser(world, net_admin):
    client = signed_in(net_admin)
    technician = world.users["technician"]
    page = client.get(f"/admin/core/user/{technician.pk}/change/")
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert "is_superuser" not in fields and "user_permissions" not in fields
    assert client.get(f"/admin/core/user/{technician.pk}/password/").status_code == 200
    superuser = world.users["admin"]
    assert client.get(f"/admin/core/user/{superuser.pk}/password/").status_code == 403
    r = client.post(
        f"/admin/core/user/{superuser.pk}/password/",
        {"password1": "Takeover-2026!", "password2": "Takeover-2026!", "usable_password": "true"},
    )
    assert r.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_the_catalogue_is_the_manufacturers_to_maintain(world, net_admin, maker_admin):
    part = world.extra["part"]  # the appliance maker's
    form = {
        "manufacturer": part.manufacturer_id,
        "number": part.number,
        "name": "压缩机 QD75",
        "unit_price": "520.00",
        "unit": "piece",
        "supplier": "",
    }
    # The network reads the catalogue; it does not change it.
    assert signed_in(net_admin).get(f"/admin/catalog/part/{part.pk}/change/").status_code == 200
    r = signed_in(net_admin).post(f"/admin/catalog/part/{part.pk}/change/", form)
    assert r.status_code == 403
    r = signed_in(maker_admin).post(f"/admin/catalog/part/{part.pk}/change/", form)
    assert r.status_code == 302
    assert Part.objects.get(pk=part.pk).unit_price == 520


def test_a_manufacturer_cannot_touch_another_manufacturers_catalogue(world, maker_admin):
    car_part = Part.objects.create(
        manufacturer=world.carmaker, number="CAR-1", name="刹车片", unit_price="300.00"
    )
    client = signed_in(maker_admin)
    add = client.get("/admin/catalog/part/add/").context["adminform"].form
    assert list(add.fields["manufacturer"].queryset) == [world.appliance]
    r = client.post(
        f"/admin/catalog/part/{car_part.pk}/change/",
        {
            "manufacturer": world.carmaker.pk,
            "number": "CAR-1",
            "name": "改",
            "unit_price": "1.00",
            "unit": "piece",
        },
    )
    assert r.status_code == 403
    r = client.post(f"/admin/catalog/part/{car_part.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
    assert Part.objects.get(pk=car_part.pk).name == "刹车片"


def test_sla_policies_of_a_manufacturer_are_its_own(world, maker_admin, net_admin):
    mine = SlaPolicy.objects.create(
        manufacturer=world.appliance,
        zone="city",
        response_minutes=60,
        onsite_minutes=600,
        resolution_minutes=1440,
    )
    theirs = SlaPolicy.objects.create(
        manufacturer=world.carmaker,
        zone="city",
        response_minutes=60,
        onsite_minutes=600,
        resolution_minutes=1440,
    )
    client = signed_in(maker_admin)
    assert client.get(f"/admin/workorders/slapolicy/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/workorders/slapolicy/{theirs.pk}/change/").status_code == 404
    assert signed_in(net_admin).post(
        f"/admin/workorders/slapolicy/{mine.pk}/delete/", {"post": "yes"}
    ).status_code in (403, 404)
    assert SlaPolicy.objects.filter(pk=mine.pk).exists()


def test_roles_without_administration_get_nothing(world):
    client = Client()
    client.force_login(world.users["manager"])
    assert client.get("/admin/").status_code == 302  # not staff: to the login page
    world.users["manager"].is_staff = True
    world.users["manager"].save()
    client.force_login(world.users["manager"])
    assert client.get("/admin/").context["app_list"] == []
    assert client.get(f"/admin/core/organisation/{world.station_sh.pk}/change/").status_code == 403


def test_audit_trail_and_tokens_stay_the_superusers(world, net_admin):
    client = signed_in(net_admin)
    assert client.get("/admin/core/auditevent/").status_code == 403
    assert client.get("/admin/core/apitoken/").status_code == 403


def test_bulk_delete_of_another_manufacturers_parts_is_refused(world, maker_admin):
    car_part = Part.objects.create(
        manufacturer=world.carmaker, number="CAR-2", name="雨刮片", unit_price="30.00"
    )
    own = world.extra["part"]
    r = signed_in(maker_admin).post(
        "/admin/catalog/part/",
        {"action": "delete_selected", "_selected_action": [car_part.pk, own.pk], "post": "yes"},
    )
    assert r.status_code == 403
    assert Part.objects.filter(pk__in=[car_part.pk, own.pk]).count() == 2
